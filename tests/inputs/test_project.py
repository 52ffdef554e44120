"""load_inputs: the plan, the observations and the data folder's other files, every problem
of all of them at once, and nothing opened that is not a regular file of the data folder."""

from __future__ import annotations

import os

import pytest

from healthcheck.errors import InputError
from healthcheck.inputs.project import load_inputs
from tests.conftest import good_rows


def test_a_fifo_in_geo_is_named_not_read(small_plan_dir, write_obs):
    data = write_obs(2025, good_rows(2025))
    (data / "geo").mkdir()
    os.mkfifo(data / "geo" / "districts.geojson")
    with pytest.raises(InputError) as info:
        load_inputs(small_plan_dir, data)
    (p,) = info.value.problems
    assert p.file.endswith("districts.geojson") and "FIFO" in p.found


def test_problems_of_every_file_come_together(small_plan_dir, write_obs):
    rows = good_rows(2025)
    rows[0] = rows[0].replace("official", "offi\x1bcial")
    data = write_obs(2025, rows)
    os.mkfifo(data / "observations" / "2024.csv")
    (data / "findings").mkdir()
    (data / "findings" / "2025.CSV").write_text("indicator\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_inputs(small_plan_dir, data)
    files = sorted({os.path.basename(p.file) for p in info.value.problems})
    assert files == ["2024.csv", "2025.CSV", "2025.csv"]
    assert all("\x1b" not in str(p) for p in info.value.problems)


@pytest.mark.parametrize(("char", "code"), [("😀", "U+1F600"), ("𠀀", "U+20000")])
def test_a_character_the_report_cannot_draw_is_refused_by_validate(
    small_plan_dir, write_obs, char, code
):
    from healthcheck.inputs.text import font_coverage

    if font_coverage() is None:
        pytest.skip("Noto Sans CJK SC not installed")
    rows = good_rows(2025)
    rows[4] = rows[4].replace("derived", f"derived {char}")
    data = write_obs(2025, rows)
    with pytest.raises(InputError) as info:
        load_inputs(small_plan_dir, data)
    (p,) = info.value.problems
    assert (p.row, p.column) == (6, "note") and code in p.found


def test_a_bad_survey_yaml_of_the_plan_is_refused_by_validate(small_plan_dir, write_obs):
    """The plan's own survey.yaml used to be read only by the build (which then failed)."""
    data = write_obs(2025, good_rows(2025))
    (small_plan_dir / "survey.yaml").write_text("min_cell: -3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_inputs(small_plan_dir, data)
    (p,) = info.value.problems
    assert (p.file, p.row, p.column) == (str(small_plan_dir / "survey.yaml"), 1, "min_cell")


def test_a_good_survey_yaml_of_the_plan_passes(small_plan_dir, write_obs):
    data = write_obs(2025, good_rows(2025))
    (small_plan_dir / "survey.yaml").write_text("min_cell: 7\n", encoding="utf-8")
    plan, obs = load_inputs(small_plan_dir, data)
    assert plan.framework == "plan_targets" and len(obs)
