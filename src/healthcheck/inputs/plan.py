"""The plan under assessment: its targets, domains, districts and the analysts' thresholds.

A plan is a folder: ``indicators.csv`` (one row per target, required) and ``plan.yaml``
(city, titles, domains, districts, thresholds; optional).  :func:`load_plan` reads and checks
both and returns a :class:`Plan`, or raises :class:`~healthcheck.errors.InputError` listing every
problem found.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

from healthcheck.errors import InputError, Problem
from healthcheck.files import present
from healthcheck.inputs import spec as schema
from healthcheck.inputs.csvfile import read_csv_strict
from healthcheck.inputs.national_plan import national_parts
from healthcheck.inputs.refinements import Refinement
from healthcheck.inputs.spec import AnalysisParam
from healthcheck.inputs.system import IndicatorSystem, is_system

#: the framework of a plan's own targets (``plan.yaml``'s default); any other is a national
#: indicator system (:func:`~healthcheck.inputs.system.is_system`)
PLAN_TARGETS = "plan_targets"

__all__ = [
    "Analysis",
    "Context",
    "District",
    "DistrictScope",
    "Domain",
    "Indicator",
    "Plan",
    "load_plan",
]

#: the name of an indicator kind: a key of :data:`healthcheck.kinds.KINDS` (checked on loading)
Kind = str
Direction = Literal["up", "down"]
INDICATOR_COLUMNS: tuple[str, ...] = schema.INDICATOR_COLUMNS


@dataclass(frozen=True)
class Indicator:
    """One target of the plan, as its row of ``indicators.csv``, plus the plan file's settings."""

    id: str
    domain: str
    clause: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    kind: Kind
    direction: Direction
    baseline_year: int
    target_year: int
    target: float | None
    target_text_zh: str
    notes: str = ""
    #: analysts' threshold where the plan gives no figure (then ``target`` is None)
    threshold: float | None = None
    threshold_note_zh: str = ""
    threshold_note_en: str = ""
    #: the zone ("central", "new") whose districts the indicator applies to; None = all
    district_scope: str | None = None
    #: the decimals every value of the indicator is written with (indicators.csv ``decimals``;
    #: None: :func:`healthcheck.text.numbers.indicator_decimals` derives them from the target)
    decimals: int | None = None
    #: the responsible unit (indicators.csv ``owner``, optional; "" where not given)
    owner: str = ""

    @property
    def sign(self) -> int:
        """+1 where higher is better, -1 where lower is better."""
        return 1 if self.direction == "up" else -1

    @property
    def is_percentage(self) -> bool:
        return self.unit_zh.strip() == "%" or self.unit_en.strip() == "%"

    @property
    def goal(self) -> float | None:
        """The figure the plan (or, failing that, the analysts) set: ``target`` or ``threshold``."""
        return self.target if self.target is not None else self.threshold

    @property
    def goal_is_analysts(self) -> bool:
        return self.target is None and self.threshold is not None


@dataclass(frozen=True)
class Analysis:
    """A domain's own analysis: the file ``notebooks/analyses/<name>.py`` and its parameters."""

    name: str
    params: dict[str, AnalysisParam] = field(default_factory=dict)


@dataclass(frozen=True)
class Domain:
    id: str
    title_zh: str
    title_en: str
    clause: str = ""
    notebook: str | None = None
    analysis: Analysis | None = None


@dataclass(frozen=True)
class District:
    code: str
    name_zh: str
    name_en: str
    zone: str


@dataclass(frozen=True)
class Context:
    """A series the analysis needs that is not a target (population, GDP)."""

    id: str
    name_zh: str
    name_en: str
    unit_zh: str = ""
    unit_en: str = ""


@dataclass(frozen=True)
class DistrictScope:
    """A district report's place in its city's plan (:mod:`healthcheck.inputs.district`): the
    district, its city, and the plan's indicators the report does not judge, with the reason."""

    district: District
    city_code: str
    city_zh: str
    city_en: str
    #: the district's zone, named (zh, en)
    zone: tuple[str, str]
    #: the ids assessed: a target the district can meet by itself, and a district value
    assessed: tuple[str, ...]
    #: measured for the district, but the plan's target is a city total (no district share)
    untargeted: tuple[Indicator, ...]
    #: targets of another zone's districts
    other_zone: tuple[Indicator, ...]
    #: measured for the city only (no district has a value)
    city_only: tuple[Indicator, ...]
    #: the plan's task domains without an assessed indicator (not chapters of the report)
    left_out: tuple[Domain, ...]
    #: the district's values of the ``untargeted`` indicators: (id, year, value, status)
    untargeted_rows: tuple[tuple[str, int, float, str], ...] = ()
    #: the city's zones, named (zh, en): the zones of ``other_zone``
    zones: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: every district of the city (the locator map draws them)
    city_districts: tuple[District, ...] = ()


