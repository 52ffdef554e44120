"""Numbers, verdicts and spans as the report prints them, in both languages."""

from __future__ import annotations

import math
from typing import Literal, Protocol

from healthcheck.kinds import kind
from healthcheck.text import finite, fmt_pp, fmt_value, i18n
from healthcheck.text.numbers import MINUS, indicator_decimals, value_text

__all__ = [
    "Unit",
    "int_or_none",
    "minus",
    "raw",
    "signed_value",
    "text",
    "value",
    "verdict",
    "year_span",
]

Lang = Literal["zh", "en"]


class Unit(Protocol):
    """What formatting a value needs: its kind and unit (an Indicator or an IndicatorRow)."""

    @property
    def kind(self) -> str: ...
    @property
    def unit_zh(self) -> str: ...
    @property
    def unit_en(self) -> str: ...


def int_or_none(x: object) -> int | None:
    v = finite(x)
    return int(v) if v is not None else None


def minus(text: str) -> str:
    """A typographic minus sign for a leading hyphen: -20.0% -> −20.0%."""
    return MINUS + text[1:] if text.startswith("-") else text


def verdict(
    table: Literal["verdict", "category", "category_final"], key: str | None
) -> dict[str, str]:
    """A verdict or category as symbol + words, in both languages (``category_final``: the
    category of a final assessment, read as the trajectory over the period)."""
    entries = {"verdict": i18n.VERDICT, "category": i18n.CATEGORY}.get(table, i18n.CATEGORY_FINAL)
    if not key or key in ("none", "not_assessed"):
        return {"key": "none", "sym": "–", "zh": "不适用", "en": "not applicable"}
    zh, en, sym = entries.get(key, (key, key.replace("_", " "), "?"))
    return {"key": key, "sym": sym, "zh": zh, "en": en}


def value(unit: Unit, x: object, lang: Lang) -> str:
    """A value of a series in its unit; a milestone's as done / not yet.  ``unit`` an
    Indicator of the plan: with its decimals (the one number policy of
    :mod:`healthcheck.text.numbers`); else as many decimals as the value has."""
    v = finite(x)
    if v is None:
        return "—"
    if kind(unit.kind).family == "milestone":
        done = v >= 0.5
        return ("已完成" if done else "未完成") if lang == "zh" else ("done" if done else "not yet")
    if hasattr(unit, "decimals"):
        return value_text(v, unit, lang)  # type: ignore[arg-type]
    return fmt_value(v, unit.unit_zh, unit.unit_en, lang)


def signed_value(unit: Unit, x: object, lang: Lang) -> str:
    """A signed difference; of percentages, in percentage points."""
    v = finite(x)
    if v is None:
        return "—"
    if unit.unit_zh.strip() == "%" or unit.unit_en.strip() == "%":
        digits = indicator_decimals(unit) if hasattr(unit, "decimals") else 1  # type: ignore[arg-type]
        return fmt_pp(v / 100, lang, digits)
    return ("+" if v >= 0 else MINUS) + value(unit, abs(v), lang)


def raw(v: float | None) -> str:
    """A value as the data file holds it (full precision, no grouping)."""
    if v is None:
        return "—"
    out = f"{v:.10g}"
    return out.replace("-", MINUS) if out.startswith("-") else out


def year_span(years: list[int]) -> str:
    """2020, 2021, 2022, 2024 -> "2020–2022, 2024"."""
    ys = sorted(set(years))
    parts: list[str] = []
    start = prev = ys[0]
    for y in [*ys[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


def text(x: object) -> str:
    """A cell of the data as text ("" for a missing value)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return str(x)
