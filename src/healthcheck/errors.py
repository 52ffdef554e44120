"""One exception hierarchy for everything healthcheck raises on purpose.

``HealthcheckError`` is the root.  ``InputError`` carries *all* the problems found in the
plan or the data, each located by file, row and column, so that the command line can print
them at once and exit 2.  ``BuildError`` (exit 1) covers failures of the build itself:
a notebook that raised, a report that could not be rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "MAX_EXPECTED",
    "MAX_SHOWN",
    "BuildError",
    "HealthcheckError",
    "InputError",
    "NotebookError",
    "Problem",
    "shown",
]

#: the most characters of a problem's ``found`` a message shows (what the input held)
MAX_SHOWN = 140
#: the most characters of a problem's ``expected`` (our own explanation; it may list ids or
#: quote plan text, so it is bounded too, but far enough not to cut what to do)
MAX_EXPECTED = 600
#: characters never written raw to a terminal or a log: C0 and C1 controls, DEL, the line and
#: paragraph separators and the bidirectional embeddings, overrides and isolates (which make a
#: line read differently from what it holds)
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str, limit: int | None = MAX_SHOWN, *, keep_newlines: bool = False) -> str:
    """``text`` safe to print: every :data:`UNSAFE` character escaped (``\\x1b``, ``\\u202e``;
    newlines kept if ``keep_newlines``), and cut to ``limit`` characters with a note of how
    many more there were."""
    if keep_newlines:
        safe = "\n".join(UNSAFE.sub(lambda m: _escape(m.group()), t) for t in text.split("\n"))
    else:
        safe = UNSAFE.sub(lambda m: _escape(m.group()), text)
    if limit is not None and len(safe) > limit:
        return f"{safe[:limit]}… ({len(safe) - limit} more characters)"
    return safe


class HealthcheckError(Exception):
    """Base class of every error healthcheck raises deliberately."""

    exit_code = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file.

    ``row`` is the 1-based line of the file as an editor shows it (the CSV header is line 1),
    or ``None`` for a problem with the whole file; ``column`` is the column name (or a dotted
    key path in a YAML file), or ``None``.  Printed ``file:row:column: found …; expected …``
    (empty fields stay, for the tools that parse it); a command-line option (``--year``) in
    place of the file prints ``--year: found …; expected …``.
    """

    file: str
    row: int | None
    column: str | None
    found: str
    expected: str

    def __str__(self) -> str:
        """``file:row:column: found …; expected …``, one line of bounded length whatever the
        input held (control characters escaped, long texts cut: see :func:`shown`); an option
        (``--year``) has no row or column."""
        where = self.file
        if not (self.file.startswith("-") and self.row is None and self.column is None):
            where += f":{self.row}" if self.row is not None else ":"  # not an option
            where += f":{self.column}" if self.column else ":"
        found, expected = shown(self.found), shown(self.expected, MAX_EXPECTED)
        return f"{shown(where, None)}: found {found}; expected {expected}"


class InputError(HealthcheckError):
    """The plan or the data is invalid.  ``problems`` lists every problem found."""

    exit_code = 2

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(set(problems), key=_problem_key)
        super().__init__(
            f"{len(self.problems)} problem(s) in the input:\n"
            + "\n".join(str(p) for p in self.problems)
        )


def _problem_key(p: Problem) -> tuple:
    return (p.file, p.row if p.row is not None else -1, p.column or "", p.found, p.expected)


class BuildError(HealthcheckError):
    """The build failed (a notebook, the report renderer)."""

    exit_code = 1


class NotebookError(BuildError):
    """A domain notebook raised.  The executed notebook, with the error, is kept at ``path``."""

    def __init__(self, domain: str, cell: int | None, exception: str, path: Path | None):
        self.domain = domain
        self.cell = cell
        self.exception = exception
        self.path = path
        cell_text = f"cell {cell}" if cell is not None else "an unknown cell"
        kept = f" (executed notebook kept at {path})" if path else ""
        super().__init__(f"notebook of domain '{domain}' failed in {cell_text}: {exception}{kept}")
