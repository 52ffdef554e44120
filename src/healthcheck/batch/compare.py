"""The comparison across the reports of a batch: for each framework with two reports or more,
every indicator ranked across the cities, districts or years, as ``comparison-<framework>``
``.csv``, ``.xlsx`` and ``.html`` (a ranking table and a dot chart per ranked indicator, and an
overview of the verdicts or grades).

The ranking is only given where it means something, and every row says why not otherwise:

* reports of one plan and one data folder (years of the same project) compare as a **time
  series**: labelled by year and ranked over all the years; otherwise reports are ranked among
  those of **the same report year** (a city of 2024 is not ranked against one of 2025);
* a value is ranked in its indicator's **direction** (up: the highest first; down: the lowest
  first); an indicator with no better direction is not ranked;
* **ties** share the best rank of the tie and the next rank is skipped ("1, 1, 3", pandas'
  ``rank(method="min")``); the rows say "tied";
* a report **without the indicator or its value**, or that does not apply it (national: dropped
  by the city), is listed without a rank, and the page names it;
* an indicator whose **unit or name differs** between the reports, or that a city **added**
  itself (national 特色指标) across different cities, is not ranked: the values are of
  different definitions;
* an **illustrative** value is ranked but flagged (the rank rests on invented figures), and so
  is a value older than its report's year, and (national) a grade against the city's own
  threshold.

I/O (:func:`load_report`, :func:`write_comparison`) is kept apart from the pure ranking
(:func:`comparison_frame`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.batch.refs import ReportRef
from healthcheck.errors import BuildError
from healthcheck.files import atomic_write_bytes, atomic_write_text
from healthcheck.inputs.plan import load_plan
from healthcheck.inputs.status import is_illustrative
from healthcheck.layout import SURVEY, BuildLayout
from healthcheck.results.model import IndicatorRow
from healthcheck.results.store import RESULTS_FILE, FileStore
from healthcheck.spreadsheet import csv_safe

__all__ = [
    "COLUMNS",
    "NATIONAL",
    "Loaded",
    "comparison_frame",
    "grade_column",
    "group_by_framework",
    "load_report",
    "write_comparison",
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
DIFFERENT = ("各报告的单位或名称不同，不排名", "units or names differ between the reports: not ranked")
CITY_ADDED = ("城市自定指标，各城市定义不同，不排名",
              "an indicator a city added itself: not comparable across cities, not ranked")
NO_DIRECTION = ("无优劣方向，不排名", "no better direction: not ranked")
TOO_FEW = ("可比数值不足两个，不排名", "fewer than two comparable values: not ranked")
TIED = ("并列", "tied")
ILLUSTRATIVE_NOTE = ("示意数据，排名仅作演示", "illustrative value: the rank is a demonstration only")
OLDER = ("数值为{y}年", "value of {y}")
OWN_THRESHOLD = ("本市自定阈值，定级参照不同", "the city's own threshold: graded against another reference")  # fmt: skip


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

    @property
    def project(self) -> tuple[Path, Path]:
        """The plan and data folder: reports of one project differ only by year."""
        return (Path(self.ref.plan_dir).resolve(), Path(self.ref.data_dir).resolve())


# --------------------------------------------------------------------------------------------
# Reading


def year_layout(ref: ReportRef) -> BuildLayout:
    """The layout of a report's build: ``build_dir`` is the year's folder (``<out>/<year>``)
    or the build's output folder holding it."""
    build = Path(ref.build_dir)
    if build.name == str(ref.year):
        return BuildLayout(build.parent, ref.year)
    if (build / str(ref.year)).is_dir():
        return BuildLayout(build, ref.year)
    raise BuildError(
        f"report {ref.label!r}: {build} is neither the build of {ref.year} nor holds "
        f"{ref.year}/ (build it first)"
    )


