"""A plan folder as the README's "Another city" describes it: only ``indicators.csv`` (no
``plan.yaml``, no districts), its observations mostly illustrative, built through the real
build (papermill, the generic domain notebook, WeasyPrint) and read from the PDF's text."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from healthcheck.pipeline import build
from tests.conftest import HEADER, ROOT, SMALL_INDICATORS

SRC = (
    '"Test bureau, statistical bulletin, 2022-03-01; '
    'https://www.stats.example.org/bulletin/2021/annual-report.html"'
)


def _rows(year: int) -> str:
    """Most values illustrative (a methods demonstration); A02 and B03 published."""
    ill = "illustrative,scripts/make_default_data.py,illustrative placeholder: no published figure"
    rows = [
        f"A01,{year},,{60 + 5 * (year - 2020)},{ill}",
        f"A02,{year},,{14 - (year - 2020) * 0.5},reported,{SRC},",
        f"A03,{year},,{1 if year >= 2021 else 0},{ill}",
        f"B01,{year},,{300 + 15 * (year - 2020)},{ill}",
        f"B02,{year},,{0 if year == 2020 else 90 * (year - 2020)},{ill}",
        f"B03,{year},,{280 + (year - 2020)},official,{SRC},",
    ]
    return HEADER + "".join(r + "\n" for r in rows)


@pytest.fixture(scope="module")
def plain_pdf_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("plain")
    plan = root / "data" / "plan"
    plan.mkdir(parents=True)
    (plan / "indicators.csv").write_text(SMALL_INDICATORS, encoding="utf-8")
    (root / "data" / "observations").mkdir()
    for year in (2020, 2021, 2022):
        (root / "data" / "observations" / f"{year}.csv").write_text(_rows(year), "utf-8")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    done = build(plan_dir=plan, data_dir=root / "data", out_dir=root / "out",
                 notebooks_dir=root / "notebooks", progress=False)  # fmt: skip
    return subprocess.run(["pdftotext", "-layout", str(done.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


@pytest.mark.e2e
def test_a_plan_without_plan_yaml_or_districts_reads_well(plain_pdf_text: str) -> None:
    text = plain_pdf_text
    assert "The city City" not in text and "（）" not in text and "()" not in text
    assert "City Health Check Report 2022" in text
    # no district appendix, no district wording; the appendices move up a letter
    assert "一区一表" not in text and "District scorecards" not in text
    assert "report.xlsx 工作表 districts" not in text
    assert re.search(r"附录一\s*方法说明", text) and re.search(r"Appendix A\s*Methodology", text)
    # the methodology's sections and references follow its own letter, and it has no
    # district section without districts
    assert re.search(r"A\.1 符号", text) and not re.search(r"B\.1 符号", text)
    assert "分区比较" not in text and "数据说明" in text
    assert "from the data in Appendix B" in " ".join(text.split())
    assert "规划条款 —" not in text and "Plan clause —" not in text  # no clause, no label


@pytest.mark.e2e
def test_a_mostly_illustrative_report_is_a_methods_demonstration(plain_pdf_text: str) -> None:
    text = plain_pdf_text
    cover = text[: text.index("\f")]
    assert "方法演示稿" in cover and "Methods demonstration" in cover
    assert "部分数值为示意数据" not in text
    # one share, counted once, stated the same way on the cover and in the data appendix
    share = "67%（2022年及以前的全市指标数值共18个，其中示意数据12个）"
    flat = "".join(text.split())
    assert flat.count(share) >= 2, share
    # every page says so (footer and watermark), and pdftotext still reads the body
    pages = text.split("\f")[1:-1]
    assert all("方法演示稿" in p for p in pages)
    # the published values are the ones marked, not every illustrative one
    assert "公布·公开报道" in text or "公布·官方统计" in text
    assert "示意 illustrative" not in text.replace("\n", " ")


@pytest.mark.e2e
def test_no_machine_leftovers(plain_pdf_text: str) -> None:
    text = plain_pdf_text
    flat = " ".join(text.split())
    for leftover in (
        "scripts/",
        ".csv",
        "不在此排印",
        "too wide to print",
        "表：",
        "Table:",
        "not_achieved",
        "_",
        "illustrative placeholder",
    ):
        assert leftover not in flat, leftover
    assert "示意数据，无公开数值 / illustrative, no published figure" in flat
    # a long address is a short link label
    assert "stats.example.org…" in flat and "annual-report.html" not in flat
    # no table number twice in a chapter
    numbers = re.findall(r"表(\d+-\d+)\s", text)
    assert numbers and len(numbers) == len(set(numbers)), numbers
    # fractions as percentages, gaps in percentage points
    # (the methodology's 0.001, the stand-in for a target of 0, is a constant, not a value)
    tables = flat.replace("以0.001代替", "").replace("replaced by 0.001", "")
    assert not re.search(r"(?<![\d.])0\.\d{3,}(?![\d])", tables)
