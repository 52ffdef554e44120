"""Numbers as each language writes them: the one family of number formatters of the library.

:func:`fmt_number` writes a bare count as each language reads it: Chinese by 万 (10^4) and 亿
(10^8), 1.8亿; English by thousands and million / billion, 180 million.  A value with a unit is
never rescaled (:func:`fmt_value`, :func:`value_text`): a unit whose Chinese form starts with 万
(万人次/年) and whose English form with "10k" holds values in tens of thousands, and the value
is written in it: 18,000万人次/年, 18,000 × 10k trips per year.

Every signed change (a change of a value, a schedule gap in percentage points, an annual growth
rate) follows one rule, :func:`sign`: ``+`` for zero and above, the minus sign U+2212 ``−``
below zero (never a hyphen, never ``±``).  A missing number is written ``—``.

**An indicator's values** (:func:`value_text`, :func:`indicator_number`) follow one policy in
both languages, in the text, the tables and the charts: the indicator's own unit (no 万 / 亿 /
million rescaling: T01 is 16,500万人次/年 in the text, the table and on the axis), a fixed
number of decimals per indicator (:func:`indicator_decimals`: the ``decimals`` column of
``indicators.csv``, else the target's), thousands grouped with a comma, and U+2212 for a
negative value.  :func:`grouped` is the one function that writes such a number; the charts'
tick labels call it too.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from healthcheck.text.i18n import Lang

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Indicator

__all__ = [
    "MINUS",
    "MISSING",
    "decimals",
    "finite",
    "fmt_ratio",
    "grouped",
    "indicator_decimals",
    "indicator_number",
    "fmt_number",
    "fmt_percent",
    "fmt_pp",
    "fmt_rate",
    "fmt_value",
    "sign",
    "signed_value",
    "value_text",
]

#: the minus sign of every negative number the library writes (U+2212, not a hyphen)
MINUS = "\u2212"
#: how a missing number is written
MISSING = "—"


def finite(x: object) -> float | None:
    """``x`` as a finite float, or None for None, NaN, pandas' NA, booleans and text."""
    if x is None or isinstance(x, bool) or type(x).__name__ == "bool_":
        return None
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def sign(x: float) -> str:
    """The sign of a change: ``+`` for zero and above, ``−`` (U+2212) below zero.

    The one rule of every signed number the library writes; a change that rounds to nothing
    is written without a sign (:func:`fmt_pp`, :func:`signed_value`: ``0.0 pp``, ``0天``)."""
    return MINUS if x < 0 else "+"


def _trim(x: float, digits: int) -> str:
    text = f"{abs(x):,.{digits}f}" if digits > 0 else f"{abs(x):,.0f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (MINUS if x < 0 else "") + text


def _digits(x: float) -> int:
    """Decimals that keep about four significant figures, at most 3."""
    ax = abs(x)
    if ax == 0:
        return 0
    if ax >= 1000:
        return 1
    return min(3, max(0, 3 - int(math.floor(math.log10(ax)))))


def _plain(x: float) -> str:
    """Up to six significant figures, grouped, trailing zeros dropped: 99.999 stays 99.999;
    a negative value with U+2212."""
    text = f"{abs(x):,.6g}"
    if "e" in text:
        text = f"{abs(x):,.0f}"
    return (MINUS if x < 0 and text.strip("0.,") else "") + text


def fmt_number(x: float | None, lang: Lang, scale: float = 1.0) -> str:
    """A number as the language writes it; ``scale`` multiplies first (1e4 for 万 units)."""
    if _missing(x):
        return MISSING
    assert x is not None
    n = x * scale
    an = abs(n)
    if lang == "zh":
        for size, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
            if an >= size:
                return _trim(n / size, _digits(n / size)).replace(",", "") + word
        return _plain(n).replace(",", "")
    if an >= 1e9:
        return _trim(n / 1e9, _digits(n / 1e9)) + " billion"
    if an >= 1e6:
        return _trim(n / 1e6, _digits(n / 1e6)) + " million"
    return _plain(n)


def fmt_value(
    x: float | None, unit_zh: str, unit_en: str, lang: Lang, digits: int | None = None
) -> str:
    """A value with its unit, in the unit's own scale (no 万 / 亿 / million rescaling):
    ``fmt_value(18000, "万人次/年", "10k trips per year", "zh")`` gives ``18,000万人次/年``; in
    English ``18,000 × 10k trips per year``.  ``digits``: fixed decimals (an indicator's, see
    :func:`value_text`); None: as many as the value has, up to six significant figures."""
    if _missing(x):
        return MISSING
    assert x is not None
    number = grouped(x, digits) if digits is not None else _plain(x)
    return _with_unit(number, unit_zh, unit_en, lang)


