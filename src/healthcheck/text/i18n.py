"""Bilingual text: the labels of verdicts and categories, and numbers as each language writes them.

Chinese groups large numbers by 万 (10^4) and 亿 (10^8): 18000万人次 is written 1.8亿人次.
English groups by thousands and says million / billion: 180 million trips.  Units whose Chinese
form starts with 万 (e.g. 万人次/年) and whose English form starts with "10k" hold values in
tens of thousands; :func:`fmt_value` scales them before formatting.
"""

from __future__ import annotations

import math
from typing import Literal

__all__ = [
    "CATEGORY",
    "finite",
    "KIND",
    "STATUS",
    "VERDICT",
    "Lang",
    "fmt_number",
    "fmt_percent",
    "fmt_pp",
    "fmt_value",
    "label",
]

Lang = Literal["zh", "en"]

#: schedule verdicts (methods.md): key -> (zh, en, grey-scale symbol)
VERDICT: dict[str, tuple[str, str, str]] = {
    "achieved": ("已达成", "achieved", "●"),
    "ahead": ("快于时序进度", "ahead of schedule", "▲"),
    "behind": ("慢于时序进度", "behind schedule", "▽"),
    "moving_away": ("背离目标", "moving away", "×"),
    "insufficient_data": ("数据不足", "insufficient data", "?"),
    "not_achieved": ("未达成", "not achieved", "○"),
    "done": ("已完成", "done", "●"),
    "not_done": ("未完成", "not yet done", "○"),
    "rose": ("逐年提升", "rose year on year", "▲"),
    "unchanged": ("持平", "unchanged", "＝"),
    "fell": ("下降", "fell", "▼"),
}

#: international (Open SDG) categories: key -> (zh, en, symbol)
CATEGORY: dict[str, tuple[str, str, str]] = {
    "target_achieved": ("已实现目标", "target achieved", "★"),
    "on_track": ("进展顺利", "on track", "▲"),
    "progress_needs_acceleration": ("需加快进展", "needs acceleration", "△"),
    "limited_progress": ("进展有限", "limited progress", "▽"),
    "deterioration": ("趋于恶化", "deterioration", "×"),
}

STATUS: dict[str, tuple[str, str]] = {
    "official": ("官方统计", "official"),
    "reported": ("公开报道", "reported"),
    "estimate": ("推算", "estimate"),
    "illustrative": ("示意数据", "illustrative"),
}

KIND: dict[str, tuple[str, str]] = {
    "level": ("达到值", "level"),
    "increase": ("新增量", "increase"),
    "growth": ("增幅", "growth"),
    "cumulative": ("累计量", "cumulative"),
    "trend": ("逐年提升", "trend"),
    "milestone": ("建设事项", "milestone"),
}

_TABLES = {"verdict": VERDICT, "category": CATEGORY, "status": STATUS, "kind": KIND}


def label(table: str, key: str | None, lang: Lang) -> str:
    """The label of ``key`` in ``table`` ("verdict", "category", "status", "kind")."""
    if not key:
        return "—"
    entry = _TABLES[table].get(key)
    if entry is None:
        return key
    return entry[0] if lang == "zh" else entry[1]


def finite(x: object) -> float | None:
    """``x`` as a finite float, or None for None, NaN, pandas' NA, booleans and text."""
    if x is None or isinstance(x, bool) or type(x).__name__ == "bool_":
        return None
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


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
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
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
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    scale, uzh, uen = _split_unit(unit_zh, unit_en)
    if unit_zh.strip() == "%":
        return fmt_number(x, lang) + "%"
    if lang == "zh":
        return fmt_number(x, "zh", scale) + uzh
    return f"{fmt_number(x, 'en', scale)} {uen}".strip()


def fmt_percent(fraction: float | None, lang: Lang, digits: int = 1) -> str:
    """A fraction as a percentage: 0.634 -> 63.4%."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "—"
    return f"{fraction * 100:.{digits}f}%"


def fmt_pp(fraction: float | None, lang: Lang, digits: int = 1) -> str:
    """A difference of fractions in percentage points, signed: -0.12 -> −12.0个百分点 / −12.0 pp."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "—"
    v = fraction * 100
    text = f"{v:+.{digits}f}".replace("-", "−")
    return f"{text}个百分点" if lang == "zh" else f"{text} pp"
