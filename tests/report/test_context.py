"""The context and the HTML, on the one-chapter fixture (no PDF): provenance, placing of text,
escaping, and the refusals of missing or malformed results."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan
from healthcheck.kinds import KINDS
from healthcheck.layout import SUMMARY
from healthcheck.report import build_context, prepare, render_outputs
from healthcheck.report.context.methods import KIND_METHOD
from healthcheck.report.typeset import untypeset
from healthcheck.results.store import FileStore

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _html(plan: Plan, obs: pd.DataFrame, store: FileStore) -> str:
    out = render_outputs(plan, obs, store, template_dir=TEMPLATES, formats=("html",))
    return untypeset(out["report.html"].decode("utf-8"))  # the text, without the no-break spans


def _rows(html: str, rid: str) -> list[str]:
    """The verdict rows of an indicator (scorecard, chapter table, shortfall overview)."""
    rows = re.findall(rf'<tr class="[^"]*">\s*(?:<td class="num">\d+</td>\s*)?<td class="id">'
                      rf'(?:<a [^>]*>)?{rid}\b.*?</tr>', html, re.S)  # fmt: skip
    return [r for r in rows if 'class="verdict ' in r]


def test_value_and_verdict_are_marked_apart(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    html = _html(small_plan, observations, store)
    t01, t05, t06 = _rows(html, "T01"), _rows(html, "T05"), _rows(html, "T06")
    assert len(t05) == 3 and len(t06) == 3 and len(t01) == 3  # scorecard, chapter, shortfalls
    # T05: its 2025 value is an estimate -> no value tag; its verdict rests on 2020
    for row in t05:
        assert "tag-illus" not in row
        assert "判定依据含示意数据（2020年）" in row
        assert "verdict rests on illustrative values (2020)" in row
    # T06: an illustrative value is marked; the verdict note is not repeated beside it
    for row in t06:
        assert "tag-illus" in row
        assert "verdict-illus" not in row
    for row in t01:
        assert "tag-illus" not in row and "verdict-illus" not in row
    # the data appendix agrees: T05 2025 is an estimate, T05 2020 illustrative
    assert re.search(r"status-estimate\">973<span class=\"st\">推算", html)
    assert re.search(r"status-illustrative illus\">873<span class=\"st\">◆ 示意数据", html)


def test_table_rows_flagged_by_the_table(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    html = _html(small_plan, observations, store)
    table = html[html.index('id="tab-3-2"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr( class=\"illus\")?><td", table)
    assert rows == ["", "", ' class="illus"']


def test_paragraphs_placed_by_key_and_analysts_at_the_end(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    html = _html(small_plan, observations, store)
    chapter = html[html.index('id="domain-transport"') :]
    order = [
        chapter.index("综合交通领域概况。"),  # overview opens the chapter
        chapter.index("指标评估"),
        chapter.index("恢复程度分析段落。"),  # with the analysis figure
        chapter.index('src="domains/transport/figures/a.svg"'),
        chapter.index("T06分区段落。"),  # with T06's map
        chapter.index('src="domains/transport/figures/T06-map.svg"'),
        chapter.index("分析与建议"),
        chapter.index("分析组认为应优先建设高速公路连接线。"),
        chapter.index('src="domains/transport/figures/links.svg"'),
    ]
    assert order == sorted(order)
    assert "Analysis and recommendations" in chapter


def test_markup_in_the_data_is_text(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    html = _html(small_plan, observations, store)
    assert "&lt;img src=&#34;http://example.com/x.png&#34;&gt;" in html
    assert '<img src="http://' not in html and 'href="file:///etc/passwd"' not in html


def test_kinds_are_read_from_the_context_not_tested_by_name() -> None:
    for path in TEMPLATES.glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        for name in KINDS:
            assert f'"{name}"' not in text, (path.name, name)
    assert set(KIND_METHOD) == set(KINDS)


def test_counts_come_from_the_summary(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    ctx = build_context(prepare(small_plan, observations, store, TEMPLATES))
    assert [(c["key"], c["n"]) for c in ctx["verdict_cols"]] == [("not_achieved", 3)]
    assert [(c["key"], c["n"]) for c in ctx["category_cols"]] == [
        ("progress_needs_acceleration", 1),
        ("limited_progress", 2),
    ]
    assert [r["id"] for r in ctx["shortfalls"]] == ["T06", "T05", "T01"]
    assert ctx["thresholds_target"] == (0.95, 0.6, 0.0)
    assert [d["code"] for d in ctx["districts"]] == [d.code for d in small_plan.districts]
    assert [r["illustrative"] for d in ctx["districts"] for r in d["rows"]] == [True, False]


# -- refusals ---------------------------------------------------------------------------------


def test_indicator_missing_from_every_result(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore, rewrite: Callable[..., None]
) -> None:
    res = store.read("transport")
    rewrite(indicators=[r for r in res.indicators if r.id != "T05"])
    with pytest.raises(BuildError, match=r"(?s)T05.*missing from every domain.*transport"):
        prepare(small_plan, observations, store, TEMPLATES)


def test_missing_results_name_the_file(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    path = store.folder("transport") / "results.json"
    path.unlink()
    with pytest.raises(BuildError, match=re.escape(str(path))):
        prepare(small_plan, observations, store, TEMPLATES)


def test_malformed_results_name_the_file(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    path = store.folder(SUMMARY) / "results.json"
    path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    with pytest.raises(BuildError, match=re.escape(str(path))):
        prepare(small_plan, observations, store, TEMPLATES)


def test_wrong_field_names_the_file_and_field(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    path = store.folder("transport") / "results.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"value": 973.0', '"value": "x"'))
    with pytest.raises(BuildError, match=r"transport/results.json: indicators\.1\.value"):
        prepare(small_plan, observations, store, TEMPLATES)


def test_summary_without_counts_or_method(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    summary = store.read_summary()
    store.write(summary.model_copy(update={"method": {}}))
    with pytest.raises(BuildError, match="method lacks thresholds_target"):
        _html(small_plan, observations, store)
    store.write(summary.model_copy(update={"counts": {}}))
    with pytest.raises(BuildError, match="no counts of 'schedule_verdict'"):
        _html(small_plan, observations, store)


def test_table_flags_must_match_its_rows(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore, rewrite: Callable[..., None]
) -> None:
    table = store.read("transport").tables[0]
    rewrite(tables=[table.model_copy(update={"illustrative": [True]})])
    with pytest.raises(BuildError, match="1 illustrative flags for 3 rows"):
        _html(small_plan, observations, store)


def test_unknown_shortfall_is_refused(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    store.write(store.read_summary().model_copy(update={"shortfalls": ["X99"]}))
    with pytest.raises(BuildError, match="X99"):
        _html(small_plan, observations, store)
