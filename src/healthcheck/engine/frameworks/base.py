"""The interface every assessment framework implements (:mod:`healthcheck.engine.frameworks`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import pandas as pd

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Plan

__all__ = ["Framework", "MethodValue"]

#: a parameter of a method, as results.json holds it (``SummaryResults.method``)
MethodValue = float | int | str | list[float]


@runtime_checkable
class Framework(Protocol):
    """What every assessment framework provides."""

    @property
    def name(self) -> str:
        """The name ``plan.yaml`` gives (``framework:``) and results record."""
        ...

    @property
    def systems(self) -> Mapping[str, tuple[str, ...]]:
        """Verdict systems: the assessment column holding the verdict -> its vocabulary, in
        the order verdicts are counted and shown."""
        ...

    def assess(self, plan: Plan, obs: pd.DataFrame, year: int) -> pd.DataFrame:
        """One row per indicator of the plan (plan order) for report ``year``."""
        ...

    def districts(self, plan: Plan, obs: pd.DataFrame, year: int) -> pd.DataFrame:
        """One row per (indicator, district) compared."""
        ...

    def shortfalls(self, assessed: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``assessed`` that fall short, in the order they are listed."""
        ...

    def rollup(self, assessed: pd.DataFrame, system: str) -> pd.DataFrame:
        """Counts of the verdicts of ``system`` per domain (and the city), long format."""
        ...

    def method(self) -> dict[str, MethodValue]:
        """The method's parameters, as the methodology appendix prints them."""
        ...
