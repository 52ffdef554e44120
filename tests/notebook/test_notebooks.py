"""The notebooks: their structure (parameters, no outputs, thin, bilingual prose, the analysts'
prose for the report), and, marked e2e, real runs through papermill on the default data."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest

from healthcheck.inputs.plan import load_plan
from healthcheck.layout import BuildLayout
from healthcheck.notebook.prose import REPORT_TAG, attach_prose, prose_cells
from healthcheck.results import FileStore

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
PLAN = load_plan(ROOT / "data" / "plan")
DOMAIN_NOTEBOOKS = [
    "spatial",
    "transport",
    "utilities",
    "resilience",
    "public_services",
    "environment",
    "renewal",
    "management",
]
ALL = [*DOMAIN_NOTEBOOKS, "summary", "domain"]
PARAMETERS = {"year", "plan_dir", "data_dir", "out_dir", "domain", "district"}
MAX_CODE_LINES = 6
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORDS = re.compile(r"[A-Za-z]{3,}(?:\s+[A-Za-z]{2,}){2,}")


def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def code_lines(cell) -> list[str]:
    return [
        line
        for line in cell.source.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def parameters_cell(nb):
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    return tagged[0]


def parameter_values(cell) -> dict:
    values = {}
    for node in ast.parse(cell.source).body:
        assert isinstance(node, ast.Assign), "the parameters cell only assigns"
        values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def test_every_domain_of_the_plan_has_a_notebook():
    for dom in PLAN.domains:
        assert (NOTEBOOKS / f"{dom.id}.ipynb").is_file() or (NOTEBOOKS / "domain.ipynb").is_file()
    for name in ALL:
        assert (NOTEBOOKS / f"{name}.ipynb").is_file(), name


@pytest.mark.parametrize("name", ALL)
def test_parameters_cell(name):
    nb = load(name)
    cell = parameters_cell(nb)
    assert cell.cell_type == "code"
    values = parameter_values(cell)
    assert set(values) == PARAMETERS
    # defaults that work when opened from notebooks/ in JupyterLab, typed for papermill
    assert isinstance(values["year"], int) and values["year"] == 2025
    assert values["plan_dir"] == "../data/plan"
    assert values["data_dir"] == "../data"
    # a notebook run by hand writes to a scratch folder, never into the build's results
    assert values["out_dir"] == "../build/interactive"
    assert values["district"] == ""  # the whole plan; a district's code for its report
    if name in DOMAIN_NOTEBOOKS:
        assert values["domain"] == name
    elif name == "summary":
        assert values["domain"] == "summary"
    else:
        assert values["domain"] in {d.id for d in PLAN.domains}
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", ALL)
def test_committed_without_outputs(name):
    """Fails when a notebook is committed with outputs or execution counts."""
    raw = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    for i, cell in enumerate(raw["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{name}.ipynb cell {i} has outputs"
            assert cell.get("execution_count") is None, f"{name}.ipynb cell {i} was executed"
    assert "papermill" not in raw["metadata"], f"{name}.ipynb carries papermill metadata"


@pytest.mark.parametrize("name", ALL)
def test_notebooks_are_thin(name):
    nb = load(name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) <= 8
    for cell in code:
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            ), f"{name}: logic belongs in src/healthcheck"
            assert not isinstance(node, ast.For | ast.While), f"{name}: no loops in notebooks"
        assert len(code_lines(cell)) <= MAX_CODE_LINES, f"{name}: a code cell is too long"
    imports = [
        n
        for c in code
        for n in ast.walk(ast.parse(c.source))
        if isinstance(n, ast.Import | ast.ImportFrom)
    ]
    assert all(
        isinstance(n, ast.ImportFrom) and n.module == "healthcheck.notebook" for n in imports
    )


@pytest.mark.parametrize("name", ALL)
def test_prose_in_both_languages(name):
    nb = load(name)
    md = [c for c in nb.cells if c.cell_type == "markdown"]
    assert len(md) >= 5
    for cell in md:
        assert CJK.search(cell.source), f"{name}: a markdown cell without Chinese"
        assert LATIN_WORDS.search(cell.source), f"{name}: a markdown cell without English"


@pytest.mark.parametrize("name", [*DOMAIN_NOTEBOOKS, "domain"])
def test_domain_notebooks_mark_their_prose_for_the_report(name):
    """The "what follows for the city" prose is one tagged cell: Chinese, ---, English."""
    tagged = [c for c in load(name).cells if REPORT_TAG in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "markdown"
    [(zh, en)] = prose_cells(NOTEBOOKS / f"{name}.ipynb")
    assert CJK.search(zh) and not LATIN_WORDS.search(zh)
    assert LATIN_WORDS.search(en) and not CJK.search(en)


# --------------------------------------------------------------------------------------------
# End to end: real notebooks through papermill on the default data


def _default_data_present() -> bool:
    return any((ROOT / "data" / "observations").glob("*.csv"))


def _execute(name: str, tmp_path: Path, domain: str, year: int = 2025) -> Path:
    import papermill as pm

    out = tmp_path / "build"
    pm.execute_notebook(
        str(NOTEBOOKS / f"{name}.ipynb"),
        str(tmp_path / f"{name}.out.ipynb"),
        parameters={
            "year": year,
            "plan_dir": str(ROOT / "data" / "plan"),
            "data_dir": str(ROOT / "data"),
            "out_dir": str(out),
            "domain": domain,
        },
        kernel_name="python3",
        progress_bar=False,
        cwd=str(NOTEBOOKS),
        shutdown_kernel="immediate",
    )
    return out


def _check_svg(path: Path) -> None:
    assert path.is_file(), path
    data = path.read_bytes()
    assert len(data) > 5000, path
    assert data.lstrip().startswith(b"<?xml") and b"<svg" in data[:2000], path
    assert data.rstrip().endswith(b"</svg>"), path


@pytest.mark.e2e
@pytest.mark.skipif(not _default_data_present(), reason="the default data set is not there yet")
@pytest.mark.parametrize("name", ["transport", "spatial"])
def test_domain_notebook_end_to_end(name, tmp_path):
    out = _execute(name, tmp_path, name)
    store = FileStore(BuildLayout(out, 2025))
    results = store.read(name)  # checked: schema, year, domain, every file it names
    assert results.framework == PLAN.framework
    ids = [i.id for i in PLAN.indicators_of(name)]
    assert [r.id for r in results.indicators] == ids
    figures = {f.id: f for f in results.figures}
    for r in results.indicators:
        assert r.figure == r.id and figures[r.id].kind == "indicator"
        assert r.sentence_zh and r.sentence_en and r.schedule_verdict
        assert r.illustrative == bool(r.illustrative_years)
        assert figures[r.id].illustrative == r.illustrative
    for fig in results.figures:
        _check_svg(store.file(name, fig.path))
        assert fig.caption_zh and fig.caption_en and fig.origin == "generated"
    kinds = {f.kind for f in results.figures}
    assert {"indicator", "analysis"} <= kinds
    if name == "spatial":
        assert {"map", "ranking"} <= kinds
        assert results.districts and {d.id for d in results.districts} <= set(ids)
        assert any(t.id == "districts" for t in results.tables)
    for table in results.tables:
        rows = store.table_rows(name, table)
        assert rows[0] == [c.name for c in table.columns]
        assert len(table.illustrative) == len(rows) - 1
        assert store.file(name, table.path).read_bytes().startswith(b"\xef\xbb\xbf")
    assert {"assessment", f"{name}-analysis"} <= {t.id for t in results.tables}
    assert results.text and all(t.zh and t.en for t in results.text)
    # the analysts' prose of the executed notebook reaches the results
    assert attach_prose(tmp_path / f"{name}.out.ipynb", store, name) == 1
    analyst = [t for t in store.read(name).text if t.origin == "analyst"]
    assert [t.key for t in analyst] == ["analyst-1"]


@pytest.mark.e2e
@pytest.mark.skipif(not _default_data_present(), reason="the default data set is not there yet")
def test_summary_notebook_end_to_end(tmp_path):
    out = _execute("summary", tmp_path, "summary")
    store = FileStore(BuildLayout(out, 2025))
    results = store.read_summary()
    assert results.domain == "summary"
    counts = results.counts
    assert set(counts) == {"schedule_verdict", "international_category"}
    total = counts["schedule_verdict"]["__all__"]
    assert sum(total.values()) == len(PLAN.indicators)
    assert {d.id for d in PLAN.domains} <= set(counts["schedule_verdict"])
    ids = {i.id for i in PLAN.indicators}
    assert set(results.shortfalls) <= ids
    assert results.previous_available
    assert all(c.id in ids and c.schedule_from for c in results.changes)
    assert results.method["thresholds_target"] == [0.95, 0.60, 0.0]
    assert 0 < results.illustrative_share <= 1
    for fig in results.figures:
        _check_svg(store.file("summary", fig.path))
    assert len(results.indicators) == len(PLAN.indicators)
    # the analysts' findings of the year, read through the inputs, in the results
    assert set(results.shortfalls) <= {f.indicator for f in results.findings}


@pytest.mark.e2e
@pytest.mark.skipif(not _default_data_present(), reason="the default data set is not there yet")
def test_generic_notebook_runs_any_domain(tmp_path):
    out = _execute("domain", tmp_path, "utilities", year=2024)
    results = FileStore(BuildLayout(out, 2024)).read("utilities")
    assert [r.id for r in results.indicators] == [i.id for i in PLAN.indicators_of("utilities")]
