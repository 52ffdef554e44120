"""The question each domain's planners ask beyond the verdicts: one figure and one table each.

===============  ==========================================================================
domain           analysis
===============  ==========================================================================
spatial          emergency circles: central against new districts, each against its own
                 response-time target (city series and district values)
transport        recovery and pace: where flows stand against the 2020 baseline (and any
                 pre-pandemic year the data holds), observed against required annual growth
utilities        building pace: capacity added per year so far against the pace the target
                 needs, from the baseline and from now
resilience       pumping capacity against the drainage standard, year by year
public_services  hospital beds against population growth: beds implied by the per-1000 rate,
                 and the beds the target needs at the projected population
environment      sewage treatment capacity against the treatment rate, year by year
renewal          annual renewal area against the average pace the cumulative target needs
(any other)      progress board: completion against time elapsed for every indicator
===============  ==========================================================================

Each function takes the notebook's :class:`~healthcheck.notebook.DomainContext` and returns an
:class:`Analysis`; :func:`run` picks the domain's, falling back on the progress board when the
series it needs are missing (another plan).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from healthcheck.charts import (
    COLORS,
    bar_compare_chart,
    bilingual,
    figure_title,
    legend_below,
    new_figure,
    progress_board,
    scatter_years_chart,
    short_number,
    status_bar,
    status_bar_handles,
    unit_label,
)
from healthcheck.text import finite, value_text

__all__ = ["ANALYSES", "Analysis", "run"]


@dataclass
class Analysis:
    figure: Any
    caption_zh: str
    caption_en: str
    table: pd.DataFrame | None
    table_caption_zh: str
    table_caption_en: str
    text_zh: str
    text_en: str
    key_numbers: dict[str, Any] = field(default_factory=dict)
    illustrative: bool = False


class Missing(LookupError):
    """The series an analysis needs are not in this plan or its data."""


def run(ctx: Any, which: str | None = None) -> Analysis:
    """The analysis ``which`` (default: the domain's own), or the progress board."""
    fn = progress if which == "progress" else ANALYSES.get(which or ctx.domain.id, progress)
    try:
        return fn(ctx)
    except Missing:
        return progress(ctx)


def _need(ctx: Any, *ids: str) -> None:
    have = {i.id for i in ctx.plan.indicators} | {c.id for c in ctx.plan.context}
    missing = [i for i in ids if i not in have or not len(ctx.points(i))]
    if missing:
        raise Missing(", ".join(missing))


def _label(ind: Any, width: int = 64) -> str:
    return bilingual(f"{ind.id} {ind.name_zh}", ind.name_en, width)


def _series(ctx: Any, sid: str) -> dict[int, tuple[float, str]]:
    pts = ctx.points(sid)
    pts = pts[pts["year"] <= ctx.year]
    return {
        int(y): (float(v), s)
        for y, v, s in zip(pts["year"], pts["value"], pts["status"], strict=True)
    }


# --------------------------------------------------------------------------------------------
# Any domain: the progress board


def progress(ctx: Any) -> Analysis:
    rows = []
    for r in ctx.assessment.to_dict("records"):
        r = {
            k: (None if (v is pd.NA or (isinstance(v, float) and math.isnan(v))) else v)
            for k, v in r.items()
        }
        r["illustrative"] = ctx.illustrative(r["id"])
        rows.append(r)
    fig = progress_board(
        rows,
        ctx.names,
        f"{ctx.domain.title_zh}：完成率与时序进度",
        f"{ctx.domain.title_en}: completion against time elapsed",
    )
    data = [r for r in rows if r.get("completion") is not None]
    table = pd.DataFrame(
        [
            {
                "id": r["id"],
                "name_zh": ctx.names[r["id"]][0],
                "name_en": ctx.names[r["id"]][1],
                "completion": r["completion"],
                "time_elapsed": r["time_elapsed"],
                "schedule_gap": r["schedule_gap"],
                "schedule_verdict": r["schedule_verdict"],
            }
            for r in data
        ],
        columns=[
            "id",
            "name_zh",
            "name_en",
            "completion",
            "time_elapsed",
            "schedule_gap",
            "schedule_verdict",
        ],
    ).sort_values("schedule_gap", kind="stable")
    if data:
        worst = table.iloc[0]
        best = table.iloc[-1]
        zh = (
            f"在有完成率的{len(data)}项指标中，进度差最大的是{worst['id']} {worst['name_zh']}"
            f"（完成率{worst['completion'] * 100:.0f}%，进度差"
            f"{(worst['schedule_gap']) * 100:+.0f}个百分点），最好的是{best['id']} "
            f"{best['name_zh']}（完成率{best['completion'] * 100:.0f}%）。"
        )
        en = (
            f"Of the {len(data)} indicators with a completion rate, {worst['id']} "
            f"{worst['name_en']} is furthest behind its schedule (completion "
            f"{worst['completion'] * 100:.0f}%, gap {worst['schedule_gap'] * 100:+.0f} pp); "
            f"{best['id']} {best['name_en']} is furthest ahead (completion "
            f"{best['completion'] * 100:.0f}%)."
        )
    else:
        zh = "本领域没有可计算完成率的指标。"
        en = "No indicator of this domain has a completion rate."
    return Analysis(
        fig,
        f"{ctx.domain.title_zh}：各指标完成率与时序进度",
        f"{ctx.domain.title_en}: completion of each indicator against time elapsed",
        table,
        "表：完成率与时序进度",
        "Table: completion against time elapsed",
        zh,
        en,
        {"worst": None if not data else str(table.iloc[0]["id"])},
        any(r["illustrative"] for r in data),
    )


# --------------------------------------------------------------------------------------------
# spatial: emergency circles, central against new districts


def emergency_circles(ctx: Any) -> Analysis:
    scoped = [i for i in ctx.indicators if i.district_scope and i.kind == "level"]
    if not scoped:
        raise Missing("indicators with a district scope")
    zones = dict(ctx.plan.zones)
    fig, (ax, bx) = new_figure(9.5, ncols=2, width_ratios=[1.15, 1])
    handles: list = []
    rows = []
    illus = False
    colors = [COLORS["central"], COLORS["new"], COLORS["projection"], COLORS["fell"]]
    for k, ind in enumerate(scoped):
        color = colors[k % len(colors)]
        zh, en = zones.get(ind.district_scope, (ind.district_scope, ind.district_scope))
        s = _series(ctx, ind.id)
        years = sorted(s)
        if years:
            ax.plot(years, [s[y][0] for y in years], color=color, linewidth=1.4, zorder=3)
            for y in years:
                v, st = s[y]
                hollow = st == "illustrative"
                illus |= hollow
                ax.plot(
                    [y],
                    [v],
                    marker="o",
                    linestyle="none",
                    mec=color,
                    mfc="white" if hollow else color,
                    mew=1.1,
                    zorder=4,
                )
        goal = ind.goal
        if goal is not None:
            ax.axhline(goal, color=color, linestyle=(0, (5, 2)), linewidth=1.0)
        handles.append(Line2D([], [], color=color, marker="o", label=f"{zh} {en}"))
        handles.append(
            Line2D(
                [],
                [],
                color=color,
                linestyle=(0, (5, 2)),
                label=f"{zh}目标 target: {short_number(goal, 6)}",
            )
        )
        d = ctx.districts[ctx.districts["id"] == ind.id].sort_values("value")
        statuses = ctx.district_statuses(ind.id) if len(d) else {}
        xs = [k + (j - (len(d) - 1) / 2) * 0.07 for j in range(len(d))]
        for x, (_, r) in zip(xs, d.iterrows(), strict=True):
            hollow = statuses.get(str(r["area"])) == "illustrative"
            illus |= hollow
            bx.plot(
                [x],
                [r["value"]],
                marker="o",
                linestyle="none",
                mec=color,
                mfc="white" if hollow else color,
                mew=1.1,
                markersize=5,
                zorder=4,
            )
        if goal is not None:
            bx.plot(
                [k - 0.4, k + 0.4], [goal, goal], color=color, linestyle=(0, (5, 2)), linewidth=1.2
            )
        meets = int(d["meets"].fillna(False).astype(bool).sum()) if len(d) else 0
        row = ctx.row(ind.id)
        worst = (
            d.iloc[-1] if ind.direction == "down" and len(d) else (d.iloc[0] if len(d) else None)
        )
        rows.append(
            {
                "id": ind.id,
                "zone": ind.district_scope,
                "zone_zh": zh,
                "zone_en": en,
                "target": goal,
                "city_value": row["value"],
                "city_year": row["year"],
                "districts": len(d),
                "districts_meeting": meets,
                "worst_district_zh": None if worst is None else worst["name_zh"],
                "worst_district_en": None if worst is None else worst["name_en"],
                "worst_value": None if worst is None else float(worst["value"]),
                "median": float(d["value"].median()) if len(d) else None,
            }
        )
    unit = unit_label(scoped[0].unit_zh, scoped[0].unit_en)
    ax.set_ylabel(unit)
    ax.set_xlabel("年份 Year")
    ax.set_title(bilingual("全市（分区域）逐年", "City series by zone", 30), loc="left")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    bx.set_xticks(range(len(scoped)))
    bx.set_xticklabels([bilingual(*zones.get(i.district_scope, ("", "")), 16) for i in scoped])
    bx.set_xlim(-0.6, len(scoped) - 0.4)
    bx.set_ylabel(unit)
    yr = sorted({int(y) for y in ctx.districts["year"].dropna()})
    bx.set_title(bilingual(f"各区 {yr[-1] if yr else ''}", "Districts", 30), loc="left")
    bx.grid(axis="x", visible=False)
    lo = min(ax.get_ylim()[0], bx.get_ylim()[0])
    hi = max(ax.get_ylim()[1], bx.get_ylim()[1])
    ax.set_ylim(lo, hi)
    bx.set_ylim(lo, hi)
    if illus:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                mec="#555555",
                mfc="white",
                label="示意数据 illustrative",
            )
        )
    figure_title(
        fig,
        bilingual(
            "医疗急救圈：中心城区与新城区各对照其目标",
            "Emergency circles: central and new districts, each against its own target",
        ),
    )
    legend_below(fig, handles, ncol=3)
    table = pd.DataFrame(rows)
    zh_parts, en_parts = [], []
    for r, ind in zip(rows, scoped, strict=True):
        if r["districts"]:
            zh_parts.append(
                f"{r['zone_zh']}{r['districts']}个区中有{r['districts_meeting']}个区达到"
                f"{short_number(r['target'], 6)}{ind.unit_zh}的目标，"
                f"最差的是{r['worst_district_zh']}（{short_number(r['worst_value'])}{ind.unit_zh}）"
            )
            en_parts.append(
                f"in the {r['zone_en']}, {r['districts_meeting']} of {r['districts']} districts "
                f"meet the target of {short_number(r['target'], 6)} {ind.unit_en}, the worst being "
                f"{r['worst_district_en']} ({short_number(r['worst_value'])} {ind.unit_en})"
            )
        else:
            zh_parts.append(f"{r['zone_zh']}没有分区数据")
            en_parts.append(f"the {r['zone_en']} have no district values")
    zh = "急救圈按区域分别设定目标：" + "；".join(zh_parts) + "。"
    en = "The emergency circles have one target per zone: " + "; ".join(en_parts) + "."
    return Analysis(
        fig,
        "医疗急救圈：中心城区与新城区分别对照各自目标",
        "Emergency circles: central and new districts, each against its own target",
        table,
        "表：急救反应时间分区域达标情况",
        "Table: emergency response time by zone",
        zh,
        en,
        {"zones": rows},
        illus,
    )


