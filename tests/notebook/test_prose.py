"""The analysts' prose: markdown cells tagged ``report`` reach the results."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from healthcheck.errors import BuildError
from healthcheck.layout import BuildLayout
from healthcheck.notebook.prose import attach_prose
from healthcheck.results import DomainResults, FileStore, Paragraph, SummaryResults


def notebook(path: Path, *cells: tuple[str, str, list[str]]) -> Path:
    nb = nbformat.v4.new_notebook()
    for kind, source, tags in cells:
        new = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        nb.cells.append(new(source, metadata={"tags": tags}))
    nbformat.write(nb, str(path))
    return path


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    store = FileStore(BuildLayout(tmp_path / "build", 2025))
    store.write(
        DomainResults(
            framework="plan_targets",
            domain="alpha",
            year=2025,
            title_zh="甲",
            title_en="Alpha",
            text=[Paragraph(key="overview", zh="概况。", en="Overview.")],
        )
    )
    return store


def test_tagged_cells_are_appended_in_order(tmp_path, store):
    nb = notebook(
        tmp_path / "alpha.ipynb",
        ("markdown", "# 标题 Title", []),
        ("markdown", "第一段。\n\n---\n\nFirst paragraph.", ["report"]),
        ("markdown", "不进报告。\n---\nNot for the report.", []),  # untagged: ignored
        ("code", "x = 1\n---\n", ["report"]),  # a code cell is not prose
        ("markdown", "第二段，\n两行。\n  ---  \nSecond,\ntwo lines.\n", ["report", "other"]),
    )
    assert attach_prose(nb, store, "alpha") == 2
    text = store.read("alpha").text
    assert [(p.key, p.origin) for p in text] == [
        ("overview", "generated"),
        ("analyst-1", "analyst"),
        ("analyst-2", "analyst"),
    ]
    assert (text[1].zh, text[1].en) == ("第一段。", "First paragraph.")
    assert (text[2].zh, text[2].en) == ("第二段，\n两行。", "Second,\ntwo lines.")
    # attaching again replaces, never duplicates
    assert attach_prose(nb, store, "alpha") == 2
    assert [p.key for p in store.read("alpha").text] == ["overview", "analyst-1", "analyst-2"]


def test_no_tagged_cell(tmp_path, store):
    nb = notebook(tmp_path / "alpha.ipynb", ("markdown", "中文\n---\nEnglish words here", []))
    assert attach_prose(nb, store, "alpha") == 0
    assert [p.key for p in store.read("alpha").text] == ["overview"]


def test_missing_separator_names_notebook_and_cell(tmp_path, store):
    nb = notebook(
        tmp_path / "alpha.ipynb",
        ("markdown", "# 标题", []),
        ("markdown", "中文。\n\nEnglish.", ["report"]),
    )
    with pytest.raises(BuildError) as err:
        attach_prose(nb, store, "alpha")
    assert str(nb) in str(err.value) and "cell 2" in str(err.value) and "'---'" in str(err.value)
    assert [p.key for p in store.read("alpha").text] == ["overview"]  # nothing written


def test_empty_side_is_an_error(tmp_path, store):
    nb = notebook(tmp_path / "alpha.ipynb", ("markdown", "中文。\n---\n", ["report"]))
    with pytest.raises(BuildError, match="cell 1.*English text"):
        attach_prose(nb, store, "alpha")


def test_missing_results_is_an_error(tmp_path, store):
    nb = notebook(tmp_path / "beta.ipynb", ("markdown", "中文。\n---\nEnglish.", ["report"]))
    with pytest.raises(BuildError, match="run the notebooks first"):
        attach_prose(nb, store, "beta")


def test_the_summary(tmp_path, store):
    store.write(
        SummaryResults(
            framework="plan_targets", domain="summary", year=2025, title_zh="总", title_en="S"
        )
    )
    nb = notebook(tmp_path / "summary.ipynb", ("markdown", "中文。\n---\nEnglish.", ["report"]))
    assert attach_prose(nb, store, "summary") == 1
    assert store.read_summary().text[0].key == "analyst-1"
