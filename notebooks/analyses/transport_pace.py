"""Recovery and pace: where the flows stand against the baseline, and the growth still needed.

For every targeted indicator (kinds level, growth, increase): its level against the baseline
(and against the last year before the baseline the data holds, e.g. a pre-pandemic year), the
observed and the required average annual growth, and the growth still required from now on.

Parameter (optional): ``indicators``, the ids to consider (default: the domain's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from healthcheck.analyses import AnalysisContext, Missing, city_series, pick_indicators, records
from healthcheck.charts import COLORS, bar_compare_chart, bilingual
from healthcheck.inputs.plan import Indicator
from healthcheck.text import finite

CAPTION = ("综合交通：实际年均增速与所需年均增速", "Transport: observed and required annual growth")
TABLE_CAPTION = ("表：恢复程度与所需增速", "Table: recovery and required growth")
KINDS = ("level", "growth", "increase")


def compute(
    ctx: AnalysisContext, *, indicators: Sequence[str] | None = None, **_: object
) -> pd.DataFrame:
    """One row per indicator: levels, growth observed and required, the verdict."""
    inds = [i for i in pick_indicators(ctx, indicators) if i.kind in KINDS]
    if not inds:
        raise Missing("targeted transport indicators")
    return pd.DataFrame([_row(ctx, ind) for ind in inds])


def _row(ctx: AnalysisContext, ind: Indicator) -> dict[str, Any]:
    r = ctx.row(ind.id)
    s = city_series(ctx, ind.id)
    t0, T = int(ind.baseline_year), int(ind.target_year)
    pre = max((y for y in s if y < t0), default=None)
    pre_value = None if pre is None else s[pre][0]
    y0, yt, yT, t = finite(r["baseline"]), finite(r["value"]), finite(r["target_value"]), r["year"]
    remaining = None
    if yt is not None and yT is not None and t is not None and int(t) < T and yt > 0 and yT > 0:
        remaining = (yT / yt) ** (1 / (T - int(t))) - 1
    return {
        "id": ind.id,
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "flow": "per year" in ind.unit_en.lower() or ind.unit_zh.endswith("/年"),
        "baseline_year": t0,
        "baseline": y0,
        "year": t,
        "value": yt,
        "target_value": yT,
        "pre_baseline_year": pre,
        "pre_baseline_value": pre_value,
        "level_vs_baseline": (yt / y0) if (yt is not None and y0) else None,
        "level_vs_pre_baseline": (yt / pre_value) if (yt is not None and pre_value) else None,
        "cagr_observed": finite(r["cagr_observed"]),
        "cagr_required": finite(r["cagr_required"]),
        "cagr_required_from_now": remaining,
        "verdict": r["schedule_verdict"],
        "illustrative": ctx.illustrative(ind.id),
    }


def shown(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows the figure shows: those with an observed or a required growth."""
    return [
        r
        for r in records(frame)
        if r["cagr_observed"] is not None or r["cagr_required"] is not None
    ]


def illustrative(frame: pd.DataFrame, ctx: AnalysisContext, **_: object) -> bool:
    """The figure shows an illustrative value if a row it shows rests on one."""
    return any(r["illustrative"] for r in shown(frame))


def draw(frame: pd.DataFrame, ctx: AnalysisContext, **_: object) -> Figure:
    rows = shown(frame)
    series = [
        (
            "实际年均增速 observed growth per year (%)",
            [_pct(r["cagr_observed"]) for r in rows],
            COLORS["observed"],
        ),
        (
            "所需年均增速（自基线）required per year from the baseline (%)",
            [_pct(r["cagr_required"]) for r in rows],
            COLORS["target"],
        ),
    ]
    if any(r["cagr_required_from_now"] is not None for r in rows):
        series.append(
            (
                "今后所需年均增速 still required per year (%)",
                [_pct(r["cagr_required_from_now"]) for r in rows],
                COLORS["projection"],
            )
        )
    illus = illustrative(frame, ctx)
    return bar_compare_chart(
        [_label(ctx.plan.indicator(r["id"])) for r in rows],
        series,
        xlabel="年均增速 growth per year (%)",
        fmt=lambda v: f"{v:.1f}",
        title=bilingual(
            "综合交通：实际与所需年均增速", "Transport: observed against required annual growth"
        ),
        notes=["注：含示意数据 note: includes illustrative values"] if illus else [],
    )


def flows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The flows (per-year units) with a value and a baseline: their recovery is described."""
    return [r for r in records(frame) if r["flow"] and r["value"] is not None and r["baseline"]]


def describe(frame: pd.DataFrame, ctx: AnalysisContext, **_: object) -> tuple[str, str]:
    zh, en = _recovery(frame)
    gaps = [r for r in shown(frame) if r["cagr_required_from_now"] is not None]
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
            for r in shown(frame)
            if r["cagr_observed"] is not None
            and r["cagr_required"]
            and r["cagr_observed"] < r["cagr_required"]
        ]
        zh += f"已到目标年：{len(slow)}项指标的实际年均增速低于所需增速。"
        en += (
            f" The target year is reached: {len(slow)} indicators grew more slowly than "
            "their targets required."
        )
    return zh, en.strip()


def _recovery(frame: pd.DataFrame) -> tuple[str, str]:
    rows = flows(frame)
    if not rows:
        return "", ""
    t0 = int(frame["baseline_year"].iloc[0])
    has_pre = any(r["pre_baseline_year"] is not None for r in rows)
    best = max(rows, key=lambda r: r["level_vs_baseline"])
    low = min(rows, key=lambda r: r["level_vs_baseline"])
    ids = [r["id"] for r in rows]
    zh = f"{t0}年基线年受疫情影响，部分客货运量（尤其是客运，{'、'.join(ids)}中的旅客指标）偏低。"
    en = (
        f"The {t0} baseline is a pandemic year: some of the flows ({', '.join(ids)}), passenger "
        "traffic above all, were depressed. "
    )
    if not has_pre:
        zh += (
            f"数据中没有{t0}年以前（疫情前）的数值，"
            f"因此只能以{t0}年基线衡量恢复程度，这会高估恢复。"
        )
        en += (
            f"The data holds no value before {t0} (no pre-pandemic year), so recovery can only "
            f"be measured against the {t0} baseline, which overstates it. "
        )
    zh += (
        f"最新一年相对{t0}年水平，{best['id']} {best['name_zh']}为{t0}年的"
        f"{best['level_vs_baseline']:.2f}倍，{low['id']} {low['name_zh']}为"
        f"{low['level_vs_baseline']:.2f}倍。"
    )
    en += (
        f"In the latest year, {best['id']} {best['name_en']} stood at "
        f"{best['level_vs_baseline']:.2f} times its {t0} level and {low['id']} "
        f"{low['name_en']} at {low['level_vs_baseline']:.2f} times."
    )
    return zh, en


def _label(ind: Indicator, width: int = 64) -> str:
    return bilingual(f"{ind.id} {ind.name_zh}", ind.name_en, width)


def _pct(x: float | None) -> float | None:
    return None if x is None else x * 100
