"""The entry point: the results of a year -> the outputs the caller asks for."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
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

__all__ = ["FORMATS", "cyclic_gc_paused", "render_outputs", "render_report"]

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
    with cyclic_gc_paused():
        report = prepare(plan, observations, store, template_dir)
        doc = Document(report, build_context(report), template_dir, self_contained=self_contained)
        files: dict[str, bytes] = {}
        for name in formats:
            files.update(WRITERS[name](doc))
    return files


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Within this block, Python's cycle collector does not run (reference counting still
    frees almost everything); as it was on exit.  The outputs of a 146-page report (the HTML
    tree, WeasyPrint's boxes) are millions of objects, and each full collection walks them all
    to find little garbage: in the default report's PDF render, 17 collections and about 2.8 s
    of 34 s of CPU, against 25 MB more peak memory without them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
