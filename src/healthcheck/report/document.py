"""What every writer renders from: the builders' state, the templates' context and, each
rendered once on first use, the HTML document for print (the PDF's source) and for screen
(report.html)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from healthcheck.report.context import Report
from healthcheck.report.html import render_template
from healthcheck.report.typeset import typeset_html

__all__ = ["Document"]


@dataclass
class Document:
    report: Report
    context: dict[str, Any]
    template_dir: Path
    #: report.html with its figures and stylesheets inside it (one file to mail)
    self_contained: bool = False
    _html: str | None = field(default=None, repr=False)
    _screen_html: str | None = field(default=None, repr=False)

    @property
    def year_dir(self) -> Path:
        """The folder of the outputs; figure paths are relative to it."""
        return self.report.results.store.layout.year_dir

    @property
    def html(self) -> str:
        """The document for print: WeasyPrint's source of the PDF (page numbers)."""
        if self._html is None:
            self._html = typeset_html(render_template(self.context, self.template_dir), self._units)
        return self._html

    @property
    def _units(self) -> list[str]:
        """The plan's units in both languages (what :func:`typeset_html` binds numbers to)."""
        plan = self.report.plan
        units = [u for i in plan.indicators for u in (i.unit_zh, i.unit_en)]
        return units + [u for c in plan.context for u in (c.unit_zh, c.unit_en)]

    @property
    def screen_html(self) -> str:
        """The document for a browser: links instead of page numbers, a side navigation."""
        if self._screen_html is None:
            self._screen_html = typeset_html(
                render_template(self.context, self.template_dir, "screen"), self._units
            )
        return self._screen_html
