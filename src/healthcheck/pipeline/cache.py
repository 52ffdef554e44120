"""The build's cache: keys computed from the inputs, and the state that remembers them.

A notebook is re-executed only when something it reads changed (see
:mod:`healthcheck.pipeline.tasks` for what each key covers).  Reading the observation files with
:mod:`csv` rather than pandas keeps a rebuild with nothing changed well under a second: this
module uses the standard library only.

The state (``BuildLayout.state_path``, JSON) remembers, per report year and task, the key it
was executed with and a digest of the results folder it left.  A folder whose digest differs
was written by someone else since (a notebook run by hand in JupyterLab), so the task is stale
and runs again: an interactive run never reaches the report.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from healthcheck.files import atomic_write_text, read_input
from healthcheck.layout import BuildLayout

__all__ = [
    "State",
    "digest_files",
    "digest_folder",
    "key",
    "library_digest",
    "observation_digests",
    "plan_domains",
]

_PKG = Path(__file__).resolve().parents[1]


def _h(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.hexdigest()


def digest_files(paths: Iterable[Path], root: Path | None = None) -> str:
    """One digest over the names (relative to ``root``) and bytes of ``paths``."""
    parts: list[bytes] = []
    for p in sorted(Path(x) for x in paths):
        name = str(p.relative_to(root)) if root else p.name
        parts += [name.encode(), p.read_bytes() if p.is_file() else b"<missing>"]
    return _h(*parts)


def digest_folder(folder: Path) -> str:
    """One digest over every file under ``folder`` (names relative to it); "" if it is absent."""
    if not folder.is_dir():
        return ""
    return digest_files((p for p in folder.rglob("*") if p.is_file()), folder)


def library_digest() -> str:
    """The library's source: any change to the package invalidates every cached notebook."""
    return digest_files(_PKG.rglob("*.py"), _PKG)


def plan_domains(plan_dir: Path, column: str = "domain") -> dict[str, list[str]]:
    """Indicator ids by domain (or by another ``column``, e.g. a national check's ``level``),
    read from indicators.csv without checking it."""
    raw, _ = read_input(plan_dir / "indicators.csv")  # None: the validation reports why
    text = (raw or b"").decode("utf-8-sig", errors="replace")
    out: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        out.setdefault((row.get(column) or "").strip(), []).append((row.get("id") or "").strip())
    return out


def observation_digests(
    files: Mapping[int, Path], groups: Mapping[str, Iterable[str]]
) -> dict[str, str]:
    """A digest of the observation rows of each group of indicator ids, over all years.

    Rows are taken as their text, so changing a value, status, source or note of one indicator
    changes the digest of exactly the groups that contain it.
    """
    member: dict[str, list[str]] = {}
    for group, ids in groups.items():
        for i in ids:
            member.setdefault(i, []).append(group)
    rows: dict[str, list[str]] = {g: [] for g in groups}
    for year in sorted(files):
        text = files[year].read_bytes().decode("utf-8-sig", errors="replace")
        for cells in csv.reader(io.StringIO(text)):
            if not cells:
                continue
            for g in member.get(cells[0].strip(), ()):
                rows[g].append(f"{year}\x1f" + "\x1f".join(cells))
    return {g: _h(*(r.encode() for r in sorted(rs))) for g, rs in rows.items()}


def key(**parts: object) -> str:
    """A cache key over named parts (strings, numbers, nested JSON-able values)."""
    return _h(json.dumps(parts, sort_keys=True, default=str).encode())


class State:
    """``state.json``: what was validated, and per year what each task and the report were
    last built with::

        {"validated": KEY,
         "years": {"2025": {"tasks": {"<task>": {"key": KEY, "results": DIGEST}},
                            "report": KEY}}}

    ``use_cache=False`` starts from nothing (and overwrites the file when saved).
    """

    def __init__(self, layout: BuildLayout, data: dict[str, Any]) -> None:
        self.layout = layout
        self.data = data
        self._saved = json.dumps(data, sort_keys=True) if data else None
        self._year: dict[str, Any] = data.setdefault("years", {}).setdefault(str(layout.year), {})
        self._tasks: dict[str, Any] = self._year.setdefault("tasks", {})

    @classmethod
    def load(cls, layout: BuildLayout, use_cache: bool = True) -> State:
        path = layout.state_path
        data: dict[str, Any] = {}
        if use_cache and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                data = {}  # a damaged state only costs a full build
            if not isinstance(data, dict):
                data = {}
        return cls(layout, data)

    def save(self) -> None:
        """Write the state, unless it is what was loaded (a build with nothing to do writes
        nothing: it succeeds on a read-only output folder)."""
        now = json.dumps(self.data, sort_keys=True)
        if now == self._saved:
            return
        atomic_write_text(self.layout.state_path, json.dumps(self.data, indent=1, sort_keys=True))
        self._saved = now

    @property
    def validated(self) -> str | None:
        return self.data.get("validated")

    @validated.setter
    def validated(self, value: str) -> None:
        self.data["validated"] = value

    @property
    def report(self) -> str | None:
        return self._year.get("report")

    @report.setter
    def report(self, value: str) -> None:
        self._year["report"] = value

    def fresh(self, name: str, task_key: str) -> bool:
        """Was ``name`` executed with ``task_key``, and are its results folder and executed
        notebook as that run left them?"""
        entry = self._tasks.get(name)
        folder = self.layout.results_dir(name)
        return (
            isinstance(entry, dict)
            and entry.get("key") == task_key
            and (folder / "results.json").is_file()
            and self.layout.executed_notebook(name).is_file()
            and entry.get("results") == digest_folder(folder)
        )

    def record(self, name: str, task_key: str, results: str) -> None:
        """``name`` ran with ``task_key`` and left a results folder with digest ``results``."""
        self._tasks[name] = {"key": task_key, "results": results}

    def forget(self, name: str) -> None:
        self._tasks.pop(name, None)
