"""The survey's responses and margins: located problems, all at once; unusable responses counted."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from healthcheck.errors import InputError
from healthcheck.inputs.survey import BACKGROUND, ID_COLUMNS, read_responses
from healthcheck.inputs.survey_spec import load_survey_spec

SPEC = load_survey_spec("mohurd_2025")
ITEMS = SPEC.item_ids
DISTRICTS = {"420102": None, "420103": None}
UNITS = pd.DataFrame(
    [
        {"code": "420103003", "level": "street", "parent": "", "district": "420103"},
        {"code": "420103003001", "level": "community", "parent": "420103003", "district": "420103"},
    ]
)


def row(rid: str, answers: list[str] | None = None, **over: str) -> dict[str, str]:
    base = {
        "respondent_id": rid,
        "district": "420103",
        "street": "420103003",
        "community": "420103003001",
        "sex": "female",
        "age_group": "30-60",
        "occupation": "enterprise",
        "income": "middle",
        "residence": "5+",
        "status": "illustrative",
    }
    base.update(over)
    answers = answers or [str(1 + (i % 5)) for i in range(len(ITEMS))]
    return {**base, **dict(zip(ITEMS, answers, strict=True))}


def write(folder: Path, rows: list[dict[str, str]], year: int = 2025) -> Path:
    path = folder / "survey" / f"{year}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def test_spaces_around_an_answer_are_ignored(tmp_path: Path) -> None:
    answers = [str(1 + (i % 5)) for i in range(len(ITEMS))]
    answers[0] = " 4 "
    write(tmp_path, [row("R1", answers)])
    data = read_responses(tmp_path, 2025, SPEC, DISTRICTS)
    assert data is not None
    assert data.responses.loc[0, ITEMS[0]] == 75.0


def test_no_file_no_survey(tmp_path: Path) -> None:
    assert read_responses(tmp_path, 2025, SPEC, DISTRICTS) is None


def test_a_good_file_reads_as_scores(tmp_path: Path) -> None:
    write(tmp_path, [row("R1"), row("R2", ["4"] * 10 + ["0"] * 3 + ["5"] * (len(ITEMS) - 13))])
    data = read_responses(tmp_path, 2025, SPEC, DISTRICTS, UNITS)
    assert data is not None
    assert data.read == 2 and len(data.responses) == 2
    assert data.illustrative
    # 1..5 -> 0, 25, 50, 75, 100; the "don't know" code 0 is not answered
    assert data.responses.loc[0, ITEMS[0]] == 0.0
    assert data.responses.loc[0, ITEMS[4]] == 100.0
    assert data.responses.loc[1, ITEMS[10:13]].isna().all()
    assert list(data.responses.columns[: len(ID_COLUMNS) + len(BACKGROUND)]) == [
        *ID_COLUMNS,
        *BACKGROUND,
    ]


def test_a_bad_file_lists_every_problem_located(tmp_path: Path) -> None:
    answers = [str(1 + (i % 5)) for i in range(len(ITEMS))]
    answers[3] = "7"
    path = write(
        tmp_path,
        [
            row("R1"),
            row("R1"),  # line 3: a duplicated id
            row("R3", district="999999"),  # line 4: an unknown district
            row("R4", sex=""),  # line 5: a missing background variable
            row("R5", answers),  # line 6: an answer outside the scale
            row("R6", community="420104001001"),  # line 7: a 社区 not of its 街道
            row("R7", street="420103003001"),  # line 8: a 社区 code given as the 街道
            row("R8", age_group="70+"),  # line 9: an unknown code
        ],
    )
    with pytest.raises(InputError) as err:
        read_responses(tmp_path, 2025, SPEC, DISTRICTS, UNITS)
    where = {(p.row, p.column) for p in err.value.problems}
    assert {
        (3, "respondent_id"),
        (4, "district"),
        (5, "sex"),
        (6, ITEMS[3]),
        (7, "community"),
        (8, "street"),
        (9, "age_group"),
    } <= where
    assert all(p.file == str(path) for p in err.value.problems)
    dup = next(p for p in err.value.problems if p.column == "respondent_id")
    assert "line 2" in dup.expected
    assert f"{path}:6:{ITEMS[3]}" in str(err.value)


def test_a_missing_item_column_is_reported(tmp_path: Path) -> None:
    r = row("R1")
    del r[ITEMS[-1]]
    write(tmp_path, [r])
    with pytest.raises(InputError) as err:
        read_responses(tmp_path, 2025, SPEC, DISTRICTS)
    assert [(p.row, p.column) for p in err.value.problems] == [(1, ITEMS[-1])]


def test_unusable_responses_set_aside_and_counted(tmp_path: Path) -> None:
    n = len(ITEMS)
    half = n // 2
    write(
        tmp_path,
        [
            row("ok"),
            row("same", ["4"] * n),  # one answer for everything
            row("stopped", ["3"] * (half - 1) + [""] * (n - half + 1)),  # more than half unanswered
            row(
                "half", ["3", "4"] * (half // 2) + ["3"] * (half % 2) + [""] * (n - half)
            ),  # exactly half
        ],
    )
    data = read_responses(tmp_path, 2025, SPEC, DISTRICTS)
    assert data is not None
    assert data.read == 4
    assert data.unusable == {"incomplete": 1, "straight_line": 1}
    assert data.unusable_lines == {"incomplete": [4], "straight_line": [3]}
    assert sorted(data.responses["respondent_id"]) == ["half", "ok"]


def test_margins_problems_are_reported_with_the_responses(tmp_path: Path) -> None:
    write(tmp_path, [row("R1", district="420102", street="420102001", community="420102001001")])
    (tmp_path / "survey-margins.csv").write_text(
        "district,sex,age_group,population\n420102,female,16-30,-5\n420102,woman,30-60,10\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        read_responses(tmp_path, 2025, SPEC, DISTRICTS)
    where = {(Path(p.file).name, p.row, p.column) for p in err.value.problems}
    assert where == {("survey-margins.csv", 2, "population"), ("survey-margins.csv", 3, "sex")}


def test_a_boolean_in_the_plans_survey_yaml_is_no_number(tmp_path: Path) -> None:
    """``threshold: yes`` in a plan's survey.yaml was the score 1.0 (every area above it), and
    ``min_cell: on`` one response; each is now refused on its line of the plan's file."""
    (tmp_path / "survey.yaml").write_text(
        "threshold: yes\nscale:\n  3: {score: on, zh: 一般, en: Neutral}\nmin_cell: 7\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_survey_spec("mohurd_2025", tmp_path)
    path = str(tmp_path / "survey.yaml")
    assert sorted((p.file, p.row, p.column, p.found) for p in info.value.problems) == [
        (path, 1, "threshold", "the boolean yes"),
        (path, 3, "scale.3.score", "the boolean on"),
    ]
    assert all(p.expected == "a number" for p in info.value.problems)


def test_answer_codes_yaml_reads_as_booleans_are_refused(tmp_path: Path) -> None:
    """``yes:`` as an answer code in ``scale`` (or ``- no`` in ``missing``) became the code
    "True", which no response has; each is refused on its line, saying to quote it."""
    (tmp_path / "survey.yaml").write_text(
        "scale:\n  yes: {score: 100, zh: 是, en: 'Yes'}\nmissing:\n  - '9'\n  - no\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_survey_spec("mohurd_2025", tmp_path)
    path = str(tmp_path / "survey.yaml")
    assert sorted((p.file, p.row, p.column, p.found) for p in info.value.problems) == [
        (path, 2, "scale.yes", "an answer code read as the boolean yes"),
        (path, 5, "missing.1", "a missing-answer code read as the boolean no"),
    ]
    assert all("quotes" in p.expected for p in info.value.problems)
