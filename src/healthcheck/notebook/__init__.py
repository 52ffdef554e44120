"""The facade the notebooks call: a notebook opens its domain and asks for its parts.

::

    from healthcheck.notebook import open_domain
    ctx = open_domain(domain, year=year, plan_dir=plan_dir, data_dir=data_dir, out_dir=out_dir)
    ctx.overview()     # the generated paragraph (both languages)
    ctx.table()        # both verdicts and their inputs, one row per indicator
    ctx.charts()       # one chart per indicator, in the form of its kind
    ctx.analysis()     # the domain's own question (analyses.py)
    ctx.maps()         # district maps and rankings, where the data has district values
    ctx.write()        # results.json (the contract of results.py)

Every call both shows its output in the notebook and records it in the domain's results folder
``<out>/<year>/domains/<domain>/`` (figures as SVG, tables as CSV), so what the analyst sees is
what the report prints.  The summary notebook uses :func:`open_summary` in the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck import analyses
from healthcheck.charts.figures import (
    bar_compare_chart,
    bilingual,
    indicator_chart,
    verdict_counts_chart,
)
from healthcheck.engine.assess import assess_districts, assess_plan, rollup, shortfalls
from healthcheck.inputs.plan import Domain, Indicator, Plan
from healthcheck.inputs.project import load_inputs
from healthcheck.results import DomainResults, domain_dir, summary_dir
from healthcheck.text import fmt_percent, fmt_pp, label, narrative

__all__ = ["DomainContext", "SummaryContext", "open_domain", "open_summary", "records"]

ILLUSTRATIVE = "illustrative"


# --------------------------------------------------------------------------------------------
# Helpers


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for every missing value (NaN, <NA>, NaT)."""
    out = []
    for row in frame.astype(object).to_dict("records"):
        out.append({k: (None if _missing(v) else v) for k, v in row.items()})
    return out


def _missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def _in_ipython() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - ipykernel is a dependency
        return False
    return get_ipython() is not None


def show(*objs: Any) -> None:
    """Display in a notebook; do nothing elsewhere (tests, scripts)."""
    if not _in_ipython():
        return
    from IPython.display import display

    for obj in objs:
        display(obj)


def _svg(path: Path) -> Any:
    from IPython.display import SVG

    return SVG(filename=str(path))


def _markdown(zh: str, en: str) -> Any:
    from IPython.display import Markdown

    return Markdown(f"{zh}\n\n{en}")


def _city(obs: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = obs[(obs["indicator"] == indicator) & (obs["area"] == "")]
    return rows.loc[:, ["year", "value", "status"]].sort_values("year").reset_index(drop=True)


def _fmt(x: Any, digits: int = 4, like: Any = None) -> str:
    """A number for the notebook's table: about ``digits`` significant figures, but at least
    the decimals of ``like`` (the target), and more where needed to tell the two apart."""
    if _missing(x):
        return "—"
    v = float(x)
    if not _missing(like):
        t = float(like)
        dec = len(f"{t:.6f}".rstrip("0").split(".")[1]) if "." in f"{t:.6f}".rstrip("0") else 0
        if dec > 2 or (abs(v) < 1000 and f"{v:.{dec}f}" == f"{t:.{dec}f}" and v != t):
            while dec < 6 and v != t and f"{v:.{dec}f}" == f"{t:.{dec}f}":
                dec += 1
            return f"{v:,.{dec}f}"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.{digits}g}"


# --------------------------------------------------------------------------------------------
# A domain


