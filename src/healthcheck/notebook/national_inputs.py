"""What the national notebooks share: the city's inputs beyond the plan and the observations
(the ledgers of the report year and the year before, the expert grades, the peer values, the
register of units, the residents' scores), read once, and the rows a level hands the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.inputs.plan import Plan
from healthcheck.inputs.status import is_illustrative
from healthcheck.notebook.display import records
from healthcheck.results import IndicatorRow
from healthcheck.results.model import RemediationRate

__all__ = [
    "ROW_COLUMNS",
    "NationalData",
    "city_graded",
    "illustrative_rows",
    "indicator_rows",
    "level_rows",
    "load_national",
    "rated_dimensions",
]

#: the columns of :func:`level_rows` (one row per indicator of a level)
ROW_COLUMNS: tuple[str, ...] = (
    "id",
    "level",
    "dimension_zh",
    "dimension_en",
    "name_zh",
    "name_en",
    "unit_zh",
    "unit_en",
    "direction",
    "problem_class",
    "year",
    "value",
    "value_status",
    "illustrative",
    "reference_zh",
    "reference_en",
    "default_grade",
    "expert_grade",
    "grade",
    "grade_reason_zh",
    "grade_reason_en",
    "survey_score",
    "survey_downgrade",
    "applicable",
    "not_applicable_zh",
    "not_applicable_en",
    "city_choice_zh",
    "city_choice_en",
    "trend",
)


@dataclass
class NationalData:
    """The national check's inputs of one report year (each validated when read)."""

    year: int
    #: the problem ledgers of the report year and the year before (None: no file)
    ledger: pd.DataFrame | None
    previous: pd.DataFrame | None
    #: expert grades and peer-city values of the report year (None: no file)
    grades: pd.DataFrame | None
    peers: pd.DataFrame | None
    #: the register of units (units.csv; None: no register)
    units: pd.DataFrame | None
    #: residents' score (0-100) per indicator id; None: no survey given
    survey: dict[str, float | None] | None
    #: residents' score per indicator in each 街道 and 社区 (``indicator, unit, score``; NaN
    #: for a cell with too few answers); None: no survey given
    survey_units: pd.DataFrame | None = None

    def remediation(self) -> RemediationRate | None:
        """问题整治完成率 against last year's ledger (None without one)."""
        from healthcheck.engine.frameworks.mohurd_2025 import remediation_rate

        if self.previous is None or self.ledger is None:
            return None
        return remediation_rate(self.previous, self.ledger, self.year)

    def judged(self, plan: Plan, level: str | None) -> pd.DataFrame:
        """The ledger's counts per 社区, 街道 and the city, judged (``level`` None: every
        sub-city level)."""
        from healthcheck.engine.frameworks.mohurd_2025 import judge_subcity

        system = _system(plan)
        ledger = self.ledger if self.ledger is not None else _empty_ledger()
        return judge_subcity(
            system, ledger, self.survey, units=self.units, survey_by_unit=self.survey_units,
            level=level, city_code=plan.city_code,
        )  # fmt: skip


def _system(plan: Plan) -> Any:
    if plan.system is None:
        raise ValueError(f"the plan is of framework {plan.framework!r}, not a national check")
    return plan.system


def _empty_ledger() -> pd.DataFrame:
    cols = [
        "problem_id",
        "indicator",
        "district",
        "street",
        "community",
        "unit_id",
        "quantity",
        "status",
        "carried_from",
        "data_status",
        "remedy",
        "due",
        "closed",
    ]
    return pd.DataFrame(columns=cols)


def load_national(
    plan: Plan, obs: pd.DataFrame, plan_dir: Path, data_dir: Path, year: int
) -> NationalData:
    """Read (and so validate) the national check's inputs of ``year``."""
    from healthcheck.inputs.national import load_project_inputs

    del plan_dir  # the plan holds its own folder's inputs (refinements, units)
    found = load_project_inputs(plan, data_dir, year)
    scores = _survey_scores(plan, Path(data_dir), year, found.units)
    return NationalData(
        year=year,
        ledger=found.ledger,
        previous=found.previous_ledger,
        grades=found.grades,
        peers=found.peers,
        units=found.units,
        survey=scores[0] if scores else None,
        survey_units=scores[1] if scores else None,
    )


def _survey_scores(
    plan: Plan, data_dir: Path, year: int, units: pd.DataFrame | None
) -> tuple[dict[str, float | None], pd.DataFrame] | None:
    """The residents' score per indicator for the city and per 街道 and 社区, from the survey
    of ``year`` (None: no survey file).  Computed here from the responses rather than read
    from the survey notebook's results, so that no notebook of the build waits for another."""
    from healthcheck.engine.survey import assess_survey, indicator_scores, unit_scores
    from healthcheck.inputs.survey import read_responses
    from healthcheck.inputs.survey_spec import load_survey_spec

    spec = load_survey_spec(plan.framework, plan.path)
    districts = {d.code: d for d in plan.districts}
    responses = read_responses(data_dir, year, spec, districts, units)
    if responses is None:
        return None
    items = {i.id: i.survey_items for i in _system(plan).indicators}
    results = assess_survey(responses, year=year, names={}, survey_items=items)
    return indicator_scores(results, items), unit_scores(responses, items)


