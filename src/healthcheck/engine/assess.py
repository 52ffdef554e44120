"""Gap assessment: two verdicts per target, every input of each printed beside it.

Each indicator of the plan gets a **schedule verdict** (完成率 against 时序进度, read by Chinese
government reviewers) and an **international category** (the Eurostat / Statistics Canada CAGR
ratio used by Open SDG platforms).  Both come from the same series; the engine is pure (no I/O).
The text below, from "Methodology" to the end, is written to be quoted in the report's
methodology appendix.

Public API
----------
``assess_series(indicator, series, year) -> Assessment``; ``assess_plan(plan, observations,
year) -> DataFrame`` (one row per indicator, columns :data:`ASSESSMENT_COLUMNS`);
``assess_districts(plan, observations, year) -> DataFrame``; ``rollup(assessed, by) ->
DataFrame``; ``shortfalls(assessed) -> DataFrame``.

Methodology
===========

Notation: t0 = baseline year, T = target year, h = min(report year, T) the assessment horizon,
t = the latest year <= h with a value, y0 and yt the values of t0 and t, yT the target value,
d = +1 where higher is better and -1 where lower is better.

A. The series and the target value
----------------------------------
A1. Only values of years up to the horizon h = min(report year, T) are used.  The plan asks for
    its targets "by T": a report after T judges the value of T (or the latest before it); values
    of later years are left out of every figure and the note says so.
A2. Missing, non-numeric and infinite values are ignored, as if absent.  A year given twice
    for the same area (which the data checks normally reject) keeps its last row (noted).
A3. Target value yT by kind: level -> the plan's figure (or, where the plan gives none, the
    analysts' threshold, marked ``target_source = "analyst"``); increase -> y0 + X; growth ->
    y0 x (1 + X/100); cumulative -> X; trend and milestone -> none.  An increase or growth target
    needs the baseline value: without a value for t0 there is no target value.
A4. Cumulative targets are assessed on the running sum of the annual amounts from t0+1, with
    y0 = 0 at t0 by definition (the amount of t0 itself, and of earlier years, is not counted).
    A year without an amount breaks the sum: the running sum stops at the last year before the
    first missing one, and amounts of later years are left out (noted).
A5. ``added`` = yt - y0 (the capacity added so far) for the increase and cumulative kinds.

B. Schedule verdict (完成率 / 时序进度)
--------------------------------------
B1. completion c = (yt - y0) / (yT - y0); time elapsed e = (t - t0) / (T - t0); schedule gap
    g = c - e.  All three are fractions (0.6 = 60 %; g x 100 = percentage points).  e uses the
    year of the latest value t, not the report year.
B2. Before T, in this order: achieved if d(yt - yT) >= 0; insufficient_data if there is no value
    for t0, or none after it; moving_away if c < 0; behind if 0 <= c < e; ahead if c >= e.
B3. "achieved" needs only yt and yT, so a level target already met is "achieved" even without a
    baseline value (completion is then not computed, and the note says so).
B4. At or after T (report year >= T) the verdict is final: achieved if d(yt - yT) >= 0, else
    not_achieved, with c and e of the value used.  If there is no value for T, the latest value
    before T is used and the note names its year.
B5. Baseline already at or past the target (d(yT - y0) <= 0, including yT = y0): the completion
    ratio is undefined or meaningless, so c, g and the anticipated completion are left empty and
    the verdict compares yt with yT directly: achieved if d(yt - yT) >= 0, otherwise
    moving_away (not_achieved at or after T).
B6. The latest value before t0, or no value at all: insufficient_data.
B7. Trend targets (逐年提升) are judged year on year: the latest value t (t > t0) against the
    previous year with a value (named in previous_year; the note says when years are skipped).
    The verdict describes the VALUE's movement: rose / unchanged / fell, whatever the desired
    direction; whether that movement is good is read with ``direction`` (the 问题清单 lists a
    trend that moved against its direction).  The verdict stays year on year at or after T.
B8. Milestones: done if any year up to h has the value 1, else not_done; done_year is the first
    such year.  A later 0 after a 1 is ignored (a milestone once done stays done; noted).  Values
    other than 0 and 1 are ignored (noted).  No value at all: insufficient_data.
B9. Comparisons treat differences smaller than 1e-9 (relative) as zero, so that floating-point
    noise never decides a verdict: a value equal to the target within that tolerance meets it,
    c equal to e within it is "ahead", a trend moving by less is "unchanged".

C. International category (Open SDG ProgressMeasure)
----------------------------------------------------
Reference implementation: open-sdg/sdg-build, file ``sdg/ProgressMeasure.py`` (function
version at commit 27c0bf031b11add6def719a67c6083b1216664b8, whose category labels on_track /
progress_needs_acceleration / limited_progress / deterioration this engine uses; class version
at commit 139fede74ba534d2ed8b9eee4cd878b41f54cb67), and open-sdg/open-sdg
``docs/progress-methodology.md``.
C1. Current value = the latest year with a value (up to h, see A1).  Base year = t0 if it has a
    value, else the first later year with one (``intl_base_year``; noted); none -> no category.
C2. At least two years are needed: if the current year is not after the base year there is no
    category -- even when the single value meets the target (Open SDG tests this first).
C3. A target of exactly 0 is replaced by 0.001 (``intl_target``; noted).  The replacement is
    made for the international measure only; the schedule verdict keeps the plan's 0.
C4. With a target: target_achieved if d(yt - yT) >= 0.  Else CAGR_obs = (yt/yb)^(1/(t-b)) - 1,
    CAGR_req = (yT/yb)^(1/(T-b)) - 1 and R = d x CAGR_obs / |CAGR_req| (b, yb: base year and
    value).  R >= 0.95 on_track; 0.60 <= R < 0.95 progress_needs_acceleration; 0 <= R < 0.60
    limited_progress; R < 0 deterioration.  R is the current Open SDG formula; it equals
    CAGR_obs / CAGR_req (methods.md, the older Open SDG) whenever the target lies in the
    desired direction from the base value, and stays right when it does not.
C5. Without a target (trend kind, or a level with neither target nor threshold): the measure is
    d x CAGR_obs; >= 1.5 % on_track; 0.5 % to 1.5 % progress_needs_acceleration; 0 to 0.5 %
    limited_progress; < 0 deterioration.
C6. CAGR undefined -- base value <= 0 (always so for cumulative targets, y0 = 0), or a negative
    current or target value: the measure with a target is the ratio of the observed to the
    required average annual change, R = [d (yt - yb)/(t - b)] / [|yT - yb|/(T - b)] (which is
    c / e when b = t0), with the same thresholds (``intl_method = "linear_ratio"``; noted).
    Without a target no category is given (noted).
C7. CAGR_req = 0 (target equal to the base value) and the target not met: the value has moved to
    the wrong side of a target it started on, so the category is deterioration, with R empty
    (noted).
C8. Milestones get no international category (empty).  ``intl_measure`` is the number compared
    with the thresholds, ``intl_method`` says which: cagr_ratio, linear_ratio or cagr.  When
    the target is achieved the ratio R is still shown where defined, for information only.
C9. Open SDG compares with the thresholds exactly; this engine applies the tolerance of B9.

D. Projection to the target year
--------------------------------
D1. Made whenever the latest value is before T (also in a report of year T or later whose
    latest value is older); when t = T there is nothing to project and the projection columns
    are empty.  Milestones are not projected.
D2. ``projected_linear``: the least-squares line through the values of t0..t (the running sum,
    with (t0, 0), for cumulative targets), evaluated at T; needs at least two values (noted).
    ``projected_cagr`` = yt x (1 + CAGR_obs)^(T - t), with the CAGR_obs of C4/C5 (empty where it
    is undefined).  ``projected_value`` = the linear projection.
D3. anticipated_completion = (projected - y0)/(yT - y0) (empty in the case of B5); likely_met =
    d(projected - yT) >= 0.  Trend targets have neither.

E. District comparison (一区一表)
---------------------------------
E1. Each district of the indicator's scope (``district_scope``: central or new, else all) with a
    value: the value of its latest year up to the report year (the running sum from t0+1 for
    cumulative targets), compared with the city goal for level targets (target or analysts'
    threshold); other kinds have no district target.  gap = d(value - target); meets = gap >= 0.
    Districts are ranked 1 = best in the desired direction; ties share the better rank.
E2. Rows are matched to districts by the district's administrative code in ``area``.

F. Roll-ups and the 问题清单
----------------------------
F1. ``rollup`` is long: one row per domain (plan order, then ``__all__`` for the city) and per
    verdict of the vocabulary (every one, zero counts included, in the order of
    SCHEDULE_VERDICTS or INTERNATIONAL_CATEGORIES; ``not_assessed`` for an empty verdict, listed
    only if one occurs), with count, share (count / total, a fraction) and total (the domain's
    number of indicators).  Verdicts are counted, never averaged.
F2. ``shortfalls`` (问题清单): behind, moving_away, not_achieved and not_done, and trend targets
    that moved against their direction (fell where higher is better, rose where lower is better;
    "unchanged" is not listed); worst schedule gap first, empty gaps last, ties in plan order.

Every empty figure that the data (not the method) leaves empty has its reason in ``note``.
In the data frames, empty numbers are NaN (pandas' missing value); empty years, ranks and
yes/no values are <NA> (nullable Int64 / boolean columns, so years print as 2023, not 2023.0).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Indicator, Plan

__all__ = [
    "ASSESSMENT_COLUMNS",
    "DISTRICT_COLUMNS",
    "INTERNATIONAL_CATEGORIES",
    "ROLLUP_COLUMNS",
    "SCHEDULE_VERDICTS",
    "SHORTFALL_VERDICTS",
    "Assessment",
    "assess_districts",
    "assess_plan",
    "assess_series",
    "rollup",
    "shortfalls",
]

SCHEDULE_VERDICTS: tuple[str, ...] = (
    "achieved", "ahead", "behind", "moving_away", "insufficient_data", "not_achieved",
    "done", "not_done", "rose", "unchanged", "fell",
)  # fmt: skip
INTERNATIONAL_CATEGORIES: tuple[str, ...] = (
    "target_achieved", "on_track", "progress_needs_acceleration", "limited_progress",
    "deterioration",
)  # fmt: skip
#: schedule verdicts that put an indicator on the 问题清单 (plus trends against their direction)
SHORTFALL_VERDICTS: tuple[str, ...] = ("behind", "moving_away", "not_achieved", "not_done")
NOT_ASSESSED = "not_assessed"
ALL_DOMAINS = "__all__"

#: Open SDG's thresholds (high, med, low): with a target (ratio R), without (growth rate)
THRESHOLDS_TARGET: tuple[float, float, float] = (0.95, 0.60, 0.0)
THRESHOLDS_NO_TARGET: tuple[float, float, float] = (0.015, 0.005, 0.0)
ZERO_TARGET_REPLACEMENT = 0.001
REL_TOL = 1e-9
ABS_TOL = 1e-12


@dataclass(frozen=True)
class Assessment:
    """One indicator in one report year: both verdicts and every input of them."""

    id: str
    domain: str
    kind: str
    direction: str
    year: int | None = None
    value: float | None = None
    baseline: float | None = None
    target_value: float | None = None
    completion: float | None = None
    time_elapsed: float | None = None
    schedule_gap: float | None = None
    schedule_verdict: str = "insufficient_data"
    international_category: str | None = None
    projected_value: float | None = None
    report_year: int | None = None
    baseline_year: int | None = None
    target_year: int | None = None
    target_source: str = ""
    added: float | None = None
    cagr_observed: float | None = None
    cagr_required: float | None = None
    cagr_ratio: float | None = None
    intl_base_year: int | None = None
    intl_base_value: float | None = None
    intl_target: float | None = None
    intl_measure: float | None = None
    intl_method: str = ""
    projected_linear: float | None = None
    projected_cagr: float | None = None
    anticipated_completion: float | None = None
    likely_met: bool | None = None
    previous_year: int | None = None
    previous_value: float | None = None
    done_year: int | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The assessment as a row: keys in :data:`ASSESSMENT_COLUMNS` order, None if empty."""
        return {name: getattr(self, name) for name in ASSESSMENT_COLUMNS}


