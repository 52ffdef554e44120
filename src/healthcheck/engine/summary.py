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
    "FINAL_SWITCH",
    "VOCABULARIES",
    "final_switch",
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


#: F3: the schedule verdict of the year before the target year -> the final verdict it turns
#: into by itself in the target year (a progress verdict becoming achieved / not achieved)
FINAL_SWITCH: Mapping[str, str] = MappingProxyType(
    {
        "achieved": "achieved",
        "ahead": "achieved",
        "behind": "not_achieved",
        "moving_away": "not_achieved",
    }
)


def final_switch(
    schedule_from: object, schedule_to: object, category_from: object, category_to: object
) -> bool:
    """F3: in the target year, the change is only the switch to the final verdict: the schedule
    verdict turned as :data:`FINAL_SWITCH` says, and the category is unchanged or became
    target_achieved with it.  Such changes are said once, not listed one by one."""
    if not isinstance(schedule_from, str) or FINAL_SWITCH.get(schedule_from) != schedule_to:
        return False
    return category_from == category_to or (
        schedule_to == "achieved" and category_to == "target_achieved"
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


#: trend verdicts against each direction: listed on the 问题清单
AGAINST: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"up": ("fell", "fell_overall", "unchanged"), "down": ("rose", "rose_overall", "unchanged")}
)


def shortfalls(assessed: pd.DataFrame) -> pd.DataFrame:
    """The 问题清单 (F2): indicators behind schedule, moving away, not achieved or not done, and
    trend targets that did not move in their direction over the period; ranked by the distance
    still to go as a share of the target (``distance_share``, largest first), then those
    without one (trends, milestones, no target value), ties in the given (plan) order."""
    verdict = assessed["schedule_verdict"]
    direction = assessed["direction"]
    mask = verdict.isin(SHORTFALL_VERDICTS)
    for d, against in AGAINST.items():
        mask |= verdict.isin(against) & (direction == d)
    out = assessed[mask]
    if "distance_share" in out.columns:
        share = pd.to_numeric(out["distance_share"], errors="coerce")
    else:
        share = pd.Series(float("nan"), index=out.index)
    order = share.sort_values(ascending=False, na_position="last", kind="mergesort").index
    return out.loc[order].reset_index(drop=True)