# --------------------------------------------------------------------------------------------
# transport: recovery and the growth still required


def transport_pace(ctx: Any) -> Analysis:
    inds = [i for i in ctx.indicators if i.kind in ("level", "growth", "increase")]
    if not inds:
        raise Missing("targeted transport indicators")
    rows = []
    for ind in inds:
        r = ctx.row(ind.id)
        s = _series(ctx, ind.id)
        t0, T = int(ind.baseline_year), int(ind.target_year)
        pre = [y for y in s if y < t0]
        y0, yt, yT, t = (
            finite(r["baseline"]),
            finite(r["value"]),
            finite(r["target_value"]),
            r["year"],
        )
        remaining = None
        if None not in (yt, yT) and t is not None and int(t) < T and yt > 0 and yT > 0:
            remaining = (yT / yt) ** (1 / (T - int(t))) - 1
        flow = "per year" in ind.unit_en.lower() or ind.unit_zh.endswith("/年")
        rows.append(
            {
                "id": ind.id,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "flow": flow,
                "baseline_year": t0,
                "baseline": y0,
                "year": t,
                "value": yt,
                "target_value": yT,
                "pre_baseline_year": max(pre) if pre else None,
                "pre_baseline_value": s[max(pre)][0] if pre else None,
                "level_vs_baseline": (yt / y0) if (yt is not None and y0) else None,
                "level_vs_pre_baseline": (yt / s[max(pre)][0])
                if (pre and yt is not None and s[max(pre)][0])
                else None,
                "cagr_observed": finite(r["cagr_observed"]),
                "cagr_required": finite(r["cagr_required"]),
                "cagr_required_from_now": remaining,
                "verdict": r["schedule_verdict"],
                "illustrative": ctx.illustrative(ind.id),
            }
        )
    table = pd.DataFrame(rows)
    shown = [r for r in rows if r["cagr_observed"] is not None or r["cagr_required"] is not None]
    labels = [_label(ctx.plan.indicator(r["id"])) for r in shown]
    series = [
        (
            "实际年均增速 observed growth per year (%)",
            [_pct(r["cagr_observed"]) for r in shown],
            COLORS["observed"],
        ),
        (
            "所需年均增速（自基线）required per year from the baseline (%)",
            [_pct(r["cagr_required"]) for r in shown],
            COLORS["target"],
        ),
    ]
    if any(r["cagr_required_from_now"] is not None for r in shown):
        series.append(
            (
                "今后所需年均增速 still required per year (%)",
                [_pct(r["cagr_required_from_now"]) for r in shown],
                COLORS["projection"],
            )
        )
    illus = any(r["illustrative"] for r in shown)
    notes = ["注：含示意数据 note: includes illustrative values"] if illus else []
    fig = bar_compare_chart(
        labels,
        series,
        xlabel="年均增速 growth per year (%)",
        fmt=lambda v: f"{v:.1f}",
        title=bilingual(
            "综合交通：实际与所需年均增速", "Transport: observed against required annual growth"
        ),
        notes=notes,
    )
    flows = [r for r in rows if r["flow"] and r["value"] is not None and r["baseline"]]
    has_pre = any(r["pre_baseline_year"] is not None for r in flows)
    t0 = int(inds[0].baseline_year)
    if flows:
        best = max(flows, key=lambda r: r["level_vs_baseline"])
        low = min(flows, key=lambda r: r["level_vs_baseline"])
        zh = (
            f"{t0}年基线年受疫情影响，部分客货运量（尤其是客运，"
            f"{'、'.join(r['id'] for r in flows)}中的旅客指标）偏低。"
            + (
                ""
                if has_pre
                else f"数据中没有{t0}年以前（疫情前）的数值，"
                f"因此只能以{t0}年基线衡量恢复程度，这会高估恢复。"
            )
            + f"最新一年相对{t0}年水平，{best['id']} {best['name_zh']}为{t0}年的"
            f"{best['level_vs_baseline']:.2f}倍，{low['id']} {low['name_zh']}为"
            f"{low['level_vs_baseline']:.2f}倍。"
        )
        en = (
            f"The {t0} baseline is a pandemic year: some of the flows "
            f"({', '.join(r['id'] for r in flows)}), passenger traffic above all, were "
            "depressed. "
            + (
                ""
                if has_pre
                else f"The data holds no value before {t0} (no pre-pandemic "
                f"year), so recovery can only be measured against the {t0} baseline, which "
                "overstates it. "
            )
            + f"In the latest year, {best['id']} {best['name_en']} stood at "
            f"{best['level_vs_baseline']:.2f} times its {t0} level and {low['id']} "
            f"{low['name_en']} at {low['level_vs_baseline']:.2f} times."
        )
    else:
        zh, en = "", ""
    gaps = [r for r in shown if r["cagr_required_from_now"] is not None]
    if gaps:
        hard = max(gaps, key=lambda r: r["cagr_required_from_now"])
        zh += (
            f"要在目标年达标，{hard['id']} {hard['name_zh']}今后每年需增长"
            f"{hard['cagr_required_from_now'] * 100:.1f}%（迄今年均"
            f"{(hard['cagr_observed'] or 0) * 100:.1f}%）。"
        )
        en += (
            f" To meet its target, {hard['id']} {hard['name_en']} must now grow "
            f"{hard['cagr_required_from_now'] * 100:.1f}% a year (so far "
            f"{(hard['cagr_observed'] or 0) * 100:.1f}% a year)."
        )
    else:
        slow = [
            r
            for r in shown
            if r["cagr_observed"] is not None
            and r["cagr_required"]
            and r["cagr_observed"] < r["cagr_required"]
        ]
        zh += f"已到目标年：{len(slow)}项指标的实际年均增速低于所需增速。"
        en += (
            f" The target year is reached: {len(slow)} indicators grew more slowly than "
            "their targets required."
        )
    return Analysis(
        fig,
        "综合交通：实际年均增速与所需年均增速",
        "Transport: observed and required annual growth",
        table,
        "表：恢复程度与所需增速",
        "Table: recovery and required growth",
        zh,
        en.strip(),
        {"flows": [r["id"] for r in flows], "pre_baseline_data": has_pre},
        illus,
    )


