"""The data appendix: every city value up to the report year, with its status.

A value is flagged illustrative by its own status (:func:`healthcheck.inputs.status.
is_illustrative`), the same rule as the value cells of the scorecard."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from healthcheck.inputs.plan import Indicator, Plan
from healthcheck.inputs.status import is_illustrative
from healthcheck.kinds import kind
from healthcheck.report.context.base import Report
from healthcheck.report.context.formatting import raw, text, value, year_span
from healthcheck.report.outlines import Part
from healthcheck.text import STATUS, finite, fmt_value, label
from healthcheck.text.numbers import decimals, grouped
from healthcheck.text.typography import zh_punctuation

__all__ = [
    "ILLUSTRATIVE_SOURCE",
    "MAX_DATA_YEARS",
    "data",
    "data_groups",
    "note_lang",
    "observation_rows",
    "source_of",
]

#: what an illustrative value's source reads, whatever the data file says (a script path is
#: not a source)
ILLUSTRATIVE_SOURCE = "示意数据，无公开数值 / illustrative, no published figure"
#: the data's own words for that, dropped from the notes (the source says it)
_PLACEHOLDER = re.compile(
    r"^\s*illustrative placeholder: no published figure\s*(\([^)]*\))?[;,.]?\s*"
)


def source_of(status: str, source: str, note: str) -> tuple[str, str]:
    """(source, note) as the report gives them: an illustrative value's source is
    :data:`ILLUSTRATIVE_SOURCE`, and its note loses the words that repeat it.  A published
    source stays as the data file has it (the workbook's); the data appendix sets it with
    full-width punctuation beside Chinese."""
    if not is_illustrative(status):
        return source, note
    kept = [p.strip() for p in note.split(";") if not _PLACEHOLDER.match(p)]
    return ILLUSTRATIVE_SOURCE, "; ".join(p for p in kept if p)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def note_lang(note: str) -> str:
    """The language of a note of the data ("zh" or "en"), by its letters: the data's notes
    have one language (most are English, with Chinese names in them); the report prints
    each as written, tagged with its language and, when English, labelled so ("备注（英文）"),
    never translated."""
    return "zh" if len(_CJK.findall(note)) >= len(_LATIN.findall(note)) else "en"


#: at most this many year columns in the data appendix (older years go to the notes line)
MAX_DATA_YEARS = 8


def observation_rows(plan: Plan, observations: pd.DataFrame, year: int) -> list[dict[str, Any]]:
    """The city-level values up to the report year, in plan order then year."""
    if observations.empty:
        return []
    obs = observations.copy()
    obs["area"] = obs["area"].fillna("").astype(str)
    city = obs[obs["area"].isin(["", plan.city_code])]
    city = city[pd.to_numeric(city["year"], errors="coerce") <= year]
    series: list[tuple[str, str, str, str, str, Indicator | None]] = [
        (i.id, i.name_zh, i.name_en, i.unit_zh, i.unit_en, i) for i in plan.indicators
    ]
    series += [(c.id, c.name_zh, c.name_en, c.unit_zh, c.unit_en, None) for c in plan.context]
    out = []
    for sid, name_zh, name_en, unit_zh, unit_en, ind in series:
        sub = city[city["indicator"] == sid].sort_values("year", kind="stable")
        for r in sub.to_dict("records"):
            v = finite(r.get("value"))
            if ind is not None:
                vzh, ven = value(ind, v, "zh"), value(ind, v, "en")
            else:
                vzh, ven = (
                    fmt_value(v, unit_zh, unit_en, "zh"),
                    fmt_value(v, unit_zh, unit_en, "en"),
                )
            status = str(r.get("status") or "")
            source, note = source_of(status, text(r.get("source")), text(r.get("note")))
            out.append({
                "id": sid, "name_zh": name_zh, "name_en": name_en,
                "year": int(r["year"]), "raw": v, "value_zh": vzh, "value_en": ven,
                "status": status,
                "status_zh": label("status", status, "zh"),
                "status_en": label("status", status, "en"),
                "source": source, "note": note,
                "illustrative": is_illustrative(status),
                "context": ind is None,
            })  # fmt: skip
    return out


def _group(r: dict[str, Any], plan: Plan) -> dict[str, Any]:
    units = {i.id: (i.unit_zh, i.unit_en, i.kind) for i in plan.indicators}
    unit_zh, unit_en, k = units.get(r["id"], ("", "", ""))
    if not k:
        ctx = {c.id: (c.unit_zh, c.unit_en) for c in plan.context}
        unit_zh, unit_en = ctx.get(r["id"], ("", ""))
    elif kind(k).family == "milestone":
        unit_zh, unit_en = "1 = 已完成，0 = 未完成", "1 = done, 0 = not yet"
    return {"id": r["id"], "name_zh": r["name_zh"], "name_en": r["name_en"],
            "context": r["context"], "unit_zh": unit_zh, "unit_en": unit_en,
            "cells": {}, "earlier": [], "sources": {}, "notes": {}}  # fmt: skip


def _same_decimals(cells: list[dict[str, Any]]) -> None:
    """The values of one series as the data file holds them, written with the same decimals
    (the most any of them has: 72.01 beside 84.50, never 84.5) and grouped."""
    values = [c["raw"] for c in cells if c["raw"] is not None]
    digits = max((decimals(v) for v in values), default=0)
    for c in cells:
        c["raw"] = raw(None) if c["raw"] is None else grouped(c["raw"], digits)


def data_groups(plan: Plan, rows: list[dict[str, Any]]) -> tuple[list[int], list[dict[str, Any]]]:
    """One group per series with a cell per year; the sources and notes of the values listed
    under it with the years they apply to."""
    years = sorted({r["year"] for r in rows})[-MAX_DATA_YEARS:]
    groups: list[dict[str, Any]] = []
    for r in rows:
        if not groups or groups[-1]["id"] != r["id"]:
            groups.append(_group(r, plan))
        g = groups[-1]
        cell = {"raw": r["raw"], "status": r["status"], "status_zh": r["status_zh"],
                "status_en": r["status_en"], "illustrative": r["illustrative"],
                "year": r["year"]}  # fmt: skip
        if r["year"] in years:
            g["cells"][r["year"]] = cell
        else:
            g["earlier"].append(cell)
        if r["source"]:
            g["sources"].setdefault(zh_punctuation(r["source"]), []).append(r["year"])
        if r["note"]:
            g["notes"].setdefault(r["note"], []).append(r["year"])
    for g in groups:
        _same_decimals([*g["cells"].values(), *g["earlier"]])
        g["illustrative"] = any(c["illustrative"] for c in [*g["cells"].values(), *g["earlier"]])
        g["sources"] = [{"text": t, "years": year_span(ys)} for t, ys in g["sources"].items()]
        g["notes"] = [{"text": t, "years": year_span(ys), "lang": note_lang(t)}
                      for t, ys in g["notes"].items()]  # fmt: skip
    return years, groups


def data(report: Report, part: Part) -> dict[str, Any]:
    rows = observation_rows(report.plan, report.results.observations, report.year)
    years, groups = data_groups(report.plan, rows)
    status_counts = []
    for key in STATUS:
        n = sum(1 for r in rows if r["status"] == key)
        if n:
            zh, en = label("status", key, "zh"), label("status", key, "en")
            status_counts.append({"zh": zh, "en": en, "n": n, "key": key})
    return {
        "ch_data": report.chapter_of[part.key],
        "data_rows": rows,
        "data_groups": groups,
        "data_years": years,
        "status_counts": status_counts,
        "illustrative_source": ILLUSTRATIVE_SOURCE,
    }
