"""The national 城市体检's notebooks (framework ``mohurd_2025``): one level per notebook run
(``notebooks/national/level.ipynb``, parameter ``domain`` = housing / community / block /
city) and the summary (``notebooks/national/summary.ipynb``, :mod:`.national_summary`).

::

    ctx = open_level(domain, year=year, plan_dir=plan_dir, data_dir=data_dir, out_dir=out_dir)
    ctx.overview(); ctx.table(); ctx.charts(); ctx.ledger(); ctx.write()

Every call shows its part in the notebook and records it for the report, as the plan's
notebooks do (:class:`~healthcheck.notebook.record.Recording`).  The numbers come from the
engine (:mod:`healthcheck.engine.frameworks.mohurd_2025`): the 城区 grades with the expert
panel's, the peers' and the residents' scores; the sub-city levels' ledger counts per 社区, 街道
and the city with their judgement; 问题整治完成率 from last year's ledger.

What the report reads of a level (the contract beside :mod:`healthcheck.results`): its
indicator rows with their grades; the paragraph ``overview``; the figures ``grades`` and
``ratings`` (城区) or ``ledger-bars`` (the others); the tables ``counts`` (the judged counts per
社区, 街道 and the city) and ``ledger`` (the level's problem ledger, 附件2).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.inputs.plan import Plan
from healthcheck.inputs.project import load_inputs
from healthcheck.layout import BuildLayout
from healthcheck.notebook.display import records, show
from healthcheck.notebook.national_inputs import (
    NationalData,
    city_graded,
    illustrative_rows,
    level_rows,
    load_national,
    rated_dimensions,
)
from healthcheck.notebook.record import Recorder, Recording
from healthcheck.results import DomainResults, FileStore
from healthcheck.text.narrative import national as words

__all__ = ["COUNT_TABLE_COLUMNS", "LEDGER_TABLE_COLUMNS", "LevelContext", "open_level"]

#: the columns of a level's ``ledger`` table (附件2 问题台账), in order
LEDGER_TABLE_COLUMNS: tuple[str, ...] = (
    "problem_id",
    "indicator",
    "district",
    "street",
    "community",
    "unit_type",
    "unit_id",
    "unit_name",
    "quantity",
    "problem_zh",
    "problem_en",
    "severity",
    "difficulty",
    "remedy",
    "responsible_zh",
    "responsible_en",
    "status",
    "found",
    "due",
    "closed",
    "carried_from",
    "data_status",
)
#: the columns of a level's ``counts`` table (the judged counts per unit)
COUNT_TABLE_COLUMNS: tuple[str, ...] = (
    "indicator",
    "unit_level",
    "unit",
    "unit_name_zh",
    "unit_name_en",
    "district",
    "value",
    "records",
    "problem_class",
    "problem",
    "veto",
    "grade",
    "survey_score",
    "reason_zh",
    "reason_en",
    "illustrative",
)


@dataclass
class LevelContext(Recording):
    """One level of the national check in the report year."""

    plan: Plan
    obs: pd.DataFrame
    year: int
    level: str
    data: NationalData
    store: FileStore

    def __post_init__(self) -> None:
        self.recorder = Recorder(self.store, self.level)
        self._graded: pd.DataFrame | None = None
        self._judged: pd.DataFrame | None = None

    # -- what the notebook reads ------------------------------------------------------------

    @property
    def title(self) -> tuple[str, str]:
        d = self.plan.domain(self.level)
        return d.title_zh, d.title_en

    def graded(self) -> pd.DataFrame:
        """The 城区 indicators graded (the default rule, the experts', the survey's step)."""
        if self._graded is None:
            self._graded = city_graded(self.plan, self.obs, self.year, self.data)
        return self._graded

    def judged(self) -> pd.DataFrame:
        """The level's ledger indicators counted and judged per 社区, 街道 and the city."""
        if self._judged is None:
            self._judged = self.data.judged(self.plan, self.level)
        return self._judged

    def rows(self) -> pd.DataFrame:
        """One row per indicator of the level: value, reference, grade and the reason."""
        return level_rows(self.plan, self.level, self.graded(), self.judged())

    def ratings(self) -> pd.DataFrame:
        """The level's dimensions rated 优/良/中/差 (第五章 表3) from their grades."""
        return rated_dimensions(self.plan, self.rows())

    def ledger_frame(self) -> pd.DataFrame:
        """The report year's ledger records of the level's indicators."""
        ids = {i.id for i in self.plan.indicators_of(self.level)}
        ledger = self.data.ledger
        if ledger is None or ledger.empty:
            return pd.DataFrame(columns=list(LEDGER_TABLE_COLUMNS))
        mine = ledger[ledger["indicator"].isin(ids)]
        cols = [c for c in LEDGER_TABLE_COLUMNS if c in mine.columns]
        return mine[cols].reset_index(drop=True)

    # -- the parts --------------------------------------------------------------------------

    def overview(self) -> Any:
        """The level in a paragraph: the grades and ratings (城区), or the ledger (the others)."""
        rows = self.rows()
        counts = {g: int((rows["grade"] == g).sum()) for g in words.GRADE}
        not_graded = int(rows["grade"].isna().sum())
        zh = [words.grade_counts_sentence(counts, not_graded, "zh")]
        en = [words.grade_counts_sentence(counts, not_graded, "en")]
        if self.level != "city":
            judged = self.judged()
            city = judged[judged["unit_level"] == "city"]
            comm = judged[(judged["unit_level"] == "community") & (judged["records"] > 0)]
            counted = int(city["records"].sum())
            listed = self.ledger_frame()
            closed = int((listed["carried_from"].notna() & (listed["status"] == "done")).sum())
            problems = int(city["problem"].fillna(False).astype(bool).sum())
            units = int(comm["unit"].nunique())
            n = (self.level, counted, units, problems, closed)
            zh.insert(0, words.ledger_sentence(*n, "zh"))
            en.insert(0, words.ledger_sentence(*n, "en"))
        ratings = self.ratings()
        triples = [(r["dimension_zh"], r["dimension_en"], r["rating"]) for r in records(ratings)]
        zh.append(words.rating_sentence(triples, "zh"))
        en.append(words.rating_sentence(triples, "en"))
        return self.add_text(key="overview", zh="".join(zh), en=" ".join(en), origin="generated")

    def table(self) -> pd.DataFrame:
        """The level's indicators with their values, references and grades (shown only: the
        report builds its table from the results' rows)."""
        rows = self.rows()
        cols = [
            "id",
            "dimension_zh",
            "name_zh",
            "value",
            "unit_zh",
            "reference_zh",
            "grade",
            "default_grade",
            "expert_grade",
            "survey_score",
            "grade_reason_zh",
        ]
        shown = rows[[c for c in cols if c in rows.columns]]
        show(shown)
        return shown

    def charts(self) -> None:
        """城区: the grade board and the dimension ratings; the others: problems per 社区."""
        from healthcheck.charts import national as charts

        name_zh, name_en = self.title
        if self.level == "city":
            rows = self.rows()
            self.add_figure(
                charts.grade_board(rows),
                "grades",
                kind="summary",
                origin="generated",
                caption_zh=f"{name_zh}维度各指标定级",
                caption_en=f"{name_en}: grade of each indicator",
                illustrative=bool(rows["illustrative"].fillna(False).any()),
            )
        else:
            self._ledger_figure()
        ratings = self.ratings()
        if ratings["rating"].notna().any():
            self.add_figure(
                charts.rating_chart(ratings),
                "ratings",
                kind="summary",
                origin="generated",
                caption_zh=f"{name_zh}维度分维度评价",
                caption_en=f"{name_en}: rating by dimension",
            )

    def _ledger_figure(self) -> None:
        """Ledger records per 社区 (per 街道 where the level's problems are recorded by street,
        as 街区's are); no figure when the level has no record."""
        from healthcheck.charts import national as charts

        name_zh, name_en = self.title
        for unit_level, unit_zh, unit_en in (
            ("community", "社区", "community"),
            ("street", "街道", "street"),
        ):
            counts = self._unit_counts(unit_level)
            if counts["count"].sum() > 0:
                self.add_figure(
                    charts.ledger_bars(counts, unit_zh=unit_zh, unit_en=unit_en),
                    "ledger-bars",
                    kind="summary",
                    origin="generated",
                    illustrative=True,
                    caption_zh=f"{name_zh}维度问题台账：各{unit_zh}问题数",
                    caption_en=f"{name_en} ledger: problems per {unit_en}",
                )
                return

    def _unit_counts(self, unit_level: str) -> pd.DataFrame:
        """Ledger records per unit of ``unit_level`` (the frame of ``charts.ledger_bars``)."""
        judged = self.judged()
        mine = judged[judged["unit_level"] == unit_level]
        keys = ["unit", "unit_name_zh", "unit_name_en"]
        out = mine.groupby(keys, sort=False)["records"].sum().reset_index()
        out = out.rename(
            columns={
                "unit": "unit_id",
                "unit_name_zh": "name_zh",
                "unit_name_en": "name_en",
                "records": "count",
            }
        )
        out["level"] = self.level
        return out[["unit_id", "name_zh", "name_en", "level", "count"]]

    def ledger(self) -> pd.DataFrame:
        """Record the judged counts per 社区, 街道 and the city, and the level's ledger (附件2)."""
        name_zh, name_en = self.title
        if self.level == "city":
            return pd.DataFrame()
        judged = self.judged()
        counts = judged[[c for c in COUNT_TABLE_COLUMNS if c in judged.columns]]
        self.add_table(
            counts,
            "counts",
            caption_zh=f"{name_zh}维度各社区、街道问题数量与判定",
            caption_en=f"{name_en}: problems counted and judged per community and street",
            illustrative=[bool(x) for x in counts["illustrative"].fillna(False)],
            origin="generated",
        )
        frame = self.ledger_frame()
        self.add_table(
            frame,
            "ledger",
            caption_zh=f"{name_zh}维度问题台账",
            caption_en=f"{name_en}: problem ledger",
            origin="generated",
            illustrative=illustrative_rows(frame),
        )
        show(counts)
        return frame

    # -- the results ------------------------------------------------------------------------

    def results(self) -> DomainResults:
        from healthcheck.notebook.national_inputs import indicator_rows

        rec = self.recorder
        name_zh, name_en = self.title
        return DomainResults(
            framework=self.plan.framework,
            domain=self.level,
            year=self.year,
            title_zh=name_zh,
            title_en=name_en,
            text=list(rec.text.values()),
            indicators=indicator_rows(self.plan, self.rows(), self.year),
            figures=list(rec.figures.values()),
            tables=list(rec.tables.values()),
        )

    def write(self) -> Path:
        """Write ``results.json`` through the store; return its path."""
        return self.store.write(self.results())


def open_level(
    domain: str,
    *,
    year: int,
    plan_dir: str | Path,
    data_dir: str | Path,
    out_dir: str | Path,
) -> LevelContext:
    """Load the plan and every input of the national check, and open the level's results
    folder ``<out_dir>/<year>/domains/<domain>/`` (emptied: a re-run leaves nothing stale)."""
    plan, obs = load_inputs(plan_dir, data_dir)
    year = int(year)
    plan.domain(domain)  # an unknown level is an error naming the plan's levels
    data = load_national(plan, obs, Path(plan_dir), Path(data_dir), year)
    store = FileStore(BuildLayout(Path(out_dir), year))
    store.clear(domain)
    return LevelContext(plan, obs, year, domain, data, store)
