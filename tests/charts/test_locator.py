"""The locator map of a district's report: the district filled dark and named, its zone a
shade darker than the other districts, distinguishable in grey."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pytest

from healthcheck.charts.locator import LAND, SUBJECT, ZONE, locator_map
from tests.charts.greyscale import confusable_pairs


def _fills(fig) -> list[str]:
    ax = fig.axes[0]
    return [mcolors.to_hex(c) for coll in ax.collections for c in coll.get_facecolor()]


@pytest.mark.parametrize("code", ["420102", "420117"])
def test_the_district_is_dark_and_named(plan, geo, code) -> None:
    d = plan.district(code)
    fig = locator_map(geo, code, zone_name=plan.zones[d.zone])
    fills = _fills(fig)
    # every district drawn once, the subject dark (drawn again on top, outlined in white)
    assert fills.count(SUBJECT.lower()) == 2
    same_zone = sum(1 for x in plan.districts if x.zone == d.zone and x.code != code)
    assert fills.count(ZONE.lower()) == same_zone
    assert fills.count(LAND.lower()) == len(plan.districts) - same_zone - 1
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert f"{d.name_zh}\n{d.name_en}" in texts and "北 N" in texts
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:3] == [f"{d.name_zh} {d.name_en}",
                          f"{plan.zones[d.zone][0]}其他区 other {plan.zones[d.zone][1]}",
                          "其他区 other districts"]  # fmt: skip
    assert any("示意图" in t.get_text() for t in fig.texts)
    assert confusable_pairs(fig) == []


def test_a_district_without_a_boundary_is_a_key_error(geo) -> None:
    with pytest.raises(KeyError, match="999999"):
        locator_map(geo, "999999")
