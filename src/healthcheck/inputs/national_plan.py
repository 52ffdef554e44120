"""A national plan: a plan folder whose ``plan.yaml`` names a national indicator system
(``framework: mohurd_2025``).  Its indicators are the system's (package data), refined by the
city (``refinements.csv``) and extended by its 特色指标 (``indicators.csv`` in the plan folder,
in the system's columns, each with an ``add`` row in refinements.csv).

They load into the ordinary :class:`~healthcheck.inputs.plan.Indicator` (this module gives its
fields; :func:`~healthcheck.inputs.plan.load_plan` builds it) so that the pipeline,
the cache, the observations' checks and the provenance rule keep working: the domain is the
level (``housing``, ``community``, ``block``, ``city``), the kind ``level`` where the indicator
has a goal (the city's threshold or the manual's reference value) and ``trend`` otherwise, the
target the manual's reference value, the threshold the city's.  The plan also carries the
system itself and the refinements (:attr:`Plan.system`, :attr:`Plan.refinements`), which the
framework grades with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from healthcheck.errors import InputError, Problem
from healthcheck.files import present
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.refinements import Refinement, read_refinements
from healthcheck.inputs.spec import PlanFile
from healthcheck.inputs.system import (
    LEVELS,
    IndicatorSystem,
    SystemIndicator,
    check_system_rows,
    load_system,
)

__all__ = ["national_parts"]


def _added_rows(
    plan_dir: Path, system: IndicatorSystem
) -> tuple[tuple[SystemIndicator, ...], list[Problem]]:
    """The city's 特色指标 (``<plan>/indicators.csv``, optional) and their problems, an id
    the framework already uses among them."""
    path = plan_dir / "indicators.csv"
    if not present(path):
        return (), []
    frame, problems = read_csv_strict(path)
    if frame is None:
        return (), problems
    if "id" in frame:
        problems += [
            Problem(str(path), int(line), "id", f"'{ident}', an id of the framework",
                    f"an id {system.name} does not use (not {system.ids[0]}..{system.ids[-1]})")
            for ident, line in zip(frame["id"].str.strip(), frame[LINE], strict=True)
            if ident in system.ids
        ]  # fmt: skip
    rows, more = check_system_rows(frame, str(path), added=True)
    return rows, problems + more


def _indicator(
    ind: SystemIndicator, ref: Refinement | None, years: tuple[int, int]
) -> dict[str, Any]:
    threshold = ref.value if ref is not None and ref.action == "threshold" else None
    has_goal = ind.reference is not None or threshold is not None
    return dict(
        id=ind.id,
        domain=ind.level,
        clause=f"{ind.no}" if ind.no is not None else "",
        name_zh=ind.name_zh,
        name_en=ind.name_en,
        unit_zh=ind.unit_zh,
        unit_en=ind.unit_en,
        kind="level" if has_goal else "trend",
        direction=ind.direction,
        baseline_year=years[0],
        target_year=years[1],
        target=ind.reference,
        target_text_zh=ind.reference_text_zh,
        notes=ind.manual_ref,
        threshold=threshold,
        threshold_note_zh=ref.reason_zh if threshold is not None and ref else "",
        threshold_note_en=ref.reason_en if threshold is not None and ref else "",
        decimals=ind.decimals,
    )


#: a domain's fields: id, title_zh, title_en, clause, notebook
DomainFields = tuple[str, str, str, str, str | None]


def national_parts(
    settings: PlanFile, plan_dir: Path
) -> tuple[IndicatorSystem, tuple[Refinement, ...], list[dict[str, Any]], list[DomainFields]]:
    """The system (with the city's 特色指标), the refinements, the fields of the plan's
    indicators and of its domains (the levels, titled by plan.yaml where it names them);
    InputError listing every problem of the framework's files, the plan's indicators.csv and
    refinements.csv."""
    problems: list[Problem] = []
    try:
        system = load_system(settings.framework)
    except InputError as exc:
        raise InputError(exc.problems) from None
    added, more = _added_rows(plan_dir, system)
    problems += more
    problems += [
        Problem(*settings.where((section,), str(plan_dir / "plan.yaml")), section,
                f"a section '{section}'", "no such section in a national plan: the city's "
                "thresholds are threshold rows of refinements.csv")
        for section in ("thresholds", "district_scope")
        if getattr(settings, section)
    ]  # fmt: skip
    refinements, more = read_refinements(
        plan_dir / "refinements.csv", set(system.ids), {a.id for a in added}
    )
    problems += more
    if problems:
        raise InputError(problems)
    system = system.with_rows(added)
    years = (
        settings.plan.baseline_year or system.year - 2,
        settings.plan.target_year or system.year,
    )
    by_id = {r.indicator: r for r in refinements}
    indicators = [_indicator(i, by_id.get(i.id), years) for i in system.indicators]
    titles = {d.id: d for d in settings.domains}
    domains: list[DomainFields] = [
        (
            level,
            titles[level].title_zh if level in titles else zh,
            titles[level].title_en if level in titles else en,
            titles[level].clause if level in titles else "",
            titles[level].notebook if level in titles else None,
        )
        for level, (zh, en) in LEVELS.items()
    ]
    return system, refinements, indicators, domains
