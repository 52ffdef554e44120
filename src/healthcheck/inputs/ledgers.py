"""The problem ledger (问题台账) of a national check: ``<data>/ledgers/<year>.csv``, one row per
problem found against the national standards, keyed to its unit (楼栋 / 小区 / 社区 / 街道 /
道路) in its 社区, 街道 and district, with its severity (问题程度), difficulty (治理难度),
remedy class (限时解决 / 尽力解决), responsible unit, status and dates.

Checked like every input, every failure a located :class:`~healthcheck.errors.Problem`, all at
once: unknown indicators or unit codes, a 社区 outside its 街道, coordinates outside the
district's bounding box (when the boundaries are known), bad enumerations and dates, repeated
ids, a ``closed`` date before ``found``, a problem done without its ``closed`` date.  Enumerated
cells may be written in English (``time_bound``) or in the manual's Chinese (``限时解决``);
the checked frame holds the English ids.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from healthcheck.errors import Problem
from healthcheck.files import year_files
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.problems import MISSING_COLUMN, Rule, Spec
from healthcheck.inputs.spec import SOURCED, parse_number
from healthcheck.inputs.status import STATUSES

__all__ = [
    "DIFFICULTIES",
    "LEDGER",
    "LEDGER_COLUMNS",
    "REMEDIES",
    "SEVERITIES",
    "STATES",
    "UNIT_TYPES",
    "Bounds",
    "LedgerContext",
    "check_ledger",
    "ledger_files",
    "read_ledger",
]

LEDGER_COLUMNS: tuple[str, ...] = (
    "problem_id", "indicator", "district", "street", "community", "unit_type", "unit_id",
    "unit_name", "lon", "lat", "quantity", "problem_zh", "problem_en", "severity",
    "difficulty", "remedy", "recommendation_zh", "recommendation_en", "responsible_zh",
    "responsible_en", "status", "found", "due", "closed", "carried_from", "data_status",
    "source",
)  # fmt: skip
_OPTIONAL = frozenset(
    {"unit_name", "lon", "lat", "quantity", "problem_en", "recommendation_zh",
     "recommendation_en", "responsible_zh", "responsible_en", "closed", "carried_from",
     "source"}
)  # fmt: skip
#: id -> (zh, en)
SEVERITIES: dict[str, tuple[str, str]] = {
    "very_serious": ("非常严重", "very serious"),
    "serious": ("严重", "serious"),
    "general": ("一般", "general"),
}
DIFFICULTIES: dict[str, tuple[str, str]] = {
    "high": ("高", "high"),
    "medium": ("中", "medium"),
    "low": ("低", "low"),
}
REMEDIES: dict[str, tuple[str, str]] = {
    "time_bound": ("限时解决", "time-bound"),
    "best_effort": ("尽力解决", "best effort"),
}
STATES: dict[str, tuple[str, str]] = {
    "open": ("未整治", "open"),
    "in_progress": ("整治中", "in progress"),
    "done": ("已完成", "done"),
}
UNIT_TYPES: dict[str, tuple[str, str]] = {
    "楼栋": ("楼栋", "building"),
    "小区": ("小区", "estate"),
    "社区": ("社区", "community"),
    "街道": ("街道", "sub-district"),
    "道路": ("道路", "street"),
}
#: a district's bounding box: (min lon, min lat, max lon, max lat), WGS-84
Bounds = tuple[float, float, float, float]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _enum(values: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Every accepted spelling -> the id (the id itself, the Chinese, the English)."""
    out = {k: k for k in values}
    for k, (zh, en) in values.items():
        out[zh] = k
        out[en] = k
    return out


def _words(values: Mapping[str, tuple[str, str]]) -> str:
    return ", ".join(f"{k} ({zh})" for k, (zh, _) in values.items())


def _date(text: str) -> dt.date | None:
    if not _DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


