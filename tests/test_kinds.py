"""The registry of indicator kinds: names, families, target wording and the error for an
unknown kind."""

from __future__ import annotations

import pytest

from healthcheck.kinds import KINDS, kind


def test_the_kinds_in_their_order():
    assert list(KINDS) == ["level", "increase", "growth", "cumulative", "trend", "milestone"]
    assert all(name == k.name for name, k in KINDS.items())


def test_the_families():
    assert {name: k.family for name, k in KINDS.items()} == {
        "level": "targeted",
        "increase": "targeted",
        "growth": "targeted",
        "cumulative": "targeted",
        "trend": "trend",
        "milestone": "milestone",
    }
    assert [n for n, k in KINDS.items() if k.has_target_value] == [
        "level",
        "increase",
        "growth",
        "cumulative",
    ]


def test_how_each_kind_reads_its_series_and_target():
    assert [n for n, k in KINDS.items() if k.running_sum] == ["cumulative"]
    assert {n: k.target_from_baseline for n, k in KINDS.items() if k.target_from_baseline} == {
        "increase": "add",
        "growth": "grow",
    }
    assert [n for n, k in KINDS.items() if k.reports_added] == ["increase", "cumulative"]


@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [
        ("trend", "逐年提升", "rise every year"),
        ("milestone", "2025年前完成", "done by 2025"),
        ("level", None, None),
        ("cumulative", None, None),
    ],
)
def test_target_words(name, zh, en):
    assert kind(name).target_words(2025, "zh") == zh
    assert kind(name).target_words(2025, "en") == en


def test_a_milestone_names_its_own_target_year():
    assert kind("milestone").target_words(2030, "en") == "done by 2030"


def test_labels_and_captions_in_both_languages():
    for k in KINDS.values():
        assert k.label_zh and k.label_en and k.caption_zh and k.caption_en, k.name


def test_an_unknown_kind_names_the_known_ones():
    with pytest.raises(KeyError) as info:
        kind("levell")
    assert info.value.args[0] == (
        "unknown indicator kind 'levell'; known: "
        "level, increase, growth, cumulative, trend, milestone"
    )
