"""The national demonstration project (examples/wuhan-national): consistent, sourced, located.

Each check is a function that returns the list of problems it finds; the tests assert that the
project has none, and ``test_checks_can_fail`` feeds each check a corrupted copy and asserts
that it reports the corruption, so that no check passes vacuously.  The files are read as
plain CSV (strings), independently of the library's readers.
"""

from __future__ import annotations

import copy
import csv
import filecmp
import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from shapely.geometry import Point, shape

from healthcheck.inputs.csvfile import read_csv_strict
from healthcheck.inputs.findings import check_findings
from healthcheck.inputs.status import STATUSES

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ROOT / "examples" / "wuhan-national"
PLAN = PROJECT / "plan"
DATA = PROJECT / "data"
GENERATOR = ROOT / "scripts" / "make_national_data.py"
GENERATOR_SOURCE = "scripts/make_national_data.py"
ILLUSTRATIVE_NOTE = "illustrative placeholder"
OBS_YEARS = (2023, 2024, 2025)
LEDGER_YEARS = (2024, 2025)
SUB_CITY = {f"N{n:02d}" for n in range(1, 30)}  # 住房 N01-N09, 小区 N10-N21, 街区 N22-N29
BOTTOM_LINE = {"N01", "N02", "N03", "N04"}  # 底线型: 限时解决
# observed (one city value a year): the 城区 N30-N59 and the 街区 coverage rates; N60 is
# computed from the ledgers
CITY_OBSERVED = {f"N{n:02d}" for n in range(30, 60)} | {"N22", "N25"}
UNIT_TYPES = {"楼栋", "小区", "社区", "街道", "道路"}
GRADES = {"很好", "较好", "一般", "不足", "very_good", "good", "fair", "insufficient"}
# The values an observed indicator may plausibly take in Wuhan (unit of the framework)
BOUNDS = {"N34": (0.05, 1.0), "N35": (4.0, 12.0), "N42": (10.0, 50.0), "N54": (0.5, 5.0)}
PERCENT = {"N22", "N25", "N30", "N32", "N33", "N36", "N37", "N38", "N43", "N44", "N45", "N49",
           "N52", "N53", "N55", "N56", "N57", "N58", "X01"}  # fmt: skip

Table = list[dict[str, str]]


def read(path: Path) -> Table:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


@pytest.fixture(scope="module")
def project() -> dict:
    """Everything the checks look at, as plain data (deep-copied before corrupting)."""
    geo = json.loads((DATA / "geo" / "wuhan-districts.geojson").read_text(encoding="utf-8"))
    return {
        "plan": yaml.safe_load((PLAN / "plan.yaml").read_text(encoding="utf-8")),
        "units": read(PLAN / "units.csv"),
        "refinements": read(PLAN / "refinements.csv"),
        "added": read(PLAN / "indicators.csv"),
        "observations": {y: read(DATA / "observations" / f"{y}.csv") for y in OBS_YEARS},
        "ledgers": {y: read(DATA / "ledgers" / f"{y}.csv") for y in LEDGER_YEARS},
        "grades": read(DATA / "grades" / "2025.csv"),
        "polygons": {f["properties"]["code"]: shape(f["geometry"]) for f in geo["features"]},
    }


# --------------------------------------------------------------------------------------------
# The checks: each returns a list of problems (empty = fine)


def check_plan(p: dict) -> list[str]:
    out = []
    plan = p["plan"]
    if plan.get("framework") != "mohurd_2025":
        out.append(f"framework {plan.get('framework')!r}")
    if plan["city"]["code"] != "420100":
        out.append(f"city code {plan['city']['code']!r}")
    default = yaml.safe_load((ROOT / "data" / "plan" / "plan.yaml").read_text(encoding="utf-8"))
    if plan["districts"] != default["districts"]:
        out.append("districts differ from data/plan/plan.yaml")
    if plan["plan"]["target_year"] != 2025 or plan["plan"]["baseline_year"] != min(OBS_YEARS):
        out.append("years: target 2025, baseline the first year held")
    return out