LEDGER = Spec(
    "ledgers/<year>.csv",
    LEDGER_COLUMNS,
    optional=_OPTIONAL,
    keys=("problem_id", "indicator", "district", "street", "community", "unit_id"),
    rules=[
        Rule("problem_id", "an id of letters, digits, - and _ (stable across years)",
             lambda s: s.str.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*")),
        Rule("problem_id", "each problem once (this id repeats an earlier row)",
             lambda s: ~s.duplicated(keep="first")),
        Rule("indicator", "an indicator of the 住房, 小区 or 街区 level (N01–N29, or the "
             "city's own at those levels)", lambda d: d["_indicator_ok"], on_frame=True),
        Rule("district", "a district code of plan.yaml", lambda d: d["_district_ok"],
             on_frame=True),
        Rule("street", "the code of a street (街道) of units.csv in the row's district",
             lambda d: d["_street_ok"], on_frame=True),
        Rule("community", "empty, or the code of a community (社区) of units.csv in the row's "
             "street", lambda d: d["_community_ok"], on_frame=True),
        Rule("unit_type", f"one of {', '.join(UNIT_TYPES)}",
             lambda s: s.isin(list(_enum(UNIT_TYPES)))),
        Rule("unit_id", "the code of the unit with the problem (building, estate, road …)",
             lambda s: s.str.len() > 0),
        Rule("unit_id", "for a 小区: the code of an estate of units.csv in the row's community",
             lambda d: d["_estate_ok"], on_frame=True),
        Rule("lon", "a longitude in degrees (WGS-84) with lat, or both empty",
             lambda d: d["_lon"].notna() | ((d["lon"] == "") & (d["lat"] == "")), on_frame=True),
        Rule("lat", "a latitude in degrees (WGS-84) with lon, or both empty",
             lambda d: d["_lat"].notna() | ((d["lon"] == "") & (d["lat"] == "")), on_frame=True),
        Rule("lon", "a point inside the bounding box of the row's district ({bounds})",
             lambda d: d["_inside"], on_frame=True, found="_where"),
        Rule("quantity", "empty (1), or a non-negative number (a gap, a length in km …)",
             lambda d: d["_quantity"].notna() & (d["_quantity"] >= 0), on_frame=True),
        Rule("problem_zh", "the problem found in Chinese or English (problem_en)",
             lambda d: (d["problem_zh"] != "") | (d["problem_en"] != ""), on_frame=True),
        Rule("severity", f"one of {_words(SEVERITIES)}",
             lambda s: s.isin(list(_enum(SEVERITIES)))),
        Rule("difficulty", f"one of {_words(DIFFICULTIES)}",
             lambda s: s.isin(list(_enum(DIFFICULTIES)))),
        Rule("remedy", f"one of {_words(REMEDIES)}", lambda s: s.isin(list(_enum(REMEDIES)))),
        Rule("status", f"one of {_words(STATES)}", lambda s: s.isin(list(_enum(STATES)))),
        Rule("found", "a date YYYY-MM-DD in or before {file_year}",
             lambda d: d["_found"].notna() & (d["_found_year"] <= d["_file_year"]),
             on_frame=True),
        Rule("due", "a month YYYY-MM (the deadline)", lambda s: s.str.fullmatch(_MONTH.pattern)),
        Rule("closed", "a date YYYY-MM-DD, or empty while the problem is not done",
             lambda d: (d["closed"] == "") | d["_closed"].notna(), on_frame=True),
        Rule("closed", "the date the problem was closed (its status is done)",
             lambda d: ~(d["_done"] & (d["closed"] == "")), on_frame=True),
        Rule("closed", "empty: the problem is not done",
             lambda d: d["_done"] | (d["closed"] == ""), on_frame=True),
        Rule("closed", "a date on or after the found date",
             lambda d: ~(d["_found"].notna() & d["_closed"].notna()
                         & (d["_closed"] < d["_found"])), on_frame=True),
        Rule("carried_from", "empty, or the year (before {file_year}) the problem was first "
             "listed", lambda d: d["_carried_ok"], on_frame=True),
        Rule("data_status", f"one of {', '.join(STATUSES)}", lambda s: s.isin(STATUSES)),
        Rule("source", "the source of an official, reported or estimated record",
             lambda d: ~(d["data_status"].isin(SOURCED) & (d["source"] == "")), on_frame=True),
    ],
)  # fmt: skip
"""The rules of a ledger; context columns (``_…``) hold the parsed cells and what the row is
checked against (the framework, plan.yaml's districts, units.csv, the districts' boxes)."""


class LedgerContext:
    """What a ledger is checked against: the ids of the ledger indicators, the district
    codes, the unit register (or None: street and community codes are not checked) and the
    districts' bounding boxes (or None: coordinates are checked for range only)."""

    def __init__(
        self,
        indicators: set[str],
        districts: set[str],
        units: pd.DataFrame | None = None,
        bounds: Mapping[str, Bounds] | None = None,
    ) -> None:
        self.indicators = indicators
        self.districts = districts
        self.bounds = dict(bounds or {})
        self.units = units
        rows = [] if units is None else units.to_dict("records")
        self.level = {str(r["code"]): str(r["level"]) for r in rows}
        self.parent = {str(r["code"]): str(r["parent"]) for r in rows}
        self.district = {str(r["code"]): str(r["district"]) for r in rows}
        self.has_estates = "estate" in self.level.values()

    def is_unit(self, code: str, level: str, parent: str) -> bool:
        if self.units is None:
            return True
        return self.level.get(code) == level and (
            self.parent.get(code) == parent
            if level != "street"
            else self.district.get(code) == parent
        )


def _number(text: str, default: float | None = None) -> float | None:
    if not text:
        return default
    return parse_number(text)[0]


def _where(lon: float | None, lat: float | None, box: Bounds | None) -> tuple[bool, str]:
    if lon is None or lat is None or pd.isna(lon) or pd.isna(lat) or box is None:
        return True, ""
    inside = box[0] <= lon <= box[2] and box[1] <= lat <= box[3]
    return inside, f"'{lon:g}, {lat:g}' (lon, lat), outside the box"


def _context_columns(f: pd.DataFrame, ctx: LedgerContext, file_year: int) -> None:
    f["_indicator_ok"] = f["indicator"].isin(ctx.indicators)
    f["_district_ok"] = f["district"].isin(ctx.districts)
    f["_street_ok"] = [
        ctx.is_unit(s, "street", d) for s, d in zip(f["street"], f["district"], strict=True)
    ]
    f["_community_ok"] = [
        c == "" or ctx.is_unit(c, "community", s)
        for c, s in zip(f["community"], f["street"], strict=True)
    ]
    f["_estate_ok"] = [
        not (ctx.has_estates and _enum(UNIT_TYPES).get(t) == "小区") or ctx.is_unit(u, "estate", c)
        for t, u, c in zip(f["unit_type"], f["unit_id"], f["community"], strict=True)
    ]
    f["_lon"] = [v if v is not None and -180 <= v <= 180 else None for v in f["lon"].map(_number)]
    f["_lat"] = [v if v is not None and -90 <= v <= 90 else None for v in f["lat"].map(_number)]
    where = [
        _where(lon, lat, ctx.bounds.get(d))
        for lon, lat, d in zip(f["_lon"], f["_lat"], f["district"], strict=True)
    ]
    f["_inside"] = [w[0] for w in where]
    f["_where"] = [w[1] for w in where]
    f["_quantity"] = f["quantity"].map(lambda t: _number(t, 1.0))
    f["_found"] = f["found"].map(_date)
    f["_found_year"] = f["_found"].map(lambda d: d.year if d is not None else 0)
    f["_file_year"] = file_year
    f["_closed"] = f["closed"].map(_date)
    f["_done"] = f["status"].map(_enum(STATES)).eq("done")
    f["_carried_ok"] = f["carried_from"].map(
        lambda t: t == "" or (bool(re.fullmatch(r"\d{4}", t)) and int(t) < file_year)
    )


def check_ledger(
    frame: pd.DataFrame, file: str, file_year: int, ctx: LedgerContext
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check one year's ledger; the typed frame (None if any problem) and every problem."""
    problems = LEDGER.header_problems(frame, file)
    if any(p.found == MISSING_COLUMN for p in problems):
        return None, problems
    for c in _OPTIONAL:
        if c not in frame:
            frame[c] = ""
    if frame.empty:
        return _typed(frame, file, file_year), problems
    f = frame.apply(lambda s: s.str.strip() if s.dtype == object else s)
    _context_columns(f, ctx, file_year)
    boxes = "; ".join(
        f"{d}: {b[0]:g}–{b[2]:g} E, {b[1]:g}–{b[3]:g} N" for d, b in ctx.bounds.items()
    )
    problems += LEDGER.problems(f, file, {"file_year": file_year, "bounds": boxes or "none"})
    if problems:
        return None, problems
    return _typed(f, file, file_year), []


def _typed(f: pd.DataFrame, file: str, year: int) -> pd.DataFrame:
    out = f[list(LEDGER_COLUMNS)].copy()
    for col, values in (("severity", SEVERITIES), ("difficulty", DIFFICULTIES),
                        ("remedy", REMEDIES), ("status", STATES)):  # fmt: skip
        out[col] = out[col].map(_enum(values))
    out["unit_type"] = out["unit_type"].map(_enum(UNIT_TYPES))
    out["lon"] = pd.to_numeric(out["lon"], errors="coerce")
    out["lat"] = pd.to_numeric(out["lat"], errors="coerce")
    out["quantity"] = f["_quantity"].astype(float) if "_quantity" in f else pd.Series(dtype=float)
    out["found"] = f["found"].map(_date) if len(f) else f["found"]
    out["closed"] = f["closed"].map(_date) if len(f) else f["closed"]
    out["carried_from"] = pd.array(
        [int(t) if t else pd.NA for t in f["carried_from"]], dtype="Int64"
    )
    out["year"] = year
    out["file"] = file
    out["line"] = f[LINE].astype(int) if len(f) else pd.Series(dtype=int)
    return out.reset_index(drop=True)


def ledger_files(data_dir: str | Path) -> dict[int, Path]:
    """The ledgers of a data folder, by year (``ledgers/<year>.csv``)."""
    return year_files(Path(data_dir) / "ledgers", data_dir, "ledgers")[0]


def read_ledger(
    path: Path, year: int, ctx: LedgerContext
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check the ledger ``path`` of ``year``."""
    frame, problems = read_csv_strict(path)
    if frame is None:
        return None, problems
    ledger, more = check_ledger(frame, str(path), year, ctx)
    return ledger, problems + more
