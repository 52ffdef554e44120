"""The plan's own targets (today's method): each indicator gets a schedule verdict (完成率
against 时序进度) and an international category (Open SDG's progress measure); the
methodology is the docstring of :mod:`healthcheck.engine`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from healthcheck.engine.assessment import assess_plan
from healthcheck.engine.districts import assess_districts
from healthcheck.engine.frameworks.base import MethodValue
from healthcheck.engine.international import (
    THRESHOLDS_NO_TARGET,
    THRESHOLDS_TARGET,
    ZERO_TARGET_REPLACEMENT,
)
from healthcheck.engine.schedule import COMPLETION_MEANINGFUL_MAX, FAR_SHORT, NEAR_BASELINE
from healthcheck.engine.series import REL_TOL
from healthcheck.engine.summary import VOCABULARIES
from healthcheck.engine.summary import rollup as _rollup
from healthcheck.engine.summary import shortfalls as _shortfalls

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Plan

__all__ = ["PLAN_TARGETS", "PlanTargets"]


class PlanTargets:
    """The ``plan_targets`` framework (see :class:`healthcheck.engine.frameworks.Framework`)."""

    name = "plan_targets"
    #: schedule_verdict -> SCHEDULE_VERDICTS, international_category -> INTERNATIONAL_CATEGORIES
    systems: Mapping[str, tuple[str, ...]] = VOCABULARIES

    def assess(self, plan: Plan, obs: pd.DataFrame, year: int) -> pd.DataFrame:
        return assess_plan(plan, obs, year)

    def districts(self, plan: Plan, obs: pd.DataFrame, year: int) -> pd.DataFrame:
        return assess_districts(plan, obs, year)

    def shortfalls(self, assessed: pd.DataFrame) -> pd.DataFrame:
        return _shortfalls(assessed)

    def rollup(self, assessed: pd.DataFrame, system: str) -> pd.DataFrame:
        if system not in self.systems:
            raise ValueError(
                f"{self.name} has no verdict system {system!r}; known: {', '.join(self.systems)}"
            )
        return _rollup(assessed, system)

    def method(self) -> dict[str, MethodValue]:
        """Open SDG's thresholds with a target (ratio R, C4) and without (growth rate, C5), the
        replacement of a zero target (C3), the relative tolerance of B9, when completion is
        meaningful (B10) and the class of a distance to the target (B11)."""
        return {
            "thresholds_target": list(THRESHOLDS_TARGET),
            "thresholds_trend": list(THRESHOLDS_NO_TARGET),
            "zero_target": ZERO_TARGET_REPLACEMENT,
            "tolerance": REL_TOL,
            "near_baseline": NEAR_BASELINE,
            "completion_max": COMPLETION_MEANINGFUL_MAX,
            "far_short": FAR_SHORT,
        }


PLAN_TARGETS = PlanTargets()
