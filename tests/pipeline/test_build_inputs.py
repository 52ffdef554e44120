"""The build with hostile input files: refused with the validation's located problems before
any notebook runs, never a hang (a FIFO), a traceback (deep YAML) or a blow-up (an alias
bomb).  No kernel is started: the problems are found first."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from healthcheck.errors import InputError
from healthcheck.pipeline import build
from tests.conftest import good_rows
from tests.inputs.test_yamlfile import billion_laughs


def _build_problems(plan: Path, data: Path, out: Path) -> list[str]:
    """The problems of a build, from a thread that must finish within 120 s (a FIFO read
    blocks forever)."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            build(plan_dir=plan, data_dir=data, out_dir=out, progress=False, jobs=1)
        except BaseException as exc:  # noqa: BLE001 -- handed to the test
            caught.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(120)
    assert not t.is_alive(), "the build hung"
    (exc,) = caught
    assert isinstance(exc, InputError), repr(exc)
    return [str(p) for p in exc.problems]


@pytest.mark.parametrize("kind", ["fifo", "folder", "link-out", "upper-case"])
def test_a_bad_observation_file_stops_the_build_with_its_name(
    small_plan_dir, write_obs, tmp_path, kind
):
    write_obs(2020, good_rows(2020))
    data = write_obs(2021, good_rows(2021))
    path = data / "observations" / "2022.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link-out":
        (tmp_path / "secret.txt").write_text("SECRET\n", encoding="utf-8")
        path.symlink_to(tmp_path / "secret.txt")
    else:
        path = path.with_name("2022.CSV")
        path.write_text("indicator,year\n", encoding="utf-8")
    problems = _build_problems(small_plan_dir, data, tmp_path / "out")
    assert len(problems) == 1 and problems[0].startswith(str(path))
    assert "SECRET" not in problems[0]
    assert not (tmp_path / "out" / "2021" / "report.pdf").exists()


@pytest.mark.parametrize(
    "text", [billion_laughs(), "city: " + "[" * 3000 + "]" * 3000 + "\n"], ids=["bomb", "deep"]
)
def test_a_hostile_plan_yaml_stops_the_build_with_one_short_problem(
    small_plan_dir, write_obs, tmp_path, text
):
    data = write_obs(2021, good_rows(2021))
    (small_plan_dir / "plan.yaml").write_text(text, encoding="utf-8")
    (problem,) = _build_problems(small_plan_dir, data, tmp_path / "out")
    assert "plan.yaml:" in problem and len(problem) < 400


def test_a_fifo_named_indicators_csv_stops_the_build(small_plan_dir, write_obs, tmp_path):
    data = write_obs(2021, good_rows(2021))
    (small_plan_dir / "indicators.csv").unlink()
    os.mkfifo(small_plan_dir / "indicators.csv")
    (problem,) = _build_problems(small_plan_dir, data, tmp_path / "out")
    assert "indicators.csv" in problem and "FIFO" in problem
