"""The house style: the font, the text helpers, and the one status legend helper."""

from __future__ import annotations

import re

import matplotlib

from healthcheck.charts import (
    FONT,
    ILLUSTRATIVE_LABEL,
    bilingual,
    setup_style,
    short_number,
    status_handles,
    unit_label,
)
from healthcheck.charts.style import ESTIMATE
from healthcheck.inputs.status import STATUSES


def test_style_names_the_font_and_writes_the_minus_sign():
    setup_style()
    assert matplotlib.rcParams["font.family"][0] == FONT
    assert matplotlib.rcParams["axes.unicode_minus"] is True  # U+2212, never a hyphen
    assert matplotlib.rcParams["svg.fonttype"] == "none"
    assert not any(str(f).endswith(".ttc") for f in matplotlib.rcParams["font.family"])


def test_text_helpers():
    assert bilingual("铁路", "Rail") == "铁路 Rail"
    assert "\n" in bilingual("很长的中文名称" * 5, "A long English name " * 3)
    assert unit_label("%", "%") == "%"
    assert unit_label("万人次/年", "10k trips per year") == "万人次/年 10k trips per year"
    assert short_number(18000) == "18,000"
    assert short_number(99.999, 6) == "99.999"
    assert short_number(-3.2) == "−3.2"
    assert re.fullmatch(r"\d+(\.\d+)?", short_number(0.12345))


def labels(handles) -> list[str]:
    return [h.get_label() for h in handles]


def test_status_handles_name_exactly_the_statuses_drawn():
    assert labels(status_handles({"official", "reported"})) == ["公开数据 published"]
    assert labels(status_handles({"estimate"})) == ["推算 estimate"]
    assert labels(status_handles({"reported", "estimate", "illustrative"}, what="累计")) == [
        "累计 公开数据 published",
        "累计 推算 estimate",
        ILLUSTRATIVE_LABEL,
    ]
    assert labels(status_handles([])) == []


def test_status_handles_for_bars_are_filled_or_hatched():
    assert labels(status_handles(["official"], bars=True)) == ["年度完成量 annual amount"]
    hatched = status_handles(["illustrative"], bars=True)
    assert labels(hatched) == ["年度量（示意）annual, illustrative"]
    assert hatched[0].get_hatch() == "////" and hatched[0].get_facecolor()[:3] == (1, 1, 1)
    assert len(status_handles(["estimate", "illustrative"], bars=True)) == 2


def test_the_estimate_marker_is_for_a_real_status():
    assert ESTIMATE in STATUSES
