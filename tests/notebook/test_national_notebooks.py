"""The national 城市体检's notebooks (notebooks/national/): parameters that work when opened in
JupyterLab on the demonstration project, committed without outputs, thin, bilingual prose, and
the prose tagged for the report.  They run end to end in tests/report/test_national_report.py."""

from __future__ import annotations

import ast
import json

import nbformat
import pytest

from healthcheck.notebook.prose import REPORT_TAG
from tests.notebook.test_notebooks import (
    CJK,
    LATIN_WORDS,
    MAX_CODE_LINES,
    NOTEBOOKS,
    PARAMETERS,
    code_lines,
    parameter_values,
    parameters_cell,
)

NATIONAL = NOTEBOOKS / "national"
NAMES = ["level", "summary"]


def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NATIONAL / f"{name}.ipynb", as_version=4)


@pytest.mark.parametrize("name", NAMES)
def test_parameters_open_the_demonstration_project(name: str) -> None:
    values = parameter_values(parameters_cell(load(name)))
    assert set(values) == PARAMETERS - {"district"}  # the national check has no district report
    assert values["year"] == 2025
    assert values["plan_dir"] == "../../examples/wuhan-national/plan"
    assert values["data_dir"] == "../../examples/wuhan-national/data"
    assert (NATIONAL / values["plan_dir"] / "plan.yaml").is_file()
    assert values["out_dir"].startswith("../../build/interactive")
    assert values["domain"] == ("city" if name == "level" else "summary")


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs_and_thin(name: str) -> None:
    raw = json.loads((NATIONAL / f"{name}.ipynb").read_text(encoding="utf-8"))
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None
    code = [c for c in load(name).cells if c.cell_type == "code"]
    assert len(code) <= 8
    for cell in code:
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Lambda | ast.For)
            if isinstance(node, ast.Import | ast.ImportFrom):
                assert isinstance(node, ast.ImportFrom) and node.module == "healthcheck.notebook"
        assert len(code_lines(cell)) <= MAX_CODE_LINES


@pytest.mark.parametrize("name", NAMES)
def test_prose_in_both_languages(name: str) -> None:
    md = [c for c in load(name).cells if c.cell_type == "markdown"]
    assert len(md) >= 5
    for cell in md:
        assert CJK.search(cell.source) and LATIN_WORDS.search(cell.source), cell.source[:60]


def test_the_summary_tags_its_prose_for_the_report() -> None:
    tagged = [
        c for c in load("summary").cells if REPORT_TAG in c.get("metadata", {}).get("tags", [])
    ]
    assert len(tagged) == 1 and "\n---\n" in tagged[0].source
