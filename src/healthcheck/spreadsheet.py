"""Text that a spreadsheet must not run: the formula-injection rule of every CSV file and of
the workbook.

A spreadsheet program reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or a carriage return) as a formula, so a note or a source such as
``=HYPERLINK("http://evil.example","click")`` would run when an analyst opens the file.  The
OWASP guidance on CSV injection (https://owasp.org/www-community/attacks/CSV_Injection) is
followed:

* in a CSV file, such a text cell is written with a single quote ``'`` before it, which a
  spreadsheet shows and does not evaluate (:func:`csv_text`, :func:`csv_safe`); a cell that
  already begins with quotes before such a character gets one more, so that removing one
  leading quote (:func:`csv_unescape`) always gives the text back;
* numbers stay numbers: only text is escaped, and a text cell that is a plain number
  (``-3.5``, ``+2``) is a number to a spreadsheet, not a formula, and is left alone;
* a workbook stores every text cell as text (never a formula) and marks those that begin
  with a trigger with Excel's own quote prefix (:func:`keep_text`: report.xlsx and the fill-in
  forms alike).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # no pandas import: the results store's readers use the standard library
    import pandas as pd

__all__ = [
    "FORMULA_TRIGGERS",
    "csv_safe",
    "csv_text",
    "csv_unescape",
    "keep_text",
    "looks_like_formula",
]

#: the first characters a spreadsheet may read as the start of a formula (OWASP)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula: it begins with one of
    :data:`FORMULA_TRIGGERS` and is not a plain number."""
    return text.startswith(FORMULA_TRIGGERS) and not _NUMBER.fullmatch(text)


def csv_text(text: str) -> str:
    """A text cell as a CSV file holds it: ``'`` before a text that looks like a formula (or
    that begins with quotes before a trigger, so the escape can be undone)."""
    if looks_like_formula(text) or (text.startswith("'") and _ESCAPED.match(text)):
        return "'" + text
    return text


def csv_unescape(text: str) -> str:
    """The text :func:`csv_text` escaped."""
    return text[1:] if _ESCAPED.match(text) else text


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell as :func:`csv_text` writes it (numbers, booleans and
    missing values as they are), and the column names likewise."""
    out = frame.copy()
    for col in out.select_dtypes(include=["object", "string"]).columns:
        out[col] = out[col].map(lambda v: csv_text(v) if isinstance(v, str) else v)
    out.columns = [csv_text(c) if isinstance(c, str) else c for c in out.columns]
    return out


def keep_text(cell: Any) -> None:
    """Make an openpyxl cell that holds a string a text cell: openpyxl reads a string that
    begins with ``=`` as a formula (``ws.append``, ``ws.cell(r, c, value)``, ``cell.value =``)
    and would write ``=HYPERLINK(...)`` as one.  A carriage return becomes a line feed (it
    would not survive the XML); a text that looks like a formula gets Excel's quote prefix,
    so that editing the cell keeps it text.  Other values are left as they are."""
    if not isinstance(cell.value, str):
        return
    cell.value = cell.value.replace("\r\n", "\n").replace("\r", "\n")
    cell.data_type = "s"  # text, never a formula or an error code
    if looks_like_formula(cell.value):
        cell.quotePrefix = True