@dataclass(frozen=True)
class Plan:
    city_code: str
    city_zh: str
    city_en: str
    title_zh: str
    title_en: str
    issuer_zh: str
    issuer_en: str
    issued: dt.date | None
    reference: str
    baseline_year: int
    target_year: int
    author_zh: str
    author_en: str
    map_approval: str | None
    domains: tuple[Domain, ...]
    districts: tuple[District, ...]
    indicators: tuple[Indicator, ...]
    zones: dict[str, tuple[str, str]] = field(default_factory=dict)
    context: tuple[Context, ...] = ()
    path: Path | None = None
    #: the assessment framework the plan is assessed with (healthcheck.engine.frameworks)
    framework: str = "plan_targets"
    #: a national plan's indicator system, with the city's 特色指标 (None: the plan's targets)
    system: IndicatorSystem | None = None
    #: a national plan's refinements (refinements.csv): thresholds, drops, additions
    refinements: tuple[Refinement, ...] = ()
    #: a district's report: the district and what of the city's plan it leaves out (None: the
    #: report of the whole plan)
    district_report: DistrictScope | None = None

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def domain(self, domain_id: str) -> Domain:
        for dom in self.domains:
            if dom.id == domain_id:
                return dom
        raise KeyError(domain_id)

    def district(self, code: str) -> District:
        for d in self.districts:
            if d.code == code:
                return d
        raise KeyError(code)

    def indicators_of(self, domain_id: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.domain == domain_id)

    def districts_of(self, indicator: Indicator) -> tuple[District, ...]:
        """The districts an indicator applies to (its zone's, or all)."""
        if indicator.district_scope is None:
            return self.districts
        return tuple(d for d in self.districts if d.zone == indicator.district_scope)

    @property
    def series_ids(self) -> frozenset[str]:
        """Every id an observation may carry: the targets and the context series."""
        return frozenset(i.id for i in self.indicators) | {c.id for c in self.context}

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)


def load_plan(plan_dir: str | Path) -> Plan:
    """Read and check a plan folder; raise :class:`InputError` with every problem found."""
    plan_dir = Path(plan_dir)
    problems: list[Problem] = []
    csv_path = plan_dir / "indicators.csv"
    yaml_path = plan_dir / "plan.yaml"
    if not plan_dir.is_dir():
        raise InputError([Problem(str(plan_dir), None, None, "no such folder", "a plan folder")])

    settings, yaml_problems = (
        schema.read_plan_yaml(yaml_path) if present(yaml_path) else (schema.PlanFile(), [])
    )
    problems += yaml_problems
    if not yaml_problems and is_system(settings.framework):
        return _national(settings, plan_dir)
    if not yaml_problems and settings.framework != PLAN_TARGETS:
        # a name the engine would refuse only when the report is built
        file, line = settings.where(("framework",), str(yaml_path))
        found = f"unknown framework {settings.framework!r}"
        expected = f"{PLAN_TARGETS} (the plan's own targets) or a national system (mohurd_2025)"
        problems.append(Problem(file, line, "framework", found, expected))

    rows: list[dict[str, str]] = []
    if not present(csv_path):
        problems.append(
            Problem(str(csv_path), None, None, "no such file", "indicators.csv, one row per target")
        )
    else:
        frame, read_problems = read_csv_strict(csv_path)
        problems += read_problems
        if frame is not None:
            problems += schema.check_indicators(frame, str(csv_path), settings)
            rows = cast(list[dict[str, str]], frame.to_dict("records"))

    if problems:
        raise InputError(problems)
    return _build(settings, rows, plan_dir)


def _national(settings: schema.PlanFile, plan_dir: Path) -> Plan:
    """A national plan (:mod:`healthcheck.inputs.national_plan`): the system's indicators."""
    system, refinements, fields, domains = national_parts(settings, plan_dir)
    plan = _build(settings, [], plan_dir)
    indicators = tuple(Indicator(**f) for f in fields)
    return dataclasses.replace(
        plan,
        indicators=indicators,
        domains=tuple(Domain(*d) for d in domains),
        baseline_year=indicators[0].baseline_year if indicators else plan.baseline_year,
        target_year=indicators[0].target_year if indicators else plan.target_year,
        system=system,
        refinements=refinements,
    )


