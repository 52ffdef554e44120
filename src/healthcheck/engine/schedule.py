"""The schedule verdict (完成率 against 时序进度), per verdict family (methodology sections A
and B): targeted kinds against their target value, trends year on year, milestones done or not.

Each family is a function of one :class:`Case` returning the columns of the
:class:`~healthcheck.engine.assessment.Assessment` it fills, registered in :data:`FAMILIES` by
the family name of :data:`healthcheck.kinds.KINDS`; the kind's own properties (``running_sum``,
``target_from_baseline``, ``reports_added``) decide the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from healthcheck.engine.international import Intl, international
from healthcheck.engine.projection import projection
from healthcheck.engine.series import close, fmt, ge, join_notes, meets, running_sum, years_text
from healthcheck.kinds import Family, Kind

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Indicator

__all__ = [
    "COMPLETION_MEANINGFUL_MAX",
    "FAMILIES",
    "FAR_SHORT",
    "NEAR_BASELINE",
    "SCHEDULE_VERDICTS",
    "Case",
]

SCHEDULE_VERDICTS: tuple[str, ...] = (
    "achieved", "ahead", "behind", "moving_away", "insufficient_data", "not_achieved",
    "done", "not_done", "rose", "rose_overall", "unchanged", "fell_overall", "fell",
)  # fmt: skip

#: B10: the required change |yT - y0| below this share of |yT| makes completion meaningless
NEAR_BASELINE = 0.02
#: B10: a completion above this (200 %) is not a rate worth printing or ranking
COMPLETION_MEANINGFUL_MAX = 2.0
#: B11: a remaining distance of at least this share of the target is "far short"
FAR_SHORT = 0.10


@dataclass(frozen=True)
class Case:
    """One indicator's series up to the horizon, with what every family reads."""

    indicator: Indicator
    kind: Kind
    #: the columns every assessment has (id, domain, kind, direction, report, baseline and
    #: target years)
    common: dict[str, Any]
    #: finite values of the years up to the horizon, by year
    obs: dict[int, float]
    #: notes on what the data left out, so far (the family appends its own)
    notes: list[str]
    t0: int
    T: int
    sign: int
    #: the report year is the target year or later: the verdict is final
    final: bool


def _verdict(
    out: dict[str, Any], verdict: str, notes: list[str], intl: Intl | None = None
) -> dict[str, Any]:
    return dict(out, schedule_verdict=verdict, note=join_notes(notes, intl.notes if intl else ()))


# --------------------------------------------------------------------------------------------
# Targeted kinds (B1-B6)


def _target_value(kind: Kind, goal: float | None, y0: float | None) -> float | None:
    """yT (A3): the plan's figure, or one derived from the baseline value."""
    if goal is None:
        return None
    if not kind.target_from_baseline:
        return float(goal)
    if y0 is None:
        return None
    return y0 + goal if kind.target_from_baseline == "add" else y0 * (1 + goal / 100)


def _targeted(c: Case) -> dict[str, Any]:
    ind, kind, t0, T, sign, notes = c.indicator, c.kind, c.t0, c.T, c.sign, c.notes
    goal = ind.goal
    source = "" if goal is None else ("plan" if ind.target is not None else "analyst")
    cmp = running_sum(c.obs, t0, notes) if kind.running_sum else c.obs
    y0 = cmp.get(t0)
    yT = _target_value(kind, goal, y0)
    out: dict[str, Any] = dict(c.common, baseline=y0, target_value=yT, target_source=source)

    if goal is not None and yT is None:
        intl = Intl(notes=[f"international: the {kind.name} target needs the value of {t0}"])
    else:
        intl = international(cmp, t0, T, sign, yT)
    out.update(intl.fields())

    if not cmp or max(cmp) < t0:
        notes.append(
            "no value" if not cmp else f"latest value ({max(cmp)}) before the baseline year {t0}"
        )
        if cmp:
            out.update(year=max(cmp), value=cmp[max(cmp)])
        return _verdict(out, "insufficient_data", notes, intl)
    t = max(cmp)
    yt = cmp[t]
    out.update(year=t, value=yt)
    if kind.reports_added and y0 is not None:
        out["added"] = yt - y0
    e = (t - t0) / (T - t0)
    out["time_elapsed"] = e
    if yT is None:
        notes.append("no target figure" if goal is None else f"no value for {t0}: no target value")
        out.update(_capped(c, projection(cmp, t0, t, T, sign, y0, None, False, intl, notes)))
        return _verdict(out, "insufficient_data", notes, intl)

    base_met = y0 is not None and meets(y0, yT, sign)
    completion = _completion(yt, y0, yT, base_met, t0, notes)
    out["completion"] = completion
    out["schedule_gap"] = None if completion is None else completion - e
    out.update(_meaning(y0, yt, yT, sign, completion))
    verdict = _schedule_verdict(c, t, meets(yt, yT, sign), y0, base_met, completion, e)
    out.update(_capped(c, projection(cmp, t0, t, T, sign, y0, yT, base_met, intl, notes)))
    return _verdict(out, verdict, notes, intl)


