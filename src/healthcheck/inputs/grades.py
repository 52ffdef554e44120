"""The expert panel's grades of a national check (``<data>/grades/<year>.csv``, optional): one
row per graded indicator, the grade (很好 / 较好 / 一般 / 不足, or ``very_good`` / ``good`` /
``fair`` / ``insufficient``), the panel and its reason.  An expert grade overrides the default
rule's; the report shows both when they differ.

Checked like every input (every failure a located :class:`~healthcheck.errors.Problem`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from healthcheck.errors import Problem
from healthcheck.files import present
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.problems import MISSING_COLUMN, Rule, Spec

__all__ = ["GRADE_COLUMNS", "GRADE_WORDS", "GRADES_SPEC", "check_grades", "read_grades"]

GRADE_COLUMNS: tuple[str, ...] = ("indicator", "grade", "panel", "reason_zh", "reason_en")
#: every accepted spelling of a grade -> its id
GRADE_WORDS: dict[str, str] = {
    "very_good": "very_good", "很好": "very_good",
    "good": "good", "较好": "good",
    "fair": "fair", "一般": "fair",
    "insufficient": "insufficient", "不足": "insufficient",
}  # fmt: skip

GRADES_SPEC = Spec(
    "grades/<year>.csv",
    GRADE_COLUMNS,
    optional=frozenset({"panel"}),
    keys=("indicator",),
    rules=[
        Rule("indicator", "an indicator the framework grades (the 城区 level, N22, N25, or "
             "the city's own), not one counted from the ledger", lambda d: d["_known"],
             on_frame=True),
        Rule("indicator", "one row per indicator (this one repeats an earlier row)",
             lambda s: ~s.duplicated(keep="first")),
        Rule("grade", "很好, 较好, 一般 or 不足 (or very_good, good, fair, insufficient)",
             lambda s: s.isin(list(GRADE_WORDS))),
        Rule("reason_zh", "the panel's reason in Chinese or English (reason_en)",
             lambda d: (d["reason_zh"] != "") | (d["reason_en"] != ""), on_frame=True),
    ],
)  # fmt: skip


def check_grades(
    frame: pd.DataFrame, file: str, graded: set[str]
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check a grades file against the ids the framework grades; the frame (grades as ids,
    with ``line``) or None, and every problem."""
    problems = GRADES_SPEC.header_problems(frame, file)
    if any(p.found == MISSING_COLUMN for p in problems):
        return None, problems
    if "panel" not in frame:
        frame["panel"] = ""
    f = frame.apply(lambda s: s.str.strip() if s.dtype == object else s)
    f["_known"] = f["indicator"].isin(graded)
    problems += GRADES_SPEC.problems(f, file)
    if problems:
        return None, problems
    out = f[list(GRADE_COLUMNS)].copy()
    out["grade"] = out["grade"].map(GRADE_WORDS)
    out["line"] = f[LINE].astype(int)
    return out.reset_index(drop=True), []


def read_grades(path: Path, graded: set[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check ``path``; (None, []) when there is no such file."""
    if not present(path):
        return None, []
    frame, problems = read_csv_strict(path)
    if frame is None:
        return None, problems
    grades, more = check_grades(frame, str(path), graded)
    return grades, problems + more
