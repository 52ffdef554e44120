"""The reviewer's objections of issue 10, on the one-chapter fixture: the data appendix of a
methods demonstration marks the published values (not the illustrative ones), notes are
tagged with their language, the 问题清单's overview prints short forms, the remediation
appendix is left out without findings, notebook tables print whole, and the share of
illustrative values is stated with its counts."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from healthcheck.inputs.plan import Plan
from healthcheck.report import render_outputs
from healthcheck.report.context.data import note_lang
from healthcheck.report.context.summary import count_sentence
from healthcheck.report.context.tabular import MAX_TABLE_ROWS, table_view
from healthcheck.report.typeset import untypeset
from healthcheck.results.model import Column, Table
from healthcheck.results.store import FileStore

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _html(plan: Plan, obs: pd.DataFrame, store: FileStore) -> str:
    out = render_outputs(plan, obs, store, template_dir=TEMPLATES, formats=("html",))
    return untypeset(out["report.html"].decode("utf-8"))  # the text, without the no-break spans


def _data_appendix(html: str) -> str:
    start = html.index('id="data"')
    return html[start : html.index("</section>", start)]


def _demo(obs: pd.DataFrame) -> pd.DataFrame:
    """Most values illustrative: T01's up to 2024 too (T01 2025 stays official)."""
    out = obs.copy()
    mask = (out["indicator"] == "T01") & (out["year"] < 2025)
    out.loc[mask, "status"] = "illustrative"
    return out


def test_the_data_appendix_of_a_demonstration_marks_the_published_values(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    normal = _data_appendix(_html(small_plan, observations, store))
    assert "◆ 示意数据" in normal and "✓" not in normal  # few illustrative: those are marked
    demo_obs = _demo(observations)
    demo = _data_appendix(_html(small_plan, demo_obs, store))
    cells = re.findall(r'<td class="num cell status-(\w+)[^"]*">(.*?)</td>', demo, re.S)
    assert cells
    for status, cell in cells:
        if status == "illustrative":
            assert "◆" not in cell and "示意数据" not in cell, cell
        else:
            assert cell.count("✓") == 1, cell  # each published value marked, with its status
    published = [c for s, c in cells if s != "illustrative"]
    assert len(published) == int((demo_obs["area"] == "")[demo_obs["status"] != "illustrative"]
                                 .sum())  # fmt: skip
    assert (
        "未标注的数值均为示意数据" in demo and "every value without a mark is illustrative" in demo
    )


def test_notes_are_tagged_with_their_language(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    obs = observations.copy()
    obs.loc[0, "note"] = "year-end resident population"
    obs.loc[1, "note"] = "2021年绿化公报"
    data = _data_appendix(_html(small_plan, obs, store))
    assert re.search(
        r'备注（英文）.{0,200}?<span lang="en">year-end resident population', data, re.S
    )
    zh_note = r'备注 <span lang="en">Note</span></span> 2021：<span lang="zh">2021年绿化公报'
    assert re.search(zh_note, data)
    assert note_lang("series: Wuhan port statistics (武汉新港管委会)") == "en"
    assert note_lang("武汉市统计局，按常住人口计") == "zh"


def test_the_shortfall_overview_prints_short_forms(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore, rewrite
) -> None:
    res = store.read("transport")
    rows = [
        r.model_copy(update={"assessment": {"distance": 1500.0, "distance_share": 0.083,
                                            "distance_class": "slight"}})
        for r in res.indicators
    ]  # fmt: skip
    rewrite(indicators=rows)
    html = _html(small_plan, observations, store)
    start = html.index('class="grid short-overview"')
    overview = html[start : html.index("</table>", start)]
    assert "差距较小" in overview and "slightly short" in overview
    assert "还差" not in overview  # the header says "to go"; the detail below keeps the words
    detail = html[html.index('class="facts-strip"') :]
    assert "还差" in detail


def test_no_remediation_appendix_without_findings(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    summary = store.read_summary()
    store.write(summary.model_copy(update={"findings": []}))
    html = _html(small_plan, observations, store)
    html = html[html.index("<body") :]  # not the style sheet
    assert 'id="findings"' not in html and "整治建议清单" not in html
    assert "Remediation list" not in html
    # said once in the 问题清单, not under every shortfall
    assert html.count("分析组未就问题清单中的指标提供原因分析和整治建议") == 1
    assert 'class="finding-none"' not in html


def test_the_share_is_stated_with_its_counts_the_same_way_everywhere(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    html = _html(small_plan, observations, store)
    n = int((observations["status"] == "illustrative").sum())
    total = len(observations)
    zh = f"其中示意数据{n}个）"
    assert f"共{total}个" in html
    assert zh in _data_appendix(html)
    assert f"({n} of the {total} city and district values" in _data_appendix(html)


def test_a_label_with_its_own_comma_is_quoted_in_a_count() -> None:
    zh, en = count_sentence(
        [{"zh": "已达成", "en": "achieved", "n": 3},
         {"zh": "总体下降，期间有回升", "en": "fell overall, with rebounds", "n": 1}], 4
    )  # fmt: skip
    assert "已达成3项，“总体下降，期间有回升”1项。" in zh
    assert "3 achieved, 1 “fell overall, with rebounds”." in en


def test_a_district_table_prints_every_row(small_plan: Plan, store: FileStore) -> None:
    folder = store.folder("spatial")
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    rows = ["id,area,value", *(f"S04,4201{k:02d},{80 + k}" for k in range(52))]
    (folder / "tables" / "districts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    value = Column(name="value", type="number")
    table = Table(id="districts", path="tables/districts.csv", caption_zh="分区",
                  caption_en="Districts", columns=[value])  # fmt: skip
    view = table_view(table, store, "spatial", "3-2", small_plan, lambda t, h, p: h)
    assert MAX_TABLE_ROWS >= 52
    assert len(view["rows"]) == 52 and view["cut"] is False and view["total"] == 52
