"""The command line: exit codes, every problem printed, no traceback, assess formats."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from healthcheck.cli import main
from tests.conftest import ROOT, good_rows


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_validate_ok(small_plan_dir, write_obs):
    write_obs(2020, good_rows(2020))
    data = write_obs(2021, good_rows(2021))
    res = run("validate", "--plan", str(small_plan_dir), "--data", str(data))
    assert res.exit_code == 0, res.output
    assert "6 indicators" in res.output and "16 values" in res.output


def test_validate_bad_input_exits_2_with_every_problem(small_plan_dir, write_obs):
    data = write_obs(2021, ["ZZ9,2021,,1,official,src,", "A01,2021,,150,official,,"])
    res = run("validate", "--plan", str(small_plan_dir), "--data", str(data))
    assert res.exit_code == 2
    lines = [x for x in res.stderr.splitlines() if "2021.csv" in x]
    assert len(lines) == 3  # unknown id; percentage out of range; official without source
    assert "3 problem(s) found" in res.stderr


def test_build_py_prints_no_traceback_on_bad_input(small_plan_dir, write_obs):
    data = write_obs(2021, b"\xd6\xd0\xce\xc4,\xb1\xea\xcc\xe2\n")  # GBK bytes
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "validate",
            "--plan",
            str(small_plan_dir),
            "--data",
            str(data),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "GB18030" in proc.stderr


def test_assess_formats(small_plan_dir, write_obs, tmp_path):
    for y in range(2020, 2024):
        data = write_obs(y, good_rows(y))
    args = ["--plan", str(small_plan_dir), "--data", str(data)]
    res = run("assess", "--year", "2023", "--format", "csv", *args)
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["id"] for r in rows] == ["A01", "A02", "A03", "B01", "B02", "B03"]
    head = (
        "id,domain,kind,direction,year,value,baseline,target_value,completion,time_elapsed,"
        "schedule_gap,schedule_verdict,international_category,projected_value"
    )
    assert res.stdout.startswith(head)
    a01 = rows[0]  # 60 -> 75 of 90 in 3 of 5 years: c = 15/30 = 0.5, e = 0.6
    assert float(a01["completion"]) == 0.5 and float(a01["time_elapsed"]) == 0.6
    assert a01["schedule_verdict"] == "behind"

    res = run("assess", "--year", "2023", "--format", "json", *args)
    records = json.loads(res.stdout)
    assert records[2]["schedule_verdict"] == "done" and records[2]["international_category"] is None

    res = run("assess", "--year", "2023", *args)
    assert "慢于时序进度" in res.stdout and "behind schedule" in res.stdout
    assert "甲领域" in res.stdout

    out = tmp_path / "a.csv"
    res = run("assess", "--year", "2023", "--format", "csv", "--output", str(out), *args)
    assert out.read_text(encoding="utf-8").startswith(head)


def test_assess_unknown_year_is_bad_input(small_plan_dir, write_obs):
    data = write_obs(2021, good_rows(2021))
    res = run("assess", "--year", "2030", "--plan", str(small_plan_dir), "--data", str(data))
    assert res.exit_code == 2
    assert "2030" in res.stderr and "2021" in res.stderr


def test_bad_input_overwrites_nothing(small_plan_dir, write_obs, tmp_path):
    data = write_obs(2021, ["A01,2021,,150,official,src,"])
    out = tmp_path / "a.csv"
    out.write_text("earlier output", encoding="utf-8")
    res = run(
        "assess",
        "--format",
        "csv",
        "--output",
        str(out),
        "--plan",
        str(small_plan_dir),
        "--data",
        str(data),
    )
    assert res.exit_code == 2
    assert out.read_text(encoding="utf-8") == "earlier output"


def test_validate_does_not_say_it_wrote_nothing(small_plan_dir, write_obs):
    """validate writes nothing ever: its summary line does not claim otherwise."""
    data = write_obs(2021, ["ZZ9,2021,,1,official,src,"])
    res = run("validate", "--plan", str(small_plan_dir), "--data", str(data))
    assert res.exit_code == 2
    assert res.stderr.splitlines()[-1] == "1 problem(s) found."


def test_a_bad_year_option_is_named_as_an_option(small_plan_dir, write_obs, tmp_path):
    data = write_obs(2021, good_rows(2021))
    res = run("report", "--year", "2030", "--plan", str(small_plan_dir), "--data", str(data),
              "--out", str(tmp_path / "out"))  # fmt: skip
    assert res.exit_code == 2
    first = res.stderr.splitlines()[0]
    assert first == "--year: found 2030; expected a year with an observation file: 2021", first
    assert ":::" not in res.stderr and "::" not in first


def _build_py(python_args: list[str], env: dict[str, str], *args: str):
    return subprocess.run(
        [sys.executable, *python_args, str(ROOT / "build.py"), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def test_build_py_without_the_environment(small_plan_dir, write_obs):
    """A Python without the project's packages (``-S``: no site-packages): build.py runs itself
    again with .venv/bin/python; with that turned off (or no .venv), one line on how to set
    the environment up, exit 1, no ModuleNotFoundError."""
    data = write_obs(2021, good_rows(2021))
    args = ("validate", "--plan", str(small_plan_dir), "--data", str(data))
    if (ROOT / ".venv" / "bin" / "python").is_file():
        again = _build_py(["-S"], {}, *args)
        assert again.returncode == 0, again.stderr
        assert again.stdout.startswith("ok: plan with 6 indicators")
    bare = _build_py(["-S"], {"HEALTHCHECK_BUILD_PY_REEXEC": "1"}, *args)
    assert bare.returncode == 1 and bare.stdout == ""
    assert bare.stderr.count("\n") == 1, bare.stderr
    assert "lacks click" in bare.stderr and "make setup" in bare.stderr
    assert "Traceback" not in bare.stderr and "ModuleNotFoundError" not in bare.stderr


def _report_into(out, small_plan_dir, data):
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("healthcheck")),
            "report",
            "--quiet",
            "--plan",
            str(small_plan_dir),
            "--data",
            str(data),
            "--out",
            str(out),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_report_into_a_read_only_or_full_folder_is_one_line(small_plan_dir, write_obs, tmp_path):
    """An output folder that cannot be written (a real read-only bind mount; a real tmpfs
    that is full): exit 1, one line naming the path and the cause, no traceback."""
    from tests.test_publish import mounted

    data = write_obs(2021, good_rows(2021))
    (tmp_path / "empty").mkdir()
    with mounted("ro", tmp_path / "ro", tmp_path / "empty"):
        res = _report_into(tmp_path / "ro" / "build", small_plan_dir, data)
        assert res.returncode == 1 and res.stdout == ""
        assert res.stderr == f"error: {tmp_path / 'ro' / 'build'}: Read-only file system\n"
    with mounted("tmpfs:64k", tmp_path / "full"):
        (tmp_path / "full" / "build" / ".cache").mkdir(parents=True)
        with contextlib.suppress(OSError), open(tmp_path / "full" / "filler", "wb") as fh:
            fh.write(b"x" * 200_000)  # fills the disk
        res = _report_into(tmp_path / "full" / "build", small_plan_dir, data)
        assert res.returncode == 1 and res.stdout == "", res.stderr
        assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr, res.stderr
        assert res.stderr.startswith(f"error: {tmp_path / 'full' / 'build'}/")
        assert res.stderr.endswith(": No space left on device\n")


def test_assess_and_report_for_a_district(small_plan_dir, write_obs, tmp_path):
    write_obs(2020, good_rows(2020))
    data = write_obs(2021, good_rows(2021))
    base = ("--plan", str(small_plan_dir), "--data", str(data))
    res = run("assess", *base, "--district", "420102", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    # only A01 has district values (good_rows): the district is judged on it alone, with its
    # own value (70 + 5 a year), not the city's (60 + 5)
    assert [(r["id"], float(r["value"])) for r in rows] == [("A01", 75.0)]
    res = run("assess", *base, "--district", "999999")
    assert res.exit_code == 2
    assert "plan.yaml:9:districts: found '999999'" in res.stderr  # the line of districts:
    assert "420102, 420112" in res.stderr
    res = run("report", *base, "--district", "999999", "--out", str(tmp_path / "out"))
    assert res.exit_code == 2 and "found '999999'" in res.stderr
    assert not (tmp_path / "out" / "2021").exists()  # nothing built
