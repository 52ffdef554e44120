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
DataFrame``; ``shortfalls(assessed) -> DataFrame``; ``framework(name) -> Framework`` (the
assessment frameworks, :mod:`healthcheck.engine.frameworks`; this method is ``plan_targets``).

Modules: :mod:`~healthcheck.engine.series` (A: the series, running sum, tolerance),
:mod:`~healthcheck.engine.schedule` (B: one verdict family per family of
:data:`healthcheck.kinds.KINDS`), :mod:`~healthcheck.engine.international` (C),
:mod:`~healthcheck.engine.projection` (D), :mod:`~healthcheck.engine.districts` (E),
:mod:`~healthcheck.engine.summary` (F: roll-ups and the shortfall rule),
:mod:`~healthcheck.engine.assessment` (the :class:`Assessment` row, ``assess_series`` and
``assess_plan``).

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
B7. Trend targets (逐年提升) are judged over the whole period, from the first value from t0 on
    (the baseline) to the latest value t, year by year between the years with a value (the
    note names missing years, and the years that moved the other way).  The verdict describes
    the VALUE's movement, whatever the desired direction: rose (it rose in every year), rose_overall
    (it ends above the baseline but fell in some year, or stayed), unchanged (it ends at the
    baseline), fell_overall, fell (the mirror images).  Only "rose" (where higher is better)
    or "fell" (where lower is better) is counted as the target met; a trend that ends at or on
    the wrong side of its baseline is listed on the 问题清单 (F2).  previous_year and
    previous_value name the year before t.  The verdict is read the same way at or after T.
B8. Milestones: done if any year up to h has the value 1, else not_done; done_year is the first
    such year.  A later 0 after a 1 is ignored (a milestone once done stays done; noted).  Values
    other than 0 and 1 are ignored (noted).  No value at all: insufficient_data.
B9. Comparisons treat differences smaller than 1e-9 (relative) as zero, so that floating-point
    noise never decides a verdict: a value equal to the target within that tolerance meets it,
    c equal to e within it is "ahead", a trend moving by less is "unchanged".
B10. Completion is printed and ranked only where it means something: ``completion_meaningful``
    is false when the baseline lies close to the target (|yT - y0| < 2 % of |yT|: the required
    change is small against the values, so small moves give huge ratios) or the completion
    exceeds 200 % (the value passed the target far).  The report then says "target met
    (baseline close to target: completion rate not meaningful)" instead of the ratio.
B11. Distance to the target: ``distance`` = max(0, d(yT - yt)), in the indicator's unit (what
    remains to be done; 0 once met); ``distance_share`` = distance / |yT| (/ |yT - y0| for a
    target of 0); ``distance_class`` = far (差距较大) if distance_share >= 10 %, else slight
    (小幅差距; 小幅背离 when the verdict is moving_away).

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
D4. Projections of a percentage (unit %) are kept within 0 to 100.

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
    that did not move in their direction over the period (B7: fell, fell_overall or unchanged
    where higher is better; rose, rose_overall or unchanged where lower is better).  Ranked by
    distance_share (B11), the largest first, so that a value far from its target comes before
    one that moved slightly away; those without one (trends, milestones) last; ties in plan
    order.  The schedule gap is shown beside it, not used to rank.
F3. Changes against the previous check: in the target year every progress verdict turns into
    a final one; a change that is only that switch (ahead or achieved -> achieved, behind or
    moving_away -> not_achieved, the category unchanged or become target_achieved with it) is
    counted and said once, not listed; the others (e.g. ahead -> not_achieved, behind ->
    achieved, a category that changed otherwise) are listed.
G. After the target year
------------------------
G1. In a final assessment (report year >= T) the international category describes the
    trajectory over the period (期间趋势), not advice about a deadline: on_track reads "the
    period's pace sufficed" (期间增速足以达标), and beside a final not_achieved it says that the
    pace was at least 95 % of the one needed, yet the target was missed.

Every empty figure that the data (not the method) leaves empty has its reason in ``note``.
In the data frames, empty numbers are NaN (pandas' missing value); empty years, ranks and
yes/no values are <NA> (nullable Int64 / boolean columns, so years print as 2023, not 2023.0).
"""

from __future__ import annotations

from healthcheck.engine.assessment import ASSESSMENT_COLUMNS, Assessment, assess_plan, assess_series
from healthcheck.engine.districts import DISTRICT_COLUMNS, assess_districts
from healthcheck.engine.frameworks import FRAMEWORKS, Framework, framework
from healthcheck.engine.international import (
    INTERNATIONAL_CATEGORIES,
    THRESHOLDS_NO_TARGET,
    THRESHOLDS_TARGET,
    ZERO_TARGET_REPLACEMENT,
)
from healthcheck.engine.schedule import SCHEDULE_VERDICTS
from healthcheck.engine.summary import (
    ALL_DOMAINS,
    NOT_ASSESSED,
    ROLLUP_COLUMNS,
    SHORTFALL_VERDICTS,
    final_switch,
    rollup,
    shortfalls,
)

__all__ = [
    "ALL_DOMAINS",
    "ASSESSMENT_COLUMNS",
    "DISTRICT_COLUMNS",
    "FRAMEWORKS",
    "INTERNATIONAL_CATEGORIES",
    "NOT_ASSESSED",
    "ROLLUP_COLUMNS",
    "SCHEDULE_VERDICTS",
    "SHORTFALL_VERDICTS",
    "THRESHOLDS_NO_TARGET",
    "THRESHOLDS_TARGET",
    "ZERO_TARGET_REPLACEMENT",
    "Assessment",
    "Framework",
    "assess_districts",
    "assess_plan",
    "assess_series",
    "final_switch",
    "framework",
    "rollup",
    "shortfalls",
]
