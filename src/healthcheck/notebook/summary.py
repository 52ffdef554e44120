"""The summary notebook's context: verdict counts, the 问题清单 and the change against the
previous year's check, for the whole plan.

::

    ctx = open_summary(year=year, plan_dir=plan_dir, data_dir=data_dir, out_dir=out_dir)
    ctx.overview(); ctx.counts(); ctx.shortfalls(); ctx.changes(); ctx.write()

The numbers the report needs (counts, shortfalls, changes, the method's parameters, the share
of illustrative values) are computed by :meth:`SummaryContext.write` whatever cells ran; the
other calls show them and record their figures, tables and paragraphs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.charts import bar_compare_chart, bilingual, verdict_counts_chart
from healthcheck.engine import Framework, final_switch, framework
from healthcheck.inputs import status
from healthcheck.inputs.findings import FindingRow, load_findings
from healthcheck.inputs.plan import Plan
from healthcheck.inputs.project import findings_folder, load_inputs
from healthcheck.kinds import kind
from healthcheck.layout import SUMMARY, BuildLayout
from healthcheck.notebook import rows as _rows
from healthcheck.notebook.display import records, show
from healthcheck.notebook.record import Recorder, Recording
from healthcheck.results import Change, FileStore, Finding, IndicatorRow, SummaryResults
from healthcheck.text import fmt_percent, fmt_pp, label, narrative

__all__ = ["SHORTFALL_COLUMNS", "SummaryContext", "finding_model", "open_summary", "share_label"]

#: the columns of the ``shortfalls`` table (CSV), in order
SHORTFALL_COLUMNS: tuple[str, ...] = (
    "rank", "id", "domain", "name_zh", "name_en", "schedule_verdict", "schedule_verdict_zh",
    "schedule_verdict_en", "completion", "time_elapsed", "schedule_gap",
    "international_category", "value", "year", "target_value", "distance", "distance_share",
)  # fmt: skip
#: the columns of the ``changes`` table (CSV), in order
CHANGE_COLUMNS: tuple[str, ...] = (
    "id", "domain", "name_zh", "name_en", "schedule_from", "schedule_to", "category_from",
    "category_to", "gap_from", "gap_to", "changed", "final_switch",
)  # fmt: skip
SYSTEMS = ("schedule_verdict", "international_category")


def share_label(percent: float) -> str:
    """A bar's label in the 问题清单's chart (the distance as a % of the target): one decimal,
    and "<0.1" for a distance that one decimal would print as 0.0 (U02: 99.9986 % against a
    target of 99.999 %; the table gives it in the unit, 0.0004 percentage points)."""
    if 0 < percent < 0.05:
        return "<0.1"
    return f"{percent:.1f}"


@dataclass
class SummaryContext(Recording):
    """The executive summary of one report year: verdict counts, the 问题清单, and the change
    against the previous year's check."""

    plan: Plan
    obs: pd.DataFrame
    year: int
    assessed: pd.DataFrame
    #: the assessment of the year before (None: the data has no earlier year)
    previous: pd.DataFrame | None
    store: FileStore
    #: the analysts' findings of the report year (``data/findings/<year>.csv``; optional)
    finding_rows: tuple[FindingRow, ...] = ()
    #: the data folder (the district boundaries of a district report's locator map)
    data_dir: Path | None = None

    def __post_init__(self) -> None:
        self.recorder = Recorder(self.store, SUMMARY)

    @property
    def framework(self) -> Framework:
        """The plan's assessment framework (its rules for counts and shortfalls)."""
        return framework(self.plan.framework)

    # -- what the notebook reads ------------------------------------------------------------

    @property
    def folder(self) -> Path:
        return self.store.folder(SUMMARY)

    @property
    def names(self) -> dict[str, tuple[str, str]]:
        return {i.id: (i.name_zh, i.name_en) for i in self.plan.indicators}

    def illustrative_share(self) -> float:
        """The share of the plan's values up to the report year that are illustrative."""
        return status.illustrative_share(self.obs, [i.id for i in self.plan.indicators], self.year)

    def illustrative(self, indicator: str) -> bool:
        """Whether a value the indicator's verdict rests on is illustrative."""
        row = records(self.assessed[self.assessed["id"] == indicator])[0]
        points = _rows.city_points(self.obs, indicator)
        ind = self.plan.indicator(indicator)
        return bool(_rows.illustrative_years(ind, points, row, self.year))

    def rollups(self) -> dict[str, pd.DataFrame]:
        """Verdict counts per domain (and ``__all__``), per system; milestones take no part
        in the international categories."""
        targeted = self.assessed[[kind(k).family != "milestone" for k in self.assessed["kind"]]]
        return {
            "schedule_verdict": self.framework.rollup(self.assessed, "schedule_verdict"),
            "international_category": self.framework.rollup(targeted, "international_category"),
        }

    def shortfall_table(self) -> pd.DataFrame:
        """The 问题清单 as its table: the engine's shortfall rule and order."""
        out = []
        for i, r in enumerate(records(self.framework.shortfalls(self.assessed))):
            verdict = r["schedule_verdict"]
            out.append(
                {
                    **r,
                    "rank": i + 1,
                    "name_zh": self.names[r["id"]][0],
                    "name_en": self.names[r["id"]][1],
                    "schedule_verdict_zh": label("verdict", verdict, "zh"),
                    "schedule_verdict_en": label("verdict", verdict, "en"),
                }
            )
        return pd.DataFrame(
            [[r[c] for c in SHORTFALL_COLUMNS] for r in out], columns=SHORTFALL_COLUMNS
        )

    def change_table(self) -> pd.DataFrame:
        """The indicators whose verdict of either system differs from the previous check
        (empty without one); ``final_switch`` marks, in the target year, a change that is only
        the switch to the final verdict (methodology F3)."""
        rows = []
        target_year = self.year == self.plan.target_year
        before = {r["id"]: r for r in records(self.previous)} if self.previous is not None else None
        for r in records(self.assessed) if before is not None else []:
            b = before.get(r["id"], {}) if before is not None else {}
            rows.append(
                {
                    "id": r["id"],
                    "domain": r["domain"],
                    "name_zh": self.names[r["id"]][0],
                    "name_en": self.names[r["id"]][1],
                    "schedule_from": b.get("schedule_verdict"),
                    "schedule_to": r["schedule_verdict"],
                    "category_from": b.get("international_category"),
                    "category_to": r["international_category"],
                    "gap_from": b.get("schedule_gap"),
                    "gap_to": r["schedule_gap"],
                    "changed": b.get("schedule_verdict") != r["schedule_verdict"]
                    or b.get("international_category") != r["international_category"],
                    "final_switch": target_year
                    and final_switch(
                        b.get("schedule_verdict"),
                        r["schedule_verdict"],
                        b.get("international_category"),
                        r["international_category"],
                    ),  # fmt: skip
                }
            )
        table = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
        return table[table["changed"]] if len(table) else table

    # -- the parts --------------------------------------------------------------------------

    def overview(self) -> Any:
        rows = records(self.assessed)
        counts = status.illustrative_counts(
            self.obs, [i.id for i in self.plan.indicators], self.year
        )
        city = (self.plan.city_zh, self.plan.city_en)
        zh, en = (
            narrative.summary_paragraph(
                city, self.year, rows, lang, illustrative=counts,
                districts=bool(self.plan.districts),
                district_report=self.plan.district_report is not None,
            )
            for lang in ("zh", "en")
        )  # fmt: skip
        return self.add_text(key="overview", zh=zh, en=en, origin="generated")

    def locator(self) -> Any:
        """A district's report: the map locating the district in its city (nothing for the
        report of a whole plan, or without district boundaries in ``<data>/geo/``)."""
        scope = self.plan.district_report
        geo_dir = self.data_dir / "geo" if self.data_dir is not None else None
        if scope is None or geo_dir is None or not any(geo_dir.glob("*.geojson")):
            return None
        from healthcheck.charts.geo import load_districts
        from healthcheck.charts.locator import locator_map

        city = dataclasses.replace(self.plan, districts=scope.city_districts)
        geo = load_districts(geo_dir.parent, city)
        d = scope.district
        fig = locator_map(geo, d.code, zone_name=scope.zone, approval=self.plan.map_approval)
        return self.add_figure(
            fig, "locator", caption_zh=f"{d.name_zh}在{scope.city_zh}的位置",
            caption_en=f"{d.name_en} District in {scope.city_en}", kind="map",
            origin="generated",
        )  # fmt: skip

    def _domains(self) -> list[tuple[str, str, str]]:
        present = set(self.assessed["domain"])
        doms = [(d.id, d.title_zh, d.title_en) for d in self.plan.domains if d.id in present]
        district = self.plan.district_report is not None
        whole = ("全区合计", "District total") if district else ("全市合计", "City total")
        return [*doms, ("__all__", *whole)]

    def counts(self) -> pd.DataFrame:
        """Verdict counts per domain, both systems: two figures and one table."""
        counts = self.rollups()
        sched, intl = counts["schedule_verdict"], counts["international_category"]
        doms = self._domains()
        final = self.year >= self.plan.target_year
        intl_zh, intl_en = (
            ("各领域期间趋势（年均增速对比，建设事项除外）",
             "Trend over the period by domain (Open SDG trajectory, milestones excepted)")
            if final
            else ("各领域年均增速对比数量（建设事项除外）",
                  "Open SDG trajectory by domain (milestones excepted)")
        )  # fmt: skip
        shown = [
            self.add_figure(
                verdict_counts_chart(frame, doms, vocabulary),
                fig_id,
                caption_zh=zh,
                caption_en=en,
                kind="summary",
                origin="generated",
            )
            for frame, vocabulary, fig_id, zh, en in (
                (sched, "verdict", "counts-schedule", "各领域时序进度判定数量",
                 "Schedule verdicts by domain"),
                (intl, "category_final" if final else "category", "counts-international",
                 intl_zh, intl_en),
            )
        ]  # fmt: skip
        table = pd.concat(
            [frame.assign(system=system) for system, frame in counts.items()], ignore_index=True
        )
        self.add_table(
            table,
            "counts",
            caption_zh="表：各领域判定数量（两种判定体系）",
            caption_en="Table: verdict counts per domain (both systems)",
            origin="generated",
        )
        show(*shown)
        wide = sched.pivot(index="domain", columns="verdict", values="count")
        wide = wide.loc[[d for d, _, _ in doms], [v for v in wide.columns if wide[v].sum() > 0]]
        wide.columns = [
            f"{label('verdict', v, 'zh')} {label('verdict', v, 'en')}" for v in wide.columns
        ]
        wide.index = [bilingual(zh, en, 200) for _d, zh, en in doms]
        return wide

    def shortfalls(self) -> pd.DataFrame:
        """The 问题清单: behind schedule, moving away, not achieved, not done, and trends
        against their direction; furthest from the target (as a share of it) first."""
        table = self.shortfall_table()
        self.add_table(
            table,
            "shortfalls",
            caption_zh="表：问题清单（按距目标差距排序）",
            caption_en="Table: list of shortfalls, furthest from the target first",
            illustrative=[self.illustrative(i) for i in table["id"]],
            origin="generated",
        )
        recs = records(table)
        far = [r for r in recs if r["distance_share"] is not None]
        if far:
            show(self._shortfall_chart(far))
        zh = narrative.shortfall_paragraph(recs, self.names, "zh")
        en = narrative.shortfall_paragraph(recs, self.names, "en")
        show(self.add_text(key="shortfalls", zh=zh, en=en, origin="generated"))
        cols = ["rank", "id", "name_zh", "name_en", "schedule_verdict_zh", "schedule_verdict_en"]
        view = table.loc[:, [*cols, "distance_share", "schedule_gap"]].copy()
        view["distance_share"] = [fmt_percent(d, "en") for d in view["distance_share"]]
        view["schedule_gap"] = [fmt_pp(g, "en") for g in view["schedule_gap"]]
        return view

    def _shortfall_chart(self, far: list[dict[str, Any]]) -> Any:
        fig = bar_compare_chart(
            [
                bilingual(f"{r['id']} {self.names[r['id']][0]}", self.names[r["id"]][1], 72)
                for r in far
            ],
            [("距目标 to go (% of target)", [r["distance_share"] * 100 for r in far], "#D55E00")],
            title=bilingual(
                "问题清单：距目标的差距（占目标值的比例）",
                "Shortfalls: distance still to go, as a share of the target",
            ),
            xlabel="% 目标值 of the target",
            fmt=share_label,
        )
        return self.add_figure(
            fig,
            "shortfalls",
            caption_zh="问题清单：各指标距目标的差距（占目标值的比例）",
            caption_en="Shortfalls: distance still to go, as a share of the target",
            kind="summary",
            origin="generated",
        )

    def changes(self) -> pd.DataFrame:
        """Verdicts against the previous year's check (the data up to year - 1, assessed
        again with the same method)."""
        every = self.change_table()
        changed = every[~every["final_switch"].astype(bool)] if len(every) else every
        switched = len(every) - len(changed)
        final = self.year >= self.plan.target_year
        self.add_table(
            changed,
            "changes",
            caption_zh=f"表：与{self.year - 1}年体检相比判定发生实质变化的指标",
            caption_en=f"Table: verdicts changed in substance against the {self.year - 1} check",
            illustrative=[self.illustrative(i) for i in changed["id"]],
            origin="generated",
        )
        recs = records(changed)
        available = self.previous is not None
        zh = narrative.changes_paragraph(
            recs, self.names, self.year, "zh", previous_available=available, switched=switched,
            final=final,
        )  # fmt: skip
        en = narrative.changes_paragraph(
            recs, self.names, self.year, "en", previous_available=available, switched=switched,
            final=final,
        )  # fmt: skip
        show(self.add_text(key="changes", zh=zh, en=en, origin="generated"))
        view = changed.loc[
            :, ["id", "name_zh", "schedule_from", "schedule_to", "category_from", "category_to"]
        ].copy()
        for c in ("schedule_from", "schedule_to"):
            view[c] = [f"{label('verdict', v, 'zh')} {label('verdict', v, 'en')}" for v in view[c]]
        for c in ("category_from", "category_to"):
            view[c] = [
                f"{label('category', v, 'zh')} {label('category', v, 'en')}" if v else "—"
                for v in view[c]
            ]
        return view

    # -- the analysts' findings -------------------------------------------------------------

    def finding_models(self) -> list[Finding]:
        """The findings of the report year as the results carry them."""
        return [finding_model(f) for f in self.finding_rows]

    def findings(self) -> pd.DataFrame:
        """The analysts' findings (原因分析, 整治建议, 责任单位, 完成时限), shortfalls first."""
        order = {sid: n for n, sid in enumerate(self.shortfall_table()["id"])}
        rows = sorted(self.finding_models(), key=lambda f: order.get(f.indicator, len(order)))
        cols = ["indicator", "cause_zh", "recommendation_zh", "unit_zh", "deadline",
                "remedy_class", "illustrative"]  # fmt: skip
        return pd.DataFrame([[getattr(f, c) for c in cols] for f in rows], columns=cols)

    # -- the results ------------------------------------------------------------------------

    def indicator_rows(self) -> list[IndicatorRow]:
        """One results row per indicator of the plan, in plan order."""
        out = []
        pace = _rows.on_track_threshold(framework(self.plan.framework).method())
        for r in records(self.assessed):
            ind = self.plan.indicator(r["id"])
            points = _rows.city_points(self.obs, ind.id)
            illus = bool(_rows.illustrative_years(ind, points, r, self.year))
            sentences = narrative.indicator_sentences(ind, r, illustrative=illus, on_track=pace)
            out.append(
                _rows.indicator_row(
                    ind, r, report_year=self.year, points=points, sentences=sentences
                )
            )
        return out

    def results(self) -> SummaryResults:
        """What has been recorded so far, with the numbers the report needs."""
        rec = self.recorder
        changes = [
            Change(**{k: v for k, v in r.items() if k not in ("changed", "final_switch")})
            for r in records(self.change_table())
            if not r["final_switch"]
        ]
        return SummaryResults(
            framework=self.plan.framework,
            domain=SUMMARY,
            year=self.year,
            title_zh="总体评估与问题清单",
            title_en="Summary and list of shortfalls",
            text=list(rec.text.values()),
            indicators=self.indicator_rows(),
            figures=list(rec.figures.values()),
            tables=list(rec.tables.values()),
            counts={system: _nested(frame) for system, frame in self.rollups().items()},
            shortfalls=[str(i) for i in self.framework.shortfalls(self.assessed)["id"]],
            changes=changes,
            previous_available=self.previous is not None,
            method=self.framework.method(),
            illustrative_share=self.illustrative_share(),
            findings=self.finding_models(),
        )

    def write(self) -> Path:
        """Write the summary's ``results.json`` through the store; return its path."""
        return self.store.write(self.results())


