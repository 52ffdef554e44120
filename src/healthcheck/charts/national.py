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
    LEVEL_NAMES,
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
    "ledger_frame",
    "problem_map",
    "rating_chart",
    "remediation_chart",
    "remediation_frame",
]

#: the height of a one-line row and of each further line of a label (cm)
ROW_CM, LINE_CM = 0.4, 0.3
#: the height of a grade cell (cm)
CELL_CM = 0.3
#: the width of the board's labels (half-width characters): one line for most indicators,
#: leaving about 5.6 cm for the four grade columns
LABEL_WIDTH = 72
#: the marker of the default rule's grade where the experts' grade replaced it
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
    fig, ax = new_figure(2.6 + sum(heights))
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
    # grouped by the Chinese name (a 特色指标's English may word the dimension differently)
    dims = list(dict.fromkeys(frame["dimension_zh"]))
    for zh in dims:
        sub = frame[frame["dimension_zh"] == zh]
        en = sub["dimension_en"].iloc[0]
        items.append({"header": True, "label": bilingual(str(zh), str(en), LABEL_WIDTH)})
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
        "label": bilingual(f"{r['id']} {r['name_zh']}", str(r["name_en"]), LABEL_WIDTH),
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
            (col + 0.08, y - CELL_CM / 2),
            0.84,
            CELL_CM,
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
    labels = [_rating_label(frame, r) for _, r in frame.iterrows()]
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


def _rating_label(frame: pd.DataFrame, r: pd.Series) -> str:
    """The dimension's name, after its level's where the frame has several levels (or gives
    ``level_zh``/``level_en``)."""
    zh, en = str(r["dimension_zh"]), str(r["dimension_en"])
    if "level_zh" in frame.columns and pd.notna(r["level_zh"]):
        zh, en = f"{r['level_zh']}·{zh}", f"{r.get('level_en', '')}: {en}"
    elif "level" in frame.columns and frame["level"].nunique() > 1:
        lv_zh, lv_en = LEVEL_NAMES[key_of(r["level"], LEVEL_NAMES) or "city"]
        zh, en = f"{lv_zh}·{zh}", f"{lv_en.capitalize()}: {en}"
    return bilingual(zh, en, 60)  # two lines at most: "Residential estates and communities: …"


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
    wide = wide.reindex(columns=[lv for lv in LEVELS if lv in wide.columns and wide[lv].sum()])
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


def ledger_frame(
    counts: pd.DataFrame | Sequence[Any],
    levels: Mapping[str, str] | None = None,
    unit_level: str = "community",
) -> pd.DataFrame:
    """The frame :func:`ledger_bars` draws from the engine's ledger counts (``LedgerCount``
    models or a frame of their fields: indicator, unit_level, unit, unit_name_zh,
    unit_name_en, records): the records of the units of ``unit_level`` summed by the level of
    their indicator (the frame's ``level`` column, else ``levels``: indicator id -> housing /
    community / block)."""
    frame = (
        counts.copy()
        if isinstance(counts, pd.DataFrame)
        else pd.DataFrame([c.model_dump() if hasattr(c, "model_dump") else dict(c) for c in counts])
    )
    cols = ["unit_id", "name_zh", "name_en", "level", "count"]
    if not len(frame):
        return pd.DataFrame(columns=cols)
    require_columns(
        frame, ("indicator", "unit_level", "unit", "unit_name_zh", "unit_name_en", "records"),
        "ledger_frame",
    )  # fmt: skip
    frame = frame[frame["unit_level"] == unit_level].copy()
    if "level" not in frame.columns or levels is not None:
        levels = dict(levels or {})
        unknown = sorted(set(frame["indicator"]) - set(levels))
        if unknown:
            raise ValueError(f"ledger_frame: no level for indicator(s) {', '.join(unknown)}")
        frame["level"] = frame["indicator"].map(levels)
    keys = ["unit", "unit_name_zh", "unit_name_en", "level"]
    out = frame.groupby(keys)["records"].sum().reset_index()
    out.columns = cols
    return out[out["level"].isin(list(LEVELS))].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Remediation


