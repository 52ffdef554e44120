"""Peer-city values from a batch: the national 城市体检 grades a city's indicators against
comparable cities (the default rule compares the value with the peers' median,
:mod:`healthcheck.inputs.peers`); a batch of national reports of one year holds exactly those
values.

:func:`peer_values` gathers them, one row per indicator and city, in the canonical form of
``<data>/peers/<year>.csv`` (``indicator, city, value, status, source``); a city's peers are
that frame without the city's own rows (:func:`peers_of`).  :func:`write_peers` writes each
city's file to ``<out>/peers/<label>/<year>.csv`` -- never into the city's data folder: the
analysts decide to use it (copy it to ``<data>/peers/<year>.csv`` and rebuild), as the grading
reads peers from the data folder only.

Only values that mean the same thing in every city are given: the framework's own indicators
graded from an observed value (not those counted from a city's problem ledger, which depend on
its sample of 社区, nor a 特色指标 a city added), that the city applies, observed in the year
itself (a value carried from an earlier year is left out).  The status is the city's
observation's (an illustrative value stays illustrative); the source names the city's
observation file and report.  Every file is checked by the reader's own checks
(:func:`~healthcheck.inputs.peers.check_peers`) before it is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.batch.compare import NATIONAL, Loaded, load_report, year_layout
from healthcheck.batch.refs import ReportRef
from healthcheck.errors import BuildError
from healthcheck.files import atomic_write_text
from healthcheck.forms.collect import format_value
from healthcheck.inputs.csvfile import LINE
from healthcheck.inputs.peers import PEER_COLUMNS, check_peers
from healthcheck.inputs.plan import load_plan

__all__ = [
    "PeerFile",
    "city_name",
    "folder_name",
    "how_to_use",
    "peer_values",
    "peers_csv",
    "peers_of",
    "write_peers",
]


@dataclass(frozen=True)
class PeerFile:
    """A peers file written for one city of the batch."""

    path: Path
    label: str
    city: str
    year: int
    data_dir: Path
    rows: int


def _graded(plan_dir: Path) -> set[str]:
    """The indicators a national plan grades from a value (the peers reader's check)."""
    plan = load_plan(plan_dir)
    if plan.system is None:
        raise BuildError(f"plan {plan_dir} is not a national plan: no peers")
    return {i.id for i in plan.system.indicators if i.source_of_value != "ledger"}


def _framework_observed(plan_dir: Path) -> set[str]:
    """The framework's own indicators with an observed value (not the ledger's, not the
    city's additions)."""
    plan = load_plan(plan_dir)
    added = {r.indicator for r in plan.refinements if r.action == "add"}
    system = plan.system
    if system is None:
        return set()
    return {i.id for i in system.indicators if i.source_of_value != "ledger"} - added


def _source(x: Loaded) -> str:
    year = x.ref.year
    report = year_layout(x.ref).output("report.pdf")
    return (f"{x.ref.label}: {Path(x.ref.data_dir) / 'observations' / f'{year}.csv'} "
            f"(healthcheck batch; report {report})")  # fmt: skip


def peer_values(reports: Sequence[ReportRef], year: int) -> pd.DataFrame:
    """The values of every national (``mohurd_2025``) report of ``year`` of the batch that a
    peer may use (see the module), one row per indicator and city, in the canonical form of
    a peers file (columns :data:`~healthcheck.inputs.peers.PEER_COLUMNS`; ``city`` the plan's
    city name); a city given twice (two reports of one city code and year) is taken once,
    from its first report.  A city's peers are these rows without its own
    (:func:`peers_of`).  Empty (with the columns) when the batch has no such report."""
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for ref in reports:
        if ref.framework != NATIONAL or ref.year != year:
            continue
        x = load_report(ref)
        if x.city in seen:
            continue
        seen.add(x.city)
        usable = _framework_observed(Path(ref.plan_dir))
        for ident, row in x.rows.items():
            if (ident not in usable or not row.applicable or row.value is None
                    or row.year != year):  # fmt: skip
                continue
            rows.append({"indicator": ident, "city": city_name(x),
                         "value": float(row.value), "status": row.value_status or "illustrative",
                         "source": _source(x)})  # fmt: skip
    return pd.DataFrame(rows, columns=list(PEER_COLUMNS))


def city_name(x: Loaded) -> str:
    """How the peers files name a city: its name in the plan, else the report's label."""
    return x.city_zh or x.ref.label


def peers_of(pool: pd.DataFrame, city: str, graded: set[str]) -> pd.DataFrame:
    """The peers of one city (``city`` as :func:`city_name` names it): the pool of
    :func:`peer_values` without the city's own rows, restricted to the indicators the city
    grades."""
    mine = pool[(pool["city"] != city) & pool["indicator"].isin(graded)]
    return mine.reset_index(drop=True)


def peers_csv(frame: pd.DataFrame) -> str:
    """A peers frame as ``<data>/peers/<year>.csv`` holds it (UTF-8, values as the
    observation files write them)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(PEER_COLUMNS)
    rows: list[Any] = list(frame.itertuples(index=False))
    for r in rows:
        w.writerow([r.indicator, r.city, format_value(float(r.value)), r.status, r.source])
    return out.getvalue()


def _check(text: str, path: Path, graded: set[str]) -> None:
    """The peers reader's checks on the text to write; BuildError listing every problem."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    frame = pd.DataFrame(list(reader), columns=header, dtype=str)
    frame[LINE] = range(2, len(frame) + 2)
    _, problems = check_peers(frame, str(path), graded)
    if problems:
        raise BuildError(f"peers {path} would not pass its checks: "
                         + "; ".join(str(p) for p in problems))  # fmt: skip


def folder_name(label: str) -> str:
    """A report label as a folder name: path separators and characters file systems refuse
    replaced by ``_``."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", label).strip(" .")
    return name or "report"


def write_peers(
    out_dir: Path,
    reports: Sequence[ReportRef],
    *,
    echo: Callable[[str], None] | None = None,
) -> list[PeerFile]:
    """For each national report of the batch with at least one other city of its year:
    ``<out_dir>/peers/<label>/<year>.csv`` holding the other cities' values (checked as the
    reader checks them, written atomically).  ``echo``: where to say how to use them (see
    :func:`how_to_use`).  The files written."""
    out_dir = Path(out_dir)
    written: list[PeerFile] = []
    years = sorted({r.year for r in reports if r.framework == NATIONAL})
    for year in years:
        pool = peer_values(reports, year)
        for ref in (r for r in reports if r.framework == NATIONAL and r.year == year):
            x = load_report(ref)
            graded = _graded(Path(ref.plan_dir))
            mine = peers_of(pool, city_name(x), graded)
            if mine.empty:
                continue
            path = out_dir / "peers" / folder_name(ref.label) / f"{year}.csv"
            text = peers_csv(mine)
            _check(text, path, graded)
            atomic_write_text(path, text)
            written.append(PeerFile(path, ref.label, city_name(x), year, Path(ref.data_dir),
                                    len(mine)))  # fmt: skip
    if echo is not None and written:
        echo(how_to_use(written))
    return written


def how_to_use(files: Sequence[PeerFile]) -> str:
    """What to do with the peers files: the grading reads peers from the data folder only."""
    lines = ["Peer-city values for the national grading (not used until copied; the grading "
             "reads <data>/peers/<year>.csv):"]  # fmt: skip
    for f in files:
        target = f.data_dir / "peers" / f"{f.year}.csv"
        lines.append(f"  {f.label} ({f.rows} values of other cities): cp {f.path} {target}"
                     "  then rebuild")  # fmt: skip
    return "\n".join(lines)
