"""The 问题清单: the summary's ``shortfalls``, in its order, each with its figure.

A shortfall's figure is drawn here, once; the domain chapter built after refers to it
(:attr:`Report.moved`)."""

from __future__ import annotations

from typing import Any

from healthcheck.errors import BuildError
from healthcheck.layout import SUMMARY
from healthcheck.report.context.base import Report
from healthcheck.report.context.figures import figure_view, indicator_figure
from healthcheck.report.context.findings import finding_views
from healthcheck.report.outlines import Part

__all__ = ["shortfalls"]


def shortfalls(report: Report, part: Part) -> dict[str, Any]:
    res, ch = report.results, report.chapter_of[part.key]
    ids = res.summary.shortfalls
    unknown = [s for s in ids if s not in report.views]
    if unknown:
        raise BuildError(
            f"results {res.path(SUMMARY)}: shortfalls name indicators the plan does not "
            f"have: {', '.join(unknown)}"
        )
    by_domain = {d.domain: d for d in res.domains}
    found = finding_views(report)
    out: list[dict[str, Any]] = []
    for sid in ids:
        row = res.rows[sid]
        view = dict(report.views[sid])
        domain = by_domain.get(row.domain)
        fig = indicator_figure(domain, row) if domain is not None else None
        if fig is not None:
            number = f"{ch['index']}-{len(out) + 1}"
            view["figure"] = figure_view(fig, res.store, row.domain, res.plan, number)
            report.moved[(row.domain, fig.id)] = number
        view["finding"] = found.get(sid)
        out.append(view)
    shown = [found[s] for s in ids if s in found]
    return {
        "ch_short": ch, "shortfalls": out, "short_findings": len(shown),
        "short_findings_all_illustrative": bool(shown) and all(f["illustrative"] for f in shown),
    }  # fmt: skip
