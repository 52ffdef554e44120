"""The national 城市体检's figures: what each draws, on small synthetic frames."""

from __future__ import annotations

import itertools
import random

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text

from healthcheck.charts import (
    grade_board,
    ledger_bars,
    problem_map,
    rating_chart,
    remediation_chart,
    remediation_frame,
    svg_bytes,
)
from healthcheck.charts.national import ledger_frame
from healthcheck.charts.problem_map import PITCH_CM, dodge, spiral_offsets

LEVELS = ("housing", "community", "block")


def texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def legend_labels(fig: Figure) -> list[str]:
    return [t.get_text() for lg in fig.legends for t in lg.get_texts()]


# --------------------------------------------------------------------------------------------
# Problem map


def problems_in(geo: gpd.GeoDataFrame, n: int, places: int, seed: int = 1) -> pd.DataFrame:
    """``n`` problems at ``places`` points inside 江汉区 (several problems per point)."""
    district = geo.loc[geo["name_zh"] == "江汉区", "geometry"].iloc[0]
    rnd = random.Random(seed)
    x0, y0, x1, y1 = district.bounds
    pts: list[tuple[float, float]] = []
    while len(pts) < places:
        x, y = rnd.uniform(x0, x1), rnd.uniform(y0, y1)
        if district.buffer(-300).contains(gpd.points_from_xy([x], [y])[0]):
            pts.append((x, y))
    lonlat = gpd.GeoSeries(gpd.points_from_xy(*zip(*pts, strict=True)), crs=geo.crs).to_crs(4326)
    rows = []
    for i in range(n):
        p = lonlat.iloc[i % places]
        rows.append(
            {
                "problem_id": f"P{i:03d}",
                "indicator": f"N{i % 29 + 1:02d}",
                "lon": p.x,
                "lat": p.y,
                "level": LEVELS[i % 3],
                "problem_class": ("bottom_line", "improvement")[i % 2],
                "remedy": ("time_bound", "best_effort")[(i // 2) % 2],
                "status": "open",
            }
        )
    return pd.DataFrame(rows)


def markers(fig: Figure) -> list[Line2D]:
    """The problems' symbols: the marker lines of the map's axes (not the legend's)."""
    ax = fig.axes[0]
    return [ln for ln in ax.get_lines() if ln.get_marker() not in (None, "None", "")]


def map_of(problems: pd.DataFrame, geo: gpd.GeoDataFrame, **kw) -> Figure:
    return problem_map(
        problems, geo, source_zh="问题台账（示意）", source_en="ledger (illustrative)", **kw
    )


def test_the_map_draws_one_symbol_per_problem_inside_the_view(geo):
    problems = problems_in(geo, 40, 9)
    fig = map_of(problems, geo)
    lines = markers(fig)
    xs = np.concatenate([ln.get_xdata() for ln in lines])
    ys = np.concatenate([ln.get_ydata() for ln in lines])
    assert len(xs) == 40
    (x0, x1), (y0, y1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    assert ((x0 < xs) & (xs < x1) & (y0 < ys) & (ys < y1)).all()
    # zoomed to the problems: the view is far smaller than the city
    cx0, cy0, cx1, cy1 = geo.total_bounds
    assert (x1 - x0) < 0.5 * (cx1 - cx0)
    # the problems of one point are spread, none on another
    pitch = PITCH_CM * (x1 - x0) / (fig.axes[0].get_position().width * 16.0)
    for (ax_, ay), (bx, by) in itertools.combinations(zip(xs, ys, strict=True), 2):
        assert np.hypot(ax_ - bx, ay - by) > 0.9 * pitch


def test_the_symbols_say_level_class_and_remedy(geo):
    problems = problems_in(geo, 12, 4)
    fig = map_of(problems, geo)
    shapes = {ln.get_marker() for ln in markers(fig)}
    assert shapes == {"s", "o", "^"}  # housing, community, block
    white = (1.0, 1.0, 1.0, 1.0)
    filled = [ln for ln in markers(fig) if to_rgba(ln.get_markerfacecolor()) != white]
    hollow = [ln for ln in markers(fig) if to_rgba(ln.get_markerfacecolor()) == white]
    n_filled = sum(len(ln.get_xdata()) for ln in filled)
    assert n_filled == (problems["remedy"] == "time_bound").sum()
    assert sum(len(ln.get_xdata()) for ln in hollow) == (problems["remedy"] == "best_effort").sum()
    labels = legend_labels(fig)
    for want in ("住房 housing", "小区（社区） community", "街区 block", "底线型 bottom-line",
                 "提升型 improvement", "区界 district"):  # fmt: skip
        assert want in labels
    assert any(lab.startswith("限时解决 time-bound") for lab in labels)
    assert any(lab.startswith("尽力解决 best effort") for lab in labels)


def test_the_map_carries_note_count_and_sources(geo):
    problems = problems_in(geo, 10, 3)
    problems.loc[[2, 5], ["lon", "lat"]] = np.nan
    fig = map_of(problems, geo)
    text = texts(fig)
    assert "示意图 / schematic map" in text
    assert "共10个问题 / 10 problems" in text
    assert "2个无坐标，未标注 / 2 without coordinates, not shown" in text
    assert "问题：问题台账（示意） / Problems: ledger (illustrative)" in text
    assert "北 N" in text
    assert sum(len(ln.get_xdata()) for ln in markers(fig)) == 8
    approved = map_of(problems, geo, approval="鄂S(2025)001号")
    text = texts(approved)
    assert "审图号：鄂S(2025)001号" in text and "schematic" not in text


def test_chinese_words_and_framework_rows_are_accepted(geo):
    problems = problems_in(geo, 6, 2)
    words = problems.replace(
        {"housing": "住房", "time_bound": "限时解决", "best_effort": "尽力解决"}
    ).drop(columns=["level", "problem_class"])
    framework = pd.DataFrame(
        {
            "id": problems["indicator"],
            "level": problems["level"].replace({"housing": "住房"}),
            "problem_class": problems["problem_class"],
        }
    ).drop_duplicates("id")
    fig = map_of(words, geo, indicators=framework)
    assert sum(len(ln.get_xdata()) for ln in markers(fig)) == 6
    assert {ln.get_marker() for ln in markers(fig)} == {"s", "o", "^"}


def test_the_streets_are_named_beside_their_problems(geo):
    problems = problems_in(geo, 12, 4)
    problems["street"] = ["420103003" if i % 4 < 2 else "420103010" for i in range(12)]
    units = pd.DataFrame(
        {"code": ["420103003", "420103010"], "level": ["street", "street"],
         "name_zh": ["水塔街街道", "北湖街街道"], "name_en": ["Shuita", "Beihu"]}
    )  # fmt: skip
    fig = map_of(problems, geo, units=units)
    named = [t for t in fig.axes[0].texts if t.get_text().split("\n")[0].endswith("街道")]
    assert sorted(t.get_text() for t in named) == ["北湖街街道\nBeihu", "水塔街街道\nShuita"]
    assert not any("街道" in t.get_text() for t in map_of(problems, geo).axes[0].texts)


def test_street_boundaries_are_drawn_dashed_and_in_the_legend(geo):
    problems = problems_in(geo, 6, 2)
    district = geo.loc[geo["name_zh"] == "江汉区", "geometry"].iloc[0]
    x0, y0, x1, y1 = district.bounds
    halves = [
        district.intersection(shapely.box(x0, y0, (x0 + x1) / 2, y1)),
        district.intersection(shapely.box((x0 + x1) / 2, y0, x1, y1)),
    ]
    streets = gpd.GeoDataFrame({"name_zh": ["甲", "乙"]}, geometry=halves, crs=geo.crs)
    fig = map_of(problems, geo, streets=streets)
    assert "街道界 street" in legend_labels(fig)
    dashed = [c for c in fig.axes[0].collections if c.get_linestyle()[0][1] is not None]
    assert dashed  # the 街道 boundaries
    plain = map_of(problems, geo)
    assert "街道界 street" not in legend_labels(plain)
    assert not [c for c in plain.axes[0].collections if c.get_linestyle()[0][1] is not None]


def test_the_map_is_the_same_every_time(geo):
    problems = problems_in(geo, 30, 5)
    assert svg_bytes(map_of(problems, geo)) == svg_bytes(map_of(problems, geo))


def test_a_map_without_problems_says_so(geo):
    empty = problems_in(geo, 3, 1).iloc[0:0]
    fig = map_of(empty, geo)
    assert "无问题 no problems" in texts(fig)
    assert markers(fig) == []


def test_bad_problems_are_refused_with_the_reason(geo):
    problems = problems_in(geo, 3, 1)
    with pytest.raises(ValueError, match="missing column.*remedy"):
        map_of(problems.drop(columns="remedy"), geo)
    with pytest.raises(ValueError, match="unknown value 'street'"):
        map_of(problems.assign(level="street"), geo)
    with pytest.raises(ValueError, match="extent"):
        map_of(problems, geo, extent=(114.3, 30.6, 114.2, 30.5))


def test_an_extent_is_shown(geo):
    problems = problems_in(geo, 5, 2)
    fig = map_of(problems, geo, extent=(114.0, 30.4, 114.6, 30.8))
    (x0, x1), _ = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    corners = gpd.GeoSeries(gpd.points_from_xy([114.0, 114.6], [30.5, 30.5]), crs=4326)
    cx = corners.to_crs(geo.crs).x
    assert x0 <= cx.iloc[0] and cx.iloc[1] <= x1


def test_dodge_moves_close_points_apart_and_keeps_far_ones():
    rnd = np.random.default_rng(3)
    near = rnd.normal(0, 0.6, size=(50, 2))  # 50 points within about one pitch
    far = np.array([[100.0, 100.0], [-100.0, 40.0]])
    xy = np.vstack([near, far])
    out = dodge(xy, 1.0)
    d = np.hypot(*(out[:, None, :] - out[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    assert d.min() >= 0.999
    assert (out[-2:] == far).all()  # alone: not moved
    assert np.hypot(*(out[:50] - near).T).max() < 6.0  # the cluster stays near its points
    assert (dodge(xy, 1.0) == out).all()  # deterministic


def test_dodge_copes_with_a_large_ledger():
    """1,500 problems in five dense clusters: all kept apart (the spots are tried in chunks)."""
    rnd = np.random.default_rng(1)
    xy = rnd.normal(0, 8, size=(1500, 2)) + rnd.integers(0, 5, size=(1500, 1)) * 40
    out = dodge(xy, 1.0)
    d = np.hypot(*(out[:, None, :] - out[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    assert d.min() >= 0.999


def test_spiral_offsets_keep_their_distance():
    off = spiral_offsets(60, 1.0)
    assert tuple(off[0]) == (0.0, 0.0)
    d = np.hypot(*(off[:, None, :] - off[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    assert d.min() >= 0.999


# --------------------------------------------------------------------------------------------
# Grade board


def board_rows() -> pd.DataFrame:
    eco, heritage = ("生态宜居", "Ecological livability"), ("历史文化保护利用", "Heritage")
    rows = [
        ("N31", "污水收集率", "Sewage", eco, "very_good", "very_good", None, False, True),
        ("N32", "绿道覆盖率", "Greenway coverage", eco, "一般", "good", None, True, True),
        ("N33", "空气优良天数", "Days of good air", eco, "good", "fair", "good", False, True),
        ("N40", "历史街区修缮", "Historic districts", heritage, "insufficient", "insufficient",
         None, True, True),
        ("N43", "轨道通勤", "Metro commuting", heritage, None, None, None, False, False),
        ("N44", "通勤时间", "Commuting time", heritage, None, None, None, False, True),
    ]  # fmt: skip
    return pd.DataFrame(
        [
            {"id": i, "name_zh": zh, "name_en": en, "dimension_zh": d[0], "dimension_en": d[1],
             "grade": g, "default_grade": dg, "expert_grade": eg, "survey_downgrade": sd,
             "applicable": ap}
            for i, zh, en, d, g, dg, eg, sd, ap in rows
        ]
    )  # fmt: skip


def cells(fig: Figure) -> list[Rectangle]:
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]


def test_the_board_draws_one_cell_per_graded_indicator_in_its_column():
    fig = grade_board(board_rows())
    got = sorted(
        (round(c.get_x() - 0.08, 2), round(c.get_y() + c.get_height() / 2, 2)) for c in cells(fig)
    )
    assert [x for x, _y in got] == [0.0, 1.0, 2.0, 3.0]  # very good, good, fair, insufficient
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks[0] == "生态宜居 Ecological livability"
    assert ticks[1] == "N31 污水收集率 Sewage"
    assert len(ticks) == 8  # 2 dimension headers + 6 indicators
    text = texts(fig)
    assert "不适用 not applicable" in text and "未定级 not graded" in text
    for word in ("很好", "较好", "一般", "不足"):
        assert word in [t.get_text() for t in fig.axes[0].texts]


def test_the_board_marks_survey_downgrades_and_expert_overrides():
    fig = grade_board(board_rows())
    labels = legend_labels(fig)
    assert any(lab.startswith("问卷得分低于60，降一级") for lab in labels)
    assert any(lab.startswith("默认规则定级（专家已调整）") for lab in labels)
    diamonds = [ln for ln in fig.axes[0].get_lines() if ln.get_marker() == "D"]
    assert [float(ln.get_xdata()[0]) for ln in diamonds] == [2.5]  # N33's default: fair
    arrows = [a for a in fig.axes[0].texts if isinstance(a, Annotation)]
    assert len(arrows) == 2  # N32 good -> fair, N40 insufficient stays
    plain = board_rows().assign(survey_downgrade=False, expert_grade=None)
    assert legend_labels(grade_board(plain)) == []


def test_the_board_groups_by_the_dimensions_chinese_name():
    rows = board_rows()
    rows.loc[5, ["dimension_zh", "dimension_en"]] = ["生态宜居", "Ecology & livability"]
    ticks = [t.get_text() for t in grade_board(rows).axes[0].get_yticklabels()]
    assert ticks[4].startswith("N44")  # after N31-N33 under 生态宜居
    assert sum(t.startswith("生态宜居") for t in ticks) == 1


def test_an_unknown_grade_is_refused():
    with pytest.raises(ValueError, match="unknown value '优秀'"):
        grade_board(board_rows().assign(grade="优秀"))


# --------------------------------------------------------------------------------------------
# Ratings, ledger counts, remediation


def ratings() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"level": "city", "dimension_zh": "生态宜居", "dimension_en": "Livability",
             "very_good": 3, "good": 3, "fair": 1, "insufficient": 1, "rating": "良"},
            {"level": "city", "dimension_zh": "安全韧性", "dimension_en": "Safety",
             "very_good": 0, "good": 2, "fair": 2, "insufficient": 3, "rating": "poor"},
            {"level": "city", "dimension_zh": "智慧高效", "dimension_en": "Smart",
             "very_good": 0, "good": 0, "fair": 0, "insufficient": 0, "rating": None},
        ]
    )  # fmt: skip


def bar_widths(fig: Figure) -> dict[float, float]:
    """Total bar width per row (y) of the axes."""
    out: dict[float, float] = {}
    for p in fig.axes[0].patches:
        y = round(p.get_y() + p.get_height() / 2, 3)
        out[y] = out.get(y, 0.0) + p.get_width()
    return out


def test_the_rating_chart_stacks_shares_and_names_the_rating():
    fig = rating_chart(ratings())
    widths = bar_widths(fig)
    assert widths == pytest.approx({0.0: 100.0, 1.0: 100.0})  # the unrated row has no bar
    text = [t.get_text() for t in fig.axes[0].texts]
    assert "良 good" in text and "差 poor" in text and "未评价 not rated" in text
    assert text[:4] == ["3", "3", "1", "1"]
    assert legend_labels(fig) == ["很好 very good", "较好 good", "一般 fair", "不足 insufficient"]
    two = pd.concat([ratings(), ratings().assign(level="block")])
    ticks = [t.get_text() for t in rating_chart(two).axes[0].get_yticklabels()]
    assert ticks[0].startswith("城区（城市）·生态宜居") and ticks[3].startswith("街区·生态宜居")


def test_the_ledger_bars_are_sorted_and_totalled():
    counts = pd.DataFrame(
        [
            {"unit_id": u, "name_zh": f"{u}社区", "name_en": f"{u} Community", "level": lv,
             "count": k}
            for u, lv, k in [("A", "housing", 1), ("A", "block", 1), ("B", "住房", 4),
                             ("B", "community", 2), ("C", "block", 3)]
        ]
    )  # fmt: skip
    fig = ledger_bars(counts)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == ["B社区 B Community", "C社区 C Community", "A社区 A Community"]
    assert bar_widths(fig) == pytest.approx({0.0: 6, 1.0: 3, 2.0: 2})
    assert [t.get_text() for t in fig.axes[0].texts] == ["6", "3", "2"]
    assert legend_labels(fig) == ["住房 housing", "小区（社区） community", "街区 block"]
    assert "各社区问题数" in texts(fig)


def test_ledger_counts_of_the_engine_become_the_bars_frame():
    counts = [
        {"indicator": i, "unit_level": ul, "unit": u, "unit_name_zh": u, "unit_name_en": u,
         "records": r}
        for i, ul, u, r in [("N01", "community", "c1", 2), ("N02", "community", "c1", 1),
                            ("N20", "community", "c1", 4), ("N01", "street", "s1", 3)]
    ]  # fmt: skip
    frame = ledger_frame(counts, {"N01": "housing", "N02": "housing", "N20": "block"})
    assert frame.to_dict("records") == [
        {"unit_id": "c1", "name_zh": "c1", "name_en": "c1", "level": "block", "count": 4},
        {"unit_id": "c1", "name_zh": "c1", "name_en": "c1", "level": "housing", "count": 3},
    ]
    with pytest.raises(ValueError, match="no level for indicator.*N20"):
        ledger_frame(counts, {"N01": "housing", "N02": "housing"})
    # the engine's frame carries the level itself
    levels = {"N01": "housing", "N02": "housing", "N20": "block"}
    with_level = pd.DataFrame(counts).assign(level=lambda f: f["indicator"].map(levels))
    assert ledger_frame(with_level).equals(frame)


def test_the_remediation_chart_gives_the_completion_rates():
    rate = pd.DataFrame(
        [
            {"remedy": "all", "done": 17, "in_progress": 9, "open": 5, "carried": 2},
            {"remedy": "限时解决", "done": 12, "in_progress": 3, "open": 1},
            {"remedy": "best_effort", "done": 5, "in_progress": 6, "open": 4},
        ]
    )
    fig = remediation_chart(rate, year=2024)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks[0] == "限时解决 time-bound" and ticks[1] == "尽力解决 best effort"
    assert ticks[2].startswith("合计 overall\n结转2项")
    text = texts(fig)
    for want in ("75.0%（12/16）", "33.3%（5/15）", "54.8%（17/31）", "2024年问题整治情况"):
        assert want in text
    assert legend_labels(fig) == ["已完成 done", "整治中 in progress", "未整治 not started"]


def test_late_and_in_progress_problems_are_told_from_the_rest():
    """限时 problems done after their deadline are not done in time (not counted in the rate)
    and drawn as their own segment; with a total, what no status names is "not done"."""
    rate = pd.DataFrame(
        [{"remedy": "time_bound", "done": 6, "late": 2, "in_progress": 1, "total": 10}]
    )
    fig = remediation_chart(rate)
    assert "60.0%（6/10）" in texts(fig)
    widths = [round(p.get_width(), 6) for p in fig.axes[0].patches]
    assert widths == [60.0, 20.0, 10.0, 10.0]  # done, late, in progress, not done
    assert legend_labels(fig) == [
        "已完成 done", "逾期完成 done late", "整治中 in progress", "未完成 not done",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="needs 'total' or the unfinished"):
        remediation_chart(rate.drop(columns=["late", "in_progress", "total"]))


def test_the_engine_rate_becomes_the_chart_frame():
    rate = {
        "year": 2025, "previous_year": 2024, "time_bound_total": 8, "time_bound_done": 6,
        "best_effort_total": 4, "best_effort_done": 1, "carried_forward": ["a", "b", "c"],
        "overdue": ["a"],
    }  # fmt: skip
    frame = remediation_frame(rate)
    assert frame[["remedy", "done", "total"]].to_dict("records") == [
        {"remedy": "time_bound", "done": 6, "total": 8},
        {"remedy": "best_effort", "done": 1, "total": 4},
        {"remedy": "all", "done": 7, "total": 12},
    ]
    fig = remediation_chart(frame)
    text = texts(fig)
    assert "75.0%（6/8）" in text and "58.3%（7/12）" in text
    assert "逾期1项 1 overdue" in text and "结转3项 3 carried forward" in text
    assert legend_labels(fig) == ["已完成 done", "未完成 not done"]
    with pytest.raises(ValueError, match="add up to 9 > total 8"):
        remediation_chart(frame.assign(done=9))


def test_empty_frames_give_a_figure_that_says_so():
    for fig in (
        rating_chart(ratings().iloc[0:0]),
        ledger_bars(pd.DataFrame(columns=["unit_id", "name_zh", "name_en", "level", "count"])),
        grade_board(board_rows().iloc[0:0]),
        remediation_chart(pd.DataFrame(columns=["remedy", "done", "total"])),
    ):
        assert "无数据 no data" in texts(fig)


def test_every_figure_saves_without_tofu(geo):
    """svg_bytes raises on a glyph missing from the font (strict glyphs)."""
    figs = [
        map_of(problems_in(geo, 8, 3), geo),
        grade_board(board_rows()),
        rating_chart(ratings()),
        remediation_chart(remediation_frame({"time_bound_total": 2, "time_bound_done": 1})),
    ]
    for fig in figs:
        svg = svg_bytes(fig)
        assert b"<svg" in svg


def test_the_results_models_feed_the_charts():
    """The engine's results (RemediationRate, LedgerCount) go through the adapters."""
    from healthcheck.results.model import LedgerCount, RemediationRate

    rate = RemediationRate(
        year=2025, previous_year=2024, time_bound_total=3, time_bound_done=2,
        best_effort_total=5, best_effort_done=1, carried_forward=["x"], overdue=["y", "z"],
    )  # fmt: skip
    text = texts(remediation_chart(remediation_frame(rate), year=rate.previous_year))
    assert "66.7%（2/3）" in text and "37.5%（3/8）" in text and "2024年问题整治情况" in text
    counts = [
        LedgerCount(indicator="N01", unit_level="community", unit="c1", unit_name_zh="甲社区",
                    unit_name_en="Jia", records=2),
        LedgerCount(indicator="N20", unit_level="community", unit="c2", unit_name_zh="乙社区",
                    unit_name_en="Yi", records=5),
    ]  # fmt: skip
    fig = ledger_bars(ledger_frame(counts, {"N01": "housing", "N20": "block"}))
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == ["乙社区 Yi", "甲社区 Jia"]
