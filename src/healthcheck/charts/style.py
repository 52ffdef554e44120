"""The house style of every chart: theme, font, colours, figure size, titles, legends, axes.

Every chart is bilingual (title and axis labels in Chinese and English, in one figure) and
sized for an A4 column (16 cm wide, text >= 8 pt at that size).

Published values (official, reported) are filled markers joined by a solid line; estimates are
filled triangles; illustrative values are hollow markers joined by a lighter dashed line, or
hatched bars and areas, with a legend entry that says so ("示意数据 illustrative"), so that
they cannot be taken for published ones.  :func:`status_handles` is the one place that writes
those legend entries.
"""

from __future__ import annotations

import math
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from weakref import WeakKeyDictionary

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from healthcheck.inputs.status import ILLUSTRATIVE, PUBLISHED, is_illustrative
from healthcheck.text.numbers import decimals, grouped

__all__ = [
    "BASE_PT",
    "CM",
    "CATEGORY_STYLES",
    "COLORS",
    "ESTIMATE",
    "FONT",
    "HASH_SALT",
    "ILLUSTRATIVE_DASH",
    "ILLUSTRATIVE_LABEL",
    "MOVE_STYLES",
    "SCHEDULE_DASH",
    "SERIES_HATCHES",
    "VERDICT_COLORS",
    "WIDTH_CM",
    "ZONE_STYLES",
    "MIN_SPAN",
    "bilingual",
    "caption_notes",
    "category_patch",
    "category_style",
    "figure_title",
    "illustrative_patch",
    "legend_below",
    "lightness",
    "marker_style",
    "new_figure",
    "no_data",
    "note_caption",
    "pad_y",
    "plain_axis",
    "setup_style",
    "short_number",
    "status_handles",
    "text_width",
    "tick_label",
    "unit_label",
    "value_axis",
    "value_range",
    "year_axis",
]

FONT = "Noto Sans CJK SC"
CM = 1 / 2.54
WIDTH_CM = 16.0
HASH_SALT = "healthcheck"
BASE_PT = 8.5

#: Okabe-Ito colours (safe for colour-blind readers, distinct in grey-scale print by lightness)
COLORS: dict[str, str] = {
    "observed": "#0072B2",
    "illustrative": "#56B4E9",
    "estimate": "#0072B2",
    "target": "#D55E00",
    "schedule": "#7A7A7A",
    "baseline": "#9A9A9A",
    "projection": "#E69F00",
    "rose": "#009E73",
    "fell": "#D55E00",
    "unchanged": "#9A9A9A",
    "annual": "#A6CEE3",
    "central": "#0072B2",
    "new": "#009E73",
    "grey": "#BDBDBD",
    "text": "#333333",
}

#: the fill and the hatch of each verdict and category in the summary charts (good -> bad).
#: Fill lightness and hatch together keep every pair apart in grey-scale print (the test
#: tests/charts/test_greyscale.py renders them to grey): good verdicts are plain fills, the ones
#: that need attention are hatched ("+" behind, "x" moving away or worse).  Hatches are lines,
#: never dots (a dotted pattern is a hundred curves in every SVG).  No hatch here uses
#: "/": that direction means illustrative (:func:`illustrative_patch`); no schedule verdict uses
#: "\\" either, which under the "/" of an illustrative row would read as "x".
CATEGORY_STYLES: dict[str, tuple[str, str]] = {
    "achieved": ("#009E73", ""),
    "done": ("#A6DCC4", ""),
    "ahead": ("#56B4E9", ""),
    "rose": ("#005A8C", ""),
    "rose_overall": ("#B9D7EE", "|||"),
    "unchanged": ("#BDBDBD", "----"),
    "fell_overall": ("#C27BA0", "----"),
    "behind": ("#E69F00", "++"),
    "not_done": ("#F7D58F", "++"),
    "moving_away": ("#D55E00", "xxx"),
    "fell": ("#882255", "xxx"),
    "not_achieved": ("#CC79A7", "|||"),
    "insufficient_data": ("#EFEFEF", ""),
    "not_assessed": ("#FFFFFF", "++"),
    "target_achieved": ("#009E73", ""),
    "on_track": ("#56B4E9", ""),
    "progress_needs_acceleration": ("#F0E442", "++"),
    "limited_progress": ("#E69F00", "\\\\\\"),
    "deterioration": ("#D55E00", "xxx"),
}

#: the fill colour of each verdict and category (:data:`CATEGORY_STYLES` without the hatch)
VERDICT_COLORS: dict[str, str] = {k: c for k, (c, _h) in CATEGORY_STYLES.items()}

#: the fill and hatch of each zone in the district rankings: central districts plain and dark,
#: new districts lighter and lined, so that the two stay apart in grey
ZONE_STYLES: dict[str, tuple[str, str]] = {
    "central": ("#0072B2", ""),
    "new": ("#9AD9BD", "||"),
}

