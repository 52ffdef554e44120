"""The analysts' findings: per indicator, the cause of a shortfall (原因分析), the remedy
(整治建议), who is responsible (责任单位), by when, and whether it is fixed on a deadline
(限时解决) or as far as possible (尽力解决).

A findings file is ``<data>/findings/<year>.csv`` for the report year, beside the observations;
it is optional.  It is checked like the observations (:data:`FINDINGS`, every failure a located
:class:`~healthcheck.errors.Problem`, all at once).  Either language of a text may be left
empty: the report then says the text is missing, it never invents one.

CSV rather than YAML: the analysts keep it in the spreadsheet they keep the observations in,
one row per indicator, and a CSV cell holds a long sentence in either language as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from healthcheck.errors import InputError, Problem
from healthcheck.files import year_files
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.problems import MISSING_COLUMN, Rule, Spec
from healthcheck.inputs.status import STATUSES, is_illustrative

__all__ = [
    "CLASSES",
    "FINDINGS",
    "FINDING_COLUMNS",
    "FindingRow",
    "check_findings",
    "findings_files",
    "findings_problems",
    "load_findings",
]

FINDING_COLUMNS: tuple[str, ...] = (
    "indicator", "cause_zh", "cause_en", "recommendation_zh", "recommendation_en",
    "unit_zh", "unit_en", "deadline", "class", "status", "source",
)  # fmt: skip
FINDING_OPTIONAL: frozenset[str] = frozenset({"unit_zh", "unit_en", "source"})
#: 限时解决 (time-bound: safety, health, strong public concern) and 尽力解决 (best effort)
CLASSES: dict[str, str] = {"time_bound": "限时解决", "best_effort": "尽力解决"}
_SOURCED = ("official", "reported", "estimate")
_DEADLINE = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2]))?$")


def _both_empty(d: pd.DataFrame, field: str) -> pd.Series:
    return (d[f"{field}_zh"] == "") & (d[f"{field}_en"] == "")


FINDINGS = Spec(
    "findings/<year>.csv",
    FINDING_COLUMNS,
    optional=FINDING_OPTIONAL,
    keys=("indicator",),
    rules=[
        Rule("indicator", "an indicator id of the plan's indicators.csv",
             lambda d: d["_known"], on_frame=True),
        Rule("indicator", "one row per indicator (this one repeats an earlier row)",
             lambda s: ~s.duplicated(keep="first")),
        Rule("cause_zh", "the cause (原因分析) in Chinese or English (cause_en)",
             lambda d: ~_both_empty(d, "cause"), on_frame=True),
        Rule("recommendation_zh", "the recommendation (整治建议) in Chinese or English "
             "(recommendation_en)", lambda d: ~_both_empty(d, "recommendation"), on_frame=True),
        Rule("deadline", "a year or a month: YYYY or YYYY-MM (e.g. 2026 or 2026-06)",
             lambda s: s.str.fullmatch(_DEADLINE.pattern)),
        Rule("class", "time_bound (限时解决) or best_effort (尽力解决)",
             lambda s: s.isin([*CLASSES, *CLASSES.values()])),
        Rule("status", f"one of {', '.join(STATUSES)}", lambda s: s.isin(STATUSES)),
        Rule("source", "the source of an official, reported or estimated finding",
             lambda d: ~(d["status"].isin(_SOURCED) & (d["source"] == "")), on_frame=True),
    ],
)  # fmt: skip
"""The rules of a findings file; context column ``_known`` (the indicator is the plan's)."""


@dataclass(frozen=True)
class FindingRow:
    """One checked row of a findings file (texts stripped, ``""`` where not given)."""

    indicator: str
    cause_zh: str
    cause_en: str
    recommendation_zh: str
    recommendation_en: str
    unit_zh: str
    unit_en: str
    deadline: str
    remedy_class: str
    status: str
    source: str
    file: str
    line: int

    @property
    def illustrative(self) -> bool:
        return is_illustrative(self.status)


def findings_files(data_dir: str | Path) -> dict[int, Path]:
    """The findings files of a data folder, by year (``findings/<year>.csv``)."""
    return year_files(Path(data_dir) / "findings", data_dir, "findings files", strict=True)[0]


def check_findings(
    frame: pd.DataFrame, file: str, ids: set[str]
) -> tuple[list[FindingRow], list[Problem]]:
    """Check one findings file's rows; return the rows (none if any problem) and problems."""
    problems = FINDINGS.header_problems(frame, file)
    if any(p.found == MISSING_COLUMN for p in problems):
        return [], problems
    for c in FINDING_OPTIONAL:
        if c not in frame:
            frame[c] = ""
    if frame.empty:
        return [], [*problems, Problem(file, None, None, "a header and no rows",
                                       "one row per indicator with a finding")]  # fmt: skip
    f = frame.apply(lambda s: s.str.strip() if s.dtype == object else s)
    f["_known"] = f["indicator"].isin(ids)
    problems += FINDINGS.problems(f, file)
    if problems:
        return [], problems
    by_name = {v: k for k, v in CLASSES.items()}
    rows = [
        FindingRow(
            indicator=r["indicator"],
            cause_zh=r["cause_zh"],
            cause_en=r["cause_en"],
            recommendation_zh=r["recommendation_zh"],
            recommendation_en=r["recommendation_en"],
            unit_zh=r["unit_zh"],
            unit_en=r["unit_en"],
            deadline=r["deadline"],
            remedy_class=by_name.get(r["class"], r["class"]),
            status=r["status"],
            source=r["source"],
            file=file,
            line=int(r[LINE]),
        )  # fmt: skip
        for r in f.to_dict("records")
    ]
    return rows, []


def _folder_problems(data_dir: Path) -> list[Problem]:
    return year_files(data_dir / "findings", data_dir, "findings files", strict=True)[1]


def _read(path: Path, ids: set[str]) -> tuple[list[FindingRow], list[Problem]]:
    raw, problems = read_csv_strict(path, path.parent.parent)
    if raw is None:
        return [], problems
    rows, more = check_findings(raw, str(path), ids)
    return rows, problems + more


def findings_problems(data_dir: str | Path, ids: set[str]) -> list[Problem]:
    """Every problem of every findings file of ``data_dir`` (none: no findings folder)."""
    data_dir = Path(data_dir)
    problems = _folder_problems(data_dir)
    for path in findings_files(data_dir).values():
        problems += _read(path, ids)[1]
    return problems


def load_findings(data_dir: str | Path, ids: set[str], year: int) -> list[FindingRow]:
    """The findings of ``year`` in file order (none without a file); InputError if invalid."""
    path = findings_files(data_dir).get(int(year))
    if path is None:
        return []
    rows, problems = _read(path, ids)
    if problems:
        raise InputError(problems)
    return rows
