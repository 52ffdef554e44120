"""The pipeline of the national 城市体检 (framework mohurd_2025): its notebooks, its levels, and
the inputs beyond the observations (ledgers, grades, peers, survey) in its cache keys."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from healthcheck.errors import BuildError
from healthcheck.files import observation_files
from healthcheck.layout import BuildLayout
from healthcheck.pipeline import frameworks, tasks

PLAN = "framework: mohurd_2025\ncity_zh: 甲市\ncity_en: Alpha\n"
OBS = "indicator,year,area,value,status,source,note\nN30,2025,,1,illustrative,x,\n"


@pytest.fixture
def national(tmp_path: Path):
    plan, data, nbs = tmp_path / "plan", tmp_path / "data", tmp_path / "notebooks"
    plan.mkdir()
    (plan / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (data / "observations").mkdir(parents=True)
    (data / "observations" / "2025.csv").write_text(OBS, encoding="utf-8")
    (data / "ledgers").mkdir()
    (data / "ledgers" / "2025.csv").write_text("problem_id\nP1\n", encoding="utf-8")
    (nbs / "national").mkdir(parents=True)
    for name in ("level", "summary"):
        nbformat.write(nbformat.v4.new_notebook(), nbs / "national" / f"{name}.ipynb")
    nbformat.write(nbformat.v4.new_notebook(), nbs / "summary.ipynb")  # the plan's: not used
    sources = tasks.Sources.resolve(plan, data, nbs, tmp_path / "templates")
    return sources, BuildLayout(tmp_path / "out", 2025)


def declare(project) -> dict[str, tasks.Task]:
    sources, layout = project
    return {t.name: t for t in tasks.declare(sources, layout, observation_files(sources.data_dir))}


def test_the_levels_run_the_level_notebook_then_the_national_summary(national):
    sources, layout = national
    declared = declare(national)
    assert list(declared) == ["housing", "community", "block", "city", "summary"]
    for level in frameworks.NATIONAL_LEVELS:
        assert declared[level].notebook == sources.notebooks_dir / "national" / "level.ipynb"
        assert declared[level].parameters["domain"] == level
        assert declared[level].results == layout.domains_dir / level
    assert declared["summary"].notebook == sources.notebooks_dir / "national" / "summary.ipynb"


def test_a_ledger_grade_or_survey_file_changes_every_key_and_the_validation(national):
    sources, _ = national
    files = observation_files(sources.data_dir)
    before = {n: t.key for n, t in declare(national).items()}
    validated = tasks.input_key(sources, files)
    for rel in ("ledgers/2025.csv", "grades/2025.csv", "peers/2025.csv", "survey-margins.csv"):
        path = sources.data_dir / rel
        path.parent.mkdir(exist_ok=True)
        path.write_text(path.read_text(encoding="utf-8") + "x\n" if path.exists() else "a\n",
                        encoding="utf-8")  # fmt: skip
        after = {n: t.key for n, t in declare(national).items()}
        assert all(after[n] != before[n] for n in before), rel
        assert tasks.input_key(sources, files) != validated, rel
        before, validated = after, tasks.input_key(sources, files)


def test_the_plan_folder_refinements_and_units_are_in_every_key(national):
    sources, _ = national
    before = {n: t.key for n, t in declare(national).items()}
    (sources.plan_dir / "units.csv").write_text("code,level\n420103001,street\n", "utf-8")
    after = {n: t.key for n, t in declare(national).items()}
    assert all(after[n] != before[n] for n in before)


def test_the_survey_task_runs_only_with_a_survey_file_and_notebook(national):
    sources, layout = national
    assert "survey" not in declare(national)
    (sources.data_dir / "survey").mkdir()
    (sources.data_dir / "survey" / "2025.csv").write_text("respondent_id\n1\n", "utf-8")
    assert "survey" not in declare(national)  # no survey notebook in this project
    nbformat.write(nbformat.v4.new_notebook(), sources.notebooks_dir / "survey.ipynb")
    declared = declare(national)
    assert list(declared)[-2:] == ["survey", "summary"]
    assert declared["survey"].results == layout.domains_dir / "survey"
    assert declared["survey"].notebook == sources.notebooks_dir / "survey.ipynb"


def test_a_missing_level_notebook_is_named(national):
    sources, _ = national
    (sources.notebooks_dir / "national" / "level.ipynb").unlink()
    with pytest.raises(BuildError, match="no notebook for level 'housing'"):
        declare(national)


def test_the_framework_indicators_group_by_level(tmp_path: Path):
    csv_path = tmp_path / "indicators.csv"
    csv_path.write_text("id,level\nN01,housing\nN10,小区（社区）\nN30,城区（城市）\n", "utf-8")
    pipe = frameworks.FrameworkPipeline("x", levels=frameworks.NATIONAL_LEVELS, indicators=csv_path)
    assert pipe.level_indicators() == {
        "housing": ["N01"], "community": ["N10"], "block": [], "city": ["N30"]
    }  # fmt: skip
    assert frameworks.pipeline_of("unknown").name == "plan_targets"
