"""The batch's summary: ``batch-summary.csv``, ``batch-summary.json`` and ``index.html``.

One row per report in the manifest's order: label, framework, year, status, seconds, the
verdict counts (the plan's targets) or the grade counts (the national check), the outputs and,
for a failure, its one-line reason.  The HTML index links every report's outputs (relative
links, so the folder can be moved or served) and the comparison's files.  Written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from healthcheck.files import atomic_write_text

__all__ = ["COLUMNS", "counts_text", "summary_csv", "write_summary"]

COLUMNS = (
    "label", "framework", "year", "status", "seconds", "counts", "pdf", "html", "xlsx",
    "worker", "peak_rss_worker_mb", "peak_rss_child_mb", "reason",
)  # fmt: skip

_INDEX = jinja2.Template(
    """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>批量体检报告 Batch of reports</title>
<style>
body{font-family:"Noto Sans CJK SC",sans-serif;margin:2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
.failed{background:#fde8e8}.num{text-align:right}td:first-child{white-space:nowrap}
</style></head><body>
<h1>批量体检报告 Batch of reports</h1>
<p>{{ ok }} built, {{ failed }} failed, of {{ rows|length }}.</p>
<table><thead><tr><th>report</th><th>framework</th><th>year</th><th>status</th>
<th>verdicts / grades</th><th>seconds</th><th>outputs</th></tr></thead><tbody>
{% for r in rows %}<tr class="{{ r.status }}"><td>{{ r.label }}</td><td>{{ r.framework }}</td>
<td>{{ r.year }}</td><td>{{ r.status }}{% if r.reason %}: {{ r.reason }}{% endif %}</td>
<td>{{ r.counts }}</td><td class="num">{{ r.seconds }}</td>
<td>{% for name, href in r.links %}<a href="{{ href }}">{{ name }}</a> {% endfor %}</td></tr>
{% endfor %}</tbody></table>
{% if after %}<p class="failed">The comparison failed: {{ after }}</p>{% endif %}
{% if comparison %}<h2>比较 Comparison</h2><ul>
{% for name, href in comparison %}<li><a href="{{ href }}">{{ name }}</a></li>{% endfor %}
</ul>{% endif %}
</body></html>
""",
    autoescape=True,
)


def counts_text(manifest: dict[str, Any]) -> str:
    """``met 3; off_track 2`` (verdicts) or ``good 4; fair 1`` (grades): the non-zero counts."""
    counts = manifest.get("grades") or manifest.get("verdicts") or {}
    return "; ".join(f"{k} {v}" for k, v in sorted(counts.items()) if v)


def _row(m: dict[str, Any]) -> dict[str, Any]:
    outputs = m.get("outputs") or {}
    return {
        **{c: m.get(c, "") for c in COLUMNS},
        "counts": counts_text(m),
        "pdf": outputs.get("report.pdf", ""),
        "html": outputs.get("report.html", ""),
        "xlsx": outputs.get("report.xlsx", ""),
    }


def summary_csv(manifests: Sequence[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for m in manifests:
        writer.writerow(_row(m))
    return buf.getvalue()


def _href(path: str, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def write_summary(
    out_root: Path,
    manifests: Sequence[dict[str, Any]],
    comparison: Sequence[Path] = (),
    after: str | None = None,
) -> list[Path]:
    """Write the three summary files into ``out_root``; their paths.  ``comparison``: the
    files made from the reports built (comparison, peer values), linked; ``after``: why
    they could not be made (None: they were)."""
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    rows = []
    for m in manifests:
        row = _row(m)
        row["links"] = [(name.removeprefix("report."), _href(p, out_root))
                        for name, p in (m.get("outputs") or {}).items()]  # fmt: skip
        rows.append(row)
    failed = sum(m.get("status") != "ok" for m in manifests)
    html = _INDEX.render(
        rows=rows, ok=len(rows) - failed, failed=failed,
        comparison=[(_href(str(p), out_root), _href(str(p), out_root)) for p in comparison],
        after=after,
    )  # fmt: skip
    paths = [
        out_root / "batch-summary.csv",
        out_root / "batch-summary.json",
        out_root / "index.html",
    ]
    atomic_write_text(paths[0], summary_csv(manifests))
    body = {"reports": list(manifests), "comparison": [str(p) for p in comparison], "after": after}
    atomic_write_text(paths[1], json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    atomic_write_text(paths[2], html)
    return paths
