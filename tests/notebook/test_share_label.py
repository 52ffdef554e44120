"""The 问题清单 chart's bar label: the distance as a % of the target, never a misleading 0.0."""

from __future__ import annotations

from healthcheck.notebook.summary import share_label


def test_a_tiny_distance_is_labelled_below_a_tenth_not_zero() -> None:
    # U02: 99.9986 % against 99.999 %, 0.0004 of 99.999 = 0.0004 % of the target
    assert share_label(0.0004) == "<0.1"
    assert share_label(0.049) == "<0.1"
    assert share_label(0.05) == "0.1"
    assert share_label(22.4) == "22.4"
    assert share_label(0.0) == "0.0"  # no distance: said as it is
