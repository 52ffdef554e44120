"""From rules to located problems: column and frame-wide rules, context in an expectation, a
found column, pandera's own checks, and the specs read as text."""

from __future__ import annotations

import pandas as pd

from healthcheck.errors import Problem
from healthcheck.inputs.csvfile import LINE
from healthcheck.inputs.problems import MISSING_COLUMN, Rule, Spec, show
from healthcheck.inputs.spec import INDICATORS, OBSERVATIONS

SPEC = Spec(
    "t.csv",
    ("a", "b", "c"),
    optional=frozenset({"c"}),
    rules=[
        Rule("a", "a lowercase word", lambda s: s.str.fullmatch("[a-z]+")),
        Rule("b", "more than a", lambda d: d["b"].astype(int) > d["a"].str.len(), on_frame=True),
        Rule("b", "the year {year}", lambda d: d["b"] == "never", on_frame=True),
        Rule("a", "a known word", lambda d: d["_why"] == "", on_frame=True, found="_why"),
    ],
)


def frame(rows: list[tuple[str, str]], why: list[str] | None = None) -> pd.DataFrame:
    f = pd.DataFrame(rows, columns=["a", "b"], dtype=str)
    f[LINE] = range(2, len(rows) + 2)
    f["_why"] = why or [""] * len(rows)
    return f


def test_each_failure_is_located_by_line_and_the_rule_column():
    f = frame([("abc", "9"), ("Abc", "2"), ("xy", "1")])
    problems = SPEC.problems(f, "t.csv", {"year": 2021})
    assert sorted(p for p in problems if "year" not in p.expected) == [
        Problem("t.csv", 3, "a", "'Abc'", "a lowercase word"),
        Problem("t.csv", 3, "b", "'2'", "more than a"),
        Problem("t.csv", 4, "b", "'1'", "more than a"),
    ]
    # a frame-wide rule reports its own column once per row, its expectation filled in
    years = [p for p in problems if "year" in p.expected]
    assert [(p.row, p.column, p.expected) for p in years] == [
        (2, "b", "the year 2021"),
        (3, "b", "the year 2021"),
        (4, "b", "the year 2021"),
    ]


def test_a_found_column_says_what_was_found():
    f = frame([("abc", "9")], why=["'abc' (not a word I know)"])
    (p,) = [p for p in SPEC.problems(f, "t.csv", {"year": 2021}) if p.expected == "a known word"]
    assert (p.row, p.found) == (2, "'abc' (not a word I know)")


def test_a_pandera_check_of_its_own_is_reported_too():
    f = frame([("abc", "9")])
    f.loc[0, "a"] = None
    problems = SPEC.problems(f, "t.csv", {"year": 2021})
    assert any(p.column == "a" and "null" in p.expected for p in problems), problems


def test_header_problems():
    f = pd.DataFrame(columns=["a", "d", LINE])
    assert sorted(SPEC.header_problems(f, "t.csv")) == [
        Problem("t.csv", 1, "b", MISSING_COLUMN, "a column 'b' in the header"),
        Problem("t.csv", 1, "d", "an unknown column 'd'", "only the columns a, b, c"),
    ]


def test_show():
    assert show("x") == "'x'"
    assert show("") == show(None) == show(float("nan")) == "an empty cell"


def test_the_specs_print_their_rules():
    text = str(INDICATORS)
    assert text.startswith("indicators.csv: columns id, domain, clause,")
    assert "  kind: one of level, increase, growth, cumulative, trend, milestone" in text
    assert "  year: {file_year}, the year in the file's name" in str(OBSERVATIONS)
    assert len(INDICATORS.schema.checks) == sum(r.on_frame for r in INDICATORS.rules)
    assert set(OBSERVATIONS.schema.columns) == set(OBSERVATIONS.columns)
