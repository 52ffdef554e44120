"""Each sampling rule of the manual at its boundary: on the bound passes, just past it fails."""

from __future__ import annotations

import pandas as pd
import pytest

from healthcheck.engine.survey import sampling_checks
from healthcheck.inputs.survey_spec import load_survey_spec

QUOTAS = load_survey_spec("mohurd_2025").quotas


def sample(n: int = 100, **counts: tuple[str, str, int]) -> pd.DataFrame:
    """``n`` respondents meeting every quota (ages 30/55/15, 50 % women, no government staff,
    all incomes, 10 per 社区); ``counts``: name -> (column, value, how many rows get it)."""
    ages = ["16-30"] * round(0.30 * n) + ["30-60"] * round(0.55 * n)
    ages += ["60+"] * (n - len(ages))
    frame = pd.DataFrame(
        {
            "community": [f"c{i // 10}" for i in range(n)],
            "sex": ["female" if i % 2 else "male" for i in range(n)],
            "age_group": ages,
            "occupation": ["enterprise"] * n,
            "income": [("low", "middle", "high")[i % 3] for i in range(n)],
        }
    )
    for column, value, k in counts.values():
        frame.loc[: k - 1, column] = value
    return frame


def passed(frame: pd.DataFrame, population: float | None = None) -> dict[str, bool]:
    return {c.id: c.passed for c in sampling_checks(frame, QUOTAS, population)}


def test_the_reference_sample_passes_everything() -> None:
    assert all(passed(sample(1500), population=1500 / 0.001).values())


@pytest.mark.parametrize(("women", "ok"), [(70, True), (71, False)])
def test_women_at_most_70_percent(women: int, ok: bool) -> None:
    frame = sample(sex=("sex", "male", 100))
    frame.loc[: women - 1, "sex"] = "female"
    assert passed(frame)["female"] is ok


@pytest.mark.parametrize(("young", "ok"), [(25, True), (35, True), (24, False), (36, False)])
def test_ages_within_five_points(young: int, ok: bool) -> None:
    frame = sample()
    ages = ["16-30"] * young + ["60+"] * (45 - young) + ["30-60"] * 55
    frame["age_group"] = ages
    checks = passed(frame)
    assert checks["age_16-30"] is ok
    assert checks["age_30-60"] is True


@pytest.mark.parametrize(("gov", "ok"), [(15, True), (16, False)])
def test_government_at_most_15_percent(gov: int, ok: bool) -> None:
    assert passed(sample(gov=("occupation", "government", gov)))["government"] is ok


@pytest.mark.parametrize(("size", "ok"), [(6, True), (5, False)])
def test_at_least_six_per_community(size: int, ok: bool) -> None:
    frame = sample()
    frame.loc[: 10 - size - 1, "community"] = "elsewhere"  # c0 keeps `size` respondents
    frame.loc[frame["community"] == "elsewhere", "community"] = "c1"
    assert passed(frame)["per_community"] is ok


@pytest.mark.parametrize(("n", "ok"), [(1500, True), (1499, False)])
def test_at_least_1500_in_all(n: int, ok: bool) -> None:
    assert passed(sample(n))["total"] is ok


@pytest.mark.parametrize(
    ("population", "ok"),
    [
        (1500 / 0.0006, True),
        (1500 / 0.0015, True),
        (1500 / 0.0005999, False),
        (1500 / 0.0015001, False),
    ],
)
def test_share_of_the_population(population: float, ok: bool) -> None:
    assert passed(sample(1500), population)["rate"] is ok


def test_without_a_population_the_share_is_not_checked() -> None:
    assert "rate" not in passed(sample())


def test_every_income_group_present() -> None:
    frame = sample()
    frame["income"] = ["low", "middle"] * 50
    checks = {c.id: c for c in sampling_checks(frame, QUOTAS, None)}
    assert not checks["income"].passed
    assert "high" in checks["income"].found_en
    assert checks["income"].meaning_zh and checks["income"].meaning_en
