"""A district's report: the plan and the observations seen from one district (一区一报告).

A plan's targets are the city's.  A district report assesses the district's own series against
the targets that a district can meet by itself, the rule of methodology E1:

* a **level** target ("reach X") applies to the district as it stands (the city's goal, or the
  analysts' threshold, compared with the district's value);
* a target that **rises every year** or a **milestone** is judged on the district's own series;
* a target that is a **city total** ("X in total", "add X", "grow by X %" from the city's
  baseline) has no district share in the plan: the district's value is reported, not judged;
* an indicator that applies to another zone's districts (``district_scope``) is not the
  district's, and one that no district has a value for is measured for the city only.

:func:`district_scope` decides this from the plan and the ids that have district values (pure;
the pipeline calls it with ids read by the standard library, :func:`district_view` with the
loaded observations).  :func:`district_view` returns the district's plan -- its indicators the
assessed ones, its task domains those with one, ``city_*`` naming the district, no districts
below it, :attr:`~healthcheck.inputs.plan.Plan.district_report` saying what was left out and
why -- and the district's rows as the plan's city-level series (``area`` empty).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from healthcheck.errors import InputError, Problem
from healthcheck.inputs.plan import Analysis, DistrictScope, Domain, Indicator, Plan
from healthcheck.kinds import KINDS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "district_problems",
    "district_scope",
    "district_view",
    "has_district_target",
    "measured_for_districts",
]


def has_district_target(ind: Indicator) -> bool:
    """Whether a district can be judged on ``ind`` by itself (E1): a level with a goal, a
    yearly rise, or a milestone -- not a city total or a target derived from the city's
    baseline value."""
    kind = KINDS.get(ind.kind)
    if kind is None:
        return False
    if kind.family != "targeted":
        return True
    return not kind.running_sum and not kind.target_from_baseline and ind.goal is not None


def district_problems(plan: Plan, code: str) -> list[Problem]:
    """Why ``plan`` cannot have a report for the district ``code`` (none: it can)."""
    where = str(plan.path / "plan.yaml") if plan.path is not None else "plan.yaml"
    if plan.framework != "plan_targets":
        found = f"a district report of a '{plan.framework}' plan"
        expected = ("a plan assessed against its own targets (framework plan_targets): the "
                    "national check grades the city's own levels")  # fmt: skip
        return [Problem(where, None, "framework", found, expected)]
    known = [d.code for d in plan.districts]
    if code not in known:
        listed = ", ".join(known) if known else "none: plan.yaml lists no districts"
        return [Problem(where, _line(where, "districts"), "districts", f"'{code}'",
                        f"the code of a district listed in plan.yaml ({listed})")]  # fmt: skip
    return []


def _line(path: str, key: str) -> int | None:
    """The line of a top-level ``key:`` in a YAML file (None: not there or unreadable)."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((n + 1 for n, line in enumerate(lines) if pattern.match(line)), None)


def district_scope(plan: Plan, measured: Iterable[str], code: str) -> DistrictScope:
    """What the report of district ``code`` assesses, given the ids that have a value for any
    district (``measured``); InputError if the plan has no such district."""
    problems = district_problems(plan, code)
    if problems:
        raise InputError(problems)
    district = plan.district(code)
    measured = set(measured)
    assessed: list[str] = []
    untargeted: list[str] = []
    other_zone: list[str] = []
    city_only: list[str] = []
    for ind in plan.indicators:
        if district not in plan.districts_of(ind):
            other_zone.append(ind.id)
        elif ind.id not in measured:
            city_only.append(ind.id)
        elif has_district_target(ind):
            assessed.append(ind.id)
        else:
            untargeted.append(ind.id)
    if not assessed:
        raise InputError([Problem(
            "observations", None, "area", f"no district value of a target district {code} "
            "can be judged on", "observations with the district's code in `area` for a level "
            "target, a yearly rise or a milestone of its zone (a district report would assess "
            "nothing)")])  # fmt: skip
    kept = {plan.indicator(i).domain for i in assessed}
    return DistrictScope(
        district=district,
        city_code=plan.city_code,
        city_zh=plan.city_zh,
        city_en=plan.city_en,
        zone=plan.zones.get(district.zone, (district.zone, district.zone)),
        assessed=tuple(assessed),
        untargeted=tuple(plan.indicator(i) for i in untargeted),
        other_zone=tuple(plan.indicator(i) for i in other_zone),
        city_only=tuple(plan.indicator(i) for i in city_only),
        left_out=tuple(d for d in plan.domains if d.id not in kept),
        zones=dict(plan.zones),
        city_districts=plan.districts,
    )


def measured_for_districts(obs: pd.DataFrame) -> set[str]:
    """The ids with a value for some district (``area`` not empty) in loaded observations."""
    area = obs["area"].fillna("").astype(str).str.strip()
    return set(obs.loc[(area != "") & obs["value"].notna(), "indicator"].astype(str))


def district_view(plan: Plan, obs: pd.DataFrame, code: str) -> tuple[Plan, pd.DataFrame]:
    """The plan and observations of district ``code``'s report (see the module docstring)."""
    area = obs["area"].fillna("").astype(str).str.strip()
    scope = district_scope(plan, measured_for_districts(obs), code)
    ids = set(scope.assessed)
    indicators = tuple(
        dataclasses.replace(i, district_scope=None) for i in plan.indicators if i.id in ids
    )
    series = {i.id for i in indicators} | {c.id for c in plan.context}
    domains = tuple(
        _without_foreign_analysis(d, series, plan.series_ids)
        for d in plan.domains
        if any(i.domain == d.id for i in indicators)
    )
    d = scope.district
    view = dataclasses.replace(
        plan,
        city_code=d.code,
        city_zh=f"{plan.city_zh}{d.name_zh}",
        city_en=f"{d.name_en} District, {plan.city_en}",
        domains=domains,
        districts=(),
        zones={},
        indicators=indicators,
        district_report=dataclasses.replace(
            scope, untargeted_rows=_rows(obs, area, code, scope.untargeted)
        ),
    )
    mine = obs[(area == code) & obs["indicator"].astype(str).isin(series)].copy()
    mine["area"] = ""
    return view, mine.reset_index(drop=True)


def _rows(
    obs: pd.DataFrame, area: pd.Series, code: str, inds: Iterable[Indicator]
) -> tuple[tuple[str, int, float, str], ...]:
    """The district's values of ``inds``: (id, year, value, status), in year order."""
    ids = {i.id for i in inds}
    rows = obs[(area == code) & obs["indicator"].astype(str).isin(ids) & obs["value"].notna()]
    rows = rows.sort_values(["indicator", "year"])
    return tuple(
        (str(i), int(y), float(v), _text(s))
        for i, y, v, s in zip(
            rows["indicator"], rows["year"], rows["value"], rows["status"], strict=True
        )
    )


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value)  # None and NaN: ""


def _without_foreign_analysis(dom: Domain, kept: set[str], every: frozenset[str]) -> Domain:
    """The domain without its own analysis when that analysis works on a series the district
    report does not assess (it then shows the progress board, as a domain without one)."""
    if dom.analysis is None:
        return dom
    named = set(_strings(dom.analysis))
    return dom if not (named & every) - kept else dataclasses.replace(dom, analysis=None)


def _strings(analysis: Analysis) -> Iterable[str]:
    for value in analysis.params.values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, list | tuple):
            yield from (v for v in value if isinstance(v, str))
