"""The cover (with the illustrative-values banner) and the table of contents."""

from __future__ import annotations

from typing import Any

from healthcheck.inputs.status import is_illustrative
from healthcheck.report.context.base import Report
from healthcheck.report.context.formatting import verdict
from healthcheck.report.outlines import Part
from healthcheck.text import i18n

__all__ = ["cover", "contents", "shows_illustrative"]


def shows_illustrative(report: Report) -> bool:
    """Whether the report shows an illustrative value anywhere (the results' flags, and the
    statuses of the city values the data appendix lists)."""
    res = report.results
    every = [res.summary, *res.domains]
    if any(v["illustrative"] for v in report.views.values()):
        return True
    if any(d.illustrative for r in every for d in r.districts):
        return True
    if any(f.illustrative for r in every for f in r.figures):
        return True
    if any(any(t.illustrative) for r in every for t in r.tables):
        return True
    obs = res.observations
    if obs.empty:
        return False
    city = obs[obs["area"].fillna("").astype(str).isin(["", res.plan.city_code])]
    return bool(city[city["year"] <= res.year]["status"].map(is_illustrative).any())


def cover(report: Report, part: Part) -> dict[str, Any]:
    return {"illustrative": shows_illustrative(report)}


def contents(report: Report, part: Part) -> dict[str, Any]:
    return {
        "verdict_legend": [verdict("verdict", k) for k in i18n.VERDICT],
        "category_legend": [
            verdict("category_final" if report.final else "category", k) for k in i18n.CATEGORY
        ],
    }
