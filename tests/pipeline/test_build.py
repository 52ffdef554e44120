"""The build, end to end with real papermill kernels, notebooks and report (no mocks)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from click.testing import CliRunner

from healthcheck.cli import main
from healthcheck.errors import BuildError, NotebookError
from healthcheck.pipeline import build
from tests.conftest import DEFAULT_DATA, HEADER, ROOT, SMALL_INDICATORS, SMALL_PLAN_YAML, good_rows

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


def test_healthcheck_build_is_the_pipeline_build_and_needs_no_pandas():
    """``healthcheck.build`` (lazy) is :func:`healthcheck.pipeline.build`, and importing the
    pipeline (all a rebuild with nothing to do needs) does not import pandas."""
    code = (
        "import sys, healthcheck, healthcheck.pipeline as p\n"
        "assert healthcheck.build is p.build and callable(p.build), healthcheck.build\n"
        "assert p.build.__module__ == 'healthcheck.pipeline'\n"
        "assert 'pandas' not in sys.modules and 'papermill' not in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.e2e
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


@pytest.mark.e2e
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


@pytest.mark.e2e
def test_unknown_parameter_is_an_error(small_project):
    plan, data, nbs, out = small_project
    notebook(nbs / "alpha.ipynb", WRITE, params="year = 2021\nplan_dir = ''\ndata_dir = ''")
    notebook(nbs / "beta.ipynb", WRITE)
    with pytest.raises(BuildError, match="lacks domain, out_dir"):
        build(plan_dir=plan, data_dir=data, out_dir=out, notebooks_dir=nbs, progress=False)


ANALYSIS = """\
\"\"\"A test analysis bound to the domain alpha: the ids it is given.\"\"\"

import pandas as pd

CAPTION = ("测试分析", "Test analysis")


def compute(ctx, **params):
    return pd.DataFrame({"indicator": list(params.get("ids", []))})


def draw(frame, ctx, **params):
    return None


def describe(frame, ctx, **params):
    return "本领域绑定了测试分析。", "This domain is bound to a test analysis."
"""


#: what an analyst adds in a code cell of alpha's own notebook
ANALYST_CELL = """\
import matplotlib.pyplot as plt
import pandas as pd

fig, ax = plt.subplots(figsize=(4, 2))
ax.bar(["A01", "A02"], [1, 2])
ctx.add_figure(fig, "analyst-bars",
               caption_zh="分析人员附图：两项指标", caption_en="Analysts' figure: two indicators")
ctx.add_table(pd.DataFrame({"id": ["A01"], "remark": ["复核"]}), "analyst-check",
              caption_zh="分析人员复核表", caption_en="Analysts' check table")
ctx.add_text(key="own-remark", zh="分析人员补充：甲领域数据需复核。",
             en="Analysts' remark: the alpha data need checking.")
