"""The results the report reads: every domain's and the summary's, through the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan
from healthcheck.layout import SUMMARY
from healthcheck.results.model import DomainResults, IndicatorRow, SummaryResults, SurveyResults
from healthcheck.results.store import RESULTS_FILE, FileStore

__all__ = ["ReportResults", "load_results"]


@dataclass(frozen=True)
class ReportResults:
    """One report year's results, checked against the plan, with the plan and the
    observations (for the data appendix)."""

    plan: Plan
    observations: pd.DataFrame
    store: FileStore
    #: the domains' results, in plan order
    domains: tuple[DomainResults, ...]
    summary: SummaryResults
    #: every plan indicator's row, in plan order
    rows: dict[str, IndicatorRow]
    #: the resident survey's results (None: the year has no survey)
    survey: SurveyResults | None = None

    @property
    def year(self) -> int:
        return self.store.layout.year

    @property
    def framework(self) -> str:
        return self.summary.framework

    def path(self, name: str) -> Path:
        """The results file of a domain (or of the summary): for error messages."""
        return self.store.folder(name) / RESULTS_FILE


def load_results(plan: Plan, observations: pd.DataFrame, store: FileStore) -> ReportResults:
    """Read every domain of the plan and the summary; raise :class:`BuildError` naming the
    file for a missing or malformed one, and naming the indicator for one that no domain's
    results hold."""
    domains = tuple(store.read(d.id) for d in plan.domains)
    summary = store.read_summary()
    rows: dict[str, IndicatorRow] = {}
    for res in domains:
        for row in res.indicators:
            rows.setdefault(row.id, row)
    missing = [i.id for i in plan.indicators if i.id not in rows]
    if missing:
        files = "\n".join(f"  {store.folder(d.id) / RESULTS_FILE}" for d in plan.domains)
        raise BuildError(
            f"indicator{'s' if len(missing) > 1 else ''} {', '.join(missing)} of the plan "
            f"missing from every domain's results (rerun the notebooks):\n{files}"
        )
    others = [r for r in domains if r.framework != summary.framework]
    if others:
        raise BuildError(
            f"results of framework {others[0].framework!r} in "
            f"{store.folder(others[0].domain) / RESULTS_FILE}, but the summary "
            f"{store.folder(SUMMARY) / RESULTS_FILE} is of {summary.framework!r}"
        )
    return ReportResults(
        plan=plan,
        observations=observations,
        store=store,
        domains=domains,
        summary=summary,
        rows={i.id: rows[i.id] for i in plan.indicators},
        survey=store.read_survey(),
    )
