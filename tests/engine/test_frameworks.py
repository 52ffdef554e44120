"""The framework seam: the registry, the protocol, and plan_targets as today's method."""

from __future__ import annotations

import pandas as pd
import pytest

from healthcheck.engine import (
    FRAMEWORKS,
    INTERNATIONAL_CATEGORIES,
    SCHEDULE_VERDICTS,
    THRESHOLDS_NO_TARGET,
    THRESHOLDS_TARGET,
    ZERO_TARGET_REPLACEMENT,
    Framework,
    assess_districts,
    assess_plan,
    framework,
    rollup,
    shortfalls,
)
from healthcheck.errors import InputError
from healthcheck.inputs.plan import Plan
from healthcheck.results.model import SummaryResults
from tests.engine.factories import CENTRAL, make_indicator, make_plan, obs_frame


def test_registry_names_match_and_satisfy_the_protocol() -> None:
    assert "plan_targets" in FRAMEWORKS
    for name, fw in FRAMEWORKS.items():
        assert fw.name == name
        assert isinstance(fw, Framework)
        assert fw.systems, name
        for system, vocabulary in fw.systems.items():
            assert vocabulary and len(set(vocabulary)) == len(vocabulary), system


def test_framework_by_name() -> None:
    assert framework("plan_targets") is FRAMEWORKS["plan_targets"]


def test_unknown_framework_is_an_input_error_naming_the_known_ones() -> None:
    with pytest.raises(InputError) as info:
        framework("mohurd_2099")
    (problem,) = info.value.problems
    assert problem.file == "plan.yaml" and problem.column == "framework"
    assert "mohurd_2099" in problem.found
    assert "plan_targets" in problem.expected
    assert info.value.exit_code == 2


def test_default_plan_names_a_registered_framework() -> None:
    plan = make_plan([make_indicator()], [])
    assert plan.framework == "plan_targets"
    assert framework(plan.framework).name == plan.framework


def small() -> tuple[Plan, pd.DataFrame]:
    lvl = make_indicator(id="A1", domain="a", district_scope="central")
    down = make_indicator(id="A2", domain="a", direction="down", target=10.0)
    trend = make_indicator(id="B1", domain="b", kind="trend", target=None)
    plan = make_plan([lvl, down, trend], CENTRAL)
    obs = obs_frame([
        ("A1", 2020, "", 50.0), ("A1", 2022, "", 55.0),
        ("A1", 2022, "420102", 95.0), ("A1", 2022, "420103", 60.0),
        ("A2", 2020, "", 20.0), ("A2", 2022, "", 22.0),
        ("B1", 2021, "", 5.0), ("B1", 2022, "", 4.0),
    ])  # fmt: skip
    return plan, obs


def test_plan_targets_is_todays_method() -> None:
    fw = framework("plan_targets")
    plan, obs = small()
    assessed = fw.assess(plan, obs, 2022)
    pd.testing.assert_frame_equal(assessed, assess_plan(plan, obs, 2022))
    pd.testing.assert_frame_equal(
        fw.districts(plan, obs, 2022),
        assess_districts(plan, obs, 2022),
    )
    short = fw.shortfalls(assessed)
    pd.testing.assert_frame_equal(short, shortfalls(assessed))
    # A1 behind (c 0.1 < e 0.4), A2 moving away (rose where lower is better), B1 fell
    assert list(short["id"]) == ["A2", "A1", "B1"]
    assert dict(fw.systems) == {
        "schedule_verdict": SCHEDULE_VERDICTS,
        "international_category": INTERNATIONAL_CATEGORIES,
    }
    for system in fw.systems:
        pd.testing.assert_frame_equal(fw.rollup(assessed, system), rollup(assessed, system))


def test_plan_targets_rollup_refuses_an_unknown_system() -> None:
    plan, obs = small()
    fw = framework("plan_targets")
    assessed = fw.assess(plan, obs, 2022)
    with pytest.raises(ValueError, match="no verdict system 'kind'.*schedule_verdict"):
        fw.rollup(assessed, "kind")


def test_plan_targets_method_parameters() -> None:
    method = framework("plan_targets").method()
    assert method == {
        "thresholds_target": [0.95, 0.60, 0.0],
        "thresholds_trend": [0.015, 0.005, 0.0],
        "zero_target": 0.001,
        "tolerance": 1e-9,
        "near_baseline": 0.02,
        "completion_max": 2.0,
        "far_short": 0.1,
    }
    assert method["thresholds_target"] == list(THRESHOLDS_TARGET)
    assert method["thresholds_trend"] == list(THRESHOLDS_NO_TARGET)
    assert method["zero_target"] == ZERO_TARGET_REPLACEMENT
    # what the summary notebook stores for the methodology appendix
    assert SummaryResults(framework="plan_targets", domain="summary", year=2022, title_zh="t",
                          title_en="t", method=method).method == method  # fmt: skip
