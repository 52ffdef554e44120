"""The international category at the edges of its thresholds (section C)."""

from __future__ import annotations

import pytest

from healthcheck.engine import THRESHOLDS_NO_TARGET, THRESHOLDS_TARGET
from healthcheck.engine.international import category

approx = pytest.approx


# --------------------------------------------------------------------------------------------
# International thresholds at their edges


@pytest.mark.parametrize(
    ("measure", "thresholds", "expected"),
    [
        (0.95, THRESHOLDS_TARGET, "on_track"),
        (0.95 - 1e-12, THRESHOLDS_TARGET, "on_track"),  # within the tolerance
        (0.9499, THRESHOLDS_TARGET, "progress_needs_acceleration"),
        (0.60, THRESHOLDS_TARGET, "progress_needs_acceleration"),
        (0.5999, THRESHOLDS_TARGET, "limited_progress"),
        (0.0, THRESHOLDS_TARGET, "limited_progress"),
        (-0.0001, THRESHOLDS_TARGET, "deterioration"),
        (0.015, THRESHOLDS_NO_TARGET, "on_track"),
        (0.0149, THRESHOLDS_NO_TARGET, "progress_needs_acceleration"),
        (0.005, THRESHOLDS_NO_TARGET, "progress_needs_acceleration"),
        (0.0049, THRESHOLDS_NO_TARGET, "limited_progress"),
        (0.0, THRESHOLDS_NO_TARGET, "limited_progress"),
        (-0.0001, THRESHOLDS_NO_TARGET, "deterioration"),
    ],
)
def test_category_thresholds(
    measure: float, thresholds: tuple[float, float, float], expected: str
) -> None:
    assert category(measure, thresholds) == expected


def test_thresholds_are_open_sdg_defaults() -> None:
    assert THRESHOLDS_TARGET == (0.95, 0.60, 0.0)
    assert THRESHOLDS_NO_TARGET == (0.015, 0.005, 0.0)
