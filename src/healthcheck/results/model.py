"""The results contract: what a notebook hands the report, as typed models.

Every notebook writes one :class:`DomainResults` (the summary notebook a
:class:`SummaryResults`) through a :class:`~healthcheck.results.store.FileStore`; the report reads
them back through the same store and nothing else.  The models are pydantic: reading
a results file that does not match them is a :class:`~healthcheck.errors.BuildError` naming
the file and the field, never a silent fallback.

On disk (:class:`~healthcheck.results.store.FileStore`), under ``<out>/<year>/``::

    domains/<domain>/results.json     a DomainResults
    domains/<domain>/figures/<id>.svg the figures it names
    domains/<domain>/tables/<id>.csv  the tables it names (UTF-8 with BOM, for Excel)
    summary/results.json              the SummaryResults, with its figures and tables

Paths inside a results file are relative to its folder and must stay inside it.

Provenance is decided before a result is written (by :mod:`healthcheck.inputs.status`) and
carried as booleans: an indicator row, a district row, a figure and every row of a table says
whether it shows an illustrative value.  The report never decides it again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from healthcheck.layout import SURVEY

__all__ = [
    "SCHEMA_VERSION",
    "Change",
    "Column",
    "ColumnType",
    "DimensionRating",
    "DistrictRow",
    "DomainResults",
    "Figure",
    "FigureKind",
    "Finding",
    "RemedyClass",
    "Grade",
    "IndicatorRow",
    "LedgerCount",
    "Origin",
    "Paragraph",
    "Rating",
    "RemediationRate",
    "SummaryResults",
    "Table",
    "jsonable",
    # the survey (issue 13)
    "SURVEY",
    "AreaLevel",
    "SurveyArea",
    "SurveyCheck",
    "SurveyCount",
    "SurveyIndicator",
    "SurveyLevel",
    "SurveyResults",
    "SurveyScore",
]

#: the version of the contract; a results file of another version is refused (3: the national
#: 城市体检's grades, dimension ratings, ledger counts and 问题整治完成率)
SCHEMA_VERSION = 3

FigureKind = Literal["indicator", "map", "ranking", "analysis", "summary", "analyst"]
ColumnType = Literal["text", "integer", "number", "fraction", "bool"]
Origin = Literal["generated", "analyst"]
#: 限时解决 (fixed on a deadline: safety, health, strong public concern) or 尽力解决
RemedyClass = Literal["time_bound", "best_effort"]
#: a city-level grade of the national 城市体检: 很好 / 较好 / 一般 / 不足
Grade = Literal["very_good", "good", "fair", "insufficient"]
#: a dimension's rating (第五章 表3): 优 / 良 / 中 / 差
Rating = Literal["excellent", "good", "fair", "poor"]
#: a cell of the assessment as the results hold it
Scalar = str | int | float | bool | None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paragraph(_Model):
    """A paragraph in both languages.  ``key`` places it in the report: ``overview`` opens a
    chapter, ``analysis`` goes with the domain's analysis, ``districts-<id>`` with the district
    map of an indicator, ``shortfalls`` and ``changes`` in the summary; any other key is
    printed, in order, in the chapter's "analysts' notes" section.  A paragraph the analyst
    wrote (a notebook cell marked for the report) has ``origin = "analyst"``."""

    key: str
    zh: str = ""
    en: str = ""
    origin: Origin = "generated"


class Figure(_Model):
    """A figure saved as SVG beside the results file."""

    id: str
    path: str
    kind: FigureKind
    caption_zh: str
    caption_en: str
    indicator: str | None = None
    illustrative: bool = False
    origin: Origin = "generated"


class Column(_Model):
    """A column of a table: its name in the CSV, its type, and its header in both languages
    (empty: the report uses its own label for the name)."""

    name: str
    type: ColumnType = "text"
    label_zh: str = ""
    label_en: str = ""


class Table(_Model):
    """A table saved as CSV beside the results file: typed columns and one illustrative flag
    per data row (in the CSV's row order)."""

    id: str
    path: str
    caption_zh: str
    caption_en: str
    columns: list[Column]
    illustrative: list[bool] = Field(default_factory=list)
    origin: Origin = "generated"


class IndicatorRow(_Model):
    """One indicator in the report year: the framework's assessment and what the report prints
    beside it.  Numbers are in the indicator's unit; completion, time elapsed and gaps are
    fractions (0.6 = 60 %)."""

    # identity, from the plan
    id: str
    domain: str
    kind: str
    direction: Literal["up", "down"]
    name_zh: str
    name_en: str
    unit_zh: str = ""
    unit_en: str = ""
    clause: str = ""
    kind_zh: str = ""
    kind_en: str = ""
    #: the target in words, as the kind states it ("逐年提升", "done by 2025", or the value)
    target_zh: str = ""
    target_en: str = ""
    #: the plan's own wording of the target
    target_text_zh: str = ""
    #: the target is the analysts' threshold, not a figure of the plan
    analysts_threshold: bool = False
    threshold_note_zh: str = ""
    threshold_note_en: str = ""
    # the assessment (see the framework's methodology)
    report_year: int
    baseline_year: int | None = None
    target_year: int | None = None
    year: int | None = None
    value: float | None = None
    baseline: float | None = None
    target_value: float | None = None
    target_source: str = ""
    completion: float | None = None
    time_elapsed: float | None = None
    schedule_gap: float | None = None
    schedule_verdict: str = "insufficient_data"
    international_category: str | None = None
    projected_value: float | None = None
    anticipated_completion: float | None = None
    likely_met: bool | None = None
    done_year: int | None = None
    note: str = ""
    #: every column the framework computed, for the tables and the workbook (JSON scalars)
    assessment: dict[str, Scalar] = Field(default_factory=dict)
    # provenance (inputs.status)
    #: the status of the value shown (official, reported, estimate, illustrative)
    value_status: str | None = None
    #: a value the verdict rests on (baseline to the value's year) is illustrative
    illustrative: bool = False
    #: the years of those illustrative values
    illustrative_years: list[int] = Field(default_factory=list)
    # text and figure
    sentence_zh: str = ""
    sentence_en: str = ""
    #: the id of the indicator's figure in the same results file
    figure: str | None = None
    # the national 城市体检 (framework mohurd_2025); the plan's targets leave them at their
    # defaults
    #: housing / community / block / city
    level: str | None = None
    dimension_zh: str = ""
    dimension_en: str = ""
    #: the reference value in words (the manual's, or the city's threshold)
    reference_zh: str = ""
    reference_en: str = ""
    #: bottom_line (底线型, one-vote veto) or improvement (提升型)
    problem_class: Literal["bottom_line", "improvement"] | None = None
    #: the final grade: the expert grade if given, else the default, one step lower where
    #: residents scored the indicator below 60; None: not graded (the reason says why)
    grade: Grade | None = None
    #: the default rule's grade, and the expert panel's (both kept, the report shows both
    #: when they differ)
    default_grade: Grade | None = None
    expert_grade: Grade | None = None
    grade_reason_zh: str = ""
    grade_reason_en: str = ""
    #: residents' mean score (0-100) on the indicator's survey items
    survey_score: float | None = None
    #: the grade was lowered one step for a survey score below 60
    survey_downgrade: bool = False
    #: False: dropped by the city's refinements (the reason in ``not_applicable_*``)
    applicable: bool = True
    not_applicable_zh: str = ""
    not_applicable_en: str = ""
    #: the city's own choice for the indicator (its threshold, an added 特色指标), printed as
    #: the city's
    city_choice_zh: str = ""
    city_choice_en: str = ""


class DistrictRow(_Model):
    """One indicator in one district (一区一表), compared with the city goal where the kind
    has one."""

    id: str
    area: str
    name_zh: str
    name_en: str
    zone: str = ""
    year: int | None = None
    value: float | None = None
    target: float | None = None
    target_source: str = ""
    gap: float | None = None
    meets: bool | None = None
    rank: int | None = None
    of: int = 0
    note: str = ""
    illustrative: bool = False


class Change(_Model):
    """A verdict that changed against the previous year's check."""

    id: str
    domain: str
    name_zh: str
    name_en: str
    schedule_from: str | None = None
    schedule_to: str | None = None
    category_from: str | None = None
    category_to: str | None = None
    gap_from: float | None = None
    gap_to: float | None = None


class Finding(_Model):
    """The analysts' finding on one indicator (``data/findings/<year>.csv``): the cause
    (原因分析), the recommendation (整治建议), the responsible unit (责任单位), the deadline
    (``YYYY`` or ``YYYY-MM``) and the class.  A text missing in one language is ``""`` and is
    shown as missing, never translated by the tool."""

    indicator: str
    cause_zh: str = ""
    cause_en: str = ""
    recommendation_zh: str = ""
    recommendation_en: str = ""
    unit_zh: str = ""
    unit_en: str = ""
    deadline: str = ""
    remedy_class: RemedyClass = "best_effort"
    status: str = "illustrative"
    source: str = ""
    #: the finding is invented for the demonstration (status illustrative)
    illustrative: bool = False


class DimensionRating(_Model):
    """The rating of one dimension of one level (第五章 表3) from the grades of its graded
    indicators; ``rating`` None when none of them is graded."""

    level: str
    dimension_zh: str
    dimension_en: str
    rating: Rating | None = None
    #: indicators graded, and how many of them very good, good, fair, insufficient
    graded: int = 0
    very_good: int = 0
    good: int = 0
    fair: int = 0
    insufficient: int = 0
    #: the indicators of the dimension not graded or not applicable
    not_graded: int = 0
    reason_zh: str = ""
    reason_en: str = ""


class LedgerCount(_Model):
    """An indicator counted from the problem ledger in one unit: a 社区, a 街道 or the city
    (``unit_level``), with the sub-city judgement (底线型 one-vote veto, 提升型 with the
    survey)."""

    indicator: str
    #: community / street / city
    unit_level: str
    #: the unit's code (units.csv), the city's code for the city
    unit: str
    unit_name_zh: str = ""
    unit_name_en: str = ""
    district: str = ""
    #: units with the problem, or the sum of ``quantity`` for gap and length indicators
    value: float = 0.0
    #: ledger records counted
    records: int = 0
    #: the indicator is a problem in this unit (底线型: any case; 提升型: count and survey)
    problem: bool = False
    veto: bool = False
    grade: Grade | None = None
    survey_score: float | None = None
    reason_zh: str = ""
    reason_en: str = ""
    illustrative: bool = False


class RemediationRate(_Model):
    """问题整治完成率 (indicator 60): the previous year's problems done by the report year,
    for 限时解决 and 尽力解决 separately and overall (fractions, 0.8 = 80 %; None where the
    previous ledger has none of the class)."""

    year: int
    previous_year: int
    time_bound_total: int = 0
    time_bound_done: int = 0
    best_effort_total: int = 0
    best_effort_done: int = 0
    time_bound: float | None = None
    best_effort: float | None = None
    overall: float | None = None
    #: the previous year's problems not done, carried forward into the report year's ledger
    carried_forward: list[str] = Field(default_factory=list)
    #: carried forward in the previous ledger but missing from this year's (lost track of)
    missing: list[str] = Field(default_factory=list)
    #: 限时解决 problems past their due month and not done
    overdue: list[str] = Field(default_factory=list)
    illustrative: bool = False


class DomainResults(_Model):
    """What one domain notebook hands the report."""

    schema_version: int = SCHEMA_VERSION
    framework: str
    domain: str
    year: int
    title_zh: str
    title_en: str
    text: list[Paragraph] = Field(default_factory=list)
    indicators: list[IndicatorRow] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    districts: list[DistrictRow] = Field(default_factory=list)


class SummaryResults(DomainResults):
    """What the summary notebook hands the report, besides the envelope: the verdict counts
    per domain and system, the 问题清单 in order, the changes against the previous check, and
    the framework's method parameters (for the methodology appendix)."""

    #: system ("schedule_verdict", "international_category") -> domain (or "__all__") ->
    #: verdict -> count
    counts: dict[str, dict[str, dict[str, int]]] = Field(default_factory=dict)
    shortfalls: list[str] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    previous_available: bool = False
    #: the method's parameters as the methodology prints them (thresholds, tolerances)
    method: dict[str, float | int | str | list[float]] = Field(default_factory=dict)
    #: the share of the values up to the report year that are illustrative
    illustrative_share: float = 0.0
    #: the analysts' findings of the report year, in the order of their file
    findings: list[Finding] = Field(default_factory=list)
    # the national 城市体检 (empty for the plan's targets)
    #: dimension ratings, level by level in the framework's order
    ratings: list[DimensionRating] = Field(default_factory=list)
    #: the ledgers' counts per 社区, 街道 and the city
    ledger_counts: list[LedgerCount] = Field(default_factory=list)
    #: 问题整治完成率 against the previous year's ledger (None: no previous ledger)
    remediation: RemediationRate | None = None


def jsonable(value: Any) -> Any:
    """``value`` made JSON-safe: NaN, infinities and pandas' missing values become None,
    numpy scalars Python ones, mappings and sequences are converted item by item."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# -- the resident sample survey (issue 13) --------------------------------------------------
# Written by notebooks/survey.ipynb to domains/survey/results.json (FileStore.read_survey);
# computed by healthcheck.engine.survey.  Scores are 0-100; intervals are 95 %.

SurveyLevel = Literal["overall", "block", "dimension", "item"]
AreaLevel = Literal["district", "street", "community"]


class SurveyCheck(_Model):
    """One sampling rule of the manual, as checked: the number found and pass / fail."""

    id: str
    rule_zh: str
    rule_en: str
    found_zh: str
    found_en: str
    passed: bool
    #: what a failure means for the results (empty when passed)
    meaning_zh: str = ""
    meaning_en: str = ""


class SurveyScore(_Model):
    """A weighted score (0-100) of the city: overall, a block, a dimension or an item.
    ``score`` is None for a cell with fewer usable answers than the minimum (``small``)."""

    level: SurveyLevel
    id: str
    block: str = ""
    name_zh: str
    name_en: str
    n: int
    score: float | None = None
    low: float | None = None
    high: float | None = None
    #: the design effect of the estimate (its variance over that of a simple random sample)
    deff: float | None = None
    small: bool = False


class SurveyArea(_Model):
    """The overall score of one area (district, 街道, 社区)."""

    level: AreaLevel
    code: str
    name_zh: str
    name_en: str
    n: int
    score: float | None = None
    low: float | None = None
    high: float | None = None
    small: bool = False
    #: the interval lies wholly below the city's score
    below_city: bool = False


class SurveyIndicator(_Model):
    """Residents' score on a framework indicator's survey items (indicators.csv
    ``survey_items``): what the grading reads (< threshold lowers the grade)."""

    indicator: str
    items: list[str]
    n: int
    score: float | None = None
    low: float | None = None
    high: float | None = None


class SurveyCount(_Model):
    """How many responses a rule set aside as unusable."""

    rule: str
    label_zh: str
    label_en: str
    n: int


class SurveyResults(DomainResults):
    """What the survey notebook hands the report and the national grading (``domain`` is
    :data:`SURVEY`)."""

    source: str = ""
    #: responses read, usable after the unusable-response rules, and those set aside per rule
    read: int = 0
    usable: int = 0
    unusable: list[SurveyCount] = Field(default_factory=list)
    checks: list[SurveyCheck] = Field(default_factory=list)
    scores: list[SurveyScore] = Field(default_factory=list)
    areas: list[SurveyArea] = Field(default_factory=list)
    survey_indicators: list[SurveyIndicator] = Field(default_factory=list)
    threshold: float = 60.0
    min_cell: int = 6
    #: estimator, interval method, library: printed in the chapter's note
    method: dict[str, str] = Field(default_factory=dict)
    #: the responses are synthetic (status illustrative): the chapter says so
    illustrative: bool = False

    def item_score(self, item: str) -> float | None:
        for s in self.scores:
            if s.level == "item" and s.id == item:
                return s.score
        return None

    def indicator_score(self, indicator: str) -> float | None:
        for s in self.survey_indicators:
            if s.indicator == indicator:
                return s.score
        return None