"""


def analyst_notebook(generic: Path, out: Path) -> None:
    """alpha's own notebook: the generic one plus an analyst's code cell (a figure, a table and
    a paragraph added through the context) before ``ctx.write()``."""
    nb = nbformat.read(generic, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.source.strip() == "ctx.write()")
    nb.cells.insert(at, nbformat.v4.new_code_cell(ANALYST_CELL))
    nbformat.write(nb, out)


class SmallBuild:
    """The small plan (alpha bound to the analysis ``pace``, beta) built once with the real
    notebooks, templates and report; :meth:`restore` puts the project and its build back as
    they were after that cold build (same absolute paths, so the cache keys hold)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data, self.notebooks, self.out = root / "data", root / "notebooks", root / "out"
        self.kw = dict(
            plan_dir=self.data / "plan",
            data_dir=self.data,
            out_dir=self.out,
            notebooks_dir=self.notebooks,
            progress=False,
        )
        self.pristine = root.with_name(root.name + "-pristine")

    def create(self) -> None:
        plan = self.data / "plan"
        plan.mkdir(parents=True)
        (plan / "indicators.csv").write_text(SMALL_INDICATORS, encoding="utf-8")
        (plan / "plan.yaml").write_text(
            SMALL_PLAN_YAML.replace(
                "{id: alpha, title_zh: 甲领域, title_en: Alpha domain}",
                "{id: alpha, title_zh: 甲领域, title_en: Alpha domain,"
                " analysis: {name: pace, params: {ids: [A01, A02]}}}",
            ),
            encoding="utf-8",
        )
        (self.data / "observations").mkdir()
        for year in (2020, 2021, 2022):
            rows = "".join(r + "\n" for r in good_rows(year))
            (self.data / "observations" / f"{year}.csv").write_text(HEADER + rows, "utf-8")
        shutil.copytree(DEFAULT_DATA / "geo", self.data / "geo")
        shutil.copytree(ROOT / "notebooks", self.notebooks)
        analyst_notebook(self.notebooks / "domain.ipynb", self.notebooks / "alpha.ipynb")
        (self.notebooks / "analyses").mkdir(exist_ok=True)
        (self.notebooks / "analyses" / "pace.py").write_text(ANALYSIS, encoding="utf-8")
        self.cold = build(**self.kw)
        self.pdf = self.cold.pdf.read_bytes()
        shutil.copytree(self.root, self.pristine)

    def restore(self) -> None:
        shutil.rmtree(self.root)
        shutil.copytree(self.pristine, self.root)

    def change_value(self, indicator: str, year: int, delta: float) -> None:
        path = self.data / "observations" / f"{year}.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            cells = line.split(",")
            if cells[0] == indicator and cells[2] == "":
                cells[3] = str(float(cells[3]) + delta)
                lines[i] = ",".join(cells)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> SmallBuild:
    project = SmallBuild(tmp_path_factory.mktemp("small") / "project")
    project.create()
    return project


