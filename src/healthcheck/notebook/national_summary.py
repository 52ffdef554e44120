"""The national 城市体检's summary notebook (``notebooks/national/summary.ipynb``): the whole
check in one place -- every level's grades and the dimension ratings, the ledgers' counts per
社区, 街道 and the city, 问题整治完成率 against last year's ledger, the 问题地图, the 问题清单
and the 整治建议清单.

::

    ctx = open_national_summary(year=year, plan_dir=plan_dir, data_dir=data_dir, out_dir=out_dir)
    ctx.overview(); ctx.ratings(); ctx.problem_map(); ctx.remediation(); ctx.lists(); ctx.write()

What the report reads of it, besides :class:`~healthcheck.results.SummaryResults`' fields
(``ratings``, ``ledger_counts``, ``remediation``, ``findings``, ``method``, ``counts``): the
paragraphs ``overview`` and ``coverage``; the figures ``ratings``, ``problem-map`` and
``remediation``; the tables ``problems`` (问题清单, :data:`PROBLEM_COLUMNS`), ``remedies``
(整治建议清单, :data:`REMEDY_COLUMNS`) and ``carried`` (last year's problems not done).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.inputs.findings import FindingRow, load_findings
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.project import load_inputs
from healthcheck.inputs.status import illustrative_share, is_illustrative
from healthcheck.layout import SUMMARY, BuildLayout
from healthcheck.notebook.display import records, show
from healthcheck.notebook.national_inputs import (
    NationalData,
    city_graded,
    indicator_rows,
    level_rows,
    load_national,
    rated_dimensions,
)
from healthcheck.notebook.national_lists import PROBLEM_COLUMNS, REMEDY_COLUMNS
from healthcheck.notebook.record import Recorder, Recording
from healthcheck.notebook.summary import finding_model
from healthcheck.results import FileStore, SummaryResults
from healthcheck.results.model import DimensionRating, LedgerCount, RemediationRate
from healthcheck.text.narrative import national as words

__all__ = [
    "CARRIED_COLUMNS",
    "PROBLEM_COLUMNS",
    "REMEDY_COLUMNS",
    "NationalSummary",
    "open_national_summary",
]

#: last year's problems not done by the report year
CARRIED_COLUMNS: tuple[str, ...] = (
    "problem_id",
    "indicator",
    "community",
    "unit_name",
    "problem_zh",
    "problem_en",
    "remedy",
    "due",
    "status",
    "overdue",
    "illustrative",
)


@dataclass
class NationalSummary(Recording):
    """The national check of one report year, every level."""

    plan: Plan
    obs: pd.DataFrame
    year: int
    data: NationalData
    store: FileStore
    finding_rows: tuple[FindingRow, ...] = ()
    #: the data folder (the district boundaries and water of the 问题地图)
    data_dir: Path = Path(".")

    def __post_init__(self) -> None:
        self.recorder = Recorder(self.store, SUMMARY)
        self.graded = city_graded(self.plan, self.obs, self.year, self.data)
        self.judged = self.data.judged(self.plan, None)
        self.remediation_rate: RemediationRate | None = self.data.remediation()

    # -- what the notebook reads ------------------------------------------------------------

    @property
    def levels(self) -> list[str]:
        return [d.id for d in self.plan.domains]

    def rows(self) -> pd.DataFrame:
        """Every indicator of every level, graded or with the reason it is not."""
        frames = [level_rows(self.plan, lv, self.graded, self.judged) for lv in self.levels]
        return pd.concat(frames, ignore_index=True)

    def ratings_frame(self) -> pd.DataFrame:
        return rated_dimensions(self.plan, self.rows())

    def ledger_problems(self) -> pd.DataFrame:
        """The report year's ledger with each record's level and problem class (the
        framework's), for the map and the lists."""
        ledger = self.data.ledger
        if ledger is None or ledger.empty:
            return pd.DataFrame(columns=["problem_id", "indicator", "level", "problem_class"])
        system = self.plan.system
        assert system is not None
        level = {i.id: i.level for i in system.indicators}
        klass = {i.id: i.problem_class for i in system.indicators}
        out = ledger.copy()
        out["level"] = out["indicator"].map(level)
        out["problem_class"] = out["indicator"].map(klass)
        return out

    # -- the parts --------------------------------------------------------------------------

    def overview(self) -> Any:
        """The scope (the sample of 社区 and 街道) and the whole check in a paragraph."""
        problems = self.ledger_problems()
        streets = int(problems["street"].nunique()) if "street" in problems else 0
        comms = int(problems["community"].nunique()) if "community" in problems else 0
        units = self.data.units
        registered = int((units["level"] == "community").sum()) if units is not None else None
        zh = words.coverage_sentence(streets, comms, registered, "zh")
        en = words.coverage_sentence(streets, comms, registered, "en")
        self.add_text(key="coverage", zh=zh, en=en, origin="generated")
        rows = self.rows()
        counts = {g: int((rows["grade"] == g).sum()) for g in words.GRADE}
        not_graded = int(rows["grade"].isna().sum())
        zh2 = words.grade_counts_sentence(counts, not_graded, "zh")
        en2 = words.grade_counts_sentence(counts, not_graded, "en")
        return self.add_text(key="overview", zh=zh2, en=en2, origin="generated")

    def ratings(self) -> Any:
        """The dimension ratings of every level (第五章 表3) in one chart."""
        from healthcheck.charts import national as charts

        frame = self.ratings_frame()
        lv = {d.id: (d.title_zh, d.title_en) for d in self.plan.domains}
        frame = frame.assign(
            level_zh=[lv[x][0] for x in frame["level"]], level_en=[lv[x][1] for x in frame["level"]]
        )
        show(frame)
        return self.add_figure(
            charts.rating_chart(frame),
            "ratings",
            kind="summary",
            origin="generated",
            caption_zh="各维度评价（优、良、中、差）",
            caption_en="Rating of each dimension",
        )

    def problem_map(self) -> Any:
        """The 问题地图: the ledger's problems over the district boundaries."""
        from healthcheck.charts import load_districts
        from healthcheck.charts import national as charts

        problems = self.ledger_problems()
        # a few 街道 fill the map: boundaries simplified to 20 m, not the city maps' 150 m
        shapes = load_districts(self.data_dir, self.plan, tolerance=20)
        illus = bool(problems["data_status"].map(is_illustrative).any()) if len(problems) else False
        note = "（示意数据）" if illus else ""
        return self.add_figure(
            charts.problem_map(
                problems,
                shapes,
                approval=self.plan.map_approval,
                units=self.data.units,
                source_zh=f"{self.year}年问题台账{note}",
                source_en=f"problem ledger {self.year}{' (illustrative)' if illus else ''}",
            ),
            "problem-map",
            kind="map",
            origin="generated",
            illustrative=illus,
            caption_zh=f"{self.year}年问题地图",
            caption_en=f"Problem map {self.year}",
        )

    def remediation(self) -> Any:
        """问题整治完成率 (限时 / 尽力 / overall) and last year's problems not done."""
        from healthcheck.charts import national as charts

        rate = self.remediation_rate
        if rate is None:
            return self.add_text(
                key="remediation",
                origin="generated",
                zh="没有上一年度问题台账，不计算问题整治完成率。",
                en="There is no previous year's ledger: no remediation rate is computed.",
            )
        self.add_table(
            self.carried(),
            "carried",
            origin="generated",
            caption_zh=f"{rate.previous_year}年未完成整治、转入本年度的问题",
            caption_en=f"Problems of {rate.previous_year} not done, carried forward",
        )
        return self.add_figure(
            charts.remediation_chart(self.remediation_frame(), year=rate.previous_year),
            "remediation",
            kind="summary",
            origin="generated",
            illustrative=rate.illustrative,
            caption_zh=f"{rate.previous_year}年问题的整治情况（未完成含逾期完成的限时解决问题）",
            caption_en=f"Remediation of the problems of {rate.previous_year} (not done includes "
            "fix-by-deadline problems done late)",
        )

    def remediation_frame(self) -> pd.DataFrame:
        """Last year's problems per class by this year's status (``charts.remediation_chart``'s
        frame): done in time as 问题整治完成率 counts it, in progress, and the rest not done
        (open, or a 限时解决 problem done after its deadline)."""
        rate, prev, now = self.remediation_rate, self.data.previous, self.data.ledger
        assert rate is not None and prev is not None
        status = {} if now is None else dict(zip(now["problem_id"], now["status"], strict=True))
        current = [
            status.get(p, s) for p, s in zip(prev["problem_id"], prev["status"], strict=True)
        ]
        done = {"time_bound": rate.time_bound_done, "best_effort": rate.best_effort_done}
        total = {"time_bound": rate.time_bound_total, "best_effort": rate.best_effort_total}
        rows = []
        for remedy in ("time_bound", "best_effort"):
            busy = sum(
                s == "in_progress"
                for s, r in zip(current, prev["remedy"], strict=True)
                if r == remedy
            )
            rows.append(
                {
                    "remedy": remedy,
                    "done": done[remedy],
                    "in_progress": busy,
                    "open": total[remedy] - done[remedy] - busy,
                }
            )
        rows.append(
            {
                "remedy": "all",
                **{k: sum(r[k] for r in rows) for k in ("done", "in_progress", "open")},
            }
        )
        return pd.DataFrame(rows)

    def carried(self) -> pd.DataFrame:
        """Last year's problems not done by the report year (carried forward or lost)."""
        rate, prev = self.remediation_rate, self.data.previous
        if rate is None or prev is None:
            return pd.DataFrame(columns=list(CARRIED_COLUMNS))
        ids = set(rate.carried_forward) | set(rate.missing)
        now = self.data.ledger
        status = {} if now is None else dict(zip(now["problem_id"], now["status"], strict=True))
        mine = prev[prev["problem_id"].isin(ids)].copy()
        mine["status"] = [
            status.get(p, s) for p, s in zip(mine["problem_id"], mine["status"], strict=True)
        ]
        mine["overdue"] = mine["problem_id"].isin(set(rate.overdue))
        mine["illustrative"] = mine["data_status"].map(is_illustrative)
        return mine.reindex(columns=list(CARRIED_COLUMNS)).reset_index(drop=True)

    def lists(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The 问题清单 and the 整治建议清单 (附件四, 五), recorded as tables."""
        from healthcheck.notebook.national_lists import problem_list, remedy_list

        rows = self.rows()
        problems = problem_list(rows, self.ledger_problems(), self.judged, self.finding_rows)
        units = self.data.units
        names = (
            {str(u["code"]): (str(u["name_zh"]), str(u["name_en"])) for u in records(units)}
            if units is not None
            else {}
        )
        remedies = remedy_list(rows, self.ledger_problems(), self.finding_rows, names)
        self.add_table(
            problems,
            "problems",
            origin="generated",
            caption_zh="问题清单",
            caption_en="Problem list",
        )
        self.add_table(
            remedies,
            "remedies",
            origin="generated",
            caption_zh="整治建议清单",
            caption_en="Remediation list",
        )
        show(problems)
        return problems, remedies

    # -- the results ------------------------------------------------------------------------

    def results(self) -> SummaryResults:
        from healthcheck.engine.frameworks import framework

        rec = self.recorder
        rows = self.rows()
        method = framework(self.plan.framework)
        assessed = rows.assign(domain=rows["level"])
        counts: dict[str, dict[str, int]] = {}
        for r in records(method.rollup(assessed, "grade")):
            counts.setdefault(str(r["domain"]), {})[str(r["verdict"])] = int(r["count"])
        return SummaryResults(
            framework=self.plan.framework,
            domain=SUMMARY,
            year=self.year,
            title_zh="总体评价",
            title_en="Overall evaluation",
            text=list(rec.text.values()),
            indicators=indicator_rows(self.plan, rows, self.year),
            figures=list(rec.figures.values()),
            tables=list(rec.tables.values()),
            counts={"grade": counts},
            shortfalls=[str(i) for i in method.shortfalls(assessed)["id"]],
            method=method.method(),
            illustrative_share=illustrative_share(
                self.obs, [i.id for i in self.plan.indicators], self.year
            ),
            findings=[finding_model(f) for f in self.finding_rows],
            ratings=[DimensionRating(**r) for r in records(self.ratings_frame())],
            ledger_counts=[_ledger_count(r) for r in records(self.judged)],
            remediation=self.remediation_rate,
        )

    def write(self) -> Path:
        """Write the summary's ``results.json`` through the store; return its path."""
        return self.store.write(self.results())


def _ledger_count(r: dict[str, Any]) -> LedgerCount:
    fields = set(LedgerCount.model_fields)
    return LedgerCount(**{k: v for k, v in r.items() if k in fields and v is not None})


def open_national_summary(
    *,
    year: int,
    plan_dir: str | Path,
    data_dir: str | Path,
    out_dir: str | Path,
    domain: str = SUMMARY,
) -> NationalSummary:
    """Load every input of the national check of ``year`` and open
    ``<out_dir>/<year>/summary/`` (emptied: a re-run leaves nothing stale)."""
    del domain  # the runner passes every notebook the same five parameters
    plan, obs = load_inputs(plan_dir, data_dir)
    year = int(year)
    data = load_national(plan, obs, Path(plan_dir), Path(data_dir), year)
    store = FileStore(BuildLayout(Path(out_dir), year))
    store.clear(SUMMARY)
    found = load_findings(data_dir, {i.id for i in plan.indicators}, year)
    return NationalSummary(plan, obs, year, data, store, tuple(found), Path(data_dir))
