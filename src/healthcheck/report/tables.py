"""The CSV tables beside the report: the assessment, the district rows and the observations.

``assessment.csv`` has one row per indicator with every column the framework computed, the
value's status, whether the value is illustrative (its own status) and the years of the
illustrative values its verdict rests on.

A text cell that a spreadsheet would read as a formula (a note or source beginning with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is written with a single quote before it, as the
OWASP guidance on CSV injection asks (:mod:`healthcheck.spreadsheet`); numbers stay numbers."""

from __future__ import annotations

import pandas as pd

from healthcheck.inputs.status import is_illustrative
from healthcheck.report.context.districts import district_table
from healthcheck.report.document import Document
from healthcheck.spreadsheet import csv_safe

__all__ = ["assessment_table", "render"]

_IDENTITY = ("id", "domain", "name_zh", "name_en", "unit_zh", "unit_en")
#: the typed fields of a row, for a framework whose ``assessment`` leaves them out
_TYPED = ("kind", "direction", "report_year", "baseline_year", "target_year", "year", "value",
          "baseline", "target_value", "target_source", "completion", "time_elapsed",
          "schedule_gap", "schedule_verdict", "international_category", "projected_value",
          "anticipated_completion", "likely_met", "done_year", "note")  # fmt: skip


def assessment_table(doc: Document) -> pd.DataFrame:
    records = []
    for row in doc.report.results.rows.values():
        rec: dict[str, object] = {k: getattr(row, k) for k in _IDENTITY}
        for col, v in row.assessment.items():
            rec.setdefault(col, v)
        for col in _TYPED:
            rec.setdefault(col, getattr(row, col))
        rec["value_status"] = row.value_status
        rec["value_illustrative"] = is_illustrative(row.value_status)
        rec["verdict_illustrative"] = row.illustrative
        rec["illustrative_years"] = " ".join(str(y) for y in row.illustrative_years)
        records.append(rec)
    return pd.DataFrame(records)


def _observations(doc: Document) -> pd.DataFrame:
    obs = doc.report.results.observations
    obs = obs[pd.to_numeric(obs["year"], errors="coerce") <= doc.report.year]
    keep = [
        c
        for c in ("indicator", "year", "area", "value", "status", "source", "note")
        if c in obs.columns
    ]
    return obs[keep]


def _csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (for Excel), lines ended CRLF as RFC 4180 has them (so a
    text with a carriage return is quoted, not split)."""
    text = csv_safe(frame).to_csv(index=False, float_format="%.10g", lineterminator="\r\n")
    return text.encode("utf-8-sig")


def render(doc: Document) -> dict[str, bytes]:
    """tables/assessment.csv, tables/districts.csv, tables/observations.csv."""
    return {
        "tables/assessment.csv": _csv(assessment_table(doc)),
        "tables/districts.csv": _csv(district_table(doc.report)),
        "tables/observations.csv": _csv(_observations(doc)),
    }
