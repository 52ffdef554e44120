"""The full-size report of the default project: the 2025 report of the example batch, built for
real once per test session (``tests/conftest.py``: ``example_batch``).  Most other report tests
run on the one-chapter fixture of ``conftest.py``."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from healthcheck.inputs.plan import load_plan
from tests.report.conftest import REMEDIATION_HEADS

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2025


@pytest.mark.e2e
@pytest.mark.skipif(
    os.environ.get("HEALTHCHECK_SKIP_REAL_BUILD") == "1", reason="HEALTHCHECK_SKIP_REAL_BUILD=1"
)
def test_real_build_renders(default_pdf: Path) -> None:
    plan = load_plan(ROOT / "data" / "plan")
    pdf = default_pdf
    assert pdf.stat().st_size < 4_000_000
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flat = "".join(text.split())
    for d in plan.domains:
        assert "".join(d.title_zh.split()) in flat and "".join(d.title_en.split()) in flat
    scorecard = text[text.index("Scorecard of every indicator") :]
    scorecard = scorecard[: scorecard.index("Shortfall list")]
    for ind in plan.indicators:
        assert re.search(rf"\b{ind.id}\b", scorecard), ind.id
    # one scale per indicator: T01 in its unit (万人次/年), in both languages
    assert "18,000万人次/年" in flat and "18,000×10ktripsperyear" in flat
    assert "1.8亿人次/年" not in flat.replace("达到1.8亿人次/年", "")  # the plan's own words aside
    # the analysts' findings (data/findings/2025.csv) reach the 问题清单 and the appendix
    start = flat.index("二、问题清单", flat.index("评估概况"))  # after the contents
    end = flat.index("附录四整治建议清单", start)
    short = flat[start:end]
    assert "原因分析" in short and "整治建议" in short
    assert "规划的部分线路在建未通车，2025年运营12条，距目标14条尚差2条。" in short
    appendix = flat[end:]
    for head in REMEDIATION_HEADS:
        assert head in appendix, head
    assert "本附录全部内容为示意内容" in appendix and "限时解决" in appendix
    summary = flat[flat.index("总体结论") : flat.index("评估概况")]
    assert (
        "均为示意内容" in summary and "Thesecausesandrecommendationsareallillustrative" in summary
    )
    # judgements a reviewer accepts (issue 10): no completion ratio for a near-baseline target,
    # a trend judged over the period, no machine leftovers
    assert "1250%" not in flat and "1,250%" not in flat
    e07 = flat[flat.index("E07空气质量优良天数") :][:400]
    assert "总体下降" in e07 and "▲逐年提升" not in e07
    for leftover in ("scripts/", ".csv", "not_achieved", "表：", "Table:"):
        assert leftover not in flat, leftover