#: the status drawn as a triangle (a value derived by the analysts; one of ``STATUSES``)
ESTIMATE = "estimate"
#: the legend entry of illustrative values
ILLUSTRATIVE_LABEL = "示意数据 illustrative"
#: the dash pattern of lines through illustrative values
ILLUSTRATIVE_DASH = (0, (2.5, 2))
#: the dash-dot pattern of the schedule path (the target line is solid: apart in grey)
SCHEDULE_DASH = (0, (7, 2, 1.5, 2))
#: the hatches of the series of grouped bars, in order (the first plain)
SERIES_HATCHES: tuple[str, ...] = ("", "----", "xxx", "++", "|||")
#: the change on the previous year: rose plain and dark, fell light and crossed, unchanged grey
#: and lined (:func:`category_style` keys)
MOVE_STYLES: dict[str, tuple[str, str]] = {
    "rose": ("#009E73", ""),
    "unchanged": ("#BDBDBD", "----"),
    "fell": ("#F4A582", "xxx"),
}


# --------------------------------------------------------------------------------------------
# Theme and figure


def setup_style() -> None:
    """The house style: seaborn's white grid, Noto Sans CJK SC by name, sizes for 16 cm."""
    sns.set_theme(
        context="paper",
        style="whitegrid",
        font=FONT,
        rc={
            "font.family": [FONT],  # no fallback: with one, a missing glyph is silent tofu
            "font.size": BASE_PT,
            "axes.titlesize": BASE_PT + 1,
            "axes.labelsize": BASE_PT,
            "xtick.labelsize": 8,
            "ytick.labelsize": 8,
            "legend.fontsize": 8,
            "legend.title_fontsize": 8,
            "figure.titlesize": BASE_PT + 1.5,
            "axes.unicode_minus": True,  # U+2212 in ticks
            "axes.titlelocation": "left",
            "axes.titleweight": "normal",
            "axes.edgecolor": "#999999",
            "axes.linewidth": 0.6,
            "grid.linewidth": 0.4,
            "grid.color": "#E3E3E3",
            "lines.linewidth": 1.4,
            "lines.markersize": 4.5,
            "patch.linewidth": 0.5,
            "svg.fonttype": "none",
            "svg.hashsalt": HASH_SALT,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "hatch.linewidth": 0.6,
        },
    )
    plt.rcParams["axes.unicode_minus"] = True


def new_figure(height_cm: float, **kw: Any) -> tuple[Figure, Any]:
    """A figure 16 cm wide with constrained layout; ``kw`` go to ``Figure.subplots``.

    The figure is not registered with pyplot: nothing is shown twice in a notebook, and
    nothing stays open after :func:`~healthcheck.charts.svg.save_svg`.
    """
    setup_style()
    fig = Figure(figsize=(WIDTH_CM * CM, height_cm * CM), layout="constrained")
    return fig, fig.subplots(**kw)


# --------------------------------------------------------------------------------------------
# Text


def bilingual(zh: str, en: str, width: int = 92) -> str:
    """Chinese then English; on two lines when together they would not fit ``width``."""
    zh, en = zh.strip(), en.strip()
    if not zh or not en or zh == en:
        return zh or en
    if len(zh) * 2 + len(en) + 1 <= width:
        return f"{zh} {en}"
    return zh + "\n" + textwrap.fill(en, width)


def unit_label(unit_zh: str, unit_en: str) -> str:
    """The y-axis label of a unit in both languages: "万人次/年 10k trips per year"."""
    unit_zh, unit_en = unit_zh.strip(), unit_en.strip()
    if unit_zh == unit_en:
        return unit_zh
    return f"{unit_zh} {unit_en}".strip()


