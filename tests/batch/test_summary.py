"""The batch summary: one row per report in order, counts, relative links, failures' reasons."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

from healthcheck.batch.summary import counts_text, summary_csv, write_summary


def _manifests(root: Path) -> list[dict]:
    build = root / "a" / "2024"
    return [
        {
            "label": "A 2024", "framework": "plan_targets", "year": 2024, "status": "ok",
            "seconds": 12.5, "build_dir": str(build),
            "outputs": {"report.pdf": str(build / "report.pdf"),
                        "report.xlsx": str(build / "report.xlsx")},
            "verdicts": {"met": 3, "off_track": 0, "at_risk": 2}, "grades": {},
        },
        {
            "label": "N <2025>", "framework": "mohurd_2025", "year": 2025, "status": "ok",
            "seconds": 20.0, "outputs": {}, "verdicts": {}, "grades": {"good": 4, "fair": 1},
        },
        {
            "label": "B 2023", "framework": "plan_targets", "year": 2023, "status": "failed",
            "reason": "invalid input: obs.csv:3:value: found x; expected a number",
        },
    ]  # fmt: skip


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v or "" for k, v in attrs if tag == "a" and k == "href"]


def test_counts_text_prefers_grades_and_drops_zeros() -> None:
    verdicts, grades, failed = _manifests(Path("/x"))
    assert counts_text(verdicts) == "at_risk 2; met 3"
    assert counts_text(grades) == "fair 1; good 4"
    assert counts_text(failed) == ""


def test_csv_rows_in_order_with_reason(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(summary_csv(_manifests(tmp_path)))))
    assert [r["label"] for r in rows] == ["A 2024", "N <2025>", "B 2023"]
    assert [r["status"] for r in rows] == ["ok", "ok", "failed"]
    assert rows[0]["pdf"] == str(tmp_path / "a" / "2024" / "report.pdf") and rows[0]["html"] == ""
    assert rows[2]["reason"].startswith("invalid input: obs.csv:3:value")


def test_written_files_link_relative_and_escape(tmp_path: Path) -> None:
    manifests = _manifests(tmp_path)
    comparison = [tmp_path / "comparison" / "ranking.html"]
    paths = write_summary(tmp_path, manifests, comparison)
    assert [p.name for p in paths] == ["batch-summary.csv", "batch-summary.json", "index.html"]
    body = json.loads(paths[1].read_text(encoding="utf-8"))
    assert body["reports"] == manifests and body["comparison"] == [str(comparison[0])]
    html = paths[2].read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(html)
    assert parser.hrefs == ["a/2024/report.pdf", "a/2024/report.xlsx", "comparison/ranking.html"]
    assert "N &lt;2025&gt;" in html and "N <2025>" not in html
    assert "2 built, 1 failed, of 3" in html


def test_a_failed_comparison_is_said(tmp_path: Path) -> None:
    paths = write_summary(tmp_path, _manifests(tmp_path)[:1], (), "no indicator in common")
    assert "The comparison failed: no indicator in common" in paths[2].read_text("utf-8")
    assert json.loads(paths[1].read_text("utf-8"))["after"] == "no indicator in common"