#: CSV column order of :func:`assess_plan` (``assess_plan`` appends ``value_status``)
ASSESSMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Assessment))
PLAN_EXTRA_COLUMNS: tuple[str, ...] = ("value_status",)
DISTRICT_COLUMNS: tuple[str, ...] = (
    "id", "area", "name_zh", "name_en", "zone", "year", "value", "target", "target_source",
    "gap", "meets", "rank", "note",
)  # fmt: skip
ROLLUP_COLUMNS: tuple[str, ...] = ("domain", "verdict", "count", "share", "total")

_INT_COLUMNS = (
    "year",
    "report_year",
    "baseline_year",
    "target_year",
    "intl_base_year",
    "previous_year",
    "done_year",
)
_FLOAT_COLUMNS = (
    "value",
    "baseline",
    "target_value",
    "completion",
    "time_elapsed",
    "schedule_gap",
    "projected_value",
    "added",
    "cagr_observed",
    "cagr_required",
    "cagr_ratio",
    "intl_base_value",
    "intl_target",
    "intl_measure",
    "projected_linear",
    "projected_cagr",
    "anticipated_completion",
    "previous_value",
)


# --------------------------------------------------------------------------------------------
# Small helpers


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _ge(a: float, b: float) -> bool:
    """a >= b, with differences below the tolerance counted as equality (B9)."""
    return a >= b or _close(a, b)


