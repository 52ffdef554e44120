"""Charts: one per indicator, in the form its kind asks for, plus the charts of the summary.

Every chart is bilingual (title and axis labels in Chinese and English, in one figure), sized
for an A4 column (16 cm wide, text >= 8 pt at that size) and saved by :func:`save_svg` as a
deterministic SVG with the text as paths, so the PDF needs no font and the same inputs give the
same bytes.  A glyph missing from the font is an error, never a box.

Published values (official, reported) are filled markers joined by a solid line; estimates are
filled triangles; illustrative values are hollow markers joined by a lighter dashed line, with
the legend entry "示意数据 illustrative", so that they cannot be taken for published ones.

The kinds (methods.md):

- level: the level, the baseline, the target line, the schedule path (t0, y0) -> (T, yT), and
  the least-squares projection to T as a dashed line (when the latest value is before T);
- increase: the same, with the target y0 + X and an "added so far" annotation;
- growth: the same, with the target y0 x (1 + X %);
- cumulative: annual amounts as bars and their running sum against the target;
- trend: the level, and the change on the previous year as bars coloured rose / fell;
- milestone: a step line, not done / done, by year.
"""

from __future__ import annotations

import math
import re
import textwrap
import warnings
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from healthcheck.text import finite, label

__all__ = [
    "COLORS",
    "FONT",
    "WIDTH_CM",
    "bilingual",
    "compact_svg",
    "bar_compare_chart",
    "figure_title",
    "indicator_chart",
    "legend_below",
    "new_figure",
    "progress_board",
    "save_svg",
    "scatter_years_chart",
    "setup_style",
    "short_number",
    "strict_glyphs",
    "text_width",
    "unit_label",
    "verdict_counts_chart",
]

FONT = "Noto Sans CJK SC"
CM = 1 / 2.54
WIDTH_CM = 16.0
HASH_SALT = "healthcheck"
BASE_PT = 8.5
_GLYPH_WARNING = r"Glyph .*missing from font"

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

#: colours of the verdicts and categories in the summary charts (good -> bad)
VERDICT_COLORS: dict[str, str] = {
    "achieved": "#009E73",
    "done": "#8CD3B4",
    "ahead": "#56B4E9",
    "rose": "#0072B2",
    "unchanged": "#BDBDBD",
    "behind": "#E69F00",
    "not_done": "#F5C46B",
    "moving_away": "#D55E00",
    "fell": "#882255",
    "not_achieved": "#CC79A7",
    "insufficient_data": "#DDDDDD",
    "not_assessed": "#EEEEEE",
    "target_achieved": "#009E73",
    "on_track": "#56B4E9",
    "progress_needs_acceleration": "#F0E442",
    "limited_progress": "#E69F00",
    "deterioration": "#D55E00",
}

PUBLISHED = ("official", "reported")


# --------------------------------------------------------------------------------------------
# Style and saving


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
            "axes.unicode_minus": False,
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
    plt.rcParams["axes.unicode_minus"] = False


