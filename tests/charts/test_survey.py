"""The survey's figures: drawn from the results alone, with every glyph in the font, and
readable in grey-scale print (each pair of legend entries looks different in grey)."""

from __future__ import annotations

import pandas as pd

from healthcheck.charts.survey import score_dots, survey_profile
from healthcheck.charts.svg import svg_bytes
from healthcheck.results.model import SurveyCheck, SurveyScore
from tests.charts.greyscale import confusable_pairs, legend_handles

CHECKS = [
    SurveyCheck(id="female", rule_zh="", rule_en="", found_zh="", found_en="", passed=False),
    SurveyCheck(id="government", rule_zh="", rule_en="", found_zh="", found_en="", passed=True),
]
SHARES = pd.DataFrame(
    [
        {"label": "女性 women", "share": 0.76, "low": 0.0, "high": 0.70, "check": "female"},
        {
            "label": "党政机关或事业人员 government",
            "share": 0.10,
            "low": 0.0,
            "high": 0.15,
            "check": "government",
        },
    ]
)


def scores() -> list[SurveyScore]:
    def s(sid: str, value: float | None) -> SurveyScore:
        return SurveyScore(
            level="item",
            id=sid,
            name_zh="车辆停放",
            name_en="Vehicle parking",
            n=100,
            score=value,
            low=None if value is None else value - 3,
            high=None if value is None else value + 3,
            small=value is None,
        )

    return [s("a", 72.0), s("b", 45.0), s("c", None)]


def test_profile_readable_in_grey() -> None:
    fig = survey_profile(SHARES, CHECKS, illustrative=True)
    assert len(legend_handles(fig)) == 3
    assert confusable_pairs(fig) == []


def test_scores_readable_in_grey_and_sorted() -> None:
    fig = score_dots(scores(), 60.0, ("各题得分", "Scores by item"), illustrative=False)
    assert len(legend_handles(fig)) == 3
    assert confusable_pairs(fig) == []
    ax = fig.axes[0]
    # lowest first, the small cell last and without a dot
    assert [t.get_text() for t in ax.get_yticklabels()] == ["车辆停放 Vehicle parking"] * 3
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert [d.get_xdata()[0] for d in dots] == [45.0, 72.0]
    assert [d.get_markerfacecolor() for d in dots] == ["white", "#333333"]


def test_figures_as_svg() -> None:
    for fig in (
        survey_profile(SHARES, CHECKS, True),
        score_dots(scores(), 60.0, ("甲", "A"), True),
    ):
        svg = svg_bytes(fig)  # raises on a glyph missing from the font
        assert b"<svg" in svg[:400]


def test_the_score_map_names_its_line_the_problem_threshold_not_a_target(plan, geo) -> None:
    """The 60 on the survey map is the manual's problem threshold: below it residents report
    a problem.  Called "target" it would read as a goal the districts are set."""
    from healthcheck.charts.survey import score_map
    from healthcheck.results.model import SurveyArea
    from tests.charts.test_maps import figure_text

    areas = [
        SurveyArea(level="district", code=d.code, name_zh=d.name_zh, name_en=d.name_en, n=150,
                   score=55.0 + i)
        for i, d in enumerate(plan.districts)
    ]  # fmt: skip
    text = figure_text(score_map(plan, geo, areas, 2025, 60.0, illustrative=True))
    assert "问题阈值 problem threshold: 60" in text
    assert "目标 target" not in text
