"""The report: the notebooks' results stitched into a bilingual PDF, an HTML page, a workbook
and CSV tables.

:func:`render_report` reads the results of a report year through the results store
(:class:`healthcheck.results.FileStore`), and nothing else but the plan (titles, districts,
zones) and the observations (the data appendix); it never assesses anything.  It fills the
templates of the framework's outline (``templates/outlines/<framework>.yaml``) and writes,
into the year folder::

    report.pdf      WeasyPrint, fonts embedded and subset, vector figures   (report.pdf)
    report.html     the same document as a web page: links for page numbers (report.webpage)
    report.xlsx     the scorecard, one sheet per domain, districts and data (report.workbook)
    tables/         assessment.csv, districts.csv, observations.csv        (report.tables)

through the writers of :data:`WRITERS`.  Everything is rendered in memory first; then the new
set replaces the previous one together or not at all (:mod:`healthcheck.publish`), so a failed
render or a full disk leaves the previous outputs in place, never a mixture.  Failures raise
:class:`~healthcheck.errors.BuildError`: missing, malformed or stale results (naming the
file), an indicator of the plan that no domain's results hold, a template error, a figure
outside its results folder, tofu or a non-Noto font.

Modules: ``context/`` (one builder per part of the outline), ``outlines`` (the outline as
data), ``html`` (Jinja; the document for print or for screen), ``pdf`` (WeasyPrint, the URL
fetcher, font checks), ``webpage`` (report.html: tables that scroll, figures inlined on
request), ``workbook``, ``tables``, ``writers`` (the registry), ``render`` (the entry point).

Safety: autoescaping is on, so text from the data is text, never markup; WeasyPrint's URL
fetcher serves only files under the year folder and the templates folder, and ``data:`` URLs
(:class:`SafeURLFetcher`).  Repeatability: the PDF's dates come from the report year
(``<year>-12-31``), the document has no random identifier and every list is in plan order,
so the same inputs give byte-identical outputs.
"""

from __future__ import annotations

from healthcheck.report.context import BUILDERS, build_context, column_label, prepare
from healthcheck.report.html import DEFAULT_TEMPLATE_DIR, zh_numeral
from healthcheck.report.outlines import Outline, Part, load_outline
from healthcheck.report.pdf import SafeURLFetcher, URLRefused
from healthcheck.report.render import FORMATS, render_outputs, render_report
from healthcheck.report.writers import WRITERS, Writer

__all__ = [
    "BUILDERS",
    "DEFAULT_TEMPLATE_DIR",
    "FORMATS",
    "WRITERS",
    "Outline",
    "Part",
    "SafeURLFetcher",
    "URLRefused",
    "Writer",
    "build_context",
    "column_label",
    "load_outline",
    "prepare",
    "render_outputs",
    "render_report",
    "zh_numeral",
]
