"""The provenance rule, rule by rule, on small frames: which years a verdict, a district figure
and a share count."""

from __future__ import annotations

import pandas as pd
import pytest

from healthcheck.inputs.plan import Indicator
from healthcheck.inputs.status import (
    district_illustrative,
    illustrative_share,
    illustrative_years,
    is_illustrative,
    verdict_years,
)

ILL = "illustrative"


def indicator(kind: str, baseline_year: int = 2020, id: str = "X01") -> Indicator:
    return Indicator(
        id=id, domain="alpha", clause="", name_zh="指标", name_en="Indicator", unit_zh="",
        unit_en="", kind=kind, direction="up", baseline_year=baseline_year, target_year=2025,
        target=None if kind in ("trend", "milestone") else 10.0, target_text_zh="",
    )  # fmt: skip


def points(statuses: dict[int, str]) -> pd.DataFrame:
    """A city series: one value per year with its status."""
    return pd.DataFrame({"year": list(statuses), "value": 1.0, "status": list(statuses.values())})


def observations(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    """Long rows ``(indicator, area, year, status)``."""
    return pd.DataFrame(rows, columns=["indicator", "area", "year", "status"])


def test_only_the_illustrative_status_is_illustrative():
    assert is_illustrative("illustrative")
    assert not any(is_illustrative(s) for s in ("official", "reported", "estimate", "", None))


def test_a_level_verdict_counts_the_baseline_to_the_value_year():
    level = indicator("level", baseline_year=2020)
    series = points(
        {
            2019: "illustrative",  # before the baseline: not counted
            2020: "official",
            2021: "illustrative",  # counted
            2022: "official",  # the value year
            2024: "illustrative",  # after the value year: not counted
        }
    )
    assert verdict_years(level, 2022, series["year"]) == [2020, 2021, 2022]
    assert illustrative_years(level, series, 2022) == [2021]


def test_a_level_verdict_on_published_years_is_not_illustrative():
    level = indicator("level", baseline_year=2020)
    series = points({2019: "illustrative", 2020: "official", 2021: "estimate", 2023: ILL})
    assert illustrative_years(level, series, 2021) == []
    # the same series with the later illustrative year as the value year
    assert illustrative_years(level, series, 2023) == [2023]


def test_a_milestone_counts_every_year_up_to_the_value_year():
    milestone = indicator("milestone", baseline_year=2020)
    series = points({2018: ILL, 2020: "official", 2022: "official", 2023: ILL})
    assert verdict_years(milestone, 2022, series["year"]) == [2018, 2020, 2022]
    assert illustrative_years(milestone, series, 2022) == [2018]


def test_a_cumulative_district_figure_rests_on_the_amounts_after_the_baseline():
    cumulative = indicator("cumulative", baseline_year=2020)
    obs = observations(
        [
            ("X01", "420102", 2020, "illustrative"),  # the baseline year: not an amount added
            ("X01", "420102", 2021, "official"),
            ("X01", "420102", 2022, "official"),
            ("X01", "420102", 2023, "illustrative"),  # after the year
            ("X01", "420103", 2022, "illustrative"),  # another district
            ("X02", "420102", 2022, "illustrative"),  # another indicator
        ]
    )
    assert not district_illustrative(cumulative, obs, "420102", 2022)
    assert district_illustrative(cumulative, obs, "420102", 2023)
    obs.loc[1, "status"] = "illustrative"  # 2021: an amount the running sum adds
    assert district_illustrative(cumulative, obs, "420102", 2022)


def test_a_level_district_figure_rests_on_its_own_year_only():
    level = indicator("level", baseline_year=2020)
    obs = observations(
        [
            ("X01", "420102", 2020, "illustrative"),
            ("X01", "420102", 2021, "illustrative"),
            ("X01", "420102", 2022, "official"),
        ]
    )
    assert not district_illustrative(level, obs, "420102", 2022)
    assert district_illustrative(level, obs, "420102", 2021)
    assert not district_illustrative(level, obs, "420102", 2024)  # no value that year


def test_illustrative_share_is_zero_without_rows():
    obs = observations([("X01", "", 2021, "illustrative")])
    assert illustrative_share(obs, ["X02"], 2025) == 0.0
    assert illustrative_share(obs, ["X01"], 2020) == 0.0  # only a later year
    assert illustrative_share(obs.iloc[:0], ["X01"], 2025) == 0.0


def test_illustrative_share_counts_the_series_up_to_the_report_year_in_all_areas():
    obs = observations(
        [
            ("X01", "", 2020, "official"),
            ("X01", "", 2021, "illustrative"),
            ("X01", "420102", 2021, "illustrative"),
            ("X02", "", 2021, "reported"),
            ("X01", "", 2026, "illustrative"),  # after the report year: ignored
            ("X03", "", 2021, "illustrative"),  # not among the ids: ignored
        ]
    )
    assert illustrative_share(obs, ["X01", "X02"], 2025) == pytest.approx(0.5)
    assert illustrative_share(obs, ("X01",), 2021) == pytest.approx(2 / 3)
    assert illustrative_share(obs, iter(["X02"]), 2025) == 0.0
