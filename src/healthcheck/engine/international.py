"""The international category: Open SDG's ProgressMeasure (methodology section C)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from healthcheck.engine.series import close, fmt, ge, meets

__all__ = [
    "INTERNATIONAL_CATEGORIES",
    "THRESHOLDS_NO_TARGET",
    "THRESHOLDS_TARGET",
    "ZERO_TARGET_REPLACEMENT",
    "Intl",
    "category",
    "international",
]

INTERNATIONAL_CATEGORIES: tuple[str, ...] = (
    "target_achieved", "on_track", "progress_needs_acceleration", "limited_progress",
    "deterioration",
)  # fmt: skip

#: Open SDG's thresholds (high, med, low): with a target (ratio R), without (growth rate)
THRESHOLDS_TARGET: tuple[float, float, float] = (0.95, 0.60, 0.0)
THRESHOLDS_NO_TARGET: tuple[float, float, float] = (0.015, 0.005, 0.0)
ZERO_TARGET_REPLACEMENT = 0.001


@dataclass
class Intl:
    """The category and every input of it, with the notes on what the data left out."""

    category: str | None = None
    base_year: int | None = None
    base_value: float | None = None
    target: float | None = None
    cagr_observed: float | None = None
    cagr_required: float | None = None
    ratio: float | None = None
    measure: float | None = None
    method: str = ""
    notes: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, Any]:
        """The columns of :class:`~healthcheck.engine.assessment.Assessment` it fills."""
        return {
            "international_category": self.category,
            "cagr_observed": self.cagr_observed,
            "cagr_required": self.cagr_required,
            "cagr_ratio": self.ratio,
            "intl_base_year": self.base_year,
            "intl_base_value": self.base_value,
            "intl_target": self.target,
            "intl_measure": self.measure,
            "intl_method": self.method,
        }


def category(measure: float, thresholds: tuple[float, float, float]) -> str:
    """The category of a measure (C4, C5), with the tolerance of B9 (C9)."""
    high, med, low = thresholds
    if ge(measure, high):
        return "on_track"
    if ge(measure, med):
        return "progress_needs_acceleration"
    if ge(measure, low):
        return "limited_progress"
    return "deterioration"


def _cagr(current: float, base: float, years: int) -> float:
    return (current / base) ** (1 / years) - 1


def international(
    obs: Mapping[int, float], t0: int, T: int, sign: int, target: float | None
) -> Intl:
    """Open SDG's progress measure on ``obs`` (years <= horizon), sections C1-C9."""
    r = Intl()
    if not obs:
        r.notes.append("international: no value")
        return r
    t = max(obs)
    if t0 in obs:
        b = t0
    else:
        later = [y for y in obs if y > t0]
        if not later:
            r.notes.append(f"international: no value in or after the base year {t0}")
            return r
        b = min(later)
        r.notes.append(f"international: no value for {t0}, base year {b} used instead")
    r.base_year, r.base_value = b, obs[b]
    if t - b < 1:
        r.notes.append(
            "international: fewer than two years from the base year on (Open SDG needs two)"
        )
        return r
    if target is None:
        _without_target(r, obs[t], obs[b], t - b, sign)
    else:
        _with_target(r, obs[t], obs[b], t - b, T - b, sign, target)
    return r


def _without_target(r: Intl, yt: float, yb: float, years: int, sign: int) -> None:
    """C5, and C6 without a target: the growth rate in the desired direction."""
    if yb <= 0 or yt < 0:
        r.notes.append("international: growth rate undefined (base value <= 0 or negative value)")
        return
    r.cagr_observed = _cagr(yt, yb, years)
    r.measure = sign * r.cagr_observed
    r.method = "cagr"
    r.category = category(r.measure, THRESHOLDS_NO_TARGET)


def _with_target(
    r: Intl, yt: float, yb: float, years: int, years_left: int, sign: int, target: float
) -> None:
    """C3, C4, C6 and C7: the ratio of the observed to the required growth."""
    tgt = target
    if tgt == 0:
        tgt = ZERO_TARGET_REPLACEMENT
        r.notes.append("international: target 0 replaced by 0.001, as Open SDG does")
    r.target = tgt
    achieved = meets(yt, tgt, sign)
    cagr_obs = cagr_req = None
    if yb > 0 and yt >= 0 and tgt > 0:  # the CAGRs are defined (C6)
        cagr_obs = r.cagr_observed = _cagr(yt, yb, years)
        cagr_req = r.cagr_required = _cagr(tgt, yb, years_left)
    if achieved:
        r.category = "target_achieved"
        if cagr_obs is not None and cagr_req:
            r.ratio = sign * cagr_obs / abs(cagr_req)
            r.measure = r.ratio
            r.method = "cagr_ratio"
        return
    if close(tgt, yb) or cagr_req == 0:
        r.category = "deterioration"
        r.notes.append(
            "international: target equals the base value (required growth 0) and the value "
            "has moved to the wrong side of it: deterioration"
        )
        return
    if cagr_obs is not None and cagr_req is not None:
        r.ratio = sign * cagr_obs / abs(cagr_req)
        r.measure = r.ratio
        r.method = "cagr_ratio"
    else:
        r.measure = (sign * (yt - yb) / years) / (abs(tgt - yb) / years_left)
        r.method = "linear_ratio"
        why = f"base value {fmt(yb)} <= 0" if yb <= 0 else "a negative value"
        r.notes.append(
            f"international: CAGR undefined ({why}): ratio of the observed to the required "
            "average annual change used"
        )
    r.category = category(r.measure, THRESHOLDS_TARGET)
