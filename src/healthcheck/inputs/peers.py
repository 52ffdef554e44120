"""Peer-city values of a national check (``<data>/peers/<year>.csv``, optional): for an
indicator, the same figure in comparable cities (the manual: the same administrative rank,
economic level and built-up population), with its status and source.  The default grading rule
compares the city with their median.

Checked like every input (every failure a located :class:`~healthcheck.errors.Problem`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from healthcheck.errors import Problem
from healthcheck.files import present
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.problems import MISSING_COLUMN, Rule, Spec
from healthcheck.inputs.spec import SOURCED, parse_number
from healthcheck.inputs.status import STATUSES

__all__ = ["PEERS", "PEER_COLUMNS", "check_peers", "read_peers"]

PEER_COLUMNS: tuple[str, ...] = ("indicator", "city", "value", "status", "source")

PEERS = Spec(
    "peers/<year>.csv",
    PEER_COLUMNS,
    keys=("indicator",),
    rules=[
        Rule("indicator", "an indicator the framework grades (not one counted from the ledger)",
             lambda d: d["_known"], on_frame=True),
        Rule("city", "the peer city's name", lambda s: s.str.len() > 0),
        Rule("value", "a bare number with '.' as decimal point", lambda d: d["_why"].isna(),
             on_frame=True, found="_why"),
        Rule("status", f"one of {', '.join(STATUSES)}", lambda s: s.isin(STATUSES)),
        Rule("source", "the source of an official, reported or estimated value",
             lambda d: ~(d["status"].isin(SOURCED) & (d["source"] == "")), on_frame=True),
        Rule("city", "one row per indicator and city (this one repeats an earlier row)",
             lambda d: ~d.duplicated(["indicator", "city"], keep="first"), on_frame=True),
    ],
)  # fmt: skip


def check_peers(
    frame: pd.DataFrame, file: str, graded: set[str]
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check a peers file; the frame (``value`` a float, with ``line``) or None."""
    problems = PEERS.header_problems(frame, file)
    if any(p.found == MISSING_COLUMN for p in problems):
        return None, problems
    f = frame.apply(lambda s: s.str.strip() if s.dtype == object else s)
    parsed = f["value"].map(parse_number)
    f["_value"] = parsed.map(lambda p: p[0])
    f["_why"] = parsed.map(lambda p: p[1])
    f["_known"] = f["indicator"].isin(graded)
    problems += PEERS.problems(f, file)
    if problems:
        return None, problems
    out = f[list(PEER_COLUMNS)].copy()
    out["value"] = f["_value"].astype(float)
    out["line"] = f[LINE].astype(int)
    return out.reset_index(drop=True), []


def read_peers(path: Path, graded: set[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check ``path``; (None, []) when there is no such file."""
    if not present(path):
        return None, []
    frame, problems = read_csv_strict(path)
    if frame is None:
        return None, problems
    peers, more = check_peers(frame, str(path), graded)
    return peers, problems + more
