"""The writers' registry and the all-or-nothing writing of the outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan
from healthcheck.report import FORMATS, WRITERS, render_outputs, render_report
from healthcheck.report.document import Document
from healthcheck.results.store import FileStore

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FAST = ("html", "xlsx", "csv")


def test_registry_has_every_format() -> None:
    assert set(WRITERS) == set(FORMATS) == {"pdf", "html", "xlsx", "csv"}


def test_unknown_format_is_refused(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    with pytest.raises(BuildError, match="unknown report format docx"):
        render_outputs(small_plan, observations, store, formats=("html", "docx"))


def test_a_new_writer_is_a_registry_line(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def titles(doc: Document) -> dict[str, bytes]:
        return {"titles.txt": doc.context["title_en"].encode()}

    monkeypatch.setitem(WRITERS, "titles", titles)
    paths = render_report(small_plan, observations, store, template_dir=TEMPLATES,
                          formats=("titles",))  # fmt: skip
    assert paths["titles.txt"].read_text() == "Wuhan City Health Check Report 2025"


def test_failed_render_leaves_previous_outputs(
    tmp_path: Path, small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    paths = render_report(small_plan, observations, store, template_dir=TEMPLATES, formats=FAST)
    assert set(paths) == {"report.html", "report.xlsx", "tables/assessment.csv",
                          "tables/districts.csv", "tables/observations.csv"}  # fmt: skip
    before = {p: p.read_bytes() for p in paths.values()}
    broken = tmp_path / "templates"
    shutil.copytree(TEMPLATES, broken)
    with (broken / "_data.html.j2").open("a", encoding="utf-8") as fh:
        fh.write("{{ no_such_variable.attribute }}\n")
    with pytest.raises(BuildError, match="template"):
        render_report(small_plan, observations, store, template_dir=broken)
    # a writer that fails after the others rendered: nothing is written either
    store.write(store.read_summary().model_copy(update={"method": {}}))
    with pytest.raises(BuildError):
        render_report(small_plan, observations, store, template_dir=TEMPLATES, formats=FAST)
    assert {p: p.read_bytes() for p in paths.values()} == before
    assert not list(store.layout.year_dir.rglob("*.tmp"))


def test_two_renders_are_identical(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    a = render_outputs(small_plan, observations, store, template_dir=TEMPLATES, formats=FAST)
    b = render_outputs(small_plan, observations, store, template_dir=TEMPLATES, formats=FAST)
    assert a == b
