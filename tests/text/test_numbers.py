"""Numbers as each language writes them, and the one sign rule of every signed change."""

import dataclasses
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
    fmt_ratio,
    fmt_value,
    grouped,
    indicator_decimals,
    indicator_number,
    sign,
    signed_value,
    value_text,
)

ROOT = Path(__file__).resolve().parents[2]
PLAN = load_plan(ROOT / "data" / "plan")


@pytest.mark.parametrize(
    ("value", "unit_zh", "unit_en", "zh", "en"),
    [
        # one scale: the unit's own, never rescaled to 亿 or million
        (18000, "万人次/年", "10k trips per year", "18,000万人次/年",
         "18,000 × 10k trips per year"),
        (1280.2, "万人次/年", "10k passengers per year", "1,280.2万人次/年",
         "1,280.2 × 10k passengers per year"),
        (20.5, "万个", "10k points", "20.5万个", "20.5 × 10k points"),
        (20000, "吨/日", "tonnes per day", "20,000吨/日", "20,000 tonnes per day"),
        (4700, "公里", "km", "4,700公里", "4,700 km"),
        (1135, "立方米/秒", "m³/s", "1,135立方米/秒", "1,135 m³/s"),
        (-3.5, "立方米/秒", "m³/s", "−3.5立方米/秒", "−3.5 m³/s"),
        (99.999, "%", "%", "99.999%", "99.999%"),
        (8.8, "张/千人", "beds per 1000 residents", "8.8张/千人", "8.8 beds per 1000 residents"),
        (None, "%", "%", "—", "—"),
    ],
)  # fmt: skip
def test_fmt_value(value, unit_zh, unit_en, zh, en):
    assert fmt_value(value, unit_zh, unit_en, "zh") == zh
    assert fmt_value(value, unit_zh, unit_en, "en") == en


def test_fmt_value_with_fixed_decimals():
    assert fmt_value(47.1, "%", "%", "zh", 2) == "47.10%"
    assert fmt_value(16500, "万人次/年", "10k trips per year", "zh", 1) == "16,500.0万人次/年"


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
        (-2.5e8, "−2.5亿", "−250 million"),
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
        (0.0, "0.0个百分点", "0.0 pp"),  # nothing has no sign
        (-0.0, "0.0个百分点", "0.0 pp"),
        (-0.0004, "0.0个百分点", "0.0 pp"),  # rounds to nothing
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
    assert signed_value(0, days, "zh") == "0天"
    assert signed_value(12, days, "en") == "+12 days"
    assert signed_value(None, days, "en") == "—"
    assert signed_value(75, PLAN.indicator("U01"), "zh") == "+75万吨/日"
    assert signed_value(-75, PLAN.indicator("U01"), "en") == "−75 × 10k m³ per day"
    pct = PLAN.indicator("M02")  # %: a change of a percentage is in percentage points
    assert signed_value(-1.5, pct, "en") == "−1.5 pp"
    assert signed_value(0.0, pct, "zh") == "0.0个百分点"
    # in the indicator's decimals: U02 is written with four
    assert signed_value(-0.0014, PLAN.indicator("U02"), "zh") == "−0.0014个百分点"


def test_finite():
    assert finite("1.5") == 1.5 and finite(2) == 2.0
    assert finite(None) is None and finite(True) is None and finite("x") is None
    assert finite(float("nan")) is None and finite(float("inf")) is None


def test_decimals():
    assert decimals(99.999) == 3 and decimals(12.0) == 0 and decimals(0.125) == 3


def test_values_next_to_a_target_keep_its_precision():
    ind = PLAN.indicator("U02")  # target 99.999 %, written with 4 decimals
    assert value_text(99.9986, ind, "zh", 99.999) == "99.9986%"
    assert value_text(99.999, ind, "en", 99.999) == "99.9990%"
    assert value_text(99.5, ind, "en") == "99.5000%"
    # more decimals only where the fixed ones would print a missed target as met
    m02 = PLAN.indicator("M02")  # 1 decimal, target 80
    assert value_text(79.96, m02, "zh", 80) == "79.96%"
    assert value_text(79.5, m02, "zh", 80) == "79.5%"
    ind = PLAN.indicator("T01")
    assert value_text(18000, ind, "zh") == "18,000万人次/年"
    assert value_text(None, ind, "zh") == "—"


def test_decimals_are_the_indicators_not_the_values():
    m11 = PLAN.indicator("M11")  # decimals 2 in indicators.csv (the target 42.17 %)
    assert indicator_decimals(m11) == 2
    assert [value_text(v, m11, "zh") for v in (47.1, 47.41, 43)] == ["47.10%", "47.41%", "43.00%"]
    t05 = PLAN.indicator("T05")  # 1 decimal: 912 km is 912.0 km beside 935.4 km
    assert [value_text(v, t05, "en") for v in (912, 935.44)] == ["912.0 km", "935.4 km"]
    assert indicator_number(18000, PLAN.indicator("T01")) == "18,000"


def test_decimals_default_to_the_targets():
    base = PLAN.indicator("M11")
    assert indicator_decimals(dataclasses.replace(base, decimals=None)) == 2  # 42.17
    pct = dataclasses.replace(PLAN.indicator("T06"), decimals=None)  # 95 %: at least one
    assert indicator_decimals(pct) == 1
    km = dataclasses.replace(PLAN.indicator("T05"), decimals=None)  # 1000 km
    assert indicator_decimals(km) == 0 and value_text(935.44, km, "zh") == "935公里"
    minutes = dataclasses.replace(PLAN.indicator("S07"), decimals=None)  # 10 minutes: one
    assert value_text(-2.5, minutes, "en") == "−2.5 minutes"


def test_one_minus_sign_everywhere():
    """U+2212 in every negative number the library writes; a hyphen never precedes a digit."""
    texts = [
        grouped(-1234.5, 1), fmt_percent(-0.064, "zh"), fmt_ratio(-0.06), fmt_pp(-0.1, "en"),
        fmt_rate(-0.02, "zh"), fmt_number(-12.5, "en"), fmt_value(-5, "天", "days", "en"),
        value_text(-5, PLAN.indicator("E07"), "zh"),
    ]  # fmt: skip
    assert texts[:3] == ["−1,234.5", "−6.4%", "−0.06"]
    for text in texts:
        assert text.startswith(MINUS) and "-" not in text, text
    assert grouped(-0.004, 2) == "0.00"  # never "−0.00"
