"""The runner, end to end with real papermill kernels (no mocks)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from healthcheck.cli import main
from healthcheck.errors import BuildError, NotebookError
from healthcheck.pipeline.run import build
from tests.conftest import DEFAULT_DATA, good_rows

pytestmark = pytest.mark.e2e

PARAMS = 'year = 2021\nplan_dir = ""\ndata_dir = ""\nout_dir = ""\ndomain = ""'
WRITE = (
    "import json, pathlib\n"
    "d = pathlib.Path(out_dir) / str(year) / ('summary' if domain == 'summary' else "
    "'domains/' + domain)\n"
    "d.mkdir(parents=True, exist_ok=True)\n"
    "(d / 'results.json').write_text(json.dumps({'domain': domain}))"
)


def notebook(path: Path, *cells: str, params: str = PARAMS) -> None:
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [p, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


@pytest.fixture
def small_project(small_plan_dir: Path, write_obs, tmp_path: Path):
    write_obs(2020, good_rows(2020))
    data = write_obs(2021, good_rows(2021))
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    notebook(nbs / "summary.ipynb", WRITE)
    return small_plan_dir, data, nbs, tmp_path / "out"


def test_failing_notebook_is_named_kept_and_others_finish(small_project):
    plan, data, nbs, out = small_project
    notebook(nbs / "alpha.ipynb", "x = 1", "1 / 0", WRITE)
    notebook(nbs / "beta.ipynb", WRITE)
    with pytest.raises(NotebookError) as info:
        build(plan_dir=plan, data_dir=data, out_dir=out, notebooks_dir=nbs, progress=False)
    err = info.value
    assert err.domain == "alpha" and err.cell == 3  # the third cell of the source notebook
    assert "1 / 0" in str(err)
    assert "ZeroDivisionError" in err.exception
    kept = nbformat.read(out / "2021" / "notebooks" / "alpha.ipynb", as_version=4)
    outputs = [o for c in kept.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert any(o.get("ename") == "ZeroDivisionError" for o in outputs)
    assert (out / "2021" / "domains" / "beta" / "results.json").is_file()  # the other finished
    assert not (out / "2021" / "report.pdf").exists()


def test_failing_notebook_exits_1_through_the_cli(small_project):
    plan, data, nbs, out = small_project
    notebook(nbs / "alpha.ipynb", "raise ValueError('broken on purpose')")
    notebook(nbs / "beta.ipynb", WRITE)
    res = CliRunner().invoke(
        main,
        [
            "report",
            "--quiet",
            "--plan",
            str(plan),
            "--data",
            str(data),
            "--out",
            str(out),
            "--notebooks",
            str(nbs),
        ],
    )
    assert res.exit_code == 1
    assert "alpha" in res.stderr and "ValueError: broken on purpose" in res.stderr
    assert "cell" in res.stderr


def test_unknown_parameter_is_an_error(small_project):
    plan, data, nbs, out = small_project
    notebook(nbs / "alpha.ipynb", WRITE, params="year = 2021\nplan_dir = ''\ndata_dir = ''")
    notebook(nbs / "beta.ipynb", WRITE)
    with pytest.raises(BuildError, match="lacks domain, out_dir"):
        build(plan_dir=plan, data_dir=data, out_dir=out, notebooks_dir=nbs, progress=False)


def test_cache_on_the_default_project(tmp_path: Path):
    """Cold build, then nothing to do, then one changed value re-executes one domain."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, data)
    out = tmp_path / "build"
    kw = dict(plan_dir=data / "plan", data_dir=data, out_dir=out, progress=False)
    first = build(**kw)
    assert first.pdf.is_file() and first.report_rendered
    assert len(first.executed) == 9 and first.executed[-1] == "summary"
    pdf_bytes = first.pdf.read_bytes()

    second = build(**kw)
    assert second.executed == [] and not second.report_rendered
    assert second.pdf.read_bytes() == pdf_bytes

    path = data / "observations" / f"{first.year}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        cells = line.split(",")
        if cells[0] == "T02" and cells[2] == "":
            cells[3] = str(float(cells[3]) + 1)
            lines[i] = ",".join(cells)
            break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    third = build(**kw)
    assert third.executed == ["transport", "summary"]
    assert third.report_rendered
