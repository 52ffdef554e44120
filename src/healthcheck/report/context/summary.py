"""The executive summary: the verdict counts (the summary's ``counts``), the scorecard, the
summary's figures and text, and the verdicts changed since the previous check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from healthcheck.errors import BuildError
from healthcheck.layout import SUMMARY
from healthcheck.report.context.base import Report
from healthcheck.report.context.figures import figure_view
from healthcheck.report.context.findings import conclusion
from healthcheck.report.context.formatting import verdict
from healthcheck.report.outlines import Part
from healthcheck.results.model import Change
from healthcheck.text import i18n

__all__ = ["ALL", "count_sentence", "counts", "summary"]

#: the key of the city total in the summary's counts
ALL = "__all__"
SCHEDULE = "schedule_verdict"
INTERNATIONAL = "international_category"


def _system(report: Report, system: str) -> Mapping[str, Mapping[str, int]]:
    found = report.results.summary.counts.get(system)
    if not found:
        raise BuildError(f"results {report.results.path(SUMMARY)}: no counts of {system!r}")
    return found


def counts(report: Report, system: str, domain: str) -> list[dict[str, Any]]:
    """The verdicts of ``system`` counted in ``domain`` (or ALL), in the vocabulary's order,
    those that occur only; indicators without a verdict of the system count as "not
    applicable" (the counts of the international category leave milestones out)."""
    table: Literal["verdict", "category", "category_final"] = (
        "verdict" if system == SCHEDULE else "category_final" if report.final else "category"
    )
    found = _system(report, system).get(domain)
    if found is None:
        raise BuildError(
            f"results {report.results.path(SUMMARY)}: no counts of {system!r} for {domain!r}"
        )
    total = sum(_system(report, SCHEDULE).get(domain, {}).values())
    vocab = i18n.VERDICT if table == "verdict" else i18n.CATEGORY
    keys = [*vocab, *sorted(k for k in found if k not in vocab)]
    out: list[dict[str, Any]] = [
        {**verdict(table, k), "n": found[k]} for k in keys if k in vocab and found.get(k)
    ]
    out += [{**verdict(table, k), "n": found[k]} for k in keys if k not in vocab and found[k]]
    out = [c for c in out if c["key"] != "none"]
    none = total - sum(int(c["n"]) for c in out)
    if none > 0:
        out.append({**verdict(table, None), "n": none})
    return out


def _quoted(words: str, comma: str, left: str, right: str) -> str:
    """A verdict's words in a list, quoted when they hold a comma of their own ("总体下降，
    期间有回升" would read as two items)."""
    return f"{left}{words}{right}" if comma in words else words


def count_sentence(parts: list[dict[str, Any]], total: int) -> tuple[str, str]:
    zh = (
        f"纳入评估的{total}项指标中，"
        + "，".join(f"{_quoted(p['zh'], '，', '“', '”')}{p['n']}项" for p in parts)
        + "。"
    )
    en = (
        f"Of the {total} indicators assessed, "
        + ", ".join(f"{p['n']} {_quoted(p['en'], ',', '“', '”')}" for p in parts)
        + "."
    )
    return zh, en


def missed_despite_pace_ids(report: Report) -> list[str]:
    """The indicators whose final verdict is "not achieved" beside a sufficient pace over
    the period (counted among "pace sufficient" in the category table: said under it)."""
    if not report.final:
        return []
    return [
        i for i, v in report.views.items()
        if v["verdict"]["key"] == "not_achieved" and v["category"]["key"] == "on_track"
    ]  # fmt: skip


def _short(row: dict[str, Any]) -> dict[str, Any]:
    """A row's category for a narrow column: a final "not achieved" beside a sufficient pace
    in its short words (both said), any other as it prints."""
    view = row["category"]
    if row["verdict"]["key"] == "not_achieved" and view["key"] == "on_track" and row["final"]:
        return dict(view, zh=view["short_zh"], en=view["short_en"])
    return view


def _changes(
    changes: list[Change], views: Mapping[str, dict[str, Any]], final: bool
) -> list[dict[str, Any]]:
    """The verdicts changed against the previous check, in plan order (``final``: the report
    is a final assessment; the previous check's category is a progress one)."""
    order = {k: n for n, k in enumerate(views)}
    out = []
    for c in changes:
        if c.id not in views:
            continue
        if c.schedule_from == c.schedule_to and c.category_from == c.category_to:
            continue
        v = views[c.id]
        out.append({
            "id": c.id, "name_zh": v["name_zh"], "name_en": v["name_en"],
            "schedule_changed": c.schedule_from != c.schedule_to,
            "category_changed": c.category_from != c.category_to,
            "schedule_from": verdict("verdict", c.schedule_from),
            "schedule_to": verdict("verdict", c.schedule_to),
            "category_from": verdict("category", c.category_from),
            # this year's category as the row prints it (a final "not achieved" beside a
            # sufficient pace says both)
            "category_to": _short(v) if c.category_to == v["category"]["key"]
            else verdict("category_final" if final else "category", c.category_to),
        })  # fmt: skip
    return sorted(out, key=lambda r: order[r["id"]])


def summary(report: Report, part: Part) -> dict[str, Any]:
    res, ch = report.results, report.chapter_of[part.key]
    groups, counts_table = [], []
    for d in res.domains:
        dch = report.domain_chapters.get(d.domain, {"anchor": "", "num_zh": ""})
        rows = [report.views[i.id] for i in res.plan.indicators_of(d.domain)]
        groups.append({"chapter": dch, "title_zh": d.title_zh, "title_en": d.title_en,
                       "rows": rows})  # fmt: skip
        counts_table.append({
            "title_zh": d.title_zh, "title_en": d.title_en, "anchor": dch["anchor"],
            "total": sum(_system(report, SCHEDULE).get(d.domain, {}).values()),
            "verdicts": {c["key"]: c["n"] for c in counts(report, SCHEDULE, d.domain)},
            "categories": {c["key"]: c["n"] for c in counts(report, INTERNATIONAL, d.domain)},
        })  # fmt: skip
    verdict_cols = counts(report, SCHEDULE, ALL)
    total = sum(c["n"] for c in verdict_cols)
    sentence_zh, sentence_en = count_sentence(verdict_cols, total)
    figures = [
        figure_view(f, res.store, SUMMARY, res.plan, f"{ch['index']}-{k}")
        for k, f in enumerate(res.summary.figures, start=1)
    ]
    # a district report's locator map goes with its scope, first in the chapter
    locator = next((f for f in figures if f["id"] == "locator"), None)
    figures = [f for f in figures if f is not locator]
    return {
        "ch_summary": ch,
        "scorecard_groups": groups,
        "counts_table": counts_table,
        "verdict_cols": verdict_cols,
        "category_cols": counts(report, INTERNATIONAL, ALL),
        "sentence_zh": sentence_zh,
        "sentence_en": sentence_en,
        "summary_text": [{"zh": p.zh, "en": p.en} for p in res.summary.text],
        "summary_figures": figures,
        "district_locator": locator,
        "changes": _changes(res.summary.changes, report.views, report.final),
        "missed_despite_pace": missed_despite_pace_ids(report),
        **conclusion(report, (sentence_zh, sentence_en)),
    }
