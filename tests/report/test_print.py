"""What the report prints instead of a tool's leftovers: typed table cells, key columns,
sources that read as sources, short links, the share of illustrative values stated once, and
the district comparison with a sentence per district (on the one-chapter fixture)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from healthcheck.report.context.data import ILLUSTRATIVE_SOURCE, source_of
from healthcheck.report.context.districts import district_sentence
from healthcheck.report.context.tabular import format_cell, key_columns, sheet_name
from healthcheck.report.html import linked
from healthcheck.results.model import Column, Table


def test_cells_are_formatted_by_their_column_type() -> None:
    frac, gap = (
        Column(name="completion", type="fraction"),
        Column(name="schedule_gap", type="fraction"),
    )
    assert format_cell(frac, "0.382")[0] == "38.2%"
    assert format_cell(gap, "-0.154")[0] == "−15.4个百分点"
    assert (
        format_cell(Column(name="schedule_verdict"), "not_achieved")[0] == "○ 未达成 not achieved"
    )
    assert format_cell(Column(name="meets", type="bool"), "True")[0] == "是 yes"
    assert format_cell(Column(name="year", type="integer"), "2025.0")[0] == "2025"


def test_a_wide_table_prints_its_key_columns_and_names_its_sheet() -> None:
    names = ["id", "name_zh", "name_en", "unit_zh", "unit_en", "zone", "zone_zh", "zone_en",
             "schedule_verdict", "schedule_verdict_zh", "value", "illustrative",
             "note"]  # fmt: skip
    cols = [Column(name=n) for n in names]
    assert [names[k] for k in key_columns(cols)] == [
        "id",
        "name_zh",
        "zone_zh",
        "schedule_verdict",
        "value",
    ]
    table = Table(id="spatial-analysis", path="t.csv", caption_zh="", caption_en="", columns=cols)
    assert sheet_name("spatial", table) == "spatial-analysis"
    assert (
        sheet_name("spatial", table.model_copy(update={"id": "assessment"})) == "spatial-assessment"
    )


def test_sources_read_as_sources() -> None:
    placeholder = "illustrative placeholder: no published figure; no 2025 publication"
    src, note = source_of("illustrative", "scripts/make_default_data.py", placeholder)
    assert (src, note) == (ILLUSTRATIVE_SOURCE, "no 2025 publication")
    assert source_of("official", "Bureau; https://x.org/a", "n") == ("Bureau; https://x.org/a", "n")
    html = str(linked("Bureau, 2024; https://www.stats.example.org/a/very/long/path.html"))
    assert '<a class="url" href="https://www.stats.example.org/a/very/long/path.html">' in html
    assert ">stats.example.org…</a>" in html
    assert str(linked("<b>no link</b>")) == "&lt;b&gt;no link&lt;/b&gt;"


def test_district_sentence_says_what_stands_out() -> None:
    rows = [
        {"id": "S04", "meets": True, "rank": 1, "of": 13},
        {"id": "S05", "meets": False, "rank": 13, "of": 13},
        {"id": "N01", "meets": None, "rank": 4, "of": 13},
    ]
    zh, en = district_sentence(rows)
    assert zh == "与全市目标比较的2项指标中达标1项；S04在各区中排名第一；S05排名末位。"
    assert en == ("It meets 1 of the 2 city targets it is compared with; ranks first among the "
                  "districts in S04; ranks last in S05.")  # fmt: skip
    assert district_sentence([]) == ("", "")


def test_the_pdf_has_no_machine_leftovers(rendered: dict[str, Path]) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(rendered["report.pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    for leftover in ("tables/", ".csv", "不在此排印", "too wide to print", "表：", "Table:"):
        assert leftover not in flat, leftover
    # one table number once per chapter, and the share of illustrative values stated the same
    # way wherever it is stated
    numbers = re.findall(r"表(\d+-\d+)\s", text)
    assert len(numbers) == len(set(numbers)), numbers
    shares = re.findall(
        r"\d+%（\d{4}年及以前的[^）]*指标数值共\d+个，其中示意数据\d+个）", flat.replace(" ", "")
    )
    assert shares and len(set(shares)) == 1, shares
    # the districts compared before the district pages, each with its sentence
    assert "各区指标比较" in text and text.index("各区指标比较") < text.index("排名第一")
