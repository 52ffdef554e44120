"""The state the chapter builders share: the results, the row views and the chapters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from healthcheck.inputs.plan import Plan
from healthcheck.report.context.results import ReportResults
from healthcheck.report.context.rows import row_view
from healthcheck.report.html import en_date, zh_date, zh_numeral
from healthcheck.report.outlines import Outline
from healthcheck.text import fmt_percent

__all__ = ["Report", "base_context", "new_report", "number_chapters"]


@dataclass
class Report:
    """What the builders of one report read and share."""

    results: ReportResults
    outline: Outline
    #: every indicator's row view, in plan order
    views: dict[str, dict[str, Any]]
    #: the numbered chapters in print order (the table of contents)
    chapters: list[dict[str, Any]]
    #: the chapter of a part (by part key) and of a domain (by domain id)
    chapter_of: dict[str, dict[str, Any]]
    domain_chapters: dict[str, dict[str, Any]]
    #: figures drawn in another chapter: (results folder, figure id) -> their number there
    moved: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def plan(self) -> Plan:
        return self.results.plan

    @property
    def year(self) -> int:
        return self.results.year

    @property
    def final(self) -> bool:
        return self.year >= self.plan.target_year


def number_chapters(
    outline: Outline, results: ReportResults
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The chapters of the outline, numbered: (all in order, by part key, by domain id)."""
    chapters: list[dict[str, Any]] = []
    by_part: dict[str, dict[str, Any]] = {}
    by_domain: dict[str, dict[str, Any]] = {}
    n = 0

    def add(anchor: str, zh: str, en: str, appendix: tuple[str, str] | None) -> dict[str, Any]:
        nonlocal n
        if appendix is None:
            n += 1
            num_zh, num_en = f"{zh_numeral(n)}、", f"{n} "
        else:
            num_zh, num_en = f"附录{appendix[0]} ", f"Appendix {appendix[1]} "
        ch = {"anchor": anchor, "title_zh": zh, "title_en": en, "num_zh": num_zh,
              "num_en": num_en, "index": n, "appendix": appendix is not None}  # fmt: skip
        chapters.append(ch)
        return ch

    for part in outline.parts:
        if part.per_domain:
            for d in results.plan.domains:
                by_domain[d.id] = add(f"ch-{_slug(d.id)}", d.title_zh, d.title_en, None)
        elif part.chapter is not None:
            t = part.chapter
            by_part[part.key] = add(t.anchor, t.zh, t.en, part.appendix)
    return chapters, by_part, by_domain


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def new_report(results: ReportResults, outline: Outline) -> Report:
    chapters, by_part, by_domain = number_chapters(outline, results)
    views = {rid: row_view(row, results.plan, results.year) for rid, row in results.rows.items()}
    return Report(results, outline, views, chapters, by_part, by_domain)


def base_context(report: Report) -> dict[str, Any]:
    """What every part (and the document's head) may use: the plan, the year, the titles,
    the stage of the plan and the dates."""
    plan, year = report.plan, report.year
    final = report.final
    span = max(1, plan.target_year - plan.baseline_year)
    elapsed = min(1.0, max(0.0, (year - plan.baseline_year) / span))
    issued = plan.issued
    return {
        "year": year, "plan": plan, "final": final,
        "stage_zh": "终期评估" if final else "中期评估",
        "stage_en": "Final assessment" if final else "Mid-term check",
        "title_zh": f"{plan.city_zh}城市体检报告（{year}年度）",
        "title_en": f"{plan.city_en} City Health Check Report {year}",
        "running_zh": f"{plan.city_zh}城市体检报告 {year}",
        "running_en": f"{plan.city_en} City Health Check {year}",
        "date_iso": f"{year}-12-31",
        "date_zh": zh_date(year, 12, 31), "date_en": en_date(year, 12, 31),
        "issued_zh": zh_date(issued.year, issued.month, issued.day) if issued else "",
        "issued_en": en_date(issued.year, issued.month, issued.day) if issued else "",
        "elapsed": fmt_percent(elapsed, "zh", 0), "elapsed_value": elapsed,
        "chapters": report.chapters,
        "rows": list(report.views.values()),
        "rows_by_id": report.views,
    }  # fmt: skip
