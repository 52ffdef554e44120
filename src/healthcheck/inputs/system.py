"""A national indicator system as data: the framework's ``indicators.csv`` and
``grading.yaml`` (package data of ``healthcheck/engine/frameworks/<name>/``), and a city's
特色指标 in the same columns (``<plan>/indicators.csv`` of a national plan).

:func:`load_system` reads a framework's files and checks them like every input (a located
:class:`~healthcheck.errors.Problem` per failure, all at once); :func:`check_system_rows` checks
rows in the framework's columns from any file.  The files are located by path under the
installed package, not imported, so that the inputs never import the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal, cast

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from healthcheck.errors import InputError, Problem
from healthcheck.inputs.csvfile import read_csv_strict
from healthcheck.inputs.problems import MISSING_COLUMN, Rule, Spec
from healthcheck.inputs.spec import parse_number
from healthcheck.inputs.yamlfile import Number, Whole, read_yaml

__all__ = [
    "LEVELS",
    "SYSTEM",
    "SYSTEM_COLUMNS",
    "GradingParams",
    "IndicatorSystem",
    "SystemIndicator",
    "check_system_rows",
    "is_system",
    "load_system",
    "system_folder",
]

#: the levels of the national check, in the report's order: id -> (zh, en)
LEVELS: dict[str, tuple[str, str]] = {
    "housing": ("住房", "Housing"),
    "community": ("小区（社区）", "Residential estates and communities"),
    "block": ("街区", "Blocks"),
    "city": ("城区（城市）", "City"),
}
SYSTEM_COLUMNS: tuple[str, ...] = (
    "id", "no", "level", "dimension_zh", "dimension_en", "name_zh", "name_en", "unit_zh",
    "unit_en", "direction", "stat_unit", "source_of_value", "ledger_count", "reference",
    "reference_op", "reference_text_zh", "reference_text_en", "problem_class", "survey_items",
    "decimals", "manual_ref",
)  # fmt: skip
_OPTIONAL = frozenset(
    {"no", "stat_unit", "ledger_count", "reference_text_en", "survey_items", "decimals",
     "manual_ref"}
)  # fmt: skip
_SURVEY_ID = r"[A-Za-z][A-Za-z0-9_-]*"

#: ledger: counted from the problem ledger; observed: a city figure in the observations;
#: remediation: 问题整治完成率, computed from the previous year's ledger
SourceOfValue = Literal["ledger", "observed", "remediation"]
ProblemClass = Literal["bottom_line", "improvement"]


def _number_or_empty(s: pd.Series) -> pd.Series:
    return s.map(lambda t: t == "" or parse_number(t)[0] is not None)


SYSTEM = Spec(
    "indicators.csv (national system)",
    SYSTEM_COLUMNS,
    optional=_OPTIONAL,
    keys=("id",),
    rules=[
        Rule("id", "an id of letters, digits and _ (N01..N60, or the city's own)",
             lambda s: s.str.fullmatch(r"[A-Za-z][A-Za-z0-9_]*")),
        Rule("id", "each id once", lambda s: ~s.duplicated(keep="first")),
        Rule("level", f"one of {', '.join(LEVELS)}", lambda s: s.isin(list(LEVELS))),
        Rule("dimension_zh", "the dimension's Chinese name", lambda s: s.str.len() > 0),
        Rule("dimension_en", "the dimension's English name", lambda s: s.str.len() > 0),
        Rule("name_zh", "a Chinese name", lambda s: s.str.len() > 0),
        Rule("name_en", "an English name", lambda s: s.str.len() > 0),
        Rule("direction", "up or down", lambda s: s.isin(["up", "down"])),
        Rule("source_of_value", "ledger (counted from the problem ledger), observed (a city "
             "figure in the observations) or remediation (问题整治完成率)",
             lambda s: s.isin(["ledger", "observed", "remediation"])),
        Rule("ledger_count", "units (units with the problem) or quantity (the sum of the "
             "ledger's quantities), or empty for an observed indicator",
             lambda s: s.isin(["", "units", "quantity"])),
        Rule("reference", "a bare number, or empty", _number_or_empty),
        Rule("reference_op", ">=, <=, == or empty (with a reference: not empty)",
             lambda d: d["reference_op"].isin(["", ">=", "<=", "=="])
             & ((d["reference"] == "") | (d["reference_op"] != "")), on_frame=True),
        Rule("problem_class", "bottom_line (底线型), improvement (提升型)",
             lambda s: s.isin(["bottom_line", "improvement"])),
        Rule("survey_items", "survey item ids separated by spaces, or empty",
             lambda s: s.str.fullmatch(rf"({_SURVEY_ID}( {_SURVEY_ID})*)?")),
        Rule("decimals", "empty, or a whole number of decimals from 0 to 6",
             lambda s: s.str.fullmatch(r"[0-6]?")),
    ],
)  # fmt: skip
"""The rules of a national system's rows (the framework's, or a city's 特色指标)."""


