"""Roll-ups and the 问题清单 (methodology section F).  :func:`shortfalls` is THE shortfall rule:
nothing else in the library decides which indicators are listed as problems."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd

from healthcheck.engine.international import INTERNATIONAL_CATEGORIES
from healthcheck.engine.schedule import SCHEDULE_VERDICTS

__all__ = [
    "ALL_DOMAINS",
    "NOT_ASSESSED",
    "ROLLUP_COLUMNS",
    "SHORTFALL_VERDICTS",
    "VOCABULARIES",
    "rollup",
    "shortfalls",
]

#: schedule verdicts that put an indicator on the 问题清单 (plus trends against their direction)
SHORTFALL_VERDICTS: tuple[str, ...] = ("behind", "moving_away", "not_achieved", "not_done")
NOT_ASSESSED = "not_assessed"
ALL_DOMAINS = "__all__"
ROLLUP_COLUMNS: tuple[str, ...] = ("domain", "verdict", "count", "share", "total")
#: the vocabulary of each verdict system (column of the assessment), in the order counted
VOCABULARIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"schedule_verdict": SCHEDULE_VERDICTS, "international_category": INTERNATIONAL_CATEGORIES}
)


def _vocabulary(assessed: pd.DataFrame, by: str, labels: list[str]) -> list[str]:
    """The verdicts listed (F1): the system's vocabulary, or the verdicts found if ``by`` is
    not a known system; then ``not_assessed`` if it occurs, then any verdict outside it."""
    if by in VOCABULARIES:
        vocab = list(VOCABULARIES[by])
    else:
        vocab = sorted({str(v) for v in assessed[by] if isinstance(v, str) and v})
    if NOT_ASSESSED in labels:
        vocab.append(NOT_ASSESSED)
    extra = sorted({v for v in labels if v not in vocab})
    return vocab + extra


def rollup(assessed: pd.DataFrame, by: str = "schedule_verdict") -> pd.DataFrame:
    """Counts and shares of indicators per domain and verdict, long format (F1).

    Columns: domain, verdict, count, share (a fraction), total.  Domains in order of first
    appearance, then ``__all__`` (the city).  Every verdict of the vocabulary is listed, zero
    counts included; ``not_assessed`` counts empty verdicts and is listed only if one occurs.
    """
    labels = [v if isinstance(v, str) and v else NOT_ASSESSED for v in assessed[by]]
    vocab = _vocabulary(assessed, by, labels)
    domains = list(dict.fromkeys(str(d) for d in assessed["domain"]))
    rows: list[dict[str, Any]] = []
    pairs = list(zip((str(d) for d in assessed["domain"]), labels, strict=True))
    for dom in [*domains, ALL_DOMAINS]:
        mine = [lab for d, lab in pairs if dom == ALL_DOMAINS or d == dom]
        total = len(mine)
        for verdict in vocab:
            n = sum(1 for lab in mine if lab == verdict)
            rows.append(
                {
                    "domain": dom,
                    "verdict": verdict,
                    "count": n,
                    "share": n / total if total else 0.0,
                    "total": total,
                }
            )
    return pd.DataFrame(rows, columns=list(ROLLUP_COLUMNS))


def shortfalls(assessed: pd.DataFrame) -> pd.DataFrame:
    """The 问题清单: indicators behind schedule, moving away, not achieved or not done, and trend
    targets that moved against their direction; worst schedule gap first, empty gaps last,
    ties in the given (plan) order (F2)."""
    verdict = assessed["schedule_verdict"]
    direction = assessed["direction"]
    mask = verdict.isin(SHORTFALL_VERDICTS)
    mask |= (verdict == "fell") & (direction == "up")
    mask |= (verdict == "rose") & (direction == "down")
    out = assessed[mask]
    gap = pd.to_numeric(out["schedule_gap"], errors="coerce")
    order = gap.sort_values(na_position="last", kind="mergesort").index
    return out.loc[order].reset_index(drop=True)