@contextmanager
def strict_glyphs() -> Iterable[None]:
    """Inside: matplotlib's "Glyph … missing from font" warning raises (tofu is an error)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=_GLYPH_WARNING)
        yield


def save_svg(fig: Figure, path: str | Path) -> Path:
    """Save ``fig`` as a deterministic SVG, atomically, and close it.

    Text stays text (``svg.fonttype="none"``), in Noto Sans CJK SC by name: WeasyPrint draws it
    with the same embedded, subset font as the document, which renders 2.5x faster and 4x
    smaller than glyphs as paths, and keeps the figures' words searchable in the PDF.

    Raises if a glyph is missing from the font.  The same figure gives the same bytes.
    """
    from healthcheck.results import atomic_write_bytes

    path = Path(path)
    buf = BytesIO()
    try:
        with (
            plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": HASH_SALT}),
            strict_glyphs(),
        ):
            fig.savefig(buf, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    atomic_write_bytes(path, compact_svg(buf.getvalue()))
    return path


_PATH_DATA = re.compile(rb'(?<= d=")[^"]*')
_LONG_DECIMAL = re.compile(rb"(-?\d+)\.(\d{3,})")


def compact_svg(svg: bytes) -> bytes:
    """Round the coordinates of path data to 1/100 pt (0.004 mm): a third smaller, same
    picture.  Glyph outlines (integers) are left as they are."""

    def round_number(m: re.Match[bytes]) -> bytes:
        text = f"{float(m.group(0)):.2f}".rstrip("0").rstrip(".")
        return (text if text not in ("-0", "") else "0").encode()

    return _PATH_DATA.sub(lambda m: _LONG_DECIMAL.sub(round_number, m.group(0)), svg)


def status_bar(
    ax: Any,
    x: float,
    value: float,
    illustrative: bool,
    *,
    width: float = 0.55,
    linewidth: float = 0.6,
) -> None:
    """One bar in the house style: filled where the value is published, hollow and hatched
    where it is illustrative, so the two cannot be mistaken for each other."""
    ax.bar(
        x,
        value,
        width=width,
        color="white" if illustrative else COLORS["annual"],
        edgecolor=COLORS["observed"] if illustrative else COLORS["annual"],
        hatch="////" if illustrative else None,
        linewidth=linewidth,
        zorder=2,
    )


def status_bar_handles(statuses: Iterable[str]) -> list[Patch]:
    """Legend entries for :func:`status_bar` bars: one per style actually drawn."""
    statuses = set(statuses)
    handles = []
    if statuses - {"illustrative"}:
        handles.append(
            Patch(
                facecolor=COLORS["annual"],
                edgecolor=COLORS["annual"],
                label="年度完成量 annual amount",
            )
        )
    if "illustrative" in statuses:
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=COLORS["observed"],
                hatch="////",
                label="年度量（示意）annual, illustrative",
            )
        )
    return handles


def new_figure(height_cm: float, **kw: Any) -> tuple[Figure, Any]:
    """A figure 16 cm wide with constrained layout; ``kw`` go to ``Figure.subplots``.

    The figure is not registered with pyplot: nothing is shown twice in a notebook, and
    nothing stays open after :func:`save_svg`.
    """
    setup_style()
    fig = Figure(figsize=(WIDTH_CM * CM, height_cm * CM), layout="constrained")
    return fig, fig.subplots(**kw)


# --------------------------------------------------------------------------------------------
# Text helpers


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
    text = f"{x:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", "−")


def _plain_axis(ax: Any, axis: str = "y") -> None:
    """Plain tick labels (no offset, no scientific notation, thousands grouped)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: _tick(v)))


def _tick(v: float) -> str:
    if v == 0:
        return "0"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


def _year_axis(ax: Any, first: int, last: int) -> None:
    ax.set_xlim(first - 0.5, last + 0.5)
    span = last - first
    step = 1 if span <= 12 else 2
    ax.set_xticks(range(first, last + 1, step))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))
    ax.set_xlabel("年份 Year")
    ax.grid(axis="x", visible=False)


def figure_title(fig: Figure, text: str) -> None:
    """The chart's title, flush with the figure's left edge (never cut by long tick labels)."""
    fig.suptitle(text, x=0.008, ha="left", fontsize=BASE_PT + 1)


def _title(ax: Any, ind: Any) -> None:
    figure_title(ax.figure, bilingual(f"{ind.id} {ind.name_zh}", ind.name_en))


