"""A district report's scope: what of the city's plan it assesses, and why not the rest
(the summary chapter's "评估范围" section and the cover's line; none for a whole plan).

Takes the plan and the year, not the report (:mod:`~healthcheck.report.context.base` calls it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from healthcheck.inputs.status import is_illustrative
from healthcheck.kinds import KINDS
from healthcheck.text.numbers import value_text

if TYPE_CHECKING:
    from healthcheck.inputs.plan import DistrictScope, Domain, Indicator, Plan

__all__ = ["district_scope"]


class _HasPlan(Protocol):
    @property
    def plan(self) -> Plan: ...

    @property
    def year(self) -> int: ...


def district_scope(report: _HasPlan) -> dict[str, Any] | None:
    """The scope of a district's report (None: the report of a whole plan)."""
    scope = report.plan.district_report
    if scope is None:
        return None
    d = scope.district
    domains = {x.id: x for x in (*report.plan.domains, *scope.left_out)}
    total = len(scope.assessed) + sum(
        len(x) for x in (scope.untargeted, scope.other_zone, scope.city_only)
    )
    return {
        "code": d.code, "name_zh": d.name_zh, "name_en": d.name_en,
        "city_zh": scope.city_zh, "city_en": scope.city_en,
        "zone_zh": scope.zone[0], "zone_en": scope.zone[1],
        "assessed": len(scope.assessed), "total": total,
        "untargeted": [_untargeted(i, scope, report.year) for i in scope.untargeted],
        "other_zone": [
            {**_names(i), "zone_zh": _zone(scope, i)[0], "zone_en": _zone(scope, i)[1]}
            for i in scope.other_zone
        ],
        "city_only": _by_domain(scope.city_only, domains),
        "n_city_only": len(scope.city_only),
        "left_out": [{"zh": x.title_zh, "en": x.title_en} for x in scope.left_out],
    }  # fmt: skip


def _names(ind: Indicator) -> dict[str, str]:
    return {"id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en}


def _zone(scope: DistrictScope, ind: Indicator) -> tuple[str, str]:
    key = ind.district_scope or ""
    return scope.zones.get(key, (key, key))


def _untargeted(ind: Indicator, scope: DistrictScope, year: int) -> dict[str, Any]:
    """The district's value of an indicator whose target is a city total: the latest value up
    to ``year``, or for a running sum the amounts from the year after the baseline."""
    rows = [(y, v, s) for i, y, v, s in scope.untargeted_rows if i == ind.id and y <= year]
    kind = KINDS.get(ind.kind)
    out: dict[str, Any] = {**_names(ind), "value_zh": "", "value_en": "", "illustrative": False}
    out["target_zh"] = value_text(ind.goal, ind, "zh") if ind.goal is not None else "—"
    out["target_en"] = value_text(ind.goal, ind, "en") if ind.goal is not None else "—"
    out["kind_zh"], out["kind_en"] = (kind.label_zh, kind.label_en) if kind else (ind.kind,) * 2
    if kind is not None and kind.running_sum:
        rows = [r for r in rows if r[0] > ind.baseline_year]
        if rows:
            first, last = rows[0][0], rows[-1][0]
            total = sum(v for _, v, _ in rows)
            out["value_zh"] = f"{first}—{last}年累计{value_text(total, ind, 'zh')}"
            out["value_en"] = f"{value_text(total, ind, 'en')} in total, {first}–{last}"
    elif rows:
        y, v, _ = rows[-1]
        out["value_zh"] = f"{value_text(v, ind, 'zh')}（{y}年）"
        out["value_en"] = f"{value_text(v, ind, 'en')} ({y})"
    out["illustrative"] = any(is_illustrative(s) for _, _, s in rows)
    return out


def _by_domain(inds: tuple[Indicator, ...], domains: dict[str, Domain]) -> list[dict[str, Any]]:
    """The indicators grouped by task domain, in the plan's order."""
    groups: dict[str, list[Indicator]] = {}
    for ind in inds:
        groups.setdefault(ind.domain, []).append(ind)
    return [
        {
            "title_zh": domains[k].title_zh if k in domains else k,
            "title_en": domains[k].title_en if k in domains else k,
            "indicators": [_names(i) for i in v],
        }
        for k, v in groups.items()
    ]
