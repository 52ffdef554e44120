"""The ranking of one indicator across reports: a dot per report in the order given, its rank
and value, ties marked, statuses told apart in grey."""

from __future__ import annotations

from matplotlib.lines import Line2D
from matplotlib.text import Text

from healthcheck.charts.comparison import RankedValue, comparison_chart
from healthcheck.charts.svg import svg_bytes
from tests.charts.greyscale import confusable_pairs, legend_handles

VALUES = [
    RankedValue("乙市", 95.0, 1, "official", tied=True),
    RankedValue("丙市", 95.0, 1, "estimate", tied=True),
    RankedValue("甲市", 80.5, 3, "illustrative"),
]


def chart(values: list[RankedValue] = VALUES, direction: str = "up"):
    return comparison_chart(values, ident="N30", name_zh="污水收集率", name_en="Sewage collected",
                            unit_zh="%", unit_en="%", direction=direction)  # fmt: skip


def test_one_dot_per_report_in_the_order_given() -> None:
    fig = chart()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["=1. 乙市", "=1. 丙市", "3. 甲市"]
    dots = [ln for ln in ax.get_lines() if ln.get_marker() not in ("None", "", None)]
    assert [float(ln.get_xdata()[0]) for ln in dots] == [95.0, 95.0, 80.5]
    assert [float(ln.get_ydata()[0]) for ln in dots] == [0, 1, 2]
    hollow = [ln for ln in dots if ln.get_markerfacecolor() in ("white", (1, 1, 1, 1))]
    assert len(hollow) == 1 and float(hollow[0].get_xdata()[0]) == 80.5
    text = "\n".join(t.get_text() for t in fig.findobj(Text))
    assert "higher is better" in text and "80.5" in text and "示意数据 illustrative" in text
    assert "N30 污水收集率" in text


def test_direction_is_said_and_the_svg_is_text() -> None:
    svg = svg_bytes(chart(direction="down")).decode()
    assert "lower is better" in svg and "甲市" in svg


def test_statuses_are_told_apart_in_grey() -> None:
    fig = chart()
    assert len(legend_handles(fig)) == 3
    assert confusable_pairs(fig) == []
    assert all(isinstance(h, Line2D) for h in fig.legends[0].legend_handles)