def _pc(x: float) -> str:
    """A relative change as a signed percentage: +12.3% / −0.5%."""
    return f"{x * 100:+.1f}%".replace("-", "−")


def _pct(x: float | None) -> float | None:
    return None if x is None else x * 100


# --------------------------------------------------------------------------------------------
# utilities: building pace


def building_pace(ctx: Any) -> Analysis:
    inds = [
        i
        for i in ctx.indicators
        if i.kind in ("level", "increase", "cumulative")
        and not i.is_percentage
        and i.goal is not None
    ]
    rows = []
    for ind in inds:
        r = ctx.row(ind.id)
        y0, yt, yT, t = (
            finite(r["baseline"]),
            finite(r["value"]),
            finite(r["target_value"]),
            r["year"],
        )
        t0, T = int(ind.baseline_year), int(ind.target_year)
        if None in (y0, yt, yT) or t is None or int(t) <= t0:
            continue
        t = int(t)
        so_far = (yt - y0) / (t - t0)
        needed = (yT - y0) / (T - t0)
        # nothing more is needed once the target is met (never a negative pace)
        from_now = max(0.0, (yT - yt) * ind.sign) * ind.sign / (T - t) if t < T else None
        rows.append(
            {
                "id": ind.id,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "unit_zh": ind.unit_zh,
                "unit_en": ind.unit_en,
                "baseline": y0,
                "value": yt,
                "year": t,
                "target_value": yT,
                "pace_so_far": so_far,
                "pace_needed": needed,
                "pace_needed_from_now": from_now,
                "so_far_share_of_needed": so_far / needed if needed else None,
                "from_now_share_of_needed": (from_now / needed)
                if (from_now is not None and needed)
                else None,
                "illustrative": ctx.illustrative(ind.id),
            }
        )
    if not rows:
        raise Missing("capacity indicators with baseline and value")
    labels = [_label(ctx.plan.indicator(r["id"])) for r in rows]
    series = [
        (
            "迄今年均建设速度 pace so far (% of needed)",
            [_pct(r["so_far_share_of_needed"]) for r in rows],
            COLORS["observed"],
        )
    ]
    if any(r["from_now_share_of_needed"] is not None for r in rows):
        series.append(
            (
                "今后所需速度 pace needed from now (% of needed)",
                [_pct(r["from_now_share_of_needed"]) for r in rows],
                COLORS["projection"],
            )
        )
    illus = any(r["illustrative"] for r in rows)
    fig = bar_compare_chart(
        labels,
        series,
        xlabel="占所需年均速度的百分比 % of the average pace needed",
        fmt=lambda v: f"{v:.0f}%".replace("-", "−"),
        title=bilingual(
            f"{ctx.domain.title_zh}：建设速度",
            f"{ctx.domain.title_en}: building pace against the pace needed",
        ),
        reference=(100.0, "所需年均速度 pace needed (100%)"),
        notes=["注：含示意数据 note: includes illustrative values"] if illus else [],
    )
    slow = sorted(rows, key=lambda r: r["so_far_share_of_needed"] or 0)[0]
    ind = ctx.plan.indicator(slow["id"])
    zh = (
        f"以基线到目标所需的年均建设量为100%，建设最慢的是{slow['id']} {slow['name_zh']}："
        f"迄今每年约{value_text(slow['pace_so_far'], ind, 'zh')}，"
        f"为所需的{slow['so_far_share_of_needed'] * 100:.0f}%"
    )
    en = (
        f"Taking the average yearly addition the target needs as 100%, the slowest is "
        f"{slow['id']} {slow['name_en']}: about {value_text(slow['pace_so_far'], ind, 'en')} "
        f"a year so far, {slow['so_far_share_of_needed'] * 100:.0f}% of the pace needed"
    )
    if slow["pace_needed_from_now"] is not None:
        zh += f"；今后每年需{value_text(slow['pace_needed_from_now'], ind, 'zh')}。"
        en += (
            f"; from now on it needs {value_text(slow['pace_needed_from_now'], ind, 'en')} a year."
        )
    else:
        zh += "。"
        en += "."
    return Analysis(
        fig,
        f"{ctx.domain.title_zh}：迄今建设速度与所需速度",
        f"{ctx.domain.title_en}: building pace so far against the pace needed",
        pd.DataFrame(rows),
        "表：年均建设量（迄今、所需、今后所需）",
        "Table: yearly additions (so far, needed, needed from now)",
        zh,
        en,
        {"slowest": slow["id"]},
        illus,
    )


