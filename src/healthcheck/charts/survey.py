"""The survey chapter's figures: the sample against the manual's quotas, the scores with their
95 % intervals (dot and whisker, sorted), and the districts' overall score on the map.

Grey-safe: a failed quota is a dark, hatched bar beside the light plain bar of a passed one; a
score below the threshold is a hollow dot beside the filled dot of one above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from healthcheck.charts.maps import district_map
from healthcheck.charts.style import COLORS, bilingual, figure_title, legend_below, new_figure
from healthcheck.inputs.plan import Indicator

if TYPE_CHECKING:
    import geopandas as gpd

    from healthcheck.inputs.plan import Plan
    from healthcheck.results.model import SurveyArea, SurveyCheck, SurveyScore

__all__ = ["score_dots", "score_map", "survey_profile"]

_PASS = ("#B9D7EE", "")
_FAIL = ("#882255", "xxx")
_ILLUSTRATIVE = "（示意数据 illustrative）"


def survey_profile(
    shares: pd.DataFrame, checks: Sequence[SurveyCheck], illustrative: bool
) -> Figure:
    """The sample's shares (``shares``: group, label, share, low, high, check) as horizontal
    bars, with the quota's band (low..high) drawn over each; failed quotas dark and hatched."""
    passed = {c.id: c.passed for c in checks}
    n = len(shares)
    fig, ax = new_figure(2.4 + 0.55 * n)
    for y, row in enumerate(shares.to_dict("records")):
        ok = passed.get(str(row["check"]), True)
        fill, hatch = _PASS if ok else _FAIL
        share = 100 * float(row["share"])
        ax.barh(y, share, color=fill, hatch=hatch, edgecolor="#333333", linewidth=0.5)
        ax.plot(
            [100 * float(row["low"]), 100 * float(row["high"])],
            [y, y],
            color=COLORS["target"],
            linewidth=5,
            alpha=0.45,
            solid_capstyle="butt",
        )
        ax.text(share + 1, y, f"{share:.1f}%", va="center", fontsize=7.5)
    ax.set_yticks(range(n))
    ax.set_yticklabels(list(shares["label"]))
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("样本占比 share of the usable responses (%)")
    figure_title(
        fig,
        bilingual(
            "样本结构与手册配额" + (_ILLUSTRATIVE if illustrative else ""),
            "The sample against the manual's quotas",
        ),
    )
    legend_below(
        fig,
        [
            Patch(facecolor=_PASS[0], edgecolor="#333333", label="符合 meets the quota"),
            Patch(facecolor=_FAIL[0], hatch=_FAIL[1], edgecolor="#333333", label="不符合 fails it"),
            Line2D([], [], color=COLORS["target"], linewidth=5, alpha=0.45, label="配额范围 quota"),
        ],
    )
    return fig


def score_dots(
    scores: Sequence[SurveyScore], threshold: float, title: tuple[str, str], illustrative: bool
) -> Figure:
    """The scores with their 95 % intervals, lowest first; the threshold as a line; a score
    below it a hollow dot.  Small cells are listed without a dot."""
    rows = sorted(scores, key=lambda s: (s.score is None, s.score if s.score is not None else 0))
    n = max(len(rows), 1)
    fig, ax = new_figure(2.2 + 0.42 * n)
    for y, s in enumerate(rows):
        if s.score is None:
            ax.text(1, y, "样本不足 too few responses", va="center", fontsize=7, color="#777777")
            continue
        low = s.score < threshold
        ax.plot([s.low, s.high], [y, y], color="#333333", linewidth=1.0)
        ax.plot(
            [s.score],
            [y],
            marker="o",
            markersize=5.5,
            linestyle="none",
            markerfacecolor="white" if low else "#333333",
            markeredgecolor="#333333",
        )
    ax.axvline(threshold, color=COLORS["target"], linewidth=1.4, linestyle=(0, (4, 2)))
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{s.name_zh} {s.name_en}" for s in rows])
    ax.invert_yaxis()
    lo = min([s.low for s in rows if s.low is not None] + [threshold]) - 5
    hi = max([s.high for s in rows if s.high is not None] + [threshold]) + 5
    ax.set_xlim(max(0, lo), min(100, hi))
    ax.set_xlabel("得分 score (0–100)")
    figure_title(fig, bilingual(title[0] + (_ILLUSTRATIVE if illustrative else ""), title[1]))
    legend_below(
        fig,
        [
            Line2D(
                [],
                [],
                marker="o",
                color="#333333",
                linestyle="-",
                label="得分与95%置信区间 score, 95 % interval",
            ),
            Line2D(
                [],
                [],
                marker="o",
                color="#333333",
                markerfacecolor="white",
                linestyle="none",
                label=f"低于{threshold:g}分 below {threshold:g}",
            ),
            Line2D(
                [],
                [],
                color=COLORS["target"],
                linestyle=(0, (4, 2)),
                label=f"{threshold:g}分线 threshold",
            ),
        ],
    )
    return fig


def score_map(
    plan: Plan,
    geo: gpd.GeoDataFrame,
    areas: Sequence[SurveyArea],
    year: int,
    threshold: float,
    illustrative: bool,
) -> Figure:
    """The districts' overall score on the map (the district maps' layout: water, scale bar,
    north arrow, the 示意图 note); districts with too few responses shown as without data."""
    rows = pd.DataFrame(
        [
            {"area": a.code, "value": a.score, "year": year}
            for a in areas
            if a.level == "district" and a.score is not None
        ],
        columns=["area", "value", "year"],
    )
    ind = Indicator(
        id="",
        domain="survey",
        clause="",
        name_zh="居民满意度总体得分",
        kind="level",
        name_en="Residents' overall score",
        unit_zh="分",
        unit_en="points",
        direction="up",
        baseline_year=year,
        target_year=year,
        target=threshold,
        target_text_zh="",
    )
    statuses = {str(a): "illustrative" for a in rows["area"]} if illustrative else {}
    # the line is the manual's 60: below it residents report a problem (not a target)
    return district_map(
        plan, geo, rows, ind, statuses=statuses, year=year, goal_label="问题阈值 problem threshold"
    )