@dataclass(frozen=True)
class SystemIndicator:
    """One indicator of a national system (a row of its ``indicators.csv``)."""

    id: str
    no: int | None
    level: str
    dimension_zh: str
    dimension_en: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    direction: Literal["up", "down"]
    stat_unit: str
    source_of_value: SourceOfValue
    #: how the ledger counts it: units with the problem, or the sum of ``quantity``
    ledger_count: Literal["units", "quantity", ""]
    reference: float | None
    reference_op: Literal[">=", "<=", "==", ""]
    reference_text_zh: str
    reference_text_en: str
    problem_class: ProblemClass
    survey_items: tuple[str, ...]
    decimals: int | None
    manual_ref: str
    #: a 特色指标 the city added (from the plan folder), not the framework's
    added: bool = False


class GradingParams(BaseModel):
    """The parameters of the default grading rule (``grading.yaml``; the file documents each)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    very_good_margin: Number = Field(default=0.10, ge=0)
    fair_shortfall: Number = Field(default=0.10, ge=0)
    zero_scale: Number = Field(default=1.0, gt=0)
    trend_min_years: Whole = Field(default=2, ge=2)
    trend_tolerance: Number = Field(default=0.01, ge=0)
    trend_step: bool = True
    peer_margin: Number = Field(default=0.10, ge=0)
    peer_min: Whole = Field(default=3, ge=1)
    survey_threshold: Number = Field(default=60.0, ge=0, le=100)
    dimension_very_good: Number = Field(default=0.8, gt=0, le=1)
    dimension_bands: tuple[Number, Number, Number] = (0.8, 0.6, 0.4)


@dataclass(frozen=True)
class IndicatorSystem:
    """A national indicator system: its name (``mohurd_2025``), year, rows in the manual's
    order and grading parameters.  A city's plan extends it with its 特色指标
    (:meth:`with_rows`)."""

    name: str
    year: int
    indicators: tuple[SystemIndicator, ...]
    grading: GradingParams = field(default_factory=GradingParams)

    def __iter__(self) -> Iterator[SystemIndicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def indicator(self, ident: str) -> SystemIndicator:
        for ind in self.indicators:
            if ind.id == ident:
                return ind
        raise KeyError(ident)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)

    def of_level(self, level: str) -> tuple[SystemIndicator, ...]:
        return tuple(i for i in self.indicators if i.level == level)

    def with_rows(self, rows: tuple[SystemIndicator, ...]) -> IndicatorSystem:
        return IndicatorSystem(self.name, self.year, self.indicators + rows, self.grading)

    def frame(self) -> pd.DataFrame:
        """The rows as a frame (``survey_items`` a space-separated string)."""
        rows = [{**i.__dict__, "survey_items": " ".join(i.survey_items)} for i in self.indicators]
        return pd.DataFrame(rows)


def system_folder(name: str) -> Path:
    """The package folder holding framework ``name``'s data (it may not exist)."""
    return Path(str(resources.files("healthcheck"))) / "engine" / "frameworks" / name


