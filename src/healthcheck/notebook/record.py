"""What a notebook records for the report: paragraphs, figures and tables, by key.

A :class:`Recorder` is the one place where a cell run twice replaces what it recorded the first
time (same paragraph key, figure id or table id: the new one takes the old one's place), and
where figures and tables reach the :class:`~healthcheck.results.FileStore`.  The contexts of
:mod:`healthcheck.notebook.domain` and :mod:`healthcheck.notebook.summary` each hold one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from matplotlib.figure import Figure as MplFigure
from pandas.api import types as ptypes

from healthcheck.charts import svg_bytes
from healthcheck.notebook.display import markdown, svg
from healthcheck.results import (
    Column,
    ColumnType,
    Figure,
    FigureKind,
    FileStore,
    Origin,
    Paragraph,
    Table,
)

__all__ = [
    "FRACTION_COLUMNS",
    "Recorder",
    "Recording",
    "columns_of",
    "illustrative_column",
]

#: columns that hold fractions (0.6 = 60 %) wherever a table has them
FRACTION_COLUMNS = frozenset(
    {
        "completion",
        "time_elapsed",
        "schedule_gap",
        "anticipated_completion",
        "cagr_observed",
        "cagr_required",
        "share",
        "gap_from",
        "gap_to",
    }
)


#: pandas' inferred kinds of values -> the column types of the results
_INFERRED: dict[str, ColumnType] = {
    "boolean": "bool",
    "integer": "integer",
    "floating": "number",
    "mixed-integer-float": "number",
    "decimal": "number",
}


#: name patterns of fraction columns beyond FRACTION_COLUMNS: shares, ratios, growth rates
_FRACTION_NAME = re.compile(r"(^|_)(share|ratio)(_|$)|^cagr_|^level_vs_|_gap$|^gap_")


def _column_type(name: str, series: pd.Series) -> ColumnType:
    """A column's type: from pandas' inference, a number column named as a fraction (a
    share, a ratio, a growth rate, a gap between fractions) is a fraction."""
    found = _INFERRED.get(ptypes.infer_dtype(series, skipna=True), "text")
    fraction = name in FRACTION_COLUMNS or _FRACTION_NAME.search(name) is not None
    return "fraction" if found == "number" and fraction else found


def illustrative_column(frame: pd.DataFrame) -> list[bool]:
    """The frame's ``illustrative`` column as flags (missing: False); all False without one."""
    if "illustrative" not in frame.columns:
        return [False] * len(frame)
    return [False if pd.isna(v) else bool(v) for v in frame["illustrative"]]


def columns_of(frame: pd.DataFrame) -> list[Column]:
    """The typed columns of a table, from its dtypes (object columns: from their values)."""
    return [Column(name=str(c), type=_column_type(str(c), frame[c])) for c in frame.columns]


@dataclass
class Recorder:
    """The paragraphs, figures and tables of one results folder (``name``: a domain id or
    ``"summary"``), in the order first recorded; recording a key again replaces it."""

    store: FileStore
    name: str
    text: dict[str, Paragraph] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)

    def add_text(self, key: str, zh: str, en: str, origin: Origin) -> Paragraph:
        para = Paragraph(key=key, zh=zh, en=en, origin=origin)
        self.text[key] = para
        return para

    def add_figure(
        self,
        fig: MplFigure,
        fig_id: str,
        *,
        kind: FigureKind,
        caption_zh: str,
        caption_en: str,
        indicator: str | None,
        illustrative: bool,
        origin: Origin,
    ) -> tuple[Figure, bytes]:
        """Save ``fig`` as ``figures/<fig_id>.svg``; return the record and the SVG bytes."""
        svg = svg_bytes(fig)
        rel = self.store.save_figure(self.name, fig_id, svg)
        self.figures[fig_id] = Figure(
            id=fig_id,
            path=rel,
            kind=kind,
            caption_zh=caption_zh,
            caption_en=caption_en,
            indicator=indicator,
            illustrative=bool(illustrative),
            origin=origin,
        )
        return self.figures[fig_id], svg

    def add_table(
        self,
        frame: pd.DataFrame,
        table_id: str,
        *,
        caption_zh: str,
        caption_en: str,
        illustrative: Sequence[bool],
        origin: Origin,
    ) -> Table:
        """Save ``frame`` as ``tables/<table_id>.csv``, with one illustrative flag per row."""
        flags = [bool(f) for f in illustrative]
        if len(flags) != len(frame):
            raise ValueError(
                f"table {table_id!r}: {len(flags)} illustrative flags for {len(frame)} rows"
            )
        rel = self.store.save_table(self.name, table_id, frame)
        self.tables[table_id] = Table(
            id=table_id,
            path=rel,
            caption_zh=caption_zh,
            caption_en=caption_en,
            columns=columns_of(frame),
            illustrative=flags,
            origin=origin,
        )
        return self.tables[table_id]


class Recording:
    """What both notebook contexts offer an analyst's cell: figures, tables and paragraphs
    that reach the report (origin "analyst"; the library's own calls pass "generated")."""

    recorder: Recorder

    def add_figure(
        self,
        fig: MplFigure,
        fig_id: str,
        *,
        caption_zh: str,
        caption_en: str,
        indicator: str | None = None,
        illustrative: bool = False,
        kind: FigureKind = "analyst",
        origin: Origin = "analyst",
    ) -> Any:
        """Record a matplotlib figure for the report (``figures/<fig_id>.svg``) and show it.
        Recording the same id again replaces it."""
        _fig, data = self.recorder.add_figure(
            fig,
            fig_id,
            kind=kind,
            caption_zh=caption_zh,
            caption_en=caption_en,
            indicator=indicator,
            illustrative=illustrative,
            origin=origin,
        )
        return svg(data)

    def add_table(
        self,
        frame: pd.DataFrame,
        table_id: str,
        *,
        caption_zh: str,
        caption_en: str,
        illustrative: Sequence[bool] | None = None,
        origin: Origin = "analyst",
    ) -> pd.DataFrame:
        """Record a table for the report (``tables/<table_id>.csv``) with one illustrative
        flag per row (default: the frame's boolean ``illustrative`` column if it has one, else
        no row is illustrative); return the frame, to show it."""
        if illustrative is None:
            illustrative = illustrative_column(frame)
        self.recorder.add_table(
            frame,
            table_id,
            caption_zh=caption_zh,
            caption_en=caption_en,
            illustrative=illustrative,
            origin=origin,
        )
        return frame

    def add_text(self, *, key: str, zh: str, en: str, origin: Origin = "analyst") -> Any:
        """Record a paragraph for the report under ``key`` and show it; recording a key again
        replaces it."""
        self.recorder.add_text(key, zh, en, origin)
        return markdown(zh, en)
