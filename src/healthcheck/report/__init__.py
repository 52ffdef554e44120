"""The report: the notebooks' results stitched into a bilingual PDF, an HTML page and a workbook.

:func:`render_report` reads ``<out>/<year>/domains/*/results.json`` and
``<out>/<year>/summary/results.json`` (the contract of :mod:`healthcheck.results`), fills the
Jinja2 templates of ``templates/`` and writes, next to each other::

    report.pdf      WeasyPrint, fonts embedded and subset, vector figures
    report.html     the same document for a browser (figure paths relative to it)
    report.xlsx     the scorecard, one sheet per domain, the districts and the data
    tables/         assessment.csv, districts.csv, observations.csv

Everything is rendered in memory first and written atomically afterwards, so a failed render
leaves the previous report in place.  Failures raise :class:`~healthcheck.errors.BuildError`:
missing or stale results, a template error, a figure that cannot be loaded or that leaves its
results folder, a character that no installed font has (WeasyPrint would draw a ``.notdef``
box, "tofu"), and a character that only a non-Noto font has (fontconfig falls back silently to
whatever is installed, so another machine would print tofu).

Layout decisions: a shortfall's figure is drawn once, in the 问题清单, and its domain chapter
refers to it by number and page (each drawing costs the PDF and the render time); a notebook
table wider than :data:`MAX_TABLE_COLUMNS` is listed with its CSV path instead of typeset; the
per-page note "本页含示意数据 / This page shows illustrative values" is a page-margin box kept
only on the pages that lay out an element of class ``illus`` (:func:`_mark_pages`).

Safety: Jinja autoescaping is on, so text from the data is text, never markup; WeasyPrint's
URL fetcher serves only files under the build folder and the templates folder, and ``data:``
URLs (:class:`SafeURLFetcher`).  Repeatability: the PDF's dates come from the report year
(``<year>-12-31``), the document has no random identifier and every list is in plan order,
so the same inputs give a byte-identical PDF (and workbook).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import mimetypes
import re
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from weasyprint.urls import URLFetcher, URLFetcherResponse

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Indicator, Plan
from healthcheck.results import SCHEMA_VERSION, atomic_write_bytes
from healthcheck.text import finite, fmt_percent, fmt_pp, fmt_value, i18n, label

__all__ = [
    "DEFAULT_TEMPLATE_DIR",
    "ReportPaths",
    "SafeURLFetcher",
    "URLRefused",
    "build_context",
    "render_html",
    "render_report",
    "report_inputs",
]

LOG = logging.getLogger(__name__)

#: the templates of a checkout (``<repo>/templates``)
DEFAULT_TEMPLATE_DIR = Path(__file__).resolve().parents[3] / "templates"
TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"

#: the margin box that carries the per-page "illustrative values" note (see _mark_pages)
ILLUSTRATIVE_MARGIN = "@bottom-left"
ILLUSTRATIVE_CLASS = "illus"

#: the fonts the report may use (fontconfig would silently fall back to any other installed
#: font for a character Noto lacks; a machine without that font would then print tofu)
FONT_PREFIX = "Noto "

#: symbols of i18n that Noto CJK lacks, drawn with a look-alike it has

_ZH_NUMERALS = "零一二三四五六七八九十"
#: data rows of a domain table shown in the PDF; the full table is in the CSV
MAX_TABLE_ROWS = 40
#: a domain table with more columns than this is not typeset (it stays in its CSV file)
MAX_TABLE_COLUMNS = 8


@dataclass(frozen=True)
class ReportPaths:
    pdf: Path
    html: Path
    xlsx: Path
    tables: Path


# ---------------------------------------------------------------------------------------------
# The URL fetcher


class URLRefused(ValueError):
    """The report asked for a resource outside the build and templates folders."""


class SafeURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only files under ``roots``, and ``data:`` URLs.

    ``fetch`` resolves symbolic links and ``..`` before checking the folder, and raises
    :class:`URLRefused` for anything else: http, https, ftp, a file elsewhere, a missing file.
    ``refused`` and ``fetched`` list the URLs asked for.  (WeasyPrint 70 takes an instance of
    a :class:`weasyprint.urls.URLFetcher` subclass whose ``fetch(url, headers)`` returns a
    :class:`weasyprint.urls.URLFetcherResponse`.)
    """

    def __init__(self, roots: Iterable[str | Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []
        self.fetched: list[str] = []

    def _refuse(self, url: str, why: str) -> None:
        self.refused.append(url)
        raise URLRefused(f"{why}: {url[:200]}")

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            self.fetched.append(url[:40])
            return super().fetch(url, headers)
        if scheme != "file":
            self._refuse(url, "only files of the build are fetched, not")
        parts = urllib.parse.urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            self._refuse(url, "remote file URL refused")
        path = Path(urllib.request.url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            self._refuse(url, "file outside the build and templates folders refused")
        if not path.is_file():
            self._refuse(url, "no such file")
        self.fetched.append(str(path))
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})


# ---------------------------------------------------------------------------------------------
# Reading the results


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"missing results: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BuildError(f"unreadable results {path}: {exc}") from None
    if not isinstance(data, dict):
        raise BuildError(f"results {path}: expected a JSON object")
    return data


def _check_envelope(data: dict[str, Any], path: Path, domain: str, year: int) -> None:
    if data.get("schema") != SCHEMA_VERSION:
        raise BuildError(
            f"results {path}: schema {data.get('schema')!r}, this renderer reads {SCHEMA_VERSION}"
        )
    if data.get("domain") != domain:
        raise BuildError(f"results {path}: domain {data.get('domain')!r}, expected {domain!r}")
    if data.get("year") != year:
        raise BuildError(
            f"results {path}: year {data.get('year')!r}, expected {year} (stale results?)"
        )
    for key in ("text", "indicators", "figures", "tables"):
        if not isinstance(data.get(key, []), list):
            raise BuildError(f"results {path}: '{key}' must be a list")


def _load_results(
    plan: Plan, build_dir: Path, year: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    missing = [
        str(build_dir / "domains" / d.id / "results.json")
        for d in plan.domains
        if not (build_dir / "domains" / d.id / "results.json").is_file()
    ]
    summary_path = build_dir / "summary" / "results.json"
    if not summary_path.is_file():
        missing.append(str(summary_path))
    if missing:
        raise BuildError(
            "missing results (run the notebooks first):\n" + "\n".join(f"  {m}" for m in missing)
        )
    domains = []
    for d in plan.domains:
        path = build_dir / "domains" / d.id / "results.json"
        data = _read_json(path)
        _check_envelope(data, path, d.id, year)
        domains.append(data)
    summary = _read_json(summary_path)
    _check_envelope(summary, summary_path, "summary", year)
    return domains, summary


def _safe_rel(folder: Path, rel: str, what: str) -> Path:
    """``folder / rel``, which must stay inside ``folder`` and exist."""
    if not isinstance(rel, str) or not rel:
        raise BuildError(f"{what}: empty path in {folder / 'results.json'}")
    path = (folder / rel).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise BuildError(f"{what}: path {rel!r} leaves its results folder {folder}")
    if not path.is_file():
        raise BuildError(f"{what}: missing file {folder / rel}")
    return path


def report_inputs(build_dir: str | Path) -> list[Path]:
    """The files :func:`render_report` reads under ``build_dir``: every results.json and the
    figures and tables they name (sorted; the templates, plan and data are hashed apart)."""
    build_dir = Path(build_dir)
    found: set[Path] = set()
    folders = sorted(p.parent for p in (build_dir / "domains").glob("*/results.json"))
    if (build_dir / "summary" / "results.json").is_file():
        folders.append(build_dir / "summary")
    for folder in folders:
        path = folder / "results.json"
        found.add(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        refs = [f.get("path") for f in data.get("figures", []) if isinstance(f, dict)]
        refs += [t.get("path") for t in data.get("tables", []) if isinstance(t, dict)]
        refs += [i.get("figure") for i in data.get("indicators", []) if isinstance(i, dict)]
        for rel in refs:
            if isinstance(rel, str) and rel and (folder / rel).is_file():
                found.add(folder / rel)
    return sorted(found)


# ---------------------------------------------------------------------------------------------
# Formatting


def _int(x: Any) -> int | None:
    v = finite(x)
    return int(v) if v is not None else None


def _minus(text: str) -> str:
    """A typographic minus sign for a leading hyphen: -20.0% -> −20.0%."""
    return "−" + text[1:] if text.startswith("-") else text


def _verdict(table: str, key: str | None) -> dict[str, str]:
    """A verdict or category as symbol + words, in both languages."""
    entries = i18n.VERDICT if table == "verdict" else i18n.CATEGORY
    if not key:
        return {"key": "none", "sym": "–", "zh": "不适用", "en": "not applicable"}
    zh, en, sym = entries.get(key, (key, key.replace("_", " "), "?"))
    return {"key": key, "sym": sym, "zh": zh, "en": en}


def zh_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (chapter numbers)."""
    if n <= 10:
        return _ZH_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _ZH_NUMERALS[tens] + "十"
    return head + (_ZH_NUMERALS[ones] if ones else "")


def _zh_date(year: int, month: int, day: int) -> str:
    return f"{year}年{month}月{day}日"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def _en_date(year: int, month: int, day: int) -> str:
    return f"{day} {_MONTHS[month - 1]} {year}"


def _value(ind: Indicator, x: Any, lang: str) -> str:
    v = finite(x)
    if v is None:
        return "—"
    if ind.kind == "milestone":
        done = v >= 0.5
        return ("已完成" if done else "未完成") if lang == "zh" else ("done" if done else "not yet")
    return fmt_value(v, ind.unit_zh, ind.unit_en, lang)  # type: ignore[arg-type]


def _signed_value(ind: Indicator, x: Any, lang: str) -> str:
    """A signed difference; of percentages, in percentage points."""
    v = finite(x)
    if v is None:
        return "—"
    if ind.is_percentage:
        return fmt_pp(v / 100, lang)  # type: ignore[arg-type]
    text = _value(ind, abs(v), lang)
    return ("+" if v >= 0 else "−") + text


def _target(ind: Indicator, row: Mapping[str, Any], lang: str) -> str:
    if ind.kind == "trend":
        return "逐年提升" if lang == "zh" else "rise every year"
    if ind.kind == "milestone":
        return f"{ind.target_year}年前完成" if lang == "zh" else f"done by {ind.target_year}"
    return _value(ind, row.get("target_value"), lang)


# ---------------------------------------------------------------------------------------------
# The context of the templates


_SVG_SIZE = re.compile(rb"<svg\b[^>]*?\bwidth=\"([0-9.]+)\s*(pt|px|mm|cm|in)?\"", re.S)
_TO_MM = {b"pt": 25.4 / 72, b"px": 25.4 / 96, b"mm": 1.0, b"cm": 10.0, b"in": 25.4, None: 25.4 / 96}
#: figures at most this wide (mm, at their natural size) sit two to a row
HALF_WIDTH_MM = 100.0


def _figure_width_mm(path: Path) -> float | None:
    """The natural width of an SVG figure in millimetres (None if unknown or not SVG)."""
    if path.suffix.lower() != ".svg":
        return None
    with path.open("rb") as fh:
        head = fh.read(4096)
    match = _SVG_SIZE.search(head)
    if not match:
        return None
    return float(match.group(1)) * _TO_MM[match.group(2)]


def _figure(
    fig: Mapping[str, Any], folder: Path, rel_folder: str, plan: Plan, number: str
) -> dict[str, Any]:
    path = fig.get("path")
    resolved = _safe_rel(folder, path, f"figure {fig.get('id')!r}")
    kind = fig.get("kind") or "extra"
    if kind == "map":
        if plan.map_approval:
            map_zh = f"审图号：{plan.map_approval}"
            map_en = f"map approval number {plan.map_approval}"
        else:
            map_zh, map_en = "示意图", "schematic map"
    else:
        map_zh = map_en = ""
    width = _figure_width_mm(resolved)
    half = kind == "indicator" and width is not None and width <= HALF_WIDTH_MM
    return {
        "id": str(fig.get("id", "")),
        "url": f"{rel_folder}/{path}",
        "kind": kind,
        "indicator": fig.get("indicator"),
        "caption_zh": str(fig.get("caption_zh") or ""),
        "caption_en": str(fig.get("caption_en") or ""),
        "illustrative": bool(fig.get("illustrative")),
        "map_zh": map_zh,
        "map_en": map_en,
        "number": number,
        "layout": "half" if half else "full",
        "width_mm": None if half or width is None else round(width, 1),
        "natural_mm": None if width is None else round(width, 1),
        "sentence_zh": "",
        "sentence_en": "",
        "same_as": None,
        "moved_to": None,
    }


_BOOL_CELLS = {"True": "是 yes", "False": "否 no"}


def _tidy_cell(text: str) -> tuple[str, bool]:
    """A CSV cell for print: long decimals shortened; (text, is_number)."""
    s = text.strip()
    if not s:
        return "", False
    if s in _BOOL_CELLS:
        return _BOOL_CELLS[s], False
    try:
        v = float(s)
    except ValueError:
        return s, False
    if not math.isfinite(v):
        return "—", True
    if re.fullmatch(r"[-+]?\d+", s):
        return s, True
    digits = max(0, min(3, 3 - int(math.floor(math.log10(abs(v))))) if v else 0)
    out = f"{v:.{digits}f}"
    if "." in out:
        out = out.rstrip("0").rstrip(".")
    return out.replace("-", "−", 1) if out.startswith("-") else out, True


def _is_illustrative_cell(text: str) -> bool:
    t = text.strip().lower()
    return t in {"illustrative", "示意", "示意数据"} or t.startswith(("illustrative", "示意"))


#: bilingual headers for the column names the notebooks' tables use
COLUMN_LABELS: dict[str, str] = {
    "year": "年份 Year",
    "id": "编号 ID",
    "name_zh": "指标 Indicator",
    "name_en": "Indicator (English)",
    "domain": "领域 Domain",
    "completion": "完成率 Completion",
    "time_elapsed": "时序进度 Time elapsed",
    "schedule_gap": "进度差 Schedule gap",
    "schedule_verdict": "时序判定 Schedule verdict",
    "verdict": "判定 Verdict",
    "count": "个数 Count",
    "share": "占比 Share",
    "total": "合计 Total",
    "system": "判定体系 System",
    "status": "数据状态 Status",
    "illustrative": "示意数据 Illustrative",
    "annual": "年度完成量 Annual amount",
    "running_sum": "累计 Running sum",
    "population_10k": "常住人口（万人）Population (10k)",
    "beds_per_1000": "每千人床位 Beds per 1000",
    "beds_implied": "推算床位数 Implied beds",
    "row": "类别 Kind of row",
}


def column_label(name: str, plan: Plan | None = None) -> str:
    """A table header in both languages: a known column, an indicator id with its name, or
    the name as it is."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    if plan is not None:
        try:
            ind = plan.indicator(name)
        except KeyError:
            return name
        return f"{ind.id} {ind.name_zh}"
    return name


def _table(
    tab: Mapping[str, Any], folder: Path, number: str, plan: Plan | None = None
) -> dict[str, Any]:
    path = _safe_rel(folder, tab.get("path"), f"table {tab.get('id')!r}")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BuildError(f"unreadable table {path}: {exc}") from None
    header = rows[0] if rows else []
    body = rows[1:]
    shown = []
    flags = []
    for r in body[:MAX_TABLE_ROWS]:
        cells = [_tidy_cell(c) for c in r]
        shown.append(cells)
        flags.append(any(_is_illustrative_cell(c) for c in r))
    numeric = [
        bool(shown) and all(r[i][1] or not r[i][0] for r in shown if i < len(r))
        for i in range(len(header))
    ]
    return {
        "id": str(tab.get("id", "")),
        "caption_zh": str(tab.get("caption_zh") or ""),
        "caption_en": str(tab.get("caption_en") or ""),
        "header": [column_label(h, plan) for h in header],
        "numeric": numeric,
        "rows": shown,
        "illustrative_rows": flags,
        "illustrative": any(flags),
        "total": len(body),
        "cut": len(body) > MAX_TABLE_ROWS,
        "printed": 0 < len(header) <= MAX_TABLE_COLUMNS,
        "columns": len(header),
        "path": f"{folder.parent.name}/{folder.name}/{tab.get('path')}",
        "number": number,
    }


def _row_view(
    ind: Indicator, row: Mapping[str, Any], plan: Plan, year: int, figure_url: str | None
) -> dict[str, Any]:
    t = _int(row.get("year"))
    base_year = _int(row.get("baseline_year")) or ind.baseline_year
    completion = finite(row.get("completion"))
    gap = finite(row.get("schedule_gap"))
    projected = finite(row.get("projected_value"))
    anticipated = finite(row.get("anticipated_completion"))
    likely = row.get("likely_met")
    status = row.get("value_status")
    illustrative = bool(row.get("illustrative")) or status == "illustrative"
    view = {
        "id": ind.id,
        "domain": ind.domain,
        "kind": ind.kind,
        "kind_zh": label("kind", ind.kind, "zh"),
        "kind_en": label("kind", ind.kind, "en"),
        "name_zh": str(row.get("name_zh") or ind.name_zh),
        "name_en": str(row.get("name_en") or ind.name_en),
        "clause": ind.clause,
        "target_text_zh": ind.target_text_zh,
        "value_zh": _value(ind, row.get("value"), "zh"),
        "value_en": _value(ind, row.get("value"), "en"),
        "value_year": t,
        "stale": t is not None and t < min(year, plan.target_year),
        "baseline_zh": _value(ind, row.get("baseline"), "zh"),
        "baseline_en": _value(ind, row.get("baseline"), "en"),
        "baseline_year": base_year,
        "target_zh": _target(ind, row, "zh"),
        "target_en": _target(ind, row, "en"),
        "analysts": ind.goal_is_analysts or row.get("target_source") == "analyst",
        "threshold_note_zh": ind.threshold_note_zh,
        "threshold_note_en": ind.threshold_note_en,
        "completion": _minus(fmt_percent(completion, "zh")) if completion is not None else "—",
        "gap_zh": fmt_pp(gap, "zh"),
        "gap_en": fmt_pp(gap, "en"),
        "gap_value": gap,
        "verdict": _verdict("verdict", row.get("schedule_verdict")),
        "category": _verdict("category", row.get("international_category")),
        "projected_zh": _value(ind, projected, "zh") if projected is not None else "",
        "projected_en": _value(ind, projected, "en") if projected is not None else "",
        "anticipated": _minus(fmt_percent(anticipated, "zh")) if anticipated is not None else "",
        "likely_met": likely if isinstance(likely, bool) else None,
        "illustrative": illustrative,
        "sentence_zh": str(row.get("sentence_zh") or ""),
        "sentence_en": str(row.get("sentence_en") or ""),
        "note": str(row.get("note") or ""),
        "figure_url": figure_url,
        "figure": None,
        "done_year": _int(row.get("done_year")),
    }
    return view


def _counts(rows: list[dict[str, Any]], field: str, order: Iterable[str]) -> list[dict[str, Any]]:
    keys = [r[field]["key"] for r in rows]
    out = []
    for key in [*order, "none"]:
        n = keys.count(key)
        if n:
            out.append(
                {
                    **_verdict(
                        "verdict" if field == "verdict" else "category",
                        None if key == "none" else key,
                    ),
                    "n": n,
                }
            )
    return out


def _count_sentence(rows: list[dict[str, Any]], total: int) -> tuple[str, str]:
    parts = _counts(rows, "verdict", i18n.VERDICT)
    zh = f"纳入评估的{total}项指标中，" + "，".join(f"{p['zh']}{p['n']}项" for p in parts) + "。"
    en = (
        f"Of the {total} indicators assessed, "
        + ", ".join(f"{p['n']} {p['en']}" for p in parts)
        + "."
    )
    return zh, en


def _observation_rows(plan: Plan, observations: pd.DataFrame, year: int) -> list[dict[str, Any]]:
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
                vzh, ven = _value(ind, v, "zh"), _value(ind, v, "en")
            else:
                vzh = fmt_value(v, unit_zh, unit_en, "zh")
                ven = fmt_value(v, unit_zh, unit_en, "en")
            status = str(r.get("status") or "")
            out.append({
                "id": sid, "name_zh": name_zh, "name_en": name_en,
                "year": int(r["year"]), "raw": v, "value_zh": vzh, "value_en": ven,
                "status": status,
                "status_zh": label("status", status, "zh"),
                "status_en": label("status", status, "en"),
                "source": _text(r.get("source")), "note": _text(r.get("note")),
                "illustrative": status == "illustrative",
                "context": ind is None,
            })  # fmt: skip
    return out


#: at most this many year columns in the data appendix (older years go to the notes line)
MAX_DATA_YEARS = 8


def _raw(v: float | None) -> str:
    """A value as the data file holds it (full precision, no grouping)."""
    if v is None:
        return "—"
    text = f"{v:.10g}"
    return text.replace("-", "−") if text.startswith("-") else text


def _data_groups(
    plan: Plan, data_rows: list[dict[str, Any]]
) -> tuple[list[int], list[dict[str, Any]]]:
    """The data appendix: one row per series with a column per year; the sources and notes
    of the values listed under it with the years they apply to."""
    years = sorted({r["year"] for r in data_rows})[-MAX_DATA_YEARS:]
    units: dict[str, tuple[str, str]] = {i.id: (i.unit_zh, i.unit_en) for i in plan.indicators}
    units.update({c.id: (c.unit_zh, c.unit_en) for c in plan.context})
    kinds = {i.id: i.kind for i in plan.indicators}
    groups: list[dict[str, Any]] = []
    for r in data_rows:
        if not groups or groups[-1]["id"] != r["id"]:
            unit_zh, unit_en = units.get(r["id"], ("", ""))
            if kinds.get(r["id"]) == "milestone":
                unit_zh, unit_en = "1 = 已完成，0 = 未完成", "1 = done, 0 = not yet"
            groups.append({
                "id": r["id"], "name_zh": r["name_zh"], "name_en": r["name_en"],
                "context": r["context"], "unit_zh": unit_zh, "unit_en": unit_en,
                "cells": {}, "earlier": [], "sources": {}, "notes": {},
            })  # fmt: skip
        g = groups[-1]
        cell = {"raw": _raw(r["raw"]), "status": r["status"], "status_zh": r["status_zh"],
                "status_en": r["status_en"], "illustrative": r["illustrative"],
                "year": r["year"]}  # fmt: skip
        if r["year"] in years:
            g["cells"][r["year"]] = cell
        else:
            g["earlier"].append(cell)
        if r["source"]:
            g["sources"].setdefault(r["source"], []).append(r["year"])
        if r["note"]:
            g["notes"].setdefault(r["note"], []).append(r["year"])
    for g in groups:
        g["illustrative"] = any(c["illustrative"] for c in g["cells"].values()) or any(
            c["illustrative"] for c in g["earlier"]
        )
        g["sources"] = [{"text": t, "years": _year_span(ys)} for t, ys in g["sources"].items()]
        g["notes"] = [{"text": t, "years": _year_span(ys)} for t, ys in g["notes"].items()]
    return years, groups


def _year_span(years: list[int]) -> str:
    """2020, 2021, 2022, 2024 -> "2020–2022, 2024"."""
    ys = sorted(set(years))
    parts: list[str] = []
    start = prev = ys[0]
    for y in [*ys[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


def _text(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return str(x)


def _district_views(
    plan: Plan, observations: pd.DataFrame, year: int
) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    from healthcheck.engine.assess import assess_districts

    table = assess_districts(plan, observations, year)
    status = {}
    if not observations.empty and "status" in observations.columns:
        for r in observations[["indicator", "area", "year", "status"]].to_dict("records"):
            status[(str(r["indicator"]), str(r["area"]), int(r["year"]))] = r["status"]
    order = {ind.id: k for k, ind in enumerate(plan.indicators)}
    counts = table.groupby("id")["area"].count().to_dict() if len(table) else {}
    views = []
    for d in plan.districts:
        sub = table[table["area"] == d.code]
        rows = []
        for r in sorted(sub.to_dict("records"), key=lambda r: order.get(r["id"], 10**6)):
            try:
                ind = plan.indicator(r["id"])
            except KeyError:
                continue
            y = _int(r.get("year"))
            st = status.get((ind.id, d.code, y)) if y is not None else None
            meets = r.get("meets")
            meets = None if meets is None or meets is pd.NA else bool(meets)
            target = finite(r.get("target"))
            rows.append({
                "id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en,
                "value_zh": _value(ind, r.get("value"), "zh"),
                "value_en": _value(ind, r.get("value"), "en"),
                "year": y,
                "target_zh": _value(ind, target, "zh") if target is not None else "—",
                "target_en": _value(ind, target, "en") if target is not None else "—",
                "analysts": r.get("target_source") == "analyst",
                "gap_zh": _signed_value(ind, r.get("gap"), "zh"),
                "gap_en": _signed_value(ind, r.get("gap"), "en"),
                "meets": meets,
                "rank": _int(r.get("rank")), "of": int(counts.get(ind.id, 0)),
                "illustrative": st == "illustrative",
            })  # fmt: skip
        judged = [r for r in rows if r["meets"] is not None]
        views.append({
            "code": d.code, "name_zh": d.name_zh, "name_en": d.name_en,
            "zone_zh": plan.zones.get(d.zone, (d.zone, d.zone))[0],
            "zone_en": plan.zones.get(d.zone, (d.zone, d.zone))[1],
            "rows": rows, "meets": sum(1 for r in judged if r["meets"]), "judged": len(judged),
            "illustrative": any(r["illustrative"] for r in rows),
        })  # fmt: skip
    return views, table


def _merge_rows(
    plan: Plan, observations: pd.DataFrame, year: int, domains: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The assessment row of every plan indicator: the notebooks' (results.json), else the
    engine's for any indicator a notebook left out."""
    rows: dict[str, dict[str, Any]] = {}
    for data in domains:
        for row in data.get("indicators", []):
            if isinstance(row, dict) and isinstance(row.get("id"), str):
                rows.setdefault(row["id"], {**row, "_domain": data["domain"]})
    missing = [i.id for i in plan.indicators if i.id not in rows]
    if missing:
        from healthcheck.engine.assess import assess_plan

        LOG.warning("results lack %s: taken from the assessment engine", ", ".join(missing))
        assessed = assess_plan(plan, observations, year)
        for rec in assessed.to_dict("records"):
            if rec["id"] in missing:
                rec = {k: (None if v is pd.NA else v) for k, v in rec.items()}
                ind = plan.indicator(rec["id"])
                rec["illustrative"] = rec.get("value_status") == "illustrative"
                rows[rec["id"]] = {**rec, "_domain": ind.domain}
    return rows


def build_context(
    plan: Plan, observations: pd.DataFrame, year: int, build_dir: str | Path
) -> dict[str, Any]:
    """Everything the templates show, already formatted in both languages."""
    build_dir = Path(build_dir)
    domains, summary = _load_results(plan, build_dir, year)
    raw_rows = _merge_rows(plan, observations, year, domains)

    final = year >= plan.target_year
    span = max(1, plan.target_year - plan.baseline_year)
    elapsed = min(1.0, max(0.0, (year - plan.baseline_year) / span))

    views: dict[str, dict[str, Any]] = {}
    for ind in plan.indicators:
        row = raw_rows[ind.id]
        figure_url = None
        fig = row.get("figure")
        folder = build_dir / "domains" / row["_domain"]
        if isinstance(fig, str) and fig:
            _safe_rel(folder, fig, f"figure of {ind.id}")
            figure_url = f"domains/{row['_domain']}/{fig}"
        views[ind.id] = _row_view(ind, row, plan, year, figure_url)
    all_rows = [views[i.id] for i in plan.indicators]

    chapters: list[dict[str, Any]] = []
    n = 0

    def chapter(anchor: str, zh: str, en: str, appendix: str | None = None) -> dict[str, Any]:
        nonlocal n
        if appendix is None:
            n += 1
            num_zh, num_en = f"{zh_numeral(n)}、", f"{n} "
        else:
            num_zh, num_en = f"附录{appendix[0]} ", f"Appendix {appendix[1]} "
        ch = {
            "anchor": anchor, "title_zh": zh, "title_en": en,
            "num_zh": num_zh, "num_en": num_en, "index": n, "appendix": appendix is not None,
        }  # fmt: skip
        chapters.append(ch)
        return ch

    ch_summary = chapter("ch-summary", "总体评估", "Executive summary")
    ch_short = chapter("ch-shortfalls", "问题清单", "Shortfall list")

    # Domain chapters
    domain_views = []
    for d, data in zip(plan.domains, domains, strict=True):
        ch = chapter(f"ch-{_slug(d.id)}", d.title_zh, d.title_en)
        folder = build_dir / "domains" / d.id
        rel = f"domains/{d.id}"
        figs = [
            _figure(f, folder, rel, plan, f"{ch['index']}-{k}")
            for k, f in enumerate(data.get("figures", []), start=1)
            if isinstance(f, dict)
        ]
        tables = [
            _table(t, folder, f"{ch['index']}-{k}", plan)
            for k, t in enumerate(data.get("tables", []), start=1)
            if isinstance(t, dict)
        ]
        rows = [views[i.id] for i in plan.indicators_of(d.id)]
        _attach_figures(rows, figs, folder, rel, plan, ch["index"])
        domain_views.append({
            "chapter": ch, "id": d.id, "clause": d.clause,
            "title_zh": data.get("title_zh") or d.title_zh,
            "title_en": data.get("title_en") or d.title_en,
            "text": [_para(p) for p in data.get("text", []) if isinstance(p, dict)],
            "rows": rows,
            "figures": figs,
            "tables": tables,
            "counts": _counts(rows, "verdict", i18n.VERDICT),
            "illustrative": any(r["illustrative"] for r in rows)
            or any(f["illustrative"] for f in figs),
        })  # fmt: skip

    ch_districts = chapter("app-districts", "一区一表", "District scorecards", ("一", "A"))
    ch_methods = chapter("app-methods", "方法说明", "Methodology", ("二", "B"))
    ch_data = chapter("app-data", "数据说明", "Data", ("三", "C"))

    # Executive summary
    counts_table = []
    for dv in domain_views:
        counts_table.append({
            "title_zh": dv["title_zh"], "title_en": dv["title_en"],
            "anchor": dv["chapter"]["anchor"],
            "total": len(dv["rows"]),
            "verdicts": {c["key"]: c["n"] for c in _counts(dv["rows"], "verdict", i18n.VERDICT)},
            "categories": {
                c["key"]: c["n"] for c in _counts(dv["rows"], "category", i18n.CATEGORY)
            },
        })  # fmt: skip
    verdict_cols = _counts(all_rows, "verdict", i18n.VERDICT)
    category_cols = _counts(all_rows, "category", i18n.CATEGORY)
    sentence_zh, sentence_en = _count_sentence(all_rows, len(all_rows))
    summary_figs = [
        _figure(f, build_dir / "summary", "summary", plan, f"{ch_summary['index']}-{k}")
        for k, f in enumerate(summary.get("figures", []), start=1)
        if isinstance(f, dict)
    ]

    # Shortfalls: the summary's order, else worst schedule gap first
    short_ids = summary.get("shortfalls")
    if not (isinstance(short_ids, list) and all(isinstance(s, str) for s in short_ids)):
        short_ids = _default_shortfalls(all_rows)
    unknown = [s for s in short_ids if s not in views]
    if unknown:
        raise BuildError(f"summary shortfalls name unknown indicators: {', '.join(unknown)}")
    # A shortfall's figure is drawn once, in the 问题清单; its domain chapter refers to it
    # (each drawing of a figure costs the PDF 20-60 KB and WeasyPrint 0.2-0.4 s).
    shortfalls = []
    for sid in short_ids:
        view = dict(views[sid])
        original = view.get("figure")
        if original is not None:
            fig = dict(original)
            fig.update(number=f"{ch_short['index']}-{len(shortfalls) + 1}", sentence_zh="",
                       sentence_en="")  # fmt: skip
            original["moved_to"] = fig["number"]
            view["figure"] = fig
        shortfalls.append(view)
    for dv in domain_views:
        k = 0
        for f in dv["figures"]:
            if not f["moved_to"]:
                k += 1
                f["number"] = f"{dv['chapter']['index']}-{k}"

    districts, district_table = _district_views(plan, observations, year)
    data_rows = _observation_rows(plan, observations, year)
    data_years, data_groups = _data_groups(plan, data_rows)
    status_counts = []
    for key in i18n.STATUS:
        k = sum(1 for r in data_rows if r["status"] == key)
        if k:
            status_counts.append(
                {
                    "zh": label("status", key, "zh"),
                    "en": label("status", key, "en"),
                    "n": k,
                    "key": key,
                }
            )

    analysts = [
        {
            "id": ind.id,
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "threshold_zh": _value(ind, ind.threshold, "zh"),
            "threshold_en": _value(ind, ind.threshold, "en"),
            "note_zh": ind.threshold_note_zh,
            "note_en": ind.threshold_note_en,
            "target_text_zh": ind.target_text_zh,
        }  # fmt: skip
        for ind in plan.indicators
        if ind.goal_is_analysts
    ]
    scoped = [
        {"id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en,
         "zone_zh": plan.zones.get(ind.district_scope, (ind.district_scope,) * 2)[0],
         "zone_en": plan.zones.get(ind.district_scope, (ind.district_scope,) * 2)[1]}
        for ind in plan.indicators if ind.district_scope
    ]  # fmt: skip

    illustrative = (
        any(r["illustrative"] for r in all_rows)
        or any(r["illustrative"] for r in data_rows)
        or any(d["illustrative"] for d in districts)
        or any(f["illustrative"] for dv in domain_views for f in dv["figures"])
        or any(f["illustrative"] for f in summary_figs)
    )

    from healthcheck.engine import assess

    issued = plan.issued
    title_zh = f"{plan.city_zh}城市体检报告（{year}年度）"
    title_en = f"{plan.city_en} City Health Check Report {year}"
    stage_zh = "终期评估" if final else "中期评估"
    stage_en = "Final assessment" if final else "Mid-term check"
    kinds_used = []
    for key in i18n.KIND:
        k = sum(1 for i in plan.indicators if i.kind == key)
        if k:
            kinds_used.append({"key": key, "n": k})
    return {
        "year": year,
        "plan": plan,
        "final": final,
        "stage_zh": stage_zh,
        "stage_en": stage_en,
        "title_zh": title_zh,
        "title_en": title_en,
        "running_zh": f"{plan.city_zh}城市体检报告 {year}",
        "running_en": f"{plan.city_en} City Health Check {year}",
        "date_iso": f"{year}-12-31",
        "date_zh": _zh_date(year, 12, 31),
        "date_en": _en_date(year, 12, 31),
        "issued_zh": _zh_date(issued.year, issued.month, issued.day) if issued else "",
        "issued_en": _en_date(issued.year, issued.month, issued.day) if issued else "",
        "elapsed": fmt_percent(elapsed, "zh", 0),
        "elapsed_value": elapsed,
        "illustrative": illustrative,
        "chapters": chapters,
        "ch_summary": ch_summary,
        "ch_short": ch_short,
        "ch_districts": ch_districts,
        "ch_methods": ch_methods,
        "ch_data": ch_data,
        "rows": all_rows,
        "domains": domain_views,
        "counts_table": counts_table,
        "verdict_cols": verdict_cols,
        "category_cols": category_cols,
        "sentence_zh": sentence_zh,
        "sentence_en": sentence_en,
        "summary_text": [_para(p) for p in summary.get("text", []) if isinstance(p, dict)],
        "summary_figures": summary_figs,
        "changes": _changes(summary.get("changes"), views),
        "shortfalls": shortfalls,
        "districts": districts,
        "data_rows": data_rows,
        "data_groups": data_groups,
        "data_years": data_years,
        "status_counts": status_counts,
        "analysts": analysts,
        "scoped": scoped,
        "kinds": kinds_used,
        "thresholds_target": tuple(getattr(assess, "THRESHOLDS_TARGET", (0.95, 0.60, 0.0))),
        "thresholds_trend": tuple(getattr(assess, "THRESHOLDS_NO_TARGET", (0.015, 0.005, 0.0))),
        "zero_target": getattr(assess, "ZERO_TARGET_REPLACEMENT", 0.001),
        "verdict_legend": [_verdict("verdict", k) for k in i18n.VERDICT],
        "category_legend": [_verdict("category", k) for k in i18n.CATEGORY],
        "status_legend": [{"key": k, "zh": v[0], "en": v[1]} for k, v in i18n.STATUS.items()],
        "kind_label": {k: {"zh": v[0], "en": v[1]} for k, v in i18n.KIND.items()},
        "has_districts": any(d["rows"] for d in districts),
        "rows_by_id": views,
        # for the tables and the workbook, not the templates
        "_raw_rows": raw_rows,
        "_district_table": district_table,
    }


def _attach_figures(
    rows: list[dict[str, Any]],
    figs: list[dict[str, Any]],
    folder: Path,
    rel: str,
    plan: Plan,
    chapter: int,
) -> None:
    """Give each indicator its figure (the domain's figure of that indicator, else the one the
    row names) and put the indicator's sentence under that figure."""
    by_indicator: dict[str, dict[str, Any]] = {}
    by_url = {f["url"]: f for f in figs}
    for f in figs:
        if f["kind"] == "indicator" and f["indicator"]:
            by_indicator.setdefault(str(f["indicator"]), f)
    for r in rows:
        fig = by_indicator.get(r["id"]) or (
            by_url.get(r["figure_url"]) if r["figure_url"] else None
        )
        if fig is None and r["figure_url"]:
            entry = {"id": r["id"], "path": r["figure_url"][len(rel) + 1:], "kind": "indicator",
                     "indicator": r["id"], "caption_zh": f"{r['id']} {r['name_zh']}",
                     "caption_en": f"{r['id']} {r['name_en']}",
                     "illustrative": r["illustrative"]}  # fmt: skip
            fig = _figure(entry, folder, rel, plan, f"{chapter}-{len(figs) + 1}")
            figs.append(fig)
        r["figure"] = fig
        if fig is not None and not fig["sentence_zh"] and not fig["sentence_en"]:
            fig["sentence_zh"], fig["sentence_en"] = r["sentence_zh"], r["sentence_en"]
            fig["illustrative"] = fig["illustrative"] or r["illustrative"]


def _para(p: Mapping[str, Any]) -> dict[str, str]:
    return {"zh": str(p.get("zh") or ""), "en": str(p.get("en") or "")}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def _default_shortfalls(rows: list[dict[str, Any]]) -> list[str]:
    bad = {"behind", "moving_away", "not_achieved", "not_done"}
    picked = [r for r in rows if r["verdict"]["key"] in bad]
    with_gap = sorted(
        (r for r in picked if r["gap_value"] is not None), key=lambda r: r["gap_value"]
    )
    return [r["id"] for r in with_gap] + [r["id"] for r in picked if r["gap_value"] is None]


def _changes(changes: Any, views: Mapping[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The summary's verdict changes against the previous check (``schedule_from`` /
    ``schedule_to``, ``category_from`` / ``category_to`` per indicator), in plan order."""
    if not isinstance(changes, list):
        return []
    order = {k: n for n, k in enumerate(views)}
    out = []
    for c in changes:
        if not isinstance(c, Mapping) or c.get("id") not in views:
            continue
        s_from, s_to = c.get("schedule_from"), c.get("schedule_to")
        c_from, c_to = c.get("category_from"), c.get("category_to")
        if s_from == s_to and c_from == c_to:
            continue
        v = views[c["id"]]
        out.append({
            "id": c["id"], "name_zh": v["name_zh"], "name_en": v["name_en"],
            "schedule_changed": s_from != s_to, "category_changed": c_from != c_to,
            "schedule_from": _verdict("verdict", s_from), "schedule_to": _verdict("verdict", s_to),
            "category_from": _verdict("category", c_from),
            "category_to": _verdict("category", c_to),
        })  # fmt: skip
    return sorted(out, key=lambda r: order[r["id"]])


# ---------------------------------------------------------------------------------------------
# Rendering


def _environment(template_dir: Path) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["zh_numeral"] = zh_numeral
    env.filters["pct"] = lambda x, digits=1: fmt_percent(x, "zh", digits)
    return env


def _render_template(context: Mapping[str, Any], template_dir: Path) -> str:
    import jinja2

    try:
        css = (template_dir / STYLESHEET).read_text(encoding="utf-8")
        env = _environment(template_dir)
        return env.get_template(TEMPLATE).render(**context, stylesheet=css)
    except FileNotFoundError as exc:
        raise BuildError(f"template folder {template_dir}: {exc}") from None
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise BuildError(f"report template error{where}: {exc}") from None
    except BuildError:
        raise
    except Exception as exc:  # an error raised inside the template
        raise BuildError(f"report template failed: {type(exc).__name__}: {exc}") from exc


def render_html(
    plan: Plan,
    observations: pd.DataFrame,
    year: int,
    build_dir: str | Path,
    *,
    template_dir: Path | None = None,
) -> str:
    """The report as one HTML document (the stylesheet inlined, figure paths relative to
    ``build_dir``)."""
    template_dir = Path(template_dir or DEFAULT_TEMPLATE_DIR)
    context = build_context(plan, observations, year, build_dir)
    return _render_template(context, template_dir)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_NOTDEF = re.compile(r"\.notdef glyph rendered for Unicode string unsupported by fonts")


def _pdf_bytes(html: str, base: Path, template_dir: Path) -> tuple[bytes, list[str]]:
    """Render the PDF; return it and WeasyPrint's other warnings.  Raise on tofu."""
    import weasyprint

    fetcher = SafeURLFetcher([base, template_dir])
    wlog = logging.getLogger("weasyprint")
    handler = _Collect()
    old_level = wlog.level
    old_propagate = wlog.propagate
    wlog.addHandler(handler)
    if wlog.getEffectiveLevel() > logging.WARNING:
        wlog.setLevel(logging.WARNING)
    wlog.propagate = False
    try:
        doc = weasyprint.HTML(
            string=html, base_url=str(base / "report.html"), url_fetcher=fetcher
        ).render()
        _mark_pages(doc)
        pdf = doc.write_pdf()
    except Exception as exc:
        raise BuildError(f"WeasyPrint failed: {type(exc).__name__}: {exc}") from exc
    finally:
        wlog.removeHandler(handler)
        wlog.setLevel(old_level)
        wlog.propagate = old_propagate
    messages = [r.getMessage() for r in handler.records]
    families = sorted({_family(f) for f in doc.fonts.values()})
    foreign = [f for f in families if not f.startswith(FONT_PREFIX)]
    tofu = [m for m in messages if _NOTDEF.search(m)]
    if tofu:
        chars = sorted(set(re.findall(r"\(U\+[0-9A-F]+\)", " ".join(tofu))))
        raise BuildError(
            "characters no installed font can draw (they would print as empty boxes): "
            + ", ".join(chars)
            + "\n"
            + "\n".join(sorted(set(tofu))[:10])
        )
    if foreign:
        raise BuildError(
            "some characters are not in the Noto CJK fonts and were drawn with "
            + ", ".join(foreign)
            + " (a machine without that font would print empty boxes); "
            "use characters Noto Sans/Serif CJK SC has"
        )
    if fetcher.refused:
        raise BuildError(
            "the report asked for resources outside the build folder, refused:\n"
            + "\n".join(f"  {u[:200]}" for u in fetcher.refused)
        )
    return pdf, messages


def _family(font: Any) -> str:
    family = getattr(font, "family", b"")
    return family.decode("utf-8", "replace") if isinstance(family, bytes) else str(family)


def _mark_pages(doc: Any) -> None:
    """Keep the per-page note "this page shows illustrative values" (the ILLUSTRATIVE_MARGIN
    box, which the stylesheet puts on every page) only on the pages that lay out an element
    of class ``illus``.  Margin boxes do not take part in the layout of the page's content,
    so dropping one moves nothing else."""
    from weasyprint.formatting_structure.boxes import MarginBox

    for page in doc.pages:
        box = page._page_box
        if not _has_illustrative(box):
            box.children = [
                c
                for c in box.children
                if not (isinstance(c, MarginBox) and c.at_keyword == ILLUSTRATIVE_MARGIN)
            ]


def _has_illustrative(page_box: Any) -> bool:
    for child in page_box.children:
        if type(child).__name__ == "MarginBox":
            continue
        for box in child.descendants():
            element = getattr(box, "element", None)
            if element is not None and ILLUSTRATIVE_CLASS in element.get("class", "").split():
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Tables and the workbook


def _tables(
    plan: Plan,
    observations: pd.DataFrame,
    year: int,
    context: Mapping[str, Any],
    districts: pd.DataFrame,
    rows: Mapping[str, Mapping[str, Any]],
) -> dict[str, bytes]:
    from healthcheck.engine.assess import ASSESSMENT_COLUMNS

    names = {i.id: i for i in plan.indicators}
    records = []
    for ind in plan.indicators:
        r = rows[ind.id]
        rec = {
            "id": ind.id,
            "domain": ind.domain,
            "name_zh": names[ind.id].name_zh,
            "name_en": names[ind.id].name_en,
            "unit_zh": ind.unit_zh,
            "unit_en": ind.unit_en,
        }
        for col in ASSESSMENT_COLUMNS:
            if col not in rec:
                rec[col] = r.get(col)
        rec["value_status"] = r.get("value_status")
        rec["illustrative"] = bool(context["rows_by_id"][ind.id]["illustrative"])
        records.append(rec)
    assessment = pd.DataFrame(records)
    obs = observations.copy()
    obs = obs[pd.to_numeric(obs["year"], errors="coerce") <= year]
    keep = [
        c
        for c in ("indicator", "year", "area", "value", "status", "source", "note")
        if c in obs.columns
    ]
    obs = obs[keep]
    if len(districts):
        dist = districts.copy()
        status = (
            obs.set_index(["indicator", "area", "year"])["status"].to_dict()
            if {"indicator", "area", "year", "status"} <= set(obs.columns)
            else {}
        )
        dist["status"] = [
            status.get((i, a, int(y)) if y is not pd.NA else None)
            for i, a, y in zip(dist["id"], dist["area"], dist["year"], strict=True)
        ]
    else:
        dist = districts
    return {
        "assessment.csv": _csv(assessment),
        "districts.csv": _csv(dist),
        "observations.csv": _csv(obs),
    }


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, float_format="%.10g").encode("utf-8-sig")


_HEAD = {
    "id": "编号 ID", "indicator": "指标 Indicator (zh)", "indicator_en": "指标 Indicator (en)",
    "domain": "领域 Domain", "unit": "单位 Unit", "year": "年份 Year", "value": "现值 Value",
    "baseline": "基期值 Baseline", "target": "目标值 Target", "completion": "完成率 Completion",
    "gap": "进度差(百分点) Schedule gap (pp)", "verdict": "时序判定 Schedule verdict",
    "category": "国际分类 International category", "illustrative": "示意数据 Illustrative",
    "sentence_zh": "说明 Note (zh)", "sentence_en": "说明 Note (en)", "status": "状态 Status",
    "source": "来源 Source", "remark": "备注 Note", "area": "区 District",
    "rank": "排名 Rank", "meets": "达标 Meets target", "gap_abs": "差距 Gap",
    "threshold_by": "目标来源 Target set by",
}  # fmt: skip


def _xlsx(
    plan: Plan,
    context: Mapping[str, Any],
    raw: Mapping[str, Mapping[str, Any]],
    districts: pd.DataFrame,
    year: int,
) -> bytes:
    from openpyxl.styles import Alignment, Font, PatternFill

    def sheet_rows(inds: Iterable[Indicator]) -> pd.DataFrame:
        out = []
        for ind in inds:
            v = context["rows_by_id"][ind.id]
            r = raw[ind.id]
            comp = finite(r.get("completion"))
            gap = finite(r.get("schedule_gap"))
            out.append({
                _HEAD["id"]: ind.id,
                _HEAD["domain"]: ind.domain,
                _HEAD["indicator"]: ind.name_zh,
                _HEAD["indicator_en"]: ind.name_en,
                _HEAD["unit"]: f"{ind.unit_zh} / {ind.unit_en}" if ind.unit_zh else "",
                _HEAD["baseline"]: finite(r.get("baseline")),
                _HEAD["year"]: _int(r.get("year")),
                _HEAD["value"]: finite(r.get("value")),
                _HEAD["target"]: finite(r.get("target_value")),
                _HEAD["threshold_by"]: "分析组 analysts" if v["analysts"] else "规划 plan",
                _HEAD["completion"]: round(comp, 6) if comp is not None else None,
                _HEAD["gap"]: round(gap * 100, 3) if gap is not None else None,
                _HEAD["verdict"]: f"{v['verdict']['sym']} {v['verdict']['zh']} "
                f"{v['verdict']['en']}",
                _HEAD["category"]: f"{v['category']['sym']} {v['category']['zh']} "
                f"{v['category']['en']}",
                _HEAD["illustrative"]: "示意 illustrative" if v["illustrative"] else "",
                _HEAD["sentence_zh"]: v["sentence_zh"],
                _HEAD["sentence_en"]: v["sentence_en"],
            })  # fmt: skip
        return pd.DataFrame(out)

    sheets: list[tuple[str, pd.DataFrame]] = [("scorecard", sheet_rows(plan.indicators))]
    for d in plan.domains:
        sheets.append((d.id[:31], sheet_rows(plan.indicators_of(d.id))))
    drows = []
    for d in context["districts"]:
        for r in d["rows"]:
            drows.append({
                _HEAD["area"]: f"{d['name_zh']} {d['name_en']} ({d['code']})",
                _HEAD["id"]: r["id"], _HEAD["indicator"]: r["name_zh"],
                _HEAD["indicator_en"]: r["name_en"], _HEAD["year"]: r["year"],
                _HEAD["value"]: f"{r['value_zh']} / {r['value_en']}",
                _HEAD["target"]: f"{r['target_zh']} / {r['target_en']}",
                _HEAD["meets"]: "" if r["meets"] is None else ("是 yes" if r["meets"] else "否 no"),
                _HEAD["rank"]: f"{r['rank']}/{r['of']}" if r["rank"] else "",
                _HEAD["illustrative"]: "示意 illustrative" if r["illustrative"] else "",
            })  # fmt: skip
    sheets.append(("districts", pd.DataFrame(drows)))
    orows = [{
        _HEAD["id"]: r["id"], _HEAD["indicator"]: r["name_zh"], _HEAD["indicator_en"]: r["name_en"],
        _HEAD["year"]: r["year"], _HEAD["value"]: f"{r['value_zh']} / {r['value_en']}",
        _HEAD["status"]: f"{r['status_zh']} {r['status_en']}", _HEAD["source"]: r["source"],
        _HEAD["remark"]: r["note"],
        _HEAD["illustrative"]: "示意 illustrative" if r["illustrative"] else "",
    } for r in context["data_rows"]]  # fmt: skip
    sheets.append(("data", pd.DataFrame(orows)))

    buf = io.BytesIO()
    flag = PatternFill("solid", fgColor="FFF2CC")
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets:
            frame.to_excel(writer, sheet_name=name, index=False)
            ws = writer.sheets[name]
            ws.freeze_panes = "B2"
            for cell in ws[1]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            cols = list(frame.columns)
            for k, col in enumerate(cols, start=1):
                width = max([len(str(col))] + [len(str(x)) for x in frame[col].head(200)])
                ws.column_dimensions[ws.cell(1, k).column_letter].width = min(48, width + 2)
            if _HEAD["illustrative"] in cols:
                k = cols.index(_HEAD["illustrative"])
                for row in ws.iter_rows(min_row=2):
                    if row[k].value:
                        for cell in row:
                            cell.fill = flag
        props = writer.book.properties
        import datetime as dt

        stamp = dt.datetime(year, 12, 31)
        props.created = stamp
        props.modified = stamp
        props.creator = plan.author_en or "healthcheck"
        props.title = context["title_en"]
    return _normalise_zip(buf.getvalue(), year)


def _normalise_zip(data: bytes, year: int) -> bytes:
    """The workbook with fixed member dates and core.xml times, so equal inputs give equal
    bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = f"{year}-12-31T00:00:00Z"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    body,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=(year, 12, 31, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The entry point


def render_report(
    plan: Plan,
    observations: pd.DataFrame,
    year: int,
    build_dir: Path,
    *,
    template_dir: Path | None = None,
) -> ReportPaths:
    """Render ``build_dir``/report.pdf, report.html, report.xlsx and tables/ (see module doc).

    All outputs are rendered in memory, then each is written atomically; on any failure a
    :class:`BuildError` is raised and the previous outputs are left untouched.
    """
    build_dir = Path(build_dir).resolve()
    template_dir = Path(template_dir or DEFAULT_TEMPLATE_DIR).resolve()
    year = int(year)
    context = build_context(plan, observations, year, build_dir)
    html = _render_template(context, template_dir)
    pdf, warnings = _pdf_bytes(html, build_dir, template_dir)
    for message in sorted(set(warnings)):
        LOG.warning("WeasyPrint: %s", message)
    raw = context["_raw_rows"]
    districts = context["_district_table"]
    tables = _tables(plan, observations, year, context, districts, raw)
    xlsx = _xlsx(plan, context, raw, districts, year)

    paths = ReportPaths(
        pdf=build_dir / "report.pdf",
        html=build_dir / "report.html",
        xlsx=build_dir / "report.xlsx",
        tables=build_dir / "tables",
    )
    for name, body in tables.items():
        atomic_write_bytes(paths.tables / name, body)
    atomic_write_bytes(paths.xlsx, xlsx)
    atomic_write_bytes(paths.html, html.encode("utf-8"))
    atomic_write_bytes(paths.pdf, pdf)
    return paths
