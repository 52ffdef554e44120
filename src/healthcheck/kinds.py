"""Indicator kinds: one registry entry per kind, with everything that is the kind's own.

A kind says how a target is stated ("reach X", "add X", "grow by X %", "X in total from the
baseline", "rise every year", "done by T"), how the series is read (levels, or annual amounts
summed from the baseline), which family of verdicts judges it, and how it is named and drawn.
Other modules register their part by kind name and a test asserts that every registry has the
same keys as :data:`KINDS`:

* the engine's verdict families (:mod:`healthcheck.engine`),
* the charts (:data:`healthcheck.charts.indicator.CHARTS`),
* the sentences (:data:`healthcheck.text.narrative.SENTENCES`).

Adding a kind is an entry here, its chart and its sentence.  Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["KINDS", "Family", "Kind", "kind"]

#: how a kind is judged: against a target value (completion and time elapsed), year on year,
#: or done / not done
Family = Literal["targeted", "trend", "milestone"]


@dataclass(frozen=True)
class Kind:
    """One indicator kind."""

    name: str
    family: Family
    label_zh: str
    label_en: str
    #: what the kind's chart always shows (its caption after the indicator's name; what a chart
    #: draws only sometimes, a projection, is added by ``charts.indicator_caption``)
    caption_zh: str
    caption_en: str
    #: the series holds annual amounts, assessed as their running sum from the baseline year
    running_sum: bool = False
    #: the target value is derived from the baseline: y0 + X ("add") or y0 (1 + X/100) ("grow")
    target_from_baseline: Literal["", "add", "grow"] = ""
    #: the value added since the baseline is reported (``added``)
    reports_added: bool = False

    @property
    def has_target_value(self) -> bool:
        return self.family == "targeted"

    def target_words(self, target_year: int, lang: Literal["zh", "en"]) -> str | None:
        """The target in words where the kind has no target value; None where it has one."""
        if self.family == "trend":
            return "逐年提升" if lang == "zh" else "rise every year"
        if self.family == "milestone":
            return f"{target_year}年前完成" if lang == "zh" else f"done by {target_year}"
        return None


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "level", "targeted", "达到值", "level",
            "观测值、基线、目标与时序进度路径",
            "observations, baseline, target and schedule path",
        ),
        Kind(
            "increase", "targeted", "新增量", "increase",
            "总量、基线、目标（基线加新增量）与已新增量",
            "level, baseline, target (baseline plus the increase) and amount added so far",
            target_from_baseline="add", reports_added=True,
        ),
        Kind(
            "growth", "targeted", "增幅", "growth",
            "水平、基线与目标（基线乘以增幅）",
            "level, baseline and target (baseline times the growth)",
            target_from_baseline="grow",
        ),
        Kind(
            "cumulative", "targeted", "累计量", "cumulative",
            "年度完成量与累计量对照目标",
            "annual amounts and their running sum against the target",
            running_sum=True, reports_added=True,
        ),
        Kind(
            "trend", "trend", "逐年提升", "trend",
            "水平与较上年变化", "level and change on the previous year",
        ),
        Kind(
            "milestone", "milestone", "建设事项", "milestone",
            "建设事项完成情况（按年）", "milestone, done or not, by year",
        ),
    )
}  # fmt: skip


def kind(name: str) -> Kind:
    """The kind called ``name``; KeyError naming the known kinds otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown indicator kind {name!r}; known: {', '.join(KINDS)}") from None
