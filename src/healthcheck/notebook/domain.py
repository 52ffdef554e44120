"""A domain notebook's context: the assessment of one domain and what it records for the report.

::

    ctx = open_domain(domain, year=year, plan_dir=plan_dir, data_dir=data_dir, out_dir=out_dir)
    ctx.overview()     # the generated paragraph (both languages)
    ctx.table()        # both verdicts and their inputs, one row per indicator
    ctx.charts()       # one chart per indicator, in the form of its kind
    ctx.analysis()     # the domain's own question (healthcheck.analyses)
    ctx.maps()         # district maps and rankings, where the data has district values
    ctx.write()        # results.json (healthcheck.results.DomainResults)

Every call both shows its output in the notebook and records it in the domain's results folder
(:class:`~healthcheck.results.FileStore`), so what the analyst sees is what the report prints.
An analyst's own cell adds to the report with :meth:`DomainContext.add_figure`,
:meth:`~DomainContext.add_table` and :meth:`~DomainContext.add_text` (origin "analyst").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck import analyses
from healthcheck.charts import indicator_caption, indicator_chart
from healthcheck.engine import framework
from healthcheck.inputs import status
from healthcheck.inputs.plan import Domain, Indicator, Plan
from healthcheck.inputs.project import load_inputs
from healthcheck.layout import BuildLayout
from healthcheck.notebook import rows as _rows
from healthcheck.notebook.display import display_table, markdown, records, show
from healthcheck.notebook.record import Recorder, Recording
from healthcheck.results import DomainResults, Figure, FileStore, IndicatorRow, Table
from healthcheck.text import label, narrative

__all__ = ["ASSESSMENT_TABLE_COLUMNS", "DomainContext", "open_domain"]

#: the columns of the ``assessment`` table (CSV), in order
ASSESSMENT_TABLE_COLUMNS: tuple[str, ...] = (
    "id", "name_zh", "name_en", "unit_zh", "unit_en", "kind", "direction",
    "baseline_year", "baseline", "year", "value", "value_status", "illustrative",
    "target_year", "target_value", "target_source", "completion", "time_elapsed",
    "schedule_gap", "schedule_verdict", "schedule_verdict_zh", "schedule_verdict_en",
    "intl_base_year", "intl_base_value", "cagr_observed", "cagr_required", "cagr_ratio",
    "intl_method", "intl_measure", "international_category", "international_category_zh",
    "international_category_en", "added", "projected_linear", "projected_cagr",
    "anticipated_completion", "likely_met", "previous_year", "previous_value", "done_year",
    "note",
)  # fmt: skip


@dataclass
class DomainContext(Recording):
    """One domain of one report year: the assessment, and the results being recorded."""

    plan: Plan
    obs: pd.DataFrame
    year: int
    domain: Domain
    assessed: pd.DataFrame
    #: the framework's district table of the domain (一区一表)
    districts: pd.DataFrame
    store: FileStore
    data_dir: Path
    #: the project's analyses (notebooks/analyses, seen from the notebooks' folder)
    analyses_dir: Path = Path("analyses")
    #: indicator id -> the id of its chart among the figures
    figure_of: dict[str, str] = field(default_factory=dict)
    _geo: Any = None

    def __post_init__(self) -> None:
        self.recorder = Recorder(self.store, self.domain.id)

    # -- what the notebook (and an analysis) reads ------------------------------------------

    @property
    def folder(self) -> Path:
        return self.store.folder(self.domain.id)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return self.plan.indicators_of(self.domain.id)

    @property
    def assessment(self) -> pd.DataFrame:
        """The domain's rows of the assessment (``assess_plan`` columns)."""
        ids = [i.id for i in self.indicators]
        return self.assessed[self.assessed["id"].isin(ids)].reset_index(drop=True)

    def row(self, indicator: str) -> dict[str, Any]:
        """The assessment of one indicator, missing values as None."""
        return records(self.assessed[self.assessed["id"] == indicator])[0]

    def points(self, indicator: str) -> pd.DataFrame:
        """The city's observations of one series: year, value, status."""
        return _rows.city_points(self.obs, indicator)

    def illustrative_years(self, indicator: str) -> list[int]:
        """The years of the illustrative values the indicator's verdict rests on."""
        ind = self.plan.indicator(indicator)
        return _rows.illustrative_years(ind, self.points(indicator), self.row(indicator), self.year)

    def illustrative(self, indicator: str) -> bool:
        """Whether a value the indicator's verdict rests on is illustrative."""
        return bool(self.illustrative_years(indicator))

    def illustrative_share(self) -> float:
        """The share of the domain's values up to the report year that are illustrative."""
        return status.illustrative_share(self.obs, [i.id for i in self.indicators], self.year)

    @property
    def names(self) -> dict[str, tuple[str, str]]:
        return {i.id: (i.name_zh, i.name_en) for i in self.plan.indicators}

    def sentences(self, indicator: str) -> tuple[str, str]:
        ind = self.plan.indicator(indicator)
        return narrative.indicator_sentences(
            ind, self.row(indicator), illustrative=self.illustrative(indicator),
            on_track=_rows.on_track_threshold(framework(self.plan.framework).method()),
        )  # fmt: skip

    def district_indicators(self) -> list[Indicator]:
        ids = set(self.districts["id"])
        return [i for i in self.indicators if i.id in ids]

    def district_statuses(self, indicator: str) -> dict[str, str]:
        """District code -> "illustrative" if the district's figure rests on an illustrative
        value, else "official"."""
        return _rows.district_statuses(self.plan.indicator(indicator), self.districts, self.obs)

    @property
    def geo(self) -> Any:
        if self._geo is None:
            from healthcheck.charts import load_districts

            self._geo = load_districts(self.data_dir, self.plan)
        return self._geo

    # -- the parts --------------------------------------------------------------------------

    def overview(self) -> Any:
        """The domain's opening paragraph in both languages."""
        rows = records(self.assessment)
        short = records(framework(self.plan.framework).shortfalls(self.assessment))
        share = self.illustrative_share()
        title = (self.domain.title_zh, self.domain.title_en)
        zh, en = (
            narrative.domain_paragraph(
                title, rows, self.names, lang, shortfalls=short, illustrative_share=share
            )
            for lang in ("zh", "en")
        )
        return self.add_text(key="overview", zh=zh, en=en, origin="generated")

    def table(self) -> pd.DataFrame:
        """Both verdicts and their inputs, one row per indicator: recorded as ``assessment`` and
        returned as a bilingual table for the notebook."""
        full = self.assessment_table()
        self.add_table(
            full,
            "assessment",
            caption_zh="表：评估结果（时序进度判定与年均增速对比及其输入）",
            caption_en="Table: assessment (schedule verdict, Open SDG trajectory, and their "
            "inputs)",
            illustrative=list(full["illustrative"]) if len(full) else [],
            origin="generated",
        )
        return display_table(self.plan, full)

    def assessment_table(self) -> pd.DataFrame:
        """The assessment as the ``assessment`` table holds it (names, labels, provenance)."""
        return pd.DataFrame([self._assessment_record(r) for r in records(self.assessment)])

    def _assessment_record(self, r: dict[str, Any]) -> dict[str, Any]:
        ind = self.plan.indicator(r["id"])
        verdict, cat = r["schedule_verdict"], r["international_category"]
        cell = {
            **r,
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "unit_zh": ind.unit_zh,
            "unit_en": ind.unit_en,
            "value_status": r.get("value_status"),
            "illustrative": self.illustrative(r["id"]),
            "schedule_verdict_zh": label("verdict", verdict, "zh"),
            "schedule_verdict_en": label("verdict", verdict, "en"),
            "international_category_zh": label("category", cat, "zh") if cat else "",
            "international_category_en": label("category", cat, "en") if cat else "",
        }
        return {c: cell[c] for c in ASSESSMENT_TABLE_COLUMNS}

    def chart(self, indicator: str) -> Any:
        """The chart of one indicator (recorded as figure ``<id>``)."""
        ind = self.plan.indicator(indicator)
        fig = indicator_chart(ind, self.points(indicator), self.row(indicator))
        caption_zh, caption_en = indicator_caption(ind, fig)
        self.figure_of[indicator] = indicator
        return self.add_figure(
            fig,
            indicator,
            caption_zh=caption_zh,
            caption_en=caption_en,
            kind="indicator",
            indicator=indicator,
            illustrative=self.illustrative(indicator),
            origin="generated",
        )

    def charts(self) -> None:
        """One chart per indicator of the domain, each with its sentence."""
        for ind in self.indicators:
            shown = self.chart(ind.id)
            show(shown, markdown(*self.sentences(ind.id)))

    def maps(self) -> None:
        """For every indicator with district values: the map and the ranking, and the
        district table (一区一表)."""
        inds = self.district_indicators()
        if not inds:
            zh = "本领域的指标没有分区数据，因此不绘制分区地图。"
            en = "No indicator of this domain has district values: no district map."
            show(markdown(zh, en))
            return
        tables = [self._district_maps(ind) for ind in inds]
        frame = pd.concat(tables, ignore_index=True)
        self.add_table(
            frame,
            "districts",
            caption_zh="表：分区数值、目标差距与排名（一区一表）",
            caption_en="Table: district values, gaps to the target and ranks",
            illustrative=list(frame["illustrative"]),
            origin="generated",
        )

    def _district_maps(self, ind: Indicator) -> pd.DataFrame:
        """The map, the ranking and the sentence of one indicator; its district rows."""
        from healthcheck.charts import district_map, district_ranking

        rows = self.districts[self.districts["id"] == ind.id]
        statuses = self.district_statuses(ind.id)
        illus = any(status.is_illustrative(s) for s in statuses.values())
        common: dict[str, Any] = {"indicator": ind.id, "illustrative": illus}
        shown_map = self.add_figure(
            district_map(self.plan, self.geo, rows, ind, statuses=statuses, year=self.year),
            f"{ind.id}-map",
            caption_zh=f"{ind.id} {ind.name_zh}：分区地图",
            caption_en=f"{ind.id} {ind.name_en}: by district",
            kind="map",
            origin="generated",
            **common,
        )
        shown_rank = self.add_figure(
            district_ranking(self.plan, rows, ind, statuses=statuses),
            f"{ind.id}-ranking",
            caption_zh=f"{ind.id} {ind.name_zh}：各区排名",
            caption_en=f"{ind.id} {ind.name_en}: districts ranked",
            kind="ranking",
            origin="generated",
            **common,
        )
        recs = records(rows)
        zh = narrative.district_sentence(ind, recs, "zh")
        en = narrative.district_sentence(ind, recs, "en")
        self.add_text(key=f"districts-{ind.id}", zh=zh, en=en, origin="generated")
        show(shown_map, shown_rank, markdown(zh, en))
        table = rows.copy()
        table["illustrative"] = [status.is_illustrative(statuses.get(str(a))) for a in rows["area"]]
        return table

    def analysis(self, which: str | None = None) -> pd.DataFrame | None:
        """The domain's own question: the analysis ``plan.yaml`` binds to the domain, a file of
        ``analyses_dir`` (see :mod:`healthcheck.analyses`); ``which="progress"`` shows the
        progress board instead (as does a domain without a binding)."""
        binding = None if which == "progress" else self.domain.analysis
        result = analyses.run(self, binding, self.analyses_dir)
        if result.figure is not None:
            show(
                self.add_figure(
                    result.figure,
                    f"{self.domain.id}-analysis",
                    caption_zh=result.caption_zh,
                    caption_en=result.caption_en,
                    kind="analysis",
                    illustrative=result.illustrative,
                    origin="generated",
                )
            )
        if result.table is not None:
            flags = getattr(result, "table_illustrative", None)
            self.add_table(
                result.table,
                f"{self.domain.id}-analysis",
                caption_zh=result.table_caption_zh,
                caption_en=result.table_caption_en,
                illustrative=[result.illustrative] * len(result.table) if flags is None else flags,
                origin="generated",
            )
        show(
            self.add_text(key="analysis", zh=result.text_zh, en=result.text_en, origin="generated")
        )
        return result.table

    # -- the results ------------------------------------------------------------------------

    def indicator_rows(self) -> list[IndicatorRow]:
        """One results row per indicator of the domain, in plan order."""
        return [
            _rows.indicator_row(
                self.plan.indicator(r["id"]),
                r,
                report_year=self.year,
                points=self.points(r["id"]),
                sentences=self.sentences(r["id"]),
                figure=self.figure_of.get(r["id"]),
            )
            for r in records(self.assessment)
        ]

    def results(self) -> DomainResults:
        """What has been recorded so far, with every indicator and district row."""
        rec = self.recorder
        figures: list[Figure] = list(rec.figures.values())
        tables: list[Table] = list(rec.tables.values())
        return DomainResults(
            framework=self.plan.framework,
            domain=self.domain.id,
            year=self.year,
            title_zh=self.domain.title_zh,
            title_en=self.domain.title_en,
            text=list(rec.text.values()),
            indicators=self.indicator_rows(),
            figures=figures,
            tables=tables,
            districts=_rows.district_rows(self.plan, self.districts, self.obs),
        )

    def write(self) -> Path:
        """Write ``results.json`` through the store; return its path."""
        return self.store.write(self.results())


