"""Numbers as each language writes them."""

import pytest

from healthcheck.text.i18n import fmt_number, fmt_percent, fmt_pp, fmt_value, label


@pytest.mark.parametrize(
    ("value", "unit_zh", "unit_en", "zh", "en"),
    [
        (18000, "万人次/年", "10k trips per year", "1.8亿人次/年", "180 million trips per year"),
        (
            4200,
            "万人次/年",
            "10k passengers per year",
            "4200万人次/年",
            "42 million passengers per year",
        ),
        (
            1280.2,
            "万人次/年",
            "10k passengers per year",
            "1280.2万人次/年",
            "12.8 million passengers per year",
        ),
        (20.5, "万个", "10k points", "20.5万个", "205,000 points"),
        (20000, "吨/日", "tonnes per day", "2万吨/日", "20,000 tonnes per day"),
        (4700, "公里", "km", "4700公里", "4,700 km"),
        (99.999, "%", "%", "99.999%", "99.999%"),
        (95.5, "%", "%", "95.5%", "95.5%"),
        (8.8, "张/千人", "beds per 1000 residents", "8.8张/千人", "8.8 beds per 1000 residents"),
        (21106.23, "亿元", "100 million yuan", "2.111万亿元", "2,110.6 billion yuan"),
        (None, "%", "%", "—", "—"),
    ],
)
def test_fmt_value(value, unit_zh, unit_en, zh, en):
    assert fmt_value(value, unit_zh, unit_en, "zh") == zh
    assert fmt_value(value, unit_zh, unit_en, "en") == en


def test_fractions_and_points():
    assert fmt_percent(0.634, "zh") == "63.4%"
    assert fmt_pp(-0.123, "zh") == "−12.3个百分点"
    assert fmt_pp(0.05, "en") == "+5.0 pp"
    assert fmt_number(float("nan"), "en") == "—"


def test_labels_in_both_languages():
    assert label("verdict", "behind", "zh") == "慢于时序进度"
    assert label("verdict", "behind", "en") == "behind schedule"
    assert label("category", None, "en") == "—"
