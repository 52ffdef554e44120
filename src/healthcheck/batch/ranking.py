"""The ranking of a comparison across reports, pure: one row per indicator and report with its
rank among the reports compared with it, or the reason it has none (see
:mod:`healthcheck.batch.compare` for the rules, and for the reading and the writing)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.batch.refs import ReportRef
from healthcheck.inputs.status import is_illustrative
from healthcheck.results.model import IndicatorRow

__all__ = [
    "CITY_ADDED",
    "COLUMNS",
    "DIFFERENT",
    "ILLUSTRATIVE_NOTE",
    "LEDGER_COUNT",
    "NATIONAL",
    "NOT_APPLICABLE",
    "NOT_IN_REPORT",
    "NO_DIRECTION",
    "NO_VALUE",
    "OLDER",
    "OWN_THRESHOLD",
    "TIED",
    "TOO_FEW",
    "Loaded",
    "comparison_frame",
    "grade_column",
    "is_series",
    "report_labels",
]

#: the framework whose indicators are graded (很好 … 不足) rather than given a verdict
NATIONAL = "mohurd_2025"

#: the columns of the comparison table, in order (``verdict`` is ``grade`` for the national
#: framework: see :func:`grade_column`)
COLUMNS: tuple[str, ...] = (
    "indicator", "name_zh", "name_en", "domain", "direction", "report", "year", "value",
    "unit_zh", "unit_en", "value_year", "status", "illustrative", "verdict", "rank",
    "ranked_of", "tied", "ranked_among", "note",
)  # fmt: skip

# why a row is not ranked, or what its rank rests on (Chinese, English)
NOT_IN_REPORT = ("报告无此指标", "not in this report")
NO_VALUE = ("无数值", "no value")
NOT_APPLICABLE = ("本市不适用", "not applicable to the city")
DIFFERENT = (
    "各报告的单位或名称不同，不排名",
    "units or names differ between the reports: not ranked",
)
CITY_ADDED = (
    "城市自定指标，各城市定义不同，不排名",
    "an indicator a city added itself: not comparable across cities, not ranked",
)
LEDGER_COUNT = (
    "由各城市样本社区的问题台账计数，城市间不可比，不排名",
    "counted from each city's ledger of its own sample of communities: not comparable across "
    "cities, not ranked",
)
NO_DIRECTION = ("无优劣方向，不排名", "no better direction: not ranked")
TOO_FEW = ("可比数值不足两个，不排名", "fewer than two comparable values: not ranked")
TIED = ("并列", "tied")
ILLUSTRATIVE_NOTE = (
    "示意数据，排名仅作演示",
    "illustrative value: the rank is a demonstration only",
)
OLDER = ("数值为{y}年", "value of {y}")
OWN_THRESHOLD = (
    "本市自定阈值，定级参照不同",
    "the city's own threshold: graded against another reference",
)


@dataclass(frozen=True)
class Loaded:
    """One built report as the comparison reads it: its indicator rows (by id, in the plan's
    order) and the city's own choices (national: the indicators it added, its thresholds)."""

    ref: ReportRef
    rows: dict[str, IndicatorRow]
    #: the city's code (plan.yaml)
    city: str = ""
    city_zh: str = ""
    added: frozenset[str] = frozenset()
    thresholds: frozenset[str] = frozenset()
    #: national: the indicators counted from the city's problem ledger (its sample of 社区)
    ledger: frozenset[str] = frozenset()

    @property
    def project(self) -> tuple[Path, Path, str]:
        """The plan, data folder and district: reports of one project differ only by year."""
        ref = self.ref
        return (Path(ref.plan_dir).resolve(), Path(ref.data_dir).resolve(), ref.district)


def grade_column(framework: str) -> str:
    """The name of the verdict column: ``grade`` for the national framework, else ``verdict``
    (the schedule verdict of the plan's targets)."""
    return "grade" if framework == NATIONAL else "verdict"


# --------------------------------------------------------------------------------------------
# The ranking (pure)


def is_series(loaded: Sequence[Loaded]) -> bool:
    """The reports are years of one project (one plan, one data folder)."""
    return len({x.project for x in loaded}) == 1 and len(loaded) > 1


def report_labels(loaded: Sequence[Loaded], *, by_year: bool = False) -> list[str]:
    """The name of each report in the comparison: its label (``by_year``: its year), a name
    given twice made unique by " (2)", " (3)" …"""
    out: list[str] = []
    seen: dict[str, int] = {}
    for x in loaded:
        name = str(x.ref.year) if by_year else x.ref.label
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def comparison_frame(loaded: Sequence[Loaded]) -> pd.DataFrame:
    """One row per indicator and report, columns :data:`COLUMNS`, in the first report's
    indicator order and, within an indicator, best rank first (unranked last, by label).
    ``rank`` and ``ranked_of`` are nullable integers; ``note`` says why a row is not ranked
    or what its rank rests on (Chinese; English)."""
    series = is_series(loaded)
    records: list[dict[str, Any]] = []
    for order, ident in enumerate(_ids(loaded)):
        records += _indicator_records(ident, order, loaded, series)
    frame = pd.DataFrame(records, columns=[*COLUMNS, "_order", "_label"])
    for col in ("rank", "ranked_of"):
        frame[col] = frame[col].astype("Int64")
    frame["value"] = frame["value"].astype(float)
    frame = frame.sort_values(["_order", "rank", "_label"], na_position="last", kind="stable")
    return frame.drop(columns=["_order", "_label"]).reset_index(drop=True)


