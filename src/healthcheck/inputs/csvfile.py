"""Reading CSV files as an analyst hands them over: strictly, and with every problem located.

The reader accepts UTF-8 with or without a byte-order mark (Excel writes one), and refuses
anything else, naming the encoding the bytes look like (GBK/GB18030 from a Chinese Excel is the
common case).  Cells are kept as text: what a cell means is the schema's business.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from healthcheck.errors import Problem
from healthcheck.files import read_input
from healthcheck.inputs.text import table_text_problems

__all__ = ["LINE", "read_csv_strict"]

#: name of the column that carries each row's line number in the file (1 = header)
LINE = "__line__"


def read_csv_strict(
    path: Path, root: Path | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read ``path`` as UTF-8 CSV into a frame of strings with a ``__line__`` column.

    Returns ``(None, problems)`` when the file cannot be read at all (not a regular file inside
    ``root``, default its own folder; not UTF-8, empty, no header, a column named twice in the
    header); otherwise the frame and any problems with single rows (wrong number of cells) or
    cells (text the report cannot print: :mod:`healthcheck.inputs.text`).
    """
    name = str(path)
    raw, problem = read_input(path, root, what="a CSV file")
    if raw is None:
        return None, [problem] if problem else []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = _guess_encoding(raw)
        return None, [
            Problem(
                name,
                line,
                None,
                f"bytes that are not UTF-8 (the file looks like {guess})",
                "a UTF-8 file (in Excel: Save As > 'CSV UTF-8'; or "
                f"`iconv -f {guess.split()[0]} -t UTF-8`)",
            )
        ]
    if not text.strip():
        return None, [Problem(name, None, None, "an empty file", "a header row and data rows")]

    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    try:
        header = [h.strip() for h in next(reader)]
        twice = _repeated(header)
        if twice:
            return None, [
                Problem(name, 1, c, f"column {c or '(unnamed)'} twice", "each column once")
                for c in twice
            ]
        rows: list[list[str]] = []
        lines: list[int] = []
        start = reader.line_num + 1
        for cells in reader:
            if not any(c.strip() for c in cells):  # blank line
                start = reader.line_num + 1
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        name,
                        start,
                        None,
                        f"{len(cells)} cells",
                        f"{len(header)} cells, as in the header (quote cells that contain commas)",
                    )
                )
            else:
                rows.append(cells)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        return None, [Problem(name, reader.line_num, None, f"malformed CSV ({exc})", "valid CSV")]
    problems += table_text_problems(name, header, rows, lines)
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    frame[LINE] = lines
    return frame, problems


def _repeated(header: list[str]) -> list[str]:
    """The column names the header gives more than once, in the order of their second use
    (a frame with two columns of one name would give one cell a Series where a string is
    meant: every later check would fail with pandas' words, not ours)."""
    seen: set[str] = set()
    twice: list[str] = []
    for c in header:
        if c in seen and c not in twice:
            twice.append(c)
        seen.add(c)
    return twice


def _guess_encoding(raw: bytes) -> str:
    try:  # Chinese Excel saves GBK; short files fool statistical detectors, so try it first
        text = raw[:200_000].decode("gb18030")
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
        if cjk and cjk >= 0.5 * sum(ord(ch) > 127 for ch in text):
            return "GB18030 (GBK), as Excel saves on Chinese Windows"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw[:200_000]).best()
    if best is None:
        return "an unknown binary encoding"
    enc = best.encoding.lower().replace("_", "-")
    if enc in {"gb2312", "gbk", "gb18030"}:
        return "GB18030 (GBK), as Excel saves on Chinese Windows"
    return enc.upper()