@dataclass
class DomainContext:
    """One domain of one report year: the assessment, and the results being written."""

    plan: Plan
    obs: pd.DataFrame
    year: int
    domain: Domain
    assessed: pd.DataFrame
    districts: pd.DataFrame
    results: DomainResults
    data_dir: Path
    figure_of: dict[str, str] = field(default_factory=dict)
    _geo: Any = None

    # -- what the notebook reads ----------------------------------------------------------

    @property
    def folder(self) -> Path:
        return self.results.folder

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return self.plan.indicators_of(self.domain.id)

    @property
    def assessment(self) -> pd.DataFrame:
        """The domain's rows of the assessment (``assess_plan`` columns)."""
        ids = [i.id for i in self.indicators]
        return self.assessed[self.assessed["id"].isin(ids)].reset_index(drop=True)

    def row(self, indicator: str) -> dict[str, Any]:
        return records(self.assessed[self.assessed["id"] == indicator])[0]

    def points(self, indicator: str) -> pd.DataFrame:
        """The city's observations of one series: year, value, status."""
        return _city(self.obs, indicator)

    def illustrative(self, indicator: str) -> bool:
        """Whether a value the verdict rests on (baseline to latest year) is illustrative."""
        ind = self.plan.indicator(indicator)
        row = self.row(indicator)
        pts = self.points(indicator)
        last = row.get("year") or self.year
        first = min(int(ind.baseline_year), int(pts["year"].min())) if len(pts) else 0
        if ind.kind != "milestone":
            first = int(ind.baseline_year)
        used = pts[(pts["year"] >= first) & (pts["year"] <= int(last))]
        return bool((used["status"] == ILLUSTRATIVE).any())

    def illustrative_share(self) -> float:
        ids = [i.id for i in self.indicators]
        rows = self.obs[self.obs["indicator"].isin(ids) & (self.obs["year"] <= self.year)]
        return float((rows["status"] == ILLUSTRATIVE).mean()) if len(rows) else 0.0

    @property
    def names(self) -> dict[str, tuple[str, str]]:
        return {i.id: (i.name_zh, i.name_en) for i in self.plan.indicators}

    # -- the parts ------------------------------------------------------------------------

    def overview(self) -> Any:
        """The domain's opening paragraph in both languages (also written to the results)."""
        rows = records(self.assessment)
        share = self.illustrative_share()
        title = (self.domain.title_zh, self.domain.title_en)
        zh = narrative.domain_paragraph(title, rows, self.names, "zh", illustrative_share=share)
        en = narrative.domain_paragraph(title, rows, self.names, "en", illustrative_share=share)
        self._text(zh, en, key="overview")
        self.results.data["key_numbers"].update(
            {
                "indicators": len(rows),
                "schedule_verdicts": _count(rows, "schedule_verdict"),
                "international_categories": _count(
                    [r for r in rows if r["kind"] != "milestone"], "international_category"
                ),
                "shortfalls": [r["id"] for r in narrative._shortfall_rows(rows)],
                "illustrative_share": share,
            }
        )
        if _in_ipython():
            return _markdown(zh, en)
        return None

    def table(self) -> pd.DataFrame:
        """Both verdicts and their inputs, one row per indicator: written as ``assessment.csv``
        and returned as a bilingual table for the notebook."""
        full = self.assessment_table()
        self._table(
            full,
            "assessment",
            "表：评估结果（时序进度判定与国际分类及其输入）",
            "Table: assessment (schedule verdict, international category, and their inputs)",
        )
        return display_table(self.plan, full)

    def assessment_table(self) -> pd.DataFrame:
        rows = []
        for r in records(self.assessment):
            ind = self.plan.indicator(r["id"])
            rows.append(
                {
                    "id": r["id"],
                    "name_zh": ind.name_zh,
                    "name_en": ind.name_en,
                    "unit_zh": ind.unit_zh,
                    "unit_en": ind.unit_en,
                    "kind": r["kind"],
                    "direction": r["direction"],
                    "baseline_year": r["baseline_year"],
                    "baseline": r["baseline"],
                    "year": r["year"],
                    "value": r["value"],
                    "value_status": r.get("value_status"),
                    "illustrative": self.illustrative(r["id"]),
                    "target_year": r["target_year"],
                    "target_value": r["target_value"],
                    "target_source": r["target_source"],
                    "completion": r["completion"],
                    "time_elapsed": r["time_elapsed"],
                    "schedule_gap": r["schedule_gap"],
                    "schedule_verdict": r["schedule_verdict"],
                    "schedule_verdict_zh": label("verdict", r["schedule_verdict"], "zh"),
                    "schedule_verdict_en": label("verdict", r["schedule_verdict"], "en"),
                    "intl_base_year": r["intl_base_year"],
                    "intl_base_value": r["intl_base_value"],
                    "cagr_observed": r["cagr_observed"],
                    "cagr_required": r["cagr_required"],
                    "cagr_ratio": r["cagr_ratio"],
                    "intl_method": r["intl_method"],
                    "intl_measure": r["intl_measure"],
                    "international_category": r["international_category"],
                    "international_category_zh": label(
                        "category", r["international_category"], "zh"
                    )
                    if r["international_category"]
                    else "",
                    "international_category_en": label(
                        "category", r["international_category"], "en"
                    )
                    if r["international_category"]
                    else "",
                    "added": r["added"],
                    "projected_linear": r["projected_linear"],
                    "projected_cagr": r["projected_cagr"],
                    "anticipated_completion": r["anticipated_completion"],
                    "likely_met": r["likely_met"],
                    "previous_year": r["previous_year"],
                    "previous_value": r["previous_value"],
                    "done_year": r["done_year"],
                    "note": r["note"],
                }
            )
        return pd.DataFrame(rows)

    def chart(self, indicator: str) -> Any:
        """The chart of one indicator (saved as ``figures/<id>.svg``)."""
        ind = self.plan.indicator(indicator)
        row = self.row(indicator)
        fig = indicator_chart(ind, self.points(indicator), row)
        what = _CAPTION.get(ind.kind, _CAPTION["level"])
        rel = self._figure(
            fig,
            indicator,
            caption_zh=f"{ind.id} {ind.name_zh}：{what[0]}",
            caption_en=f"{ind.id} {ind.name_en}: {what[1]}",
            kind="indicator",
            indicator=indicator,
            illustrative=self.illustrative(indicator),
        )
        self.figure_of[indicator] = rel
        return _svg(self.folder / rel) if _in_ipython() else None

    def charts(self) -> None:
        """One chart per indicator of the domain, each with its sentence."""
        for ind in self.indicators:
            svg = self.chart(ind.id)
            zh, en = self.sentences(ind.id)
            show(svg, _markdown(zh, en) if _in_ipython() else None)

    def sentences(self, indicator: str) -> tuple[str, str]:
        ind = self.plan.indicator(indicator)
        return narrative.indicator_sentences(
            ind, self.row(indicator), illustrative=self.illustrative(indicator)
        )

    def district_indicators(self) -> list[Indicator]:
        ids = set(self.districts["id"])
        return [i for i in self.indicators if i.id in ids]

    def district_statuses(self, indicator: str) -> dict[str, str]:
        """District code -> "illustrative" if a value behind the district's figure is."""
        ind = self.plan.indicator(indicator)
        rows = self.districts[self.districts["id"] == indicator]
        out = {}
        obs = self.obs[(self.obs["indicator"] == indicator) & (self.obs["area"] != "")]
        for area, year in zip(rows["area"], rows["year"], strict=True):
            sub = obs[obs["area"] == area]
            if ind.kind == "cumulative":
                sub = sub[(sub["year"] > ind.baseline_year) & (sub["year"] <= int(year))]
            else:
                sub = sub[sub["year"] == int(year)]
            out[str(area)] = ILLUSTRATIVE if (sub["status"] == ILLUSTRATIVE).any() else "official"
        return out

    @property
    def geo(self) -> Any:
        if self._geo is None:
            from healthcheck.charts.maps import load_districts

            self._geo = load_districts(self.data_dir, self.plan)
        return self._geo

    def maps(self) -> None:
        """For every indicator with district values: the map and the ranking, and the
        district table (一区一表)."""
        from healthcheck.charts.maps import district_map, district_ranking

        inds = self.district_indicators()
        if not inds:
            zh = "本领域的指标没有分区数据，因此不绘制分区地图。"
            en = "No indicator of this domain has district values: no district map."
            show(_markdown(zh, en) if _in_ipython() else None)
            return
        tables = []
        for ind in inds:
            rows = self.districts[self.districts["id"] == ind.id]
            statuses = self.district_statuses(ind.id)
            illus = any(s == ILLUSTRATIVE for s in statuses.values())
            fig = district_map(self.plan, self.geo, rows, ind, statuses=statuses, year=self.year)
            rel_map = self._figure(
                fig,
                f"{ind.id}-map",
                caption_zh=f"{ind.id} {ind.name_zh}：分区地图",
                caption_en=f"{ind.id} {ind.name_en}: by district",
                kind="map",
                indicator=ind.id,
                illustrative=illus,
            )
            fig = district_ranking(self.plan, rows, ind, statuses=statuses)
            rel_rank = self._figure(
                fig,
                f"{ind.id}-ranking",
                caption_zh=f"{ind.id} {ind.name_zh}：各区排名",
                caption_en=f"{ind.id} {ind.name_en}: districts ranked",
                kind="ranking",
                indicator=ind.id,
                illustrative=illus,
            )
            recs = records(rows)
            zh = narrative.district_sentence(ind, recs, "zh")
            en = narrative.district_sentence(ind, recs, "en")
            self._text(zh, en, key=f"districts-{ind.id}")
            t = rows.copy()
            t["illustrative"] = [statuses.get(str(a)) == ILLUSTRATIVE for a in t["area"]]
            tables.append(t)
            if _in_ipython():
                show(_svg(self.folder / rel_map), _svg(self.folder / rel_rank), _markdown(zh, en))
        self._table(
            pd.concat(tables, ignore_index=True),
            "districts",
            "表：分区数值、目标差距与排名（一区一表）",
            "Table: district values, gaps to the target and ranks",
        )

    def analysis(self, which: str | None = None) -> Any:
        """The domain's own question (see :mod:`healthcheck.analyses`); ``which`` names
        another analysis ("progress" for the progress board of any domain)."""
        result = analyses.run(self, which)
        if result.figure is not None:
            rel = self._figure(
                result.figure,
                f"{self.domain.id}-analysis",
                caption_zh=result.caption_zh,
                caption_en=result.caption_en,
                kind="extra",
                illustrative=result.illustrative,
            )
            show(_svg(self.folder / rel) if _in_ipython() else None)
        if result.table is not None:
            self._table(
                result.table,
                f"{self.domain.id}-analysis",
                result.table_caption_zh,
                result.table_caption_en,
            )
        self._text(result.text_zh, result.text_en, key="analysis")
        self.results.data["key_numbers"]["analysis"] = result.key_numbers
        show(_markdown(result.text_zh, result.text_en) if _in_ipython() else None)
        return result.table

    def write(self) -> Path:
        """Write ``results.json``: the indicators (assessment row, names, sentences, figure),
        the text, figures and tables recorded so far."""
        self.results.data["indicators"] = []
        for r in records(self.assessment):
            ind = self.plan.indicator(r["id"])
            zh, en = self.sentences(ind.id)
            self.results.add_indicator(
                {
                    **r,
                    "name_zh": ind.name_zh,
                    "name_en": ind.name_en,
                    "unit_zh": ind.unit_zh,
                    "unit_en": ind.unit_en,
                    "illustrative": self.illustrative(ind.id),
                    "sentence_zh": zh,
                    "sentence_en": en,
                    "figure": self.figure_of.get(ind.id),
                }
            )
        return self.results.write()

    # -- recording --------------------------------------------------------------------------

    def _figure(self, fig: Any, fig_id: str, **kw: Any) -> str:
        figures = self.results.data["figures"]
        figures[:] = [f for f in figures if f["id"] != fig_id]  # a re-run replaces
        return self.results.add_figure(fig, fig_id, **kw)

    def _table(self, frame: pd.DataFrame, table_id: str, zh: str, en: str) -> str:
        tables = self.results.data["tables"]
        tables[:] = [t for t in tables if t["id"] != table_id]
        return self.results.add_table(frame, table_id, caption_zh=zh, caption_en=en)

    def _text(self, zh: str, en: str, key: str) -> None:
        texts = self.results.data["text"]
        texts[:] = [t for t in texts if t.get("key") != key]
        texts.append({"zh": zh, "en": en, "key": key})


