"""Numbers as each language writes them: the one family of number formatters of the library.

Chinese groups large numbers by 万 (10^4) and 亿 (10^8): 18000万人次 is written 1.8亿人次.
English groups by thousands and says million / billion: 180 million trips.  Units whose Chinese
form starts with 万 (e.g. 万人次/年) and whose English form starts with "10k" hold values in
tens of thousands; :func:`fmt_value` scales them before formatting.

Every signed change (a change of a value, a schedule gap in percentage points, an annual growth
rate) follows one rule, :func:`sign`: ``+`` for zero and above, the minus sign U+2212 ``−``
below zero (never a hyphen, never ``±``).  A missing number is written ``—``.
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

    The one rule of every signed number the library writes: a change of nothing is ``+0``, as
    the schedule gap of an achieved target is ``+0.0 pp``."""
    return MINUS if x < 0 else "+"


def _trim(x: float, digits: int) -> str:
    text = f"{x:,.{digits}f}" if digits > 0 else f"{x:,.0f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _digits(x: float) -> int:
    """Decimals that keep about four significant figures, at most 3."""
    ax = abs(x)
    if ax == 0:
        return 0
    if ax >= 1000:
        return 1
    return min(3, max(0, 3 - int(math.floor(math.log10(ax)))))


def _plain(x: float) -> str:
    """Up to six significant figures, grouped, trailing zeros dropped: 99.999 stays 99.999."""
    text = f"{x:,.6g}"
    if "e" in text:
        text = f"{x:,.0f}"
    return text


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


def _split_unit(unit_zh: str, unit_en: str) -> tuple[float, str, str]:
    if unit_zh.startswith("万") and unit_en.lower().startswith("10k"):
        return 1e4, unit_zh[1:], unit_en[3:].strip()
    if unit_zh.startswith("亿") and unit_en.lower().startswith("100 million"):
        return 1e8, unit_zh[1:], unit_en[len("100 million") :].strip()
    return 1.0, unit_zh, unit_en


def fmt_value(x: float | None, unit_zh: str, unit_en: str, lang: Lang) -> str:
    """A value with its unit: ``fmt_value(18000, "万人次/年", "10k trips per year", "zh")``
    gives ``1.8亿人次/年``; in English ``180 million trips per year``."""
    if _missing(x):
        return MISSING
    scale, uzh, uen = _split_unit(unit_zh, unit_en)
    if unit_zh.strip() == "%":
        return fmt_number(x, lang) + "%"
    if lang == "zh":
        return fmt_number(x, "zh", scale) + uzh
    return f"{fmt_number(x, 'en', scale)} {uen}".strip()


def fmt_percent(fraction: float | None, lang: Lang, digits: int = 1) -> str:
    """A fraction as a percentage: 0.634 -> 63.4%."""
    if _missing(fraction):
        return MISSING
    assert fraction is not None
    return f"{fraction * 100:.{digits}f}%"


def fmt_pp(fraction: float | None, lang: Lang, digits: int = 1) -> str:
    """A difference of fractions in percentage points, signed: -0.12 -> −12.0个百分点 / −12.0 pp."""
    if _missing(fraction):
        return MISSING
    assert fraction is not None
    v = fraction * 100
    text = sign(v) + f"{abs(v):.{digits}f}"
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


def _digits_near(x: float, like: float | None, percentage: bool) -> int:
    """Decimals of ``x`` printed next to ``like``: at least the target's, more where needed to
    tell the two apart."""
    digits = max(decimals(like) if like is not None else 1, 1 if percentage else 0)
    if like is not None:
        while digits < 6 and abs(x - like) > 1e-12 and f"{x:.{digits}f}" == f"{like:.{digits}f}":
            digits += 1
    return digits


def value_text(x: float | None, ind: Indicator, lang: Lang, like: float | None = None) -> str:
    """A value with the indicator's unit, as the language writes it.

    Next to a target ``like``, the value keeps at least the target's decimals, and more where
    needed to tell the two apart (99.9986 % is never printed as the target 99.999 %)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return MISSING
    precise = like is not None and (decimals(like) > 2 or ind.is_percentage)
    if ind.is_percentage or (precise and abs(x) < 1000):
        text = f"{x:.{_digits_near(x, like, ind.is_percentage)}f}"
        if like is None and "." in text:
            text = text.rstrip("0").rstrip(".")
        if ind.is_percentage:
            return text + "%"
        unit = ind.unit_zh if lang == "zh" else f" {ind.unit_en}"
        return (text + unit).rstrip()
    if not ind.unit_zh and not ind.unit_en:
        return fmt_number(x, lang)
    return fmt_value(x, ind.unit_zh, ind.unit_en, lang)


def signed_value(x: float | None, ind: Indicator, lang: Lang) -> str:
    """A change of an indicator's value, signed by :func:`sign`: ``+75万吨/日``, ``−4 days``;
    a change of a percentage in percentage points (``+1.5 pp``)."""
    v = finite(x)
    if v is None:
        return MISSING
    if ind.is_percentage:
        return fmt_pp(v / 100, lang)
    return sign(v) + value_text(abs(v), ind, lang)