def _nested(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for r in frame.to_dict("records"):
        out.setdefault(str(r["domain"]), {})[str(r["verdict"])] = int(r["count"])
    return out


def open_summary(
    *,
    year: int,
    plan_dir: str | Path,
    data_dir: str | Path,
    out_dir: str | Path,
    domain: str = SUMMARY,
    district: str = "",
) -> SummaryContext:
    """Assess the report year and the year before it (the previous check) from the data, and
    open ``<out_dir>/<year>/summary/`` (emptied: a re-run leaves nothing stale).
    ``district``: a district's code for that district's report ("" for the whole plan)."""
    del domain  # the runner passes every notebook the same parameters
    plan, obs = load_inputs(plan_dir, data_dir, district)
    year = int(year)
    assessed = framework(plan.framework).assess(plan, obs, year)
    has_previous = bool((obs["year"] <= year - 1).any())
    previous = framework(plan.framework).assess(plan, obs, year - 1) if has_previous else None
    store = FileStore(BuildLayout(Path(out_dir), year))
    store.clear(SUMMARY)
    found = load_findings(findings_folder(data_dir, plan), {i.id for i in plan.indicators}, year)
    return SummaryContext(plan, obs, year, assessed, previous, store, tuple(found), Path(data_dir))


def finding_model(f: FindingRow) -> Finding:
    """An analysts' finding as the results carry it (both frameworks' summaries)."""
    return Finding(
        indicator=f.indicator,
        cause_zh=f.cause_zh,
        cause_en=f.cause_en,
        recommendation_zh=f.recommendation_zh,
        recommendation_en=f.recommendation_en,
        unit_zh=f.unit_zh,
        unit_en=f.unit_en,
        deadline=f.deadline,
        remedy_class=f.remedy_class,  # type: ignore[arg-type]  # checked by the spec
        status=f.status,
        source=f.source,
        illustrative=f.illustrative,
    )
