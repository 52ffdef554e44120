"""The state the chapter builders share: the results, the row views and the chapters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from healthcheck.inputs.observations import missing_years
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.spec import PlanMeta
from healthcheck.inputs.status import illustrative_counts
from healthcheck.report.context.results import ReportResults
from healthcheck.report.context.rows import row_view
from healthcheck.report.context.scope import district_scope
from healthcheck.report.html import en_date, zh_date, zh_numeral
from healthcheck.report.outlines import Outline, Part
from healthcheck.text import fmt_percent, share_text

__all__ = [
    "DEMO_SHARE",
    "Report",
    "base_context",
    "data_gap",
    "illustrative_share",
    "new_report",
    "number_chapters",
]

#: from this share of illustrative values on, the report is a methods demonstration: its
#: cover says so, every page carries a watermark, and the published values are the ones marked
DEMO_SHARE = 0.5


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


def shown_parts(outline: Outline, results: ReportResults) -> list[Part]:
    """The parts of the outline these results print (a part that needs districts: only with
    a plan that has them; one that needs findings: only when the analysts gave some for the
    plan's indicators)."""
    ids = {i.id for i in results.plan.indicators}
    summary = results.summary
    has = {
        "districts": bool(results.plan.districts),
        "findings": any(f.indicator in ids for f in summary.findings),
        "survey": results.survey is not None,
        "special": any(p.key.startswith("special") for p in summary.text)
        or any(t.id.startswith("special") for t in summary.tables),
    }
    return [p for p in outline.parts if p.needs is None or has[p.needs]]


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
            word_zh, word_en = outline.appendix_word
            num_zh, num_en = f"{word_zh}{appendix[0]} ", f"{word_en} {appendix[1]} "
        ch = {"anchor": anchor, "title_zh": zh, "title_en": en, "num_zh": num_zh,
              "num_en": num_en, "index": n, "appendix": appendix is not None}  # fmt: skip
        chapters.append(ch)
        return ch

    letters = iter([p.appendix for p in outline.parts if p.appendix is not None])
    for part in shown_parts(outline, results):
        appendix = next(letters) if part.appendix is not None else None
        if part.per_domain:
            for d in results.plan.domains:
                by_domain[d.id] = add(f"ch-{_slug(d.id)}", d.title_zh, d.title_en, None)
        elif part.chapter is not None:
            t = part.chapter
            by_part[part.key] = add(t.anchor, t.zh, t.en, appendix)
    return chapters, by_part, by_domain


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def new_report(results: ReportResults, outline: Outline) -> Report:
    chapters, by_part, by_domain = number_chapters(outline, results)
    found = results.summary.method.get("thresholds_target")
    on_track = float(found[0]) if isinstance(found, list) and found else None
    views = {
        rid: row_view(row, results.plan, results.year, on_track)
        for rid, row in results.rows.items()
    }
    return Report(results, outline, views, chapters, by_part, by_domain)


def illustrative_share(report: Report) -> dict[str, Any]:
    """The one share of illustrative values the report states (cover, summary, data
    appendix): the city and district values of the plan's indicators up to the report year
    (:func:`healthcheck.inputs.status.illustrative_counts`), and what it implies."""
    obs, year = report.results.observations, report.year
    ids = [i.id for i in report.plan.indicators]
    n, total = illustrative_counts(obs, ids, year) if not obs.empty else (0, 0)
    share = n / total if total else 0.0
    areas = bool(report.plan.districts)
    one = report.plan.district_report is not None
    return {
        "n": n, "total": total, "share": share, "demo": total > 0 and share >= DEMO_SHARE,
        "zh": share_text((n, total), year, "zh", districts=areas, district_report=one),
        "en": share_text((n, total), year, "en", districts=areas, district_report=one),
    }  # fmt: skip


def data_gap(report: Report) -> dict[str, Any] | None:
    """The data years missing between the first and the report year (a deleted
    ``observations/2022.csv``), for the caveat on the cover and in the data appendix; None
    when there is no gap.  ``validate`` has refused a gap a cumulative indicator needs
    (:func:`healthcheck.inputs.observations.running_sum_gaps`): what is left only blanks that
    year and makes year-on-year comparisons span it."""
    obs = report.results.observations
    if obs.empty:
        return None
    years = [int(y) for y in obs["year"].unique() if int(y) <= report.year]
    gap = missing_years(years)
    if not gap:
        return None
    return {
        "years": gap,
        "zh": "、".join(f"{y}年" for y in gap),
        "en": ", ".join(str(y) for y in gap),
        "files": ", ".join(f"observations/{y}.csv" for y in gap),
    }


def base_context(report: Report) -> dict[str, Any]:
    """What every part (and the document's head) may use: the plan, the year, the titles,
    the stage of the plan and the dates."""
    plan, year = report.plan, report.year
    final = report.final
    span = max(1, plan.target_year - plan.baseline_year)
    elapsed = min(1.0, max(0.0, (year - plan.baseline_year) / span))
    issued = plan.issued
    # a plan without plan.yaml names its city "The city": no "The city City Health Check"
    city_en = "" if plan.city_en.strip().lower() in ("", "the city") else f"{plan.city_en} "
    # a plan without plan.yaml has the placeholder title "Plan implementation assessment":
    # the sentences then say "the plan" rather than quote it as a title
    plan_named = (plan.title_zh, plan.title_en) != (
        PlanMeta.model_fields["title_zh"].default,
        PlanMeta.model_fields["title_en"].default,
    )
    return {
        "year": year, "plan": plan, "final": final, "framework": report.results.framework,
        "stage_zh": "终期评估" if final else "中期评估",
        "stage_en": "Final assessment" if final else "Mid-term check",
        "title_zh": f"{plan.city_zh}城市体检报告（{year}年度）",
        "title_en": f"{city_en}City Health Check Report {year}",
        "running_zh": f"{plan.city_zh}城市体检报告 {year}",
        "running_en": f"{city_en}City Health Check {year}",
        "city_title_en": city_en,
        # the city's name inside an English sentence ("the city", not "The city")
        "city_in_en": city_en.strip() or "the city",
        "plan_named": plan_named,
        "ref": {k: {"zh": c["num_zh"].strip(), "en": c["num_en"].strip()}
                for k, c in report.chapter_of.items()},
        "date_iso": f"{year}-12-31",
        "date_zh": zh_date(year, 12, 31), "date_en": en_date(year, 12, 31),
        "issued_zh": zh_date(issued.year, issued.month, issued.day) if issued else "",
        "issued_en": en_date(issued.year, issued.month, issued.day) if issued else "",
        "elapsed": fmt_percent(elapsed, "zh", 0), "elapsed_value": elapsed,
        "chapters": report.chapters,
        "illus_share": illustrative_share(report),
        # a district's report: what of the city's plan it assesses (None: the whole plan)
        "district": district_scope(report),
        "area_zh": "全区" if plan.district_report else "全市",
        "area_en": "District total" if plan.district_report else "City total",
        "data_gap": data_gap(report),
        "rows": list(report.views.values()),
        "rows_by_id": report.views,
    }  # fmt: skip
