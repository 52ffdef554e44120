"""Every validation rule of the observation files, each with a file that breaks it."""

from __future__ import annotations

import pytest

from healthcheck.errors import InputError
from healthcheck.inputs.observations import load_observations, missing_years, series
from healthcheck.inputs.plan import load_plan
from tests.conftest import good_rows


def problems_of(plan_dir, data_dir) -> list[str]:
    with pytest.raises(InputError) as info:
        load_observations(data_dir, load_plan(plan_dir))
    return [str(p) for p in info.value.problems]


def test_valid_files_load_typed(small_plan_dir, write_obs):
    write_obs(2020, good_rows(2020))
    data = write_obs(2021, good_rows(2021))
    obs = load_observations(data, load_plan(small_plan_dir))
    assert len(obs) == 16
    assert series(obs, "A01") == {2020: 60.0, 2021: 65.0}
    assert series(obs, "A01", "420102") == {2020: 70.0, 2021: 75.0}
    assert obs["value"].dtype == float
    assert set(obs["line"]) == set(range(2, 10))


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        ("ZZ9,2021,,1,official,src,", "indicator", "an indicator id"),
        ("A01,2021,429999,50,official,src,", "area", "a district code"),
        ("A01,2021,,abc,official,src,", "value", "a bare number"),
        ("A01,2021,,95%,official,src,", "value", "a bare number"),
        ("A01,2021,,12万,official,src,", "value", "a bare number"),
        ("A01,2021,,1,5,official,src,", None, "cells, as in the header"),
        ("A01,2021,,,official,src,", "value", "a bare number"),
        ("A01,2021,,101,official,src,", "value", "a percentage between 0 and 100"),
        ("A01,2021,,-1,official,src,", "value", "a percentage between 0 and 100"),
        ("B01,2021,,-5,official,src,", "value", "a non-negative number"),
        ("A03,2021,,2,official,src,", "value", "1 (done) or 0 (not yet)"),
        ("A01,2022,,50,official,src,", "year", "2021, the year in the file's name"),
        ("A01,2021,,50,guessed,src,", "status", "one of official, reported, estimate"),
        ("A01,2021,,50,official,,", "source", "the source of an official"),
        ("A01,2021,,50,reported,,", "source", "the source of an official"),
    ],
)
def test_each_rule_names_file_row_column_and_expectation(
    small_plan_dir, write_obs, row, column, expected
):
    data = write_obs(2021, ["A02,2021,,12,official,src,", row])
    problems = problems_of(small_plan_dir, data)
    assert len(problems) == 1, problems
    text = problems[0]
    where = f"observations/2021.csv:3:{column or ''}:"
    assert where in text, text
    assert expected in text


def test_duplicate_indicator_year_area(small_plan_dir, write_obs):
    data = write_obs(2021, ["A01,2021,,50,official,src,", "A01,2021,,51,official,src,"])
    (p,) = problems_of(small_plan_dir, data)
    assert "2021.csv:3:indicator" in p and "repeats an earlier row" in p


def test_same_indicator_in_city_and_district_is_not_a_duplicate(small_plan_dir, write_obs):
    data = write_obs(2021, ["A01,2021,,50,official,src,", "A01,2021,420102,51,official,src,"])
    assert len(load_observations(data, load_plan(small_plan_dir))) == 2


def test_all_errors_of_all_files_at_once(small_plan_dir, write_obs):
    write_obs(2020, ["ZZ9,2020,,1,official,src,", "A01,2020,,500,official,src,"])
    data = write_obs(2021, ["A01,2021,,50,nope,,"])
    problems = problems_of(small_plan_dir, data)
    assert len(problems) == 3
    assert sum("2020.csv" in p for p in problems) == 2


def test_missing_and_unknown_columns(small_plan_dir, write_obs):
    data = write_obs(
        2021, ["A01,2021,,50,src,extra"], header="indicator,year,area,value,source,colour\n"
    )
    problems = problems_of(small_plan_dir, data)
    assert any("2021.csv:1:colour: found an unknown column" in p for p in problems)
    assert any("2021.csv:1:status: found no such column" in p for p in problems)


def test_note_column_may_be_left_out(small_plan_dir, write_obs):
    data = write_obs(
        2021, ["A01,2021,,50,official,src"], header="indicator,year,area,value,status,source\n"
    )
    assert load_observations(data, load_plan(small_plan_dir))["note"].tolist() == [""]


def test_gbk_file_is_refused_naming_the_encoding(small_plan_dir, write_obs):
    text = "indicator,year,area,value,status,source,note\nA01,2021,,50,official,武汉市统计局,备注\n"
    data = write_obs(2021, text.encode("gbk"))
    (p,) = problems_of(small_plan_dir, data)
    assert "not UTF-8" in p and "GB18030 (GBK)" in p and "2021.csv:2:" in p


def test_utf8_bom_is_accepted(small_plan_dir, write_obs):
    text = "indicator,year,area,value,status,source,note\nA01,2021,,50,official,武汉市统计局,\n"
    data = write_obs(2021, b"\xef\xbb\xbf" + text.encode())
    assert load_observations(data, load_plan(small_plan_dir))["indicator"].tolist() == ["A01"]


def test_empty_file_and_header_only_file(small_plan_dir, write_obs):
    write_obs(2020, b"")
    data = write_obs(2021, [])
    problems = problems_of(small_plan_dir, data)
    assert any("2020.csv::: found an empty file" in p for p in problems)
    assert any("2021.csv::: found a header and no rows" in p for p in problems)


def test_badly_named_file(small_plan_dir, write_obs):
    data = write_obs(2021, good_rows(2021))
    (data / "observations" / "2021-final.csv").write_text("x\n", encoding="utf-8")
    (p,) = problems_of(small_plan_dir, data)
    assert "2021-final.csv" in p and "named <year>.csv" in p


