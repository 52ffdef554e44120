"""The indicator charts: every kind drawn, bilingual, 16 cm wide, illustrative values said,
the registry keyed like the kinds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from healthcheck.charts import CHARTS, indicator_caption, indicator_chart, save_svg, short_number
from healthcheck.engine import assess_series
from healthcheck.inputs.plan import load_plan
from healthcheck.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]
PLAN = load_plan(ROOT / "data" / "plan")

#: one indicator of the default plan per kind, with a series (value, status) by year
SERIES = {
    "T01": {2020: 5230, 2021: 7810, 2022: 5620, 2023: 12450, 2024: 13780},  # level
    "U01": {2020: 525, 2021: 550, 2022: 570, 2023: 600, 2024: 620},  # increase
    "T08": {2020: 68, 2021: 70, 2022: 74, 2023: 78, 2024: 80},  # growth
    "P03": {2020: 0, 2021: 18, 2022: 22, 2023: 21, 2024: 24},  # cumulative
    "E07": {2020: 300, 2021: 294, 2022: 294, 2023: 288, 2024: 296},  # trend
    "S01": {2020: 0, 2021: 0, 2022: 1, 2023: 1, 2024: 1},  # milestone
}


def points(values: dict[int, float], illustrative_from: int | None = 2023) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": list(values),
            "value": [float(v) for v in values.values()],
            "status": [
                "illustrative" if illustrative_from and y >= illustrative_from else "official"
                for y in values
            ],
        }
    )


def chart(ind_id: str, year: int = 2024, illustrative_from: int | None = 2023):
    ind = PLAN.indicator(ind_id)
    values = SERIES[ind_id]
    row = assess_series(ind, values, year).as_dict()
    return indicator_chart(ind, points(values, illustrative_from), row)


def texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]


def legend_texts(fig) -> list[str]:
    return [t.get_text() for leg in fig.legends for t in leg.get_texts()]


def test_the_registry_has_a_chart_for_every_kind_and_the_series_cover_them():
    assert set(CHARTS) == set(KINDS)
    assert {PLAN.indicator(i).kind for i in SERIES} == set(KINDS)


def test_each_kind_is_drawn_by_its_registered_chart(monkeypatch):
    seen = []

    def spy(name):
        real = CHARTS[name]

        def draw(ind, df, row):
            seen.append((name, ind.id, list(df.columns)))
            return real(ind, df, row)

        return draw

    for name in list(CHARTS):
        monkeypatch.setitem(CHARTS, name, spy(name))
    for ind_id in SERIES:
        chart(ind_id)
    assert [(name, i) for name, i, _ in seen] == [(PLAN.indicator(i).kind, i) for i in SERIES]
    assert all(cols == ["year", "value", "status"] for _, _, cols in seen)


def test_an_unknown_kind_is_refused_by_name():
    import dataclasses

    odd = dataclasses.replace(PLAN.indicator("T01"), kind="spiral")
    with pytest.raises(KeyError, match="unknown indicator kind 'spiral'"):
        indicator_chart(odd, points(SERIES["T01"]), {})


@pytest.mark.parametrize("ind_id", list(SERIES))
def test_every_kind_draws_a_bilingual_chart_16_cm_wide(ind_id, tmp_path):
    fig = chart(ind_id)
    assert fig.get_size_inches()[0] * 2.54 == pytest.approx(16, abs=0.05)
    title = fig._suptitle.get_text()
    ind = PLAN.indicator(ind_id)
    assert ind.name_zh in title and ind.name_en.split()[0] in title
    small = [(t.get_text(), t.get_fontsize()) for t in texts(fig) if t.get_fontsize() < 8]
    assert not small, f"text under 8 pt: {small}"
    path = save_svg(fig, tmp_path / f"{ind_id}.svg")
    data = path.read_bytes()
    assert data.startswith(b"<?xml") and b"<svg" in data
    # text stays text, in the named font: WeasyPrint draws it with the document's subset font
    assert ind.name_zh.encode() in data and b"Noto Sans CJK SC" in data
    assert 2_000 < len(data) < 60_000


@pytest.mark.parametrize("ind_id", list(SERIES))
def test_illustrative_values_have_their_own_legend_entry(ind_id):
    with_illustrative = legend_texts(chart(ind_id, illustrative_from=2023))
    assert any("示意" in t and "illustrative" in t for t in with_illustrative)
    published_only = legend_texts(chart(ind_id, illustrative_from=None))
    assert not any("illustrative" in t for t in published_only)


def test_level_chart_has_target_schedule_path_baseline_and_projection():
    labels = " | ".join(legend_texts(chart("T01")))
    for word in (
        "目标 target 2025: 18,000",
        "时序进度 schedule path",
        "基线 baseline 2020",
        "线性外推 projection 2025",
    ):
        assert word in labels
    # no projection once the target year is reached
    ind = PLAN.indicator("T01")
    values = {**SERIES["T01"], 2025: 15000}
    row = assess_series(ind, values, 2025).as_dict()
    fig = indicator_chart(ind, points(values), row)
    labels = " | ".join(legend_texts(fig))
    assert "projection" not in labels
    zh, en = indicator_caption(ind, fig)
    assert "外推" not in zh and "projection" not in en


def test_the_caption_says_what_is_drawn_and_where_the_axis_starts():
    ind = PLAN.indicator("E07")
    fig = chart("E07")
    zh, en = indicator_caption(ind, fig)
    assert "线性外推" in zh and "linear projection to 2025" in en  # drawn, so said
    lo = fig.axes[0].get_ylim()[0]  # 288-300 days: not from zero
    assert lo > 0 and f"纵轴自{short_number(lo)}起" in zh and "not zero" in en
    # the axis starts at a labelled tick, marked by a break on the axis
    assert lo in list(fig.axes[0].get_yticks())
    breaks = [ln for ln in fig.axes[0].get_lines() if not ln.get_clip_on()]
    assert len(breaks) == 2
    # an axis from zero needs no word and no mark
    fig = chart("T01")
    assert fig.axes[0].get_ylim()[0] == 0
    assert "非零" not in indicator_caption(PLAN.indicator("T01"), fig)[0]
    assert all(ln.get_clip_on() for ln in fig.axes[0].get_lines())


def test_a_reliability_near_100_percent_is_not_a_cliff():
    """U02 runs 99.985-99.999 %: the axis is at least 5 points wide and ends near 100."""
    ind = PLAN.indicator("U02")
    values = {2020: 99.985, 2021: 99.988, 2022: 99.991, 2023: 99.994, 2024: 99.996}
    row = assess_series(ind, values, 2024).as_dict()
    fig = indicator_chart(ind, points(values), row)
    lo, hi = fig.axes[0].get_ylim()
    assert hi - lo >= 5 and 100 <= hi < 101
    assert "非零起点" in indicator_caption(ind, fig)[0]


def test_a_milestone_is_one_compact_row():
    fig = chart("S01")
    assert fig.get_figheight() * 2.54 <= 4.5  # cm: a strip, not a quarter page
    cells = [t.get_text() for t in texts(fig)]
    assert cells.count("已完成\ndone") == 3 and cells.count("未完成\nnot yet") == 2


def test_increase_and_growth_targets_are_labelled_from_the_baseline():
    assert any("2020年+140" in t for t in legend_texts(chart("U01")))
    assert any("added so far" in t for t in legend_texts(chart("U01")))
    assert any("2020年×1.25" in t for t in legend_texts(chart("T08")))


def test_values_after_the_report_year_are_not_drawn():
    ind = PLAN.indicator("T01")
    values = {**SERIES["T01"], 2025: 99999}
    row = assess_series(ind, values, 2024).as_dict()
    fig = indicator_chart(ind, points(values), row)
    ys = [y for line in fig.axes[0].get_lines() for y in line.get_ydata()]
    assert 99999 not in ys


def test_legend_does_not_cover_the_axes():
    for ind_id in SERIES:
        fig = chart(ind_id)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        legend = fig.legends[0].get_window_extent(renderer)
        for ax in fig.axes:
            assert not legend.overlaps(ax.get_window_extent(renderer)), ind_id


def test_cumulative_legend_names_exactly_the_bars_drawn():
    ind = PLAN.indicator("N01")
    for statuses, want_filled, want_hatched in [
        (["illustrative"] * 3, False, True),
        (["official"] * 3, True, False),
        (["official", "official", "illustrative"], True, True),
    ]:
        df = pd.DataFrame(
            {"year": [2021, 2022, 2023], "value": [1000.0, 1100.0, 1200.0], "status": statuses}
        )
        row = assess_series(ind, dict(zip(df["year"], df["value"], strict=True)), 2023).as_dict()
        labels = legend_texts(indicator_chart(ind, df, row))
        assert ("年度完成量 annual amount" in labels) is want_filled, labels
        assert ("年度量（示意）annual, illustrative" in labels) is want_hatched, labels
        assert not (not want_filled and any("公开数据 published" in t for t in labels)), labels
