"""The survey chapter: printed from the survey's results alone, only in a year that has them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd

from healthcheck.inputs.plan import Plan
from healthcheck.report import build_context, prepare, render_report
from healthcheck.results.model import (
    SURVEY,
    Figure,
    SurveyArea,
    SurveyCheck,
    SurveyCount,
    SurveyResults,
    SurveyScore,
)
from healthcheck.results.store import FileStore

from .conftest import TEMPLATES, _svg


def survey_results(store: FileStore) -> SurveyResults:
    path = store.save_figure(SURVEY, "profile", _svg(400, "profile"))

    def score(
        level: str, sid: str, zh: str, en: str, value: float | None, n: int = 120
    ) -> SurveyScore:
        return SurveyScore(
            level=level,
            id=sid,
            name_zh=zh,
            name_en=en,
            n=n,
            score=value,
            low=None if value is None else value - 2,
            high=None if value is None else value + 2,
            small=value is None,
        )

    return SurveyResults(
        framework="plan_targets",
        domain=SURVEY,
        year=2025,
        title_zh="居民调查问卷分析",
        title_en="Resident survey",
        source="2025.csv",
        read=130,
        usable=120,
        unusable=[
            SurveyCount(
                rule="straight_line",
                label_zh="全部题目同一答案",
                label_en="the same answer to every item",
                n=10,
            )
        ],
        checks=[
            SurveyCheck(
                id="female",
                rule_zh="女性不超过70.0%",
                rule_en="women at most 70.0%",
                found_zh="76.0%",
                found_en="76.0%",
                passed=False,
                meaning_zh="女性样本偏多。",
                meaning_en="Women are over-represented.",
            ),
            SurveyCheck(
                id="total",
                rule_zh="样本总量不少于1,500份",
                rule_en="at least 1,500 in all",
                found_zh="120份",
                found_en="120",
                passed=True,
            ),
        ],
        scores=[
            score("overall", "all", "全部题目", "All items", 66.0),
            score("block", "city", "城区（城市）", "City", 64.0),
            score("item", "SURVEY2025-23", "车辆停放", "Vehicle parking", 44.5),
            score("item", "SURVEY2025-24", "安全维护", "Safety and security", None, n=3),
        ],
        areas=[
            SurveyArea(
                level="district",
                code="420102",
                name_zh="江岸区",
                name_en="Jiang'an",
                n=80,
                score=61.0,
                low=58.0,
                high=63.0,
                below_city=True,
            ),
            SurveyArea(
                level="district",
                code="420112",
                name_zh="东西湖区",
                name_en="Dongxihu",
                n=4,
                small=True,
            ),
        ],
        figures=[
            Figure(
                id="profile",
                path=path,
                kind="analysis",
                caption_zh="样本结构与手册配额",
                caption_en="The sample against the manual's quotas",
                illustrative=True,
            )
        ],
        method={
            "weighting_zh": "加权",
            "weighting_en": "raking",
            "estimator_zh": "加权均值",
            "estimator_en": "weighted mean",
            "interval_zh": "泰勒线性化",
            "interval_en": "Taylor linearisation",
        },
        illustrative=True,
    )


def test_no_survey_no_chapter(
    store: FileStore, small_plan: Plan, observations: pd.DataFrame
) -> None:
    context = build_context(prepare(small_plan, observations, store, TEMPLATES))
    assert "survey" not in [p["key"] for p in context["parts"]]
    assert "ch-survey" not in [c["anchor"] for c in context["chapters"]]


def test_the_chapter_from_the_results(
    store: FileStore, small_plan: Plan, observations: pd.DataFrame
) -> None:
    store.write(survey_results(store))
    report = prepare(small_plan, observations, store, TEMPLATES)
    context = build_context(report)
    keys = [p["key"] for p in context["parts"]]
    assert keys.index("survey") == keys.index("domains") + 1
    s = context["survey"]
    assert [i["id"] for i in s["low_items"]] == ["SURVEY2025-23"]
    assert s["failed"] == 1
    assert [d["small"] for d in s["areas"]["districts"]] == [False, True]
    assert [b["name_en"] for b in s["areas"]["below"]] == ["Jiang'an"]


def test_the_chapter_in_the_pdf(
    tmp_path: Path, small_plan: Plan, observations: pd.DataFrame
) -> None:
    from .conftest import write_store

    store = write_store(tmp_path / "out", small_plan)
    store.write(survey_results(store))
    out = render_report(small_plan, observations, store, template_dir=TEMPLATES, formats=["pdf"])
    text = subprocess.run(
        ["pdftotext", "-layout", str(out["report.pdf"]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "居民调查问卷分析" in text and "Resident survey" in text
    assert "女性样本偏多。" in text  # a failed check says what it means
    assert "车辆停放" in text and "44.5" in text  # the item below 60
    assert "样本不足" in text  # the small district, not a score
