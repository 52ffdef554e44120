"""Numbers as each language writes them, and the one sign rule of every signed change."""

from pathlib import Path

import pytest

from healthcheck.inputs.plan import load_plan
from healthcheck.text.numbers import (
    MINUS,
    decimals,
    finite,
    fmt_number,
    fmt_percent,
    fmt_pp,
    fmt_rate,
    fmt_value,
    sign,
    signed_value,
    value_text,
)

ROOT = Path(__file__).resolve().parents[2]
PLAN = load_plan(ROOT / "data" / "plan")


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


@pytest.mark.parametrize(
    ("x", "zh", "en"),
    [
        (0, "0", "0"),
        (9999, "9999", "9,999"),
        (12346, "1.235万", "12,346"),
        (2.5e8, "2.5亿", "250 million"),
        (1.5e9, "15亿", "1.5 billion"),
        (3e12, "3万亿", "3,000 billion"),
        (-2.5e8, "-2.5亿", "-250 million"),
    ],
)
def test_wan_and_yi_scaling(x, zh, en):
    assert fmt_number(x, "zh") == zh
    assert fmt_number(x, "en") == en


def test_scale_multiplies_first():
    assert fmt_number(1.8, "zh", 1e4) == "1.8万"
    assert fmt_number(18000, "zh", 1e4) == "1.8亿"


def test_sign_rule_zero_is_plus_and_negative_is_the_minus_sign():
    assert MINUS == "\u2212"
    assert sign(0) == "+" and sign(-0.0) == "+" and sign(2) == "+"
    assert sign(-1e-9) == MINUS


@pytest.mark.parametrize(
    ("fraction", "zh", "en"),
    [
        (0.0, "+0.0个百分点", "+0.0 pp"),
        (-0.0, "+0.0个百分点", "+0.0 pp"),
        (-0.13, "−13.0个百分点", "−13.0 pp"),
        (0.056, "+5.6个百分点", "+5.6 pp"),
        (None, "—", "—"),
        (float("nan"), "—", "—"),
    ],
)
def test_percentage_points(fraction, zh, en):
    assert fmt_pp(fraction, "zh") == zh
    assert fmt_pp(fraction, "en") == en
    assert "-" not in fmt_pp(fraction, "en")  # never a hyphen for minus


def test_growth_rates_are_signed_and_show_small_rates():
    assert fmt_rate(0.032, "en") == "+3.2%"
    assert fmt_rate(-0.01, "zh") == "−1.0%"
    assert fmt_rate(0.0, "en") == "+0.0%"
    assert fmt_rate(0.00004, "en") == "+0.0040%"
    assert fmt_rate(None, "en") == "—"


def test_signed_value_of_an_indicator():
    days = PLAN.indicator("E07")  # 天 / days
    assert signed_value(-4, days, "zh") == "−4天"
    assert signed_value(-4, days, "en") == "−4 days"
    assert signed_value(0, days, "zh") == "+0天"
    assert signed_value(12, days, "en") == "+12 days"
    assert signed_value(None, days, "en") == "—"
    assert signed_value(75, PLAN.indicator("U01"), "zh") == "+75万吨/日"
    pct = PLAN.indicator("U02")  # %: a change of a percentage is in percentage points
    assert signed_value(-1.5, pct, "en") == "−1.5 pp"
    assert signed_value(0.0, pct, "zh") == "+0.0个百分点"


def test_finite():
    assert finite("1.5") == 1.5 and finite(2) == 2.0
    assert finite(None) is None and finite(True) is None and finite("x") is None
    assert finite(float("nan")) is None and finite(float("inf")) is None


def test_decimals():
    assert decimals(99.999) == 3 and decimals(12.0) == 0 and decimals(0.125) == 3


def test_values_next_to_a_target_keep_its_precision():
    ind = PLAN.indicator("U02")  # target 99.999 %
    assert value_text(99.9986, ind, "zh", 99.999) == "99.9986%"
    assert value_text(99.999, ind, "en", 99.999) == "99.999%"
    assert value_text(99.5, ind, "en") == "99.5%"
    ind = PLAN.indicator("T01")
    assert value_text(18000, ind, "zh") == "1.8亿人次/年"
    assert value_text(None, ind, "zh") == "—"
