"""Provenance: the one rule for "does this show an illustrative value?".

Every value carries a status: ``official`` (a statistical bulletin or government body),
``reported`` (a published news report), ``estimate`` (derived by the analysts from published
figures) or ``illustrative`` (a placeholder where nothing was published).  What a figure, a
table row or a verdict shows is illustrative when a value it rests on is:

* a value: its own status;
* an indicator's verdict: the values of the years it is computed from -- the baseline year to
  the year of the value used (a milestone: every year up to it, since "done" is read from
  any of them);
* a district's figure: the value of its year, or, for a kind assessed on the running sum of
  annual amounts, every amount from the year after the baseline to that year;
* a chapter or report: the share of its values (up to the report year) that are illustrative.

The notebooks apply these functions and write booleans into the results; the report and the
other outputs read the booleans and never decide again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from healthcheck.kinds import kind

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ILLUSTRATIVE",
    "PUBLISHED",
    "STATUSES",
    "district_illustrative",
    "illustrative_counts",
    "illustrative_share",
    "illustrative_years",
    "is_illustrative",
    "verdict_years",
]

STATUSES: tuple[str, ...] = ("official", "reported", "estimate", "illustrative")
#: the statuses of published figures (drawn as filled markers and bars)
PUBLISHED: tuple[str, ...] = ("official", "reported")
ILLUSTRATIVE = "illustrative"


class IndicatorLike(Protocol):
    """What the rule reads of an indicator (a :class:`healthcheck.inputs.plan.Indicator`; a
    protocol, so that the rule needs neither the plan's module nor pandas)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def baseline_year(self) -> int: ...


def is_illustrative(status: object) -> bool:
    """Whether a value of this status is illustrative."""
    return status == ILLUSTRATIVE


def verdict_years(indicator: IndicatorLike, value_year: int, years: Iterable[int]) -> list[int]:
    """The years among ``years`` that the indicator's verdict rests on, if its value is of
    ``value_year`` (see the module docstring)."""
    first = None if kind(indicator.kind).family == "milestone" else indicator.baseline_year
    return sorted(
        int(y) for y in years if int(y) <= value_year and (first is None or int(y) >= first)
    )


def illustrative_years(
    indicator: IndicatorLike, points: pd.DataFrame, value_year: int
) -> list[int]:
    """The years of illustrative values among those the verdict rests on.

    ``points``: the city's values of the indicator, with columns ``year`` and ``status``.
    """
    status = {int(y): s for y, s in zip(points["year"], points["status"], strict=True)}
    return [y for y in verdict_years(indicator, value_year, status) if is_illustrative(status[y])]


def district_illustrative(
    indicator: IndicatorLike, observations: pd.DataFrame, area: str, year: int
) -> bool:
    """Whether the district figure of ``area`` for ``year`` rests on an illustrative value.

    ``observations``: long rows with columns ``indicator``, ``area``, ``year``, ``status``.
    """
    rows = observations[
        (observations["indicator"] == indicator.id) & (observations["area"] == area)
    ]
    if kind(indicator.kind).running_sum:
        rows = rows[(rows["year"] > indicator.baseline_year) & (rows["year"] <= int(year))]
    else:
        rows = rows[rows["year"] == int(year)]
    return bool(rows["status"].map(is_illustrative).any())


def illustrative_counts(
    observations: pd.DataFrame, ids: Iterable[str], year: int
) -> tuple[int, int]:
    """(illustrative, all) values of the series ``ids`` up to ``year``, city and district
    values alike: what :func:`illustrative_share` and the report's statements count."""
    rows = observations[
        observations["indicator"].isin(list(ids)) & (observations["year"] <= int(year))
    ]
    return int(rows["status"].map(is_illustrative).sum()), len(rows)


def illustrative_share(observations: pd.DataFrame, ids: Iterable[str], year: int) -> float:
    """The share of the values of the series ``ids`` up to ``year`` (all areas) that are
    illustrative; 0 when there are none."""
    n, total = illustrative_counts(observations, ids, year)
    return n / total if total else 0.0
