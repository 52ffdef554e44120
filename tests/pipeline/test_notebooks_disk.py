"""A disk that fills (or turns read-only) while the notebooks run: exit 1 and one line naming the
path and the cause, as a full disk at the report's render does -- not one line per failing
notebook.  A real small tmpfs filled while the kernels wait in their first cell (root only;
skipped otherwise, as the other disk tests)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import psutil
import pytest

from tests.pipeline.test_processes import HEALTHCHECK, Project, _alive, _descendants, needs_fork
from tests.test_publish import mounted


def _fill(folder: Path) -> None:
    """Write into ``folder`` until its disk is full."""
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as fh:
        while True:
            fh.write(b"x" * 65536)
            fh.flush()


@pytest.mark.e2e
@needs_fork
def test_a_disk_that_fills_during_the_notebooks_is_one_line(tmp_path: Path):
    project = Project(tmp_path / "p")
    with mounted("tmpfs:16m", project.out):
        env = {**os.environ, "HC_TEST_HOLD": str(project.hold), "HC_TEST_MARKS": str(project.marks)}
        build = subprocess.Popen(
            [HEALTHCHECK, *project.args(), "--quiet"],
            env=env,
            cwd=project.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        tree: list[psutil.Process] = []
        try:
            project.kernels_running(build)
            tree = _descendants(build.pid)
            _fill(project.out)  # the disk fills while the three notebooks run
            project.hold.unlink()
            out, err = build.communicate(timeout=300)
        finally:  # whatever the outcome, nothing of this test stays running
            if build.poll() is None:
                build.kill()
                build.wait()
            for p in _alive(tree):
                p.kill()
    assert build.returncode == 1, err
    assert out == "", (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"error: {project.out}/"), err
    assert err.endswith(": No space left on device\n"), err
