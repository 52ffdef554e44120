"""What every writer renders from: the builders' state, the templates' context and, rendered
once on first use, the HTML document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from healthcheck.report.context import Report
from healthcheck.report.html import render_template

__all__ = ["Document"]


@dataclass
class Document:
    report: Report
    context: dict[str, Any]
    template_dir: Path
    _html: str | None = field(default=None, repr=False)

    @property
    def year_dir(self) -> Path:
        """The folder of the outputs; figure paths are relative to it."""
        return self.report.results.store.layout.year_dir

    @property
    def html(self) -> str:
        if self._html is None:
            self._html = render_template(self.context, self.template_dir)
        return self._html
