"""The figures of the national 城市体检 (the 2025 framework ``mohurd_2025``).

- :func:`problem_map` (:mod:`~healthcheck.charts.problem_map`): the 问题地图;
- :func:`grade_board`: the 城区 indicators by dimension with their grade, the survey downgrade
  and the experts' override marked;
- :func:`rating_chart`: per dimension, the shares of the four grades and the rating 优/良/中/差;
- :func:`ledger_bars`: the ledger's problems per 社区 (or 街道) by level;
- :func:`remediation_chart`: the previous year's problems done / in progress / not started,
  for 限时解决, 尽力解决 and overall, with the completion rate (问题整治完成率).

DataFrames in, a Figure out, no file I/O.  Grades, ratings, levels and remedies may be given
as the engine's keys or as the manual's Chinese words (:func:`~.national_style.key_of`).
Every pair of legend entries stays apart in grey-scale print (tests/charts/test_greyscale.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from healthcheck.charts.national_style import (
    GRADE_STYLES,
    GRADES,
    LEVEL_STYLES,
    LEVELS,
    RATINGS,
    REMEDIES,
    STATUS_STYLES,
    STATUSES,
    is_all,
    key_of,
    require_columns,
    words,
)
from healthcheck.charts.problem_map import problem_map
from healthcheck.charts.style import (
    bilingual,
    category_patch,
    category_style,
    figure_title,
    legend_below,
    lightness,
    new_figure,
    no_data,
    plain_axis,
)

__all__ = [
    "grade_board",
    "ledger_bars",
    "problem_map",
    "rating_chart",
    "remediation_chart",
    "remediation_frame",
]

#: the height of a one-line row and of each further line of a label (cm)
ROW_CM, LINE_CM = 0.5, 0.34
#: where the grade columns start on the board's x axis (the labels are the y ticks)
EXPERT_MARK = "D"


# --------------------------------------------------------------------------------------------
# Grade board


def grade_board(
    rows: pd.DataFrame,
    *,
    title_zh: str = "城区（城市）指标定级",
    title_en: str = "City-level indicators: grades",
) -> Figure:
    """The indicators of ``rows`` (id, name_zh, name_en, dimension_zh, dimension_en, grade;
    optional default_grade, expert_grade, survey_downgrade, applicable) grouped by dimension,
    each with its grade as a cell in one of the columns 很好/较好/一般/不足."""
    require_columns(
        rows, ("id", "name_zh", "name_en", "dimension_zh", "dimension_en", "grade"), "grade_board"
    )
    items = _board_items(rows)
    heights = [ROW_CM + LINE_CM * (it["label"].count("\n")) for it in items]
    fig, ax = new_figure(2.6 + sum(heights), gridspec_kw={"left": 0})
    if not items:
        no_data(ax)
    y, ys = 0.0, []
    for h in heights:
        ys.append(y + h / 2)
        y += h
    marks = {"survey": False, "expert": False}
    for it, yc, h in zip(items, ys, heights, strict=True):
        _board_row(ax, it, yc, h, marks)
    ax.set_yticks(ys, [it["label"] for it in items], fontsize=8)
    for tick, it in zip(ax.get_yticklabels(), items, strict=True):
        if it["header"]:
            tick.set_fontweight("bold")
    ax.set_ylim(max(y, 1.0), 0)
    ax.set_xlim(0, len(GRADES))
    ax.set_xticks([i + 0.5 for i in range(len(GRADES))])
    ax.set_xticklabels([words(g, GRADES, "\n") for g in GRADES], fontsize=8)
    ax.xaxis.tick_top()
    ax.tick_params(axis="both", length=0)
    ax.grid(False)
    for x in range(1, len(GRADES)):
        ax.axvline(x, color="#E3E3E3", linewidth=0.5, zorder=0)
    figure_title(fig, bilingual(title_zh, title_en))
    legend_below(fig, _board_handles(marks), ncol=2)
    return fig


def _board_items(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """The board's rows in order: a header per dimension (first appearance), then its
    indicators."""
    items: list[dict[str, Any]] = []
    frame = rows.reset_index(drop=True)
    dims = list(dict.fromkeys(zip(frame["dimension_zh"], frame["dimension_en"], strict=True)))
    for zh, en in dims:
        sub = frame[(frame["dimension_zh"] == zh) & (frame["dimension_en"] == en)]
        items.append({"header": True, "label": bilingual(str(zh), str(en), 60)})
        for _, r in sub.iterrows():
            items.append(_indicator_item(r))
    return items


def _indicator_item(r: pd.Series) -> dict[str, Any]:
    def get(col: str) -> Any:
        return r[col] if col in r.index else None

    grade = key_of(get("grade"), GRADES)
    default = key_of(get("default_grade"), GRADES)
    expert = key_of(get("expert_grade"), GRADES)
    applicable = get("applicable")
    return {
        "header": False,
        "label": bilingual(f"{r['id']} {r['name_zh']}", str(r["name_en"]), 62),
        "grade": grade,
        "before_survey": expert or default or grade,
        "overridden": default if expert and default and expert != default else None,
        "survey": _flag(get("survey_downgrade")),
        "applicable": applicable is None or pd.isna(applicable) or bool(applicable),
    }


def _flag(v: Any) -> bool:
    """A boolean cell: missing (None, NaN) is False; "true"/"yes"/"1" are True."""
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return False
    if isinstance(v, str):
        return v.strip().lower() in ("true", "yes", "1", "是")
    return bool(v)


def _board_row(ax: Axes, it: Mapping[str, Any], y: float, h: float, marks: dict[str, bool]) -> None:
    """One row: a rule over a dimension's header; an indicator's grade cell and marks."""
    order = list(GRADES)
    if it["header"]:
        ax.axhline(y - h / 2, color="#999999", linewidth=0.6, zorder=1)
        return
    if not it["applicable"] or it["grade"] is None:
        text = "不适用 not applicable" if not it["applicable"] else "未定级 not graded"
        ax.text(len(order) / 2, y, text, ha="center", va="center", fontsize=8, color="#555555")
        return
    col = order.index(it["grade"])
    style = category_style(it["grade"], GRADE_STYLES)
    ax.add_patch(
        Rectangle(
            (col + 0.08, y - 0.17),
            0.84,
            0.34,
            edgecolor="#555555",
            linewidth=0.5,
            zorder=2,
            **style,
        )  # fmt: skip
    )
    ink = "white" if lightness(style["facecolor"]) < 128 and not style["hatch"] else "#1A1A1A"
    ax.text(col + 0.5, y, GRADES[it["grade"]][0], ha="center", va="center", fontsize=8,
            color=ink, zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.8} if style["hatch"]
            else None)  # fmt: skip
    if it["overridden"]:
        marks["expert"] = True
        ax.plot([order.index(it["overridden"]) + 0.5], [y], marker=EXPERT_MARK, markersize=6,
                mfc="white", mec="#1A1A1A", mew=1.0, linestyle="none", zorder=3)  # fmt: skip
    if it["survey"]:
        marks["survey"] = True
        start = order.index(it["before_survey"])
        if start < col:
            ax.annotate("", xy=(col + 0.08, y), xytext=(start + 0.5, y),
                        arrowprops={"arrowstyle": "-|>", "color": "#1A1A1A", "lw": 1.0},
                        zorder=3)  # fmt: skip
        else:  # already 不足: the arrow beside the cell says the survey would lower it
            ax.annotate("", xy=(col + 0.99, y), xytext=(col + 0.93, y),
                        arrowprops={"arrowstyle": "-|>", "color": "#1A1A1A", "lw": 1.0},
                        zorder=3)  # fmt: skip


def _board_handles(marks: Mapping[str, bool]) -> list[Artist]:
    handles: list[Artist] = []
    if marks["survey"]:
        handles.append(
            Line2D([], [], color="#1A1A1A", linewidth=1.0, marker=">", markersize=4,
                   markevery=[1], label="问卷得分低于60，降一级 survey score < 60: one grade lower")
        )  # fmt: skip
    if marks["expert"]:
        handles.append(
            Line2D([], [], linestyle="none", marker=EXPERT_MARK, markersize=6, mfc="white",
                   mec="#1A1A1A", mew=1.0,
                   label="默认规则定级（专家已调整） default rule's grade, overridden by experts")
        )  # fmt: skip
    return handles


# --------------------------------------------------------------------------------------------
# Dimension ratings


def rating_chart(
    ratings: pd.DataFrame,
    *,
    title_zh: str = "分维度评价",
    title_en: str = "Rating by dimension",
) -> Figure:
    """Per dimension (columns dimension_zh, dimension_en, very_good, good, fair, insufficient
    = counts, rating; optional level_zh/level_en), the shares of the four grades as a
    stacked bar, the counts in the segments, the rating 优/良/中/差 at the end."""
    require_columns(ratings, ("dimension_zh", "dimension_en", *GRADES, "rating"), "rating_chart")
    frame = ratings.reset_index(drop=True)
    labels = []
    for _, r in frame.iterrows():
        zh, en = str(r["dimension_zh"]), str(r["dimension_en"])
        if "level_zh" in frame.columns and pd.notna(r["level_zh"]):
            zh, en = f"{r['level_zh']}·{zh}", f"{r.get('level_en', '')}: {en}"
        labels.append(bilingual(zh, en, 52))
    fig, ax = _bar_figure(labels)
    counts = [[_count(r[g]) for g in GRADES] for _, r in frame.iterrows()]
    for i, row in enumerate(counts):
        _share_bar(ax, i, dict(zip(GRADES, row, strict=True)), GRADE_STYLES)
        rating = key_of(frame.loc[i, "rating"], RATINGS)
        text = words(rating, RATINGS) if rating else "未评价 not rated"
        ax.text(103, i, text, ha="left", va="center", fontsize=8.5,
                fontweight="bold" if rating else "normal")  # fmt: skip
    _share_axis(ax, labels, "比例 share (%)，数字为指标数 numbers are counts of indicators")
    figure_title(fig, bilingual(title_zh, title_en))
    shown = [g for k, g in enumerate(GRADES) if any(row[k] for row in counts)]
    legend_below(fig, [category_patch(g, words(g, GRADES), styles=GRADE_STYLES) for g in shown],
                 ncol=4)  # fmt: skip
    return fig


def _count(v: Any) -> int:
    try:
        return 0 if v is None or pd.isna(v) else int(v)
    except (TypeError, ValueError) as err:
        raise ValueError(f"not a count: {v!r}") from err


def _bar_figure(labels: Sequence[str], extra_cm: float = 2.6) -> tuple[Figure, Axes]:
    """A figure with one horizontal bar per label, tall enough for the labels' lines."""
    lines = max([lab.count("\n") + 1 for lab in labels] or [1])
    fig, ax = new_figure(extra_cm + max(0.55, 0.37 * lines + 0.16) * max(len(labels), 1))
    if not labels:
        no_data(ax)
    return fig, ax


