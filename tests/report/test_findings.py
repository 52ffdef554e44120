"""The analysts' findings in the report, on the one-chapter fixture: beside each shortfall in
the 问题清单, in the appendix 整治建议清单, and in the overall conclusion; a language left
empty shown as missing; illustrative findings said so."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from healthcheck.inputs.plan import Plan
from healthcheck.report import render_outputs
from healthcheck.report.context.findings import MISSING_EN, MISSING_ZH, deadline_text
from healthcheck.report.typeset import untypeset
from healthcheck.results.model import Finding
from healthcheck.results.store import FileStore
from tests.report.conftest import REMEDIATION_HEADS

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

FINDINGS = [
    Finding(indicator="T05", cause_zh="前期工作滞后。", cause_en="Preparatory work was late.",
            recommendation_zh="打通断头路段。", recommendation_en="Close the missing links.",
            unit_zh="市交通运输局", unit_en="Municipal Transport Bureau", deadline="2027",
            remedy_class="best_effort", status="official", source="分析组", illustrative=False),
    Finding(indicator="T06", cause_zh="站点布局不足。", cause_en="",
            recommendation_zh="补建站点。", recommendation_en="Add stations.",
            unit_zh="市卫生健康委", unit_en="Municipal Health Commission", deadline="2026-06",
            remedy_class="time_bound", status="illustrative", illustrative=True),
]  # fmt: skip


def _html(plan: Plan, obs: pd.DataFrame, store: FileStore, findings: list[Finding]) -> str:
    summary = store.read_summary()
    store.write(summary.model_copy(update={"findings": findings}))
    out = render_outputs(plan, obs, store, template_dir=TEMPLATES, formats=("html",))
    return untypeset(out["report.html"].decode("utf-8"))  # the text, without the no-break spans


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def _shortfall(html: str, sid: str) -> str:
    """The 问题清单's entry of ``sid``: up to the next entry or the chapter's end."""
    start = html.index(f'id="short-{sid}"')
    ends = [html.find(m, start + 1) for m in ('<div class="shortfall', "</section>")]
    return html[start : min(e for e in ends if e > 0)]


def test_findings_sit_beside_their_shortfalls(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    html = _html(small_plan, observations, store, FINDINGS)
    t06 = _shortfall(html, "T06")
    assert "原因分析" in t06 and "站点布局不足。" in t06 and "补建站点。" in t06
    assert "市卫生健康委；2026年6月前；限时解决" in t06
    assert "by Jun 2026; fix by the deadline" in t06
    assert MISSING_EN in t06  # the English cause was not given: shown missing, not invented
    t05 = _shortfall(html, "T05")
    assert "打通断头路段。" in t05 and "2027年前；尽力解决" in t05
    t01 = _shortfall(html, "T01")
    assert "分析组未提供本项的原因分析和整治建议" in t01  # no finding: said so


def test_the_remediation_list_is_a_table_shortfall_order_first(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    html = _html(small_plan, observations, store, FINDINGS)
    appendix = html[html.index('id="findings"') :]
    assert "附录四 整治建议清单" in appendix and "Appendix D Remediation list" in appendix
    for head in REMEDIATION_HEADS:
        assert f">{head}<" in appendix, head
    rows = re.findall(r"<tr class=\"(illus)?\">(.*?)</tr>", appendix, re.S)
    assert [re.search(r"#short-(T\d+)", r).group(1) for _, r in rows] == ["T06", "T05"]
    assert rows[0][0] == "illus" and "tag-illus" in rows[0][1]
    assert rows[1][0] == "" and "tag-illus" not in rows[1][1]
    assert "标注“示意”的条目为示意内容" in appendix


def test_the_conclusion_opens_the_summary(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    html = _html(small_plan, observations, store, FINDINGS)
    summary = _between(html, 'id="summary"', "</section>")
    assert summary.index("总体结论") < summary.index("评估概况")
    conclusion = _between(summary, 'id="conclusion"', "评估概况")
    assert "未达成3项" in conclusion and "3 not achieved" in conclusion
    # the worst shortfalls by name, in the list's order
    assert conclusion.index(small_plan.indicator("T06").name_zh) < conclusion.index(
        small_plan.indicator("T05").name_zh
    )
    # what follows: the time-bound recommendation first, in the analysts' words
    assert conclusion.index("补建站点") < conclusion.index("打通断头路段")
    assert "限时解决1项、尽力解决1项" in conclusion


def test_all_illustrative_findings_are_said_so_and_no_findings_too(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    illus = [f.model_copy(update={"illustrative": True}) for f in FINDINGS]
    html = _html(small_plan, observations, store, illus)
    assert "均为示意内容，仅演示工作流程，并非" in html
    assert "are all illustrative: they demonstrate the workflow" in html
    assert "本附录全部内容为示意内容" in html
    html = _html(small_plan, observations, store, [])
    assert "本年度分析组未提供原因分析和整治建议" in html  # the conclusion says so
    assert 'class="finding ' not in html and "原因分析</th>" not in html
    assert 'id="findings"' not in html  # and the empty appendix is left out


def test_missing_texts_are_marked_in_each_language() -> None:
    from healthcheck.report.context.findings import finding_view

    view = finding_view(Finding(indicator="X", cause_en="Only English.",
                                recommendation_zh="只有中文。", deadline="2026"))  # fmt: skip
    assert view["cause_zh"] == MISSING_ZH and view["cause_en"] == "Only English."
    assert view["recommendation_en"] == MISSING_EN
    assert deadline_text("2026-12") == ("2026年12月", "Dec 2026")
    assert deadline_text("2027") == ("2027年", "2027")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_path_or_raw_code_in_the_findings_text(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore, lang: str
) -> None:
    html = _html(small_plan, observations, store, FINDINGS)
    appendix = html[html.index('id="findings"') :]
    assert "time_bound</" not in appendix and "best_effort</" not in appendix
    assert ".csv" not in appendix and "scripts/" not in appendix