def city_graded(plan: Plan, obs: pd.DataFrame, year: int, data: NationalData) -> pd.DataFrame:
    """The 城区 indicators graded: the default rule with the peers, the experts' grades over
    it, the survey's step, and 问题整治完成率 as no. 60's value."""
    from healthcheck.engine.frameworks.mohurd_2025 import grade_city

    return grade_city(
        plan,
        obs,
        year,
        expert=data.grades,
        peers=data.peers,
        survey=data.survey,
        remediation=data.remediation(),
    )


def rated_dimensions(plan: Plan, rows: pd.DataFrame) -> pd.DataFrame:
    """The dimensions of ``rows`` (:func:`level_rows`) rated 优/良/中/差 (第五章 表3), with each
    indicator's ``source_of_value`` so that 问题整治完成率 (N60) is not rated as a dimension."""
    from healthcheck.engine.frameworks.mohurd_2025 import dimension_ratings

    assert plan.system is not None
    source = {i.id: i.source_of_value for i in plan.system.indicators}
    return dimension_ratings(rows.assign(source_of_value=rows["id"].map(source)))


def level_rows(plan: Plan, level: str, graded: pd.DataFrame, judged: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator of ``level`` (:data:`ROW_COLUMNS`): 城区 rows as graded; a
    ledger indicator's row is its city-wide count with its judgement."""
    if level == "city":
        out = graded[graded["level"] == "city"] if "level" in graded else graded
        return out.reindex(columns=list(ROW_COLUMNS)).reset_index(drop=True)
    system = _system(plan)
    refinements = {r.indicator: r for r in plan.refinements}
    city = judged[judged["unit_level"] == "city"].set_index("indicator")
    observed = graded.set_index("id") if len(graded) else graded
    rows = []
    for ind in system.of_level(level):
        if ind.id in observed.index:  # a figure of the city at this level (N22, N25)
            rows.append(
                {c: observed.loc[ind.id].get(c) for c in ROW_COLUMNS if c != "id"} | {"id": ind.id}
            )
            continue
        ref = refinements.get(ind.id)
        row: dict[str, Any] = {c: None for c in ROW_COLUMNS} | {
            "id": ind.id,
            "level": level,
            "dimension_zh": ind.dimension_zh,
            "dimension_en": ind.dimension_en,
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "unit_zh": ind.unit_zh,
            "unit_en": ind.unit_en,
            "direction": ind.direction,
            "problem_class": ind.problem_class,
            "reference_zh": ind.reference_text_zh,
            "reference_en": ind.reference_text_en,
            "applicable": True,
            "survey_downgrade": False,
            "illustrative": False,
            "not_applicable_zh": "",
            "not_applicable_en": "",
            "city_choice_zh": "",
            "city_choice_en": "",
        }
        if ref is not None and ref.action == "drop":
            row.update(
                applicable=False, not_applicable_zh=ref.reason_zh, not_applicable_en=ref.reason_en
            )
        elif ind.id in city.index:
            c = city.loc[ind.id]
            row.update(
                value=float(c["value"]),
                grade=c["grade"],
                default_grade=c["grade"],
                grade_reason_zh=c["reason_zh"],
                grade_reason_en=c["reason_en"],
                survey_score=_num(c["survey_score"]),
                illustrative=bool(c["illustrative"]),
                value_status="illustrative" if bool(c["illustrative"]) else "reported",
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS))


def _num(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def indicator_rows(plan: Plan, rows: pd.DataFrame, year: int) -> list[IndicatorRow]:
    """The results' rows of a level (every indicator, graded or not, with the reason)."""
    out = []
    for r in records(rows):
        ind = plan.indicator(str(r["id"]))
        out.append(
            IndicatorRow(
                id=ind.id,
                domain=ind.domain,
                kind=ind.kind,
                direction=ind.direction,
                name_zh=ind.name_zh,
                name_en=ind.name_en,
                unit_zh=ind.unit_zh,
                unit_en=ind.unit_en,
                report_year=year,
                # a ledger count is of the report year
                year=r["year"] if r["year"] is not None else (None if r["value"] is None else year),
                value=r["value"],
                value_status=r["value_status"],
                illustrative=bool(r["illustrative"]),
                level=r["level"],
                dimension_zh=r["dimension_zh"] or "",
                dimension_en=r["dimension_en"] or "",
                reference_zh=r["reference_zh"] or "",
                reference_en=r["reference_en"] or "",
                problem_class=r["problem_class"],
                grade=r["grade"],
                default_grade=r["default_grade"],
                expert_grade=r["expert_grade"],
                grade_reason_zh=r["grade_reason_zh"] or "",
                grade_reason_en=r["grade_reason_en"] or "",
                survey_score=r["survey_score"],
                survey_downgrade=bool(r["survey_downgrade"]),
                applicable=r["applicable"] is not False,
                not_applicable_zh=r["not_applicable_zh"] or "",
                not_applicable_en=r["not_applicable_en"] or "",
                city_choice_zh=r["city_choice_zh"] or "",
                city_choice_en=r["city_choice_en"] or "",
                assessment={"trend": r["trend"]},
            )
        )
    return out


def illustrative_rows(frame: pd.DataFrame) -> list[bool]:
    """One flag per ledger row: its ``data_status`` is illustrative."""
    if "data_status" not in frame:
        return [False] * len(frame)
    return [is_illustrative(str(s)) for s in frame["data_status"]]