def _share_bar(
    ax: Axes, i: int, counts: Mapping[str, int], styles: Mapping[str, tuple[str, str]]
) -> None:
    """Row ``i``: the shares of ``counts`` (the bar is 100 %), each segment labelled with its
    count where wide enough."""
    total = sum(counts.values())
    left = 0.0
    for key, k in counts.items():
        if not k or not total:
            continue
        share = k / total * 100
        style = category_style(key, styles)
        ax.barh(i, share, left=left, height=0.62, edgecolor="white", linewidth=0.6, zorder=2,
                **style)  # fmt: skip
        if share >= 4:
            dark = lightness(style["facecolor"]) < 110 and not style["hatch"]
            ax.text(left + share / 2, i, str(k), ha="center", va="center", fontsize=8,
                    color="white" if dark else "#1A1A1A", zorder=3,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6}
                    if style["hatch"] else None)  # fmt: skip
        left += share


def _share_axis(ax: Axes, labels: Sequence[str], xlabel: str) -> None:
    n = len(labels)
    ax.set_yticks(range(n), labels, fontsize=8)
    ax.set_ylim(max(n, 1) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    plain_axis(ax, "x")
    ax.grid(axis="y", visible=False)


# --------------------------------------------------------------------------------------------
# Ledger counts


def ledger_bars(
    counts: pd.DataFrame,
    *,
    unit_zh: str = "社区",
    unit_en: str = "community",
    title_zh: str | None = None,
    title_en: str | None = None,
) -> Figure:
    """Problems per unit (columns unit_id, name_zh, name_en, level, count; long, one row per
    unit and level) as stacked bars by level, the unit with most problems on top, the total at
    the end."""
    require_columns(counts, ("unit_id", "name_zh", "name_en", "level", "count"), "ledger_bars")
    frame = counts.copy()
    frame["level"] = [key_of(v, LEVELS) for v in frame["level"]]
    frame["count"] = [_count(v) for v in frame["count"]]
    wide = frame.pivot_table(index="unit_id", columns="level", values="count", aggfunc="sum",
                             fill_value=0)  # fmt: skip
    wide = wide.reindex(columns=[lv for lv in LEVELS if lv in wide.columns])
    names = frame.drop_duplicates("unit_id").set_index("unit_id")
    totals = wide.sum(axis=1)
    order = sorted(wide.index, key=lambda u: (-int(totals[u]), str(u)))
    labels = [bilingual(str(names.loc[u, "name_zh"]), str(names.loc[u, "name_en"]), 44)
              for u in order]  # fmt: skip
    fig, ax = _bar_figure(labels)
    top = max([int(totals[u]) for u in order] or [1])
    for i, u in enumerate(order):
        left = 0
        for lv in wide.columns:
            k = int(wide.loc[u, lv])
            if not k:
                continue
            ax.barh(i, k, left=left, height=0.62, edgecolor="white", linewidth=0.6, zorder=2,
                    **category_style(lv, LEVEL_STYLES))  # fmt: skip
            left += k
        ax.text(left + top * 0.015, i, str(int(totals[u])), ha="left", va="center", fontsize=8)
    ax.set_yticks(range(len(order)), labels, fontsize=8)
    ax.set_ylim(max(len(order), 1) - 0.5, -0.5)
    ax.set_xlim(0, top * 1.1)
    ax.set_xlabel("问题数 problems")
    plain_axis(ax, "x")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", visible=False)
    figure_title(fig, bilingual(title_zh or f"各{unit_zh}问题数（按层级）",
                                title_en or f"Problems per {unit_en}, by level"))  # fmt: skip
    legend_below(fig, [category_patch(lv, words(lv, LEVELS), styles=LEVEL_STYLES)
                       for lv in wide.columns], ncol=3)  # fmt: skip
    return fig


# --------------------------------------------------------------------------------------------
# Remediation


def remediation_chart(rate: pd.DataFrame, *, year: int | None = None) -> Figure:
    """The previous year's problems by this year's status (columns remedy = time_bound /
    best_effort / all, done, in_progress, open; optional carried), one bar per remedy, the
    completion rate (done / all) at the end.  ``year``: the previous year, for the title."""
    require_columns(rate, ("remedy", *STATUSES), "remediation_chart")
    rows = []
    for _, r in rate.iterrows():
        key = "all" if is_all(r["remedy"]) else key_of(r["remedy"], REMEDIES)
        if key is None:
            raise ValueError(f"remediation_chart: no remedy in row {dict(r)}")
        rows.append((key, {s: _count(r[s]) for s in STATUSES}, _count(r.get("carried"))))
    order = [*REMEDIES, "all"]
    rows.sort(key=lambda t: order.index(t[0]))
    labels = [_remedy_label(key, carried) for key, _c, carried in rows]
    fig, ax = _bar_figure(labels)
    for i, (_key, counts, _carried) in enumerate(rows):
        _share_bar(ax, i, counts, STATUS_STYLES)
        total = sum(counts.values())
        rate_text = f"{counts['done'] / total * 100:.1f}%"
        text = (f"完成率 completion\n{rate_text}（{counts['done']}/{total}）"
                if total else "无问题 none")  # fmt: skip
        ax.text(102, i, text, ha="left", va="center", fontsize=8)
    if rows and rows[-1][0] == "all":
        ax.axhline(len(rows) - 1.5, color="#999999", linewidth=0.6)
    _share_axis(ax, labels, "比例 share (%)，数字为问题数 numbers are counts of problems")
    when = f"{year}年" if year else "上一年度"
    when_en = f"{year}" if year else "the previous year"
    figure_title(fig, bilingual(f"{when}问题整治情况", f"Problems of {when_en}: remediation"))
    shown = [s for s in STATUSES if any(c[s] for _k, c, _x in rows)]
    legend_below(fig, [category_patch(s, words(s, STATUSES), styles=STATUS_STYLES,
                                      edgecolor="white") for s in shown], ncol=3)  # fmt: skip
    return fig


def _remedy_label(key: str, carried: int) -> str:
    zh, en = ("合计", "overall") if key == "all" else REMEDIES[key]
    if carried:
        return f"{zh} {en}\n含往年结转{carried}项 incl. {carried} carried forward"
    return f"{zh} {en}"


def remediation_frame(rate: Any) -> pd.DataFrame:
    """The frame :func:`remediation_chart` draws, from a mapping or model with, per remedy,
    ``<remedy>_done``, ``<remedy>_in_progress``, ``<remedy>_open`` (remedy = time_bound,
    best_effort, all) and optional ``<remedy>_carried``."""
    data = rate.model_dump() if hasattr(rate, "model_dump") else dict(rate)
    out = []
    for remedy in (*REMEDIES, "all"):
        row: dict[str, Any] = {"remedy": remedy}
        for s in (*STATUSES, "carried"):
            row[s] = data.get(f"{remedy}_{s}", 0) or 0
        out.append(row)
    return pd.DataFrame(out)
