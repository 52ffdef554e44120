"""The results contract between the notebooks and the report.

:mod:`healthcheck.results.model` defines what a notebook hands the report (typed, pydantic);
:class:`~healthcheck.results.store.FileStore` writes and reads it under the build's layout::

    <out>/<year>/domains/<domain>/results.json, figures/<id>.svg, tables/<id>.csv
    <out>/<year>/summary/results.json, figures/, tables/

This package imports neither the charts nor the engine: figures arrive as SVG bytes, tables as
data frames, and provenance as booleans decided by :mod:`healthcheck.inputs.status`.
"""

from __future__ import annotations

from healthcheck.results.model import (
    SCHEMA_VERSION,
    SURVEY,
    Change,
    Column,
    ColumnType,
    DimensionRating,
    DistrictRow,
    DomainResults,
    Figure,
    FigureKind,
    Finding,
    Grade,
    IndicatorRow,
    LedgerCount,
    Origin,
    Paragraph,
    Rating,
    RemediationRate,
    SummaryResults,
    SurveyResults,
    Table,
    jsonable,
)
from healthcheck.results.store import RESULTS_FILE, FileStore

__all__ = [
    "RESULTS_FILE",
    "SCHEMA_VERSION",
    "Change",
    "Column",
    "ColumnType",
    "DimensionRating",
    "DistrictRow",
    "DomainResults",
    "FileStore",
    "Figure",
    "FigureKind",
    "Finding",
    "Grade",
    "IndicatorRow",
    "LedgerCount",
    "Origin",
    "Paragraph",
    "Rating",
    "RemediationRate",
    "SURVEY",
    "SummaryResults",
    "SurveyResults",
    "Table",
    "jsonable",
]
