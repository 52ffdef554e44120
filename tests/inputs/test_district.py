"""A district's report: which of the city's targets it assesses (E1), and the plan and
observations seen from the district."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from healthcheck.errors import InputError
from healthcheck.inputs.district import district_scope, has_district_target
from healthcheck.inputs.plan import load_plan
from healthcheck.inputs.project import load_inputs
from tests.conftest import good_rows

SRC = "x"


def _district_rows(year: int, area: str, *, a02: bool = True) -> list[str]:
    """District values of every kind of the small plan (A01 is in good_rows already)."""
    rows = [
        f"A03,{year},{area},{1 if year >= 2021 else 0},illustrative,,",
        f"B01,{year},{area},{30 + year - 2020},illustrative,,",
        f"B02,{year},{area},{0 if year == 2020 else 12.5},illustrative,,",
        f"B03,{year},{area},{100 + year - 2020},illustrative,,",
        f"POP,{year},{area},{300 + year - 2020},illustrative,,",
    ]
    return rows + ([f"A02,{year},{area},{12 - (year - 2020)},illustrative,,"] if a02 else [])


@pytest.fixture
def project(small_plan_dir: Path, write_obs) -> tuple[Path, Path]:
    for year in (2020, 2021, 2022):
        data = write_obs(year, good_rows(year) + _district_rows(year, "420102"))
    return small_plan_dir, data


def test_the_kinds_a_district_is_judged_on(small_plan_dir: Path) -> None:
    plan = load_plan(small_plan_dir)
    judged = {i.id: has_district_target(i) for i in plan.indicators}
    # levels, milestones and trends: yes; an increase (B01) and a running sum (B02) are totals
    assert judged == {"A01": True, "A02": True, "A03": True, "B01": False, "B02": False,
                      "B03": True}  # fmt: skip


def test_scope_sorts_every_target_by_why(small_plan_dir: Path) -> None:
    plan = load_plan(small_plan_dir)
    central = district_scope(plan, {"A01", "A02", "B02", "B03"}, "420102")
    assert central.assessed == ("A01", "A02", "B03")
    assert [i.id for i in central.untargeted] == ["B02"]
    assert [i.id for i in central.city_only] == ["A03", "B01"]
    assert central.other_zone == () and central.left_out == ()
    new = district_scope(plan, {"A01", "A02"}, "420112")  # A02 is the central districts'
    assert new.assessed == ("A01",) and [i.id for i in new.other_zone] == ["A02"]
    assert [d.id for d in new.left_out] == ["beta"]
    assert new.zone == ("新城区", "new")


def test_an_unknown_district_or_a_national_plan_is_refused(small_plan_dir: Path) -> None:
    plan = load_plan(small_plan_dir)
    with pytest.raises(InputError) as info:
        district_scope(plan, set(), "999999")
    (problem,) = info.value.problems
    assert problem.column == "districts" and problem.found == "'999999'"
    assert "420102, 420112" in problem.expected
    with pytest.raises(InputError) as info:
        district_scope(dataclasses.replace(plan, framework="mohurd_2025"), set(), "420102")
    (problem,) = info.value.problems
    assert problem.column == "framework" and "plan_targets" in problem.expected


def test_a_district_report_that_would_assess_nothing_is_refused(small_plan_dir: Path) -> None:
    plan = load_plan(small_plan_dir)
    with pytest.raises(InputError) as info:
        district_scope(plan, {"B01", "B02"}, "420102")  # city totals only
    (problem,) = info.value.problems
    assert "420102" in problem.found and "would assess nothing" in problem.expected


def test_the_view_makes_the_district_the_plans_subject(project: tuple[Path, Path]) -> None:
    plan_dir, data = project
    city, obs = load_inputs(plan_dir, data)
    plan, mine = load_inputs(plan_dir, data, "420102")
    assert (plan.city_code, plan.city_zh, plan.city_en) == (
        "420102", "测试市江岸区", "Jiang'an District, Testville"
    )  # fmt: skip
    assert [i.id for i in plan.indicators] == ["A01", "A02", "A03", "B03"]
    assert all(i.district_scope is None for i in plan.indicators)
    assert plan.districts == () and plan.zones == {}
    # the district's rows, as the plan's own series; nobody else's, nothing of the targets
    # it does not assess
    assert set(mine["area"]) == {""}
    assert set(mine["indicator"]) == {"A01", "A02", "A03", "B03", "POP"}
    a01 = mine[mine["indicator"] == "A01"].sort_values("year")["value"].tolist()
    assert a01 == [70, 75, 80]  # good_rows' district values, not the city's 60, 65, 70
    scope = plan.district_report
    assert scope is not None and scope.city_zh == "测试市" and scope.district.code == "420102"
    assert [i.id for i in scope.untargeted] == ["B01", "B02"]
    assert [(r[0], r[1], r[2]) for r in scope.untargeted_rows if r[0] == "B02"] == [
        ("B02", 2020, 0.0), ("B02", 2021, 12.5), ("B02", 2022, 12.5)
    ]  # fmt: skip
    assert len(obs) > len(mine)


def test_an_analysis_on_a_series_left_out_is_dropped(project: tuple[Path, Path]) -> None:
    plan_dir, data = project
    yaml_path = plan_dir / "plan.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(
        text.replace(
            "{id: alpha, title_zh: 甲领域, title_en: Alpha domain}",
            "{id: alpha, title_zh: 甲领域, title_en: Alpha domain,"
            " analysis: {name: pace, params: {ids: [A01, A02]}}}",
        ).replace(
            "{id: beta, title_zh: 乙领域, title_en: Beta domain}",
            "{id: beta, title_zh: 乙领域, title_en: Beta domain,"
            " analysis: {name: pace, params: {capacity: B01, outcome: B03}}}",
        ),
        encoding="utf-8",
    )
    central, _ = load_inputs(plan_dir, data, "420102")
    alpha, beta = central.domains
    assert alpha.analysis is not None  # A01 and A02 are both assessed in a central district
    assert beta.analysis is None  # B01 is a city total: the analysis cannot run on the district


def test_a_districts_findings_are_its_own_and_checked(project: tuple[Path, Path]) -> None:
    plan_dir, data = project
    folder = data / "districts" / "420102" / "findings"
    folder.mkdir(parents=True)
    header = ("indicator,cause_zh,cause_en,recommendation_zh,recommendation_en,deadline,class,"
              "status\n")  # fmt: skip
    (folder / "2022.csv").write_text(header + "Z99,因,cause,议,rec,2026,best_effort,illustrative\n")
    with pytest.raises(InputError) as info:
        load_inputs(plan_dir, data, "420102")
    assert any(
        p.file.endswith("districts/420102/findings/2022.csv") and p.column == "indicator"
        for p in info.value.problems
    ), info.value.problems


def test_a_districts_findings_are_about_what_its_report_assesses(
    project: tuple[Path, Path],
) -> None:
    plan_dir, data = project
    header = ("indicator,cause_zh,cause_en,recommendation_zh,recommendation_en,deadline,class,"
              "status\n")  # fmt: skip
    for code, ind in (("420102", "B02"), ("999999", "A01")):
        folder = data / "districts" / code / "findings"
        folder.mkdir(parents=True)
        (folder / "2022.csv").write_text(header + f"{ind},因,cause,议,rec,2026,best_effort,"
                                         "illustrative\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as info:
        load_inputs(plan_dir, data)  # what validate checks
    found = {(Path(p.file).name, p.column): p for p in info.value.problems}
    # B02 is a city total: 420102's report does not assess it, so no finding can be about it
    b02 = found[("2022.csv", "indicator")]
    assert "B02" in b02.found and b02.row == 2
    assert b02.expected == "a target district 420102's report assesses: A01, A02, A03, B03"
    stray = found[("999999", None)]
    assert "a folder named '999999'" in stray.found and "420102, 420112" in stray.expected
    assert len(info.value.problems) == 2