def _capped(c: Case, proj: dict[str, Any]) -> dict[str, Any]:
    """D4: a projected percentage stays within 0..100."""
    if not c.indicator.is_percentage:
        return proj
    return {
        k: min(100.0, max(0.0, v)) if k.startswith("projected") and v is not None else v
        for k, v in proj.items()
    }


def _meaning(
    y0: float | None, yt: float, yT: float, sign: int, completion: float | None
) -> dict[str, Any]:
    """B10 (is the completion rate meaningful?) and B11 (how far from the target is the value).

    Completion is meaningful unless the required change is small against the values
    (|yT - y0| < NEAR_BASELINE x |yT|) or the value has passed the target far
    (c > COMPLETION_MEANINGFUL_MAX).  ``distance`` = d(yT - yt) > 0 is what remains to be
    done, in the indicator's unit (0 once met); ``distance_share`` = distance / |yT| (or
    / |yT - y0| for a target of 0); ``distance_class`` = far (share >= FAR_SHORT) or slight.
    """
    out: dict[str, Any] = {}
    if completion is not None:
        near = y0 is not None and abs(yT - y0) < NEAR_BASELINE * abs(yT)
        out["completion_meaningful"] = not (near or completion > COMPLETION_MEANINGFUL_MAX)
    distance = max(0.0, sign * (yT - yt))
    if close(yt, yT):
        distance = 0.0
    scale = abs(yT) if yT != 0 else (abs(yT - y0) if y0 is not None else 0.0)
    out["distance"] = distance
    if scale > 0:
        share = distance / scale
        out["distance_share"] = share
        if distance > 0:
            out["distance_class"] = "far" if ge(share, FAR_SHORT) else "slight"
    return out


def _completion(
    yt: float, y0: float | None, yT: float, base_met: bool, t0: int, notes: list[str]
) -> float | None:
    """c = (yt - y0) / (yT - y0) (B1), not computed without a baseline value or past it (B5)."""
    if y0 is None:
        notes.append(f"no value for the baseline year {t0}: completion not computed")
        return None
    if base_met:
        notes.append(
            f"the baseline value ({fmt(y0)}) already meets the target ({fmt(yT)}): "
            "completion not computed, the value is compared with the target directly"
        )
        return None
    return (yt - y0) / (yT - y0)


def _schedule_verdict(
    c: Case,
    t: int,
    achieved: bool,
    y0: float | None,
    base_met: bool,
    completion: float | None,
    e: float,
) -> str:
    """B2 before the target year, B4 at or after it."""
    if c.final:
        if t < c.T:
            c.notes.append(f"no value for {c.T}: the final verdict uses the value of {t}")
        return "achieved" if achieved else "not_achieved"
    if achieved:
        return "achieved"
    if y0 is None:
        return "insufficient_data"
    if t == c.t0:
        c.notes.append(f"no value after the baseline year {c.t0}")
        return "insufficient_data"
    if base_met or (completion is not None and not ge(completion, 0.0)):
        return "moving_away"
    if completion is not None and not ge(completion, e):
        return "behind"
    return "ahead"


