"""The analysts' prose: markdown cells of a notebook that the report prints.

A markdown cell tagged ``report`` (cell metadata ``tags``) holds the analysts' text for the
report: the Chinese first, then a line holding only ``---``, then the English.  After a
notebook ran, the build calls :func:`attach_prose` on the executed notebook, which appends each
such cell, in order, to the results as ``Paragraph(key="analyst-<n>", origin="analyst")``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from healthcheck.errors import BuildError
from healthcheck.layout import SUMMARY
from healthcheck.results import DomainResults, FileStore, Paragraph

__all__ = ["REPORT_TAG", "SEPARATOR", "attach_prose", "prose_cells"]

#: the tag of a markdown cell whose text goes into the report
REPORT_TAG = "report"
#: the line between the Chinese and the English of a tagged cell
SEPARATOR = "---"
_KEY = re.compile(r"^analyst-\d+$")
_SPLIT = re.compile(rf"^[ \t]*{re.escape(SEPARATOR)}[ \t]*$", re.M)


def prose_cells(notebook: Path) -> list[tuple[str, str]]:
    """The (zh, en) texts of the notebook's markdown cells tagged ``report``, in order.

    A tagged cell without a line ``---``, or with an empty side, is a :class:`BuildError`
    naming the notebook and the cell (counting from 1)."""
    try:
        nb = nbformat.read(str(notebook), as_version=4)
    except (OSError, ValueError) as exc:
        raise BuildError(f"unreadable notebook {notebook}: {exc}") from None
    out = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "markdown" or REPORT_TAG not in cell.metadata.get("tags", []):
            continue
        parts = _SPLIT.split(cell.source, maxsplit=1)
        where = f"{notebook}, cell {number} (tagged {REPORT_TAG!r})"
        if len(parts) != 2:
            raise BuildError(
                f"{where}: no line {SEPARATOR!r} between the Chinese and the English text"
            )
        zh, en = (p.strip() for p in parts)
        if not zh or not en:
            side = "Chinese" if not zh else "English"
            raise BuildError(f"{where}: the {side} text (before/after {SEPARATOR!r}) is empty")
        out.append((zh, en))
    return out


def attach_prose(executed_notebook: Path, store: FileStore, name: str) -> int:
    """Append the analysts' prose of ``executed_notebook`` to the results ``name`` (a domain
    id or ``"summary"``); return the number of paragraphs.  Paragraphs attached before (keys
    ``analyst-<n>``) are replaced, so attaching twice changes nothing."""
    texts = prose_cells(Path(executed_notebook))
    results: DomainResults = store.read_summary() if name == SUMMARY else store.read(name)
    kept = [p for p in results.text if not (p.origin == "analyst" and _KEY.match(p.key))]
    added = [
        Paragraph(key=f"analyst-{n}", zh=zh, en=en, origin="analyst")
        for n, (zh, en) in enumerate(texts, start=1)
    ]
    store.write(results.model_copy(update={"text": kept + added}))
    return len(added)
