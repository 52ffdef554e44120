"""The preloaded kernel: a real papermill run on a kernel forked from the zygote."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from healthcheck.pipeline.kernels import PRELOAD, PRELOADED, available, preload, preloaded_kernel

needs_fork = pytest.mark.skipif(not available(), reason="the preloaded kernel needs fork (Linux)")


def test_every_preloaded_name_imports():
    """The zygote skips what fails to import (so a kernel still starts); here it must not."""
    imported = preload(strict=True)
    assert set(PRELOAD) <= set(imported)
    packages = [n for n in PRELOAD if n.startswith("healthcheck.")]
    assert packages, "the zygote preloads healthcheck's packages"
    assert all(n.count(".") == 1 for n in packages), "packages, not module files"
    # a package's modules are loaded with it, wherever they move inside it
    assert "healthcheck.charts.maps" in imported
    assert "healthcheck.inputs.project" in imported


def _write(nb: nbformat.NotebookNode, folder: Path) -> tuple[Path, Path]:
    """Write ``nb`` (on the stock kernel spec) to ``folder``; return its path and the output's."""
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    src, out = folder / "in.ipynb", folder / "out.ipynb"
    nbformat.write(nb, src)
    return src, out


@pytest.mark.e2e
@needs_fork
def test_notebook_runs_on_a_forked_kernel_with_libraries_loaded(tmp_path: Path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import os, sys, json\n"
            "loaded = 'pandas' in sys.modules and 'geopandas' in sys.modules\n"
            "print(json.dumps({'loaded': loaded, 'cwd': os.getcwd(), 'pid': os.getpid()}))"
        ),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()"
        ),
    ]
    src, out = _write(nb, tmp_path)
    with preloaded_kernel(tmp_path) as kernel:
        assert kernel == PRELOADED
        pm.execute_notebook(
            str(src), str(out), kernel_name=kernel, progress_bar=False, cwd=str(tmp_path)
        )
    done = nbformat.read(out, as_version=4)
    info = json.loads(done.cells[0].outputs[0]["text"])
    assert info["loaded"] is True  # imported before the notebook asked: forked from the zygote
    assert Path(info["cwd"]) == tmp_path
    figure = [o for o in done.cells[1].outputs if o.get("output_type") == "display_data"]
    assert figure and "image/png" in figure[0]["data"]  # the inline backend works as usual


@pytest.mark.e2e
@needs_fork
def test_a_failing_cell_is_reported_as_with_the_python3_kernel(tmp_path: Path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("raise KeyError('missing')")]
    src, out = _write(nb, tmp_path)
    with preloaded_kernel(tmp_path) as kernel, pytest.raises(pm.PapermillExecutionError) as info:
        pm.execute_notebook(str(src), str(out), kernel_name=kernel, progress_bar=False)
    assert info.value.ename == "KeyError"


def test_kernel_sockets_go_to_the_build_folder_unless_its_path_is_too_long(tmp_path: Path):
    """AF_UNIX paths are at most 107 bytes: a deep build folder falls back to a short
    temporary folder; a short one is used as it is."""
    import os

    from healthcheck.pipeline.kernels import socket_dir

    short = tmp_path / "k"
    assert socket_dir(short) == short and short.is_dir()
    deep = tmp_path / ("x" * 100) / "kernels"
    chosen = socket_dir(deep)
    try:
        assert chosen != deep and chosen.is_dir()
        longest = os.path.join(chosen, "k-0123abcd-ipc-65535")
        assert len(os.fsencode(longest)) <= 107
    finally:
        chosen.rmdir()


def _zygote_socket() -> str:
    """The zygote's socket of the running :func:`preloaded_kernel` (from its kernel spec)."""
    import os

    for folder in os.environ["JUPYTER_PATH"].split(os.pathsep):
        spec = Path(folder) / "kernels" / PRELOADED / "kernel.json"
        if spec.is_file():
            return json.loads(spec.read_text())["env"]["HEALTHCHECK_ZYGOTE"]
    raise AssertionError("no preloaded kernel spec on JUPYTER_PATH")


@pytest.mark.e2e
@needs_fork
def test_a_client_that_gives_up_waiting_does_not_end_the_zygote(tmp_path: Path):
    """Under load papermill gives up on a kernel that does not answer in time, and the
    kernel's stand-in exits before the zygote replies: the zygote's reply then fails with a
    broken pipe, which ended the zygote, and with it every later notebook of the build."""
    import os
    import socket
    import subprocess
    import sys
    import time

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(6 * 7)")]
    src, out = _write(nb, tmp_path)
    with preloaded_kernel(tmp_path) as kernel, open(os.devnull, "rb+") as null:
        sock_path = _zygote_socket()
        deadline = time.monotonic() + 60
        for attempt in range(2):  # twice: the first reply could still fit before the close
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            while True:
                try:
                    sock.connect(sock_path)
                    break
                except OSError:
                    assert time.monotonic() < deadline, "the zygote never listened"
                    time.sleep(0.05)
            request = {
                "connection_file": str(tmp_path / f"gone-{attempt}.json"),
                "cwd": str(tmp_path),
                "env": {},
                "client_pid": int(gone.stdout),  # a stand-in that no longer runs
            }
            payload = json.dumps(request).encode() + b"\n"
            socket.send_fds(sock, [payload], [null.fileno()] * 3)
            sock.close()  # gave up: the zygote's reply finds no reader
        time.sleep(1)
        pm.execute_notebook(
            str(src), str(out), kernel_name=kernel, progress_bar=False, cwd=str(tmp_path),
            start_timeout=60,
        )  # fmt: skip
    done = nbformat.read(out, as_version=4)
    assert done.cells[0].outputs[0]["text"].strip() == "42"