def grouped(x: float, digits: int) -> str:
    """``x`` with exactly ``digits`` decimals, thousands grouped by a comma and a negative value
    signed by U+2212: ``grouped(-12345.678, 1)`` is ``−12,345.7``.  A value that rounds to zero
    is ``0`` (never ``−0``)."""
    text = f"{abs(x):,.{max(0, digits)}f}"
    negative = x < 0 and any(c in "123456789" for c in text)
    return (MINUS if negative else "") + text


def fmt_ratio(x: float | None, digits: int = 2) -> str:
    """A ratio of two rates: ``0.71``, ``−0.06`` (U+2212)."""
    if _missing(x):
        return MISSING
    assert x is not None
    return grouped(x, digits)


def fmt_percent(fraction: float | None, lang: Lang, digits: int = 1) -> str:
    """A fraction as a percentage: 0.634 -> 63.4%, -0.064 -> −6.4% (U+2212)."""
    if _missing(fraction):
        return MISSING
    assert fraction is not None
    return grouped(fraction * 100, digits) + "%"


def fmt_pp(fraction: float | None, lang: Lang, digits: int = 1) -> str:
    """A difference of fractions in percentage points, signed: -0.12 -> −12.0个百分点 / −12.0 pp;
    no sign where it rounds to nothing (0.0 pp: the schedule gap of a target met on time)."""
    if _missing(fraction):
        return MISSING
    assert fraction is not None
    v = fraction * 100
    digits_text = f"{abs(v):.{digits}f}"
    text = digits_text if float(digits_text) == 0 else sign(v) + digits_text
    return f"{text}个百分点" if lang == "zh" else f"{text} pp"


def fmt_rate(x: float | None, lang: Lang) -> str:
    """An annual growth rate, signed, with one decimal, or enough to show a small rate: +3.2% /
    −1.0% / +0.004%."""
    if x is None:
        return MISSING
    pct = x * 100
    digits = 1 if abs(pct) >= 0.1 or pct == 0 else min(4, 1 - int(math.floor(math.log10(abs(pct)))))
    return sign(pct) + f"{abs(pct):.{digits}f}%"


def decimals(x: float) -> int:
    """The decimals ``x`` is written with (at most 6): 99.999 -> 3, 12.0 -> 0."""
    text = f"{x:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def indicator_decimals(ind: Indicator) -> int:
    """The decimals every value of ``ind`` is written with: the ``decimals`` column of
    ``indicators.csv``; where it is empty, the target's (or threshold's) decimals, and at
    least one for a percentage or a target under 100 (10 minutes: a change of 2.5 minutes is
    never printed as 2)."""
    if getattr(ind, "decimals", None) is not None:
        return int(ind.decimals)  # type: ignore[arg-type]
    goal = getattr(ind, "goal", None)
    digits = decimals(goal) if goal is not None else 1
    small = goal is not None and abs(goal) < 100
    return max(digits, 1 if ind.unit_zh.strip() == "%" or small else 0)


def indicator_number(x: float, ind: Indicator, like: float | None = None) -> str:
    """A value of ``ind`` as a bare number: its decimals, grouped (``16,500``, ``99.9904``).

    Next to a target ``like``, more decimals only where the fixed ones would print the value
    as the target while it is not (99.9986 % is never printed as the target 99.999 %)."""
    digits = indicator_decimals(ind)
    if like is not None and abs(x - like) > 1e-12:
        while digits < 6 and grouped(x, digits) == grouped(like, digits):
            digits += 1
    return grouped(x, digits)


def _with_unit(number: str, unit_zh: str, unit_en: str, lang: Lang) -> str:
    """A number with its unit as the language writes it: ``16,500万人次/年``; in English a
    unit in tens of thousands as a factor, ``16,500 × 10k trips per year``."""
    if unit_zh.strip() == "%":
        return number + "%"
    if lang == "zh":
        return number + unit_zh.strip()
    unit = unit_en.strip()
    if not unit:
        return number
    if unit.lower().startswith(("10k ", "100 million ")):
        return f"{number} × {unit}"
    return f"{number} {unit}"


def value_text(x: float | None, ind: Indicator, lang: Lang, like: float | None = None) -> str:
    """A value with the indicator's unit, as the language writes it, by the one number policy
    (the indicator's unit and decimals, see the module's docstring)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return MISSING
    return _with_unit(indicator_number(x, ind, like), ind.unit_zh, ind.unit_en, lang)


def signed_value(x: float | None, ind: Indicator, lang: Lang) -> str:
    """A change of an indicator's value, signed by :func:`sign`: ``+75万吨/日``, ``−4 days``;
    a change of a percentage in percentage points (``+1.5 pp``)."""
    v = finite(x)
    if v is None:
        return MISSING
    if ind.is_percentage:
        return fmt_pp(v / 100, lang, indicator_decimals(ind))
    text = value_text(abs(v), ind, lang)
    return text if round(abs(v), indicator_decimals(ind)) == 0 else sign(v) + text