def _meets(value: float, target: float, sign: int) -> bool:
    """d(value - target) >= 0."""
    return _ge(sign * value, sign * target)


def _years(ys: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(ys))


def _fmt(x: float) -> str:
    return f"{x:g}"


def _clean(series: Mapping[int, float], horizon: int, notes: list[str]) -> dict[int, float]:
    """Finite values of years <= horizon, by year (A1, A2)."""
    out: dict[int, float] = {}
    bad: list[int] = []
    for key, raw in series.items():
        try:
            y = int(key)
        except (TypeError, ValueError):
            continue
        if y > horizon:
            continue
        try:
            v = float(raw)
        except (TypeError, ValueError):
            bad.append(y)
            continue
        if math.isnan(v):
            continue
        if math.isinf(v):
            bad.append(y)
            continue
        out[y] = v
    if bad:
        notes.append(f"non-numeric or infinite values of {_years(bad)} ignored")
    return dict(sorted(out.items()))


def _running_sum(annual: Mapping[int, float], t0: int, notes: list[str]) -> dict[int, float]:
    """Running sum of annual amounts from t0+1, with (t0, 0) (A4)."""
    out = {t0: 0.0}
    total = 0.0
    y = t0 + 1
    while y in annual:
        total += annual[y]
        out[y] = total
        y += 1
    left_out = [k for k in annual if k > y]
    if left_out:
        notes.append(
            f"no annual amount for {y}: the running sum stops at {y - 1}; "
            f"amounts of {_years(left_out)} left out"
        )
    return out


