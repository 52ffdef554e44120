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
    with pytest.raises(BuildError, match="no report outline for framework 'mohurd_2026'"):
        load_outline(TEMPLATES, "mohurd_2026")


def test_national_outline_is_annex_3() -> None:
    """The national check's outline (附件三): its chapters in the manual's order, the special
    checks only when given, numbered attachments 附件1 …; every builder and partial exists."""
    outline = load_outline(TEMPLATES, "mohurd_2025")
    assert outline.appendix_word == ("附件", "Attachment")
    chapters = [p.chapter.zh for p in outline.parts if p.chapter is not None]
    assert chapters == [
        "工作概述", "指标体系", "总体评价", "分维度分析评价", "专项体检", "居民调查问卷分析",
        "上一年度问题整治情况",
        "整治对策与行动建议", "指标汇总表", "住房、小区（社区）、街区维度问题台账", "问题清单",
        "整治建议清单", "方法与数据说明", "城区指标数据",
    ]  # fmt: skip
    assert next(p for p in outline.parts if p.key == "nat_special").needs == "special"
    assert next(p for p in outline.parts if p.key == "survey").needs == "survey"
    assert [p.appendix[0] for p in outline.parts if p.appendix] == ["1", "2", "3", "4", "5", "6"]
    assert all(p.builder in BUILDERS and (TEMPLATES / p.template).is_file() for p in outline.parts)


def test_results_of_another_framework_need_its_outline(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    for name in ("transport", "summary"):
        res = store.read(name) if name != "summary" else store.read_summary()
        store.write(res.model_copy(update={"framework": "mohurd_2026"}))
    with pytest.raises(BuildError, match="mohurd_2026.yaml"):
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