def check_units(p: dict) -> list[str]:
    out = []
    districts = {d["code"] for d in p["plan"]["districts"]}
    by_code = {u["code"]: u for u in p["units"]}
    if len(by_code) != len(p["units"]):
        out.append("duplicate unit codes")
    parent_level = {"street": None, "community": "street", "estate": "community"}
    for u in p["units"]:
        where = f"units.csv {u['code']}"
        if u["level"] not in parent_level:
            out.append(f"{where}: level {u['level']!r}")
            continue
        if u["district"] not in districts or not u["code"].startswith(u["district"]):
            out.append(f"{where}: district {u['district']!r}")
        if not (u["name_zh"] and u["name_en"]):
            out.append(f"{where}: a name in both languages")
        want = parent_level[u["level"]]
        parent = by_code.get(u["parent"])
        if want is None and u["parent"]:
            out.append(f"{where}: a street has no parent")
        if want is not None and (
            parent is None or parent["level"] != want or not u["code"].startswith(u["parent"])
        ):
            out.append(f"{where}: parent {u['parent']!r} is not a {want} containing it")
    levels = [u["level"] for u in p["units"]]
    for street in (u for u in p["units"] if u["level"] == "street"):
        n = sum(u["parent"] == street["code"] for u in p["units"])
        if not 4 <= n <= 8:
            out.append(f"street {street['code']}: {n} communities (want 4-8)")
    if not 2 <= levels.count("street") <= 3:
        out.append(f"{levels.count('street')} streets (want 2-3)")
    return out


def _unit_resolves(row: dict[str, str], by_code: dict[str, dict[str, str]]) -> bool:
    kind, uid = row["unit_type"], row["unit_id"]
    if kind == "楼栋":
        estate = by_code.get(uid.split("-")[0], {})
        return estate.get("level") == "estate" and estate.get("parent") == row["community"]
    if kind == "小区":
        estate = by_code.get(uid, {})
        return estate.get("level") == "estate" and estate.get("parent") == row["community"]
    if kind == "社区":
        return uid == row["community"]
    if kind == "街道":
        return uid == row["street"]
    return kind == "道路" and uid.split("-")[0] == row["street"]


def check_ledger_units(p: dict) -> list[str]:
    """district, street, community and unit_id name units of units.csv, consistently."""
    out = []
    by_code = {u["code"]: u for u in p["units"]}
    for year, rows in p["ledgers"].items():
        for r in rows:
            where = f"ledgers/{year}.csv {r['problem_id']}"
            street = by_code.get(r["street"], {})
            if street.get("level") != "street" or street.get("district") != r["district"]:
                out.append(f"{where}: street {r['street']!r} not a street of {r['district']}")
            community = by_code.get(r["community"]) if r["community"] else None
            if r["community"] and (community is None or community["parent"] != r["street"]):
                out.append(f"{where}: community {r['community']!r} not in {r['street']}")
            if r["unit_type"] not in UNIT_TYPES or not _unit_resolves(r, by_code):
                out.append(f"{where}: unit {r['unit_type']} {r['unit_id']!r} does not resolve")
    return out


