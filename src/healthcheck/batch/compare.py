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

import dataclasses
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from healthcheck.batch.compare_page import comparison_page, comparison_workbook
from healthcheck.batch.ranking import COLUMNS, NATIONAL, Loaded, comparison_frame, grade_column
from healthcheck.batch.refs import ReportRef
from healthcheck.errors import BuildError
from healthcheck.files import atomic_write_bytes, atomic_write_text
from healthcheck.inputs.plan import load_plan
from healthcheck.layout import SURVEY, BuildLayout
from healthcheck.results.model import IndicatorRow
from healthcheck.results.store import RESULTS_FILE, FileStore
from healthcheck.spreadsheet import csv_safe

__all__ = [
    "COLUMNS",
    "NATIONAL",
    "Loaded",
    "comparison_csv",
    "comparison_frame",
    "grade_column",
    "group_by_framework",
    "load_report",
    "write_comparison",
    "year_layout",
]


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
    if ref.district:  # the district's code and name, as its report names them
        d = plan.district(ref.district)
        plan = dataclasses.replace(plan, city_code=d.code, city_zh=f"{plan.city_zh}{d.name_zh}")
    order = {ind.id: k for k, ind in enumerate(plan.indicators)}
    rows = dict(sorted(rows.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    return Loaded(
        ref=ref,
        rows=rows,
        city=plan.city_code,
        city_zh=plan.city_zh,
        added=frozenset(r.indicator for r in plan.refinements if r.action == "add"),
        thresholds=frozenset(r.indicator for r in plan.refinements if r.action == "threshold"),
        ledger=frozenset(
            i.id
            for i in (plan.system.indicators if plan.system else ())
            if i.source_of_value == "ledger"
        ),
    )


def group_by_framework(reports: Iterable[ReportRef]) -> dict[str, list[ReportRef]]:
    """The reports by framework (district reports apart: :attr:`ReportRef.group`), each
    group in the order given."""
    out: dict[str, list[ReportRef]] = {}
    for ref in reports:
        out.setdefault(ref.group, []).append(ref)
    return out


# --------------------------------------------------------------------------------------------
# Writing


def write_comparison(out_dir: Path, reports: Sequence[ReportRef]) -> list[Path]:
    """For each framework with two reports or more: ``comparison-<framework>.csv``,
    ``.xlsx`` and ``.html`` in ``out_dir`` (written atomically); the paths written, in that
    order.  A framework with a single report gets none (nothing to compare)."""
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
