"""The outputs of the report, behind one interface: a writer renders a :class:`Document` into
files in memory (path relative to the year folder -> bytes); :func:`~healthcheck.report.
render_report` publishes them as one set (:mod:`healthcheck.publish`) only once every writer
has succeeded.  A new output format is
a new module with a ``render(doc)`` function and a line here."""

from __future__ import annotations

from collections.abc import Callable

from healthcheck.report import pdf, tables, webpage, workbook
from healthcheck.report.document import Document

__all__ = ["WRITERS", "Writer"]

#: renders a document into files: {path relative to the year folder: bytes}
Writer = Callable[[Document], dict[str, bytes]]


WRITERS: dict[str, Writer] = {
    "pdf": pdf.render,
    "html": webpage.render,
    "xlsx": workbook.render,
    "csv": tables.render,
}
