"""The notebooks' tables as the report prints them: typed cells, key columns, numbers.

A cell is formatted by its column's type (``Column.type``, written by the notebook) as the
rest of the report formats values: a fraction as a percentage, a gap between fractions in
percentage points, a verdict or category code as its symbol and words, a boolean as 是/否.
A table wider than :data:`MAX_TABLE_COLUMNS` is printed by its key columns (the columns
that repeat another one, codes with a label beside them, units and flags left out); the full
table is a sheet of the workbook, named by :func:`sheet_name`.  The ``assessment`` table
repeats the chapter's indicator table: it is named, not printed.
"""

from __future__ import annotations

import math
import re
from typing import Any

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan
from healthcheck.report.context.formatting import verdict
from healthcheck.results.model import Column, Table
from healthcheck.results.store import RESULTS_FILE, FileStore
from healthcheck.text import fmt_percent, fmt_pp

__all__ = [
    "MAX_TABLE_COLUMNS",
    "MAX_TABLE_ROWS",
    "REPEATS_INDICATOR_TABLE",
    "format_cell",
    "key_columns",
    "sheet_name",
    "table_view",
    "tidy_cell",
]

#: data rows of a notebook table shown in the PDF: every row up to this many (a longer table
#: runs on over pages, its header repeated on each); beyond it the first rows are printed and
#: the note under the table names the workbook sheet that holds it whole.  A district table
#: of the default plan (13 districts x up to 7 indicators) prints whole.
MAX_TABLE_ROWS = 100
#: a table with more columns than this is printed by its key columns
MAX_TABLE_COLUMNS = 8
#: tables that repeat the chapter's indicator table: named (their workbook sheet), not printed
REPEATS_INDICATOR_TABLE = frozenset({"assessment"})

#: columns that hold a verdict (schedule) or a category (international) as a code
VERDICT_COLUMNS = {"schedule_verdict": "verdict", "verdict": "verdict",
                   "international_category": "category", "category": "category"}  # fmt: skip
#: columns that never print in a table's key columns
_NOT_KEY = frozenset({"name_en", "unit_zh", "unit_en", "kind", "direction", "illustrative",
                      "target_source", "area", "zone", "value_status", "note"})  # fmt: skip

_BOOL_CELLS = {"True": "是 yes", "False": "否 no"}


def sheet_name(folder: str, table: Table) -> str:
    """The workbook sheet of a notebook table (at most 31 characters, Excel's limit)."""
    name = table.id if table.id.startswith(folder) else f"{folder}-{table.id}"
    return name[:31]


def tidy_cell(text: str) -> tuple[str, bool]:
    """A CSV cell for print: long decimals shortened; (text, is_number)."""
    s = text.strip()
    if not s:
        return "", False
    if s in _BOOL_CELLS:
        return _BOOL_CELLS[s], False
    try:
        v = float(s)
    except ValueError:
        return s, False
    if not math.isfinite(v):
        return "—", True
    if re.fullmatch(r"[-+]?\d+", s):
        return s, True
    digits = max(0, min(3, 3 - int(math.floor(math.log10(abs(v))))) if v else 0)
    out = f"{v:.{digits}f}"
    if "." in out:
        out = out.rstrip("0").rstrip(".")
    return out.replace("-", "−", 1) if out.startswith("-") else out, True


def _is_gap(name: str) -> bool:
    return "gap" in name.split("_")


def format_cell(col: Column, text: str) -> tuple[str, bool]:
    """A cell as the report prints it, by its column's type and name; (text, is_number)."""
    s = text.strip()
    if col.name in VERDICT_COLUMNS and s:
        v = verdict(VERDICT_COLUMNS[col.name], s)  # type: ignore[arg-type]
        return f"{v['sym']} {v['zh']} {v['en']}", False
    if col.type == "fraction" and s:
        try:
            x = float(s)
        except ValueError:
            return tidy_cell(s)
        if not math.isfinite(x):
            return "—", True
        if _is_gap(col.name):
            return fmt_pp(x, "zh"), True
        return fmt_percent(x, "zh", 1), True
    if col.type == "bool" and s in ("1", "0", "1.0", "0.0"):
        return ("是 yes" if float(s) else "否 no"), False
    if col.type == "integer" and s.endswith(".0"):
        s = s[:-2]
    return tidy_cell(s)


def key_columns(columns: list[Column]) -> list[int]:
    """The indexes of a table's key columns: without the English twins of Chinese columns,
    codes with a label beside them, units, flags and notes; at most MAX_TABLE_COLUMNS."""
    names = [c.name for c in columns]
    keep = []
    for k, name in enumerate(names):
        if name in _NOT_KEY or (name.endswith("_en") and f"{name[:-3]}_zh" in names):
            continue
        if name[:-3] in VERDICT_COLUMNS and name[-3:] in ("_zh", "_en"):
            continue  # the verdict's code column prints its symbol and words
        if f"{name}_zh" in names and name not in VERDICT_COLUMNS:
            continue
        keep.append(k)
    return keep[:MAX_TABLE_COLUMNS]


def _columns(table: Table, header: list[str]) -> list[Column]:
    """The table's typed columns in the CSV's order (a column the results do not type: text)."""
    typed = {c.name: c for c in table.columns}
    return [typed.get(h, Column(name=h)) for h in header]


def table_view(
    table: Table, store: FileStore, name: str, number: str, plan: Plan,
    header_of: Any,
) -> dict[str, Any]:  # fmt: skip
    """A table of the results folder ``name`` for print: its key columns formatted, its
    per-row illustrative flags (which must match its rows), and its workbook sheet."""
    rows = store.table_rows(name, table)
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    flags = list(table.illustrative)
    if flags and len(flags) != len(body):
        raise BuildError(
            f"table {table.id!r} of {store.folder(name) / RESULTS_FILE}: {len(flags)} "
            f"illustrative flags for {len(body)} rows of {table.path}"
        )
    flags = flags or [False] * len(body)
    columns = _columns(table, header)
    wide = len(header) > MAX_TABLE_COLUMNS
    keep = key_columns(columns) if wide else list(range(len(header)))
    shown = [[format_cell(columns[i], r[i] if i < len(r) else "") for i in keep]
             for r in body[:MAX_TABLE_ROWS]]  # fmt: skip
    numeric = [bool(shown) and all(r[j][1] or not r[j][0] for r in shown)
               for j in range(len(keep))]  # fmt: skip
    return {
        "id": table.id, "caption_zh": _caption(table.caption_zh),
        "caption_en": _caption(table.caption_en), "origin": table.origin,
        "header": [header_of(table, header[i], plan) for i in keep],
        "numeric": numeric, "rows": shown,
        "illustrative_rows": flags[:MAX_TABLE_ROWS],
        "illustrative": any(flags[:MAX_TABLE_ROWS]),
        "total": len(body), "cut": len(body) > MAX_TABLE_ROWS, "wide": wide,
        "printed": bool(header) and table.id not in REPEATS_INDICATOR_TABLE,
        "columns": len(header), "sheet": sheet_name(name, table), "number": number,
    }  # fmt: skip


def _caption(text: str) -> str:
    """A caption without a leading "表：" / "Table:" (the number stands there)."""
    out = re.sub(r"^\s*(表\s*[：:]|Table\s*:)\s*", "", text)
    return out[:1].upper() + out[1:]
