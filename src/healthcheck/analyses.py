"""Domain analyses: the loader of the project's analyses, and the progress board.

A domain's own question beyond the verdicts (how fast is it building, does capacity turn into
outcome, …) belongs to the project, not to the library: it is the file
``notebooks/analyses/<name>.py``, bound to a domain in ``plan.yaml`` with the indicator ids
it works on as parameters::

    domains:
      - id: resilience
        analysis: {name: capacity_vs_outcome, params: {capacity: R01, outcome: R02, …}}

An analysis file defines

=====================================  ======================================================
``compute(ctx, **params)``             the numbers: a DataFrame (the analysis table)
``draw(frame, ctx, **params)``         the figure (a matplotlib ``Figure``), or None
``describe(frame, ctx, **params)``     the paragraph: ``(zh, en)``
``CAPTION``                            the figure caption ``(zh, en)``
``TABLE_CAPTION`` (optional)           the table caption ``(zh, en)``; without it, no table
``TABLE_COLUMNS`` (optional)           the frame's columns the table shows (default: all)
``illustrative(frame, ctx, **params)``  (optional) whether the figure shows an illustrative
                                       value (default: whether any row of the frame does)
=====================================  ======================================================

A row of the frame rests on an illustrative value if its ``illustrative`` column is true or,
without that column, if its ``status`` is ``illustrative``.  Captions are format strings with
the fields ``{domain_zh}``, ``{domain_en}``, every parameter, and, for a parameter naming a
series of the plan, ``{<param>_zh}`` / ``{<param>_en}`` (its name).

``ctx`` is the notebook's :class:`~healthcheck.notebook.DomainContext`; an analysis uses only
the members of :class:`AnalysisContext`.  When the plan or its data lacks the series an
analysis needs, ``compute`` raises :class:`Missing` (:func:`need` does it) and :func:`run`
shows the progress board instead, as it does for a domain without a binding.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

import pandas as pd
from matplotlib.figure import Figure

from healthcheck.charts import progress_board
from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Analysis, Domain, Indicator, Plan
from healthcheck.inputs.status import is_illustrative
from healthcheck.text import fmt_percent, fmt_pp

__all__ = [
    "REQUIRED",
    "AnalysisContext",
    "AnalysisResult",
    "Missing",
    "city_series",
    "pick_indicators",
    "load",
    "need",
    "progress",
    "records",
    "run",
]

#: the functions every analysis file defines
REQUIRED: tuple[str, ...] = ("compute", "draw", "describe")


class AnalysisContext(Protocol):
    """What an analysis may read of the notebook's domain context."""

    @property
    def plan(self) -> Plan: ...
    @property
    def year(self) -> int: ...
    @property
    def domain(self) -> Domain: ...
    @property
    def obs(self) -> pd.DataFrame: ...
    @property
    def districts(self) -> pd.DataFrame: ...
    @property
    def assessment(self) -> pd.DataFrame: ...
    @property
    def names(self) -> dict[str, tuple[str, str]]: ...
    def points(self, indicator: str) -> pd.DataFrame: ...
    def row(self, indicator: str) -> dict[str, Any]: ...
    def illustrative(self, indicator: str) -> bool: ...
    def district_statuses(self, indicator: str) -> dict[str, str]: ...


@dataclass
class AnalysisResult:
    """What the notebook records of an analysis: the figure, the table and the paragraph."""

    frame: pd.DataFrame
    figure: Figure | None
    caption_zh: str
    caption_en: str
    table: pd.DataFrame | None
    table_caption_zh: str
    table_caption_en: str
    text_zh: str
    text_en: str
    #: the figure shows an illustrative value
    illustrative: bool = False
    #: per row of ``table``: the row rests on an illustrative value
    table_illustrative: list[bool] = field(default_factory=list)


class Missing(LookupError):
    """The series an analysis needs are not in this plan or its data."""


# --------------------------------------------------------------------------------------------
# What analyses share


def need(ctx: AnalysisContext, *ids: str) -> None:
    """Raise :class:`Missing` unless every id is a series of the plan with city values."""
    have = ctx.plan.series_ids
    missing = [i for i in ids if i not in have or not len(ctx.points(i))]
    if missing:
        raise Missing(", ".join(missing))


