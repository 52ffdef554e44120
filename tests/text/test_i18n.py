"""Bilingual labels; the kinds' labels come from the kind registry."""

import pytest

from healthcheck.kinds import KINDS
from healthcheck.text.i18n import label


def test_labels_in_both_languages():
    assert label("verdict", "behind", "zh") == "慢于时序进度"
    assert label("verdict", "behind", "en") == "behind schedule"
    assert label("category", None, "en") == "—"
    assert label("status", "illustrative", "zh") == "示意数据"


def test_an_unknown_key_is_shown_as_itself():
    assert label("verdict", "sideways", "en") == "sideways"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kind_labels_are_the_registry_s(name):
    assert label("kind", name, "zh") == KINDS[name].label_zh
    assert label("kind", name, "en") == KINDS[name].label_en


def test_an_unknown_table_is_an_error_naming_the_tables():
    with pytest.raises(KeyError, match="known: verdict"):
        label("colour", "red", "en")
