"""From a file's rules to located problems: the bridge between pandera and :class:`Problem`.

A :class:`Rule` is one check of a CSV file, with the two things a reader of the error needs
carried as fields: the ``column`` a failure is reported in and what was ``expected`` there.  A
:class:`Spec` is the columns and rules of one kind of file; it makes the pandera schema (each
rule a :class:`pandera.Check` named after its column, with its expectation as the error text)
and turns every failure case of a lazy validation into a :class:`Problem` with the file, the line
and the column, so that all problems of all files can be reported in one pass.

A rule is tested on one column (``on_frame=False``) or on the whole frame, when it compares
columns or reads the *context columns* the checker adds before validating (their names start
with ``_``: parsed values, the kind of each row's series, whether an area is known...).  An
expectation may name context values, filled in when the file is checked:
``"{file_year}, the year in the file's name"``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from healthcheck.errors import Problem
from healthcheck.inputs.csvfile import LINE

__all__ = ["MISSING_COLUMN", "PADDED_KEY", "Rule", "Spec", "show"]

#: what a problem says was found when a required column is not in the header
MISSING_COLUMN = "no such column"
#: what a problem expects of a key cell with spaces around it
PADDED_KEY = (
    "a code without spaces before or after it (codes are matched exactly across the files; "
    "delete the spaces)"
)


@dataclass(frozen=True)
class Rule:
    """One check of a file.

    ``test`` returns a boolean Series, True where a row passes; it receives the column's
    Series, or the whole frame if ``on_frame``.  ``found``, if given, is a context column whose
    text says what was found (e.g. why a value does not parse), instead of the cell itself.
    """

    column: str
    expected: str
    test: Callable[..., pd.Series]
    on_frame: bool = False
    found: str | None = None

    def check(self) -> pa.Check:
        return pa.Check(self.test, name=self.column, error=self.expected)


class Spec:
    """The columns of one kind of file and its rules; ``schema`` is the pandera schema."""

    def __init__(
        self,
        name: str,
        columns: tuple[str, ...],
        rules: Iterable[Rule],
        optional: frozenset[str] = frozenset(),
        keys: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.columns = columns
        self.optional = optional
        #: the columns of ids and codes that other files (or plan.yaml) refer to: refused with
        #: spaces around them, since one reader stripping and another not loses the match
        self.keys = keys
        self.rules = tuple(rules)
        #: a pandera check names its rule by its name and error text
        self._by_check: dict[tuple[str | None, str | None], Rule] = {
            (r.column, r.expected): r for r in self.rules
        }
        column_rules: dict[str, list[pa.Check]] = {c: [] for c in columns}
        for r in self.rules:
            if not r.on_frame:
                column_rules[r.column].append(r.check())
        self.schema = pa.DataFrameSchema(
            {
                c: pa.Column(str, checks, required=c not in optional)
                for c, checks in column_rules.items()
            },
            checks=[r.check() for r in self.rules if r.on_frame],
            name=name,
        )

    def __str__(self) -> str:
        lines = [f"{self.name}: columns {', '.join(self.columns)}"]
        if self.optional:
            lines.append(f"  may be left out: {', '.join(sorted(self.optional))}")
        lines += [f"  {r.column}: {r.expected}" for r in self.rules]
        return "\n".join(lines)

    def header_problems(self, frame: pd.DataFrame, file: str) -> list[Problem]:
        """What is wrong with the file as read, before its cells are stripped: an unknown
        column, a required one missing (found: :data:`MISSING_COLUMN`), a key cell with spaces
        around it (:data:`PADDED_KEY`)."""
        cols = [c for c in frame.columns if c != LINE]
        padded = [
            Problem(file, int(line), c, show(v), PADDED_KEY)
            for c in self.keys
            if c in cols
            for v, line in zip(frame[c], frame[LINE], strict=True)
            if isinstance(v, str) and v != v.strip() and v.strip()
        ]
        only = f"only the columns {', '.join(self.columns)}"
        problems = [
            Problem(file, 1, c, f"an unknown column '{c}'", only)
            for c in cols
            if c not in self.columns
        ]
        problems += [
            Problem(file, 1, c, MISSING_COLUMN, f"a column '{c}' in the header")
            for c in self.columns
            if c not in cols and c not in self.optional
        ]
        return problems + padded

    def problems(
        self, frame: pd.DataFrame, file: str, context: Mapping[str, object] | None = None
    ) -> list[Problem]:
        """Validate ``frame`` lazily; every failure as a Problem located by line and column.

        ``frame`` holds the file's cells (and context columns) with its line numbers in the
        column :data:`~healthcheck.inputs.csvfile.LINE`; ``context`` fills the expectations.
        """
        try:
            self.schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            return [
                p for err in exc.schema_errors for p in self._located(err, frame, file, context)
            ]
        return []

    def _located(
        self,
        err: pa.errors.SchemaError,
        frame: pd.DataFrame,
        file: str,
        context: Mapping[str, object] | None,
    ) -> list[Problem]:
        check = err.check
        rule = (
            self._by_check.get((check.name, check.error)) if isinstance(check, pa.Check) else None
        )
        if rule is None:  # a pandera built-in check (a column's type, a missing value)
            column = str(err.column_name) if err.column_name is not None else None
            expected = str(check)
        else:
            column, expected = rule.column, rule.expected.format_map(context or {})
        cases = err.failure_cases
        if not isinstance(cases, pd.DataFrame):  # a failure of the whole check
            return [Problem(file, None, column, str(cases), expected)]
        if rule is not None and "column" in cases:
            # a frame-wide check reports each column of a failing row: keep the rule's
            cases = cases[cases["column"] == rule.column]
        problems = []
        for idx, failure in zip(cases["index"], cases["failure_case"], strict=True):
            if idx is None or pd.isna(idx):
                problems.append(Problem(file, None, column, str(failure), expected))
                continue
            row = frame.loc[idx]
            if rule is not None and rule.found is not None:
                found = str(row[rule.found])
            else:
                found = show(row[column] if column is not None and column in row else failure)
            problems.append(Problem(file, int(row[LINE]), column, found, expected))
        return problems


def show(value: object) -> str:
    """A cell as a problem shows it: quoted, or "an empty cell"."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    return f"'{text}'" if text else "an empty cell"