def check_ledger_locations(p: dict) -> list[str]:
    """Every problem's point lies inside its district's boundary polygon (WGS-84)."""
    out = []
    for year, rows in p["ledgers"].items():
        for r in rows:
            poly = p["polygons"].get(r["district"])
            point = Point(float(r["lon"]), float(r["lat"]))
            if poly is None or not poly.contains(point):
                out.append(f"ledgers/{year}.csv {r['problem_id']}: {point} outside {r['district']}")
    return out


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _row_problems(r: dict[str, str]) -> list[str]:
    out = []
    enums = {
        "severity": {"very_serious", "serious", "general"},
        "difficulty": {"high", "medium", "low"},
        "remedy": {"time_bound", "best_effort"},
        "status": {"open", "in_progress", "done"},
        "data_status": set(STATUSES),
    }
    out += [f"{k} {r[k]!r}" for k, allowed in enums.items() if r[k] not in allowed]
    if r["indicator"] not in SUB_CITY:
        out.append(f"indicator {r['indicator']!r} is not of the 住房/小区/街区 levels")
    if r["indicator"] in BOTTOM_LINE and r["remedy"] != "time_bound":
        out.append("a 底线型 problem is 限时解决 (time_bound)")
    found, closed = _day(r["found"]), _day(r["closed"]) if r["closed"] else None
    if found is None or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", r["due"]):
        out.append(f"found {r['found']!r} / due {r['due']!r}")
    if (r["status"] == "done") != (closed is not None) or (closed and found and closed < found):
        out.append(f"status {r['status']} with closed {r['closed']!r}")
    for k in ("problem_zh", "problem_en", "recommendation_zh", "recommendation_en",
              "responsible_zh", "responsible_en"):  # fmt: skip
        if not r[k]:
            out.append(f"{k} empty")
    try:
        if float(r["quantity"]) <= 0:
            out.append(f"quantity {r['quantity']!r}")
    except ValueError:
        out.append(f"quantity {r['quantity']!r}")
    if r["data_status"] == "illustrative" and r["source"] != GENERATOR_SOURCE:
        out.append(f"illustrative row with source {r['source']!r}")
    if r["data_status"] != "illustrative" and not r["source"]:
        out.append("a sourced row without its source")
    return out


def check_ledger_rows(p: dict) -> list[str]:
    out = []
    for year, rows in p["ledgers"].items():
        path = DATA / "ledgers" / f"{year}.csv"
        ids = [r["problem_id"] for r in rows]
        if len(set(ids)) != len(ids):
            out.append(f"ledgers/{year}.csv: duplicate problem ids")
        for r in rows:
            out += [f"{path.name} {r['problem_id']}: {m}" for m in _row_problems(r)]
            if r["found"][:4] != (r["carried_from"] or str(year)):
                out.append(f"{year} {r['problem_id']}: found {r['found']} in another year")
            if r["closed"] and r["closed"][:4] != str(year):
                out.append(f"{year} {r['problem_id']}: closed {r['closed']} in another year")
    return out


def check_carried_forward(p: dict) -> list[str]:
    """Every 2024 problem not closed in 2024 is in 2025 (carried_from 2024, same unit)."""
    out = []
    first = {r["problem_id"]: r for r in p["ledgers"][2024]}
    second = {r["problem_id"]: r for r in p["ledgers"][2025]}
    for pid, r in first.items():
        if r["carried_from"]:
            out.append(f"2024 {pid}: carried_from {r['carried_from']!r} (no earlier ledger)")
        if r["status"] == "done":
            if pid in second:
                out.append(f"2024 {pid}: closed in 2024 and listed again in 2025")
            continue
        later = second.get(pid)
        if later is None:
            out.append(f"2024 {pid} ({r['status']}): missing from 2025")
        elif later["carried_from"] != "2024" or any(
            later[k] != r[k] for k in ("indicator", "unit_id", "remedy", "found", "due")
        ):
            out.append(f"2025 {pid}: not the 2024 problem carried forward")
    for pid, r in second.items():
        if r["carried_from"] == "2024" and pid not in first:
            out.append(f"2025 {pid}: carried from 2024 but not in the 2024 ledger")
    statuses = {r["status"] for r in second.values() if r["carried_from"]}
    if statuses != {"done", "in_progress", "open"}:
        out.append(f"carried problems' statuses {sorted(statuses)}: want done, in progress, open")
    return out


def check_observations(p: dict) -> list[str]:
    out = []
    wanted = CITY_OBSERVED | {r["id"] for r in p["added"] if r["source_of_value"] == "observed"}
    for year, rows in p["observations"].items():
        have = [r["indicator"] for r in rows]
        if sorted(have) != sorted(wanted):
            out.append(f"observations/{year}.csv: indicators {sorted(set(have) ^ wanted)}")
        for r in rows:
            where = f"observations/{year}.csv {r['indicator']}"
            if r["year"] != str(year) or r["area"] != "":
                out.append(f"{where}: year {r['year']!r} area {r['area']!r}")
            if r["status"] not in STATUSES:
                out.append(f"{where}: status {r['status']!r}")
            if r["status"] == "illustrative" and (
                r["source"] != GENERATOR_SOURCE or ILLUSTRATIVE_NOTE not in r["note"]
            ):
                out.append(f"{where}: illustrative without the generator's source and note")
            if r["status"] != "illustrative" and not r["source"]:
                out.append(f"{where}: {r['status']} without a source")
            value = float(r["value"])
            lo, hi = BOUNDS.get(r["indicator"], (0.0, 100.0 if r["indicator"] in PERCENT else 1e5))
            if not lo <= value <= hi:
                out.append(f"{where}: {value} outside the plausible {lo}-{hi}")
    return out


