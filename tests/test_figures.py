"""Charts: the style, deterministic SVG, tofu as an error, and every chart kind drawn."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from healthcheck.charts.figures import (
    FONT,
    bar_compare_chart,
    bilingual,
    compact_svg,
    indicator_chart,
    new_figure,
    progress_board,
    save_svg,
    setup_style,
    short_number,
    unit_label,
)
from healthcheck.engine.assess import assess_series
from healthcheck.inputs.plan import load_plan

ROOT = Path(__file__).resolve().parents[1]
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


def test_style_names_the_font_and_turns_off_the_unicode_minus():
    setup_style()
    assert matplotlib.rcParams["font.family"][0] == FONT
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert matplotlib.rcParams["svg.fonttype"] == "none"
    assert not any(str(f).endswith(".ttc") for f in matplotlib.rcParams["font.family"])


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
    labels = " | ".join(legend_texts(indicator_chart(ind, points(values), row)))
    assert "projection" not in labels


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


def test_same_figure_same_bytes(tmp_path):
    a = save_svg(chart("T01"), tmp_path / "a.svg").read_bytes()
    b = save_svg(chart("T01"), tmp_path / "b.svg").read_bytes()
    assert a == b
    assert b"<dc:date>" not in a


def test_a_missing_glyph_is_an_error_and_writes_nothing(tmp_path):
    fig, ax = new_figure(6)
    ax.set_title("tofu \U0001f600")
    with pytest.raises(UserWarning, match="missing from font"):
        save_svg(fig, tmp_path / "tofu.svg")
    assert not (tmp_path / "tofu.svg").exists()


def test_save_svg_is_atomic_and_closes(tmp_path):
    fig = chart("S01")
    path = save_svg(fig, tmp_path / "sub" / "s.svg")
    assert path.exists()
    assert not list((tmp_path / "sub").glob(".*tmp"))


def test_compact_svg_rounds_path_data_only():
    svg = b'<path d="M 1.234567 2.5 L -0.0049 3.1" transform="scale(0.015625)"/>'
    out = compact_svg(svg)
    assert out == b'<path d="M 1.23 2.5 L 0 3.1" transform="scale(0.015625)"/>'


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
    fig = bar_compare_chart(["a", "b"], [("x", [1.0, None], "#000000")], title="t", xlabel="x")
    save_svg(fig, tmp_path / "bars.svg")


def test_text_helpers():
    assert bilingual("铁路", "Rail") == "铁路 Rail"
    assert "\n" in bilingual("很长的中文名称" * 5, "A long English name " * 3)
    assert unit_label("%", "%") == "%"
    assert unit_label("万人次/年", "10k trips per year") == "万人次/年 10k trips per year"
    assert short_number(18000) == "18,000"
    assert short_number(99.999, 6) == "99.999"
    assert short_number(-3.2) == "−3.2"
    assert re.fullmatch(r"\d+(\.\d+)?", short_number(0.12345))


def test_an_all_illustrative_cumulative_series_claims_nothing_published():
    from healthcheck.charts.figures import running_sum

    df = pd.DataFrame(
        {"year": [2021, 2022], "value": [10.0, 20.0], "status": ["illustrative", "illustrative"]}
    )
    sums = running_sum(df, 2020)
    assert sums["status"].tolist() == ["illustrative"] * 3
    assert sums["value"].tolist() == [0.0, 10.0, 30.0]
    published = pd.DataFrame({"year": [2021], "value": [5.0], "status": ["official"]})
    assert running_sum(published, 2020)["status"].tolist() == ["official", "official"]


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
