"""The facade the survey notebook (``notebooks/survey.ipynb``) calls.

    from healthcheck.notebook.survey import open_survey
    ctx = open_survey(year=year, plan_dir=plan_dir, data_dir=data_dir, out_dir=out_dir)
    ctx.checks()       # the sampling checks, as a table
    ctx.scores()       # the scores of the city, lowest first
    ctx.figures()      # draws and saves the chapter's figures
    ctx.write()        # domains/survey/results.json

Reads the plan, the framework's survey (:func:`~healthcheck.inputs.survey_spec.load_survey_spec`),
the responses and margins (:mod:`healthcheck.inputs.survey`), assesses them
(:func:`healthcheck.engine.survey.assess_survey`) and writes a
:class:`~healthcheck.results.model.SurveyResults`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from healthcheck.charts.svg import svg_bytes
from healthcheck.engine.survey import assess_survey
from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan, load_plan
from healthcheck.inputs.survey import read_responses, responses_path
from healthcheck.inputs.survey_spec import Quotas, load_survey_spec
from healthcheck.layout import BuildLayout
from healthcheck.results.model import SURVEY, Figure
from healthcheck.results.store import FileStore

__all__ = ["SurveyContext", "open_survey", "profile_shares"]


def _units(plan_dir: Path) -> pd.DataFrame | None:
    path = plan_dir / "units.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _names(plan: Plan, units: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    names = {d.code: (d.name_zh, d.name_en) for d in plan.districts}
    if units is not None:
        names.update(
            {
                str(c): (str(z), str(e))
                for c, z, e in zip(units["code"], units["name_zh"], units["name_en"], strict=True)
            }
        )
    return names


def _survey_items(plan: Plan) -> dict[str, list[str]]:
    """indicator -> its survey items (the national system's ``survey_items``; none for a plan
    assessment, whose indicators are not the survey's)."""
    system = getattr(plan, "system", None)
    if system is None:
        return {}
    return {i.id: list(i.survey_items) for i in system.indicators if i.survey_items}


def profile_shares(responses: pd.DataFrame, q: Quotas) -> pd.DataFrame:
    """The sample's shares the profile chart draws, with each quota's band."""
    n = max(len(responses), 1)
    rows = [
        {
            "label": "女性 women",
            "share": (responses["sex"] == "female").sum() / n,
            "low": 0.0,
            "high": q.female_max,
            "check": "female",
        }
    ]
    for group, target in q.age.shares.items():
        tol = q.age.tolerance
        rows.append(
            {
                "label": f"{group}岁 aged {group}",
                "share": (responses["age_group"] == group).sum() / n,
                "low": target - tol,
                "high": target + tol,
                "check": f"age_{group}",
            }
        )
    rows.append(
        {
            "label": "党政机关或事业人员 government",
            "check": "government",
            "share": (responses["occupation"] == "government").sum() / n,
            "low": 0.0,
            "high": q.government_max,
        }
    )
    for inc, zh in (("low", "低收入"), ("middle", "中等收入"), ("high", "高收入")):
        rows.append(
            {
                "label": f"{zh} {inc} income",
                "share": (responses["income"] == inc).sum() / n,
                "low": 0.0,
                "high": 1.0,
                "check": "income",
            }
        )
    return pd.DataFrame(rows)


class SurveyContext:
    """One year's survey: the inputs, the assessment and the results being written."""

    def __init__(self, year: int, plan_dir: Path, data_dir: Path, out_dir: Path) -> None:
        self.year, self.plan_dir, self.data_dir = int(year), Path(plan_dir), Path(data_dir)
        self.plan = load_plan(self.plan_dir)
        self.spec = load_survey_spec(self.plan.framework, self.plan_dir)
        units = _units(self.plan_dir)
        data = read_responses(
            self.data_dir, self.year, self.spec, {d.code: d for d in self.plan.districts}, units
        )
        if data is None:
            raise BuildError(f"no survey responses: {responses_path(self.data_dir, self.year)}")
        self.data = data
        self.store = FileStore(BuildLayout(Path(out_dir), self.year))
        self.store.clear(SURVEY)
        self.results = assess_survey(
            data,
            year=self.year,
            names=_names(self.plan, units),
            survey_items=_survey_items(self.plan),
        )
        self._figures: list[Figure] = []

    def checks(self) -> pd.DataFrame:
        return pd.DataFrame([c.model_dump() for c in self.results.checks])[
            ["id", "rule_zh", "found_zh", "passed"]
        ]

    def scores(self, level: str = "item") -> pd.DataFrame:
        frame = pd.DataFrame([s.model_dump() for s in self.results.scores if s.level == level])
        return frame.sort_values("score")[["id", "name_zh", "n", "score", "low", "high", "deff"]]

    def _save(self, fig_id: str, fig: object, zh: str, en: str) -> None:
        path = self.store.save_figure(SURVEY, fig_id, svg_bytes(fig))  # type: ignore[arg-type]
        self._figures.append(
            Figure(
                id=fig_id,
                path=path,
                kind="analysis",
                caption_zh=zh,
                caption_en=en,
                illustrative=self.results.illustrative,
            )
        )

    def figures(self) -> list[str]:
        """Draw and save the chapter's figures; their ids."""
        from healthcheck.charts.geo import load_districts
        from healthcheck.charts.survey import score_dots, score_map, survey_profile

        r = self.results
        shares = profile_shares(self.data.responses, self.spec.quotas)
        self._save(
            "profile",
            survey_profile(shares, r.checks, r.illustrative),
            "样本结构与手册配额",
            "The sample against the manual's quotas",
        )
        dims = [s for s in r.scores if s.level == "dimension"]
        self._save(
            "dimensions",
            score_dots(
                dims,
                r.threshold,
                ("各维度得分", "Scores by dimension"),
                r.illustrative,
            ),
            "各维度得分（由低到高）",
            "Scores by dimension, lowest first",
        )
        items = [s for s in r.scores if s.level == "item"]
        self._save(
            "items",
            score_dots(items, r.threshold, ("各题得分", "Scores by item"), r.illustrative),
            "各题得分（由低到高）",
            "Scores by item, lowest first",
        )
        if self.plan.districts and (self.data_dir / "geo").is_dir():
            geo = load_districts(self.data_dir, self.plan)
            self._save(
                "map",
                score_map(self.plan, geo, r.areas, self.year, r.threshold, r.illustrative),
                "各区居民满意度总体得分",
                "Residents' overall score by district",
            )
        return [f.id for f in self._figures]

    def write(self) -> Path:
        """Write the results (with the figures drawn so far)."""
        self.results = self.results.model_copy(update={"figures": list(self._figures)})
        return self.store.write(self.results)


def open_survey(
    *,
    year: int,
    plan_dir: str | Path,
    data_dir: str | Path,
    out_dir: str | Path,
    domain: str = SURVEY,
) -> SurveyContext:
    """The survey of ``year`` (``domain`` is accepted so that the build's parameters fit)."""
    if domain != SURVEY:
        raise BuildError(f"the survey notebook runs as domain {SURVEY!r}, not {domain!r}")
    return SurveyContext(year, Path(plan_dir), Path(data_dir), Path(out_dir))
