"""From rules to located problems: column and frame-wide rules, context in an expectation, a
found column, pandera's own checks, and the specs read as text."""

from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

from healthcheck.errors import InputError, Problem
from healthcheck.inputs.csvfile import LINE
from healthcheck.inputs.problems import MISSING_COLUMN, PADDED_KEY, Rule, Spec, show
from healthcheck.inputs.project import load_inputs
from healthcheck.inputs.spec import INDICATORS, OBSERVATIONS
from tests.conftest import ROOT

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


def test_a_key_with_spaces_around_it_is_refused_before_stripping() -> None:
    keyed = Spec("k.csv", ("id", "note"), rules=[], keys=("id",))
    f = pd.DataFrame([("A1", " x "), ("A2 ", ""), (" A3", ""), ("  ", "")], columns=["id", "note"])
    f[LINE] = range(2, 6)
    problems = keyed.header_problems(f, "k.csv")
    assert [(p.row, p.column, p.found) for p in problems] == [
        (3, "id", "'A2 '"),
        (4, "id", "' A3'"),
    ]  # not the padded note, not the blank cell (the rules' business)
    assert all(p.expected == PADDED_KEY for p in problems)


_NATIONAL = ROOT / "examples" / "wuhan-national"
#: every key column of every input file of the two example projects
_KEYED = [
    (ROOT / "data", "plan/indicators.csv", "id"),
    (ROOT / "data", "plan/indicators.csv", "domain"),
    (ROOT / "data", "observations/2024.csv", "indicator"),
    (ROOT / "data", "observations/2024.csv", "area"),
    (ROOT / "data", "findings/2025.csv", "indicator"),
    (_NATIONAL, "plan/indicators.csv", "id"),
    (_NATIONAL, "plan/refinements.csv", "indicator"),
    (_NATIONAL, "plan/units.csv", "code"),
    (_NATIONAL, "plan/units.csv", "parent"),
    (_NATIONAL, "plan/units.csv", "district"),
    *[
        (_NATIONAL, "data/ledgers/2025.csv", c)
        for c in ("problem_id", "indicator", "district", "street", "community", "unit_id")
    ],
    (_NATIONAL, "data/grades/2025.csv", "indicator"),
]


@pytest.mark.parametrize(
    ("project", "rel", "column"), _KEYED, ids=[f"{p.name}/{r}:{c}" for p, r, c in _KEYED]
)
def test_every_key_column_refuses_a_trailing_space(tmp_path, project, rel, column) -> None:
    """``S04 `` once passed indicators.csv and dropped plan.yaml's threshold for S04."""
    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    path = copy / rel
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index(column)
    line = next(n for n, r in enumerate(rows[1:], start=2) if r[col])
    value = rows[line - 1][col]
    rows[line - 1][col] = value + " "
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    data = copy / "data" if (copy / "data").is_dir() else copy
    with pytest.raises(InputError) as info:
        load_inputs(copy / "plan", data)
    assert Problem(str(path), line, column, f"'{value} '", PADDED_KEY) in info.value.problems
