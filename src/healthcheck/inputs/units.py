"""The register of statistical units a national plan's ledgers may name (``<plan>/units.csv``,
optional): the 街道 (``street``), their 社区 (``community``) and the 小区 (``estate``) of those,
each with its parent and district.

Checked like every input (every failure a located :class:`~healthcheck.errors.Problem`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from healthcheck.errors import Problem
from healthcheck.files import present
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.problems import MISSING_COLUMN, Rule, Spec

__all__ = ["PARENT_LEVEL", "UNITS", "UNIT_COLUMNS", "UNIT_LEVELS", "check_units", "read_units"]

UNIT_COLUMNS: tuple[str, ...] = ("code", "level", "name_zh", "name_en", "parent", "district")
#: the levels of the register, largest first: id -> (zh, en)
UNIT_LEVELS: dict[str, tuple[str, str]] = {
    "street": ("街道", "sub-district"),
    "community": ("社区", "community"),
    "estate": ("小区", "estate"),
}
#: the level of each level's parent ("" for none)
PARENT_LEVEL: dict[str, str] = {"street": "", "community": "street", "estate": "community"}

UNITS = Spec(
    "units.csv",
    UNIT_COLUMNS,
    optional=frozenset({"name_en"}),
    keys=("code", "parent", "district"),
    rules=[
        Rule("code", "a code of letters, digits, - and _",
             lambda s: s.str.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*")),
        Rule("code", "each code once", lambda s: ~s.duplicated(keep="first")),
        Rule("level", "street, community or estate", lambda s: s.isin(list(UNIT_LEVELS))),
        Rule("name_zh", "the unit's Chinese name", lambda s: s.str.len() > 0),
        Rule("district", "a district code of plan.yaml", lambda d: d["_district_known"],
             on_frame=True),
        Rule("parent", "empty for a street; the code of a street for a community, of a "
             "community for an estate (in this file)", lambda d: d["_parent_ok"], on_frame=True),
        Rule("district", "the district of the unit's parent", lambda d: d["_same_district"],
             on_frame=True),
    ],
)  # fmt: skip
"""The rules of units.csv; context columns ``_district_known``, ``_parent_ok`` (the parent is
of the level above) and ``_same_district``."""


def check_units(
    frame: pd.DataFrame, file: str, districts: set[str]
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check units.csv's rows; the frame (columns :data:`UNIT_COLUMNS`, ``line``) or None."""
    problems = UNITS.header_problems(frame, file)
    if any(p.found == MISSING_COLUMN for p in problems):
        return None, problems
    if "name_en" not in frame:
        frame["name_en"] = ""
    f = frame.apply(lambda s: s.str.strip() if s.dtype == object else s)
    level_of = dict(zip(f["code"], f["level"], strict=False))
    district_of = dict(zip(f["code"], f["district"], strict=False))
    f["_district_known"] = f["district"].isin(districts)
    f["_parent_ok"] = [
        (p == "") if PARENT_LEVEL.get(lv, "") == "" else level_of.get(p) == PARENT_LEVEL[lv]
        for lv, p in zip(f["level"], f["parent"], strict=True)
    ]
    f["_same_district"] = [
        p == "" or p not in district_of or district_of[p] == d
        for p, d in zip(f["parent"], f["district"], strict=True)
    ]
    problems += UNITS.problems(f, file)
    if problems:
        return None, problems
    out = f[list(UNIT_COLUMNS)].copy()
    out["name_en"] = out["name_en"].where(out["name_en"] != "", out["name_zh"])
    out["line"] = f[LINE].astype(int)
    return out.reset_index(drop=True), []


def read_units(path: Path, districts: set[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check ``path``; (None, []) when there is no such file (no register)."""
    if not present(path):
        return None, []
    frame, problems = read_csv_strict(path)
    if frame is None:
        return None, problems
    units, more = check_units(frame, str(path), districts)
    return units, problems + more
