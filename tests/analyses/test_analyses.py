"""healthcheck.analyses: the loader, run(), the Missing fallback and the progress board."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from healthcheck import analyses
from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Analysis
from healthcheck.notebook import open_domain
from healthcheck.text import fmt_pp
from tests.conftest import good_rows

ANALYSES = Path(__file__).resolve().parents[2] / "notebooks" / "analyses"
MINIMAL = """
import pandas as pd
CAPTION = ("{domain_zh}：{x_zh}", "{domain_en}: {x_en}")
TABLE_CAPTION = ("表", "Table")
def compute(ctx, *, x, **_):
    return pd.DataFrame({"year": [2020], "value": [1.0], "status": ["illustrative"]})
def draw(frame, ctx, **_):
    return None
def describe(frame, ctx, **_):
    return "{VERSION}", "en"
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.py"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def small_ctx(small_plan_dir, write_obs, tmp_path):
    """A context of another plan (tests/conftest.py: ids A01…B03, POP), domain beta."""

    def make(domain: str = "beta", year: int = 2023):
        data = None
        for y in range(2020, 2026):
            data = write_obs(y, good_rows(y))
        return open_domain(
            domain, year=year, plan_dir=small_plan_dir, data_dir=data, out_dir=tmp_path / "out"
        )

    return make


def test_a_missing_file_is_a_build_error_naming_it(tmp_path):
    with pytest.raises(BuildError, match=r"nowhere\.py: no such analysis file"):
        analyses.load(tmp_path, "nowhere")


def test_a_missing_function_is_a_build_error_naming_the_file_and_the_function(tmp_path):
    _write(tmp_path, "half", MINIMAL.replace("def describe", "def _describe"))
    with pytest.raises(BuildError) as err:
        analyses.load(tmp_path, "half")
    assert str(tmp_path / "half.py") in str(err.value)
    assert "lacks describe" in str(err.value)


def test_a_missing_caption_and_a_syntax_error_are_build_errors(tmp_path):
    _write(tmp_path, "nocaption", MINIMAL.replace("CAPTION = (", "CAPTIONS = ("))
    with pytest.raises(BuildError, match=r"nocaption\.py: CAPTION must be"):
        analyses.load(tmp_path, "nocaption")
    _write(tmp_path, "broken", MINIMAL + "\ndef oops(:\n")
    with pytest.raises(BuildError, match=r"broken\.py:\d+: syntax error"):
        analyses.load(tmp_path, "broken")


def test_an_unknown_caption_field_is_a_build_error(small_ctx, tmp_path):
    _write(tmp_path, "badfield", MINIMAL.replace("{x_zh}", "{nothing}"))
    with pytest.raises(BuildError, match=r"badfield\.py: CAPTION names the field 'nothing'"):
        analyses.run(small_ctx(), Analysis("badfield", {"x": "B02"}), tmp_path)


def test_a_binding_to_another_plans_ids(small_ctx):
    """renewal_pace on the small plan's B02 (cumulative, 500 by 2025; 90 a year)."""
    ctx = small_ctx("beta", 2023)
    result = analyses.run(ctx, Analysis("renewal_pace", {"indicator": "B02"}), ANALYSES)
    assert result.frame["year"].tolist() == [2021, 2022, 2023]
    assert result.frame["annual"].tolist() == [90.0, 90.0, 90.0]
    assert result.frame["running_sum"].tolist() == [90.0, 180.0, 270.0]
    assert result.caption_zh == "累计更新：年度完成量与所需年均量"
    assert "累计完成270万平方米" in result.text_zh
    assert "平均每年需100万平方米" in result.text_zh  # 500 over 2021–2025
    assert "今后每年需115万平方米" in result.text_zh  # (500 − 270) / 2
    assert result.figure is not None


def test_capacity_vs_outcome_on_another_plan(small_ctx):
    ctx = small_ctx("alpha", 2025)
    binding = Analysis(
        "capacity_vs_outcome",
        {"capacity": "A01", "outcome": "A02", "title_zh": "甲", "title_en": "A",
         "question_zh": "问？", "question_en": "Q?"},
    )  # fmt: skip
    result = analyses.run(ctx, binding, ANALYSES)
    assert result.frame["A01"].tolist() == [60.0 + 5 * k for k in range(6)]
    assert result.frame["A02"].tolist() == [14 - 0.5 * k for k in range(6)]
    assert (result.caption_zh, result.caption_en) == ("甲", "A")
    assert result.table_caption_en == "Table: Coverage and Response time, by year"
    assert "2020—2025年，覆盖率变化+25.0个百分点，反应时间变化−2.5分钟" in result.text_zh