def remediation_chart(rate: pd.DataFrame, *, year: int | None = None) -> Figure:
    """The previous year's problems by this year's status, one bar per remedy (column remedy
    = time_bound / best_effort / all), the completion rate done / total at the end.

    Columns: ``remedy``, ``done`` (done in time: what 问题整治完成率 counts) and any of
    ``late`` (限时解决 done after the deadline), ``in_progress``, ``open``, ``not_done``, and/or
    ``total`` (the rest of it is drawn as not done); optional ``carried`` (carried forward
    into this year's ledger) and ``overdue`` (限时解决 past their due month), said under the
    remedy.  ``year``: the previous year, for the title.  :func:`remediation_frame` makes it
    from the engine's ``RemediationRate``."""
    require_columns(rate, ("remedy", "done"), "remediation_chart")
    given = [c for c in STATUS_STYLES if c in rate.columns and c != "done"]
    if not given and "total" not in rate.columns:
        raise ValueError(
            "remediation_chart: needs 'total' or the unfinished problems by status "
            f"({', '.join(s for s in STATUS_STYLES if s != 'done')})"
        )
    rows = [_remediation_row(r, given) for _, r in rate.iterrows()]
    order = [*REMEDIES, "all"]
    rows.sort(key=lambda t: order.index(t[0]))
    labels = [_remedy_label(key, notes) for key, _c, notes in rows]
    fig, ax = _bar_figure(labels)
    for i, (_key, counts, _notes) in enumerate(rows):
        _share_bar(ax, i, counts, STATUS_STYLES)
        total = sum(counts.values())
        text = "无问题 none"
        if total:
            share = f"{counts['done'] / total * 100:.1f}%"
            text = f"完成率 completion\n{share}（{counts['done']}/{total}）"
        ax.text(102, i, text, ha="left", va="center", fontsize=8)
    if rows and rows[-1][0] == "all":
        ax.axhline(len(rows) - 1.5, color="#999999", linewidth=0.6)
    _share_axis(ax, labels, "比例 share (%)，数字为问题数 numbers are counts of problems")
    when = f"{year}年" if year else "上一年度"
    when_en = f"{year}" if year else "the previous year"
    figure_title(fig, bilingual(f"{when}问题整治情况", f"Problems of {when_en}: remediation"))
    shown = [s for s in STATUS_STYLES if any(c.get(s) for _k, c, _x in rows)]
    legend_below(fig, [category_patch(s, words(s, STATUSES), styles=STATUS_STYLES,
                                      edgecolor="white") for s in shown], ncol=4)  # fmt: skip
    return fig


def _remediation_row(
    r: pd.Series, given: Sequence[str]
) -> tuple[str, dict[str, int], dict[str, int]]:
    """(remedy key, counts by status in drawing order, notes: carried, overdue) of one row."""
    key = "all" if is_all(r["remedy"]) else key_of(r["remedy"], REMEDIES)
    if key is None:
        raise ValueError(f"remediation_chart: no remedy in row {dict(r)}")
    counts = {"done": _count(r["done"]), **{s: _count(r[s]) for s in given}}
    if "total" in r.index and pd.notna(r["total"]):
        total, counted = _count(r["total"]), sum(counts.values())
        if total < counted:
            raise ValueError(
                f"remediation_chart: {key}: the statuses add up to {counted} > total {total}"
            )
        counts["not_done"] = counts.get("not_done", 0) + total - counted
    order = list(STATUS_STYLES)
    counts = dict(sorted(counts.items(), key=lambda kv: order.index(kv[0])))
    notes = {n: _count(r.get(n)) for n in ("carried", "overdue")}
    return key, counts, notes


def _remedy_label(key: str, notes: Mapping[str, int]) -> str:
    zh, en = ("合计", "overall") if key == "all" else REMEDIES[key]
    extra_zh, extra_en = [], []
    if notes.get("overdue"):
        extra_zh.append(f"逾期{notes['overdue']}项")
        extra_en.append(f"{notes['overdue']} overdue")
    if notes.get("carried"):
        extra_zh.append(f"结转{notes['carried']}项")
        extra_en.append(f"{notes['carried']} carried forward")
    if extra_zh:
        return f"{zh} {en}\n{'，'.join(extra_zh)} {', '.join(extra_en)}"
    return f"{zh} {en}"


def remediation_frame(rate: Any) -> pd.DataFrame:
    """The frame :func:`remediation_chart` draws, from the engine's ``RemediationRate`` (or a
    mapping of its fields): per remedy ``<remedy>_done`` and ``<remedy>_total`` (and
    ``<remedy>_in_progress`` / ``<remedy>_open`` where given); the overall row adds them up
    and carries ``carried_forward``; the 限时 row ``overdue`` (lists of problem ids)."""
    data = rate.model_dump() if hasattr(rate, "model_dump") else dict(rate)
    out: list[dict[str, Any]] = []
    split = all(data.get(f"{r}_{s}") is not None for r in REMEDIES for s in ("in_progress", "open"))
    for remedy in REMEDIES:
        row: dict[str, Any] = {
            "remedy": remedy,
            "done": int(data.get(f"{remedy}_done") or 0),
            "total": int(data.get(f"{remedy}_total") or 0),
        }
        if split:
            row["in_progress"] = int(data[f"{remedy}_in_progress"])
            row["open"] = int(data[f"{remedy}_open"])
        out.append(row)
    out[0]["overdue"] = len(data.get("overdue") or [])
    overall = {k: sum(r[k] for r in out) for k in out[0] if k not in ("remedy", "overdue")}
    out.append({"remedy": "all", **overall, "carried": len(data.get("carried_forward") or [])})
    frame = pd.DataFrame(out)
    return frame.drop(columns="total") if split else frame
