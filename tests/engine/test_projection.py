"""Projection to the target year (section D), on a series worked out by hand."""

from __future__ import annotations

import pytest

from healthcheck.engine import assess_series
from tests.engine.factories import make_indicator

approx = pytest.approx


# --------------------------------------------------------------------------------------------
# Projection


def test_linear_series_projects_exactly() -> None:
    a = assess_series(make_indicator(), {2019: 0, 2020: 50, 2021: 58, 2022: 66, 2023: 74}, 2023)
    # slope 8 a year (2019 is before t0 and not used): 74 + 8 * 2 = 90
    assert a.projected_linear == approx(90)
    assert a.anticipated_completion == approx(0.8)  # (90 - 50) / 50
    assert a.likely_met is False  # 90 < 100
    # CAGR(74, 50, 3) = 0.139604; 74 * 1.139604 ** 2 = 96.1036
    assert a.projected_cagr == approx(96.10357201)