# --------------------------------------------------------------------------------------------
# resilience / environment: one capacity against one outcome, year by year


def _pair(
    ctx: Any, xid: str, yid: str, zh_title: str, en_title: str, zh_q: str, en_q: str
) -> Analysis:
    _need(ctx, xid, yid)
    xi, yi = ctx.plan.indicator(xid), ctx.plan.indicator(yid)
    xs, ys = _series(ctx, xid), _series(ctx, yid)
    years = sorted(set(xs) & set(ys))
    frame = pd.DataFrame(
        {
            "year": years,
            xid: [xs[y][0] for y in years],
            yid: [ys[y][0] for y in years],
            "illustrative": [
                xs[y][1] == "illustrative" or ys[y][1] == "illustrative" for y in years
            ],
        }
    )
    xr, yr = ctx.row(xid), ctx.row(yid)
    xT, yT = finite(xr["target_value"]), finite(yr["target_value"])
    fig = scatter_years_chart(
        frame,
        x=xid,
        y=yid,
        xlabel=f"{xid} {xi.name_zh} {xi.name_en}（{unit_label(xi.unit_zh, xi.unit_en)}）",
        ylabel=f"{yid} {yi.name_zh}（{unit_label(yi.unit_zh, yi.unit_en)}）",
        title=bilingual(zh_title, en_title),
        xref=None if xT is None else (xT, f"{xid} 目标 target: {short_number(xT, 6)}"),
        yref=None if yT is None else (yT, f"{yid} 目标 target: {short_number(yT, 6)}"),
    )
    if len(years) >= 2:
        a, b = years[0], years[-1]
        dx = xs[b][0] - xs[a][0]
        dy = ys[b][0] - ys[a][0]
        zh = (
            f"{zh_q}{a}—{b}年，{xi.name_zh}变化{_signed(dx, xi, 'zh')}，"
            f"{yi.name_zh}变化{_signed(dy, yi, 'zh')}。"
        )
        en = (
            f"{en_q} From {a} to {b}, {xi.name_en} changed by {_signed(dx, xi, 'en')} and "
            f"{yi.name_en} by {_signed(dy, yi, 'en')}."
        )
        mx = xT is not None and _meets(xs[b][0], xT, xi)
        my = yT is not None and _meets(ys[b][0], yT, yi)
        if mx and not my:
            zh += f"{xid}已达到目标而{yid}尚未达到：能力之外的因素（管网、收集、运行）值得关注。"
            en += (
                f" {xid} meets its target while {yid} does not: look beyond capacity "
                "(networks, collection, operation)."
            )
        elif my and not mx:
            zh += f"{yid}已达标而{xid}尚未达标。"
            en += f" {yid} meets its target while {xid} does not yet."
    else:
        zh = f"{zh_q}两项指标共同的年份不足两年。"
        en = f"{en_q} The two series share fewer than two years."
    return Analysis(
        fig,
        zh_title,
        en_title,
        frame,
        f"表：{xi.name_zh}与{yi.name_zh}（逐年）",
        f"Table: {xi.name_en} and {yi.name_en}, by year",
        zh,
        en,
        {"years": years},
        bool(frame["illustrative"].any()),
    )