def _num(text: str) -> float | None:
    """A target as observation values are read (``1,234``, full-width digits, U+2212 minus:
    :func:`~healthcheck.inputs.spec.parse_number`; the spec has refused what does not parse)."""
    return schema.parse_number(text)[0] if text.strip() else None


def _domain_title(domain: str, rows: list[dict[str, str]]) -> tuple[str, str]:
    """The title of a domain plan.yaml does not name: the first ``domain_zh`` / ``domain_en``
    given in indicators.csv for it; else "领域“alpha”" / "Domain “alpha”" (never the bare id,
    which reads as a leftover)."""
    mine = [r for r in rows if r["domain"].strip() == domain]
    zh = next((r.get("domain_zh", "").strip() for r in mine if r.get("domain_zh", "").strip()), "")
    en = next((r.get("domain_en", "").strip() for r in mine if r.get("domain_en", "").strip()), "")
    name = domain.replace("_", " ")
    return zh or f"领域“{name}”", en or f"Domain “{name}”"


def _build(s: schema.PlanFile, rows: list[dict[str, str]], plan_dir: Path) -> Plan:
    thresholds = s.thresholds
    indicators = tuple(
        Indicator(
            id=r["id"].strip(),
            domain=r["domain"].strip(),
            clause=r["clause"].strip(),
            name_zh=r["name_zh"].strip(),
            name_en=r["name_en"].strip(),
            unit_zh=r["unit_zh"].strip(),
            unit_en=r["unit_en"].strip(),
            kind=r["kind"].strip(),
            direction=r["direction"].strip(),  # type: ignore[arg-type]
            baseline_year=int(r["baseline_year"]),
            target_year=int(r["target_year"]),
            target=_num(r["target"]),
            target_text_zh=r["target_text_zh"].strip(),
            notes=r.get("notes", "").strip(),
            threshold=thresholds[r["id"]].value if r["id"] in thresholds else None,
            threshold_note_zh=thresholds[r["id"]].note_zh if r["id"] in thresholds else "",
            threshold_note_en=thresholds[r["id"]].note_en if r["id"] in thresholds else "",
            district_scope=s.district_scope.get(r["id"].strip()),
            decimals=int(r["decimals"]) if r.get("decimals", "").strip() else None,
            owner=r.get("owner", "").strip(),
        )
        for r in rows
    )
    # Domains: those of plan.yaml in its order, then any the indicators name that it lacks.
    domains = [
        Domain(
            d.id, d.title_zh, d.title_en, d.clause, d.notebook,
            Analysis(d.analysis.name, dict(d.analysis.params)) if d.analysis else None,
        )
        for d in s.domains
    ]  # fmt: skip
    known = {d.id for d in domains}
    for ind in indicators:
        if ind.domain not in known:
            domains.append(Domain(ind.domain, *_domain_title(ind.domain, rows)))
            known.add(ind.domain)
    baseline = s.plan.baseline_year or min((i.baseline_year for i in indicators), default=0)
    target = s.plan.target_year or max((i.target_year for i in indicators), default=0)
    return Plan(
        city_code=s.city.code,
        city_zh=s.city.name_zh,
        city_en=s.city.name_en,
        title_zh=s.plan.title_zh,
        title_en=s.plan.title_en,
        issuer_zh=s.plan.issuer_zh,
        issuer_en=s.plan.issuer_en,
        issued=s.plan.issued,
        reference=s.plan.reference,
        baseline_year=baseline,
        target_year=target,
        author_zh=s.report.author_zh or s.plan.issuer_zh,
        author_en=s.report.author_en or s.plan.issuer_en,
        map_approval=s.report.map_approval,
        domains=tuple(domains),
        districts=tuple(District(d.code, d.name_zh, d.name_en, d.zone) for d in s.districts),
        indicators=indicators,
        zones={k: (v.name_zh, v.name_en) for k, v in s.zones.items()},
        context=tuple(
            Context(c.id, c.name_zh, c.name_en, c.unit_zh, c.unit_en) for c in s.context_series
        ),
        path=plan_dir,
        framework=s.framework,
    )
