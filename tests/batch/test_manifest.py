"""The batch manifest: reports and patterns expanded to absolute paths; every problem located
by file, line and key at once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from healthcheck.batch.manifest import ReportSpec, load_manifest
from healthcheck.errors import InputError
from tests.conftest import SMALL_INDICATORS, SMALL_PLAN_YAML


def _project(
    folder: Path,
    years: tuple[int, ...] = (2021, 2022),
    plan_yaml: str = SMALL_PLAN_YAML,
    plan_apart: bool = False,
):
    """A project folder: data/observations/<year>.csv and the plan in data/plan/ or, with
    ``plan_apart``, in plan/ (the files' contents are not validated here)."""
    plan = folder / "plan" if plan_apart else folder / "data" / "plan"
    plan.mkdir(parents=True)
    (plan / "indicators.csv").write_text(SMALL_INDICATORS, encoding="utf-8")
    (plan / "plan.yaml").write_text(plan_yaml, encoding="utf-8")
    (folder / "data" / "observations").mkdir(parents=True)
    for year in years:
        (folder / "data" / "observations" / f"{year}.csv").write_text("x\n", encoding="utf-8")
    return folder


def _manifest(tmp_path: Path, text: str, name: str = "batch.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_manifest(path)
    return [str(p) for p in info.value.problems]


def test_reports_and_years_resolve_relative_to_the_manifest(tmp_path: Path) -> None:
    proj = _project(tmp_path / "city", years=(2021, 2022, 2023), plan_apart=True)
    path = _manifest(tmp_path, """\
        [[reports]]
        plan = "city/plan"
        data = "city/data"
        year = 2022
        label = "A 2022"
        out = "a"

        [[years]]
        plan = "city/plan"
        data = "city/data"
        label = "Y {year}"
        """)  # fmt: skip
    specs = load_manifest(path)
    assert specs[0] == ReportSpec("A 2022", proj / "plan", proj / "data", 2022, "a")
    assert [(s.label, s.year, s.out) for s in specs[1:]] == [
        ("Y 2021", 2021, "Y-2021"),
        ("Y 2022", 2022, "Y-2022"),
        ("Y 2023", 2023, "Y-2023"),
    ]
    assert all(s.plan_dir.is_absolute() and s.data_dir.is_absolute() for s in specs)
    params = specs[0].params(tmp_path / "out")
    assert params["out_dir"] == str((tmp_path / "out" / "a").resolve())
    assert params["plan_dir"] == str(proj / "plan") and params["year"] == 2022


def test_defaults_latest_year_city_label_and_data_plan(tmp_path: Path) -> None:
    data = _project(tmp_path / "proj") / "data"
    path = _manifest(tmp_path, '[[reports]]\ndata = "proj/data"\n')
    (spec,) = load_manifest(path)
    assert (spec.plan_dir, spec.data_dir, spec.year) == (data / "plan", data, 2022)
    assert (spec.label, spec.out, spec.framework) == ("测试市 2022", "测试市-2022", "plan_targets")


def test_projects_under_a_folder_and_the_framework(tmp_path: Path) -> None:
    _project(tmp_path / "cities" / "a", years=(2023, 2024))
    _project(tmp_path / "cities" / "b", (2024,), "framework: mohurd_2025\n", plan_apart=True)
    (tmp_path / "cities" / "notes").mkdir()  # not a project: skipped
    path = _manifest(tmp_path, '[[projects]]\nfolder = "cities"\nall_years = true\n')
    specs = load_manifest(path)
    assert [(s.out, s.year, s.framework) for s in specs] == [
        ("a-2023", 2023, "plan_targets"),
        ("a-2024", 2024, "plan_targets"),
        ("b-2024", 2024, "mohurd_2025"),
    ]
    latest = load_manifest(_manifest(tmp_path, '[[projects]]\nfolder = "cities"\n', "l.toml"))
    assert [(s.out, s.year) for s in latest] == [("a-2024", 2024), ("b-2024", 2024)]


def test_every_problem_at_once_with_line_and_key(tmp_path: Path) -> None:
    _project(tmp_path / "city")
    path = _manifest(tmp_path, """\
        # a comment
        [[reports]]
        data = "city/data"
        year = 2019

        [[reports]]
        plan = "nowhere"
        data = "city/data"
        colour = "red"

        [[districts]]
        data = "city/data"
        codes = ["420102", "999999"]
        """)  # fmt: skip
    problems = _problems(path)
    name = str(path)
    assert (
        f"{name}:4:reports[1].year: found 2019; "
        "expected a year with an observation file: 2021, 2022" in problems
    )
    assert any(p.startswith(f"{name}:7:reports[2].plan: found 'nowhere'") for p in problems)
    assert (
        f"{name}:9:reports[2].colour: found 'colour'; expected one of data, label, out, plan, year"
        in problems
    )
    assert (
        f"{name}:13:districts[1].codes: found '999999'; expected the code of a district of "
        "plan.yaml (420102, 420112)" in problems
    )
    assert len(problems) == 4


def test_two_reports_into_one_folder_is_refused(tmp_path: Path) -> None:
    _project(tmp_path / "city")
    path = _manifest(tmp_path, """\
        [[reports]]
        data = "city/data"
        out = "same"

        [[reports]]
        data = "city/data"
        year = 2021
        out = "same"
        """)  # fmt: skip
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:3:reports[1].out: found 'same' twice")


def test_invalid_toml_and_empty_manifest(tmp_path: Path) -> None:
    bad = _manifest(tmp_path, '[[reports]]\ndata = "x\n', "bad.toml")
    (problem,) = _problems(bad)
    assert problem.startswith(f"{bad}:2::") and "expected valid TOML" in problem
    empty = _manifest(tmp_path, "# nothing\n", "empty.toml")
    (problem,) = _problems(empty)
    assert "found no report; expected at least one" in problem


def test_yaml_manifest_with_lines(tmp_path: Path) -> None:
    _project(tmp_path / "city")
    path = _manifest(tmp_path, """\
        reports:
          - data: city/data
            year: 2022
          - data: city/data
            year: 1999
        """, "batch.yaml")  # fmt: skip
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:5:reports[2].year: found 1999")
    path.write_text("reports:\n  - data: city/data\n", encoding="utf-8")
    (spec,) = load_manifest(path)
    assert spec.year == 2022


def _district_rows(folder: Path, year: int, areas: tuple[str, ...]) -> None:
    rows = "".join(f"A01,{year},{a},80,illustrative,,\n" for a in areas)
    path = folder / "data" / "observations" / f"{year}.csv"
    path.write_text(f"indicator,year,area,value,status,source,note\nA01,{year},,75,official,x,\n"
                    + rows, encoding="utf-8")  # fmt: skip


def test_one_report_per_district_with_data(tmp_path: Path) -> None:
    proj = _project(tmp_path / "city", years=(2021, 2022))
    _district_rows(proj, 2021, ("420102", "420112"))
    _district_rows(proj, 2022, ("420112",))  # a district with data in one year is one with data
    path = _manifest(tmp_path, '[[districts]]\ndata = "city/data"\nyear = 2022\n')
    specs = load_manifest(path)
    assert [(s.label, s.out, s.district, s.year) for s in specs] == [
        ("测试市江岸区 2022", "district-420102-2022", "420102", 2022),
        ("测试市东西湖区 2022", "district-420112-2022", "420112", 2022),
    ]
    assert specs[0].params(tmp_path / "out")["district"] == "420102"
    named = _manifest(tmp_path, """\
        [[districts]]
        data = "city/data"
        codes = ["420112"]
        label = "{district}（{code}）{year}"
        out = "d/{code}"
        """, "named.toml")  # fmt: skip
    (spec,) = load_manifest(named)
    assert (spec.label, spec.out, spec.year) == ("东西湖区（420112）2022", "d/420112", 2022)


def test_districts_without_district_values_or_of_a_national_plan_are_refused(
    tmp_path: Path,
) -> None:
    proj = _project(tmp_path / "city", years=(2021,))
    _district_rows(proj, 2021, ())  # city values only
    _project(tmp_path / "nat", (2024,), "framework: mohurd_2025\n")
    path = _manifest(tmp_path, """\
        [[districts]]
        data = "city/data"

        [[districts]]
        data = "nat/data"
        codes = "420102"
        """)  # fmt: skip
    problems = _problems(path)
    assert any(
        p.startswith(f"{path}:2:districts[1].data: found ") and "no district values" in p
        for p in problems
    ), problems
    assert any(
        p.startswith(f"{path}:5:districts[2].data: found a 'mohurd_2025' plan") for p in problems
    ), problems
    assert len(problems) == 2
