"""The shared building blocks: the running sum of annual amounts, grouped bars, the scatter."""

from __future__ import annotations

import pandas as pd

from healthcheck.charts import bar_compare_chart, running_sum, save_svg, scatter_years_chart


def legend_texts(fig) -> list[str]:
    return [t.get_text() for leg in fig.legends for t in leg.get_texts()]


def test_bar_compare_chart_draws_and_saves(tmp_path):
    fig = bar_compare_chart(["a", "b"], [("x", [1.0, None], "#000000")], title="t", xlabel="x")
    ax = fig.axes[0]
    drawn = [p.get_width() for p in ax.patches]
    assert 1.0 in drawn and len(drawn) == 1  # the missing value draws no bar
    svg = (save_svg(fig, tmp_path / "bars.svg")).read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and ">a<" in svg and ">b<" in svg


def test_an_all_illustrative_cumulative_series_claims_nothing_published():
    df = pd.DataFrame(
        {"year": [2021, 2022], "value": [10.0, 20.0], "status": ["illustrative", "illustrative"]}
    )
    sums = running_sum(df, 2020)
    assert sums["status"].tolist() == ["illustrative"] * 3
    assert sums["value"].tolist() == [0.0, 10.0, 30.0]
    published = pd.DataFrame({"year": [2021], "value": [5.0], "status": ["official"]})
    assert running_sum(published, 2020)["status"].tolist() == ["official", "official"]


def test_scatter_says_illustrative_only_where_a_point_is():
    frame = pd.DataFrame(
        {"year": [2021, 2022], "x": [1.0, 2.0], "y": [3.0, 4.0], "illustrative": [False, True]}
    )
    kw = {"x": "x", "y": "y", "xlabel": "x", "ylabel": "y", "title": "t"}
    assert legend_texts(scatter_years_chart(frame, **kw)) == [
        "公开数据 published",
        "示意数据 illustrative",
    ]
    frame["illustrative"] = False
    assert legend_texts(scatter_years_chart(frame, **kw)) == ["公开数据 published"]