def _note(*parts: tuple[str, str]) -> str:
    zh = "；".join(p[0] for p in parts)
    en = "; ".join(p[1] for p in parts)
    return f"{zh} / {en}" if parts else ""


def _first(ident: str, loaded: Sequence[Loaded]) -> IndicatorRow:
    return next(x.rows[ident] for x in loaded if ident in x.rows)


def _unrankable(ident: str, loaded: Sequence[Loaded], series: bool) -> tuple[str, str] | None:
    """Why an indicator is not ranked at all (None: it is ranked)."""
    present = [x.rows[ident] for x in loaded if ident in x.rows]
    if any(r.direction not in ("up", "down") for r in present):
        return NO_DIRECTION
    if len({(r.unit_zh, r.unit_en, r.name_zh, r.name_en) for r in present}) > 1:
        return DIFFERENT
    if not series and any(ident in x.added for x in loaded):
        return CITY_ADDED
    if not series and any(ident in x.ledger for x in loaded):
        return LEDGER_COUNT
    return None


def _indicator_records(
    ident: str, order: int, loaded: Sequence[Loaded], series: bool
) -> list[dict[str, Any]]:
    first = _first(ident, loaded)
    whole = _unrankable(ident, loaded, series)
    records = []
    for k, (x, label) in enumerate(zip(loaded, report_labels(loaded), strict=True)):
        row = x.rows.get(ident)
        rec = _record(ident, first, x, row, series)
        rec["report"] = label
        rec["ranked_among"] = "all years" if series else str(x.ref.year)
        rec["_order"] = order
        rec["_label"] = x.ref.year * 10_000 + k if series else k
        notes: list[tuple[str, str]] = []
        if row is None:
            notes.append(NOT_IN_REPORT)
        elif not row.applicable:
            notes.append(NOT_APPLICABLE)
        elif rec["value"] is None:
            notes.append(NO_VALUE)
        elif whole is not None:
            notes.append(whole)
        else:
            rec["_rankable"] = True
        rec["_notes"] = notes
        records.append(rec)
    _rank(records, first.direction)
    for rec in records:
        rec["note"] = _note(*rec.pop("_notes"))
        rec.pop("_rankable", None)
    return records


def _ids(loaded: Sequence[Loaded]) -> list[str]:
    ids: dict[str, None] = {}
    for x in loaded:
        ids.update(dict.fromkeys(x.rows))
    return list(ids)


def _finite(v: float | None) -> float | None:
    return None if v is None or not math.isfinite(v) else float(v)


def _record(
    ident: str, first: IndicatorRow, x: Loaded, row: IndicatorRow | None, series: bool
) -> dict[str, Any]:
    base = row or first
    national = x.ref.framework == NATIONAL
    status = row.value_status if row is not None else None
    value = _finite(row.value) if row is not None and row.applicable else None
    return {
        "indicator": ident, "name_zh": base.name_zh, "name_en": base.name_en,
        "domain": base.domain, "direction": base.direction, "report": x.ref.label,
        "year": x.ref.year, "value": value, "unit_zh": base.unit_zh, "unit_en": base.unit_en,
        "value_year": row.year if row is not None and value is not None else None,
        "status": status or "",
        "illustrative": bool(row is not None and value is not None
                             and (row.illustrative or is_illustrative(status))),
        "verdict": (row.grade if national else row.schedule_verdict) if row else None,
        "rank": None, "ranked_of": None, "tied": False,
        "_own_threshold": national and row is not None and ident in x.thresholds and not series,
    }  # fmt: skip


def _rank(records: list[dict[str, Any]], direction: str) -> None:
    """Rank the rankable records within each group of ``ranked_among`` (in place), add the
    notes of ties, illustrative and older values."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        if rec.get("_rankable"):
            groups.setdefault(rec["ranked_among"], []).append(rec)
    for recs in groups.values():
        if len(recs) < 2:
            for rec in recs:
                rec["_notes"].append(TOO_FEW)
            continue
        values = pd.Series([float(f"{rec['value']:.10g}") for rec in recs])
        ranks = values.rank(method="min", ascending=direction == "down").astype(int)
        counts = ranks.value_counts()
        for rec, rank in zip(recs, ranks, strict=True):
            rec.update(rank=int(rank), ranked_of=len(recs), tied=bool(counts[rank] > 1))
            if rec["tied"]:
                rec["_notes"].append(TIED)
    for rec in records:
        if rec["illustrative"]:
            rec["_notes"].append(ILLUSTRATIVE_NOTE)
        if rec["value_year"] is not None and rec["value_year"] != rec["year"]:
            y = rec["value_year"]
            rec["_notes"].append((OLDER[0].format(y=y), OLDER[1].format(y=y)))
        if rec.pop("_own_threshold"):
            rec["_notes"].append(OWN_THRESHOLD)
