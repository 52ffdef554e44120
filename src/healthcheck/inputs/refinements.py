"""A city's refinements of a national indicator system (``<plan>/refinements.csv``, optional):
its own thresholds where the manual leaves them to provinces or cities (``threshold``), the
indicators that do not apply to it (``drop``, e.g. 轨道站点 without a metro) and its 特色指标
(``add``: the row is in ``<plan>/indicators.csv``, in the framework's columns).  The report
prints each as the city's choice, with its reason.

Checked like every input: every failure a located :class:`~healthcheck.errors.Problem`, all at
once.  :func:`check_refinements` needs the ids of the system and of the plan's added rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import pandas as pd

from healthcheck.errors import Problem
from healthcheck.files import present
from healthcheck.inputs.csvfile import LINE, read_csv_strict
from healthcheck.inputs.problems import MISSING_COLUMN, Rule, Spec
from healthcheck.inputs.spec import parse_number

__all__ = ["REFINEMENTS", "REFINEMENT_COLUMNS", "Refinement", "check_refinements",
           "read_refinements"]  # fmt: skip

REFINEMENT_COLUMNS: tuple[str, ...] = (
    "indicator", "action", "value", "op", "reason_zh", "reason_en", "source",
)  # fmt: skip
_OPTIONAL = frozenset({"value", "op", "source"})
Action = Literal["threshold", "drop", "add"]

REFINEMENTS = Spec(
    "refinements.csv",
    REFINEMENT_COLUMNS,
    optional=_OPTIONAL,
    keys=("indicator",),
    rules=[
        Rule("indicator", "an indicator of the framework (N01..N60) or, for add, of the plan's "
             "indicators.csv", lambda d: d["_known"], on_frame=True),
        Rule("indicator", "one row per indicator (this one repeats an earlier row)",
             lambda s: ~s.duplicated(keep="first")),
        Rule("action", "threshold, drop or add", lambda s: s.isin(["threshold", "drop", "add"])),
        Rule("value", "a bare number for threshold (the city's threshold), empty otherwise",
             lambda d: (d["action"] == "threshold") == d["_value"].notna(), on_frame=True),
        Rule("op", ">=, <= or == (or empty: the reference's, else the direction's)",
             lambda s: s.isin(["", ">=", "<=", "=="])),
        Rule("reason_zh", "the reason in Chinese or English (reason_en)",
             lambda d: (d["reason_zh"] != "") | (d["reason_en"] != ""), on_frame=True),
        Rule("indicator", "an add row for every row of the plan's indicators.csv (this one "
             "names a framework indicator)", lambda d: ~((d["action"] == "add") & d["_system"]),
             on_frame=True),
    ],
)  # fmt: skip
"""The rules of refinements.csv; context columns ``_known`` (the id is the system's or the
plan's added rows'), ``_system`` (the system's) and ``_value`` (the parsed value)."""


@dataclass(frozen=True)
class Refinement:
    """One choice of the city (a row of refinements.csv)."""

    indicator: str
    action: Action
    value: float | None
    op: str
    reason_zh: str
    reason_en: str
    source: str
    file: str = ""
    line: int = 0

    @property
    def choice_zh(self) -> str:
        """The choice in words, as the report prints it (城市自定): ``本市阈值≥20：<reason>``."""
        head = {"threshold": f"本市阈值{self._figure}", "add": "本市特色指标",
                "drop": "本市不适用"}[self.action]  # fmt: skip
        return f"{head}：{self.reason_zh}" if self.reason_zh else head

    @property
    def choice_en(self) -> str:
        head = {"threshold": f"the city's threshold {self._figure}",
                "add": "an indicator the city added", "drop": "not applicable to the city"}[
            self.action]  # fmt: skip
        return f"{head}: {self.reason_en}" if self.reason_en else head

    @property
    def _figure(self) -> str:
        sign = {">=": "≥", "<=": "≤", "==": "="}.get(self.op, "")
        return f"{sign}{self.value:g}" if self.value is not None else ""


def check_refinements(
    frame: pd.DataFrame, file: str, system_ids: set[str], added_ids: set[str]
) -> tuple[tuple[Refinement, ...], list[Problem]]:
    """Check refinements.csv's rows; return them (none if any problem) and every problem."""
    problems = REFINEMENTS.header_problems(frame, file)
    if any(p.found == MISSING_COLUMN for p in problems):
        return (), problems
    for c in _OPTIONAL:
        if c not in frame:
            frame[c] = ""
    f = frame.apply(lambda s: s.str.strip() if s.dtype == object else s)
    f["_system"] = f["indicator"].isin(system_ids)
    f["_known"] = f["_system"] | (f["indicator"].isin(added_ids) & (f["action"] == "add"))
    f["_value"] = f["value"].map(lambda t: parse_number(t)[0] if t else None)
    problems += REFINEMENTS.problems(f, file)
    listed = set(f.loc[f["action"] == "add", "indicator"])
    problems += [
        Problem(file, None, "indicator", f"no add row for '{i}' of the plan's indicators.csv",
                "an add row (with its reason) for every indicator the city adds")
        for i in sorted(added_ids - listed)
    ]  # fmt: skip
    if problems:
        return (), problems
    return tuple(
        Refinement(
            indicator=r["indicator"],
            action=cast(Action, r["action"]),
            value=r["_value"] if pd.notna(r["_value"]) else None,
            op=r["op"],
            reason_zh=r["reason_zh"],
            reason_en=r["reason_en"],
            source=r["source"],
            file=file,
            line=int(r[LINE]),
        )  # fmt: skip
        for r in f.to_dict("records")
    ), []


def read_refinements(
    path: Path, system_ids: set[str], added_ids: set[str]
) -> tuple[tuple[Refinement, ...], list[Problem]]:
    """Read and check ``path`` (no file: no refinements, unless the plan adds indicators)."""
    if not present(path):
        missing = [
            Problem(str(path), None, None, "no such file",
                    f"refinements.csv with an add row for {', '.join(sorted(added_ids))}")
        ] if added_ids else []  # fmt: skip
        return (), missing
    frame, problems = read_csv_strict(path)
    if frame is None:
        return (), problems
    rows, more = check_refinements(frame, str(path), system_ids, added_ids)
    return rows, problems + more
