"""Bilingual labels: the words of verdicts, categories, statuses and indicator kinds.

Numbers are written by :mod:`healthcheck.text.numbers`; the kinds' own labels live in
:data:`healthcheck.kinds.KINDS` and are read from there.
"""

from __future__ import annotations

from typing import Literal

from healthcheck.kinds import KINDS

__all__ = [
    "CATEGORY",
    "CATEGORY_FINAL",
    "CATEGORY_FINAL_SHORT",
    "MISSED_DESPITE_PACE",
    "MISSED_DESPITE_PACE_SHORT",
    "STATUS",
    "VERDICT",
    "Lang",
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
    "rose": ("逐年提升", "rose every year", "▲"),
    "rose_overall": ("总体上升，期间有回落", "rose overall, with setbacks", "△"),
    "unchanged": ("期末与基期持平", "no change over the period", "＝"),
    "fell_overall": ("总体下降，期间有回升", "fell overall, with rebounds", "▽"),
    "fell": ("逐年下降", "fell every year", "▼"),
}

#: international (Open SDG) categories: key -> (zh, en, symbol)
CATEGORY: dict[str, tuple[str, str, str]] = {
    "target_achieved": ("已实现目标", "target achieved", "★"),
    "on_track": ("进展顺利", "on track", "▲"),
    "progress_needs_acceleration": ("需加快进展", "needs acceleration", "△"),
    "limited_progress": ("进展有限", "limited progress", "▽"),
    "deterioration": ("趋于恶化", "deterioration", "×"),
}

#: the same categories in a final assessment (report year >= target year): they describe the
#: trajectory over the period (期间趋势), never advice about a deadline that has passed
CATEGORY_FINAL: dict[str, tuple[str, str, str]] = {
    "target_achieved": ("已实现目标", "target achieved", "★"),
    "on_track": ("期间增速足以达标", "pace sufficient over the period", "▲"),
    "progress_needs_acceleration": ("期间增速略有不足", "pace somewhat short over the period", "△"),
    "limited_progress": ("期间进展有限", "limited progress over the period", "▽"),
    "deterioration": ("期间趋于恶化", "deteriorated over the period", "×"),
}

#: the same in a few words, for a narrow column headed "期间趋势 / trend" (the 问题清单's overview)
CATEGORY_FINAL_SHORT: dict[str, tuple[str, str]] = {
    "target_achieved": ("已实现目标", "target achieved"),
    "on_track": ("增速足以达标", "pace sufficient"),
    "progress_needs_acceleration": ("增速略有不足", "pace somewhat short"),
    "limited_progress": ("进展有限", "limited progress"),
    "deterioration": ("趋于恶化", "deteriorated"),
}

#: what a final "not achieved" beside a sufficient pace means (zh, en); ``{pace}`` is the
#: framework's threshold of "on track" as a percentage (Open SDG's 0.95: ``Framework.method()
#: ["thresholds_target"][0]``), filled in by the caller; without it, the short form
MISSED_DESPITE_PACE: tuple[str, str] = (
    "期间增速达到达标所需的{pace}以上，但期末未达标",
    "the period's pace was at least {pace} of what was needed, yet the target was missed",
)
MISSED_DESPITE_PACE_SHORT: tuple[str, str] = (
    "增速足够，但期末未达标",
    "pace sufficient, target missed",
)

#: provenance of a value: key -> (zh, en)
STATUS: dict[str, tuple[str, str]] = {
    "official": ("官方统计", "official"),
    "reported": ("公开报道", "reported"),
    "estimate": ("推算", "estimate"),
    "illustrative": ("示意数据", "illustrative"),
}

_TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "verdict": {k: (zh, en) for k, (zh, en, _sym) in VERDICT.items()},
    "category": {k: (zh, en) for k, (zh, en, _sym) in CATEGORY.items()},
    "category_final": {k: (zh, en) for k, (zh, en, _sym) in CATEGORY_FINAL.items()},
    "status": STATUS,
    "kind": {k: (kind.label_zh, kind.label_en) for k, kind in KINDS.items()},
}


def label(table: str, key: str | None, lang: Lang) -> str:
    """The label of ``key`` in ``table`` ("verdict", "category", "category_final", "status",
    "kind"); ``—`` for
    no key, the key itself for a key the table does not know."""
    if table not in _TABLES:
        raise KeyError(f"no label table {table!r}; known: {', '.join(_TABLES)}")
    if not key:
        return "—"
    entry = _TABLES[table].get(key)
    if entry is None:
        return key
    return entry[0] if lang == "zh" else entry[1]
