"""A district's report, as the example batch builds it (``[[districts]]``, the same build as
``healthcheck report --district 420102``): the district named as the subject, the targets it
is judged on and the ones it is not, with why, and no city wording left over."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from healthcheck.engine import assess_plan
from healthcheck.inputs.project import load_inputs
from healthcheck.layout import BuildLayout
from healthcheck.results.store import FileStore
from tests.conftest import ROOT, ExampleBatch

CODE = "420102"  # 江岸区, a central district


@pytest.fixture(scope="module")
def district(example_batch: ExampleBatch) -> Path:
    built = example_batch.year_dir(f"district-{CODE}-2025", 2025)
    assert (built / "report.pdf").is_file(), example_batch.stderr[-3000:]
    return built


@pytest.fixture(scope="module")
def text(district: Path) -> str:
    args = ["pdftotext", "-layout", str(district / "report.pdf"), "-"]
    out = subprocess.run(args, capture_output=True, check=True).stdout.decode()
    return re.sub(r"[ \t]+", " ", out)


@pytest.mark.e2e
def test_the_district_is_the_subject(text: str) -> None:
    cover = text.split("\f")[0]
    assert "武汉市江岸区城市体检报告" in cover and "区级报告 District report" in cover
    assert "Jiang'an District, Wuhan City Health Check Report 2025" in cover
    # the cover's share of illustrative values counts the district's values
    assert re.search(r"2025年及以前的全区指标数值共\d+个", cover)
    assert "全市指标数值" not in text and "city values of the indicators" not in text


@pytest.mark.e2e
def test_it_assesses_what_the_engine_assesses_for_the_district(text: str, district: Path) -> None:
    plan, obs = load_inputs(ROOT / "data" / "plan", ROOT / "data", CODE)
    table = assess_plan(plan, obs, 2025)
    assessed = list(table["id"])
    assert "S07" in assessed and "S08" not in assessed and "N01" not in assessed
    assert f"纳入评估的{len(assessed)}项指标中" in text
    summary = FileStore(BuildLayout(district.parent, 2025)).read_summary()
    assert [(f.id, f.kind) for f in summary.figures][0] == ("locator", "map")
    assert sorted(r.id for r in summary.indicators) == sorted(assessed)
    # the report's values are the district's, not the city's
    for row in summary.indicators:
        assert row.value == pytest.approx(table.set_index("id").loc[row.id, "value"])
    city, city_obs = load_inputs(ROOT / "data" / "plan", ROOT / "data")
    city_m12 = assess_plan(city, city_obs, 2025).set_index("id").loc["M12", "value"]
    assert table.set_index("id").loc["M12", "value"] != pytest.approx(city_m12)


@pytest.mark.e2e
def test_the_scope_says_what_is_not_assessed_and_why(text: str) -> None:
    scope = text[text.index("评估范围 Scope of this district report") :]
    scope = scope[: scope.index("分领域判定统计")]
    assert "规划共58项目标，本报告评估其中有分区数据的10项" in scope
    # a city total with the district's own running sum beside it
    assert re.search(
        r"N01 城市更新改造面积（累计）：目标5,700万平方米.*?2021—2025年累计", scope, re.S
    )
    assert "适用于新城区" in scope and "S08 新城区院前急救平均反应时间" in scope
    assert "仅有全市数据：综合交通" in scope and "T01 铁路旅客发送量" in scope
    # the map locating the district comes first in the chapter, with the scope
    assert (
        "图1-1 江岸区在武汉市的位置" in scope and "Figure 1-1 Jiang'an District in Wuhan" in scope
    )
    # the domains without a district indicator have no chapter
    contents = text.split("\f")[1]
    assert "综合交通" not in contents and "城市有机更新" not in contents
    assert "国土空间与生活圈" in contents


@pytest.mark.e2e
def test_the_workbook_has_the_districts_values_and_no_districts_sheet(district: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(district / "report.xlsx", read_only=True)
    assert "districts" not in book.sheetnames and "data" in book.sheetnames
    about = [
        [c for c in row if c is not None] for row in book["说明 About"].iter_rows(values_only=True)
    ]
    data = next(r for r in about if len(r) > 1 and r[1] == "data")
    assert "全部全区数值" in data[2] and "Every district value" in data[3]
