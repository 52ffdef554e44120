"""The survey notebook: thin, parameterised like the others, and (e2e) run through papermill on
the national demo project, its results read back through the store."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest

from healthcheck.layout import BuildLayout
from healthcheck.results.store import FileStore

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "survey.ipynb"
PROJECT = ROOT / "examples" / "wuhan-national"


def test_thin_and_parameterised() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = code[0]
    assert "parameters" in params.metadata.get("tags", [])
    names = {
        t.id
        for n in ast.parse(params.source).body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    assert names == {"year", "plan_dir", "data_dir", "out_dir", "domain"}
    for cell in code[1:]:
        assert len(cell.source.splitlines()) <= 6
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.For | ast.While)
            if isinstance(node, ast.ImportFrom):
                assert node.module == "healthcheck.notebook"
    raw = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert all(c.get("outputs", []) == [] for c in raw["cells"] if c["cell_type"] == "code")


@pytest.mark.e2e
def test_runs_on_the_demo_project(tmp_path: Path) -> None:
    import papermill as pm

    out = tmp_path / "build"
    pm.execute_notebook(
        str(NOTEBOOK),
        str(tmp_path / "survey.out.ipynb"),
        parameters={
            "year": 2025,
            "plan_dir": str(PROJECT / "plan"),
            "data_dir": str(PROJECT / "data"),
            "out_dir": str(out),
            "domain": "survey",
        },
        kernel_name="python3",
        progress_bar=False,
        cwd=str(NOTEBOOK.parent),
        shutdown_kernel="immediate",
    )
    survey = FileStore(BuildLayout(out, 2025)).read_survey()
    assert survey is not None
    assert {f.id for f in survey.figures} == {"profile", "dimensions", "items", "map"}
    assert survey.illustrative and survey.usable > 1500
    # the national system's survey_items reach the results (for the grading)
    assert any(s.indicator == "N01" and s.score is not None for s in survey.survey_indicators)