def short_number(x: float | None, sig: int = 4) -> str:
    """A number for a legend or a label: thousands grouped, about ``sig`` significant figures
    (``sig=6`` for a plan's figure, which must be shown as the plan writes it: 99.999)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    ax = abs(x)
    if ax == 0:
        return "0"
    digits = max(0, sig - 1 - int(math.floor(math.log10(ax))))
    text = grouped(x, digits)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def text_width(text: str) -> int:
    """Width of a one-line text in half-width characters (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def figure_title(fig: Figure, text: str) -> None:
    """The chart's title, flush with the figure's left edge (never cut by long tick labels)."""
    fig.suptitle(text, x=0.008, ha="left", fontsize=BASE_PT + 1)


def legend_below(fig: Figure, handles: Sequence[Any], ncol: int = 3) -> None:
    """The legend under the axes (never over the data), in as many columns as fit 16 cm."""
    if handles:
        widest = max(text_width(str(h.get_label())) for h in handles)
        fit = max(1, int(118 // (widest + 9)))
        fig.legend(
            handles=list(handles),
            loc="outside lower center",
            ncol=max(1, min(ncol, fit, len(handles))),
            frameon=False,
            handlelength=2.6,
            handleheight=1.1,  # room for a hatch to be seen
            columnspacing=1.4,
        )


# --------------------------------------------------------------------------------------------
# Axes


def tick_label(v: float) -> str:
    """The one number format of axis ticks (and of the axis base in a caption), by the text's
    number policy (:func:`healthcheck.text.numbers.grouped`: thousands grouped by a comma,
    U+2212), with the decimals the tick needs (at most 4).  Every chart's ticks go through
    here."""
    if v == 0:
        return "0"
    return grouped(v, 0 if abs(v) >= 1000 else min(4, decimals(round(v, 4))))


def plain_axis(ax: Axes, axis: str = "y") -> None:
    """Plain tick labels (no offset, no scientific notation, thousands grouped)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: tick_label(v)))


#: the smallest span of a value axis, as a share of the largest absolute value shown: a change
#: of 0.01 % is drawn as the small change it is, not as a cliff
MIN_SPAN = 0.05
#: a value axis whose base would be below this share of its top starts at zero instead
ZERO_BASE = 0.5


def value_range(values: Iterable[float | None], *, percent: bool = False) -> tuple[float, float]:
    """The range of a value axis showing ``values`` (observations, baseline, target,
    projection): at least :data:`MIN_SPAN` of the largest value wide, padded; from zero where
    the base would be close to it; a percentage kept within 0..100 (plus the padding)."""
    vals = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not vals:
        return 0.0, 1.0
    lo, hi = min(vals), max(vals)
    span = max(hi - lo, MIN_SPAN * max(abs(lo), abs(hi))) or 1.0
    mid = (lo + hi) / 2
    lo, hi = min(lo, mid - span / 2), max(hi, mid + span / 2)
    if percent and hi > 100 >= max(vals):
        lo, hi = lo - (hi - 100), 100.0
    if percent and lo < 0 <= min(vals):
        lo, hi = 0.0, max(hi, span)
    if 0 < lo <= ZERO_BASE * hi:
        lo = 0.0
    pad = (hi - lo) * 0.08
    return (lo - pad if lo != 0 else 0.0), hi + pad


def value_axis(ax: Axes, values: Iterable[float | None], *, percent: bool = False) -> None:
    """Set the y range of :func:`value_range`; where it does not start at zero, mark the break
    at the foot of the axis and record the base for the caption (:func:`caption_notes`)."""
    lo, hi = value_range(values, percent=percent)
    ticks = MaxNLocator(nbins=6).tick_values(lo, hi)
    if lo > 0:  # the axis starts at a labelled tick, the one the caption names
        lo = max(t for t in ticks if t <= lo)
    ax.set_ylim(lo, hi)
    ax.set_yticks([t for t in ticks if lo <= t <= hi])
    if lo > 0:
        for dy in (0.0, 0.025):
            ax.plot(
                [0],
                [dy],
                transform=ax.transAxes,
                marker=[(-1, -0.5), (1, 0.5)],
                markersize=7,
                linestyle="none",
                color="#555555",
                mew=1.0,
                clip_on=False,
                zorder=6,
            )
        note_caption(
            ax.figure,
            f"纵轴自{tick_label(lo)}起，非零起点",
            f"value axis from {tick_label(lo)}, not zero",
        )


#: what a figure's caption should say about what was drawn (see :func:`caption_notes`)
_NOTES: WeakKeyDictionary[Any, list[tuple[str, str]]] = WeakKeyDictionary()


def note_caption(fig: Any, zh: str, en: str) -> None:
    """Record that the caption of ``fig`` must say something (a projection drawn, an axis not
    from zero)."""
    notes = _NOTES.setdefault(fig, [])
    if (zh, en) not in notes:
        notes.append((zh, en))


def caption_notes(fig: Figure) -> list[tuple[str, str]]:
    """What the caption of ``fig`` must say about what was drawn, (zh, en) in drawing order."""
    return list(_NOTES.get(fig, []))


def year_axis(ax: Axes, first: int, last: int) -> None:
    """Years ``first`` to ``last`` on the x axis (every other one beyond 12 years)."""
    ax.set_xlim(first - 0.5, last + 0.5)
    span = last - first
    step = 1 if span <= 12 else 2
    ax.set_xticks(range(first, last + 1, step))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))
    ax.set_xlabel("年份 Year")
    ax.grid(axis="x", visible=False)


def pad_y(ax: Axes, frac: float = 0.08) -> None:
    """Widen the y range by ``frac`` of its span on both sides."""
    lo, hi = ax.get_ylim()
    span = (hi - lo) or max(abs(hi), 1.0)
    ax.set_ylim(lo - span * frac, hi + span * frac)


def no_data(ax: Axes) -> None:
    """ "无数据 no data" in the middle of an empty axes."""
    ax.text(
        0.5,
        0.5,
        "无数据 no data",
        transform=ax.transAxes,
        ha="center",
        va="center",
        color="#777777",
    )


# --------------------------------------------------------------------------------------------
# Status: markers and legend entries


def marker_style(status: str, color: str) -> dict[str, Any]:
    """The marker of a value of ``status``: hollow where illustrative, a triangle where
    estimated, filled where published."""
    if is_illustrative(status):
        return {"marker": "o", "mfc": "white", "mec": color, "mew": 1.2}
    if status == ESTIMATE:
        return {"marker": "^", "mfc": color, "mec": color, "mew": 0.8}
    return {"marker": "o", "mfc": color, "mec": color, "mew": 0.8}


def lightness(color: str) -> float:
    """The grey (0 black .. 255 white) a colour prints as: ITU-R 601 luma, as PIL's
    ``convert("L")``."""
    r, g, b = (round(c * 255) for c in to_rgb(color))
    return 0.299 * r + 0.587 * g + 0.114 * b


def category_style(key: str, styles: Mapping[str, tuple[str, str]] | None = None) -> dict[str, Any]:
    """The fill, hatch and hatch colour of a verdict, category or zone (``styles``, default
    :data:`CATEGORY_STYLES`), as keywords of ``bar``/``barh``/``Patch``; an unknown key is
    light grey.  The hatch is white on a dark fill and near-black on a light one."""
    color, hatch = (styles or CATEGORY_STYLES).get(key, (COLORS["grey"], ""))
    return {
        "facecolor": color,
        "hatch": hatch or None,
        "hatchcolor": "white" if lightness(color) < 128 else "#262626",
    }


def category_patch(
    key: str,
    label: str,
    *,
    styles: Mapping[str, tuple[str, str]] | None = None,
    edgecolor: str = "#555555",
) -> Patch:
    """The legend entry of a verdict, category or zone, drawn as its bars are."""
    return Patch(**category_style(key, styles), edgecolor=edgecolor, linewidth=0.5, label=label)


def illustrative_patch(
    edgecolor: str,
    *,
    label: str = ILLUSTRATIVE_LABEL,
    hatch: str = "////",
    linewidth: float | None = None,
) -> Patch:
    """The legend entry of hatched (illustrative) bars or areas."""
    return Patch(
        facecolor="white", edgecolor=edgecolor, hatch=hatch, linewidth=linewidth, label=label
    )


def illustrative_marker(label: str = "示意数据 illustrative") -> Line2D:
    """The legend entry of illustrative points drawn as grey hollow markers without a line
    (the analyses' scatter and index charts)."""
    return Line2D([], [], marker="o", linestyle="none", mec="#555555", mfc="white", label=label)


def status_handles(
    statuses: Iterable[str],
    *,
    color: str | None = None,
    what: str = "",
    bars: bool = False,
) -> list[Artist]:
    """Legend entries for the statuses actually drawn, one per style.

    Markers (the default, as drawn by ``draw_series``): published, estimate, illustrative,
    ``what`` prefixed to each label.  ``bars``: the annual-amount bars of
    :func:`~healthcheck.charts.primitives.status_bar`, filled and hatched.
    """
    statuses = set(statuses)
    if bars:
        return _bar_handles(statuses)
    color = color or COLORS["observed"]
    prefix = f"{what} " if what else ""
    handles: list[Artist] = []
    if any(s in PUBLISHED for s in statuses):
        style = marker_style(PUBLISHED[0], color)
        handles.append(Line2D([], [], color=color, **style, label=f"{prefix}公开数据 published"))
    if ESTIMATE in statuses:
        style = marker_style(ESTIMATE, color)
        handles.append(Line2D([], [], color=color, **style, label=f"{prefix}推算 estimate"))
    if any(is_illustrative(s) for s in statuses):
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["illustrative"],
                linestyle=ILLUSTRATIVE_DASH,
                **marker_style(ILLUSTRATIVE, color),
                label=ILLUSTRATIVE_LABEL,
            )
        )
    return handles


def _bar_handles(statuses: set[str]) -> list[Artist]:
    handles: list[Artist] = []
    if any(not is_illustrative(s) for s in statuses):
        handles.append(
            Patch(
                facecolor=COLORS["annual"],
                edgecolor=COLORS["annual"],
                label="年度完成量 annual amount",
            )
        )
    if any(is_illustrative(s) for s in statuses):
        handles.append(
            illustrative_patch(COLORS["observed"], label="年度量（示意）annual, illustrative")
        )
    return handles