_CAPTION = {
    "level": (
        "观测值、基线、目标、时序进度路径与线性外推",
        "observations, baseline, target, schedule path and linear projection",
    ),
    "increase": (
        "总量、基线、目标（基线加新增量）与已新增量",
        "level, baseline, target (baseline plus the increase) and amount added so far",
    ),
    "growth": (
        "水平、基线与目标（基线乘以增幅）",
        "level, baseline and target (baseline times the growth)",
    ),
    "cumulative": (
        "年度完成量与累计量对照目标",
        "annual amounts and their running sum against the target",
    ),
    "trend": ("水平与较上年变化", "level and change on the previous year"),
    "milestone": ("建设事项完成情况（按年）", "milestone, done or not, by year"),
}


def _count(rows: Sequence[Mapping[str, Any]], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        k = r.get(key) or "not_assessed"
        out[k] = out.get(k, 0) + 1
    return out


def display_table(plan: Plan, full: pd.DataFrame) -> pd.DataFrame:
    """The assessment as the notebook shows it: bilingual headers, formatted cells."""
    out = []
    for r in records(full):
        ind = plan.indicator(r["id"])
        star = "*" if ind.goal_is_analysts else ""
        cat = r["international_category"]
        out.append(
            {
                "编号 ID": r["id"],
                "指标 Indicator": f"{ind.name_zh} {ind.name_en}",
                "单位 Unit": f"{ind.unit_zh} {ind.unit_en}".strip()
                if ind.unit_zh != ind.unit_en
                else ind.unit_zh,
                "基线 Baseline": _fmt(r["baseline"], like=r["target_value"]),
                "现值 Value": (
                    ("已完成 done" if r["value"] == 1 else "未完成 not yet") + f" ({r['year']})"
                    if r["kind"] == "milestone" and r["year"]
                    else f"{_fmt(r['value'], like=r['target_value'])} ({r['year']})"
                    if r["year"]
                    else "—"
                ),
                "示意 Illustr.": "是 yes" if r["illustrative"] else "",
                "目标 Target": _fmt(r["target_value"], 6) + star,
                "完成率 Completion": fmt_percent(r["completion"], "en"),
                "时序进度 Time elapsed": fmt_percent(r["time_elapsed"], "en"),
                "进度差 Gap": fmt_pp(r["schedule_gap"], "en"),
                "时序判定 Schedule": f"{r['schedule_verdict_zh']} {r['schedule_verdict_en']}",
                "年均增速 实际/所需 CAGR obs./req.": (
                    f"{fmt_percent(r['cagr_observed'], 'en')} / "
                    f"{fmt_percent(r['cagr_required'], 'en')}"
                ),
                "国际分类 International": f"{label('category', cat, 'zh')} "
                f"{label('category', cat, 'en')}"
                if cat
                else "—",
            }
        )
    return pd.DataFrame(out)


def open_domain(
    domain: str,
    *,
    year: int,
    plan_dir: str | Path,
    data_dir: str | Path,
    out_dir: str | Path,
) -> DomainContext:
    """Load the plan and the data, assess the report year, and open the domain's results
    folder ``<out_dir>/<year>/domains/<domain>/``."""
    plan, obs = load_inputs(plan_dir, data_dir)
    year = int(year)
    dom = plan.domain(domain)
    ids = {i.id for i in plan.indicators_of(domain)}
    mine = obs[obs["indicator"].isin(ids)]  # the engine needs only the domain's series
    assessed = assess_plan(plan, mine, year)
    districts = assess_districts(plan, mine, year)
    districts = districts[districts["id"].isin(ids)].reset_index(drop=True)
    folder = domain_dir(out_dir, year, domain)
    results = DomainResults(
        folder, domain=domain, year=year, title_zh=dom.title_zh, title_en=dom.title_en
    )
    return DomainContext(
        plan=plan,
        obs=obs,
        year=year,
        domain=dom,
        assessed=assessed,
        districts=districts,
        results=results,
        data_dir=Path(data_dir),
    )


# --------------------------------------------------------------------------------------------
# The summary


@dataclass
class SummaryContext:
    """The executive summary of one report year: verdict counts, the 问题清单, and the change
    against the previous year's check."""

    plan: Plan
    obs: pd.DataFrame
    year: int
    assessed: pd.DataFrame
    previous: pd.DataFrame | None
    results: DomainResults

    @property
    def folder(self) -> Path:
        return self.results.folder

    @property
    def names(self) -> dict[str, tuple[str, str]]:
        return {i.id: (i.name_zh, i.name_en) for i in self.plan.indicators}

    def illustrative_share(self) -> float:
        rows = self.obs[self.obs["year"] <= self.year]
        rows = rows[rows["indicator"].isin([i.id for i in self.plan.indicators])]
        return float((rows["status"] == ILLUSTRATIVE).mean()) if len(rows) else 0.0

    def overview(self) -> Any:
        rows = records(self.assessed)
        share = self.illustrative_share()
        city = (self.plan.city_zh, self.plan.city_en)
        zh = narrative.summary_paragraph(city, self.year, rows, "zh", illustrative_share=share)
        en = narrative.summary_paragraph(city, self.year, rows, "en", illustrative_share=share)
        _set_text(self.results, zh, en, "overview")
        self.results.data["key_numbers"].update(
            {"indicators": len(rows), "illustrative_share": share}
        )
        return _markdown(zh, en) if _in_ipython() else None

    def _domains(self) -> list[tuple[str, str, str]]:
        present = set(self.assessed["domain"])
        doms = [(d.id, d.title_zh, d.title_en) for d in self.plan.domains if d.id in present]
        return [*doms, ("__all__", "全市合计", "City total")]

    def counts(self) -> pd.DataFrame:
        """Verdict counts per domain, both systems: two figures and one table."""
        sched = rollup(self.assessed, "schedule_verdict")
        targeted = self.assessed[self.assessed["kind"] != "milestone"]
        intl = rollup(targeted, "international_category")
        doms = self._domains()
        rel1 = _add_figure(
            self.results,
            verdict_counts_chart(sched, doms, "verdict"),
            "counts-schedule",
            "各领域时序进度判定数量",
            "Schedule verdicts by domain",
            "extra",
        )
        rel2 = _add_figure(
            self.results,
            verdict_counts_chart(intl, doms, "category"),
            "counts-international",
            "各领域国际分类数量（建设事项除外）",
            "International categories by domain (milestones excepted)",
            "extra",
        )
        table = pd.concat(
            [sched.assign(system="schedule_verdict"), intl.assign(system="international_category")],
            ignore_index=True,
        )
        _add_table(
            self.results,
            table,
            "counts",
            "表：各领域判定数量（两种判定体系）",
            "Table: verdict counts per domain (both systems)",
        )
        self.results.set(
            "counts",
            {
                "schedule_verdict": _nested(sched),
                "international_category": _nested(intl),
            },
        )
        show(*([_svg(self.folder / rel1), _svg(self.folder / rel2)] if _in_ipython() else []))
        wide = sched.pivot(index="domain", columns="verdict", values="count")
        wide = wide.loc[[d for d, _, _ in doms], [v for v in wide.columns if wide[v].sum() > 0]]
        wide.columns = [
            f"{label('verdict', v, 'zh')} {label('verdict', v, 'en')}" for v in wide.columns
        ]
        wide.index = [bilingual(zh, en, 200) for _d, zh, en in doms]
        return wide

    def shortfalls(self) -> pd.DataFrame:
        """The 问题清单: behind schedule, moving away, not achieved, not done, and trends
        against their direction; worst schedule gap first."""
        short = shortfalls(self.assessed)
        recs = records(short)
        table = pd.DataFrame(
            [
                {
                    "rank": i + 1,
                    "id": r["id"],
                    "domain": r["domain"],
                    "name_zh": self.names[r["id"]][0],
                    "name_en": self.names[r["id"]][1],
                    "schedule_verdict": r["schedule_verdict"],
                    "schedule_verdict_zh": label("verdict", r["schedule_verdict"], "zh"),
                    "schedule_verdict_en": label("verdict", r["schedule_verdict"], "en"),
                    "completion": r["completion"],
                    "time_elapsed": r["time_elapsed"],
                    "schedule_gap": r["schedule_gap"],
                    "international_category": r["international_category"],
                    "value": r["value"],
                    "year": r["year"],
                    "target_value": r["target_value"],
                }
                for i, r in enumerate(recs)
            ],
            columns=[
                "rank",
                "id",
                "domain",
                "name_zh",
                "name_en",
                "schedule_verdict",
                "schedule_verdict_zh",
                "schedule_verdict_en",
                "completion",
                "time_elapsed",
                "schedule_gap",
                "international_category",
                "value",
                "year",
                "target_value",
            ],
        )
        _add_table(
            self.results,
            table,
            "shortfalls",
            "表：问题清单（按进度差排序）",
            "Table: list of shortfalls, worst schedule gap first",
        )
        self.results.set("shortfalls", [r["id"] for r in recs])
        gaps = [r for r in recs if r["schedule_gap"] is not None]
        if gaps:
            fig = bar_compare_chart(
                [
                    bilingual(f"{r['id']} {self.names[r['id']][0]}", self.names[r["id"]][1], 72)
                    for r in gaps
                ],
                [("进度差 schedule gap (pp)", [r["schedule_gap"] * 100 for r in gaps], "#D55E00")],
                title=bilingual(
                    "问题清单：进度差（完成率减时序进度）",
                    "Shortfalls: schedule gap (completion minus time elapsed)",
                ),
                xlabel="百分点 percentage points",
                fmt=lambda v: f"{v:+.1f}".replace("-", "−"),
            )
            rel = _add_figure(
                self.results,
                fig,
                "shortfalls",
                "问题清单：各指标进度差",
                "Shortfalls: schedule gap of each indicator",
                "extra",
            )
            show(_svg(self.folder / rel) if _in_ipython() else None)
        zh = narrative.shortfall_paragraph(recs, self.names, "zh")
        en = narrative.shortfall_paragraph(recs, self.names, "en")
        _set_text(self.results, zh, en, "shortfalls")
        show(_markdown(zh, en) if _in_ipython() else None)
        view = table.loc[
            :,
            [
                "rank",
                "id",
                "name_zh",
                "name_en",
                "schedule_verdict_zh",
                "schedule_verdict_en",
                "schedule_gap",
            ],
        ].copy()
        view["schedule_gap"] = [fmt_pp(g, "en") for g in view["schedule_gap"]]
        return view

    def changes(self) -> pd.DataFrame:
        """Verdicts against the previous year's check (the data up to year - 1, assessed
        again with the same method)."""
        prev = self.previous
        rows = []
        if prev is not None:
            before = {r["id"]: r for r in records(prev)}
            for r in records(self.assessed):
                b = before.get(r["id"], {})
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
                    }
                )
        cols = [
            "id",
            "domain",
            "name_zh",
            "name_en",
            "schedule_from",
            "schedule_to",
            "category_from",
            "category_to",
            "gap_from",
            "gap_to",
            "changed",
        ]
        table = pd.DataFrame(rows, columns=cols)
        changed = table[table["changed"]] if len(table) else table
        _add_table(
            self.results,
            changed,
            "changes",
            f"表：与{self.year - 1}年体检相比判定发生变化的指标",
            f"Table: verdicts changed against the {self.year - 1} check",
        )
        self.results.set(
            "changes",
            [{k: v for k, v in r.items() if k != "changed"} for r in records(changed)],
        )
        recs = records(changed)
        zh = narrative.changes_paragraph(
            recs, self.names, self.year, "zh", previous_available=prev is not None
        )
        en = narrative.changes_paragraph(
            recs, self.names, self.year, "en", previous_available=prev is not None
        )
        _set_text(self.results, zh, en, "changes")
        show(_markdown(zh, en) if _in_ipython() else None)
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

    def write(self) -> Path:
        self.results.data["indicators"] = []
        for r in records(self.assessed):
            ind = self.plan.indicator(r["id"])
            pts = _city(self.obs, ind.id)
            last = r.get("year") or self.year
            used = pts[(pts["year"] >= ind.baseline_year) & (pts["year"] <= int(last))]
            illus = bool((used["status"] == ILLUSTRATIVE).any())
            zh, en = narrative.indicator_sentences(ind, r, illustrative=illus)
            self.results.add_indicator(
                {
                    **r,
                    "name_zh": ind.name_zh,
                    "name_en": ind.name_en,
                    "unit_zh": ind.unit_zh,
                    "unit_en": ind.unit_en,
                    "illustrative": illus,
                    "sentence_zh": zh,
                    "sentence_en": en,
                    "figure": None,
                }
            )
        return self.results.write()