def test_ids_the_plan_lacks_fall_back_on_the_progress_board(small_ctx):
    ctx = small_ctx("beta", 2023)
    result = analyses.run(ctx, Analysis("renewal_pace", {"indicator": "N01"}), ANALYSES)
    assert result.caption_en == "Beta domain: completion of each indicator against time elapsed"
    same = analyses.run(ctx, None, ANALYSES)
    assert (same.caption_zh, same.text_zh, same.text_en) == (
        result.caption_zh,
        result.text_zh,
        result.text_en,
    )


def test_the_progress_board(small_ctx):
    ctx = small_ctx("beta", 2023)
    result = analyses.run(ctx, None, ANALYSES)
    assert result.table is not None
    gaps = result.table["schedule_gap"].tolist()
    assert gaps == sorted(gaps)
    worst = result.table.iloc[0]
    gap = fmt_pp(worst["schedule_gap"], "zh")
    if gap.startswith("−"):  # "furthest behind" only for a gap below zero as printed
        assert f"最落后于时序进度的是{worst['id']}" in result.text_zh and gap in result.text_zh
    else:
        assert "均不慢于时序进度" in result.text_zh
    assert f"Of the {len(result.table)} indicators with a completion rate" in result.text_en
    assert len(result.table_illustrative) == len(result.table)
    # B01 (an estimate) and B02 (official) are not illustrative
    assert result.illustrative is False


def test_board_text_never_calls_ahead_behind():
    table = pd.DataFrame([
        {"id": "A1", "name_zh": "甲", "name_en": "A", "completion": 0.8, "schedule_gap": 0.0004},
        {"id": "A2", "name_zh": "乙", "name_en": "B", "completion": 0.9, "schedule_gap": 0.1},
    ])  # fmt: skip
    zh, en = analyses._board_text(table)
    assert "最落后" not in zh and "furthest behind" not in en and "+0" not in zh + en
    assert "均不慢于时序进度" in zh and "A2 乙（90.0%）" in zh
    table.loc[0, "schedule_gap"] = -0.018
    zh, en = analyses._board_text(table)
    assert "进度差−1.8个百分点" in zh and "gap −1.8 pp" in en  # one rounding rule


def test_run_reads_captions_flags_and_text_from_the_file(small_ctx, tmp_path):
    _write(tmp_path, "tiny", MINIMAL.replace("{VERSION}", "v1"))
    ctx = small_ctx()
    result = analyses.run(ctx, Analysis("tiny", {"x": "B02"}), tmp_path)
    assert (result.caption_zh, result.caption_en) == ("乙领域：累计更新", "Beta domain: Renewal")
    assert result.table_illustrative == [True] and result.illustrative is True
    assert result.text_zh == "v1"
    # an edited file is read again at the next run (an analyst edits it in JupyterLab)
    _write(tmp_path, "tiny", MINIMAL.replace("{VERSION}", "v2"))
    assert analyses.run(ctx, Analysis("tiny", {"x": "B02"}), tmp_path).text_zh == "v2"


def test_project_analyses_key_on_no_plan_id():
    """Every indicator id comes from the binding's parameters, none from the analysis file."""
    wuhan = re.compile(r"""["'](?:[STURPENM]\d{2}|POP|GDP)["']""")
    for path in sorted(ANALYSES.glob("*.py")):
        found = wuhan.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} names {found}"
    assert len(list(ANALYSES.glob("*.py"))) == 6


def test_table_flags_are_per_row(small_ctx, tmp_path):
    """Each row of the table is flagged by its own ``illustrative`` column (or its status)."""
    statuses = '"status": ["official", "illustrative"]'
    text = MINIMAL.replace('"year": [2020], "value": [1.0], "status": ["illustrative"]',
                           f'"year": [2020, 2021], "value": [1.0, 2.0], {statuses}')  # fmt: skip
    _write(tmp_path, "rows", text)
    result = analyses.run(small_ctx(), Analysis("rows", {"x": "B02"}), tmp_path)
    assert result.table_illustrative == [False, True]
    assert result.illustrative is True


def test_a_board_without_a_completion_rate_draws_nothing(small_ctx):
    ctx = small_ctx("beta", 2023)
    ctx.assessed = ctx.assessed[ctx.assessed["id"] == "B03"]  # a trend: no completion rate
    result = analyses.run(ctx, None, ANALYSES)
    assert result.figure is None and result.table is None  # no empty chart, no empty table
    assert result.frame.empty and result.text_zh and result.text_en
