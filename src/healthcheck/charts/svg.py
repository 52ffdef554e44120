"""Saving a chart: a deterministic SVG, text kept as text, a missing glyph an error.

Text stays text (``svg.fonttype="none"``), in Noto Sans CJK SC by name: WeasyPrint draws it
with the same embedded, subset font as the document, which renders 2.5x faster and 4x smaller
than glyphs as paths, and keeps the figures' words searchable in the PDF.  The same figure gives
the same bytes (no date, a fixed hash salt for the ids).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from healthcheck.charts.style import HASH_SALT
from healthcheck.files import atomic_write_bytes

__all__ = ["compact_svg", "save_svg", "strict_glyphs", "svg_bytes"]

_GLYPH_WARNING = r"Glyph .*missing from font"
_PATH_DATA = re.compile(rb'(?<= d=")[^"]*')
_LONG_DECIMAL = re.compile(rb"(-?\d+)\.(\d{3,})")
_STYLE_RULE = b'<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'
_ROOT_STYLE = b'<svg stroke-linejoin="round" stroke-linecap="butt" '


@contextmanager
def strict_glyphs() -> Iterator[None]:
    """Inside: matplotlib's "Glyph … missing from font" warning raises (tofu is an error)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=_GLYPH_WARNING)
        yield


def svg_bytes(fig: Figure) -> bytes:
    """``fig`` as a deterministic, compact SVG; the figure is closed.

    Raises if a glyph is missing from the font.  The same figure gives the same bytes.
    """
    buf = BytesIO()
    try:
        with (
            plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": HASH_SALT}),
            strict_glyphs(),
        ):
            fig.savefig(buf, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    return compact_svg(buf.getvalue())


def save_svg(fig: Figure, path: str | Path) -> Path:
    """Save ``fig`` as :func:`svg_bytes` at ``path``, atomically (nothing is written if the
    figure cannot be drawn), and close it."""
    path = Path(path)
    atomic_write_bytes(path, svg_bytes(fig))
    return path


def compact_svg(svg: bytes) -> bytes:
    """Round the coordinates of path data to 1/100 pt (0.004 mm): a third smaller, same
    picture.  Glyph outlines (integers) are left as they are.

    Matplotlib's one style rule, ``*{stroke-linejoin: round; stroke-linecap: butt}``, becomes
    the same two properties on the root ``<svg>``, which every element inherits: the same
    picture (matplotlib sets these properties on an element only in its ``style``, which
    wins over both), and nothing for WeasyPrint to match against each of the figure's
    elements when it draws it."""

    def round_number(m: re.Match[bytes]) -> bytes:
        text = f"{float(m.group(0)):.2f}".rstrip("0").rstrip(".")
        return (text if text not in ("-0", "") else "0").encode()

    svg = _PATH_DATA.sub(lambda m: _LONG_DECIMAL.sub(round_number, m.group(0)), svg)
    if _STYLE_RULE in svg:
        svg = svg.replace(_STYLE_RULE, b"", 1).replace(b"<svg ", _ROOT_STYLE, 1)
    return svg
