"""The context of the templates, built from the results store only (never the engine).

:func:`build_context` reads the results (:func:`load_results`), numbers the chapters of the
framework's outline (:mod:`healthcheck.report.outlines`) and calls, in the outline's order,
the builder each part names (:data:`BUILDERS`); each returns the names its template uses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan
from healthcheck.report.context.base import Report, base_context, new_report, shown_parts
from healthcheck.report.context.cover import contents, cover
from healthcheck.report.context.data import data
from healthcheck.report.context.districts import districts
from healthcheck.report.context.domain import domains
from healthcheck.report.context.figures import column_label
from healthcheck.report.context.findings import findings
from healthcheck.report.context.methods import methods
from healthcheck.report.context.national import (
    nat_cover,
    nat_evaluation,
    nat_levels,
    nat_overview,
    nat_special,
    nat_system,
)
from healthcheck.report.context.national_lists import (
    nat_actions,
    nat_indicators,
    nat_ledger,
    nat_methods,
    nat_problems,
    nat_remediation,
    nat_remedies,
)
from healthcheck.report.context.results import ReportResults, load_results
from healthcheck.report.context.shortfalls import shortfalls
from healthcheck.report.context.summary import summary
from healthcheck.report.context.survey import survey
from healthcheck.report.html import DEFAULT_TEMPLATE_DIR
from healthcheck.report.outlines import Outline, Part, load_outline
from healthcheck.results.store import FileStore

__all__ = [
    "BUILDERS",
    "Builder",
    "Report",
    "ReportResults",
    "build_context",
    "column_label",
    "load_results",
    "prepare",
]

#: a part's context: the names its template reads
Builder = Callable[[Report, Part], dict[str, Any]]

#: the context builders an outline may name
BUILDERS: dict[str, Builder] = {
    "cover": cover,
    "contents": contents,
    "summary": summary,
    "shortfalls": shortfalls,
    "domains": domains,
    "districts": districts,
    "methods": methods,
    "data": data,
    "findings": findings,
    "survey": survey,
    # the national 城市体检 (outline mohurd_2025)
    "nat_cover": nat_cover,
    "nat_overview": nat_overview,
    "nat_system": nat_system,
    "nat_evaluation": nat_evaluation,
    "nat_levels": nat_levels,
    "nat_special": nat_special,
    "nat_remediation": nat_remediation,
    "nat_actions": nat_actions,
    "nat_indicators": nat_indicators,
    "nat_ledger": nat_ledger,
    "nat_problems": nat_problems,
    "nat_remedies": nat_remedies,
    "nat_methods": nat_methods,
}


def _check(outline: Outline, path: Path) -> None:
    unknown = [p.builder for p in outline.parts if p.builder not in BUILDERS]
    if unknown:
        raise BuildError(
            f"report outline {path}: unknown builder {', '.join(unknown)} "
            f"(known: {', '.join(BUILDERS)})"
        )
    templates = Path(path).parent.parent
    missing = [p.template for p in outline.parts if not (templates / p.template).is_file()]
    if missing:
        raise BuildError(f"report outline {path}: no template {', '.join(missing)} in {templates}")


def prepare(
    plan: Plan, observations: pd.DataFrame, store: FileStore, template_dir: Path | None = None
) -> Report:
    """Read the results and the outline of their framework: the builders' shared state."""
    template_dir = Path(template_dir or DEFAULT_TEMPLATE_DIR)
    results = load_results(plan, observations, store)
    outline = load_outline(template_dir, results.framework)
    _check(outline, template_dir / "outlines" / f"{results.framework}.yaml")
    return new_report(results, outline)


def build_context(report: Report) -> dict[str, Any]:
    """Everything the templates show, already formatted in both languages."""
    context = base_context(report)
    parts = []
    for part in shown_parts(report.outline, report.results):
        context.update(BUILDERS[part.builder](report, part))
        parts.append({"key": part.key, "template": part.template, "per_domain": part.per_domain,
                      "chapter": report.chapter_of.get(part.key)})  # fmt: skip
    context["parts"] = parts
    return context