@pytest.mark.e2e
def test_cold_build_runs_everything(small_build: SmallBuild):
    cold = small_build.cold
    assert cold.executed == ["alpha", "beta", "summary"] and cold.cached == []
    assert cold.report_rendered and cold.year == 2022
    assert cold.pdf == small_build.out / "2022" / "report.pdf"
    # the analysts' prose (domain.ipynb's markdown cell tagged report) reached the results
    results = json.loads((small_build.out / "2022/domains/alpha/results.json").read_text("utf-8"))
    analyst = [p for p in results["text"] if p["origin"] == "analyst"]
    assert [p["key"] for p in analyst] == ["own-remark", "analyst-1"]
    assert analyst[1]["zh"].startswith("列入问题清单的指标") and analyst[1]["en"]
    # ... and, with the analyst's own figure, table and paragraph, the PDF
    text = subprocess.run(
        ["pdftotext", "-layout", str(cold.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    chapter = text[text.index("分析与建议") :]
    for words in (
        "分析人员附图：两项指标",
        "Analysts' figure: two indicators",
        "分析人员复核表",
        "分析人员补充：甲领域数据需复核。",
        "the alpha data need checking",
        "列入问题清单的指标",
    ):
        assert words in chapter, words


@pytest.mark.e2e
def test_cache_reruns_only_what_changed(small_build: SmallBuild):
    """Nothing to do; then an edited analysis file re-executes its domain only; then one
    changed value re-executes its domain and the summary."""
    small_build.restore()
    kw = small_build.kw
    again = build(**kw)
    assert again.executed == [] and not again.report_rendered
    assert again.pdf.read_bytes() == small_build.pdf

    analysis = small_build.notebooks / "analyses" / "pace.py"
    analysis.write_text(ANALYSIS + "\n# edited\n", encoding="utf-8")
    edited = build(**kw)
    assert edited.executed == ["alpha"]  # not beta, not the summary
    assert edited.cached == ["beta", "summary"]

    small_build.change_value("B02", 2022, 1)
    changed = build(**kw)
    assert changed.executed == ["beta", "summary"]
    assert changed.report_rendered


@pytest.mark.e2e
def test_an_interactive_run_never_reaches_the_report(small_build: SmallBuild):
    """beta's notebook run by hand (other data, its results folder as the build's) and a
    stray file: the next build re-runs beta alone and gives the --no-cache bytes."""
    small_build.restore()
    scratch = small_build.root / "scratch-data"
    shutil.copytree(small_build.data, scratch)
    small_build.data, saved = scratch, small_build.data
    small_build.change_value("B02", 2022, 7)  # what the analyst tried in JupyterLab
    small_build.data = saved
    beta = small_build.out / "2022" / "domains" / "beta"
    before = (beta / "results.json").read_bytes()
    pm.execute_notebook(
        str(small_build.notebooks / "domain.ipynb"),
        str(small_build.root / "by-hand.ipynb"),
        parameters={
            "year": 2022,
            "plan_dir": str(scratch / "plan"),
            "data_dir": str(scratch),
            "out_dir": str(small_build.out),
            "domain": "beta",
        },
        kernel_name="python3",
        progress_bar=False,
        cwd=str(small_build.notebooks),
    )
    assert (beta / "results.json").read_bytes() != before  # the hand run wrote into the build
    (beta / "figures" / "by-hand.svg").write_text("<svg/>", encoding="utf-8")

    rebuilt = build(**small_build.kw)
    assert rebuilt.executed == ["beta"]
    assert not (beta / "figures" / "by-hand.svg").exists()
    assert (beta / "results.json").read_bytes() == before
    pdf = rebuilt.pdf.read_bytes()
    clean = build(**small_build.kw, use_cache=False)
    assert clean.executed == ["alpha", "beta", "summary"]
    assert pdf == clean.pdf.read_bytes() == small_build.pdf


def _cli(small_build: SmallBuild, *extra: str) -> subprocess.CompletedProcess[str]:
    """``healthcheck report`` on the small build, its output captured (not a terminal)."""
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("healthcheck")),
            "report",
            "--data",
            str(small_build.data),
            "--out",
            str(small_build.out),
            "--notebooks",
            str(small_build.notebooks),
            *extra,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=900,
        cwd=small_build.root,
    )


@pytest.mark.e2e
def test_the_console_says_what_happened_and_nothing_else(small_build: SmallBuild):
    """A build that runs notebooks: plain progress lines (stderr is not a terminal), no kernel
    chatter (IPC transport; the kernel's output in its log beside the notebook); then a build
    with nothing to do says so and writes nothing."""
    small_build.restore()
    small_build.change_value("B02", 2022, 1)
    ran = _cli(small_build)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "wrote out/2022/report.pdf (2 notebook(s) run, 1 cached)\n"
    err = ran.stderr
    assert "\r" not in err and "%|" not in err  # no progress bar in a log
    assert err.splitlines()[0] == "notebooks: running beta, summary [0/2]"
    assert any(line.startswith("notebooks: beta done in ") for line in err.splitlines())
    for noise in ("TCP", "encryption", "KeyboardInterrupt", "Traceback", "WARNING", "ERROR"):
        assert noise not in err, err
    log = small_build.out / "2022" / "notebooks" / "beta.log"
    assert log.is_file() and "without encryption" not in log.read_text("utf-8")

    state = small_build.out / ".cache" / "state.json"
    before = state.stat().st_mtime_ns
    again = _cli(small_build)
    assert again.returncode == 0, again.stderr
    assert again.stdout == "up to date: out/2022/report.pdf (nothing to rebuild)\n"
    assert "wrote" not in again.stdout + again.stderr
    assert state.stat().st_mtime_ns == before  # nothing was written


@pytest.mark.e2e
def test_a_read_only_output_folder(small_build: SmallBuild):
    """Nothing to do: the build succeeds without writing.  Something to do: exit 1, one line
    naming the path and the cause, no traceback, and every output as it was."""
    from tests.test_publish import mounted, snapshot

    small_build.restore()
    original = small_build.out.with_name("out-rw")
    small_build.out.rename(original)
    try:
        with mounted("ro", small_build.out, original):
            before = snapshot(small_build.out)
            same = _cli(small_build, "--quiet")
            assert same.returncode == 0, same.stderr
            assert same.stdout.startswith("up to date: ")
            small_build.change_value("A01", 2022, 1)
            changed = _cli(small_build, "--quiet")
            assert changed.returncode == 1
            assert changed.stdout == ""
            assert changed.stderr.count("\n") == 1 and "Traceback" not in changed.stderr
            assert changed.stderr.startswith(f"error: {small_build.out}")
            assert changed.stderr.endswith(": Read-only file system\n")
            assert snapshot(small_build.out) == before
    finally:
        small_build.out.rmdir()
        original.rename(small_build.out)
