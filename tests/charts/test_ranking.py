"""The district ranking: best first, the target, the zones, illustrative values hatched."""

from __future__ import annotations

from matplotlib.text import Text

from healthcheck.charts import district_ranking, save_svg


def figure_text(fig) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def test_ranking_orders_best_first_with_the_target(plan, rows_for, tmp_path):
    ind = plan.indicator("S07")  # lower is better
    rows = rows_for("S07")
    fig = district_ranking(plan, rows, ind)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    best = rows.sort_values("value").iloc[0]
    assert labels[0].startswith("1. ") and best["name_zh"] in labels[0]
    assert len(labels) == len(rows) == 7
    text = figure_text(fig)
    assert "目标 target: 10" in text and "中心城区 central districts" in text
    assert "lower is better" in text
    save_svg(fig, tmp_path / "r.svg")


def test_ranking_hatches_illustrative_values_and_says_so(plan, rows_for):
    rows = rows_for("S04")
    ind = plan.indicator("S04")
    assert "示意数据 illustrative" not in figure_text(district_ranking(plan, rows, ind))
    first = str(rows["area"].iloc[0])
    fig = district_ranking(plan, rows, ind, statuses={first: "illustrative"})
    assert "示意数据 illustrative" in figure_text(fig)
    hatched = [p for p in fig.axes[0].patches if "/" in (p.get_hatch() or "")]
    assert len(hatched) == 1
