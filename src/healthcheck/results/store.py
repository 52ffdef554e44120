"""The results store: where notebooks write their results and the report reads them.

One store for both directions, so the format is written and read in one place.
:class:`FileStore` keeps one report year's results under its :class:`BuildLayout`::

    domains/<domain>/results.json, figures/, tables/
    summary/results.json, figures/, tables/

Reading is strict: a missing, unreadable or malformed results file, another schema version,
another year or domain, or a figure or table that is missing or lies outside its folder is a
:class:`~healthcheck.errors.BuildError` naming the file -- never a silent fallback.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import ValidationError

from healthcheck.errors import BuildError
from healthcheck.files import atomic_write_bytes, atomic_write_text
from healthcheck.layout import SUMMARY, BuildLayout
from healthcheck.results.model import (
    SCHEMA_VERSION,
    SURVEY,
    DomainResults,
    SummaryResults,
    SurveyResults,
    Table,
)
from healthcheck.spreadsheet import csv_safe, csv_unescape

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RESULTS_FILE", "FileStore", "referenced_files"]

RESULTS_FILE = "results.json"
_R = TypeVar("_R", bound=DomainResults)


class FileStore:
    """The results of one report year on disk (see the module docstring)."""

    def __init__(self, layout: BuildLayout) -> None:
        self.layout = layout

    # -- writing ----------------------------------------------------------------------------

    def folder(self, name: str) -> Path:
        """The results folder of a domain, or of the summary (``name == "summary"``)."""
        return self.layout.results_dir(name)

    def clear(self, name: str) -> None:
        """Remove a results folder, so that a re-run leaves no stale figure behind."""
        shutil.rmtree(self.folder(name), ignore_errors=True)

    def save_figure(self, name: str, fig_id: str, svg: bytes) -> str:
        """Write ``figures/<fig_id>.svg``; return its path relative to the results folder."""
        rel = f"figures/{fig_id}.svg"
        atomic_write_bytes(self.folder(name) / rel, svg)
        return rel

    def save_table(self, name: str, table_id: str, frame: pd.DataFrame) -> str:
        """Write ``tables/<table_id>.csv`` (UTF-8 with a byte-order mark, so that Excel reads
        it; a text a spreadsheet would run as a formula escaped, see
        :mod:`healthcheck.spreadsheet`); return its path relative to the results folder."""
        rel = f"tables/{table_id}.csv"
        text = csv_safe(frame).to_csv(index=False, lineterminator="\r\n")
        atomic_write_text(self.folder(name) / rel, text, encoding="utf-8-sig")
        return rel

    def write(self, results: DomainResults) -> Path:
        """Write ``results.json`` of ``results.domain`` atomically; return its path."""
        if results.year != self.layout.year:
            raise ValueError(
                f"results of {results.domain} for {results.year} written to the store of "
                f"{self.layout.year}"
            )
        path = self.folder(results.domain) / RESULTS_FILE
        atomic_write_text(path, results.model_dump_json(indent=1) + "\n")
        return path

    # -- reading ----------------------------------------------------------------------------

    def read(self, name: str) -> DomainResults:
        """The results of a domain, checked (see the module docstring)."""
        return self._read(name, DomainResults)

    def read_summary(self) -> SummaryResults:
        return self._read(SUMMARY, SummaryResults)

    def read_survey(self) -> SurveyResults | None:
        """The resident survey's results, or None when the year has none (no survey file)."""
        if not (self.folder(SURVEY) / RESULTS_FILE).is_file():
            return None
        return self._read(SURVEY, SurveyResults)

    def _read(self, name: str, model: type[_R]) -> _R:
        path = self.folder(name) / RESULTS_FILE
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BuildError(f"missing results: {path} (run the notebooks first)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BuildError(f"unreadable results {path}: {exc}") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BuildError(f"unreadable results {path}: {exc}") from None
        version = data.get("schema_version") if isinstance(data, dict) else None
        if version != SCHEMA_VERSION:
            raise BuildError(
                f"results {path}: schema version {version!r}, this renderer reads "
                f"{SCHEMA_VERSION} (rebuild with --no-cache)"
            )
        try:
            results = model.model_validate(data)
        except ValidationError as exc:
            raise BuildError(f"results {path}: {_validation_text(exc)}") from None
        self._check(results, name, path)
        return results

    def _check(self, results: DomainResults, name: str, path: Path) -> None:
        if results.domain != name:
            raise BuildError(f"results {path}: domain {results.domain!r}, expected {name!r}")
        if results.year != self.layout.year:
            raise BuildError(
                f"results {path}: year {results.year}, expected {self.layout.year} (stale results?)"
            )
        for rel in [f.path for f in results.figures] + [t.path for t in results.tables]:
            self.file(name, rel)
        ids = {f.id for f in results.figures}
        for row in results.indicators:
            if row.figure is not None and row.figure not in ids:
                raise BuildError(
                    f"results {path}: indicator {row.id} names figure {row.figure!r}, "
                    "which the results do not list"
                )

    def file(self, name: str, rel: str) -> Path:
        """The file ``rel`` of a results folder: it must exist and stay inside the folder."""
        folder = self.folder(name).resolve()
        if not rel:
            raise BuildError(f"empty path in {folder / RESULTS_FILE}")
        path = (folder / rel).resolve()
        if not path.is_relative_to(folder):
            raise BuildError(f"path {rel!r} leaves its results folder {folder}")
        if not path.is_file():
            raise BuildError(f"missing file {folder / rel} (named in {RESULTS_FILE})")
        return path

    def table_rows(self, name: str, table: Table) -> list[list[str]]:
        """The rows of a table's CSV file, header first, as the notebook wrote them (the
        formula escape of :meth:`save_table` undone)."""
        path = self.file(name, table.path)
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                return [[csv_unescape(c) for c in row] for row in csv.reader(fh)]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise BuildError(f"unreadable table {path}: {exc}") from None

    def inputs(self) -> list[Path]:
        """Every results file of the year and the files each names (sorted): what the report
        reads from the store.  Standard library only; unreadable files are listed as they
        are (reading them later raises)."""
        found: set[Path] = set()
        folders = sorted(p.parent for p in self.layout.domains_dir.glob(f"*/{RESULTS_FILE}"))
        if (self.layout.summary_dir / RESULTS_FILE).is_file():
            folders.append(self.layout.summary_dir)
        for folder in folders:
            found.add(folder / RESULTS_FILE)
            found.update(referenced_files(folder))
        return sorted(found)


def referenced_files(folder: Path) -> list[Path]:
    """The figure and table files a results folder's results.json names and that exist."""
    try:
        data = json.loads((folder / RESULTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    out = []
    for key in ("figures", "tables"):
        for item in data.get(key, []) if isinstance(data, dict) else []:
            rel = item.get("path") if isinstance(item, dict) else None
            if isinstance(rel, str) and rel and (folder / rel).is_file():
                out.append(folder / rel)
    return out


def _validation_text(exc: ValidationError) -> str:
    """pydantic's errors as "field.path: message" lines."""
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"{where}: {err['msg']}")
    return "; ".join(lines)