def is_system(name: str) -> bool:
    """Whether framework ``name`` is a national system (its folder has ``indicators.csv``)."""
    return (
        bool(re.fullmatch(r"[a-z][a-z0-9_]*", name))
        and (system_folder(name) / "indicators.csv").is_file()
    )


def check_system_rows(
    frame: pd.DataFrame, file: str, *, added: bool = False
) -> tuple[tuple[SystemIndicator, ...], list[Problem]]:
    """Check rows in the system's columns; return them typed (none if any problem)."""
    problems = SYSTEM.header_problems(frame, file)
    if any(p.found == MISSING_COLUMN for p in problems):
        return (), problems
    for c in _OPTIONAL:
        if c not in frame:
            frame[c] = ""
    f = frame.apply(lambda s: s.str.strip() if s.dtype == object else s)
    problems += SYSTEM.problems(f, file)
    if problems:
        return (), problems
    return tuple(_typed(r, added) for r in f.to_dict("records")), []


def _typed(r: dict[str, str], added: bool) -> SystemIndicator:
    return SystemIndicator(
        id=r["id"],
        no=int(r["no"]) if r["no"].isdigit() else None,
        level=r["level"],
        dimension_zh=r["dimension_zh"],
        dimension_en=r["dimension_en"],
        name_zh=r["name_zh"],
        name_en=r["name_en"],
        unit_zh=r["unit_zh"],
        unit_en=r["unit_en"],
        direction=cast(Literal["up", "down"], r["direction"]),
        stat_unit=r["stat_unit"],
        source_of_value=cast(SourceOfValue, r["source_of_value"]),
        ledger_count=cast(Literal["units", "quantity", ""], r["ledger_count"]),
        reference=parse_number(r["reference"])[0] if r["reference"] else None,
        reference_op=cast(Literal[">=", "<=", "==", ""], r["reference_op"]),
        reference_text_zh=r["reference_text_zh"],
        reference_text_en=r["reference_text_en"],
        problem_class=cast(ProblemClass, r["problem_class"]),
        survey_items=tuple(r["survey_items"].split()),
        decimals=int(r["decimals"]) if r["decimals"] else None,
        manual_ref=r["manual_ref"],
        added=added,
    )


def _grading(path: Path) -> tuple[GradingParams, list[Problem]]:
    """The grading parameters of ``path`` (the defaults where there is no such file); every
    problem located by line and key (a boolean where a number is expected among them)."""
    if not path.is_file():
        return GradingParams(), []
    doc, problems = read_yaml(path, check_text=False)
    if doc is None:
        return GradingParams(), problems
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        return GradingParams(), [Problem(str(path), 1, None, type(data).__name__,
                                         "a mapping of the parameters")]  # fmt: skip
    try:
        return GradingParams.model_validate(data), []
    except ValidationError as exc:
        return GradingParams(), doc.problems(exc, str(path))


def load_system(name: str = "mohurd_2025") -> IndicatorSystem:
    """The national system ``name`` (its rows and grading parameters); an InputError locating
    every problem of its files otherwise.  The system's year is the digits ending its name."""
    folder = system_folder(name)
    csv_path = folder / "indicators.csv"
    if not csv_path.is_file():
        raise InputError([Problem(str(csv_path), None, None, "no such file",
                                  "the framework's indicators.csv")])  # fmt: skip
    frame, problems = read_csv_strict(csv_path)
    rows: tuple[SystemIndicator, ...] = ()
    if frame is not None:
        rows, more = check_system_rows(frame, str(csv_path))
        problems += more
    grading, more = _grading(folder / "grading.yaml")
    problems += more
    if problems:
        raise InputError(problems)
    match = re.search(r"(\d{4})$", name)
    return IndicatorSystem(name, int(match.group(1)) if match else 0, rows, grading)
