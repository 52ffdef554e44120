"""The ``mohurd_2025`` framework behind the :class:`~healthcheck.engine.frameworks.Framework`
seam: what the shared pipeline and the summary call.  The national notebooks call the
functions of :mod:`~healthcheck.engine.frameworks.mohurd_2025` directly (grades with the expert
panel, peers and survey; the ledgers' counts; 问题整治完成率)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from healthcheck.engine.districts import DISTRICT_COLUMNS
from healthcheck.engine.frameworks.base import MethodValue
from healthcheck.engine.frameworks.mohurd_2025.grading import (
    GRADED_COLUMNS,
    GRADES,
    _system,
    grade_city,
)
from healthcheck.engine.summary import ALL_DOMAINS, NOT_ASSESSED, ROLLUP_COLUMNS

if TYPE_CHECKING:
    from healthcheck.inputs.plan import Plan

__all__ = ["ASSESSED_COLUMNS", "MOHURD_2025", "Mohurd2025"]

#: the columns of :meth:`Mohurd2025.assess`: the graded columns plus ``domain`` (= level)
#: and ``source_of_value``
ASSESSED_COLUMNS: tuple[str, ...] = ("domain", "source_of_value", *GRADED_COLUMNS)


class Mohurd2025:
    """The national 城市体检 of 2025 (see the package docstring)."""

    name = "mohurd_2025"
    #: one verdict system: the grade 很好 / 较好 / 一般 / 不足
    systems: Mapping[str, tuple[str, ...]] = {"grade": GRADES}

    def assess(self, plan: Plan, obs: pd.DataFrame, year: int) -> pd.DataFrame:
        """One row per indicator of the plan (all levels, the system's order), columns
        :data:`ASSESSED_COLUMNS`.  城区（城市） rows are graded by the default rule (no expert,
        peers or survey: :func:`grade_city` takes those); the rows counted from the ledger
        are listed ungraded, their judgement is :func:`judge_subcity`'s."""
        system = _system(plan)
        graded = grade_city(plan, obs, year).set_index("id")
        refinements = {r.indicator: r for r in plan.refinements}
        rows: list[dict[str, Any]] = []
        for ind in system.indicators:
            if ind.id in graded.index:
                row = {"id": ind.id, **{str(k): v for k, v in graded.loc[ind.id].items()}}
            else:
                ref = refinements.get(ind.id)
                dropped = ref is not None and ref.action == "drop"
                row = {c: None for c in GRADED_COLUMNS} | {
                    "id": ind.id, "level": ind.level, "dimension_zh": ind.dimension_zh,
                    "dimension_en": ind.dimension_en, "name_zh": ind.name_zh,
                    "name_en": ind.name_en, "unit_zh": ind.unit_zh, "unit_en": ind.unit_en,
                    "direction": ind.direction, "problem_class": ind.problem_class,
                    "reference_zh": ind.reference_text_zh, "reference_en": ind.reference_text_en,
                    "applicable": not dropped, "survey_downgrade": False, "illustrative": False,
                    "not_applicable_zh": ref.reason_zh if dropped and ref else "",
                    "not_applicable_en": ref.reason_en if dropped and ref else "",
                    "grade_reason_zh": "按问题台账统计，见分层级判定",
                    "grade_reason_en": "counted from the problem ledger: see the judgement "
                                       "per unit",
                }  # fmt: skip
            rows.append({"domain": ind.level, "source_of_value": ind.source_of_value, **row})
        return pd.DataFrame(rows, columns=list(ASSESSED_COLUMNS))

    def districts(self, plan: Plan, obs: pd.DataFrame, year: int) -> pd.DataFrame:
        """No district comparison in the national check (the ledgers' counts per 社区 and 街道
        take its place): an empty frame with the district columns."""
        return pd.DataFrame(columns=list(DISTRICT_COLUMNS))

    def shortfalls(self, assessed: pd.DataFrame) -> pd.DataFrame:
        """The applicable rows graded 不足, then 一般 (the system's order within each)."""
        applicable = assessed["applicable"].fillna(True).astype(bool)
        out = assessed[applicable & assessed["grade"].isin(["insufficient", "fair"])]
        rank = out["grade"].map({"insufficient": 0, "fair": 1})
        return out.loc[rank.sort_values(kind="mergesort").index].reset_index(drop=True)

    def rollup(self, assessed: pd.DataFrame, system: str) -> pd.DataFrame:
        """Counts of the grades per level (``domain``) and the city (``__all__``), long format
        (``domain, verdict, count, share, total``); ``not_assessed`` counts the rows not graded
        (listed only where one occurs)."""
        if system not in self.systems:
            raise ValueError(
                f"{self.name} has no verdict system {system!r}; known: {', '.join(self.systems)}"
            )
        labels = [g if isinstance(g, str) and g else NOT_ASSESSED for g in assessed[system]]
        vocab = [*GRADES, *([NOT_ASSESSED] if NOT_ASSESSED in labels else [])]
        domains = list(dict.fromkeys(str(d) for d in assessed["domain"]))
        pairs = list(zip((str(d) for d in assessed["domain"]), labels, strict=True))
        rows = []
        for dom in [*domains, ALL_DOMAINS]:
            mine = [lab for d, lab in pairs if dom == ALL_DOMAINS or d == dom]
            for verdict in vocab:
                n = mine.count(verdict)
                share = n / len(mine) if mine else 0.0
                rows.append(
                    {"domain": dom, "verdict": verdict, "count": n, "share": share,
                     "total": len(mine)}
                )  # fmt: skip
        return pd.DataFrame(rows, columns=list(ROLLUP_COLUMNS))

    def method(self) -> dict[str, MethodValue]:
        """The default grading rule's parameters (``grading.yaml``), as the methodology prints
        them."""
        from healthcheck.inputs.system import load_system

        p = load_system(self.name).grading
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in p.model_dump().items()}


MOHURD_2025 = Mohurd2025()
