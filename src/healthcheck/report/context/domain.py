"""A domain chapter: its text placed by key, the indicator table, the figures and tables.

Paragraphs are placed by their key: ``overview`` opens the chapter, ``analysis`` goes with
the domain's analysis figure, ``districts-<id>`` with the map of indicator ``<id>``.  The
analysts' own paragraphs (``origin == "analyst"``) and any key placed nowhere else, and the
analysts' figures and tables, are printed at the end, under "分析与建议 / Analysis and
recommendations".  A figure already drawn in the 问题清单 is referred to, not drawn again.
"""

from __future__ import annotations

from typing import Any

from healthcheck.report.context.base import Report
from healthcheck.report.context.figures import figure_view, indicator_figure, table_view
from healthcheck.report.context.summary import SCHEDULE, counts
from healthcheck.report.outlines import Part
from healthcheck.results.model import DomainResults, Paragraph

__all__ = ["domain_view", "domains"]


def _para(p: Paragraph) -> dict[str, str]:
    return {"zh": p.zh, "en": p.en, "key": p.key, "origin": p.origin}


def _figures(
    report: Report, res: DomainResults, index: int, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the generated figures, the analysts' figures) of a domain, numbered in print order;
    each indicator row gets its figure and its sentence goes under it."""
    store, plan = report.results.store, report.plan
    views: dict[str, dict[str, Any]] = {}
    k = 0
    for fig in sorted(res.figures, key=lambda f: f.origin == "analyst"):
        moved = report.moved.get((res.domain, fig.id))
        if moved is None:
            k += 1
        view = figure_view(fig, store, res.domain, plan, f"{index}-{k if moved is None else 0}")
        view["moved_to"] = moved
        views[fig.id] = view
    for r in rows:
        found = indicator_figure(res, report.results.rows[r["id"]])
        shown = views[found.id] if found is not None else None
        r["figure"] = shown
        if shown is not None and not shown["sentence_zh"] and not shown["sentence_en"]:
            shown["sentence_zh"], shown["sentence_en"] = r["sentence_zh"], r["sentence_en"]
    ordered = [views[f.id] for f in res.figures]
    return (
        [f for f in ordered if f["origin"] != "analyst"],
        [f for f in ordered if f["origin"] == "analyst"],
    )


def _place_text(
    res: DomainResults, figures: list[dict[str, Any]]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Attach paragraphs to the figures their key names; return (the chapter's opening
    paragraphs, the analysts' notes)."""
    opening, notes = [], []
    analysis = next((f for f in figures if f["kind"] == "analysis"), None)
    maps = {f["indicator"]: f for f in figures if f["kind"] == "map" and f["indicator"]}
    for p in res.text:
        para = _para(p)
        if p.origin == "analyst":
            notes.append(para)
        elif p.key == "overview":
            opening.append(para)
        elif p.key == "analysis" and analysis is not None:
            analysis["text"].append(para)
        elif p.key == "analysis":
            opening.append(para)
        elif p.key.startswith("districts-") and p.key[len("districts-") :] in maps:
            maps[p.key[len("districts-") :]]["text"].append(para)
        elif p.key.startswith("districts-"):
            opening.append(para)
        else:
            notes.append(para)
    return opening, notes


def _tables(report: Report, res: DomainResults, index: int) -> list[dict[str, Any]]:
    """The chapter's notebook tables, the generated ones first; the printed ones numbered
    after the chapter's indicator table (table <index>-1)."""
    ordered = sorted(res.tables, key=lambda t: t.origin == "analyst")
    views = [table_view(t, report.results.store, res.domain, "", report.plan) for t in ordered]
    k = 1
    for v in views:
        if v["printed"]:
            k += 1
            v["number"] = f"{index}-{k}"
    return views


def domain_view(report: Report, res: DomainResults) -> dict[str, Any]:
    """The context of one domain chapter."""
    plan = report.plan
    ch = report.domain_chapters[res.domain]
    d = plan.domain(res.domain)
    rows = [dict(report.views[i.id]) for i in plan.indicators_of(res.domain)]
    figures, analyst_figures = _figures(report, res, ch["index"], rows)
    opening, notes = _place_text(res, figures)
    tables = _tables(report, res, ch["index"])
    return {
        "chapter": ch, "id": res.domain, "clause": d.clause,
        "title_zh": res.title_zh or d.title_zh, "title_en": res.title_en or d.title_en,
        "text": opening, "rows": rows, "figures": figures,
        "tables": [t for t in tables if t["origin"] != "analyst"],
        "notes": notes, "analyst_figures": analyst_figures,
        "analyst_tables": [t for t in tables if t["origin"] == "analyst"],
        "counts": counts(report, SCHEDULE, res.domain),
        "illustrative": any(r["illustrative"] for r in rows)
        or any(f["illustrative"] for f in figures),
    }  # fmt: skip


def domains(report: Report, part: Part) -> dict[str, Any]:
    return {"domains": [domain_view(report, res) for res in report.results.domains]}