def _meets(v: float, target: float, ind: Any) -> bool:
    return ind.sign * (v - target) >= 0


def _signed(x: float, ind: Any, lang: str) -> str:
    """A change, signed; a change of a percentage in percentage points."""
    sign = "+" if x >= 0 else "−"
    if ind.is_percentage:
        return f"{sign}{abs(x):.1f}" + ("个百分点" if lang == "zh" else " pp")
    return sign + value_text(abs(x), ind, lang)  # type: ignore[arg-type]


def drainage(ctx: Any) -> Analysis:
    return _pair(
        ctx,
        "R01",
        "R02",
        "外排能力与排涝标准（逐年）",
        "Pumping capacity against the drainage standard, by year",
        "新增的外排能力是否带来了更高的排涝标准？",
        "Has the added pumping capacity raised the drainage standard?",
    )


def sewage(ctx: Any) -> Analysis:
    return _pair(
        ctx,
        "E01",
        "E02",
        "污水处理能力与集中处理率（逐年）",
        "Sewage treatment capacity against the treatment rate, by year",
        "污水处理能力的增长是否转化为更高的集中处理率？",
        "Has the added treatment capacity raised the treatment rate?",
    )


# --------------------------------------------------------------------------------------------
# public services: beds against population


def beds_population(ctx: Any) -> Analysis:
    _need(ctx, "P01", "POP")
    ind = ctx.plan.indicator("P01")
    beds, pop = _series(ctx, "P01"), _series(ctx, "POP")
    years = sorted(set(beds) & set(pop))
    if len(years) < 2:
        raise Missing("P01 and POP in two common years")
    t0 = years[0]
    implied = {y: beds[y][0] * pop[y][0] * 10 for y in years}  # per 1000 x 10k residents
    frame = pd.DataFrame(
        {
            "year": years,
            "population_10k": [pop[y][0] for y in years],
            "beds_per_1000": [beds[y][0] for y in years],
            "beds_implied": [implied[y] for y in years],
            "illustrative": [
                beds[y][1] == "illustrative" or pop[y][1] == "illustrative" for y in years
            ],
        }
    )
    T = int(ind.target_year)
    goal = ind.goal
    last = years[-1]
    # population at T: least-squares line through the years from t0 (or the last value)
    if last < T:
        n = len(years)
        mx = sum(years) / n
        my = sum(pop[y][0] for y in years) / n
        sxx = sum((y - mx) ** 2 for y in years)
        slope = sum((y - mx) * (pop[y][0] - my) for y in years) / sxx if sxx else 0.0
        pop_T = my + slope * (T - mx)
    else:
        pop_T = pop[T][0] if T in pop else pop[last][0]
    need_T = goal * pop_T * 10 if goal is not None else None
    fig, ax = new_figure(9.0)
    handles = []
    for key, name, color in (
        ("population_10k", "常住人口 resident population", COLORS["schedule"]),
        ("beds_implied", "床位总量（推算）beds in total (implied)", COLORS["observed"]),
        ("beds_per_1000", "每千人口床位数 beds per 1000 residents", COLORS["rose"]),
    ):
        base = frame[key].iloc[0]
        idx = [v / base * 100 for v in frame[key]]
        ax.plot(frame["year"], idx, color=color, linewidth=1.5, zorder=3)
        for y, v, il in zip(frame["year"], idx, frame["illustrative"], strict=True):
            ax.plot(
                [y],
                [v],
                marker="o",
                linestyle="none",
                mec=color,
                mfc="white" if il else color,
                mew=1.1,
                zorder=4,
            )
        handles.append(Line2D([], [], color=color, marker="o", label=name))
    if need_T is not None:
        idx_T = need_T / implied[t0] * 100
        ax.plot(
            [T],
            [idx_T],
            marker="*",
            markersize=10,
            color=COLORS["target"],
            linestyle="none",
            zorder=5,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="*",
                markersize=9,
                color=COLORS["target"],
                linestyle="none",
                label=f"{T}年达标所需床位 beds needed in {T}",
            )
        )
    if frame["illustrative"].any():
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                mec="#555555",
                mfc="white",
                label="示意数据 illustrative",
            )
        )
    ax.axhline(100, color="#999999", linewidth=0.6)
    ax.set_ylabel(f"指数 index, {t0} = 100")
    ax.set_xlabel("年份 Year")
    ax.set_xticks(range(t0, T + 1))
    ax.set_xlim(t0 - 0.4, T + 0.4)
    figure_title(fig, bilingual("床位与人口增长", "Hospital beds against population growth"))
    legend_below(fig, handles, ncol=2)
    p_growth = pop[last][0] / pop[t0][0] - 1
    b_growth = implied[last] / implied[t0] - 1
    r_growth = beds[last][0] / beds[t0][0] - 1
    zh = (
        f"{t0}—{last}年，常住人口变化{_pc(p_growth)}，按每千人口床位数推算的床位总量变化"
        f"{_pc(b_growth)}，每千人口床位数变化{_pc(r_growth)}。"
    )
    en = (
        f"From {t0} to {last}, the resident population changed by {_pc(p_growth)}, the beds "
        f"implied by the per-1000 rate by {_pc(b_growth)}, and beds per 1000 residents by "
        f"{_pc(r_growth)}."
    )
    if need_T is not None:
        more = need_T - implied[last]
        when = (
            f"按{T}年人口约{pop_T:.0f}万人计"
            if last == T
            else f"按{T}年人口（线性外推）约{pop_T:.0f}万人计"
        )
        zh += (
            f"要在{T}年达到每千人{short_number(goal, 6)}张，{when}，需床位约"
            f"{need_T / 1e4:.1f}万张，比{last}年推算床位数{'多' if more >= 0 else '少'}约"
            f"{abs(more) / 1e4:.1f}万张。"
        )
        en += (
            f" Reaching {short_number(goal, 6)} beds per 1000 residents in {T}, with about "
            f"{pop_T / 100:.2f} million residents"
            f"{'' if last == T else ' (linear projection)'}, takes about {need_T:,.0f} "
            f"beds, {abs(more):,.0f} {'more' if more >= 0 else 'fewer'} than implied for "
            f"{last}."
        )
    census = ctx.obs[
        (ctx.obs["indicator"] == "POP") & (ctx.obs["area"] == "") & (ctx.obs["year"] == t0)
    ]["note"]
    if len(census) and "census" in str(census.iloc[0]).lower():
        zh += (
            f"注意：{t0}年人口为人口普查数，与其后各年的年末常住人口口径不同，{t0}—{t0 + 1}年的"
            "增幅部分来自口径差异。"
        )
        en += (
            f" Note: the {t0} population is the census count, not a year-end estimate like "
            f"the later years; part of the {t0}–{t0 + 1} growth is a change of definition."
        )
    frame.loc[len(frame)] = {
        "year": T,
        "population_10k": pop_T,
        "beds_per_1000": goal,
        "beds_implied": need_T,
        "illustrative": False,
    }
    frame["row"] = ["observed"] * (len(frame) - 1) + ["needed at target (projected population)"]
    return Analysis(
        fig,
        "床位与人口增长（指数）",
        "Hospital beds against population growth (index)",
        frame,
        "表：人口、每千人口床位数与推算床位总量",
        "Table: population, beds per 1000 and implied beds",
        zh,
        en,
        {"population_growth": p_growth, "beds_growth": b_growth, "beds_needed": need_T},
        bool(frame["illustrative"].any()),
    )