def _nested(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for r in frame.to_dict("records"):
        out.setdefault(str(r["domain"]), {})[str(r["verdict"])] = int(r["count"])
    return out


def _set_text(results: DomainResults, zh: str, en: str, key: str) -> None:
    texts = results.data["text"]
    texts[:] = [t for t in texts if t.get("key") != key]
    texts.append({"zh": zh, "en": en, "key": key})


def _add_figure(results: DomainResults, fig: Any, fig_id: str, zh: str, en: str, kind: str) -> str:
    figures = results.data["figures"]
    figures[:] = [f for f in figures if f["id"] != fig_id]
    return results.add_figure(fig, fig_id, caption_zh=zh, caption_en=en, kind=kind)


def _add_table(results: DomainResults, frame: pd.DataFrame, table_id: str, zh: str, en: str) -> str:
    tables = results.data["tables"]
    tables[:] = [t for t in tables if t["id"] != table_id]
    return results.add_table(frame, table_id, caption_zh=zh, caption_en=en)


def open_summary(
    *,
    year: int,
    plan_dir: str | Path,
    data_dir: str | Path,
    out_dir: str | Path,
    domain: str = "summary",
) -> SummaryContext:
    """Assess the report year and the year before it (the previous check) from the data, and
    open ``<out_dir>/<year>/summary/``."""
    del domain  # the runner passes every notebook the same five parameters
    plan, obs = load_inputs(plan_dir, data_dir)
    year = int(year)
    assessed = assess_plan(plan, obs, year)
    has_previous = bool((obs["year"] <= year - 1).any())
    previous = assess_plan(plan, obs, year - 1) if has_previous else None
    results = DomainResults(
        summary_dir(out_dir, year),
        domain="summary",
        year=year,
        title_zh="总体评估与问题清单",
        title_en="Summary and list of shortfalls",
    )
    return SummaryContext(plan, obs, year, assessed, previous, results)
