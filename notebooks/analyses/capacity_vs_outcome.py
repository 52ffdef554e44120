"""One capacity against the outcome it should raise, year by year.

Does the added capacity (pumping, sewage treatment) show in the outcome (the drainage
standard, the treatment rate)?  One point per year the two series share, against both targets.

Parameters: ``capacity`` and ``outcome`` (indicator ids); ``title_zh`` / ``title_en`` (the
figure's title and caption); ``question_zh`` / ``question_en`` (the question the paragraph
opens with).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from healthcheck.analyses import AnalysisContext, city_series, need
from healthcheck.charts import bilingual, scatter_years_chart, short_number, unit_label
from healthcheck.inputs.plan import Indicator
from healthcheck.text import finite, value_text

CAPTION = ("{title_zh}", "{title_en}")
TABLE_CAPTION = (
    "表：{capacity_zh}与{outcome_zh}（逐年）",
    "Table: {capacity_en} and {outcome_en}, by year",
)


def compute(ctx: AnalysisContext, *, capacity: str, outcome: str, **_: object) -> pd.DataFrame:
    """The years both series have: year, the capacity, the outcome, illustrative."""
    need(ctx, capacity, outcome)
    xs, ys = city_series(ctx, capacity), city_series(ctx, outcome)
    years = sorted(set(xs) & set(ys))
    return pd.DataFrame(
        {
            "year": years,
            capacity: [xs[y][0] for y in years],
            outcome: [ys[y][0] for y in years],
            "illustrative": [
                xs[y][1] == "illustrative" or ys[y][1] == "illustrative" for y in years
            ],
        }
    )


def draw(
    frame: pd.DataFrame,
    ctx: AnalysisContext,
    *,
    capacity: str,
    outcome: str,
    title_zh: str,
    title_en: str,
    **_: object,
) -> Figure:
    xi, yi = ctx.plan.indicator(capacity), ctx.plan.indicator(outcome)
    xT, yT = _target(ctx, capacity), _target(ctx, outcome)
    return scatter_years_chart(
        frame,
        x=capacity,
        y=outcome,
        xlabel=f"{capacity} {xi.name_zh} {xi.name_en}（{unit_label(xi.unit_zh, xi.unit_en)}）",
        ylabel=f"{outcome} {yi.name_zh}（{unit_label(yi.unit_zh, yi.unit_en)}）",
        title=bilingual(title_zh, title_en),
        xref=None if xT is None else (xT, f"{capacity} 目标 target: {short_number(xT, 6)}"),
        yref=None if yT is None else (yT, f"{outcome} 目标 target: {short_number(yT, 6)}"),
    )


def describe(
    frame: pd.DataFrame,
    ctx: AnalysisContext,
    *,
    capacity: str,
    outcome: str,
    question_zh: str,
    question_en: str,
    **_: object,
) -> tuple[str, str]:
    if len(frame) < 2:
        return (
            f"{question_zh}两项指标共同的年份不足两年。",
            f"{question_en} The two series share fewer than two years.",
        )
    xi, yi = ctx.plan.indicator(capacity), ctx.plan.indicator(outcome)
    first, last = frame.iloc[0], frame.iloc[-1]
    a, b = int(first["year"]), int(last["year"])
    dx = float(last[capacity]) - float(first[capacity])
    dy = float(last[outcome]) - float(first[outcome])
    zh = (
        f"{question_zh}{a}—{b}年，{xi.name_zh}变化{_signed(dx, xi, 'zh')}，"
        f"{yi.name_zh}变化{_signed(dy, yi, 'zh')}。"
    )
    en = (
        f"{question_en} From {a} to {b}, {xi.name_en} changed by {_signed(dx, xi, 'en')} and "
        f"{yi.name_en} by {_signed(dy, yi, 'en')}."
    )
    xT, yT = _target(ctx, capacity), _target(ctx, outcome)
    mx = xT is not None and _meets(float(last[capacity]), xT, xi)
    my = yT is not None and _meets(float(last[outcome]), yT, yi)
    if mx and not my:
        zh += (
            f"{capacity}已达到目标而{outcome}尚未达到：能力之外的因素（管网、收集、运行）值得关注。"
        )
        en += (
            f" {capacity} meets its target while {outcome} does not: look beyond capacity "
            "(networks, collection, operation)."
        )
    elif my and not mx:
        zh += f"{outcome}已达标而{capacity}尚未达标。"
        en += f" {outcome} meets its target while {capacity} does not yet."
    return zh, en


def _target(ctx: AnalysisContext, indicator: str) -> float | None:
    return finite(ctx.row(indicator)["target_value"])


def _meets(v: float, target: float, ind: Indicator) -> bool:
    return ind.sign * (v - target) >= 0


def _signed(x: float, ind: Indicator, lang: str) -> str:
    """A change, signed; a change of a percentage in percentage points."""
    sign = "+" if x >= 0 else "−"
    if ind.is_percentage:
        return f"{sign}{abs(x):.1f}" + ("个百分点" if lang == "zh" else " pp")
    return sign + value_text(abs(x), ind, "zh" if lang == "zh" else "en")
