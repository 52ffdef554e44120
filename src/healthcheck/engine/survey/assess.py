"""The survey's assessment: weights, scores of the city and of its areas, and the sampling checks,
as one :class:`~healthcheck.results.model.SurveyResults` (figures are added by the notebook).

A respondent's score on a group of items (a dimension, a block, all items, an indicator's
items) is the mean of their answers to the items of the group they answered; the group's score
is the weighted mean of that over the respondents who answered at least one of its items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from healthcheck.engine.survey.checks import sampling_checks
from healthcheck.engine.survey.estimate import Estimate, domain_means, rake
from healthcheck.inputs.survey import UNUSABLE_RULES, SurveyInput
from healthcheck.results.model import (
    SURVEY,
    AreaLevel,
    SurveyArea,
    SurveyCount,
    SurveyIndicator,
    SurveyLevel,
    SurveyResults,
    SurveyScore,
)

AREA_LEVELS: tuple[AreaLevel, ...] = ("district", "street", "community")

__all__ = ["METHOD", "assess_survey", "indicator_scores", "survey_weights", "unit_scores"]

#: how the scores are made, as the chapter's note prints it
METHOD = {
    "weighting_zh": "按性别、年龄组、区三个人口边际分布迭代加权（raking）",
    "weighting_en": "raking (iterative proportional fitting) to the population by sex, age "
    "group and district",
    "estimator_zh": "加权均值（比率估计）",
    "estimator_en": "weighted mean (ratio estimator)",
    "interval_zh": "95%置信区间，泰勒线性化方差：以区为层、社区为初级抽样单元，权重视为固定",
    "interval_en": "95 % interval from the Taylor-linearisation variance, districts as strata "
    "and 社区 as primary sampling units, the weights taken as fixed",
    "library": "numpy/pandas (healthcheck.engine.survey.estimate), checked against samplics",
}


def survey_weights(data: SurveyInput) -> np.ndarray:
    """The raked weights of the usable responses (all 1 without margins)."""
    r = data.responses
    if data.margins is None:
        return np.ones(len(r))
    m = data.margins
    margins: dict[str, dict[str, float]] = {
        col: {str(k): float(v) for k, v in m.groupby(col)["population"].sum().items()}
        for col in ("sex", "age_group", "district")
    }
    # a district of the margins without respondents cannot be represented: rake over the
    # districts sampled (the district scores exist only for those anyway)
    margins["district"] = {k: v for k, v in margins["district"].items() if k in set(r["district"])}
    return rake(r, margins)


def _person_means(r: pd.DataFrame, groups: Mapping[str, Sequence[str]]) -> dict[str, np.ndarray]:
    return {g: r[list(items)].mean(axis=1, skipna=True).to_numpy() for g, items in groups.items()}


def _score(
    level: SurveyLevel,
    gid: str,
    names: tuple[str, str],
    est: Estimate,
    min_cell: int,
    block: str = "",
) -> SurveyScore:
    small = est.n < min_cell
    return SurveyScore(
        level=level,
        id=gid,
        block=block,
        name_zh=names[0],
        name_en=names[1],
        n=est.n,
        score=None if small else est.mean,
        low=None if small else est.low,
        high=None if small else est.high,
        deff=None if small else est.deff,
        small=small,
    )


def _city_scores(
    data: SurveyInput, w: np.ndarray, design: tuple[np.ndarray, np.ndarray]
) -> list[SurveyScore]:
    r, spec = data.responses, data.spec
    items = spec.items
    blocks: dict[str, list[str]] = {}
    dims: dict[str, list[str]] = {}
    for i in items:
        blocks.setdefault(i.block, []).append(i.id)
        dims.setdefault(f"{i.block}/{i.dimension_zh}", []).append(i.id)
    first = {i.block: i for i in reversed(items)}
    first_dim = {f"{i.block}/{i.dimension_zh}": i for i in reversed(items)}
    mc = spec.min_cell
    out = [
        _score(
            "overall",
            "all",
            ("全部题目", "All items"),
            domain_means(_person_means(r, {"all": spec.item_ids})["all"], w, *design)[""],
            mc,
        )
    ]
    for b, ids in blocks.items():
        y = _person_means(r, {b: ids})[b]
        out.append(
            _score(
                "block",
                b,
                (first[b].block_zh, first[b].block_en),
                domain_means(y, w, *design)[""],
                mc,
                b,
            )
        )
    for d, ids in dims.items():
        y = _person_means(r, {d: ids})[d]
        i = first_dim[d]
        out.append(
            _score(
                "dimension",
                d,
                (f"{i.block_zh}·{i.dimension_zh}", f"{i.block_en}: {i.dimension_en.lower()}"),
                domain_means(y, w, *design)[""],
                mc,
                i.block,
            )
        )
    for i in items:
        out.append(
            _score(
                "item",
                i.id,
                (i.item_zh, i.item_en),
                domain_means(r[i.id].to_numpy(), w, *design)[""],
                mc,
                i.block,
            )
        )
    return out


def _wider(a: Estimate, b: Estimate) -> Estimate:
    if a.low is None or b.low is None or a.high is None or b.high is None:
        return a
    return a if a.high - a.low >= b.high - b.low else b


def _area_scores(
    data: SurveyInput,
    w: np.ndarray,
    design: tuple[np.ndarray, np.ndarray],
    city: float | None,
    names: Mapping[str, tuple[str, str]],
) -> list[SurveyArea]:
    r, mc = data.responses, data.spec.min_cell
    y = _person_means(r, {"all": data.spec.item_ids})["all"]
    out = []
    # a 社区 is a single PSU and a 街道 holds few, whose variance the cluster design cannot
    # estimate: within them the respondents are the units.  A district's interval from its
    # few 社区 can come out spuriously narrow; it is never taken narrower than with the
    # respondents as units (the wider of the two)
    own = (design[0], np.arange(len(r)))
    for level in AREA_LEVELS:
        domain = r[level].to_numpy()
        ests = domain_means(y, w, own[0], own[1], domain=domain)
        if level == "district":
            clustered = domain_means(y, w, design[0], design[1], domain=domain)
            ests = {k: _wider(e, clustered[k]) for k, e in ests.items()}
        for code, est in sorted(ests.items()):
            small = est.n < mc
            zh, en = names.get(code, (code, code))
            below = not small and city is not None and est.high is not None and est.high < city
            out.append(
                SurveyArea(
                    level=level,
                    code=code,
                    name_zh=zh,
                    name_en=en,
                    n=est.n,
                    score=None if small else est.mean,
                    low=None if small else est.low,
                    high=None if small else est.high,
                    small=small,
                    below_city=bool(below),
                )
            )
    return out


def _indicators(
    data: SurveyInput,
    w: np.ndarray,
    design: tuple[np.ndarray, np.ndarray],
    survey_items: Mapping[str, Sequence[str]],
) -> list[SurveyIndicator]:
    known = set(data.spec.item_ids)
    out = []
    for ind, items in survey_items.items():
        ids = [i for i in items if i in known]
        if not ids:
            continue
        est = domain_means(_person_means(data.responses, {ind: ids})[ind], w, *design)[""]
        small = est.n < data.spec.min_cell
        out.append(
            SurveyIndicator(
                indicator=ind,
                items=ids,
                n=est.n,
                score=None if small else est.mean,
                low=None if small else est.low,
                high=None if small else est.high,
            )
        )
    return out


def assess_survey(
    data: SurveyInput,
    *,
    year: int,
    names: Mapping[str, tuple[str, str]],
    survey_items: Mapping[str, Sequence[str]] | None = None,
) -> SurveyResults:
    """Weights, scores and checks of the year's usable responses.  ``names``: code -> (zh, en)
    of the districts, 街道 and 社区; ``survey_items``: indicator -> its survey item ids (the
    framework's indicators.csv ``survey_items``)."""
    r = data.responses
    w = survey_weights(data)
    # the design as integer codes, factorised once (districts as strata, 社区 as PSUs)
    design = (pd.factorize(r["district"])[0], pd.factorize(r["community"])[0])
    scores = _city_scores(data, w, design)
    city = scores[0].score
    population = float(data.margins["population"].sum()) if data.margins is not None else None
    method = dict(METHOD)
    if data.margins is None:
        method["weighting_zh"], method["weighting_en"] = (
            "未加权（无人口边际文件）",
            "unweighted (no margins file)",
        )
    return SurveyResults(
        framework=data.spec.framework,
        domain=SURVEY,
        year=year,
        title_zh="居民调查问卷分析",
        title_en="Resident survey",
        source=data.path.name,
        read=data.read,
        usable=len(r),
        unusable=[
            SurveyCount(rule=k, label_zh=UNUSABLE_RULES[k][0], label_en=UNUSABLE_RULES[k][1], n=n)
            for k, n in data.unusable.items()
        ],
        checks=sampling_checks(r, data.spec.quotas, population),
        scores=scores,
        areas=_area_scores(data, w, design, city, names),
        survey_indicators=_indicators(data, w, design, survey_items or {}),
        threshold=data.spec.threshold,
        min_cell=data.spec.min_cell,
        method=method,
        illustrative=data.illustrative,
    )


def indicator_scores(
    survey: SurveyResults | None, survey_items: Mapping[str, Sequence[str]]
) -> dict[str, float | None]:
    """Residents' score (0-100) of each framework indicator: the stored indicator score, or
    the mean of its items' scores; None without a survey, without items, or from too few
    responses.  The national grading lowers a grade when the score is below
    ``survey.threshold`` (60)."""
    out: dict[str, float | None] = {}
    for ind, items in survey_items.items():
        if survey is None or not items:
            out[ind] = None
            continue
        score = survey.indicator_score(ind)
        if score is None:
            found = [s for s in (survey.item_score(i) for i in items) if s is not None]
            score = float(np.mean(found)) if found else None
        out[ind] = score
    return out


def unit_scores(
    data: SurveyInput,
    survey_items: Mapping[str, Sequence[str]],
    weights: np.ndarray | None = None,
) -> pd.DataFrame:
    """Residents' score of each indicator in each 街道 and 社区 (``indicator, unit,
    unit_level, n, score``): the weighted mean of the respondents' mean on the indicator's
    items; ``score`` is NaN where fewer than the minimum answered (a small cell).  The
    national judgement of 提升型 problems per unit reads it (``judge_subcity``'s
    ``survey_by_unit``)."""
    r = data.responses
    w = survey_weights(data) if weights is None else weights
    known = set(data.spec.item_ids)
    frames = []
    for ind, items in survey_items.items():
        ids = [i for i in items if i in known]
        if not ids:
            continue
        y = r[ids].mean(axis=1, skipna=True)
        ok = y.notna()
        for level in ("street", "community"):
            frame = pd.DataFrame({"unit": r[level][ok], "wy": (w * y.fillna(0))[ok], "w": w[ok]})
            g = frame.groupby("unit", sort=True).agg(
                n=("w", "size"), wy=("wy", "sum"), w=("w", "sum")
            )
            score = (g["wy"] / g["w"]).where(g["n"] >= data.spec.min_cell)
            frames.append(
                pd.DataFrame(
                    {
                        "indicator": ind,
                        "unit": g.index,
                        "unit_level": level,
                        "n": g["n"].to_numpy(),
                        "score": score.to_numpy(),
                    }
                )
            )
    columns = ["indicator", "unit", "unit_level", "n", "score"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)[columns]
    return out
