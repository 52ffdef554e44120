"""Print what an analyst sees in a workbook: each sheet's tables, freeze panes, filters, column
widths, then its header and first rows with each cell's type and number format.

    python scripts/dump_workbook.py build/2025/report.xlsx [rows]
"""

from __future__ import annotations

import sys

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


def dump(path: str, rows: int = 3) -> None:
    book = load_workbook(path)
    for ws in book.worksheets:
        tables = dict(ws.tables.items())
        print(
            f"== {ws.title}  {ws.max_row - 1} rows x {ws.max_column} cols  "
            f"freeze={ws.freeze_panes}  tables={tables}  autofilter={ws.auto_filter.ref}"
        )
        widths = [
            ws.column_dimensions[get_column_letter(k)].width for k in range(1, ws.max_column + 1)
        ]
        print("   widths:", widths)
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=rows + 1)):
            cells = [
                f"{c.value!r}<{c.data_type}"
                + (f" {c.number_format}" if c.number_format != "General" else "")
                + (" q" if c.quotePrefix else "")
                + (" FILL" if c.fill.fgColor.rgb not in ("00000000", None) else "")
                + ">"
                for c in row
                if c.value is not None
            ]
            print(f"   {'H' if r == 0 else r}: " + " | ".join(cells))


if __name__ == "__main__":
    dump(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
