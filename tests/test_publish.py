"""The outputs of one build replace the previous set together, or not at all: on a full disk
(a real small tmpfs), a read-only folder (a real read-only bind mount), an exception or a
signal during the swap, and after a publisher killed in the middle."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import healthcheck.publish as publish_module
from healthcheck.publish import publish, recover

OLD = {
    "report.pdf": b"old pdf",
    "report.html": b"old html",
    "report.xlsx": b"old xlsx",
    "tables/assessment.csv": b"old assessment",
    "tables/gone.csv": b"a table the new set does not have",
}
NEW = {
    "report.pdf": b"new pdf",
    "report.html": b"new html",
    "report.xlsx": b"new xlsx",
    "tables/assessment.csv": b"new assessment",
    "tables/districts.csv": b"new districts",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the lock: {relative path: bytes}."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".publish.lock"
    }


@contextlib.contextmanager
def mounted(kind: str, target: Path, source: Path | None = None) -> Iterator[None]:
    """A small tmpfs (``kind`` "tmpfs:<size>") or a read-only bind mount of ``source``;
    skipped where mounting is not allowed (not root, no CAP_SYS_ADMIN)."""
    target.mkdir(parents=True, exist_ok=True)
    if kind.startswith("tmpfs:"):
        cmds = [["mount", "-t", "tmpfs", "-o", f"size={kind[6:]}", "tmpfs", str(target)]]
    else:
        cmds = [
            ["mount", "--bind", str(source), str(target)],
            ["mount", "-o", "remount,bind,ro", str(target)],
        ]
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs or a read-only bind mount needs root (CI runs as root)")
    done = 0
    try:
        for cmd in cmds:
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode:
                pytest.skip(f"cannot mount here ({' '.join(cmd)}: {proc.stderr.strip()})")
            done += 1
        yield
    finally:
        if done:
            subprocess.run(["umount", str(target)], check=True)


def test_publish_replaces_the_whole_set(tmp_path: Path):
    year = tmp_path / "2025"
    publish(year, OLD)
    (year / "domains").mkdir()
    (year / "domains" / "results.json").write_text("{}")  # not an output: left alone
    written = publish(year, NEW)
    assert written == {rel: year / rel for rel in NEW}
    assert snapshot(year) == {**NEW, "domains/results.json": b"{}"}
    assert not list(year.glob(".publish-*"))
    assert oct((year / "report.pdf").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_full_disk_replaces_nothing(tmp_path: Path):
    year = tmp_path / "mnt"
    with mounted("tmpfs:256k", year):
        publish(year, OLD)
        big = {**NEW, "report.pdf": os.urandom(400_000)}  # does not fit beside the old set
        with pytest.raises(OSError) as info:
            publish(year, big)
        assert info.value.errno == errno.ENOSPC
        assert info.value.filename == str(year / "report.pdf")  # the output, not a temp file
        assert snapshot(year) == OLD  # the previous set, whole
        assert not list(year.glob(".publish-*"))  # and no staging left taking the space
        publish(year, NEW)  # room again once the new set fits
        assert snapshot(year) == NEW


def test_a_read_only_folder_replaces_nothing(tmp_path: Path):
    source, year = tmp_path / "src", tmp_path / "ro"
    publish(source, OLD)
    with mounted("ro", year, source):
        with pytest.raises(OSError) as info:
            publish(year, NEW)
        assert info.value.errno == errno.EROFS
        assert snapshot(year) == OLD


@pytest.mark.parametrize("fail_at", [1, 2, 4, 6])
@pytest.mark.parametrize("error", [OSError(errno.EIO, "I/O error"), KeyboardInterrupt()])
def test_a_failure_during_the_swap_puts_the_previous_set_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int, error: BaseException
):
    """The n-th rename of the swap fails (an I/O error, or a signal's exception): every
    output is the previous one again."""
    year = tmp_path / "2025"
    publish(year, OLD)
    calls = {"n": 0}
    real = os.replace

    def failing(src: str | Path, dst: str | Path) -> None:
        if Path(dst).parent == year or Path(src).parent == year:  # the swap, not the journal
            calls["n"] += 1
            if calls["n"] == fail_at:
                raise error
        real(src, dst)

    monkeypatch.setattr(publish_module.os, "replace", failing)
    with pytest.raises(type(error)):
        publish(year, NEW)
    monkeypatch.undo()
    assert snapshot(year) == OLD
    assert not list(year.glob(".publish-*"))


def test_a_publisher_killed_mid_swap_is_rolled_back(tmp_path: Path):
    """kill -9 after two outputs were swapped: the next publish (or build, through
    :func:`recover`) finds the journal and restores the previous set first."""
    year = tmp_path / "2025"
    publish(year, OLD)
    code = (
        "import os, signal, sys\n"
        "import healthcheck.publish as p\n"
        "real, n = os.replace, [0]\n"
        "def replace(src, dst):\n"
        "    if os.path.dirname(str(dst)) == sys.argv[1]:\n"
        "        n[0] += 1\n"
        "        if n[0] == 3:\n"
        "            os.kill(os.getpid(), signal.SIGKILL)\n"
        "    real(src, dst)\n"
        "p.os.replace = replace\n"
        f"p.publish(sys.argv[1], {NEW!r})\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(year)], capture_output=True)
    assert proc.returncode == -9, proc.stderr
    assert snapshot(year) != OLD  # a mixture, for now
    assert recover(year) is True
    assert snapshot(year) == OLD
    assert not list(year.glob(".publish-*"))
    assert recover(year) is False