# --------------------------------------------------------------------------------------------
# renewal: annual amounts against the pace the cumulative target needs


def renewal_pace(ctx: Any) -> Analysis:
    cum = [i for i in ctx.indicators if i.kind == "cumulative" and i.goal is not None]
    if not cum:
        raise Missing("a cumulative target")
    ind = cum[0]
    t0, T = int(ind.baseline_year), int(ind.target_year)
    s = _series(ctx, ind.id)
    years = [y for y in range(t0 + 1, min(ctx.year, T) + 1) if y in s]
    total = sum(s[y][0] for y in years)
    goal = float(ind.goal)
    needed = goal / (T - t0)
    last = years[-1] if years else t0
    from_now = (goal - total) / (T - last) if last < T else None
    fig, ax = new_figure(8.5)
    handles = []
    for y in years:
        v, st = s[y]
        hollow = st == "illustrative"
        status_bar(ax, y, v, hollow, width=0.6, linewidth=0.7)
        ax.text(
            y,
            v / 2,
            short_number(v),
            ha="center",
            va="center",
            fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
        )
    handles += status_bar_handles(s[y][1] for y in years)
    ax.axhline(needed, color=COLORS["target"], linewidth=1.2)
    handles.append(
        Line2D(
            [],
            [],
            color=COLORS["target"],
            label=f"所需年均 needed per year {t0 + 1}–{T}: {short_number(needed)}",
        )
    )
    if from_now is not None:
        ax.plot(
            [last + 0.5, T + 0.4],
            [from_now, from_now],
            color=COLORS["projection"],
            linestyle=(0, (5, 2)),
            linewidth=1.4,
        )
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["projection"],
                linestyle=(0, (5, 2)),
                label=f"今后所需年均 needed per year from {last + 1}: {short_number(from_now)}",
            )
        )
    if not years:
        ax.text(0.5, 0.5, "尚无年度数值 no annual amount yet", transform=ax.transAxes,
                ha="center", va="center", color="#777777")  # fmt: skip
    ax.set_xticks(range(t0 + 1, T + 1))
    ax.set_xlim(t0 + 0.4, T + 0.6)
    ax.set_ylim(0, max([needed, from_now or 0, *[s[y][0] for y in years]]) * 1.15)
    ax.set_ylabel(unit_label(ind.unit_zh, ind.unit_en))
    ax.set_xlabel("年份 Year")
    ax.grid(axis="x", visible=False)
    figure_title(
        fig,
        bilingual(
            f"{ind.id} {ind.name_zh}：年度完成量与所需年均量",
            f"{ind.name_en}: annual amounts against the yearly pace needed",
        ),
    )
    legend_below(fig, handles, ncol=2)
    table = pd.DataFrame(
        {
            "year": years,
            "annual": [s[y][0] for y in years],
            "running_sum": [sum(s[z][0] for z in years if z <= y) for y in years],
            "status": [s[y][1] for y in years],
        }
    )
    avg = total / len(years) if years else 0.0
    zh = (
        f"{t0 + 1}—{last}年累计完成{value_text(total, ind, 'zh')}，年均"
        f"{value_text(avg, ind, 'zh')}；实现{value_text(goal, ind, 'zh')}的目标平均每年需"
        f"{value_text(needed, ind, 'zh')}"
    )
    en = (
        f"{t0 + 1}–{last}: {value_text(total, ind, 'en')} in total, "
        f"{value_text(avg, ind, 'en')} a year; the target of {value_text(goal, ind, 'en')} "
        f"needs {value_text(needed, ind, 'en')} a year on average"
    )
    if from_now is not None:
        zh += f"，今后每年需{value_text(from_now, ind, 'zh')}。"
        en += f"; from now on {value_text(from_now, ind, 'en')} a year."
    else:
        zh += "。"
        en += "."
    return Analysis(
        fig,
        f"{ind.name_zh}：年度完成量与所需年均量",
        f"{ind.name_en}: annual amounts against the pace needed",
        table,
        "表：年度完成量与累计量",
        "Table: annual amounts and running sum",
        zh,
        en,
        {"total": total, "needed_per_year": needed, "needed_from_now": from_now},
        bool((table["status"] == "illustrative").any()),
    )


ANALYSES: dict[str, Callable[[Any], Analysis]] = {
    "spatial": emergency_circles,
    "transport": transport_pace,
    "utilities": building_pace,
    "resilience": drainage,
    "public_services": beds_population,
    "environment": sewage,
    "renewal": renewal_pace,
    "management": progress,
}
