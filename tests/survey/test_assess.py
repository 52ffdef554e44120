"""The survey's assessment on the demo project and the small fixture; the score reaching the
national grading."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from healthcheck.engine.survey import SURVEY_THRESHOLD, assess_survey, indicator_scores
from healthcheck.inputs.survey import read_responses
from healthcheck.inputs.survey_spec import load_survey_spec
from healthcheck.results.model import SurveyResults

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "examples" / "wuhan-national"
FIXTURE = Path(__file__).parent / "data"
SPEC = load_survey_spec("mohurd_2025")


def districts() -> dict[str, dict[str, str]]:
    plan = yaml.safe_load((PROJECT / "plan" / "plan.yaml").read_text(encoding="utf-8"))
    return {d["code"]: d for d in plan["districts"]}


def assess(data_dir: Path, items: dict[str, list[str]] | None = None) -> SurveyResults:
    units = pd.read_csv(PROJECT / "plan" / "units.csv", dtype=str, keep_default_na=False)
    data = read_responses(data_dir, 2025, SPEC, districts(), units)
    assert data is not None
    names = {k: (v["name_zh"], v["name_en"]) for k, v in districts().items()}
    return assess_survey(data, year=2025, names=names, survey_items=items)


@pytest.fixture(scope="module")
def demo() -> SurveyResults:
    return assess(
        PROJECT / "data", {"N01": ["SURVEY2025-01"], "X": ["SURVEY2025-23", "SURVEY2025-15"]}
    )


def test_demo_sample_meets_the_profile_quotas(demo: SurveyResults) -> None:
    checks = {c.id: c.passed for c in demo.checks}
    # about 2,000 respondents are far below 0.6‰ of Wuhan's built-up population: said so
    assert checks.pop("rate") is False
    assert all(checks.values()), checks
    assert demo.illustrative
    assert demo.usable + sum(u.n for u in demo.unusable) == demo.read
    assert all(u.n > 0 for u in demo.unusable)


def test_fixture_fails_two_quotas_on_purpose() -> None:
    res = assess(FIXTURE)
    failed = {c.id for c in res.checks if not c.passed}
    assert failed == {"rate", "female", "government"}
    assert all(c.meaning_zh and c.meaning_en for c in res.checks if not c.passed)


def test_scores_at_every_level_with_intervals(demo: SurveyResults) -> None:
    levels = {s.level for s in demo.scores}
    assert levels == {"overall", "block", "dimension", "item"}
    assert len([s for s in demo.scores if s.level == "item"]) == 46
    for s in demo.scores:
        assert s.score is not None and s.low is not None and s.high is not None
        assert s.low < s.score < s.high
    low = [s.id for s in demo.scores if s.level == "item" and (s.score or 100) < SURVEY_THRESHOLD]
    assert "SURVEY2025-23" in low  # parking, drawn low in the synthetic data


def test_areas_small_cells_are_shown_as_such(demo: SurveyResults) -> None:
    for a in demo.areas:
        if a.n < demo.min_cell:
            assert a.small and a.score is None
        else:
            assert not a.small and a.score is not None
    assert {a.level for a in demo.areas} == {"district", "street", "community"}
    assert len([a for a in demo.areas if a.level == "district"]) == 13


def test_indicator_scores_for_the_grading(demo: SurveyResults) -> None:
    scores = indicator_scores(
        demo, {"N01": ["SURVEY2025-01"], "X": ["SURVEY2025-23", "SURVEY2025-15"], "N99": []}
    )
    assert scores["N01"] == pytest.approx(demo.item_score("SURVEY2025-01"), abs=1e-9)
    # two items: the mean of each respondent's mean, between the two item scores
    a, b = demo.item_score("SURVEY2025-23"), demo.item_score("SURVEY2025-15")
    assert a is not None and b is not None
    assert min(a, b) - 1 < (scores["X"] or 0) < max(a, b) + 1
    assert scores["N99"] is None
    assert indicator_scores(None, {"N01": ["SURVEY2025-01"]}) == {"N01": None}


def test_a_low_score_lowers_the_national_grade() -> None:
    """The downgrade reaches the national grading: the same indicators graded with and without
    residents' scores below 60."""
    from healthcheck.engine.frameworks.mohurd_2025 import grade_city
    from healthcheck.inputs.observations import load_observations
    from healthcheck.inputs.plan import load_plan

    plan = load_plan(PROJECT / "plan")
    obs = load_observations(PROJECT / "data", plan)
    items = {i.id: list(i.survey_items) for i in plan.system.indicators if i.survey_items}  # type: ignore[attr-defined]
    survey = SurveyResults(
        framework="mohurd_2025", domain="survey", year=2025, title_zh="", title_en=""
    )
    # every item scored 40: build the scores through the results model
    from healthcheck.results.model import SurveyScore

    survey = survey.model_copy(
        update={
            "scores": [
                SurveyScore(level="item", id=i.id, name_zh="", name_en="", n=100, score=40.0)
                for i in SPEC.items
            ]
        }
    )
    scores = indicator_scores(survey, items)
    plain = grade_city(plan, obs, 2025).set_index("id")
    lowered = grade_city(plan, obs, 2025, survey=scores).set_index("id")
    graded = [i for i in lowered.index if i in items and plain.loc[i, "grade"] is not None]
    assert graded
    down = lowered.loc[graded]
    assert down["survey_downgrade"].any()
    for i in graded:
        if plain.loc[i, "grade"] != "insufficient":
            assert bool(lowered.loc[i, "survey_downgrade"]), i
            assert lowered.loc[i, "grade"] != plain.loc[i, "grade"]


def test_unit_scores_by_hand() -> None:
    """Per 社区: the weighted mean of each respondent's mean on the indicator's items; a 社区
    with fewer than the minimum answering has no score."""
    from healthcheck.engine.survey import unit_scores
    from healthcheck.inputs.survey import SurveyInput

    rows = []
    for k in range(8):  # 社区 c1: 8 respondents; c2: 2
        rows.append(
            {
                "community": "c1",
                "street": "s1",
                "district": "d",
                "a": 100.0,
                "b": 50.0 if k % 2 else None,
            }
        )
    rows += [{"community": "c2", "street": "s1", "district": "d", "a": 0.0, "b": 0.0}] * 2
    frame = pd.DataFrame(rows)
    data = SurveyInput(
        spec=SPEC.model_copy(
            update={
                "items": [
                    SPEC.items[0].model_copy(update={"id": "a"}),
                    SPEC.items[1].model_copy(update={"id": "b"}),
                ]
            }
        ),
        path=Path("x.csv"),
        responses=frame,
        read=10,
        unusable={},
    )
    w = np.array([1.0, 3.0] * 4 + [1.0, 1.0])
    out = unit_scores(data, {"N": ["a", "b"]}, weights=w).set_index(["unit_level", "unit"])
    # c1: the odd respondents (weight 3) mean 75, the even (weight 1) 100 -> (4·100 + 12·75) / 16
    assert out.loc[("community", "c1"), "score"] == pytest.approx((4 * 100 + 12 * 75) / 16)
    assert pd.isna(out.loc[("community", "c2"), "score"])
    # the 街道 holds both: (400 + 900 + 0) / 18
    assert out.loc[("street", "s1"), "score"] == pytest.approx(1300 / 18)
    assert out.loc[("street", "s1"), "n"] == 10
