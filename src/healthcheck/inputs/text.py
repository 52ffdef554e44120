"""The text of an input cell: what the report can print, checked where it enters.

Every text cell of every CSV (:func:`healthcheck.inputs.csvfile.read_csv_strict`) and every
string of a YAML file (:mod:`healthcheck.inputs.yamlfile`) is checked here, so that anything
``validate`` accepts can be rendered, and a problem names the file, the line, the column, the
character and what to do:

* **control characters** (C0 but tab, line feed and carriage return; DEL; C1; the bidirectional
  embeddings, overrides and isolates): nothing a report prints; refused ("delete the character
  U+001B at position 12").  Messages show them escaped (:func:`healthcheck.errors.shown`).
* **characters the report's font cannot draw** (an emoji, CJK Extension B such as 𠀀): the
  report and its charts use one font, Noto Sans CJK SC, without fallback, because a fallback
  mixes faces and a missing glyph prints as an empty box.  Refused where they enter, naming the
  character, instead of a build failing on its last step with a message that names no file.
  The font's character map is read once (fontTools, the font fontconfig finds for the name); if
  the font is not installed the check is skipped (the build then fails on the font itself).
* **over-long texts** (more than :data:`MAX_CHARS` characters): a cell is printed in a table
  or beside a chart; refused ("shorten it").  Long words without spaces within the limit (a URL)
  are wrapped by the stylesheet (``overflow-wrap: anywhere``).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable

from healthcheck.errors import Problem

__all__ = [
    "CONTROL",
    "FONT_FAMILY",
    "MAX_CHARS",
    "font_coverage",
    "table_text_problems",
    "text_problems",
]

#: the one font the report and its charts draw text with (templates/report.css,
#: :data:`healthcheck.charts.style.FONT`)
FONT_FAMILY = "Noto Sans CJK SC"
#: the longest text a cell may hold
MAX_CHARS = 2_000
#: the characters no cell may hold
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_WHITE = frozenset("\t\n\r")
_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI"}


@functools.cache
def font_coverage() -> frozenset[int] | None:
    """The code points the report's font draws, or None when it cannot be found or read."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        out = subprocess.run(
            [fc_match, "-f", "%{family}\t%{file}\t%{index}", FONT_FAMILY],
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout  # fmt: skip
        families, file, index = out.split("\t")
        if FONT_FAMILY not in families.split(","):
            return None  # fontconfig substituted another font: the build reports it
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        with TTFont(file, fontNumber=int(index or 0), lazy=True) as font:
            return frozenset(font.getBestCmap())
    except (OSError, ValueError, subprocess.SubprocessError, ImportError, KeyError):
        return None


def _name(ch: str) -> str:
    code = ord(ch)
    name = _NAMES.get(code) or unicodedata.name(ch, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def text_problems(text: str, file: str, row: int | None, column: str | None) -> list[Problem]:
    """The problems of one text (see the module); none for a text the report can print."""
    problems = []
    if len(text) > MAX_CHARS:
        problems.append(Problem(
            file, row, column, f"a text of {len(text):,} characters",
            f"at most {MAX_CHARS:,} characters (shorten it: the report prints it in a table)",
        ))  # fmt: skip
    m = CONTROL.search(text)
    if m:
        pos, what = m.start() + 1, _name(m.group())
        more = len(CONTROL.findall(text)) - 1
        others = f" and {more} more" if more else ""
        problems.append(Problem(
            file, row, column, f"the control character {what} at position {pos}{others}",
            f"text without control characters (delete the character {what.split()[0]} at "
            f"position {pos}{others and ', and the others'})",
        ))  # fmt: skip
    covered = font_coverage() if not text.isascii() else None
    if covered is not None:
        missing = [
            (i, ch) for i, ch in enumerate(text)
            if ord(ch) not in covered and ch not in _WHITE and not CONTROL.match(ch)
        ]  # fmt: skip
        if missing:
            pos, ch = missing[0]
            others = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            problems.append(Problem(
                file, row, column,
                f"the character {_name(ch)} at position {pos + 1}{others}, which the report's "
                f"font ({FONT_FAMILY}) cannot draw",
                f"text the report can print (replace or delete {_name(ch).split()[0]})",
            ))  # fmt: skip
    return problems


def _suspect(values: Iterable[str]) -> bool:
    """Whether any of ``values`` may have a problem (a quick look at the column as a whole)."""
    chars = set("".join(values))
    if CONTROL.search("".join(chars)):
        return True
    covered = font_coverage() if any(ord(c) > 0x7E for c in chars) else None
    return covered is not None and any(ord(c) not in covered and c not in _WHITE for c in chars)


def table_text_problems(
    file: str, header: list[str], rows: list[list[str]], lines: list[int]
) -> list[Problem]:
    """The problems of every cell of a table (``rows`` of cells under ``header``), located by
    ``lines`` (the file's line of each row) and the column's name."""
    problems: list[Problem] = []
    for i, column in enumerate(header):
        values = [r[i] for r in rows]
        if not any(len(v) > MAX_CHARS for v in values) and not _suspect(values):
            continue
        for line, value in zip(lines, values, strict=True):
            problems += text_problems(value, file, line, column)
    return problems