def check_choices(p: dict) -> list[str]:
    """Refinements name framework indicators; add rows and plan indicators match; grades."""
    out = []
    added = {r["id"] for r in p["added"]}
    for r in p["refinements"]:
        where = f"refinements.csv {r['indicator']}"
        if r["action"] == "add":
            if r["indicator"] not in added:
                out.append(f"{where}: add without a row in plan/indicators.csv")
        elif r["indicator"] not in SUB_CITY | CITY_OBSERVED | {"N60"}:
            out.append(f"{where}: not a framework indicator")
        if r["action"] == "drop" and r["indicator"] == "N43":
            out.append(f"{where}: Wuhan has a metro, N43 applies")
        if r["action"] == "threshold":
            try:
                float(r["value"])
            except ValueError:
                out.append(f"{where}: threshold {r['value']!r}")
        if r["action"] not in ("threshold", "drop", "add") or not (
            r["reason_zh"] and r["reason_en"]
        ):
            out.append(f"{where}: action {r['action']!r} and a reason in both languages")
    if added - {r["indicator"] for r in p["refinements"] if r["action"] == "add"}:
        out.append("plan/indicators.csv: a row without its add refinement")
    for r in p["grades"]:
        if r["indicator"] not in CITY_OBSERVED | added or r["grade"] not in GRADES:
            out.append(f"grades/2025.csv {r['indicator']}: grade {r['grade']!r}")
        if not (r["reason_zh"] and r["reason_en"] and r["panel"]):
            out.append(f"grades/2025.csv {r['indicator']}: panel and reasons")
    return out


CHECKS: list[Callable[[dict], list[str]]] = [
    check_plan, check_units, check_ledger_units, check_ledger_locations, check_ledger_rows,
    check_carried_forward, check_observations, check_choices,
]  # fmt: skip


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_project_passes(check, project):
    assert check(project) == []


# --------------------------------------------------------------------------------------------
# Each check catches what it is for


def _corrupt_point(p: dict) -> None:
    p["ledgers"][2024][0]["lon"] = "114.9"  # 新洲区, not 江汉区 / 武昌区


def _corrupt_parent(p: dict) -> None:
    next(u for u in p["units"] if u["level"] == "estate")["parent"] = "420103003999"


def _corrupt_unit(p: dict) -> None:
    next(r for r in p["ledgers"][2025] if r["unit_type"] == "小区")["unit_id"] = "420103003"


def _corrupt_status(p: dict) -> None:
    next(r for r in p["ledgers"][2025] if r["status"] == "done")["closed"] = ""


def _corrupt_bottom_line(p: dict) -> None:
    next(r for r in p["ledgers"][2024] if r["indicator"] in BOTTOM_LINE)["remedy"] = "best_effort"


def _corrupt_carried(p: dict) -> None:
    p["ledgers"][2025] = [r for r in p["ledgers"][2025] if r["carried_from"] != "2024"][1:]


def _corrupt_note(p: dict) -> None:
    p["observations"][2025][0]["note"] = ""


def _corrupt_value(p: dict) -> None:
    next(r for r in p["observations"][2024] if r["indicator"] == "N35")["value"] = "35"


def _corrupt_drop(p: dict) -> None:
    p["refinements"].append({**p["refinements"][0], "indicator": "N43", "action": "drop"})


def _corrupt_plan(p: dict) -> None:
    p["plan"]["districts"] = p["plan"]["districts"][:-1]


