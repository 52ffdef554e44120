"""Where things are on disk, and writing them safely.  Standard library only, so that the
runner can decide that nothing needs doing without importing pandas."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from healthcheck.errors import InputError, Problem

__all__ = ["atomic_write_bytes", "atomic_write_text", "choose_year", "observation_files"]

_UMASK = os.umask(0o022)
os.umask(_UMASK)
_YEAR_FILE = re.compile(r"^(\d{4})\.csv$")


def observation_folder(data_dir: str | Path) -> Path:
    """``<data>/observations`` if it exists, else the data folder itself."""
    data_dir = Path(data_dir)
    sub = data_dir / "observations"
    return sub if sub.is_dir() else data_dir


def observation_files(data_dir: str | Path) -> dict[int, Path]:
    """The observation files of a data folder, by year (``<year>.csv``; nothing is read)."""
    found = {}
    for path in sorted(observation_folder(data_dir).glob("*.csv")):
        m = _YEAR_FILE.match(path.name)
        if m:
            found[int(m.group(1))] = path
    return found


def choose_year(years: list[int], year: int | None) -> int:
    """The report year: ``year`` if the data has it, else (None) the latest data year."""
    years = sorted(years)
    if year is None and years:
        return years[-1]
    if year not in years:
        raise InputError([Problem(
            "--year", None, None, str(year),
            f"a year with an observation file: {', '.join(map(str, years)) or 'none'}",
        )])  # fmt: skip
    return year


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing.  An
    :class:`OSError` (a full or read-only disk) names ``path``, not the temporary file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the file the usual mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            exc.filename, exc.filename2 = str(path), None
        raise


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))
