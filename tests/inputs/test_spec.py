"""The number policy for hand-typed cells."""

import pytest

from healthcheck.inputs.spec import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        (" 12.5 ", 12.5),
        ("-3", -3.0),
        ("1,234.5", 1234.5),
        ("12,345,678", 12345678.0),
        ("１２３４．５", 1234.5),
        ("－３", -3.0),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("\u22123", -3.0),  # MINUS SIGN, as Word and some exports write it
        ("\u22121,234.5", -1234.5),
        ("１，２３４", 1234.0),  # full-width digits and comma
    ],
)
def test_accepted(text, value):
    assert parse_number(text) == (value, None)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "an empty cell"),
        ("95%", "unit or text '%'"),
        ("12万", "unit or text '万'"),
        ("3 km", "unit or text 'km'"),
        ("1,5", "not a number"),
        ("12,34", "not a number"),
        ("约5", "not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
    ],
)
def test_refused_with_reason(text, why):
    value, reason = parse_number(text)
    assert value is None
    assert why in reason