def open_domain(
    domain: str,
    *,
    year: int,
    plan_dir: str | Path,
    data_dir: str | Path,
    out_dir: str | Path,
    analyses_dir: str | Path = "analyses",
    district: str = "",
) -> DomainContext:
    """Load the plan and the data, assess the report year, and open the domain's results
    folder ``<out_dir>/<year>/domains/<domain>/`` (emptied: a re-run leaves nothing stale).
    ``district``: a district's code for that district's report ("" for the whole plan)."""
    plan, obs = load_inputs(plan_dir, data_dir, district)
    year = int(year)
    dom = plan.domain(domain)
    ids = {i.id for i in plan.indicators_of(domain)}
    mine = obs[obs["indicator"].isin(ids)]  # the engine needs only the domain's series
    method = framework(plan.framework)
    assessed = method.assess(plan, mine, year)
    districts = method.districts(plan, mine, year)
    districts = districts[districts["id"].isin(ids)].reset_index(drop=True)
    store = FileStore(BuildLayout(Path(out_dir), year))
    store.clear(domain)
    return DomainContext(
        plan=plan,
        obs=obs,
        year=year,
        domain=dom,
        assessed=assessed,
        districts=districts,
        store=store,
        data_dir=Path(data_dir),
        analyses_dir=Path(analyses_dir),
    )
