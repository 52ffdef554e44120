"""The grey-scale check of a figure's legend: the figure is rendered by Agg to a raster,
turned to grey (ITU-R 601 luma, PIL's ``convert("L")``), and the pixels of every legend handle
are compared with every other handle's.

Two handles are told apart in grey when one of these differs by more than a reader notices
on a grey-scale print:

* the lightness of what is drawn (the mean grey of the inked pixels, 0..255);
* how much is inked (a hollow marker, a dotted line, a hatch against a solid fill);
* the gaps along the handle (a dashed against a solid line);
* where the ink lies across the handle (a marker in the middle, a thick against a thin line);
* the direction of the strokes (a "////" against a "\\\\\\\\" hatch);
* the outline of what is inked, centred (a square against a circle or a triangle marker of
  the same size and grey: the map symbols' shapes).

Hue is invisible to this check by construction: two entries that differ only in hue fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

#: the margins (a grey difference of 30 of 255 is about the smallest step of a laser print
#: that readers tell apart without comparing side by side)
LIGHTNESS = 30.0
INK = 0.12
GAPS = 0.12
PROFILE = 0.25
DIRECTION = 0.35
TEXTURE = 8.0
ORIENTATION = 0.5
#: 1 - the overlap (intersection over union) of the two inked outlines, centred: a square and
#: a circle of the same area differ by about 0.17, the same marker in two hues by 0
SHAPE = 0.12
#: pixels left out at the edge of a handle
EDGE = 3
#: a pixel darker than this (of 255) is ink
WHITE = 245


@dataclass(frozen=True)
class Handle:
    """The grey pixels of one legend handle and its label."""

    label: str
    grey: np.ndarray

    @property
    def ink(self) -> np.ndarray:
        return self.grey < WHITE

    def features(self) -> dict[str, float]:
        ink = self.ink
        cols = ink.any(axis=0)
        rows = ink.sum(axis=1) / max(ink.shape[1], 1)
        gy, gx = np.gradient(self.grey.astype(float))
        energy = float((gx**2 + gy**2).sum()) or 1.0
        return {
            "lightness": float(self.grey[ink].mean()) if ink.any() else 255.0,
            "ink": float(ink.mean()),
            "gaps": float(1 - cols[cols.argmax() : len(cols) - cols[::-1].argmax()].mean())
            if cols.any()
            else 0.0,
            "profile": rows / (rows.sum() or 1.0),
            # how much the grey changes from pixel to pixel: 0 for a plain fill, high for a hatch
            "texture": float(np.sqrt(gx**2 + gy**2)[1:-1, 1:-1].mean()),
            # horizontal strokes (+1) or vertical ones (-1)
            "orientation": float(((gy**2).sum() - (gx**2).sum()) / energy),
            # the sign of gx*gy says whether the strokes rise or fall (0 for a plain fill)
            "direction": float((gx * gy).sum() / energy),
        }


def legend_handles(fig: Figure, dpi: int = 200) -> list[Handle]:
    """The figure's legend handles, rendered at ``dpi`` and turned to grey."""
    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB").convert("L")
    grey = np.asarray(image)
    height = grey.shape[0]
    renderer = canvas.get_renderer()
    out = []
    for legend in [*fig.legends, *(a.get_legend() for a in fig.axes if a.get_legend())]:
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            if handle is None:
                continue
            box = handle.get_window_extent(renderer)
            if box.width < 1:  # an entry without a handle (a note in the legend)
                continue
            # a line's box is the line itself: the crop is one handle height, centred
            tall = legend.handleheight * legend.prop.get_size_in_points() * dpi / 72
            mid = (box.y0 + box.y1) / 2
            half = (box.height if box.height > tall / 2 else tall) / 2
            x0, x1 = int(box.x0) + 1, int(np.ceil(box.x1)) - 1
            # a border of EDGE pixels is left out: the outline of a patch is not its fill
            top, bottom = int(height - mid - half) + EDGE, int(np.ceil(height - mid + half)) - EDGE
            crop = grey[top:bottom, x0 + EDGE : x1 - EDGE]
            out.append(Handle(text.get_text(), crop))
    return out


def differences(a: Handle, b: Handle) -> dict[str, float]:
    """How far apart two handles are on each feature."""
    fa, fb = a.features(), b.features()
    pa, pb = fa["profile"], fb["profile"]
    size = min(len(pa), len(pb))
    profile = float(np.abs(_resample(pa, size) - _resample(pb, size)).sum()) / 2
    return {
        "shape": _shape_difference(a.ink, b.ink),
        "lightness": abs(fa["lightness"] - fb["lightness"]),
        "ink": abs(fa["ink"] - fb["ink"]) / max(fa["ink"], fb["ink"], 1e-9),
        "gaps": abs(fa["gaps"] - fb["gaps"]),
        "profile": profile,
        "texture": abs(fa["texture"] - fb["texture"]),
        "orientation": abs(fa["orientation"] - fb["orientation"]),
        "direction": abs(fa["direction"] - fb["direction"]),
    }


def _shape_difference(a: np.ndarray, b: np.ndarray) -> float:
    """1 - the intersection over union of two ink masks, each cut to its ink and centred on a
    common canvas (0: the same outline wherever it sits in the handle)."""
    if not a.any() or not b.any():
        return 0.0 if a.any() == b.any() else 1.0
    cut = [_ink_box(m) for m in (a, b)]
    h, w = max(c.shape[0] for c in cut), max(c.shape[1] for c in cut)
    canvases = []
    for c in cut:
        canvas = np.zeros((h, w), dtype=bool)
        top, left = (h - c.shape[0]) // 2, (w - c.shape[1]) // 2
        canvas[top : top + c.shape[0], left : left + c.shape[1]] = c
        canvases.append(canvas)
    union = (canvases[0] | canvases[1]).sum()
    return float(1 - (canvases[0] & canvases[1]).sum() / union) if union else 0.0


def _ink_box(mask: np.ndarray) -> np.ndarray:
    """``mask`` cut to the bounding box of its ink."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _resample(p: np.ndarray, size: int) -> np.ndarray:
    if len(p) == size:
        return p
    x = np.linspace(0, 1, size)
    q = np.interp(x, np.linspace(0, 1, len(p)), p)
    return q / (q.sum() or 1.0)


MARGINS = {
    "shape": SHAPE,
    "lightness": LIGHTNESS,
    "ink": INK,
    "gaps": GAPS,
    "profile": PROFILE,
    "texture": TEXTURE,
    "orientation": ORIENTATION,
    "direction": DIRECTION,
}


def distinguishable(a: Handle, b: Handle) -> bool:
    """Whether two handles differ in grey by more than a margin on some feature."""
    d = differences(a, b)
    return any(d[k] > m for k, m in MARGINS.items())


def confusable_pairs(fig: Figure) -> list[tuple[str, str, dict[str, float]]]:
    """The pairs of legend entries that look alike in grey (empty when all are distinct)."""
    handles = legend_handles(fig)
    return [
        (a.label, b.label, {k: round(v, 3) for k, v in differences(a, b).items()})
        for a, b in combinations(handles, 2)
        if not distinguishable(a, b)
    ]