def _line_at(points: Mapping[int, float], x: int) -> float:
    """Least-squares line through the points, evaluated at x (needs >= 2 points)."""
    xs = list(points)
    ys = [points[k] for k in xs]
    n = len(xs)
    mx = sum(xs) / n
    my = sum(ys) / n
    sxx = sum((a - mx) ** 2 for a in xs)
    sxy = sum((a - mx) * (b - my) for a, b in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return my + slope * (x - mx)


# --------------------------------------------------------------------------------------------
# International category (Open SDG ProgressMeasure)


@dataclass
class _Intl:
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


def _category(measure: float, thresholds: tuple[float, float, float]) -> str:
    high, med, low = thresholds
    if _ge(measure, high):
        return "on_track"
    if _ge(measure, med):
        return "progress_needs_acceleration"
    if _ge(measure, low):
        return "limited_progress"
    return "deterioration"


def _cagr(current: float, base: float, years: int) -> float:
    return (current / base) ** (1 / years) - 1


def _international(
    obs: Mapping[int, float], t0: int, T: int, sign: int, target: float | None
) -> _Intl:
    """Open SDG's progress measure on ``obs`` (years <= horizon), sections C1-C9."""
    r = _Intl()
    if not obs:
        r.notes.append("international: no value")
        return r
    t = max(obs)
    yt = obs[t]
    if t0 in obs:
        b = t0
    else:
        later = [y for y in obs if y > t0]
        if not later:
            r.notes.append(f"international: no value in or after the base year {t0}")
            return r
        b = min(later)
        r.notes.append(f"international: no value for {t0}, base year {b} used instead")
    yb = obs[b]
    r.base_year, r.base_value = b, yb
    if t - b < 1:
        r.notes.append(
            "international: fewer than two years from the base year on (Open SDG needs two)"
        )
        return r
    if target is None:
        if yb <= 0 or yt < 0:
            r.notes.append(
                "international: growth rate undefined (base value <= 0 or negative value)"
            )
            return r
        r.cagr_observed = _cagr(yt, yb, t - b)
        r.measure = sign * r.cagr_observed
        r.method = "cagr"
        r.category = _category(r.measure, THRESHOLDS_NO_TARGET)
        return r
    tgt = target
    if tgt == 0:
        tgt = ZERO_TARGET_REPLACEMENT
        r.notes.append("international: target 0 replaced by 0.001, as Open SDG does")
    r.target = tgt
    achieved = _meets(yt, tgt, sign)
    cagr_defined = yb > 0 and yt >= 0 and tgt > 0
    if cagr_defined:
        r.cagr_observed = _cagr(yt, yb, t - b)
        r.cagr_required = _cagr(tgt, yb, T - b)
    if achieved:
        r.category = "target_achieved"
        if cagr_defined and r.cagr_required:
            r.ratio = sign * r.cagr_observed / abs(r.cagr_required)  # type: ignore[operator]
            r.measure = r.ratio
            r.method = "cagr_ratio"
        return r
    if _close(tgt, yb) or (cagr_defined and r.cagr_required == 0):
        r.category = "deterioration"
        r.notes.append(
            "international: target equals the base value (required growth 0) and the value "
            "has moved to the wrong side of it: deterioration"
        )
        return r
    if cagr_defined:
        r.ratio = sign * r.cagr_observed / abs(r.cagr_required)  # type: ignore[operator]
        r.measure = r.ratio
        r.method = "cagr_ratio"
    else:
        r.measure = (sign * (yt - yb) / (t - b)) / (abs(tgt - yb) / (T - b))
        r.method = "linear_ratio"
        why = f"base value {_fmt(yb)} <= 0" if yb <= 0 else "a negative value"
        r.notes.append(
            f"international: CAGR undefined ({why}): ratio of the observed to the required "
            "average annual change used"
        )
    r.category = _category(r.measure, THRESHOLDS_TARGET)
    return r


# --------------------------------------------------------------------------------------------
# One indicator


def assess_series(indicator: Indicator, series: Mapping[int, float], year: int) -> Assessment:
    """Assess one indicator on its city-level series (values by data year) for ``year``.

    For cumulative targets ``series`` holds the annual amounts; for every other kind the level
    (1/0 for milestones).  Only years up to min(year, target year) are used (A1).
    """
    ind = indicator
    t0, T = int(ind.baseline_year), int(ind.target_year)
    year = int(year)
    sign = 1 if ind.direction == "up" else -1
    horizon = min(year, T)
    notes: list[str] = []
    every = _clean(series, year, notes)
    later = [y for y in every if y > horizon]
    if later:
        notes.append(f"values after the target year {T} ({_years(later)}) not used")
    obs = {y: v for y, v in every.items() if y <= horizon}
    common: dict[str, Any] = {
        "id": ind.id, "domain": ind.domain, "kind": ind.kind, "direction": ind.direction,
        "report_year": year, "baseline_year": t0, "target_year": T,
    }  # fmt: skip
    if t0 >= T:
        notes.append(f"target year {T} not after the baseline year {t0}: not assessed")
        return Assessment(**common, note="; ".join(notes))
    if ind.kind == "milestone":
        return _milestone(common, obs, notes, year >= T)
    if ind.kind == "trend":
        return _trend(common, obs, t0, T, sign, notes)
    if ind.kind not in ("level", "increase", "growth", "cumulative"):
        notes.append(f"unknown kind {ind.kind!r}: not assessed")
        return Assessment(**common, note="; ".join(notes))
    return _targeted(ind, common, obs, t0, T, sign, year >= T, notes)


def _targeted(
    ind: Indicator,
    common: dict[str, Any],
    obs: dict[int, float],
    t0: int,
    T: int,
    sign: int,
    final: bool,
    notes: list[str],
) -> Assessment:
    kind = ind.kind
    goal = ind.target if ind.target is not None else getattr(ind, "threshold", None)
    source = "" if goal is None else ("plan" if ind.target is not None else "analyst")
    cmp = _running_sum(obs, t0, notes) if kind == "cumulative" else obs
    y0 = cmp.get(t0)
    yT: float | None = None
    if goal is not None:
        if kind in ("level", "cumulative"):
            yT = float(goal)
        elif y0 is not None:
            yT = y0 + goal if kind == "increase" else y0 * (1 + goal / 100)
    out: dict[str, Any] = dict(common, baseline=y0, target_value=yT, target_source=source)

    if goal is not None and yT is None:
        intl = _Intl(notes=[f"international: the {kind} target needs the value of {t0}"])
    else:
        intl = _international(cmp, t0, T, sign, yT)
    out.update(_intl_fields(intl))

    if not cmp or max(cmp) < t0:
        notes.append(
            "no value" if not cmp else f"latest value ({max(cmp)}) before the baseline year {t0}"
        )
        if cmp:
            out.update(year=max(cmp), value=cmp[max(cmp)])
        return Assessment(**out, schedule_verdict="insufficient_data", note=_join(notes, intl))
    t = max(cmp)
    yt = cmp[t]
    out.update(year=t, value=yt)
    if kind in ("increase", "cumulative") and y0 is not None:
        out["added"] = yt - y0
    e = (t - t0) / (T - t0)
    out["time_elapsed"] = e
    if yT is None:
        notes.append("no target figure" if goal is None else f"no value for {t0}: no target value")
        out.update(_projection(cmp, t0, t, T, sign, y0, None, False, intl, notes))
        return Assessment(**out, schedule_verdict="insufficient_data", note=_join(notes, intl))

    achieved = _meets(yt, yT, sign)
    base_met = y0 is not None and _meets(y0, yT, sign)
    c: float | None = None
    if y0 is None:
        notes.append(f"no value for the baseline year {t0}: completion not computed")
    elif base_met:
        notes.append(
            f"the baseline value ({_fmt(y0)}) already meets the target ({_fmt(yT)}): "
            "completion not computed, the value is compared with the target directly"
        )
    else:
        c = (yt - y0) / (yT - y0)
    out["completion"] = c
    out["schedule_gap"] = None if c is None else c - e

    if final:
        verdict = "achieved" if achieved else "not_achieved"
        if t < T:
            notes.append(f"no value for {T}: the final verdict uses the value of {t}")
    elif achieved:
        verdict = "achieved"
    elif y0 is None:
        verdict = "insufficient_data"
    elif t == t0:
        verdict = "insufficient_data"
        notes.append(f"no value after the baseline year {t0}")
    elif base_met or (c is not None and not _ge(c, 0.0)):
        verdict = "moving_away"
    elif c is not None and not _ge(c, e):
        verdict = "behind"
    else:
        verdict = "ahead"
    out.update(_projection(cmp, t0, t, T, sign, y0, yT, base_met, intl, notes))
    return Assessment(**out, schedule_verdict=verdict, note=_join(notes, intl))


def _projection(
    cmp: Mapping[int, float],
    t0: int,
    t: int,
    T: int,
    sign: int,
    y0: float | None,
    yT: float | None,
    base_met: bool,
    intl: _Intl,
    notes: list[str],
) -> dict[str, Any]:
    """Projection to T from the values of t0..t (D1-D3)."""
    if t >= T or t < t0:
        return {}
    out: dict[str, Any] = {}
    points = {y: v for y, v in cmp.items() if t0 <= y <= t}
    if len(points) >= 2:
        proj = _line_at(points, T)
        out["projected_linear"] = proj
        out["projected_value"] = proj
        if yT is not None:
            out["likely_met"] = _meets(proj, yT, sign)
            if y0 is not None and not base_met:
                out["anticipated_completion"] = (proj - y0) / (yT - y0)
    else:
        notes.append(f"projection needs at least two values from {t0} on")
    if intl.cagr_observed is not None:
        out["projected_cagr"] = cmp[t] * (1 + intl.cagr_observed) ** (T - t)
    return out


def _intl_fields(intl: _Intl) -> dict[str, Any]:
    return {
        "international_category": intl.category,
        "cagr_observed": intl.cagr_observed,
        "cagr_required": intl.cagr_required,
        "cagr_ratio": intl.ratio,
        "intl_base_year": intl.base_year,
        "intl_base_value": intl.base_value,
        "intl_target": intl.target,
        "intl_measure": intl.measure,
        "intl_method": intl.method,
    }


def _join(notes: list[str], intl: _Intl | None = None) -> str:
    parts = list(notes) + (intl.notes if intl is not None else [])
    seen: list[str] = []
    for p in parts:
        if p not in seen:
            seen.append(p)
    return "; ".join(seen)


def _trend(
    common: dict[str, Any],
    obs: dict[int, float],
    t0: int,
    T: int,
    sign: int,
    notes: list[str],
) -> Assessment:
    intl = _international(obs, t0, T, sign, None)
    out: dict[str, Any] = dict(common, baseline=obs.get(t0), **_intl_fields(intl))
    if not obs:
        notes.append("no value")
        return Assessment(**out, schedule_verdict="insufficient_data", note=_join(notes, intl))
    t = max(obs)
    yt = obs[t]
    out.update(year=t, value=yt)
    if t <= t0:
        notes.append(f"no value after the baseline year {t0}")
        return Assessment(**out, schedule_verdict="insufficient_data", note=_join(notes, intl))
    out["time_elapsed"] = (t - t0) / (T - t0)
    prev = max(y for y in obs if y < t) if any(y < t for y in obs) else None
    if prev is None:
        notes.append(f"no value before {t} to compare with")
        verdict = "insufficient_data"
    else:
        yp = obs[prev]
        out.update(previous_year=prev, previous_value=yp)
        if t - prev > 1:
            notes.append(f"no value for {_years(range(prev + 1, t))}: {t} compared with {prev}")
        verdict = "unchanged" if _close(yt, yp) else ("rose" if yt > yp else "fell")
    out.update(_projection(obs, t0, t, T, sign, obs.get(t0), None, False, intl, notes))
    return Assessment(**out, schedule_verdict=verdict, note=_join(notes, intl))


def _milestone(
    common: dict[str, Any], obs: dict[int, float], notes: list[str], final: bool
) -> Assessment:
    invalid = [y for y, v in obs.items() if v not in (0.0, 1.0)]
    if invalid:
        notes.append(f"milestone values must be 1 (done) or 0 (not yet): {_years(invalid)} ignored")
    valid = {y: v for y, v in obs.items() if v in (0.0, 1.0)}
    if not valid:
        notes.append("no value")
        return Assessment(**common, schedule_verdict="insufficient_data", note=_join(notes))
    t = max(valid)
    out: dict[str, Any] = dict(common, year=t, value=valid[t])
    done = [y for y, v in valid.items() if v == 1.0]
    if done:
        first = min(done)
        undone = [y for y, v in valid.items() if v == 0.0 and y > first]
        if undone:
            notes.append(
                f"0 in {_years(undone)} after done in {first} ignored: once done stays done"
            )
        return Assessment(**out, schedule_verdict="done", done_year=first, note=_join(notes))
    if final:
        notes.append(f"not done by {common['target_year']}")
    return Assessment(**out, schedule_verdict="not_done", note=_join(notes))


# --------------------------------------------------------------------------------------------
# The plan


def _city_rows(plan: Plan, observations: pd.DataFrame) -> pd.DataFrame:
    obs = _normalise(observations)
    city = {"", str(getattr(plan, "city_code", "") or "")}
    return obs[obs["area"].isin(city)]


def _normalise(observations: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("indicator", "year", "value") if c not in observations.columns]
    if missing and len(observations):
        raise ValueError(f"observations lack the column(s) {', '.join(missing)}")
    obs = observations.copy()
    for col in ("indicator", "year", "value", "area", "status"):
        if col not in obs.columns:
            obs[col] = pd.Series([None] * len(obs), index=obs.index, dtype=object)
    obs["area"] = obs["area"].map(lambda a: "" if a is None or a != a else str(a).strip())
    obs["indicator"] = obs["indicator"].astype(str)
    obs["year"] = pd.to_numeric(obs["year"], errors="coerce")
    obs["value"] = pd.to_numeric(obs["value"], errors="coerce")
    obs = obs[obs["year"].notna()].copy()
    obs["year"] = obs["year"].astype(int)
    return obs


def _series_of(rows: pd.DataFrame, notes: list[str]) -> dict[int, float]:
    """Values by year of one indicator and area; a repeated year keeps its last row (noted)."""
    rows = rows[rows["value"].notna()]
    dup = sorted(set(rows.loc[rows["year"].duplicated(keep=False), "year"].astype(int)))
    if dup:
        notes.append(f"several values for {_years(dup)}: the last one used")
    return {int(y): float(v) for y, v in zip(rows["year"], rows["value"], strict=True)}


def assess_plan(plan: Plan, observations: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per plan indicator (plan order) for report ``year``, from the city's rows.

    City rows are those whose ``area`` is empty (or the city's code).  Columns:
    :data:`ASSESSMENT_COLUMNS`, then ``value_status`` (the status of the observation behind
    ``value``; for cumulative targets, of the latest annual amount summed).
    """
    city = _city_rows(plan, observations)
    rows: list[dict[str, Any]] = []
    for ind in plan.indicators:
        sub = city[city["indicator"] == ind.id]
        extra: list[str] = []
        a = assess_series(ind, _series_of(sub, extra), year)
        if extra:
            a = replace(a, note="; ".join([*extra, a.note] if a.note else extra))
        row = a.as_dict()
        status = None
        if a.year is not None and "status" in sub.columns:
            st = sub.loc[(sub["year"] == a.year) & sub["value"].notna(), "status"]
            if len(st) and isinstance(st.iloc[-1], str):
                status = st.iloc[-1]
        row["value_status"] = status
        rows.append(row)
    return _typed(pd.DataFrame(rows, columns=[*ASSESSMENT_COLUMNS, *PLAN_EXTRA_COLUMNS]))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    for col in _INT_COLUMNS:
        df[col] = df[col].astype("Int64")
    for col in _FLOAT_COLUMNS:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    df["likely_met"] = df["likely_met"].astype("boolean")
    return df


# --------------------------------------------------------------------------------------------
# Districts


def assess_districts(plan: Plan, observations: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per (indicator, district of its scope) with a value up to ``year`` (E1, E2)."""
    obs = _normalise(observations)
    obs = obs[(obs["year"] <= int(year)) & obs["value"].notna()]
    rows: list[dict[str, Any]] = []
    for ind in plan.indicators:
        sign = 1 if ind.direction == "up" else -1
        goal = ind.target if ind.target is not None else getattr(ind, "threshold", None)
        target = float(goal) if ind.kind == "level" and goal is not None else None
        source = "" if target is None else ("plan" if ind.target is not None else "analyst")
        sub = obs[obs["indicator"] == ind.id]
        found: list[dict[str, Any]] = []
        for d in plan.districts_of(ind):
            notes: list[str] = []
            series = _series_of(sub[sub["area"] == d.code], notes)
            if ind.kind == "cumulative":
                series = _running_sum(series, ind.baseline_year, notes)
                if max(series) == ind.baseline_year:
                    continue
                notes.append(f"running sum {ind.baseline_year + 1}-{max(series)}")
            if not series:
                continue
            y = max(series)
            v = series[y]
            gap = None if target is None else sign * (v - target)
            found.append({
                "id": ind.id, "area": d.code, "name_zh": d.name_zh, "name_en": d.name_en,
                "zone": d.zone, "year": y, "value": v, "target": target,
                "target_source": source, "gap": gap,
                "meets": None if target is None else _meets(v, target, sign),
                "rank": None, "note": "; ".join(notes),
            })  # fmt: skip
        if found:
            keys = pd.Series([sign * r["value"] for r in found])
            ranks = keys.rank(method="min", ascending=False).astype(int)
            for r, k in zip(found, ranks, strict=True):
                r["rank"] = int(k)
        rows += found
    df = pd.DataFrame(rows, columns=list(DISTRICT_COLUMNS))
    df["year"] = df["year"].astype("Int64")
    df["rank"] = df["rank"].astype("Int64")
    for col in ("value", "target", "gap"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    df["meets"] = df["meets"].astype("boolean")
    return df


# --------------------------------------------------------------------------------------------
# Roll-ups and the 问题清单


def rollup(assessed: pd.DataFrame, by: str = "schedule_verdict") -> pd.DataFrame:
    """Counts and shares of indicators per domain and verdict, long format (F1).

    Columns: domain, verdict, count, share (a fraction), total.  Domains in order of first
    appearance, then ``__all__`` (the city).  Every verdict of the vocabulary is listed, zero
    counts included; ``not_assessed`` counts empty verdicts and is listed only if one occurs.
    """
    if by == "schedule_verdict":
        vocab = list(SCHEDULE_VERDICTS)
    elif by == "international_category":
        vocab = list(INTERNATIONAL_CATEGORIES)
    else:
        vocab = sorted({str(v) for v in assessed[by] if isinstance(v, str) and v})
    labels = [v if isinstance(v, str) and v else NOT_ASSESSED for v in assessed[by]]
    if NOT_ASSESSED in labels:
        vocab.append(NOT_ASSESSED)
    extra = sorted({v for v in labels if v not in vocab})
    vocab += extra
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