def load_report(ref: ReportRef) -> Loaded:
    """Read the indicator rows of a built report (every domain's results, the survey's
    excepted) and the city's choices from its plan; BuildError naming the file when the
    results are missing or malformed."""
    layout = year_layout(ref)
    store = FileStore(layout)
    rows: dict[str, IndicatorRow] = {}
    folders = sorted(p.parent.name for p in layout.domains_dir.glob(f"*/{RESULTS_FILE}"))
    if not folders:
        raise BuildError(f"report {ref.label!r}: no results under {layout.domains_dir}")
    for name in folders:
        if name != SURVEY:
            rows.update({r.id: r for r in store.read(name).indicators})
    plan = load_plan(ref.plan_dir)
    order = {ind.id: k for k, ind in enumerate(plan.indicators)}
    rows = dict(sorted(rows.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    return Loaded(
        ref=ref,
        rows=rows,
        city=plan.city_code,
        city_zh=plan.city_zh,
        added=frozenset(r.indicator for r in plan.refinements if r.action == "add"),
        thresholds=frozenset(r.indicator for r in plan.refinements if r.action == "threshold"),
    )


def group_by_framework(reports: Iterable[ReportRef]) -> dict[str, list[ReportRef]]:
    """The reports by framework, each group in the order given."""
    out: dict[str, list[ReportRef]] = {}
    for ref in reports:
        out.setdefault(ref.framework, []).append(ref)
    return out


def grade_column(framework: str) -> str:
    """The name of the verdict column: ``grade`` for the national framework, else ``verdict``
    (the schedule verdict of the plan's targets)."""
    return "grade" if framework == NATIONAL else "verdict"


# --------------------------------------------------------------------------------------------
# The ranking (pure)


def is_series(loaded: Sequence[Loaded]) -> bool:
    """The reports are years of one project (one plan, one data folder)."""
    return len({x.project for x in loaded}) == 1 and len(loaded) > 1


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
    return None


def _indicator_records(
    ident: str, order: int, loaded: Sequence[Loaded], series: bool
) -> list[dict[str, Any]]:
    first = _first(ident, loaded)
    whole = _unrankable(ident, loaded, series)
    records = []
    for k, x in enumerate(loaded):
        row = x.rows.get(ident)
        rec = _record(ident, first, x, row)
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


def _record(ident: str, first: IndicatorRow, x: Loaded, row: IndicatorRow | None) -> dict[str, Any]:
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
        "_own_threshold": national and row is not None and ident in x.thresholds,
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


# --------------------------------------------------------------------------------------------
# Writing


def write_comparison(out_dir: Path, reports: Sequence[ReportRef]) -> list[Path]:
    """For each framework with two reports or more: ``comparison-<framework>.csv``,
    ``.xlsx`` and ``.html`` in ``out_dir`` (written atomically); the paths written, in that
    order.  A framework with a single report gets none (nothing to compare)."""
    from healthcheck.batch.compare_page import comparison_page, comparison_workbook

    out_dir = Path(out_dir)
    written: list[Path] = []
    for framework, refs in group_by_framework(reports).items():
        if len(refs) < 2:
            continue
        loaded = [load_report(r) for r in refs]
        frame = comparison_frame(loaded)
        stem = out_dir / f"comparison-{framework}"
        csv_path = stem.with_suffix(".csv")
        atomic_write_text(csv_path, comparison_csv(frame, framework), encoding="utf-8-sig")
        xlsx_path = stem.with_suffix(".xlsx")
        atomic_write_bytes(xlsx_path, comparison_workbook(frame, framework, loaded))
        html_path = stem.with_suffix(".html")
        atomic_write_text(html_path, comparison_page(frame, framework, loaded, html_path))
        written += [csv_path, xlsx_path, html_path]
    return written


def comparison_csv(frame: pd.DataFrame, framework: str) -> str:
    """The comparison as CSV text (UTF-8 with a byte-order mark when written, so that Excel
    reads it; text that a spreadsheet would run as a formula escaped)."""
    out = frame.rename(columns={"verdict": grade_column(framework)})
    buf = io.StringIO()
    csv_safe(out).to_csv(buf, index=False, float_format="%.10g", lineterminator="\r\n")
    return buf.getvalue()
