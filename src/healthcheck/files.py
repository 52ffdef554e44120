"""Where things are on disk, and writing them safely.  Standard library only, so that the
runner can decide that nothing needs doing without importing pandas."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from healthcheck.errors import InputError, Problem

__all__ = [
    "MAX_INPUT_BYTES",
    "atomic_write_bytes",
    "atomic_write_text",
    "choose_year",
    "folder_problems",
    "input_file_problem",
    "observation_files",
    "present",
    "read_input",
    "scan_observation_files",
    "year_files",
]

_UMASK = os.umask(0o022)
os.umask(_UMASK)
_YEAR_FILE = re.compile(r"^([0-9]{4})\.csv$", re.ASCII)
#: a name that reads as a year file once folded (full-width digits, upper case, a suffix)
_YEARISH = re.compile(r"^([0-9]{4})(?![0-9])", re.ASCII)
#: the largest input file read (a CSV or YAML of the user's folders)
MAX_INPUT_BYTES = 100_000_000
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def present(path: str | Path) -> bool:
    """Whether anything is at ``path``, a broken symbolic link included (which
    :meth:`Path.exists` calls absent)."""
    return os.path.lexists(path)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def input_file_problem(
    path: str | Path, root: str | Path | None = None, what: str = "a regular file"
) -> Problem | None:
    """Why ``path`` may not be read as an input file, or None: it must be a regular file, and
    if it is a symbolic link, one to a regular file inside ``root`` (default: the file's own
    folder).  Nothing is opened (a FIFO is never waited on, a link's target never shown)."""
    path = Path(path)
    name = str(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return Problem(name, None, None, "no such file", what)
    except OSError as exc:
        return Problem(name, None, None, f"a file that cannot be examined ({exc.strerror})", what)
    base = Path(root) if root is not None else path.parent
    try:
        target = path.resolve(strict=True)
        st = os.stat(target) if stat.S_ISLNK(st.st_mode) else st
    except (OSError, RuntimeError):
        return Problem(name, None, None, "a symbolic link to nothing (a broken link)", what)
    if not target.is_relative_to(base.resolve()):
        return Problem(
            name, None, None, f"a symbolic link to a file outside {base}",
            f"{what} inside {base} (copy the file in rather than linking to it)",
        )  # fmt: skip
    if not stat.S_ISREG(st.st_mode):
        return Problem(name, None, None, f"{_kind(st.st_mode)} named '{path.name}'", what)
    return None


def read_input(
    path: str | Path,
    root: str | Path | None = None,
    *,
    limit: int = MAX_INPUT_BYTES,
    what: str = "a regular file",
) -> tuple[bytes | None, Problem | None]:
    """The bytes of the input file ``path`` once :func:`input_file_problem` finds nothing wrong
    with it and it holds at most ``limit`` bytes; else ``(None, the problem)``.  Opened without
    blocking and checked again once open, so a file swapped for a FIFO is not waited on."""
    problem = input_file_problem(path, root, what)
    if problem is not None:
        return None, problem
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return None, Problem(name, None, None, f"a file that cannot be read ({exc.strerror})", what)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, Problem(name, None, None, _kind(st.st_mode), what)
        if st.st_size > limit:
            too_big = f"a file of {st.st_size:,} bytes"
            return None, Problem(name, None, None, too_big, f"{what} of at most {limit:,} bytes")
        data = fh.read(limit + 1)
    if len(data) > limit:
        return None, Problem(name, None, None, "a file that grew while read", what)
    return data, None


def year_files(
    folder: str | Path, root: str | Path, what: str, *, strict: bool = False
) -> tuple[dict[int, Path], list[Problem]]:
    """The ``<year>.csv`` files of ``folder`` by year, and a problem for every other entry that
    names a year or ends in ``.csv`` in any case (``2025.CSV``, ``2025.csv.bak``, ``２０２５.csv``
    with full-width digits, ``2025.xlsx``) -- or, if ``strict``, for every other entry -- and for
    every year file that is not a regular file inside ``root`` (:func:`input_file_problem`).
    Names beginning with a dot (editors' lock and temporary files) are passed over.  Nothing is
    read."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}, []
    expected = f"{what} named <year>.csv (four digits 0-9, lower-case .csv), e.g. 2025.csv"
    found: dict[int, Path] = {}
    others: list[Path] = []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        m = _YEAR_FILE.match(path.name)
        if m is None:
            folded = unicodedata.normalize("NFKC", path.name)
            if strict or folded.lower().endswith(".csv") or _YEARISH.match(folded):
                others.append(path)
            continue
        problem = input_file_problem(path, root, f"a regular file ({what} are plain files)")
        if problem is not None:
            problems.append(problem)
        else:
            found[int(m.group(1))] = path
    for path in others:
        folded = unicodedata.normalize("NFKC", path.name)
        m = _YEARISH.match(folded)
        twin = found.get(int(m.group(1))) if m else None
        also = f" beside {twin.name}, which names the same year" if twin is not None else ""
        problems.append(
            Problem(str(path), None, None, f"a file named '{path.name}'{also}",
                    f"{expected}; rename the file or move it out of {folder.name}/")
        )  # fmt: skip
    return found, problems


def observation_folder(data_dir: str | Path) -> Path:
    """``<data>/observations`` if it exists, else the data folder itself."""
    data_dir = Path(data_dir)
    sub = data_dir / "observations"
    return sub if sub.is_dir() else data_dir


def folder_problems(folder: str | Path, root: str | Path) -> list[Problem]:
    """A problem for every entry of ``folder`` (a data folder's ``geo/``) that is not a regular
    file inside ``root`` (:func:`input_file_problem`); none without the folder.  Names beginning
    with a dot and sub-folders are passed over; nothing is read."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    problems = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or (path.is_dir() and not path.is_symlink()):
            continue
        problem = input_file_problem(path, root, "a regular file")
        if problem is not None:
            problems.append(problem)
    return problems


def scan_observation_files(data_dir: str | Path) -> tuple[dict[int, Path], list[Problem]]:
    """The observation files of a data folder by year, and the problems of its other files
    (see :func:`year_files`; nothing is read)."""
    return year_files(observation_folder(data_dir), data_dir, "observation files")


def observation_files(data_dir: str | Path) -> dict[int, Path]:
    """The observation files of a data folder, by year (``<year>.csv``; nothing is read): only
    regular files inside it (:func:`scan_observation_files` names the others)."""
    return scan_observation_files(data_dir)[0]


def district_folder(data_dir: str | Path, code: str) -> Path:
    """A district's own inputs (its findings): ``<data>/districts/<code>/``."""
    return Path(data_dir) / "districts" / code


def district_values(files: Iterable[Path]) -> set[tuple[str, str]]:
    """The (area, indicator) pairs with a value for a district (``area`` not empty) in the
    observation files ``files``, read leniently (the validation names what is wrong)."""
    found: set[tuple[str, str]] = set()
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            continue
        for row in csv.DictReader(io.StringIO(text)):
            area, value = (row.get("area") or "").strip(), (row.get("value") or "").strip()
            if area and value:
                found.add((area, (row.get("indicator") or "").strip()))
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
