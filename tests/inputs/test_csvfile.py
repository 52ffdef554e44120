"""The strict CSV reader: what makes a file unreadable, located, before any schema sees it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from healthcheck.errors import InputError
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.plan import load_plan
from healthcheck.inputs.project import load_inputs
from healthcheck.inputs.survey import read_responses
from healthcheck.inputs.survey_spec import load_survey_spec
from tests.conftest import ROOT


def test_cells_are_text_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n\n3,4\n", encoding="utf-8")
    frame, problems = read_csv_strict(path)
    assert problems == []
    assert frame is not None
    assert frame["a"].tolist() == ["1", "3"]
    assert frame[LINE].tolist() == [2, 4]


@pytest.mark.parametrize(
    ("header", "twice"),
    [
        ("a,b,a", ["a"]),
        ("a, b ,b", ["b"]),  # the same name once the spaces around it are dropped
        ("a,b,a,b,a", ["a", "b"]),
        ("a,,", [""]),
    ],
)
def test_a_column_named_twice_is_refused_located(tmp_path: Path, header, twice) -> None:
    path = tmp_path / "x.csv"
    width = header.count(",") + 1
    path.write_text(header + "\n" + ",".join("1" * width) + "\n", encoding="utf-8")
    frame, problems = read_csv_strict(path)
    assert frame is None
    assert [p.column for p in problems] == twice
    assert all(p.row == 1 and p.expected == "each column once" for p in problems)
    assert [p.found for p in problems] == [f"column {c or '(unnamed)'} twice" for c in twice]


def _double_first_column(path: Path) -> str:
    """Repeat the first column of ``path``'s header (and a cell in every row)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    first = lines[0].split(",")[0]
    path.write_text(
        "\n".join([lines[0] + "," + first] + [ln + ",x" for ln in lines[1:] if ln]) + "\n",
        encoding="utf-8",
    )
    return first


NATIONAL = ROOT / "examples" / "wuhan-national"
CSV_INPUTS = [
    (ROOT / "data", p.relative_to(ROOT / "data")) for p in sorted((ROOT / "data").rglob("*.csv"))
] + [(NATIONAL, p.relative_to(NATIONAL)) for p in sorted(NATIONAL.rglob("*.csv"))]


@pytest.mark.parametrize(
    ("project", "rel"), CSV_INPUTS, ids=[f"{p.name}/{r}" for p, r in CSV_INPUTS]
)
def test_every_input_file_with_a_repeated_column_says_so(tmp_path: Path, project, rel) -> None:
    """Observations, indicators, findings, ledgers, units, refinements, grades, survey, margins:
    a repeated column is one located problem, not pandas' words."""
    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    column = _double_first_column(copy / rel)
    data = copy / "data" if (copy / "data").is_dir() else copy
    with pytest.raises(InputError) as info:
        load_inputs(copy / "plan", data)
        # the survey (and its margins) are read by the build, not by `validate`
        plan = load_plan(copy / "plan")
        districts = {d.code: d for d in plan.districts}
        read_responses(data, 2025, load_survey_spec(plan.framework), districts)
    texts = [str(p) for p in info.value.problems]
    assert f"{copy / rel}:1:{column}: found column {column} twice; expected each column once" in (
        texts
    ), texts
