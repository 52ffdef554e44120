"""The inputs of a national check: the plan from the framework (refinements, 特色指标), the
unit register, the problem ledgers, the expert grades and peer values -- each bad file
rejected with every problem located by file, line and column, all at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from healthcheck.errors import InputError, Problem
from healthcheck.inputs.ledgers import LEDGER_COLUMNS
from healthcheck.inputs.national import district_bounds, load_project_inputs
from healthcheck.inputs.plan import load_plan
from healthcheck.inputs.project import load_inputs
from tests.engine.national import record, write_plan


def csv_text(rows: list[dict[str, str]], columns: tuple[str, ...] = LEDGER_COLUMNS) -> str:
    def cell(v: str) -> str:
        return f'"{v}"' if "," in v else v

    lines = [",".join(columns)] + [",".join(cell(r[c]) for c in columns) for r in rows]
    return "\n".join(lines) + "\n"


def found(problems: list[Problem], row: int | None, column: str | None) -> Problem:
    hits = [p for p in problems if p.row == row and p.column == column]
    assert hits, f"no problem at line {row}, column {column}: {problems}"
    return hits[0]


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "plan")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "observations").mkdir(parents=True)
    (data / "observations" / "2025.csv").write_text(
        "indicator,year,area,value,status,source,note\nN30,2025,,72.5,official,统计公报,\n",
        encoding="utf-8",
    )
    geo = data / "geo"
    geo.mkdir()
    box = [[114.20, 30.55], [114.30, 30.55], [114.30, 30.62], [114.20, 30.62], [114.20, 30.55]]
    feature = {"type": "Feature", "properties": {"code": "420103"},
               "geometry": {"type": "Polygon", "coordinates": [box]}}  # fmt: skip
    (geo / "districts.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8"
    )
    return data


def write_ledger(data: Path, rows: list[dict[str, str]], year: int = 2025) -> Path:
    folder = data / "ledgers"
    folder.mkdir(exist_ok=True)
    path = folder / f"{year}.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The plan


def test_national_plan_from_the_framework(plan_dir: Path) -> None:
    plan = load_plan(plan_dir)
    assert plan.framework == "mohurd_2025" and plan.system is not None
    assert len(plan.indicators) == 60
    assert [d.id for d in plan.domains] == ["housing", "community", "block", "city"]
    assert [d.title_zh for d in plan.domains] == ["住房", "小区（社区）", "街区", "城区（城市）"]
    n30, n31 = plan.indicator("N30"), plan.indicator("N31")
    assert (n30.domain, n30.kind, n30.target, n30.direction) == ("city", "level", 70.0, "up")
    assert (n31.kind, n31.target) == ("trend", None)  # no reference value: judged by its trend
    assert (plan.baseline_year, plan.target_year) == (2023, 2025)


def test_refinements_and_the_citys_own_indicator(plan_dir: Path) -> None:
    added = (
        "id,level,dimension_zh,dimension_en,name_zh,name_en,unit_zh,unit_en,direction,"
        "source_of_value,reference,reference_op,reference_text_zh,problem_class\n"
        "X01,city,生态宜居,ecology and liveability,长江岸线开放率,Open Yangtze shoreline,%,%,up,"
        "observed,80,>=,城市目标80%,improvement\n"
    )
    refinements = (
        "indicator,action,value,op,reason_zh,reason_en,source\n"
        "N43,threshold,20,>=,按特大城市取值,Very large city value,市政府\n"
        "N50,drop,,,本市不涉及,Not relevant to the city,\n"
        "X01,add,,,本市特色,The city's own,\n"
    )
    plan = load_plan(write_plan(plan_dir, refinements, added))
    assert len(plan.indicators) == 61 and plan.indicators[-1].id == "X01"
    assert plan.system is not None and plan.system.indicator("X01").added
    n43 = plan.indicator("N43")
    assert (n43.kind, n43.threshold, n43.target) == ("level", 20.0, None)
    assert [r.action for r in plan.refinements] == ["threshold", "drop", "add"]


def test_bad_refinements_every_problem_at_once(plan_dir: Path) -> None:
    added = (
        "id,level,dimension_zh,dimension_en,name_zh,name_en,unit_zh,unit_en,direction,"
        "source_of_value,reference,reference_op,reference_text_zh,problem_class\n"
        "N30,city,生态宜居,ecology,重复,Clash,%,%,sideways,observed,,,,improvement\n"
    )
    refinements = (
        "indicator,action,value,op,reason_zh,reason_en,source\n"
        "N99,threshold,20,>=,原因,reason,\n"
        "N43,threshold,,>=,原因,reason,\n"
        "N50,remove,,,原因,reason,\n"
        "N51,drop,,,,,\n"
    )
    with pytest.raises(InputError) as err:
        load_plan(write_plan(plan_dir, refinements, added))
    problems = err.value.problems
    found(problems, 2, "direction")  # the 特色指标 row
    assert "an id of the framework" in found(problems, 2, "id").found
    assert "N99" in found(problems, 2, "indicator").found
    assert "bare number for threshold" in found(problems, 3, "value").expected
    assert found(problems, 4, "action").found == "'remove'"
    assert "reason" in found(problems, 5, "reason_zh").expected
    refs = [p for p in problems if p.file.endswith("refinements.csv")]
    assert len(refs) >= 4


def test_plan_yaml_thresholds_belong_in_refinements(plan_dir: Path) -> None:
    yaml_path = plan_dir / "plan.yaml"
    text = yaml_path.read_text(encoding="utf-8") + "thresholds:\n  N43: {value: 20}\n"
    yaml_path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_plan(plan_dir)
    line = len(text.splitlines()) - 1  # the line of "thresholds:"
    problem = found(err.value.problems, line, "thresholds")
    assert problem.file == str(yaml_path) and "refinements.csv" in problem.expected


def test_bad_units_every_problem_at_once(plan_dir: Path) -> None:
    (plan_dir / "units.csv").write_text(
        "code,level,name_zh,name_en,parent,district\n"
        "S1,street,甲街道,Street A,,420103\n"
        "C1,community,一社区,Community 1,S9,420103\n"  # unknown parent
        "C2,block,二社区,Community 2,S1,420103\n"  # bad level
        "C3,community,三社区,Community 3,S1,420106\n"  # not its parent's district
        "S1,street,重复,Again,,420199\n",  # repeated code, unknown district
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_project_inputs(load_plan(plan_dir), plan_dir.parent, 2025)
    problems = err.value.problems
    found(problems, 3, "parent")
    found(problems, 4, "level")
    found(problems, 5, "district")
    found(problems, 6, "code")
    found(problems, 6, "district")


# --------------------------------------------------------------------------------------------
# The ledger


def test_good_ledger_is_typed(plan_dir: Path, data_dir: Path) -> None:
    write_ledger(data_dir, [
        record(lon="114.25", lat="30.58", status="done", closed="2025-03-01", quantity=""),
        record(problem_id="P2", indicator="N14", unit_type="小区", unit_id="E1", quantity="40",
               severity="一般", remedy="尽力解决", difficulty="低", found="2025-01-05"),
    ])  # fmt: skip
    inputs = load_project_inputs(load_plan(plan_dir), data_dir, 2025)
    led = inputs.ledger
    assert list(led["quantity"]) == [1.0, 40.0]
    assert list(led["severity"]) == ["serious", "general"]
    assert list(led["remedy"]) == ["time_bound", "best_effort"]
    assert list(led["difficulty"]) == ["medium", "low"]
    assert str(led.loc[0, "closed"]) == "2025-03-01" and led.loc[1, "closed"] is None
    assert list(led["line"]) == [2, 3] and set(led["year"]) == {2025}
    assert inputs.previous_ledger is None and inputs.grades is None and inputs.peers is None
    assert inputs.units is not None and len(inputs.units) == 6


def test_bad_ledger_every_problem_located_at_once(plan_dir: Path, data_dir: Path) -> None:
    rows = [
        record(problem_id="P1"),  # line 2: good
        record(problem_id="P2", indicator="N99"),  # 3: unknown indicator
        record(problem_id="P3", indicator="N30"),  # 4: a city indicator is not in a ledger
        record(problem_id="P4", street="S9"),  # 5: unknown unit code
        record(problem_id="P5", community="C3"),  # 6: community not in its street
        record(problem_id="P6", lon="116.40", lat="39.90"),  # 7: outside the district's box
        record(problem_id="P7", severity="critical", difficulty="huge", remedy="soon",
               status="closed"),  # 8: bad enumerations
        record(problem_id="P8", found="2025-02-30", due="2025-13"),  # 9: bad dates
        record(problem_id="P1"),  # 10: duplicated problem_id
        record(problem_id="P10", status="done", found="2025-05-01",
               closed="2025-04-01"),  # 11: closed before found
        record(problem_id="P11", status="done", closed=""),  # 12: done without closed
        record(problem_id="P12", district="420199"),  # 13: unknown district
        record(problem_id="P13", lon="114.25", lat=""),  # 14: half a coordinate
        record(problem_id="P14", quantity="-3"),  # 15: negative quantity
        record(problem_id="P15", carried_from="2025"),  # 16: carried from this year
        record(problem_id="P16", unit_type="小区", unit_id="E7"),  # 17: unknown estate
        record(problem_id="P17", found="2026-01-10"),  # 18: found after the ledger's year
        record(problem_id="P18", closed="2025-02-01"),  # 19: closed but still open
    ]  # fmt: skip
    path = str(write_ledger(data_dir, rows))
    with pytest.raises(InputError) as err:
        load_project_inputs(load_plan(plan_dir), data_dir, 2025)
    problems = err.value.problems
    assert all(p.file == path for p in problems)
    assert not [p for p in problems if p.row == 2]
    assert found(problems, 3, "indicator").found == "'N99'"
    assert "住房, 小区 or 街区" in found(problems, 4, "indicator").expected
    assert found(problems, 5, "street").found == "'S9'"
    assert "in the row's street" in found(problems, 6, "community").expected
    outside = found(problems, 7, "lon")
    assert "116.4, 39.9" in outside.found and "114.2–114.3 E" in outside.expected
    for column, value in (("severity", "critical"), ("difficulty", "huge"), ("remedy", "soon"),
                          ("status", "closed")):  # fmt: skip
        p = found(problems, 8, column)
        assert p.found == f"'{value}'" and "(" in p.expected  # the ids with their Chinese
    assert found(problems, 9, "found").found == "'2025-02-30'"
    assert found(problems, 9, "due").found == "'2025-13'"
    assert "each problem once" in found(problems, 10, "problem_id").expected
    assert "on or after the found date" in found(problems, 11, "closed").expected
    assert "status is done" in found(problems, 12, "closed").expected
    found(problems, 13, "district")
    found(problems, 14, "lat")
    found(problems, 15, "quantity")
    found(problems, 16, "carried_from")
    assert "estate" in found(problems, 17, "unit_id").expected
    assert "in or before 2025" in found(problems, 18, "found").expected
    assert "not done" in found(problems, 19, "closed").expected


def test_previous_ledger_is_read_and_checked(plan_dir: Path, data_dir: Path) -> None:
    write_ledger(data_dir, [record(found="2024-03-01")], year=2024)
    write_ledger(data_dir, [record(carried_from="2024", found="2024-03-01")], year=2025)
    inputs = load_project_inputs(load_plan(plan_dir), data_dir, 2025)
    assert inputs.previous_ledger is not None and len(inputs.previous_ledger) == 1
    assert int(inputs.ledger.loc[0, "carried_from"]) == 2024
    write_ledger(data_dir, [record(indicator="N77", found="2024-03-01")], year=2024)
    with pytest.raises(InputError, match="2024.csv:2:indicator"):
        load_project_inputs(load_plan(plan_dir), data_dir, 2025)


def test_missing_ledger_column_is_named(plan_dir: Path, data_dir: Path) -> None:
    path = write_ledger(data_dir, [record()])
    text = path.read_text(encoding="utf-8").replace("severity", "severe")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_project_inputs(load_plan(plan_dir), data_dir, 2025)
    assert found(err.value.problems, 1, "severity").found == "no such column"


def test_district_bounds(data_dir: Path) -> None:
    assert district_bounds(data_dir, {"420103", "420106"}) == {
        "420103": (114.20, 30.55, 114.30, 30.62)
    }


# --------------------------------------------------------------------------------------------
# Expert grades and peers


def test_grades_and_peers(plan_dir: Path, data_dir: Path) -> None:
    (data_dir / "grades").mkdir()
    (data_dir / "grades" / "2025.csv").write_text(
        "indicator,grade,panel,reason_zh,reason_en\n"
        "N30,较好,专家组,理由,reason\n"
        "N31,very_good,,理由,\n",
        encoding="utf-8",
    )
    (data_dir / "peers").mkdir()
    (data_dir / "peers" / "2025.csv").write_text(
        "indicator,city,value,status,source\n"
        "N30,成都,75.2,official,统计公报\n"
        "N30,西安,70,illustrative,\n",
        encoding="utf-8",
    )
    inputs = load_project_inputs(load_plan(plan_dir), data_dir, 2025)
    assert inputs.grades is not None and list(inputs.grades["grade"]) == ["good", "very_good"]
    assert inputs.peers is not None and list(inputs.peers["value"]) == [75.2, 70.0]


def test_bad_grades_and_peers(plan_dir: Path, data_dir: Path) -> None:
    (data_dir / "grades").mkdir()
    grades = data_dir / "grades" / "2025.csv"
    grades.write_text(
        "indicator,grade,panel,reason_zh,reason_en\n"
        "N01,较好,专家组,理由,reason\n"  # a ledger indicator is not graded by experts
        "N30,优秀,专家组,理由,reason\n"  # not a grade
        "N30,较好,专家组,,\n",  # repeated, no reason
        encoding="utf-8",
    )
    (data_dir / "peers").mkdir()
    peers = data_dir / "peers" / "2025.csv"
    peers.write_text(
        "indicator,city,value,status,source\n"
        "N30,成都,75%,official,\n"  # a unit in the value, no source
        "N30,成都,70,illustrative,\n",  # repeated city
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_inputs(plan_dir, data_dir)  # validation covers the national files
    problems = err.value.problems
    g = [p for p in problems if p.file == str(grades)]
    assert {(p.row, p.column) for p in g} == {
        (2, "indicator"), (3, "grade"), (4, "indicator"), (4, "reason_zh")
    }  # fmt: skip
    p = [p for p in problems if p.file == str(peers)]
    assert {(p.row, p.column) for p in p} == {(2, "value"), (2, "source"), (3, "city")}


def test_cli_validate_locates_ledger_problems(plan_dir: Path, data_dir: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    write_ledger(data_dir, [record(), record(problem_id="P2", status="done", severity="严峻")])
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "validate", "--plan", str(plan_dir),
         "--data", str(data_dir)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "ledgers/2025.csv:3:severity: found '严峻'; expected one of very_serious" in proc.stderr
    assert "ledgers/2025.csv:3:closed: found an empty cell; expected the date" in proc.stderr
    assert "2 problem(s) found" in proc.stderr


def test_a_boolean_in_grading_yaml_is_no_number(tmp_path: Path) -> None:
    """grading.yaml's parameters were read with ``yaml.safe_load``: ``peer_margin: yes`` was a
    margin of 100 % and every problem had no line."""
    from healthcheck.inputs.system import GradingParams, _grading, system_folder

    path = tmp_path / "grading.yaml"
    path.write_text(
        "# the rule\nvery_good_margin: 0.2\npeer_margin: yes\npeer_min: true\n"
        "dimension_bands: [0.8, off, 0.4]\n",
        encoding="utf-8",
    )
    params, problems = _grading(path)
    assert params == GradingParams()
    assert [(p.file, p.row, p.column, p.found, p.expected) for p in problems] == [
        (str(path), 3, "peer_margin", "the boolean yes", "a number"),
        (str(path), 4, "peer_min", "the boolean true", "a whole number"),
        (str(path), 5, "dimension_bands.1", "the boolean off", "a number"),
    ]
    shipped, none = _grading(system_folder("mohurd_2025") / "grading.yaml")
    assert none == [] and shipped.trend_step is True and shipped.dimension_bands[1] == 0.6
