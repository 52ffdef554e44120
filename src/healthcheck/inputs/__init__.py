"""The inputs of a report: the plan, the observed values, and the rule of their provenance.

* :func:`load_inputs` -- the plan and its observations, checked together; :func:`resolve_year`
  picks the report year;
* :func:`load_plan` and :class:`Plan` (:class:`Indicator`, :class:`Domain`, :class:`District`,
  :class:`Context`, :class:`Analysis`) -- ``indicators.csv`` and ``plan.yaml``;
* :func:`load_observations` -- the ``observations/<year>.csv`` files, as one long frame;
* :func:`load_findings` (:class:`FindingRow`) -- the analysts' ``findings/<year>.csv``:
  cause, recommendation, responsible unit, deadline and class per indicator (optional);
* the provenance rule (:mod:`healthcheck.inputs.status`): :func:`is_illustrative`,
  :func:`verdict_years`, :func:`illustrative_years`, :func:`district_illustrative`,
  :func:`illustrative_counts`, :func:`illustrative_share`, :data:`STATUSES`, :data:`PUBLISHED`,
  :data:`ILLUSTRATIVE`.

Every loader raises :class:`~healthcheck.errors.InputError` listing all the problems found,
each located by file, line and column.  The modules: ``csvfile`` (reading), ``spec`` (the specs
of the files), ``problems`` (failures as located problems), ``plan``, ``observations``,
``project`` and ``status``.

The loaders are imported on first use, so that the provenance rule can be imported without
pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from healthcheck.inputs.status import (
    ILLUSTRATIVE,
    PUBLISHED,
    STATUSES,
    district_illustrative,
    illustrative_counts,
    illustrative_share,
    illustrative_years,
    is_illustrative,
    verdict_years,
)

if TYPE_CHECKING:
    from healthcheck.inputs.findings import FindingRow, load_findings
    from healthcheck.inputs.observations import load_observations
    from healthcheck.inputs.plan import (
        Analysis,
        Context,
        District,
        Domain,
        Indicator,
        Plan,
        load_plan,
    )
    from healthcheck.inputs.project import load_inputs, resolve_year

_LAZY = {
    "load_inputs": "healthcheck.inputs.project",
    "resolve_year": "healthcheck.inputs.project",
    "load_plan": "healthcheck.inputs.plan",
    "load_observations": "healthcheck.inputs.observations",
    "load_findings": "healthcheck.inputs.findings",
    "FindingRow": "healthcheck.inputs.findings",
    "Plan": "healthcheck.inputs.plan",
    "Indicator": "healthcheck.inputs.plan",
    "Domain": "healthcheck.inputs.plan",
    "District": "healthcheck.inputs.plan",
    "Context": "healthcheck.inputs.plan",
    "Analysis": "healthcheck.inputs.plan",
}

__all__ = [
    "ILLUSTRATIVE",
    "PUBLISHED",
    "STATUSES",
    "Analysis",
    "Context",
    "District",
    "Domain",
    "FindingRow",
    "Indicator",
    "Plan",
    "district_illustrative",
    "illustrative_counts",
    "illustrative_share",
    "illustrative_years",
    "is_illustrative",
    "load_findings",
    "load_inputs",
    "load_observations",
    "load_plan",
    "resolve_year",
    "verdict_years",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'healthcheck.inputs' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