CORRUPTIONS = [
    (check_ledger_locations, _corrupt_point),
    (check_units, _corrupt_parent),
    (check_ledger_units, _corrupt_unit),
    (check_ledger_rows, _corrupt_status),
    (check_ledger_rows, _corrupt_bottom_line),
    (check_carried_forward, _corrupt_carried),
    (check_observations, _corrupt_note),
    (check_observations, _corrupt_value),
    (check_choices, _corrupt_drop),
    (check_plan, _corrupt_plan),
]


@pytest.mark.parametrize(("check", "corrupt"), CORRUPTIONS, ids=lambda f: f.__name__)
def test_checks_can_fail(check, corrupt, project):
    broken = copy.deepcopy(project)
    corrupt(broken)
    assert check(broken) != []


def test_every_check_is_exercised():
    assert {c.__name__ for c, _ in CORRUPTIONS} == {c.__name__ for c in CHECKS}


# --------------------------------------------------------------------------------------------
# Files


def test_headers():
    assert header(DATA / "ledgers" / "2025.csv")[:3] == ["problem_id", "indicator", "district"]
    for year in OBS_YEARS:
        assert header(DATA / "observations" / f"{year}.csv") == [
            "indicator", "year", "area", "value", "status", "source", "note"]  # fmt: skip
    assert header(PLAN / "units.csv") == ["code", "level", "name_zh", "name_en", "parent",
                                          "district"]  # fmt: skip


def test_findings_pass_the_findings_reader():
    path = DATA / "findings" / "2025.csv"
    frame, problems = read_csv_strict(path)
    assert frame is not None and problems == []
    rows, problems = check_findings(frame, str(path), CITY_OBSERVED | {"X01"})
    assert problems == []
    assert 5 <= len(rows) <= 8
    assert all(r.illustrative for r in rows)


def test_geo_is_the_default_projects():
    for name in ("wuhan-districts.geojson", "wuhan-water.geojson", "SOURCE.md"):
        assert filecmp.cmp(ROOT / "data" / "geo" / name, DATA / "geo" / name, shallow=False)


def test_generator_reproduces_the_files(tmp_path):
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path)], check=True, capture_output=True
    )
    written = sorted(q.relative_to(tmp_path) for q in tmp_path.rglob("*.csv"))
    assert len(written) >= 10
    for rel in written:
        assert filecmp.cmp(PROJECT / rel, tmp_path / rel, shallow=False), rel


# --------------------------------------------------------------------------------------------
# The library reads the project, and grades it with a realistic mix


def test_the_library_reads_and_grades_the_project():
    from healthcheck.engine.frameworks.mohurd_2025 import grade_city, remediation_rate
    from healthcheck.inputs.national import load_project_inputs, national_problems
    from healthcheck.inputs.observations import load_observations
    from healthcheck.inputs.plan import load_plan

    plan = load_plan(PLAN)
    assert {i.id for i in plan.indicators} >= SUB_CITY | CITY_OBSERVED | {"N60", "X01"}
    assert national_problems(plan, DATA) == []
    obs = load_observations(DATA, plan)
    inputs = load_project_inputs(plan, DATA, 2025)
    assert inputs.previous_ledger is not None and inputs.grades is not None
    assert len(inputs.units) == len(read(PLAN / "units.csv"))
    graded = grade_city(plan, obs, 2025, expert=inputs.grades).set_index("id")
    with_value = graded[graded["value"].notna()]
    assert set(with_value["default_grade"]) == {"very_good", "good", "fair", "insufficient"}
    for ind in inputs.grades["indicator"]:  # each expert grade says something the rule does not
        assert graded.loc[ind, "expert_grade"] != graded.loc[ind, "default_grade"]
        assert graded.loc[ind, "grade"] == graded.loc[ind, "expert_grade"]

    rate = remediation_rate(inputs.previous_ledger, inputs.ledger, 2025)
    assert rate.missing == []
    assert rate.time_bound is not None and rate.best_effort is not None
    assert 0.5 <= rate.time_bound <= 0.9 and 0.2 <= rate.best_effort < rate.time_bound
