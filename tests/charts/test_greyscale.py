"""Every chart stays readable in grey-scale print: each figure type is rendered to a raster,
turned to grey, and every pair of its legend entries must still look different
(:mod:`tests.charts.greyscale`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from healthcheck.charts import (
    bar_compare_chart,
    district_ranking,
    grade_board,
    ledger_bars,
    legend_below,
    new_figure,
    progress_board,
    rating_chart,
    remediation_chart,
    scatter_years_chart,
    verdict_counts_chart,
)
from healthcheck.engine.schedule import SCHEDULE_VERDICTS
from healthcheck.inputs.plan import load_plan
from healthcheck.text.i18n import CATEGORY, CATEGORY_FINAL
from tests.charts.greyscale import confusable_pairs, legend_handles
from tests.charts.test_indicator import SERIES, chart

ROOT = Path(__file__).resolve().parents[2]
PLAN = load_plan(ROOT / "data" / "plan")
DOMAINS = [(d.id, d.title_zh, d.title_en) for d in PLAN.domains] + [("__all__", "全市", "City")]


def counts(verdicts: list[str]) -> pd.DataFrame:
    """A roll-up in which every domain has one indicator of each verdict."""
    rows = [
        {"domain": d, "verdict": v, "count": 1 + (k + j) % 3}
        for j, (d, _zh, _en) in enumerate(DOMAINS)
        for k, v in enumerate(verdicts)
    ]
    return pd.DataFrame(rows)


def assert_readable_in_grey(fig: Figure, entries: int) -> None:
    assert len(legend_handles(fig)) >= entries  # the check looked at the legend
    assert confusable_pairs(fig) == []


def test_the_check_fails_on_a_palette_that_differs_only_by_hue():
    """Main's achieved (#009E73) and deterioration (#D55E00), or its central (#0072B2) and new
    (#009E73) districts, as plain fills: told apart by hue only, they fail."""
    for a, b in (("#009E73", "#D55E00"), ("#0072B2", "#009E73")):
        fig, ax = new_figure(4.0)
        ax.bar([0, 1], [1, 2], color=[a, b])
        legend_below(fig, [Patch(facecolor=a, label="a"), Patch(facecolor=b, label="b")])
        assert [(x, y) for x, y, _d in confusable_pairs(fig)] == [("a", "b")]


def test_the_check_fails_on_lines_that_differ_only_by_hue():
    fig, ax = new_figure(4.0)
    ax.plot([0, 1], [0, 1], color="#D55E00", label="target")
    ax.plot([0, 1], [1, 0], color="#7A7A7A", label="schedule")
    legend_below(fig, ax.get_lines())
    assert len(confusable_pairs(fig)) == 1


@pytest.mark.parametrize(
    ("by", "verdicts"),
    [
        ("verdict", [*SCHEDULE_VERDICTS, "not_assessed"]),
        ("category", [*CATEGORY, "not_assessed"]),
        ("category_final", list(CATEGORY_FINAL)),
    ],
)
def test_verdict_counts_are_readable_in_grey(by, verdicts):
    fig = verdict_counts_chart(counts(verdicts), DOMAINS, by)
    assert_readable_in_grey(fig, len(verdicts))


def test_the_progress_board_is_readable_in_grey():
    names = {i.id: (i.name_zh, i.name_en) for i in PLAN.indicators}
    verdicts = ["achieved", "ahead", "behind", "moving_away", "not_achieved"]
    rows = [
        {
            "id": ind.id,
            "completion": 0.2 * k,
            "time_elapsed": 0.8,
            "schedule_verdict": v,
            "illustrative": k == 2,
        }
        for k, (ind, v) in enumerate(zip(PLAN.indicators, verdicts, strict=False))
    ]
    fig = progress_board(rows, names, "交通", "Transport")
    assert_readable_in_grey(fig, len(verdicts) + 2)  # + time elapsed, illustrative


def test_the_district_ranking_is_readable_in_grey(plan, rows_for):
    ind = max(
        (i for i in plan.indicators if i.goal is not None), key=lambda i: len(plan.districts_of(i))
    )
    rows = rows_for(ind.id)
    zones = {d.zone for d in plan.districts_of(ind)}
    assert zones == {"central", "new"}
    statuses = {str(a): "illustrative" for a in rows["area"].iloc[::3]}
    fig = district_ranking(plan, rows, ind, statuses=statuses)
    assert_readable_in_grey(fig, 3)


@pytest.mark.parametrize("ind_id", list(SERIES))
def test_every_indicator_chart_is_readable_in_grey(ind_id):
    fig = chart(ind_id, illustrative_from=2023)
    assert_readable_in_grey(fig, 3)


@pytest.mark.parametrize("ind_id", list(SERIES))
def test_every_indicator_chart_is_readable_in_grey_with_published_values_only(ind_id):
    fig = chart(ind_id, year=2023, illustrative_from=None)
    assert_readable_in_grey(fig, 2)


def test_grouped_bars_are_readable_in_grey():
    fig = bar_compare_chart(
        ["a", "b", "c"],
        [
            ("observed", [1.0, 2.0, 3.0], "#0072B2"),
            ("needed", [2.0, 2.5, 1.0], "#E69F00"),
            ("third", [0.5, 1.5, 2.5], "#009E73"),
        ],
        title="t",
        xlabel="x",
        reference=(2.0, "reference"),
    )
    assert_readable_in_grey(fig, 4)


def test_the_year_scatter_is_readable_in_grey():
    frame = pd.DataFrame(
        {
            "year": [2020, 2021, 2022, 2023],
            "x": [1.0, 2.0, 3.0, 4.0],
            "y": [2.0, 3.0, 3.5, 5.0],
            "illustrative": [False, False, True, True],
        }
    )
    fig = scatter_years_chart(
        frame, x="x", y="y", xlabel="x", ylabel="y", title="t", xref=(2.5, "x ref"),
        yref=(4.0, "y ref"),
    )  # fmt: skip
    assert_readable_in_grey(fig, 4)


# --------------------------------------------------------------------------------------------
# The national 城市体检's figures (tests/charts/test_national.py draws them)


def test_the_problem_map_is_readable_in_grey(geo):
    from tests.charts.test_national import map_of, problems_in

    fig = map_of(problems_in(geo, 24, 6), geo)
    # 3 levels, 2 remedies, 2 classes, district boundary, water
    assert_readable_in_grey(fig, 9)


def test_the_grade_board_is_readable_in_grey():
    from tests.charts.test_national import board_rows

    assert_readable_in_grey(grade_board(board_rows()), 2)


def test_the_rating_chart_is_readable_in_grey():
    from tests.charts.test_national import ratings

    assert_readable_in_grey(rating_chart(ratings()), 4)


def test_the_ledger_bars_are_readable_in_grey():
    counts = pd.DataFrame(
        [
            {"unit_id": u, "name_zh": u, "name_en": u, "level": lv, "count": 1 + k % 3}
            for k, (u, lv) in enumerate(
                (u, lv) for u in "ABC" for lv in ("housing", "community", "block")
            )
        ]
    )
    assert_readable_in_grey(ledger_bars(counts), 3)


@pytest.mark.parametrize(
    "columns",
    [["done", "in_progress", "open"], ["done", "total"], ["done", "late", "in_progress", "total"]],
)
def test_the_remediation_chart_is_readable_in_grey(columns):
    rows = [("time_bound", 6, 1, 1, 2, 10), ("best_effort", 2, 3, 3, 0, 9), ("all", 8, 4, 4, 2, 19)]
    frame = pd.DataFrame(rows, columns=["remedy", "done", "late", "in_progress", "open", "total"])
    fig = remediation_chart(frame[["remedy", *columns]])
    assert_readable_in_grey(fig, {3: 3, 2: 2, 4: 4}[len(columns)])


def test_the_check_tells_marker_shapes_apart_but_not_marker_hues():
    """A square and a circle of about the same area and grey pass (the problem map's levels);
    the same marker in two hues of about the same grey fails."""
    from matplotlib.lines import Line2D

    def legend_of(*specs: tuple[str, float, str]) -> Figure:
        fig, ax = new_figure(3.0)
        ax.plot([0, 1], [0, 1])
        handles = [
            Line2D([], [], linestyle="none", marker=m, markersize=s, mfc=c, mec=c, label=f"{m}{c}")
            for m, s, c in specs
        ]
        legend_below(fig, handles)
        return fig

    assert confusable_pairs(legend_of(("s", 4.6, "#777777"), ("o", 5.2, "#777777"))) == []
    assert confusable_pairs(legend_of(("s", 4.6, "#777777"), ("^", 6.0, "#777777"))) == []
    same = legend_of(("o", 5.2, "#009E73"), ("o", 5.2, "#D55E00"))
    assert [(a, b) for a, b, _d in confusable_pairs(same)] == [("o#009E73", "o#D55E00")]
