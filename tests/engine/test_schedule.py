"""The verdict families: one per family of the indicator kinds, chosen by the kind's entry."""

from __future__ import annotations

from dataclasses import replace

import pytest

from healthcheck.engine import assess_series
from healthcheck.engine.schedule import FAMILIES
from healthcheck.kinds import KINDS
from tests.engine.factories import make_indicator


def test_families_cover_exactly_the_families_of_the_kinds() -> None:
    assert set(FAMILIES) == {k.family for k in KINDS.values()}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_is_assessed(name: str) -> None:
    target = 1.0 if KINDS[name].has_target_value else None
    a = assess_series(make_indicator(kind=name, target=target), {2020: 1, 2021: 1}, 2021)
    assert "unknown kind" not in a.note
    assert a.kind == name


def test_the_kind_entry_decides_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    # a level read as a running sum of annual amounts, with a target derived from the
    # baseline: the engine follows the registry entry, not the kind's name
    ind = make_indicator(kind="level", target=10.0)
    series = {2021: 2.0, 2022: 3.0}
    plain = assess_series(ind, series, 2022)
    assert plain.value == 3.0 and plain.target_value == 10.0 and plain.added is None
    summed = replace(KINDS["level"], running_sum=True, reports_added=True)
    monkeypatch.setitem(KINDS, "level", summed)
    a = assess_series(ind, series, 2022)
    assert a.value == 5.0 and a.baseline == 0.0  # 2 + 3, from (2020, 0)
    assert a.added == 5.0
    grown = replace(KINDS["level"], running_sum=False, target_from_baseline="grow")
    monkeypatch.setitem(KINDS, "level", grown)
    b = assess_series(ind, {2020: 50.0, 2022: 53.0}, 2022)
    assert b.target_value == pytest.approx(55.0)  # 50 * (1 + 10 / 100)