def test_number_policy_thousands_and_full_width_are_accepted(small_plan_dir, write_obs):
    data = write_obs(
        2021, ['B01,2021,,"1,234.5",official,src,', "POP,2021,,１２３４．５,official,src,"]
    )
    obs = load_observations(data, load_plan(small_plan_dir))
    assert series(obs, "B01") == {2021: 1234.5}
    assert series(obs, "POP") == {2021: 1234.5}


def test_city_code_as_area_means_the_city(small_plan_dir, write_obs):
    data = write_obs(2021, ["A01,2021,420100,50,official,src,"])
    obs = load_observations(data, load_plan(small_plan_dir))
    assert obs["area"].tolist() == [""]


def test_a_district_outside_the_indicator_scope_is_refused_naming_the_scope(
    small_plan_dir, write_obs
):
    """A02 applies to the central districts only: a value for 420112 (a new district) was
    accepted, then dropped from the district tables."""
    data = write_obs(2021, ["A02,2021,420102,12,official,src,", "A02,2021,420112,13,official,src,"])
    assert problems_of(small_plan_dir, data) == [
        f"{data}/observations/2021.csv:3:area: found '420112' (A02 covers only the districts "
        "420102); expected a district the indicator applies to (its district_scope in "
        "plan.yaml), or empty for the whole city"
    ]


def test_a_district_value_in_a_plan_without_districts_is_refused(small_plan_dir, write_obs):
    path = small_plan_dir / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("zones:")] + text[text.index("context_series:") :]
    path.write_text(text, encoding="utf-8")
    data = write_obs(2021, ["A01,2021,420102,70,official,src,"])
    (problem,) = problems_of(small_plan_dir, data)
    assert ":2:area: found '420102'; expected empty for the whole city" in problem


def test_ids_and_codes_with_spaces_around_them_are_refused(small_plan_dir, write_obs):
    data = write_obs(2021, ["A01 ,2021,,70,official,src,", "A01,2021, 420102,70,official,src,"])
    problems = problems_of(small_plan_dir, data)
    assert [p.split("; expected")[0].split("2021.csv:")[1] for p in problems] == [
        "2:indicator: found 'A01 '",
        "3:area: found ' 420102'",
    ]


def test_a_minus_sign_u2212_is_a_minus(small_plan_dir, write_obs):
    data = write_obs(2021, ["POP,2021,,\u22123.5,official,src,"])
    obs = load_observations(data, load_plan(small_plan_dir))
    assert series(obs, "POP") == {2021: -3.5}


def test_a_year_missing_in_the_middle_is_refused_where_a_running_sum_needs_it(
    small_plan_dir, write_obs
):
    """Deleting 2022.csv once stopped B02's running sum at 2021 (completion 0.99 -> 0.18)
    without a word."""
    for y in (2020, 2021, 2023):
        data = write_obs(y, good_rows(y))
    problems = problems_of(small_plan_dir, data)
    assert problems == [
        f"{data}/observations/2022.csv::: found no observation file for 2022; expected a file "
        "for 2022: the cumulative indicators B02 sum their annual amounts every year from "
        "their baseline year (give 0 for a year with nothing done)"
    ]


def test_a_cumulative_row_missing_from_a_year_file_is_refused_located(small_plan_dir, write_obs):
    for y in (2020, 2021, 2022):
        rows = good_rows(y)
        data = write_obs(y, [r for r in rows if not r.startswith("B02,")] if y == 2021 else rows)
    (problem,) = problems_of(small_plan_dir, data)
    assert problem.startswith(
        f"{data}/observations/2021.csv::indicator: found no row for B02; expected a row for "
        "B02 in every year from 2021 to 2022: B02 is cumulative"
    )


def test_a_gap_no_running_sum_needs_is_accepted(small_plan_dir, write_obs):
    """Levels, trends and milestones compare the years either side of a gap (the report
    says the year is missing): no cumulative value after the gap, no problem."""
    for y in (2020, 2021, 2023):
        rows = good_rows(y)
        data = write_obs(y, [r for r in rows if not r.startswith("B02,")] if y == 2023 else rows)
    obs = load_observations(data, load_plan(small_plan_dir))
    assert sorted(obs["year"].unique()) == [2020, 2021, 2023]
    assert missing_years(obs["year"]) == [2022]


@pytest.mark.parametrize(
    ("years", "missing"),
    [([], []), ([2025], []), ([2020, 2021], []), ([2020, 2023, 2021], [2022]),
     ([2019, 2025, 2022], [2020, 2021, 2023, 2024])],
)  # fmt: skip
def test_missing_years(years, missing):
    assert missing_years(years) == missing


def test_a_baseline_year_missing_in_the_middle_is_refused_for_the_targets_measured_from_it(
    small_plan_dir, write_obs
):
    """2019 and 2021 without 2020, the plan's baseline: every completion would be
    insufficient data.  Trends and milestones do not need it."""
    for y in (2019, 2021):
        data = write_obs(y, good_rows(y))
    problems = problems_of(small_plan_dir, data)
    assert problems == [
        f"{data}/observations/2020.csv::: found no observation file for 2020; expected a file "
        "for 2020, the baseline year of A01, A02, B01, B02: their completion (and an increase "
        "or growth target) is measured from the baseline value"
    ]


def test_data_that_begin_after_the_baseline_are_no_gap(small_plan_dir, write_obs):
    for y in (2022, 2023):
        data = write_obs(y, good_rows(y))
    obs = load_observations(data, load_plan(small_plan_dir))
    assert sorted(obs["year"].unique()) == [2022, 2023]
