"""The outline of a framework's report is data: parts in order, each a template and a builder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan
from healthcheck.report import BUILDERS, load_outline, prepare
from healthcheck.results.store import FileStore

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_plan_targets_outline() -> None:
    outline = load_outline(TEMPLATES, "plan_targets")
    assert [p.key for p in outline.parts] == [
        "cover", "contents", "summary", "shortfalls", "domains", "survey", "districts",
        "methods", "data", "findings",
    ]  # fmt: skip
    assert all(p.builder in BUILDERS and (TEMPLATES / p.template).is_file() for p in outline.parts)
    assert [p.numbering for p in outline.parts][2:] == ["chapter"] * 4 + ["appendix"] * 4
    # the survey chapter only in a year with the survey's results (tests/report/test_survey_chapter)
    assert next(p for p in outline.parts if p.key == "survey").needs == "survey"


def test_unknown_framework_names_the_missing_outline() -> None:
    with pytest.raises(BuildError, match="no report outline for framework 'mohurd_2025'"):
        load_outline(TEMPLATES, "mohurd_2025")


def test_results_of_another_framework_need_its_outline(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    for name in ("transport", "summary"):
        res = store.read(name) if name != "summary" else store.read_summary()
        store.write(res.model_copy(update={"framework": "mohurd_2025"}))
    with pytest.raises(BuildError, match="mohurd_2025.yaml"):
        prepare(small_plan, observations, store, TEMPLATES)


def test_a_new_outline_reorders_and_drops_parts(
    tmp_path: Path, small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    path = templates / "outlines" / "plan_targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - {key: contents, template: _contents.html.j2, "
                                 "builder: contents}\n", ""), encoding="utf-8")  # fmt: skip
    report = prepare(small_plan, observations, store, templates)
    assert "contents" not in [p.key for p in report.outline.parts]
    path.write_text(text.replace("builder: data", "builder: nothing"), encoding="utf-8")
    with pytest.raises(BuildError, match="unknown builder nothing"):
        prepare(small_plan, observations, store, templates)
    path.write_text("framework: plan_targets\nparts: 3\n", encoding="utf-8")
    with pytest.raises(BuildError, match="plan_targets.yaml: parts"):
        prepare(small_plan, observations, store, templates)
