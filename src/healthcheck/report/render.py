"""The entry point: the results of a year -> the outputs the caller asks for."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan
from healthcheck.publish import publish
from healthcheck.report.context import build_context, prepare
from healthcheck.report.document import Document
from healthcheck.report.html import DEFAULT_TEMPLATE_DIR
from healthcheck.report.writers import WRITERS
from healthcheck.results.store import FileStore

__all__ = ["FORMATS", "render_outputs", "render_report"]

FORMATS = ("pdf", "html", "xlsx", "csv")


def render_outputs(
    plan: Plan,
    observations: pd.DataFrame,
    store: FileStore,
    *,
    template_dir: Path | None = None,
    formats: Iterable[str] = FORMATS,
    self_contained: bool = False,
) -> dict[str, bytes]:
    """Every output of ``formats`` in memory: {path relative to the year folder: bytes}.
    ``self_contained``: report.html with its figures inside it (one file to mail)."""
    formats = list(formats)
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise BuildError(
            f"unknown report format {', '.join(unknown)} (known: {', '.join(WRITERS)})"
        )
    template_dir = Path(template_dir or DEFAULT_TEMPLATE_DIR).resolve()
    report = prepare(plan, observations, store, template_dir)
    doc = Document(report, build_context(report), template_dir, self_contained=self_contained)
    files: dict[str, bytes] = {}
    for name in formats:
        files.update(WRITERS[name](doc))
    return files


def render_report(
    plan: Plan,
    observations: pd.DataFrame,
    store: FileStore,
    *,
    template_dir: Path | None = None,
    formats: Iterable[str] = FORMATS,
    self_contained: bool = False,
) -> dict[str, Path]:
    """Render the outputs of the store's year into its year folder; return {file: path}.

    Every output is rendered in memory first and then the set replaces the previous one
    together or not at all (:func:`healthcheck.publish.publish`): on any failure -- a
    :class:`BuildError` while rendering, a full disk while writing -- every previous output
    is left as it was.
    """
    files = render_outputs(
        plan, observations, store, template_dir=template_dir, formats=formats,
        self_contained=self_contained,
    )  # fmt: skip
    return publish(store.layout.year_dir, files)
