"""The charts across indicators: the progress board and the verdict counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.text import Text

from healthcheck.charts import progress_board, save_svg, verdict_counts_chart
from healthcheck.inputs.plan import load_plan

ROOT = Path(__file__).resolve().parents[2]
PLAN = load_plan(ROOT / "data" / "plan")


def texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]


def legend_texts(fig) -> list[str]:
    return [t.get_text() for leg in fig.legends for t in leg.get_texts()]


def test_summary_and_board_charts(tmp_path):
    rows = [
        {
            "id": "T01",
            "completion": 0.6,
            "time_elapsed": 0.8,
            "schedule_verdict": "behind",
            "illustrative": True,
        },
        {"id": "T02", "completion": 12.5, "time_elapsed": 0.8, "schedule_verdict": "achieved"},
    ]
    names = {i.id: (i.name_zh, i.name_en) for i in PLAN.indicators}
    fig = progress_board(rows, names, "交通", "Transport")
    assert any("cut" in t.get_text() for t in texts(fig))  # 1250 % is cut, and says so
    save_svg(fig, tmp_path / "board.svg")


def test_board_legend_lists_the_verdicts_shown_and_illustrative_only_if_any():
    names = {i.id: (i.name_zh, i.name_en) for i in PLAN.indicators}
    rows = [
        {"id": "T01", "completion": 0.6, "time_elapsed": 0.8, "schedule_verdict": "behind"},
        {"id": "T02", "completion": 0.9, "time_elapsed": 0.8, "schedule_verdict": "ahead"},
        {"id": "T03", "completion": None, "schedule_verdict": "achieved"},  # no bar, no entry
    ]
    labels = legend_texts(progress_board(rows, names, "交通", "Transport"))
    assert len(labels) == 3 and "时序进度 time elapsed" in labels
    assert not any("illustrative" in t for t in labels)
    assert not any("achieved" in t.lower() for t in labels)
    rows[0]["illustrative"] = True
    labels = legend_texts(progress_board(rows, names, "交通", "Transport"))
    assert labels[-1] == "示意数据 illustrative"


def test_verdict_counts_write_the_counts_and_each_domains_total():
    counts = pd.DataFrame(
        {
            "domain": ["a", "a", "b", "__all__", "__all__"],
            "verdict": ["achieved", "behind", "behind", "achieved", "behind"],
            "count": [3, 1, 2, 3, 3],
        }
    )
    domains = [("a", "甲", "Alpha"), ("b", "乙", "Beta"), ("__all__", "全市", "City")]
    fig = verdict_counts_chart(counts, domains, "verdict")
    words = [t.get_text() for t in texts(fig)]
    assert {"n=4", "n=2", "n=6"} <= set(words)
    assert "Schedule verdicts by domain" in fig._suptitle.get_text()
    assert len(legend_texts(fig)) == 2


def test_negative_ticks_use_the_minus_sign():
    names = {i.id: (i.name_zh, i.name_en) for i in PLAN.indicators}
    rows = [{"id": "T01", "completion": -0.4, "time_elapsed": 0.8, "schedule_verdict": "behind"}]
    fig = progress_board(rows, names, "交通", "Transport")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert any(t.startswith("\N{MINUS SIGN}") for t in ticks)
    assert not any("-" in t for t in ticks)
