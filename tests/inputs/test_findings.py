"""The analysts' findings files (data/findings/<year>.csv): every rule with a file that breaks
it, located by file, line and column; all problems at once; through the CLI, exit 2 and no
traceback; optional; either language may be missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from healthcheck.errors import InputError
from healthcheck.inputs.findings import FINDINGS, load_findings
from healthcheck.inputs.project import load_inputs
from tests.conftest import ROOT, good_rows

HEADER = (
    "indicator,cause_zh,cause_en,recommendation_zh,recommendation_en,unit_zh,unit_en,"
    "deadline,class,status,source\n"
)
GOOD = (
    "A01,覆盖不足,Coverage short,补建设施,Build facilities,市规划局,Planning Bureau,2026-06,"
    "time_bound,illustrative,"
)
IDS = {"A01", "A02", "A03", "B01", "B02", "B03"}


@pytest.fixture
def data(small_plan_dir: Path, write_obs) -> Path:
    write_obs(2020, good_rows(2020))
    return write_obs(2021, good_rows(2021))


def write_findings(data: Path, rows: list[str] | bytes, year: int = 2021) -> Path:
    folder = data / "findings"
    folder.mkdir(exist_ok=True)
    path = folder / f"{year}.csv"
    if isinstance(rows, bytes):
        path.write_bytes(rows)
    else:
        path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def problems_of(plan_dir: Path, data: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_inputs(plan_dir, data)
    return [str(p) for p in info.value.problems]


def test_a_valid_file_loads_and_chinese_class_names_are_accepted(data: Path) -> None:
    write_findings(
        data, [GOOD, "B01,,Capacity late,,Finish the plant,,,2027,尽力解决,estimate,src"]
    )
    rows = load_findings(data, IDS, 2021)
    assert [r.indicator for r in rows] == ["A01", "B01"]
    assert rows[0].remedy_class == "time_bound" and rows[0].illustrative
    assert rows[1].remedy_class == "best_effort" and not rows[1].illustrative
    assert rows[1].cause_zh == "" and rows[1].cause_en == "Capacity late"  # not invented
    assert load_findings(data, IDS, 2020) == []  # a findings file is optional


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        (GOOD.replace("A01,", "ZZ9,", 1), "indicator", "an indicator id of the plan"),
        (GOOD.replace("time_bound", "urgent"), "class", "time_bound (限时解决) or best_effort"),
        (GOOD.replace("2026-06", "2026-13"), "deadline", "YYYY or YYYY-MM"),
        (GOOD.replace("2026-06", "next year"), "deadline", "YYYY or YYYY-MM"),
        (GOOD.replace("illustrative", "guessed"), "status", "one of official, reported"),
        (GOOD.replace("illustrative", "official"), "source", "the source of an official"),
        (GOOD.replace("覆盖不足,Coverage short", ","), "cause_zh", "the cause (原因分析)"),
        (GOOD.replace("补建设施,Build facilities", ","), "recommendation_zh", "整治建议"),
    ],
)
def test_each_rule_names_file_row_column(
    small_plan_dir: Path, data: Path, row: str, column: str, expected: str
) -> None:
    write_findings(data, ["A02,原因,Cause,建议,Advice,,,2026,best_effort,illustrative,", row])
    problems = problems_of(small_plan_dir, data)
    assert len(problems) == 1, problems
    assert f"findings/2021.csv:3:{column}:" in problems[0]
    assert expected in problems[0]


def test_duplicate_indicator_and_all_problems_at_once(small_plan_dir: Path, data: Path) -> None:
    write_findings(data, [GOOD, GOOD, GOOD.replace("time_bound", "soon")])
    (data / "observations" / "2021.csv").write_text(
        "indicator,year,area,value,status,source,note\nZZ9,2021,,1,official,src,\n",
        encoding="utf-8",
    )
    problems = problems_of(small_plan_dir, data)
    # the observation file's problem and both of the findings file's, in one error
    assert any("observations/2021.csv:2:indicator:" in p for p in problems)
    assert any("findings/2021.csv:3:indicator:" in p and "repeats" in p for p in problems)
    assert any("findings/2021.csv:4:class:" in p for p in problems)


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (b"", "an empty file"),
        (HEADER.encode(), "a header and no rows"),
        ((HEADER + GOOD.replace("覆盖不足", "覆盖") + "\n").encode("gbk"), "GB18030"),
        (b"indicator,cause_zh\nA01,x\n", "no such column"),
    ],
)
def test_unreadable_files(small_plan_dir: Path, data: Path, content: bytes, found: str) -> None:
    write_findings(data, content)
    problems = problems_of(small_plan_dir, data)
    assert problems and all("findings/2021.csv" in p for p in problems)
    assert any(found in p for p in problems), problems


def test_a_misnamed_file_is_a_problem(small_plan_dir: Path, data: Path) -> None:
    write_findings(data, [GOOD])
    (data / "findings" / "2021 draft.csv").write_text(HEADER, encoding="utf-8")
    assert any(
        "2021 draft.csv" in p and "<year>.csv" in p for p in problems_of(small_plan_dir, data)
    )


def test_the_spec_prints_its_rules() -> None:
    text = str(FINDINGS)
    assert "class: time_bound (限时解决) or best_effort (尽力解决)" in text
    assert "deadline" in text


def test_cli_validate_exits_2_with_located_problems_and_no_traceback(
    small_plan_dir: Path, data: Path
) -> None:
    write_findings(data, [GOOD.replace("A01,", "ZZ9,", 1), GOOD.replace("2026-06", "soon")])
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "validate", "--plan", str(small_plan_dir),
         "--data", str(data)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "findings/2021.csv:2:indicator:" in proc.stderr
    assert "findings/2021.csv:3:deadline:" in proc.stderr
    assert "2 problem(s) found" in proc.stderr


def test_default_findings_cover_every_2025_shortfall_and_are_marked_illustrative() -> None:
    from healthcheck.engine import framework

    plan, obs = load_inputs(ROOT / "data" / "plan", ROOT / "data")
    rows = load_findings(ROOT / "data", {i.id for i in plan.indicators}, 2025)
    short = set(
        framework(plan.framework).shortfalls(framework(plan.framework).assess(plan, obs, 2025))[
            "id"
        ]
    )
    assert short <= {r.indicator for r in rows}
    assert all(r.illustrative and "illustrative" in r.source and "示意" in r.source for r in rows)
    assert all(r.cause_zh and r.cause_en and r.recommendation_zh and r.unit_en for r in rows)
    t10 = next(r for r in rows if r.indicator == "T10")
    assert "12" in t10.cause_zh and "14" in t10.cause_zh and "under construction" in t10.cause_en


def test_make_findings_is_byte_identical_on_rerun(tmp_path: Path) -> None:
    out = tmp_path / "2025.csv"
    script = ROOT / "scripts" / "make_findings.py"
    for _ in range(2):
        subprocess.run([sys.executable, str(script), "--out", str(out)], check=True,
                       capture_output=True)  # fmt: skip
        assert out.read_bytes() == (ROOT / "data" / "findings" / "2025.csv").read_bytes()
