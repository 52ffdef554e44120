"""Replacing a build's outputs as one set: the new report.pdf, report.html, report.xlsx and
tables/ replace the previous ones together, or not at all.  Standard library only.

:func:`publish` stages the new outputs in a hidden folder beside them
(``<year>/.publish-XXXX/new/``, written and flushed to disk first: a full disk fails here,
before anything is replaced), writes a journal of what it will swap, then renames each output
into place, moving the previous one into ``.publish-XXXX/old/`` (report.pdf last: its presence
says the others are there).  A failure during the swap (an exception, a signal) moves every
previous output back.  A build killed in the middle (``kill -9``, power loss) leaves the
staging folder and its journal; the next :func:`publish` or :func:`recover` into the folder
restores the previous set from it before anything else.

Why renames and not a versioned folder behind a symlink: the outputs stay plain files at the
paths readers use (``build/<year>/report.pdf``), which a CI artifact upload, a zip, a web
server or a Windows share copies as files; renames within one folder need no space.

Publishers into one folder are serialised by an advisory lock (``<year>/.publish.lock``,
``flock``), which the system releases when its holder dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

__all__ = ["publish", "recover"]

_LOCK = ".publish.lock"
_PREFIX = ".publish-"
_JOURNAL = "journal.json"
_LAST = "report.pdf"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _roll_back(folder: Path, stage: Path, entries: Mapping[str, bool]) -> None:
    """Put the previous outputs back: every entry whose previous version sits in ``old/``, and
    remove new ones that had no previous version and were moved in already."""
    for name, had_old in entries.items():
        old, target, new = stage / "old" / name, folder / name, stage / "new" / name
        if old.exists() or old.is_symlink():
            _remove(target)
            os.replace(old, target)
        elif not had_old and not new.exists():
            _remove(target)  # moved in, and there was nothing before it


def _clean(folder: Path) -> list[Path]:
    """Restore what an interrupted publish left (caller holds the lock); return the staging
    folders found."""
    found = sorted(p for p in folder.glob(f"{_PREFIX}*") if p.is_dir())
    for stage in found:
        journal = stage / _JOURNAL
        if journal.is_file():
            try:
                entries = json.loads(journal.read_text(encoding="utf-8"))
            except ValueError:
                entries = None  # written atomically: unreadable means never written
            if isinstance(entries, dict):
                _roll_back(folder, stage, entries)
        shutil.rmtree(stage)
    return found


def recover(folder: Path) -> bool:
    """Restore the previous outputs in ``folder`` if a publish was killed mid-way; True if
    there was anything to clean up."""
    if not folder.is_dir() or not any(folder.glob(f"{_PREFIX}*")):
        return False
    with _locked(folder):
        return bool(_clean(folder))


def _write(path: Path, body: bytes, shown: Path) -> None:
    """Write ``body`` to ``path`` and flush it to disk (a full disk says so now, not after
    the swap); an error names ``shown``, the output the file is staged for."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        exc.filename, exc.filename2 = str(shown), None  # not the staging file's name
        raise


def _stage(folder: Path, stage: Path, files: Mapping[str, bytes]) -> dict[str, bool]:
    """Write the new outputs and the journal into ``stage``; return the journal."""
    for rel, body in files.items():
        _write(stage / "new" / rel, body, folder / rel)
    (stage / "old").mkdir()
    # the top-level entries (a file, or the tables/ folder), report.pdf last
    names = sorted({Path(rel).parts[0] for rel in files}, key=lambda n: (n == _LAST, n))
    entries = {n: (folder / n).exists() for n in names}
    tmp = stage / f"{_JOURNAL}.tmp"
    _write(tmp, json.dumps(entries).encode(), folder)
    os.replace(tmp, stage / _JOURNAL)
    return entries


def publish(folder: str | Path, files: Mapping[str, bytes]) -> dict[str, Path]:
    """Replace the outputs in ``folder`` by ``files`` ({path relative to it: bytes}), as one
    set (see the module docstring); return {relative path: path}.  Outputs not in ``files``
    are left as they are."""
    folder = Path(folder)
    umask = os.umask(0o022)
    os.umask(umask)
    with _locked(folder):
        _clean(folder)
        stage = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=folder))
        try:
            entries = _stage(folder, stage, files)
            for rel in files:
                os.chmod(stage / "new" / rel, 0o666 & ~umask)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)  # nothing was replaced yet
            raise
        try:
            for name in entries:
                if entries[name]:
                    os.replace(folder / name, stage / "old" / name)
                os.replace(stage / "new" / name, folder / name)
        except BaseException:
            _roll_back(folder, stage, entries)
            shutil.rmtree(stage, ignore_errors=True)
            raise
        shutil.rmtree(stage, ignore_errors=True)
    return {rel: folder / rel for rel in files}