def pick_indicators(ctx: AnalysisContext, ids: Iterable[str] | None = None) -> list[Indicator]:
    """The indicators a parameter names, in its order (default: the domain's, in the plan's
    order); :class:`Missing` if the plan lacks one."""
    if ids is None:
        return list(ctx.plan.indicators_of(ctx.domain.id))
    ids = list(ids)
    known = {i.id for i in ctx.plan.indicators}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise Missing(", ".join(unknown))
    return [ctx.plan.indicator(i) for i in ids]


def city_series(ctx: AnalysisContext, sid: str) -> dict[int, tuple[float, str]]:
    """The city's values of a series up to the report year: ``{year: (value, status)}``."""
    pts = ctx.points(sid)
    pts = pts[pts["year"] <= ctx.year]
    return {
        int(y): (float(v), s)
        for y, v, s in zip(pts["year"], pts["value"], pts["status"], strict=True)
    }


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as dicts, with None for every missing value (NaN, <NA>)."""
    return [
        {str(k): (None if _missing(v) else v) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


# --------------------------------------------------------------------------------------------
# Loading and running


def load(analyses_dir: Path, name: str) -> ModuleType:
    """The analysis file ``<analyses_dir>/<name>.py``, freshly executed (an edit shows at the
    next call).  A missing file, a syntax error or a missing function is a BuildError naming
    the file."""
    path = Path(analyses_dir) / f"{name}.py"
    if not path.is_file():
        raise BuildError(
            f"{path.resolve()}: no such analysis file (the plan binds the analysis {name!r}; "
            f"analyses are looked up in {Path(analyses_dir).resolve()})"
        )
    module_name = f"healthcheck_project_analyses.{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has one
        raise BuildError(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        sys.modules.pop(module_name, None)
        raise BuildError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
    lacking = [f for f in REQUIRED if not callable(getattr(module, f, None))]
    if lacking:
        raise BuildError(
            f"{path}: an analysis defines {', '.join(REQUIRED)}; this file lacks "
            f"{', '.join(lacking)}"
        )
    if _pair(getattr(module, "CAPTION", None)) is None:
        raise BuildError(f"{path}: CAPTION must be a (zh, en) pair of strings")
    return module


def run(ctx: AnalysisContext, binding: Analysis | None, analyses_dir: Path | str) -> AnalysisResult:
    """The analysis a domain binds (``plan.yaml``: ``domains[].analysis``), or the progress
    board when there is no binding or the plan lacks the series the analysis needs."""
    if binding is None:
        return progress(ctx)
    module = load(Path(analyses_dir), binding.name)
    params = dict(binding.params)
    try:
        frame = module.compute(ctx, **params)
    except Missing:
        return progress(ctx)
    figure = module.draw(frame, ctx, **params)
    text_zh, text_en = module.describe(frame, ctx, **params)
    fields = _caption_fields(ctx, params)
    where = Path(module.__file__ or binding.name)
    caption = _caption(module.CAPTION, fields, where, "CAPTION")
    flags = _row_flags(frame)
    hook: Callable[..., bool] | None = getattr(module, "illustrative", None)
    shown = bool(hook(frame, ctx, **params)) if hook is not None else any(flags)
    table_caption = _pair(getattr(module, "TABLE_CAPTION", None))
    table = None
    if table_caption is not None:
        table_caption = _caption(table_caption, fields, where, "TABLE_CAPTION")
        columns = getattr(module, "TABLE_COLUMNS", None)
        table = frame if columns is None else frame.loc[:, list(columns)]
    return AnalysisResult(
        frame=frame,
        figure=figure,
        caption_zh=caption[0],
        caption_en=caption[1],
        table=table,
        table_caption_zh=table_caption[0] if table_caption else "",
        table_caption_en=table_caption[1] if table_caption else "",
        text_zh=text_zh,
        text_en=text_en,
        illustrative=shown,
        table_illustrative=flags if table is not None else [],
    )


def _pair(value: object) -> tuple[str, str] | None:
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    return None


def _caption_fields(ctx: AnalysisContext, params: Mapping[str, Any]) -> dict[str, Any]:
    names = {i.id: (i.name_zh, i.name_en) for i in ctx.plan.indicators}
    names |= {c.id: (c.name_zh, c.name_en) for c in ctx.plan.context}
    fields: dict[str, Any] = {"domain_zh": ctx.domain.title_zh, "domain_en": ctx.domain.title_en}
    for key, value in params.items():
        fields[key] = value
        if isinstance(value, str) and value in names:
            fields[f"{key}_zh"], fields[f"{key}_en"] = names[value]
    return fields


def _caption(
    pair: tuple[str, str], fields: Mapping[str, Any], path: Path, what: str
) -> tuple[str, str]:
    try:
        return pair[0].format(**fields), pair[1].format(**fields)
    except (KeyError, IndexError) as exc:
        raise BuildError(
            f"{path}: {what} names the field {exc}, which is not one of {', '.join(sorted(fields))}"
        ) from None


def _row_flags(frame: pd.DataFrame) -> list[bool]:
    if "illustrative" in frame.columns:
        return [bool(v) for v in frame["illustrative"]]
    if "status" in frame.columns:
        return [is_illustrative(s) for s in frame["status"]]
    return [False] * len(frame)


# --------------------------------------------------------------------------------------------
# Any domain: the progress board

_BOARD_COLUMNS = [
    "id",
    "name_zh",
    "name_en",
    "completion",
    "time_elapsed",
    "schedule_gap",
    "schedule_verdict",
]


def progress(ctx: AnalysisContext) -> AnalysisResult:
    """Completion against time elapsed for every indicator of the domain."""
    rows = []
    for r in records(ctx.assessment):
        r["illustrative"] = ctx.illustrative(r["id"])
        if r.get("completion_meaningful") is False:  # B10: not drawn, not ranked
            r["completion"] = r["schedule_gap"] = None
        rows.append(r)
    data = [r for r in rows if r.get("completion") is not None]
    table = pd.DataFrame(
        [
            {
                **{k: r[k] for k in _BOARD_COLUMNS if k not in ("name_zh", "name_en")},
                "name_zh": ctx.names[r["id"]][0],
                "name_en": ctx.names[r["id"]][1],
                "illustrative": r["illustrative"],
            }
            for r in data
        ],
        columns=[*_BOARD_COLUMNS, "illustrative"],
    ).sort_values("schedule_gap", kind="stable")
    zh, en = _board_text(table)
    if table.empty:  # nothing to draw or list: the sentence says so, no empty chart or table
        return AnalysisResult(table, None, "", "", None, "", "", zh, en)
    fig = progress_board(
        rows,
        ctx.names,
        f"{ctx.domain.title_zh}：完成率与时序进度",
        f"{ctx.domain.title_en}: completion against time elapsed",
    )
    return AnalysisResult(
        frame=table,
        figure=fig,
        caption_zh=f"{ctx.domain.title_zh}：各指标完成率与时序进度",
        caption_en=f"{ctx.domain.title_en}: completion of each indicator against time elapsed",
        table=table.loc[:, _BOARD_COLUMNS],
        table_caption_zh="表：完成率与时序进度",
        table_caption_en="Table: completion against time elapsed",
        text_zh=zh,
        text_en=en,
        illustrative=any(r["illustrative"] for r in data),
        table_illustrative=[bool(v) for v in table["illustrative"]],
    )


def _board_text(table: pd.DataFrame) -> tuple[str, str]:
    """The board in two sentences, with the numbers as the tables print them (text.numbers):
    "furthest behind" only for a gap below zero as printed."""
    if not len(table):
        return (
            "本领域没有可计算完成率的指标。",
            "No indicator of this domain has a completion rate.",
        )
    worst, best = table.iloc[0], table.iloc[-1]
    n = len(table)
    wc, wg = fmt_percent(worst["completion"], "zh"), fmt_pp(worst["schedule_gap"], "zh")
    wg_en = fmt_pp(worst["schedule_gap"], "en")
    bc = fmt_percent(best["completion"], "zh")
    behind = wg.startswith("−")
    if behind:
        zh = (
            f"在有完成率的{n}项指标中，最落后于时序进度的是{worst['id']} {worst['name_zh']}"
            f"（完成率{wc}，进度差{wg}）"
        )
        en = (
            f"Of the {n} indicators with a completion rate, {worst['id']} {worst['name_en']} "
            f"is furthest behind its schedule (completion {wc}, gap {wg_en})"
        )
    else:
        zh = f"有完成率的{n}项指标均不慢于时序进度"
        en = f"None of the {n} indicators with a completion rate is behind its schedule"
    if best["id"] != worst["id"] or not behind:
        zh += f"，完成率最高的是{best['id']} {best['name_zh']}（{bc}）"
        en += f"; {best['id']} {best['name_en']} has the highest completion ({bc})"
    return zh + "。", en + "."
