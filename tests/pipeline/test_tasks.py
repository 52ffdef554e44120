"""The pipeline declared as data: the tasks, their parameters, paths and cache keys."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import nbformat
import pytest

from healthcheck.errors import BuildError, InputError
from healthcheck.files import observation_files
from healthcheck.layout import BuildLayout
from healthcheck.pipeline import tasks
from tests.conftest import good_rows

ANALYSIS = 'CAPTION = ("甲", "Alpha")\n'


@pytest.fixture
def project(small_plan_dir: Path, write_obs, tmp_path: Path):
    """The small plan, alpha bound to the analysis ``pace``; notebooks and an analyses folder."""
    yaml_path = small_plan_dir / "plan.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8").replace(
            "{id: alpha, title_zh: 甲领域, title_en: Alpha domain}",
            "{id: alpha, title_zh: 甲领域, title_en: Alpha domain,"
            " analysis: {name: pace, params: {ids: [A01, A02]}}}",
        ),
        encoding="utf-8",
    )
    write_obs(2020, good_rows(2020))
    data = write_obs(2021, good_rows(2021))
    nbs = tmp_path / "notebooks"
    (nbs / "analyses").mkdir(parents=True)
    for name in ("domain", "summary"):
        nbformat.write(nbformat.v4.new_notebook(), nbs / f"{name}.ipynb")
    (nbs / "analyses" / "pace.py").write_text(ANALYSIS, encoding="utf-8")
    sources = tasks.Sources.resolve(small_plan_dir, data, nbs, tmp_path / "templates")
    return sources, BuildLayout(tmp_path / "out", 2021)


def declare(project) -> dict[str, tasks.Task]:
    sources, layout = project
    return {t.name: t for t in tasks.declare(sources, layout, observation_files(sources.data_dir))}


def test_one_task_per_domain_in_plan_order_then_the_summary(project):
    sources, layout = project
    declared = declare(project)
    assert list(declared) == ["alpha", "beta", "summary"]
    alpha = declared["alpha"]
    assert alpha.notebook == sources.notebooks_dir / "domain.ipynb"  # the generic notebook
    assert alpha.output == layout.executed_notebook("alpha")
    assert alpha.results == layout.results_dir("alpha") == layout.domains_dir / "alpha"
    assert declared["summary"].results == layout.summary_dir
    assert alpha.cwd == sources.notebooks_dir
    assert alpha.parameters == {
        "year": 2021,
        "plan_dir": str(sources.plan_dir),
        "data_dir": str(sources.data_dir),
        "out_dir": str(layout.out_dir),
        "domain": "alpha",
    }
    assert set(alpha.parameters) == set(tasks.PARAMETERS)
    assert alpha.prose and declared["summary"].prose


def test_spec_is_json_with_absolute_paths(project):
    spec = declare(project)["beta"].spec("python3", "/tmp/kernels")
    assert json.loads(json.dumps(spec)) == spec
    for field in ("input", "output", "results", "cwd"):
        assert Path(spec[field]).is_absolute(), field
    assert spec["kernel"] == "python3" and spec["jupyter_path"] == "/tmp/kernels"


def test_editing_an_analysis_changes_its_domain_key_only(project):
    sources, _ = project
    before = {n: t.key for n, t in declare(project).items()}
    assert "analysis" in declare(project)["alpha"].key_parts
    assert "analysis" not in declare(project)["beta"].key_parts
    (sources.notebooks_dir / "analyses" / "pace.py").write_text(
        ANALYSIS + "# edited\n", encoding="utf-8"
    )
    after = {n: t.key for n, t in declare(project).items()}
    assert after["alpha"] != before["alpha"]
    assert after["beta"] == before["beta"] and after["summary"] == before["summary"]
    # another analysis file, bound to no domain, changes nothing
    (sources.notebooks_dir / "analyses" / "other.py").write_text("X = 1\n", encoding="utf-8")
    assert {n: t.key for n, t in declare(project).items()} == after


def test_one_value_changes_its_domain_and_the_summary(project, write_obs):
    before = {n: t.key for n, t in declare(project).items()}
    rows = good_rows(2021)
    rows[5] = rows[5].replace(",90,", ",95,")  # B02 (beta)
    write_obs(2021, rows)
    after = {n: t.key for n, t in declare(project).items()}
    assert after["alpha"] == before["alpha"]
    assert after["beta"] != before["beta"] and after["summary"] != before["summary"]


def test_declared_notebook_and_missing_notebooks(project):
    sources, layout = project
    nbformat.write(nbformat.v4.new_notebook(), sources.notebooks_dir / "beta.ipynb")
    assert declare(project)["beta"].notebook == sources.notebooks_dir / "beta.ipynb"
    (sources.notebooks_dir / "summary.ipynb").unlink()
    with pytest.raises(BuildError, match="no summary notebook"):
        declare(project)
    with pytest.raises(BuildError, match="no notebook for domain 'gamma'"):
        tasks.notebook_for("gamma", sources.plan_dir)


def test_report_key_covers_results_and_templates(project):
    sources, layout = project
    sources.template_dir.mkdir()
    (sources.template_dir / "report.html").write_text("<html>", encoding="utf-8")
    layout.results_dir("alpha").mkdir(parents=True)
    (layout.results_dir("alpha") / "results.json").write_text("{}", encoding="utf-8")
    first = tasks.report_key(layout, sources, "inputs")
    assert tasks.report_key(layout, sources, "inputs") == first
    (layout.results_dir("alpha") / "results.json").write_text("{ }", encoding="utf-8")
    second = tasks.report_key(layout, sources, "inputs")
    assert second != first
    (sources.template_dir / "report.html").write_text("<html >", encoding="utf-8")
    assert tasks.report_key(layout, sources, "inputs") != second
    assert tasks.report_key(layout, sources, "other inputs") != second


def test_a_findings_file_changes_the_summary_and_the_validation_only(project):
    sources, _ = project
    files = observation_files(sources.data_dir)
    before = {n: t.key for n, t in declare(project).items()}
    validated = tasks.input_key(sources, files)
    (sources.data_dir / "findings").mkdir()
    (sources.data_dir / "findings" / "2021.csv").write_text("indicator\n", encoding="utf-8")
    after = {n: t.key for n, t in declare(project).items()}
    assert after["summary"] != before["summary"]
    assert after["alpha"] == before["alpha"] and after["beta"] == before["beta"]
    assert tasks.input_key(sources, files) != validated


def test_the_survey_runs_only_with_a_responses_file(project):
    sources, layout = project
    stale = layout.results_dir("survey")
    stale.mkdir(parents=True)
    (stale / "results.json").write_text("{}", encoding="utf-8")
    nbformat.write(nbformat.v4.new_notebook(), sources.notebooks_dir / "survey.ipynb")
    assert "survey" not in declare(project)
    assert not stale.exists()  # an earlier build's survey is not printed again
    responses = sources.data_dir / "survey" / "2021.csv"
    responses.parent.mkdir()
    responses.write_text("respondent_id\n", encoding="utf-8")
    declared = declare(project)
    assert list(declared) == ["alpha", "beta", "survey", "summary"]
    survey = declared["survey"]
    assert survey.notebook == sources.notebooks_dir / "survey.ipynb"
    assert survey.results == layout.domains_dir / "survey"
    assert survey.parameters["domain"] == "survey"
    before = survey.key
    responses.write_text("respondent_id\nR1\n", encoding="utf-8")
    assert declare(project)["survey"].key != before  # the responses are in its key
    assert declare(project)["alpha"].key == declared["alpha"].key


def test_a_district_report_declares_the_domains_it_assesses(project):
    sources, layout = project
    files = observation_files(sources.data_dir)
    (sources.data_dir / "survey").mkdir()
    (sources.data_dir / "survey" / "2021.csv").write_text("x\n", encoding="utf-8")
    nbformat.write(nbformat.v4.new_notebook(), sources.notebooks_dir / "survey.ipynb")
    city = {t.name: t for t in tasks.declare(sources, layout, files)}
    assert list(city) == ["alpha", "beta", tasks.SURVEY, "summary"]
    district = dataclasses.replace(sources, district="420112")
    declared = {t.name: t for t in tasks.declare(district, layout, files)}
    # only A01 has district values (good_rows): beta has nothing a district is judged on, and
    # the city's survey is not a district's
    assert list(declared) == ["alpha", "summary"]
    assert all(t.parameters["district"] == "420112" for t in declared.values())
    assert "district" not in city["alpha"].parameters
    assert declared["alpha"].key != city["alpha"].key
    assert declared["summary"].key != city["summary"].key


def test_an_unknown_district_is_an_input_error(project):
    sources, layout = project
    with pytest.raises(InputError) as info:
        tasks.declare(
            dataclasses.replace(sources, district="1"), layout, observation_files(sources.data_dir)
        )
    assert info.value.problems[0].column == "districts"
