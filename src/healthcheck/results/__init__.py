"""The results contract between the domain notebooks and the report.

Every notebook writes, through :class:`DomainResults`, into ``<out>/<year>/domains/<id>/``::

    results.json        what the report stitches (schema below)
    figures/<id>.svg    charts and maps (SVG, text as paths, deterministic)
    tables/<id>.csv     the domain's tables (UTF-8 with BOM, so Excel opens them)

``results.json`` (``"schema": 1``)::

    {"schema": 1, "domain": "transport", "year": 2025,
     "title_zh": "…", "title_en": "…",
     "text":       [{"key": "overview" | "analysis" | "districts-<id>" | …,
                     "zh": "…", "en": "…"}, …],          # generated paragraphs, in order
     "indicators": [{…the assessment row (assess.ASSESSMENT_COLUMNS)…,
                     "name_zh", "name_en", "unit_zh", "unit_en",
                     "illustrative": bool,               # a value used is illustrative
                     "sentence_zh", "sentence_en",       # one generated sentence each
                     "figure": "figures/T01.svg" | null}, …],
     "figures":    [{"id", "path", "kind": "indicator" | "map" | "ranking" | "extra",
                     "indicator": "T01" | null, "caption_zh", "caption_en",
                     "illustrative": bool}, …],
     "tables":     [{"id", "path", "caption_zh", "caption_en"}, …],
     "key_numbers": {…numbers the prose quotes: indicators, schedule_verdicts,
                     international_categories, shortfalls, illustrative_share, analysis…}}

The ``key`` of a paragraph lets the report place it (the overview opens a chapter).  Map
captions carry no "schematic map" note: the report adds it, or the plan's map approval number.
A table of more than eight columns is listed in the report with its path, not typeset.

The summary notebook writes ``<out>/<year>/summary/results.json`` with the same envelope
(``domain`` = ``"summary"``) plus::

    "counts":     {"schedule_verdict": {domain: {verdict: n}}, "international_category": {…}},
    "shortfalls": ["S07", "P01", …],                    # the 问题清单, worst schedule gap first
    "changes":    [{"id", "domain", "name_zh", "name_en", "schedule_from", "schedule_to",
                    "category_from", "category_to", "gap_from", "gap_to"}, …]  # vs year − 1

Paths inside are relative to the results folder.  Writes are atomic.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.files import atomic_write_bytes, atomic_write_text

__all__ = [
    "SCHEMA_VERSION",
    "DomainResults",
    "atomic_write_bytes",
    "atomic_write_text",
    "domain_dir",
    "read_results",
    "summary_dir",
]

SCHEMA_VERSION = 1


def domain_dir(out_dir: str | Path, year: int, domain: str) -> Path:
    return Path(out_dir) / str(year) / "domains" / domain


def summary_dir(out_dir: str | Path, year: int) -> Path:
    return Path(out_dir) / str(year) / "summary"


def _clean(value: Any) -> Any:
    """JSON-safe: NaN -> None, numpy scalars -> Python, recursively."""
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NaT:
        return None
    return value


def to_json(data: Any) -> str:
    return json.dumps(_clean(data), ensure_ascii=False, indent=1, sort_keys=False) + "\n"


class DomainResults:
    """Collects what one notebook produces and writes it to its results folder."""

    def __init__(
        self, folder: str | Path, *, domain: str, year: int, title_zh: str = "", title_en: str = ""
    ) -> None:
        self.folder = Path(folder)
        self.data: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "domain": domain,
            "year": year,
            "title_zh": title_zh,
            "title_en": title_en,
            "text": [],
            "indicators": [],
            "figures": [],
            "tables": [],
            "key_numbers": {},
        }

    def add_text(self, zh: str, en: str) -> None:
        self.data["text"].append({"zh": zh, "en": en})

    def add_indicator(self, row: Mapping[str, Any]) -> None:
        self.data["indicators"].append(dict(row))

    def add_figure(
        self,
        fig: Any,
        fig_id: str,
        *,
        caption_zh: str,
        caption_en: str,
        kind: str = "indicator",
        indicator: str | None = None,
        illustrative: bool = False,
    ) -> str:
        """Save a matplotlib figure as deterministic SVG; return its relative path."""
        from healthcheck.charts import save_svg

        rel = f"figures/{fig_id}.svg"
        save_svg(fig, self.folder / rel)
        self.data["figures"].append(
            {
                "id": fig_id,
                "path": rel,
                "kind": kind,
                "indicator": indicator,
                "caption_zh": caption_zh,
                "caption_en": caption_en,
                "illustrative": illustrative,
            }
        )
        return rel

    def add_table(
        self, frame: pd.DataFrame, table_id: str, *, caption_zh: str, caption_en: str
    ) -> str:
        rel = f"tables/{table_id}.csv"
        atomic_write_text(self.folder / rel, frame.to_csv(index=False), encoding="utf-8-sig")
        self.data["tables"].append(
            {
                "id": table_id,
                "path": rel,
                "caption_zh": caption_zh,
                "caption_en": caption_en,
            }
        )
        return rel

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value

    def write(self) -> Path:
        path = self.folder / "results.json"
        atomic_write_text(path, to_json(self.data))
        return path


def read_results(folder: str | Path) -> dict[str, Any]:
    """Read a results folder's ``results.json``."""
    return json.loads((Path(folder) / "results.json").read_text(encoding="utf-8"))