# --------------------------------------------------------------------------------------------
# Trends (B7) and milestones (B8)


def _trend(c: Case) -> dict[str, Any]:
    obs, t0, T, sign, notes = c.obs, c.t0, c.T, c.sign, c.notes
    intl = international(obs, t0, T, sign, None)
    out: dict[str, Any] = dict(c.common, baseline=obs.get(t0), **intl.fields())
    if not obs:
        notes.append("no value")
        return _verdict(out, "insufficient_data", notes, intl)
    t = max(obs)
    yt = obs[t]
    out.update(year=t, value=yt)
    if t <= t0:
        notes.append(f"no value after the baseline year {t0}")
        return _verdict(out, "insufficient_data", notes, intl)
    out["time_elapsed"] = (t - t0) / (T - t0)
    prev = max(y for y in obs if y < t) if any(y < t for y in obs) else None
    if prev is None:
        notes.append(f"no value before {t} to compare with")
        verdict = "insufficient_data"
    else:
        out.update(previous_year=prev, previous_value=obs[prev])
        verdict = _trend_verdict(obs, t0, t, notes)
    out.update(_capped(c, projection(obs, t0, t, T, sign, obs.get(t0), None, False, intl, notes)))
    return _verdict(out, verdict, notes, intl)


def _moves(obs: dict[int, float], years: list[int]) -> dict[int, int]:
    """+1 / 0 / -1 for each year after the first: its move from the year before with a value."""
    out: dict[int, int] = {}
    for a, b in zip(years, years[1:], strict=False):
        out[b] = 0 if close(obs[b], obs[a]) else (1 if obs[b] > obs[a] else -1)
    return out


def _trend_verdict(obs: dict[int, float], t0: int, t: int, notes: list[str]) -> str:
    """B7: the movement over the whole period, from the first value from t0 on to t.

    rose / fell: every year with a value moved that way; rose_overall / fell_overall: the value
    ends above / below where the period began, but not every year moved so; unchanged: it ends
    where it began (within the tolerance of B9)."""
    years = sorted(y for y in obs if t0 <= y <= t)
    if len(years) < 2:
        years = sorted(y for y in obs if y <= t)[-2:]
    missing = [y for y in range(years[0], t + 1) if y not in obs]
    if missing:
        notes.append(f"no value for {years_text(missing)}: the neighbouring years compared")
    moves = _moves(obs, years)
    first, last = obs[years[0]], obs[t]
    if close(last, first):
        return "unchanged"
    way = 1 if last > first else -1
    name = "rose" if way > 0 else "fell"
    if all(m == way for m in moves.values()):
        return name
    against = [y for y, m in moves.items() if m == -way]
    if against:
        notes.append(f"{'fell' if way > 0 else 'rose'} in {years_text(against)}")
    return f"{name}_overall"


def _milestone(c: Case) -> dict[str, Any]:
    obs, notes = c.obs, c.notes
    invalid = [y for y, v in obs.items() if v not in (0.0, 1.0)]
    if invalid:
        notes.append(
            f"milestone values must be 1 (done) or 0 (not yet): {years_text(invalid)} ignored"
        )
    valid = {y: v for y, v in obs.items() if v in (0.0, 1.0)}
    if not valid:
        notes.append("no value")
        return _verdict(c.common, "insufficient_data", notes)
    t = max(valid)
    out: dict[str, Any] = dict(c.common, year=t, value=valid[t])
    done = [y for y, v in valid.items() if v == 1.0]
    if done:
        first = min(done)
        undone = [y for y, v in valid.items() if v == 0.0 and y > first]
        if undone:
            notes.append(
                f"0 in {years_text(undone)} after done in {first} ignored: once done stays done"
            )
        return _verdict(dict(out, done_year=first), "done", notes)
    if c.final:
        notes.append(f"not done by {c.T}")
    return _verdict(out, "not_done", notes)


#: the schedule verdict of each family of :data:`healthcheck.kinds.KINDS`
FAMILIES: dict[Family, Callable[[Case], dict[str, Any]]] = {
    "targeted": _targeted,
    "trend": _trend,
    "milestone": _milestone,
}