def text_width(text: str) -> int:
    """Width of a one-line text in half-width characters (CJK characters count two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


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
            columnspacing=1.4,
        )


# --------------------------------------------------------------------------------------------
# Observations


def _points(points: pd.DataFrame | Mapping[int, float] | None) -> pd.DataFrame:
    """Observations as a frame year, value, status (sorted, NaN dropped)."""
    if points is None:
        return pd.DataFrame({"year": [], "value": [], "status": []})
    if isinstance(points, Mapping):
        points = pd.DataFrame(
            {"year": list(points), "value": list(points.values()), "status": "official"}
        )
    df = points.loc[:, [c for c in ("year", "value", "status") if c in points.columns]].copy()
    if "status" not in df:
        df["status"] = "official"
    df["year"] = pd.to_numeric(df["year"]).astype(int)
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df["status"] = df["status"].fillna("official").astype(str)
    return df[df["value"].notna()].sort_values("year").reset_index(drop=True)


def _marker_style(status: str, color: str) -> dict[str, Any]:
    if status == "illustrative":
        return {"marker": "o", "mfc": "white", "mec": color, "mew": 1.2}
    if status == "estimate":
        return {"marker": "^", "mfc": color, "mec": color, "mew": 0.8}
    return {"marker": "o", "mfc": color, "mec": color, "mew": 0.8}


def _draw_series(ax: Any, df: pd.DataFrame, color: str | None = None, zorder: int = 4) -> set[str]:
    """Draw observations: markers by status; solid segments between published values, a
    lighter dashed segment wherever an illustrative value is involved.  Returns the statuses
    drawn (for the legend)."""
    color = color or COLORS["observed"]
    light = COLORS["illustrative"]
    ys, vs, ss = list(df["year"]), list(df["value"]), list(df["status"])
    for i in range(len(ys) - 1):
        illustrative = "illustrative" in (ss[i], ss[i + 1])
        ax.plot(
            ys[i : i + 2],
            vs[i : i + 2],
            color=light if illustrative else color,
            linestyle=(0, (2.5, 2)) if illustrative else "-",
            linewidth=1.1 if illustrative else 1.5,
            zorder=zorder - 1,
        )
    for y, v, s in zip(ys, vs, ss, strict=True):
        ax.plot([y], [v], linestyle="none", zorder=zorder, **_marker_style(s, color))
    return {("illustrative" if s == "illustrative" else s) for s in ss}


def _status_handles(statuses: set[str], color: str | None = None, what: str = "") -> list:
    color = color or COLORS["observed"]
    handles = []
    published = [s for s in statuses if s in PUBLISHED]
    prefix = f"{what} " if what else ""
    if published:
        handles.append(
            Line2D(
                [],
                [],
                color=color,
                **_marker_style("official", color),
                label=f"{prefix}公开数据 published",
            )
        )
    if "estimate" in statuses:
        handles.append(
            Line2D(
                [],
                [],
                color=color,
                **_marker_style("estimate", color),
                label=f"{prefix}推算 estimate",
            )
        )
    if "illustrative" in statuses:
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["illustrative"],
                linestyle=(0, (2.5, 2)),
                **_marker_style("illustrative", color),
                label="示意数据 illustrative",
            )
        )
    return handles


def _num(row: Mapping[str, Any], key: str) -> float | None:
    return finite(row.get(key))


def _int(row: Mapping[str, Any], key: str) -> int | None:
    v = _num(row, key)
    return None if v is None else int(v)


# --------------------------------------------------------------------------------------------
# The indicator chart


def indicator_chart(
    ind: Any, points: pd.DataFrame | Mapping[int, float] | None, row: Mapping[str, Any]
) -> Figure:
    """The chart of one indicator, in the form of its kind.

    ``ind`` is the plan's :class:`~healthcheck.inputs.plan.Indicator`; ``points`` its city-level
    observations (year, value, status; for a cumulative target the annual amounts); ``row``
    its assessment (``assess_plan`` row as a mapping).
    """
    setup_style()
    df = _points(points)
    if ind.kind == "milestone":
        return _milestone_chart(ind, df, row)
    if ind.kind == "trend":
        return _trend_chart(ind, df, row)
    if ind.kind == "cumulative":
        return _cumulative_chart(ind, df, row)
    return _level_chart(ind, df, row)


def _horizon(ind: Any, row: Mapping[str, Any]) -> int:
    """The last year shown: min(report year, T) -- the engine uses no later value (A1)."""
    T = int(ind.target_year)
    report = _int(row, "report_year")
    return T if report is None else min(report, T)


def _years_span(ind: Any, df: pd.DataFrame) -> tuple[int, int]:
    t0, T = int(ind.baseline_year), int(ind.target_year)
    years = list(df["year"]) if len(df) else []
    return min([t0, *years]), T


def _target_label(ind: Any, row: Mapping[str, Any], yT: float) -> str:
    T = int(ind.target_year)
    t0 = int(ind.baseline_year)
    goal = ind.target if ind.target is not None else ind.threshold
    if ind.kind == "increase" and goal is not None:
        return f"目标 target {T}: {t0}年+{short_number(goal, 6)} = {short_number(yT)}"
    if ind.kind == "growth" and goal is not None:
        factor = 1 + float(goal) / 100
        return f"目标 target {T}: {t0}年×{short_number(factor, 6)} = {short_number(yT)}"
    if row.get("target_source") == "analyst" or (ind.target is None and goal is not None):
        return f"分析组阈值 analysts' threshold {T}: {short_number(yT, 6)}"
    return f"目标 target {T}: {short_number(yT, 6)}"


def _reference_lines(
    ax: Any,
    ind: Any,
    row: Mapping[str, Any],
    y0: float | None,
    yT: float | None,
    handles: list,
    first: int,
    last: int,
    baseline_label: str | None = None,
) -> None:
    t0, T = int(ind.baseline_year), int(ind.target_year)
    if y0 is not None:
        ax.axhline(y0, color=COLORS["baseline"], linewidth=0.8, linestyle=(0, (1, 1.5)), zorder=1)
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["baseline"],
                linewidth=0.8,
                linestyle=(0, (1, 1.5)),
                label=baseline_label or f"基线 baseline {t0}: {short_number(y0)}",
            )
        )
    if yT is not None:
        ax.axhline(yT, color=COLORS["target"], linewidth=1.1, zorder=2)
        handles.append(
            Line2D([], [], color=COLORS["target"], linewidth=1.1, label=_target_label(ind, row, yT))
        )
        if y0 is not None:
            ax.plot([t0, T], [y0, yT], color=COLORS["schedule"], linewidth=0.9, zorder=2)
            handles.append(
                Line2D(
                    [],
                    [],
                    color=COLORS["schedule"],
                    linewidth=0.9,
                    label=f"时序进度 schedule path {t0}–{T}",
                )
            )


def _projection(
    ax: Any, ind: Any, row: Mapping[str, Any], t: int | None, yt: float | None, handles: list
) -> None:
    T = int(ind.target_year)
    proj = _num(row, "projected_value")
    if proj is None or t is None or yt is None or t >= T:
        return
    ax.plot(
        [t, T],
        [yt, proj],
        color=COLORS["projection"],
        linestyle=(0, (5, 2)),
        linewidth=1.3,
        zorder=3,
    )
    ax.plot(
        [T],
        [proj],
        marker="D",
        mfc="white",
        mec=COLORS["projection"],
        mew=1.1,
        markersize=4.5,
        linestyle="none",
        zorder=3,
    )
    handles.append(
        Line2D(
            [],
            [],
            color=COLORS["projection"],
            linestyle=(0, (5, 2)),
            linewidth=1.3,
            marker="D",
            mfc="white",
            mec=COLORS["projection"],
            markersize=4,
            label=f"线性外推 projection {T}: {short_number(proj)}",
        )
    )


def _level_chart(ind: Any, df: pd.DataFrame, row: Mapping[str, Any]) -> Figure:
    fig, ax = new_figure(8.6)
    y0, yT = _num(row, "baseline"), _num(row, "target_value")
    shown = df[df["year"] <= _horizon(ind, row)]
    first, last = _years_span(ind, shown)
    handles: list = []
    statuses = _draw_series(ax, shown) if len(shown) else set()
    handles += _status_handles(statuses)
    _reference_lines(ax, ind, row, y0, yT, handles, first, last)
    t, yt = _int(row, "year"), _num(row, "value")
    _projection(ax, ind, row, t, yt, handles)
    if ind.kind == "increase" and y0 is not None and t is not None and yt is not None:
        added = yt - y0
        x = t + 0.18
        ax.annotate(
            "",
            xy=(x, yt),
            xytext=(x, y0),
            arrowprops={
                "arrowstyle": "-|>",
                "color": COLORS["text"],
                "lw": 0.9,
                "shrinkA": 0,
                "shrinkB": 0,
                "mutation_scale": 8,
            },
        )
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["text"],
                linewidth=0.9,
                marker=">",
                markersize=4,
                label=f"已新增 added so far {int(ind.baseline_year)}–{t}: "
                f"{'+' if added >= 0 else ''}{short_number(added)}",
            )
        )
    if not len(shown):
        _no_data(ax)
    _year_axis(ax, first, last)
    ax.set_ylabel(unit_label(ind.unit_zh, ind.unit_en))
    _plain_axis(ax)
    _pad_y(ax)
    _title(ax, ind)
    legend_below(fig, handles)
    return fig


def _pad_y(ax: Any, frac: float = 0.08) -> None:
    lo, hi = ax.get_ylim()
    span = (hi - lo) or max(abs(hi), 1.0)
    ax.set_ylim(lo - span * frac, hi + span * frac)


def _no_data(ax: Any) -> None:
    ax.text(
        0.5,
        0.5,
        "无数据 no data",
        transform=ax.transAxes,
        ha="center",
        va="center",
        color="#777777",
    )


def running_sum(df: pd.DataFrame, t0: int) -> pd.DataFrame:
    """Running sum of annual amounts from t0+1 (t0 = 0), stopping at the first missing year;
    the status of each sum is the status of that year's amount (illustrative if any summed
    amount is)."""
    amounts = {
        int(y): (float(v), s) for y, v, s in zip(df["year"], df["value"], df["status"], strict=True)
    }
    # the baseline's 0 is a definition, not a statistic: it takes the status of the first
    # amount, so a series of illustrative amounts is not drawn as if it started from a fact
    first = amounts.get(t0 + 1, (0.0, "official"))[1]
    rows = [(t0, 0.0, first)]
    total, any_illustrative, y = 0.0, False, t0 + 1
    while y in amounts:
        v, s = amounts[y]
        total += v
        any_illustrative |= s == "illustrative"
        rows.append((y, total, "illustrative" if any_illustrative else s))
        y += 1
    return pd.DataFrame(rows, columns=["year", "value", "status"])


def _cumulative_chart(ind: Any, df: pd.DataFrame, row: Mapping[str, Any]) -> Figure:
    fig, ax = new_figure(8.6)
    t0, T = int(ind.baseline_year), int(ind.target_year)
    first, last = t0, T
    annual = df[(df["year"] > t0) & (df["year"] <= _horizon(ind, row))]
    handles: list = []
    for y, v, s in zip(annual["year"], annual["value"], annual["status"], strict=True):
        illustrative = s == "illustrative"
        status_bar(ax, y, v, illustrative)
    handles += status_bar_handles(annual["status"])
    cum = running_sum(annual, t0)
    statuses = _draw_series(ax, cum) if len(cum) > 1 else set()
    for h in _status_handles(statuses, what="累计 running sum"):
        handles.append(h)
    yT = _num(row, "target_value")
    _reference_lines(ax, ind, row, None, yT, handles, first, last)
    if yT is not None:
        ax.plot([t0, T], [0, yT], color=COLORS["schedule"], linewidth=0.9, zorder=2)
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["schedule"],
                linewidth=0.9,
                label=f"时序进度 schedule path {t0}–{T}",
            )
        )
    t, yt = _int(row, "year"), _num(row, "value")
    _projection(ax, ind, row, t, yt, handles)
    if not len(annual):
        _no_data(ax)
    _year_axis(ax, first, last)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(unit_label(ind.unit_zh, ind.unit_en))
    _plain_axis(ax)
    lo, hi = ax.get_ylim()
    ax.set_ylim(0, hi * 1.06)
    _title(ax, ind)
    legend_below(fig, handles)
    return fig


_MOVE = {"rose": ("上升", "rose"), "unchanged": ("持平", "unchanged"), "fell": ("下降", "fell")}


def _trend_chart(ind: Any, df: pd.DataFrame, row: Mapping[str, Any]) -> Figure:
    fig, (ax, bx) = new_figure(11.0, nrows=2, sharex=True, height_ratios=[3, 2])
    t0, T = int(ind.baseline_year), int(ind.target_year)
    shown = df[df["year"] <= _horizon(ind, row)]
    first = min([t0, *list(shown["year"])]) if len(shown) else t0
    last = T
    handles: list = []
    statuses = _draw_series(ax, shown) if len(shown) else set()
    handles += _status_handles(statuses)
    y0 = _num(row, "baseline")
    if y0 is not None:
        ax.axhline(y0, color=COLORS["baseline"], linewidth=0.8, linestyle=(0, (1, 1.5)))
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["baseline"],
                linewidth=0.8,
                linestyle=(0, (1, 1.5)),
                label=f"基线 baseline {t0}: {short_number(y0)}",
            )
        )
    ax.set_ylabel(unit_label(ind.unit_zh, ind.unit_en))
    _plain_axis(ax)
    _projection(ax, ind, row, _int(row, "year"), _num(row, "value"), handles)
    _pad_y(ax, 0.15)
    _title(ax, ind)
    # year on year
    ys, vs, ss = list(shown["year"]), list(shown["value"]), list(shown["status"])
    used = set()
    deltas = []
    for i in range(1, len(ys)):
        d = vs[i] - vs[i - 1]
        key = "unchanged" if math.isclose(d, 0, abs_tol=1e-12) else ("rose" if d > 0 else "fell")
        illustrative = "illustrative" in (ss[i], ss[i - 1])
        used.add(key)
        deltas.append(d)
        bx.bar(
            ys[i],
            d,
            width=0.55,
            color="white" if illustrative else COLORS[key],
            edgecolor=COLORS[key],
            hatch="////" if illustrative else None,
            linewidth=0.8,
            zorder=2,
        )
        bx.annotate(
            f"{'+' if d > 0 else ''}{short_number(d)}",
            (ys[i], d),
            xytext=(0, 2 if d >= 0 else -2),
            textcoords="offset points",
            ha="center",
            va="bottom" if d >= 0 else "top",
            fontsize=8,
            color=COLORS["text"],
        )
    bx.axhline(0, color="#666666", linewidth=0.6)
    if deltas:
        hi = max(max(deltas), 0)
        lo = min(min(deltas), 0)
        span = (hi - lo) or 1.0
        bx.set_ylim(lo - 0.3 * span, hi + 0.3 * span)
    else:
        _no_data(bx)
    for key in ("rose", "unchanged", "fell"):
        if key in used:
            handles.append(
                Patch(
                    facecolor=COLORS[key],
                    edgecolor=COLORS[key],
                    label=f"较上年{_MOVE[key][0]} {_MOVE[key][1]} on previous year",
                )
            )
    if any("illustrative" in (ss[i], ss[i - 1]) for i in range(1, len(ss))):
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="#777777",
                hatch="////",
                label="含示意数据 involves illustrative values",
            )
        )
    bx.set_ylabel("较上年 change")
    _plain_axis(bx)
    _year_axis(bx, first, last)
    ax.tick_params(labelbottom=False)
    ax.set_xlabel("")
    legend_below(fig, handles, ncol=3)
    return fig


def _milestone_chart(ind: Any, df: pd.DataFrame, row: Mapping[str, Any]) -> Figure:
    fig, ax = new_figure(6.4)
    T = int(ind.target_year)
    first, last = _years_span(ind, df)
    shown = df[df["year"] <= _horizon(ind, row)].copy()
    done_year = _int(row, "done_year")
    if done_year is not None:  # once done stays done (B8)
        shown.loc[shown["year"] >= done_year, "value"] = 1.0
    handles: list = []
    if len(shown):
        ax.step(
            shown["year"],
            shown["value"],
            where="post",
            color=COLORS["schedule"],
            linewidth=1.0,
            zorder=2,
        )
        for y, v, s in zip(shown["year"], shown["value"], shown["status"], strict=True):
            color = COLORS["rose"] if v >= 1 else COLORS["target"]
            ax.plot([y], [v], linestyle="none", zorder=4, markersize=7, **_marker_style(s, color))
        statuses = set(shown["status"])
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                markersize=6,
                **_marker_style("official", COLORS["rose"]),
                label="已完成 done",
            )
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                markersize=6,
                **_marker_style("official", COLORS["target"]),
                label="未完成 not yet done",
            )
        )
        if "illustrative" in statuses:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    markersize=6,
                    **_marker_style("illustrative", COLORS["schedule"]),
                    label="示意数据 illustrative",
                )
            )
    else:
        _no_data(ax)
    ax.axvline(T, color=COLORS["target"], linewidth=1.1, zorder=1)
    handles.append(
        Line2D([], [], color=COLORS["target"], linewidth=1.1, label=f"目标年 target year {T}")
    )
    if done_year is not None:
        ax.annotate(
            f"{done_year}年完成 done in {done_year}",
            xy=(done_year, 1),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            color=COLORS["text"],
        )
    ax.set_ylim(-0.45, 1.45)
    ax.set_yticks([0, 1])
    ax.set_yticklabels(["未完成 not yet", "已完成 done"])
    ax.grid(axis="y", visible=False)
    _year_axis(ax, first, last)
    _title(ax, ind)
    legend_below(fig, handles, ncol=4)
    return fig


# --------------------------------------------------------------------------------------------
# Charts across indicators


def progress_board(
    rows: Sequence[Mapping[str, Any]],
    names: Mapping[str, tuple[str, str]],
    title_zh: str,
    title_en: str,
) -> Figure:
    """Completion against time elapsed, one bar per targeted indicator: how far each target
    is from its schedule.  ``names`` maps id -> (zh, en)."""
    data = [r for r in rows if _num(r, "completion") is not None]
    n = max(len(data), 1)
    labels = [bilingual(f"{r['id']} {names[r['id']][0]}", names[r["id"]][1], 72) for r in data]
    lines = max([lab.count("\n") + 1 for lab in labels] or [1])
    fig, ax = new_figure(3.4 + max(0.5, 0.37 * lines + 0.12) * n)
    handles: list = []
    if not data:
        _no_data(ax)
    # the axis stops at 160 % (or at the lowest value below 0): longer bars are cut, their value
    # printed at the edge
    cs = [(_num(r, "completion") or 0.0) * 100 for r in data]
    hi = min(max([100.0, *cs]), 160.0) + 22
    lo = max(min([0.0, *cs]), -60.0) - (8 if min([0.0, *cs]) < 0 else 0)
    for i, r in enumerate(data):
        c = cs[i]
        e = _num(r, "time_elapsed")
        verdict = str(r.get("schedule_verdict") or "")
        color = VERDICT_COLORS.get(verdict, COLORS["grey"])
        hatch = "////" if r.get("illustrative") else None
        shown = min(max(c, lo), hi - 22)
        ax.barh(
            i,
            shown,
            height=0.6,
            color=color,
            edgecolor="#555555",
            linewidth=0.5,
            hatch=hatch,
            zorder=2,
        )
        if e is not None:
            ax.plot(
                [e * 100, e * 100],
                [i - 0.4, i + 0.4],
                color=COLORS["text"],
                linewidth=1.4,
                zorder=3,
            )
        if shown != c:  # cut: the value inside the bar's end
            ax.text(
                shown - 2,
                i,
                f"{c:.0f}% (截断 cut)",
                va="center",
                ha="right",
                fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
                zorder=4,
            )
        else:
            x = max(shown, 0, (e or 0) * 100) + 2
            ax.text(x, i, f"{c:.0f}%", va="center", fontsize=8)
    ax.set_yticks(range(len(data)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.axvline(100, color=COLORS["target"], linewidth=1.0)
    ax.axvline(0, color="#666666", linewidth=0.6)
    ax.set_xlabel("完成率 completion (%)")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(lo, hi)
    figure_title(fig, bilingual(title_zh, title_en))
    seen = []
    for r in data:
        v = str(r.get("schedule_verdict") or "")
        if v not in seen:
            seen.append(v)
    for v in seen:
        handles.append(
            Patch(
                facecolor=VERDICT_COLORS.get(v, COLORS["grey"]),
                edgecolor="#555555",
                linewidth=0.5,
                label=f"{label('verdict', v, 'zh')} {label('verdict', v, 'en')}",
            )
        )
    handles.append(
        Line2D([], [], color=COLORS["text"], linewidth=1.4, label="时序进度 time elapsed")
    )
    if any(r.get("illustrative") for r in data):
        handles.append(
            Patch(
                facecolor="white", edgecolor="#555555", hatch="////", label="示意数据 illustrative"
            )
        )
    legend_below(fig, handles, ncol=3)
    return fig


def verdict_counts_chart(
    counts: pd.DataFrame, domains: Sequence[tuple[str, str, str]], by: str
) -> Figure:
    """Stacked bars: per domain, the share of indicators with each verdict (or category), the
    counts written in the segments and the domain's total at the end.

    ``counts`` is an ``assess.rollup`` frame; ``domains`` lists (id, zh, en) in order, the city
    (``__all__``) last; ``by`` is "verdict" or "category" (the label table).
    """
    n = len(domains)
    labels = [bilingual(zh, en, 64) for _d, zh, en in domains]
    lines = max([lab.count("\n") + 1 for lab in labels] or [1])
    fig, ax = new_figure(3.6 + max(0.5, 0.37 * lines + 0.12) * n)
    verdicts = [
        v
        for v in dict.fromkeys(counts["verdict"])
        if counts.loc[counts["verdict"] == v, "count"].sum() > 0
    ]
    # shares (every bar 100 %), each segment labelled with its count where it is wide enough
    axes_cm = WIDTH_CM * 0.55
    for i, (dom, _zh, _en) in enumerate(domains):
        left = 0.0
        sub = counts[counts["domain"] == dom].set_index("verdict")
        total = int(sub["count"].sum()) if len(sub) else 0
        for v in verdicts:
            k = int(sub["count"].get(v, 0)) if len(sub) else 0
            if not k or not total:
                continue
            share = k / total * 100
            ax.barh(
                i,
                share,
                left=left,
                height=0.62,
                color=VERDICT_COLORS.get(v, "#CCCCCC"),
                edgecolor="white",
                linewidth=0.6,
                zorder=2,
            )
            if share / 100 * axes_cm >= 0.3:
                ax.text(
                    left + share / 2,
                    i,
                    str(k),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="#1A1A1A",
                )
            left += share
        ax.text(101.5, i, f"n={total}", ha="left", va="center", fontsize=8)
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("比例 share (%)，数字为指标数 numbers are counts")
    ax.grid(axis="y", visible=False)
    table = "verdict" if by == "verdict" else "category"
    if by == "verdict":
        title = bilingual("时序进度判定（按领域）", "Schedule verdicts by domain")
    else:
        title = bilingual("国际分类（Open SDG，按领域）", "International categories by domain")
    figure_title(fig, title)
    handles = [
        Patch(
            facecolor=VERDICT_COLORS.get(v, "#CCCCCC"),
            edgecolor="none",
            label=f"{label(table, v, 'zh')} {label(table, v, 'en')}"
            if v != "not_assessed"
            else "未评估 not assessed",
        )
        for v in verdicts
    ]
    legend_below(fig, handles, ncol=3)
    return fig


def bar_compare_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    *,
    title: str,
    xlabel: str,
    height_cm: float | None = None,
    notes: Sequence[str] = (),
    reference: tuple[float, str] | None = None,
    fmt: Any = None,
) -> Figure:
    """Grouped horizontal bars: for each label, one bar per series (label, values, colour).

    ``fmt`` formats the value printed at the end of each bar (default: :func:`short_number`).
    """
    fmt = fmt or short_number
    n = len(labels)
    k = max(len(series), 1)
    lines = max([str(lab).count("\n") + 1 for lab in labels] or [1])
    per_label = max(0.36 * k + 0.12, 0.37 * lines + 0.12)
    fig, ax = new_figure(height_cm or (3.2 + per_label * max(n, 3)))
    h = 0.8 / k
    handles = []
    allv = []
    for j, (name, values, color) in enumerate(series):
        for i, v in enumerate(values):
            y = i + (j - (k - 1) / 2) * h
            if v is None or not math.isfinite(v):
                ax.text(0, y, " —", va="center", fontsize=8, color="#777777")
                continue
            allv.append(v)
            ax.barh(y, v, height=h * 0.92, color=color, zorder=2)
            ax.text(
                v,
                y,
                f" {fmt(v)}" if v >= 0 else f"{fmt(v)} ",
                va="center",
                ha="left" if v >= 0 else "right",
                fontsize=8,
            )
        handles.append(Patch(facecolor=color, label=name))
    if reference is not None:
        ax.axvline(reference[0], color=COLORS["target"], linewidth=1.0)
        handles.append(Line2D([], [], color=COLORS["target"], label=reference[1]))
        allv.append(reference[0])
    ax.axvline(0, color="#666666", linewidth=0.6)
    ax.set_yticks(range(n))
    ax.set_yticklabels(list(labels), fontsize=8)
    ax.set_ylim(max(n, 1) - 0.5, -0.5)
    if not n:
        _no_data(ax)
    if allv:
        lo, hi = min([0.0, *allv]), max([0.0, *allv])
        span = (hi - lo) or 1.0
        ax.set_xlim(lo - (0.16 * span if lo < 0 else 0), hi + (0.16 * span if hi > 0 else 0.02))
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    figure_title(fig, title)
    for note in notes:
        handles.append(Line2D([], [], linestyle="none", label=note))
    legend_below(fig, handles, ncol=2)
    return fig


def scatter_years_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    xlabel: str,
    ylabel: str,
    title: str,
    xref: tuple[float, str] | None = None,
    yref: tuple[float, str] | None = None,
) -> Figure:
    """One point per year (x against y), joined in time order and labelled with the year;
    hollow where a value is illustrative.  ``frame`` has year, x, y, illustrative."""
    fig, ax = new_figure(9.5)
    df = frame.dropna(subset=[x, y]).sort_values("year")
    handles: list = []
    ax.plot(df[x], df[y], color=COLORS["schedule"], linewidth=0.8, zorder=2)
    for k, (_, r) in enumerate(df.iterrows()):
        style = _marker_style(
            "illustrative" if r.get("illustrative") else "official", COLORS["observed"]
        )
        ax.plot([r[x]], [r[y]], linestyle="none", markersize=6, zorder=4, **style)
        # year labels alternately above and below, so that neighbouring years do not collide
        ax.annotate(
            str(int(r["year"])),
            (r[x], r[y]),
            xytext=(4, 5 if k % 2 == 0 else -5),
            textcoords="offset points",
            va="bottom" if k % 2 == 0 else "top",
            fontsize=8,
            color=COLORS["text"],
        )
    handles += _status_handles(
        {"illustrative" if v else "official" for v in df.get("illustrative", [])}
    )
    if xref is not None:
        ax.axvline(xref[0], color=COLORS["target"], linewidth=1.0, linestyle=(0, (5, 2)))
        handles.append(Line2D([], [], color=COLORS["target"], linestyle=(0, (5, 2)), label=xref[1]))
    if yref is not None:
        ax.axhline(yref[0], color=COLORS["target"], linewidth=1.0)
        handles.append(Line2D([], [], color=COLORS["target"], label=yref[1]))
    if df.empty:
        _no_data(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _plain_axis(ax, "x")
    _plain_axis(ax, "y")
    _pad_y(ax, 0.1)
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo - (hi - lo) * 0.04, hi + (hi - lo) * 0.08)
    figure_title(fig, title)
    legend_below(fig, handles, ncol=2)
    return fig
