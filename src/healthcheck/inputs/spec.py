"""The specification of the input files, and the code that checks a file against it.

:data:`INDICATORS` and :data:`OBSERVATIONS` are the specs of ``indicators.csv`` and of the
observation files (``print`` one to read its rules; ``.schema`` is its pandera schema); pydantic
models describe ``plan.yaml``.  Every rule carries its column and its own wording of what was
expected, and :mod:`healthcheck.inputs.problems` turns every failure into a
:class:`~healthcheck.errors.Problem` with the file, the line and the column, so that all
problems of all files can be reported in one pass.  Reading files is
:mod:`healthcheck.inputs.csvfile`'s job; turning checked rows into objects is
:mod:`healthcheck.inputs.plan`'s and :mod:`healthcheck.inputs.observations`'s.

Numbers typed by hand (the policy, also in the README):

* ``1,234.5`` -- a comma that groups thousands is accepted and dropped; any other comma
  (``1,5``) is an error, because it may be a decimal comma.
* full-width characters (``１２３４．５``, ``－３``) are folded to their ASCII forms (NFKC) and
  accepted: an IME typed them, and the number is unambiguous.
* a unit or any other text in the cell (``95%``, ``12万``, ``3 km``, ``约5``) is an error: the
  unit belongs to ``indicators.csv``, and ``12万`` may mean 12 or 120000.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Annotated

import pandas as pd
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)

from healthcheck.errors import Problem
from healthcheck.inputs.csvfile import LINE
from healthcheck.inputs.problems import MISSING_COLUMN, Rule, Spec
from healthcheck.inputs.status import STATUSES
from healthcheck.inputs.yamlfile import Whole, YamlDocument, read_yaml
from healthcheck.kinds import KINDS

__all__ = [
    "INDICATORS",
    "INDICATOR_COLUMNS",
    "OBSERVATIONS",
    "OBSERVATION_COLUMNS",
    "STATUSES",
    "PlanFile",
    "check_indicators",
    "check_observations",
    "parse_number",
    "read_plan_yaml",
]

INDICATOR_COLUMNS: tuple[str, ...] = (
    "id", "domain", "clause", "name_zh", "name_en", "unit_zh", "unit_en", "kind", "direction",
    "baseline_year", "target_year", "target", "target_text_zh", "notes", "domain_zh",
    "domain_en", "decimals", "owner",
)  # fmt: skip
#: columns that may be left out of indicators.csv (``domain_zh``, ``domain_en``: the domain's
#: title, for a plan without plan.yaml; plan.yaml's titles win; ``decimals``: the indicator's
#: fixed decimals; ``owner``: the responsible unit, e.g. 市交通运输局, for ``healthcheck forms
#: --by owner``)
INDICATOR_OPTIONAL: frozenset[str] = frozenset(
    {"clause", "target_text_zh", "notes", "domain_zh", "domain_en", "decimals", "owner"}
)
OBSERVATION_COLUMNS: tuple[str, ...] = (
    "indicator", "year", "area", "value", "status", "source", "note",
)  # fmt: skip
OBSERVATION_OPTIONAL: frozenset[str] = frozenset({"note"})
#: statuses whose values must name their source
SOURCED: tuple[str, ...] = ("official", "reported", "estimate")


# --------------------------------------------------------------------------------------------
# Numbers


_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: str) -> tuple[float | None, str | None]:
    """Parse a hand-typed number by the policy above: ``(value, None)`` or ``(None, why)``."""
    s = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    if not s:
        return None, "an empty cell"
    if _GROUPED.match(s):
        s = s.replace(",", "")
    if not _PLAIN.match(s):
        m = re.match(r"^[+-]?[\d.,]+\s*(\S.*)$", s)
        if m and "," not in s:
            return None, f"'{text}' (a number with the unit or text '{m.group(1)}' typed in)"
        return None, f"'{text}' (not a number)"
    value = float(s)
    if not math.isfinite(value):
        return None, f"'{text}' (not a finite number)"
    return value, None


def _is_int(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", text.strip()))


# --------------------------------------------------------------------------------------------
# plan.yaml


_THRESHOLD = "a finite bare number with '.' as decimal point, e.g. 90 or 1,234.5"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CityModel(_Strict):
    code: str = ""
    name_zh: str = "本市"
    name_en: str = "The city"


class PlanMeta(_Strict):
    title_zh: str = "规划实施评估"
    title_en: str = "Plan implementation assessment"
    issuer_zh: str = ""
    issuer_en: str = ""
    issued: dt.date | None = None
    reference: str = ""
    baseline_year: Whole | None = Field(default=None, ge=1900, le=2200)
    target_year: Whole | None = Field(default=None, ge=1900, le=2200)


class ReportMeta(_Strict):
    author_zh: str = ""
    author_en: str = ""
    map_approval: str | None = None


AnalysisParam = str | int | float | bool | list[str] | list[float]


def _no_boolean_in_a_list(v: object) -> object:
    """A parameter may be a boolean (``log_scale: true``), but a list holds texts or numbers:
    ``[1, off]`` would be [1.0, 0.0]."""
    if isinstance(v, list) and any(isinstance(x, bool) for x in v):
        raise ValueError("a list of numbers or of texts (quote a text that reads as a boolean)")
    return v


class AnalysisModel(_Strict):
    """A domain's own analysis: ``notebooks/analyses/<name>.py``, called with ``params``
    (indicator ids and settings, so the analysis keys on no plan's ids)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    params: dict[str, Annotated[AnalysisParam, BeforeValidator(_no_boolean_in_a_list)]] = {}


class DomainModel(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title_zh: str
    title_en: str
    clause: str = ""
    #: a notebook of the notebooks folder, by file name only (never a path out of it)
    notebook: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.ipynb$")
    analysis: AnalysisModel | None = None


class ZoneModel(_Strict):
    name_zh: str
    name_en: str


class DistrictModel(_Strict):
    code: str = Field(pattern=r"^\d{6}$")
    name_zh: str
    name_en: str
    zone: str = ""


class ThresholdModel(_Strict):
    value: float
    note_zh: str = ""
    note_en: str = ""

    @field_validator("value", mode="before")
    @classmethod
    def _hand_typed(cls, v: object) -> object:
        """A threshold is read as an observation value is (:func:`parse_number`: ``1,234``,
        full-width digits, U+2212 minus); YAML's ``.nan``, ``.inf`` and ``true`` are refused."""
        if isinstance(v, bool) or v is None:
            raise ValueError(_THRESHOLD)
        if isinstance(v, str):
            value, _why = parse_number(v)
            if value is None:
                raise ValueError(_THRESHOLD)
            return value
        if isinstance(v, float | int) and not math.isfinite(v):
            raise ValueError(_THRESHOLD)
        return v


class ContextModel(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    name_zh: str
    name_en: str
    unit_zh: str = ""
    unit_en: str = ""


class PlanFile(_Strict):
    """The model of ``plan.yaml``; every section optional."""

    #: the assessment framework (healthcheck.engine.frameworks); the plan's targets by default
    framework: str = Field(default="plan_targets", pattern=r"^[a-z][a-z0-9_]*$")
    city: CityModel = CityModel()
    plan: PlanMeta = PlanMeta()
    report: ReportMeta = ReportMeta()
    domains: list[DomainModel] = []
    zones: dict[str, ZoneModel] = {}
    districts: list[DistrictModel] = []
    thresholds: dict[str, ThresholdModel] = {}
    district_scope: dict[str, str] = {}
    context_series: list[ContextModel] = []
    #: the file read and its node tree, to locate a later problem by line (:meth:`where`)
    _source: tuple[str, YamlDocument] | None = PrivateAttr(default=None)

    @field_validator("city", mode="before")
    @classmethod
    def _code_as_text(cls, v: object) -> object:
        code = v.get("code") if isinstance(v, dict) else None
        if isinstance(code, int) and not isinstance(code, bool):  # `yes` is no code
            return {**v, "code": str(code)}  # type: ignore[dict-item]
        return v

    def where(
        self, loc: tuple[int | str, ...], default: str = "plan.yaml"
    ) -> tuple[str, int | None]:
        """The file and the line of key path ``loc`` of the plan.yaml this was read from (the
        line of the key itself where ``loc`` ends at one); ``(default, None)`` for a plan
        without plan.yaml."""
        if self._source is None:
            return default, None
        name, doc = self._source
        return name, doc.line(loc, key=True)


def read_plan_yaml(path: Path) -> tuple[PlanFile, list[Problem]]:
    """Parse and check ``plan.yaml`` (:func:`~healthcheck.inputs.yamlfile.read_yaml`: with
    limits): the model, or the default model and the problems."""
    name = str(path)
    doc, problems = read_yaml(path)
    if doc is None:
        return PlanFile(), problems
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        return PlanFile(), [Problem(name, 1, None, type(data).__name__, "a mapping of sections")]
    try:
        model = PlanFile.model_validate(data)
    except ValidationError as exc:
        return PlanFile(), problems + doc.problems(exc, name)
    model._source = (name, doc)
    return model, _check_plan_consistency(model, name, doc)


def _check_plan_consistency(m: PlanFile, name: str, doc: YamlDocument) -> list[Problem]:
    problems = []

    def add(loc: tuple[int | str, ...], found: str, expected: str) -> None:
        problems.append(Problem(name, doc.line(loc), ".".join(map(str, loc)), found, expected))

    for section, ids in (
        ("domains", [d.id for d in m.domains]),
        ("districts", [d.code for d in m.districts]),
        ("context_series", [c.id for c in m.context_series]),
    ):
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if ident in seen:
                add((section, i), f"a second entry '{ident}'", "each id once")
            seen.add(ident)
    for i, d in enumerate(m.districts):
        if m.zones and d.zone not in m.zones:
            add(("districts", i, "zone"), f"'{d.zone}'", f"one of the zones {sorted(m.zones)}")
    for ind, zone in m.district_scope.items():
        if zone not in {d.zone for d in m.districts}:
            add(("district_scope", ind), f"'{zone}'", "a zone that has districts")
    if m.plan.baseline_year and m.plan.target_year and m.plan.target_year <= m.plan.baseline_year:
        add(("plan", "target_year"), str(m.plan.target_year), "a year after the baseline year")
    return problems


# --------------------------------------------------------------------------------------------
# indicators.csv


def _stripped(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(lambda s: s.str.strip() if s.dtype == object else s)


def _numbers(s: pd.Series) -> pd.Series:
    """The numbers of a column of cells (None for an empty or unparsable cell)."""
    return s.map(lambda t: parse_number(t)[0] if t.strip() else None)


def _years(s: pd.Series) -> pd.Series:
    return s.map(_is_int)


#: the kinds stated without a target figure
_NO_FIGURE = [k.name for k in KINDS.values() if not k.has_target_value]

INDICATORS = Spec(
    "indicators.csv",
    INDICATOR_COLUMNS,
    optional=INDICATOR_OPTIONAL,
    keys=("id", "domain"),
    rules=[
        Rule("id", "an id of letters, digits and _ (e.g. T01)",
             lambda s: s.str.fullmatch(r"[A-Za-z][A-Za-z0-9_]*")),
        Rule("id", "each id once", lambda s: ~s.duplicated(keep="first")),
        Rule("domain", "a domain id of lowercase letters, digits and _",
             lambda s: s.str.fullmatch(r"[a-z][a-z0-9_]*")),
        Rule("domain", "one of the domains of plan.yaml: {domains}",
             lambda d: d["_domain_known"], on_frame=True),
        Rule("name_zh", "a Chinese name", lambda s: s.str.len() > 0),
        Rule("name_en", "an English name", lambda s: s.str.len() > 0),
        Rule("kind", f"one of {', '.join(KINDS)}", lambda s: s.isin(list(KINDS))),
        Rule("direction", "up or down", lambda s: s.isin(["up", "down"])),
        Rule("baseline_year", "a four-digit year", _years),
        Rule("target_year", "a four-digit year", _years),
        Rule("target", "a bare number, or empty for trend and milestone kinds",
             lambda s: (s.str.len() == 0) | _numbers(s).notna()),
        Rule("target", "no figure for trend and milestone kinds",
             lambda d: ~(d["kind"].isin(_NO_FIGURE) & (d["target"].str.len() > 0)),
             on_frame=True),
        Rule("target_year", "a year after baseline_year",
             lambda d: (
                 ~(_years(d["baseline_year"]) & _years(d["target_year"]))
                 | (d["target_year"].str[:4] > d["baseline_year"].str[:4])
             ),
             on_frame=True),
        Rule("decimals", "empty, or a whole number of decimals from 0 to 6",
             lambda s: s.str.fullmatch(r"[0-6]?")),
        Rule("unit_zh", "a percentage target between 0 and 100",
             lambda d: ~(
                 (d["unit_zh"] == "%")
                 & d["kind"].eq("level")
                 & ~_numbers(d["target"]).fillna(0).between(0, 100)
             ),
             on_frame=True),
    ],
)  # fmt: skip
"""The rules of ``indicators.csv``; context column ``_domain_known`` (the row's domain is one of
plan.yaml's, or plan.yaml lists none)."""


def check_indicators(frame: pd.DataFrame, file: str, settings: PlanFile) -> list[Problem]:
    """Check the rows of ``indicators.csv`` against the spec and against ``plan.yaml``.

    The optional columns left out are added to ``frame`` (empty), as the plan reads them.
    """
    problems = INDICATORS.header_problems(frame, file)
    if any(p.found == MISSING_COLUMN for p in problems):
        return problems
    for c in INDICATOR_OPTIONAL:
        if c not in frame:
            frame[c] = ""
    if frame.empty:
        return problems + [Problem(file, None, None, "a header and no rows", "one row per target")]
    f = _stripped(frame)
    domains = sorted(d.id for d in settings.domains)
    f["_domain_known"] = f["domain"].isin(domains) if domains else True
    problems += INDICATORS.problems(f, file, {"domains": domains})
    targets = {i: t for i, t in zip(f["id"], f["target"], strict=True) if t}
    return problems + _unknown_plan_ids(settings, set(f["id"]), targets, file)


def _unknown_plan_ids(
    settings: PlanFile, ids: set[str], targets: Mapping[str, str], file: str
) -> list[Problem]:
    """The ids that plan.yaml's ``thresholds`` and ``district_scope`` name but the CSV lacks,
    and the thresholds of indicators whose target is a figure (the verdict uses the plan's
    figure: the analysts' threshold would be dropped without a word); each on the line of the
    id in plan.yaml."""
    default = file.replace("indicators.csv", "plan.yaml")

    def problem(section: str, key: str, found: str, expected: str) -> Problem:
        yaml_file, line = settings.where((section, key), default)
        return Problem(yaml_file, line, f"{section}.{key}", found, expected)

    problems = [
        problem(section, key, f"'{key}'", "an id of indicators.csv")
        for section, keys in (
            ("thresholds", settings.thresholds),
            ("district_scope", settings.district_scope),
        )
        for key in keys
        if key not in ids
    ]
    return problems + [
        problem(
            "thresholds",
            key,
            f"a threshold for {key}, whose target in indicators.csv is {targets[key]}",
            "thresholds only for indicators the plan gives no figure (an empty target)",
        )
        for key in settings.thresholds
        if key in targets
    ]


# --------------------------------------------------------------------------------------------
# observations/<year>.csv

OBSERVATIONS = Spec(
    "observations/<year>.csv",
    OBSERVATION_COLUMNS,
    optional=OBSERVATION_OPTIONAL,
    keys=("indicator", "area"),
    rules=[
        Rule("indicator", "an indicator id of the plan's indicators.csv (or a context series "
             "of plan.yaml)", lambda d: d["_kind"] != "", on_frame=True),
        Rule("year", "{file_year}, the year in the file's name",
             lambda d: d["year"] == d["_file_year"], on_frame=True),
        Rule("area", "empty for the whole city, or a district code of plan.yaml",
             lambda d: (d["area"] == "") | d["_area_known"], on_frame=True),
        Rule("area", "a district the indicator applies to (its district_scope in plan.yaml), "
             "or empty for the whole city",
             lambda d: (d["area"] == "") | ~d["_area_known"] | d["_in_scope"], on_frame=True,
             found="_scope_found"),
        Rule("status", f"one of {', '.join(STATUSES)}", lambda s: s.isin(STATUSES)),
        Rule("value", "a bare number with '.' as decimal point", lambda d: d["_why"].isna(),
             on_frame=True, found="_why"),
        Rule("value", "a percentage between 0 and 100",
             lambda d: ~(d["_pct"] & d["_value"].notna() & ~d["_value"].between(0, 100)),
             on_frame=True),
        Rule("value", "a non-negative number (a count, capacity, rate or time)",
             lambda d: ~(
                 (d["_kind"] != "context") & ~d["_pct"] & d["_value"].notna() & (d["_value"] < 0)
             ),
             on_frame=True),
        Rule("value", "1 (done) or 0 (not yet) for a milestone",
             lambda d: ~(
                 (d["_kind"] == "milestone") & d["_value"].notna() & ~d["_value"].isin([0, 1])
             ),
             on_frame=True),
        Rule("source", "the source of an official, reported or estimated value "
             "(publisher, title, date; address)",
             lambda d: ~(d["status"].isin(SOURCED) & (d["source"] == "")), on_frame=True),
        Rule("indicator", "one row per indicator, year and area (this one repeats an earlier row)",
             lambda d: ~d.duplicated(["indicator", "year", "area"], keep="first"),
             on_frame=True),
    ],
)  # fmt: skip
"""The rules of an observation file; context columns: ``_value`` and ``_why`` (the parsed value,
or why it does not parse), ``_kind`` and ``_pct`` (the kind of the row's series, "" if unknown,
"context" for a context series; whether it is a percentage), ``_area_known``,
``_in_scope`` and ``_scope_found`` (the area is one of the districts the row's indicator applies
to; else what to say was found) and ``_file_year``."""


def check_observations(
    frame: pd.DataFrame,
    file: str,
    *,
    file_year: int,
    series: Mapping[str, tuple[str, bool]],
    areas: set[str],
    city_code: str = "",
    scopes: Mapping[str, Collection[str]] | None = None,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check one year's observations; return the typed rows (or None) and every problem.

    ``series`` maps each id an observation may carry to ``(kind, is_percentage)``; context
    series have kind ``"context"``.  ``areas`` are the district codes; ``scopes`` the codes of
    the districts an indicator with a district scope applies to (a value for another district
    would be dropped from the district tables, so it is refused).
    """
    problems = OBSERVATIONS.header_problems(frame, file)
    if any(p.found == MISSING_COLUMN for p in problems):
        return None, problems
    if "note" not in frame:
        frame["note"] = ""
    if frame.empty:
        return None, problems + [
            Problem(file, None, None, "a header and no rows", "one row per value")
        ]
    f = _stripped(frame)
    if city_code:
        f.loc[f["area"] == city_code, "area"] = ""
    parsed = f["value"].map(parse_number)
    f["_value"] = parsed.map(lambda p: p[0])
    f["_why"] = parsed.map(lambda p: p[1])
    f["_kind"] = f["indicator"].map(lambda i: series.get(i, ("", False))[0])
    f["_pct"] = f["indicator"].map(lambda i: series.get(i, ("", False))[1])
    f["_area_known"] = f["area"].isin(areas)
    scopes = scopes or {}
    f["_in_scope"] = [
        i not in scopes or a in scopes[i] for i, a in zip(f["indicator"], f["area"], strict=True)
    ]
    f["_scope_found"] = [
        f"'{a}' ({i} covers only the districts {', '.join(sorted(scopes[i]))})"
        if i in scopes
        else ""
        for i, a in zip(f["indicator"], f["area"], strict=True)
    ]
    f["_file_year"] = str(file_year)
    problems += OBSERVATIONS.problems(f, file, {"file_year": file_year})
    if problems:
        return None, problems
    out = pd.DataFrame(
        {
            "indicator": f["indicator"],
            "year": file_year,
            "area": f["area"],
            "value": f["_value"].astype(float),
            "status": f["status"],
            "source": f["source"],
            "note": f["note"],
            "file": file,
            "line": f[LINE].astype(int),
        }
    )
    return out, []
