"""Building pace: the capacity added per year so far against the pace the target needs.

For every capacity indicator with a goal (not a percentage): the average yearly addition from
the baseline to the latest value, the average the target needs over the whole period, and the
yearly addition still needed from now on, each as a share of the needed average (100 %).

Parameter (optional): ``indicators``, the ids to consider (default: the domain's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from healthcheck.analyses import AnalysisContext, Missing, pick_indicators, records
from healthcheck.charts import COLORS, bar_compare_chart, bilingual
from healthcheck.inputs.plan import Indicator
from healthcheck.text import finite, value_text

CAPTION = (
    "{domain_zh}：迄今建设速度与所需速度",
    "{domain_en}: building pace so far against the pace needed",
)
TABLE_CAPTION = (
    "表：年均建设量（迄今、所需、今后所需）",
    "Table: yearly additions (so far, needed, needed from now)",
)
KINDS = ("level", "increase", "cumulative")


def compute(
    ctx: AnalysisContext, *, indicators: Sequence[str] | None = None, **_: object
) -> pd.DataFrame:
    """One row per indicator with a baseline and a later value."""
    rows = []
    for ind in _candidates(ctx, indicators):
        row = _pace(ctx, ind)
        if row is not None:
            rows.append(row)
    if not rows:
        raise Missing("capacity indicators with baseline and value")
    return pd.DataFrame(rows)


def _candidates(ctx: AnalysisContext, ids: Sequence[str] | None) -> list[Indicator]:
    return [
        i
        for i in pick_indicators(ctx, ids)
        if i.kind in KINDS and not i.is_percentage and i.goal is not None
    ]


def _pace(ctx: AnalysisContext, ind: Indicator) -> dict[str, Any] | None:
    r = ctx.row(ind.id)
    y0, yt, yT = finite(r["baseline"]), finite(r["value"]), finite(r["target_value"])
    t0, T = int(ind.baseline_year), int(ind.target_year)
    if y0 is None or yt is None or yT is None or r["year"] is None or int(r["year"]) <= t0:
        return None
    t = int(r["year"])
    so_far = (yt - y0) / (t - t0)
    needed = (yT - y0) / (T - t0)
    # nothing more is needed once the target is met (never a negative pace)
    from_now = max(0.0, (yT - yt) * ind.sign) * ind.sign / (T - t) if t < T else None
    return {
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


def draw(frame: pd.DataFrame, ctx: AnalysisContext, **_: object) -> Figure:
    rows = records(frame)
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
    return bar_compare_chart(
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


def describe(frame: pd.DataFrame, ctx: AnalysisContext, **_: object) -> tuple[str, str]:
    slow = slowest(frame)
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
    return zh, en


def slowest(frame: pd.DataFrame) -> dict[str, Any]:
    """The row with the smallest pace so far as a share of the pace needed."""
    return sorted(records(frame), key=lambda r: r["so_far_share_of_needed"] or 0)[0]


def _label(ind: Indicator, width: int = 64) -> str:
    return bilingual(f"{ind.id} {ind.name_zh}", ind.name_en, width)


def _pct(x: float | None) -> float | None:
    return None if x is None else x * 100
