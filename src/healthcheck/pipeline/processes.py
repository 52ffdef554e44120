"""The processes a build starts, and ending them: on a signal, and after a build that was killed.

A build starts a kernel zygote, a pool of workers, and per notebook a kernel's stand-in and the
kernel forked from the zygote.  None of them may outlive the build:

* :func:`recorded` -- while the notebooks run, a thread records every descendant of the build
  (pid, start time, command line) in ``<out>/.cache/processes/<pid>-<thread>.json``; the file
  is removed when the build ends, whatever way it ends short of ``kill -9``;
* :func:`stop_leftovers` -- the next build into the same folder finds the record of a build
  whose process is gone (killed with ``kill -9``, the machine's OOM killer) and stops the
  processes it lists that still run *and are still the same processes*: same start time,
  same command line (a pid the system gave to another program since is never touched); then
  it removes the files those processes' kernels left (:func:`_kernel_files`: each kernel's
  connection file ``k-XXXXXXXX.json`` and IPC sockets ``k-XXXXXXXX-ipc-N``, named by the
  ``-f`` of its recorded command line, and the zygote's socket folder), which a kernel
  removes when it shuts down but not when it is killed;
* :func:`stopping_on_signals` -- the command line's SIGTERM / SIGINT / SIGHUP handler: stop
  every descendant, then raise :class:`Interrupted` (exit 1, one line).  Installed in the main
  thread of the command-line process only; a build called as a library (a Dask worker's
  thread) leaves signals to its host.

psutil (a declared dependency; ipykernel needs it too) reads the process table.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import psutil

from healthcheck.files import atomic_write_text

__all__ = [
    "Interrupted",
    "Stopped",
    "leftovers_line",
    "recorded",
    "stop_descendants",
    "stop_leftovers",
    "stopping_on_signals",
]

#: seconds between two looks at the build's descendants
POLL = 0.25
#: seconds a process is given to end after SIGTERM before SIGKILL
GRACE = 3.0
_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


@dataclass(frozen=True)
class Stopped:
    """What was stopped: kernels (a kernel's stand-in, or a ``python3`` kernel) and the rest
    (the zygote, forked kernels, pool workers); after a killed build, also the files its
    kernels left that were removed (connection files, and IPC sockets with the zygote's)."""

    kernels: int = 0
    others: int = 0
    connection_files: int = 0
    sockets: int = 0

    @property
    def total(self) -> int:
        return self.kernels + self.others

    def __str__(self) -> str:
        kernels = f"{self.kernels} kernel{'s' * (self.kernels != 1)}"
        if not self.others:
            return kernels
        return f"{kernels} and {self.others} other process{'es' * (self.others != 1)}"

    @property
    def files(self) -> str:
        """The files removed, in words: ``3 kernel connection files and 16 IPC sockets``."""
        c, s = self.connection_files, self.sockets
        return f"{c} kernel connection file{'s' * (c != 1)} and {s} IPC socket{'s' * (s != 1)}"


def leftovers_line(left: Stopped, out_dir: Path) -> str | None:
    """The one line a build says about what an earlier, killed build left (None: nothing)."""
    removed = left.connection_files + left.sockets
    if left.total and removed:
        return (
            f"stopped {left} left running by an earlier build into {out_dir} that was killed, "
            f"and removed the {left.files} its kernels left"
        )
    if left.total:
        return f"stopped {left} left running by an earlier build into {out_dir} that was killed"
    if removed:
        return f"removed {left.files} left by an earlier build into {out_dir} that was killed"
    return None


class Interrupted(BaseException):
    """A signal ended the build (raised by the handler of :func:`stopping_on_signals`, after
    every child was stopped).  A :class:`BaseException`, like :class:`KeyboardInterrupt`, so
    that no ``except Exception`` on the way swallows it."""

    def __init__(self, signum: int, stopped: Stopped) -> None:
        self.signum = signum
        self.stopped = stopped
        name = signal.Signals(signum).name
        super().__init__(f"interrupted by {name}; stopped {stopped}")


def _is_kernel(cmdline: list[str]) -> bool:
    text = " ".join(cmdline)
    return "_forkclient" in text or "ipykernel_launcher" in text


def _identity(proc: psutil.Process) -> dict[str, Any] | None:
    try:
        with proc.oneshot():
            return {"pid": proc.pid, "started": proc.create_time(), "cmdline": proc.cmdline()}
    except psutil.Error:
        return None


def _still_ours(entry: dict[str, Any]) -> psutil.Process | None:
    """The process of a record, if it runs and is the one recorded (start time, command
    line); None for a pid that ended or that now belongs to another program."""
    try:
        proc = psutil.Process(int(entry["pid"]))
        with proc.oneshot():
            same = (
                abs(proc.create_time() - float(entry["started"])) < 0.05
                and proc.cmdline() == list(entry["cmdline"])
                and proc.status() != psutil.STATUS_ZOMBIE
            )
    except (psutil.Error, KeyError, TypeError, ValueError):
        return None
    return proc if same else None


def _stop(procs: Iterable[psutil.Process]) -> Stopped:
    """SIGTERM, a grace period, then SIGKILL; count what was running."""
    alive: list[psutil.Process] = []
    kernels = 0
    for proc in procs:
        try:
            kernel = _is_kernel(proc.cmdline())
            if proc.status() == psutil.STATUS_ZOMBIE:
                continue
            proc.terminate()
        except psutil.Error:
            continue
        alive.append(proc)
        kernels += kernel
    _, left = psutil.wait_procs(alive, timeout=GRACE)
    for proc in left:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(left, timeout=GRACE)
    return Stopped(kernels=kernels, others=len(alive) - kernels)


def stop_descendants() -> Stopped:
    """Stop every process this one started, and theirs."""
    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return Stopped()
    return _stop(children)


def _records_dir(cache_dir: Path) -> Path:
    return cache_dir / "processes"


def stop_leftovers(cache_dir: Path) -> Stopped:
    """Stop what builds into this folder that ended without cleaning up (``kill -9``) left
    running, by their records; remove those records.  A record whose build still runs (a
    build in progress beside this one) is left alone."""
    folder = _records_dir(cache_dir)
    if not folder.is_dir():
        return Stopped()
    procs: list[psutil.Process] = []
    files: list[tuple[Path, str]] = []
    for path in sorted(folder.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            owner, entries = record["build"], list(record["processes"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if _still_ours(owner) is not None:
            continue  # that build is running
        procs += [p for p in map(_still_ours, entries) if p is not None]
        files += [f for e in entries for f in _kernel_files(e)]
        with contextlib.suppress(OSError):
            path.unlink()
    stopped = _stop(procs)  # first: a kernel still running holds its sockets
    removed = [kind for f, kind in dict.fromkeys(files) if _remove(f)]
    for f, _ in files:  # a folder made in the system's temporary folder, now empty
        if f.parent.name.startswith("hc-") and f.parent.parent.resolve() == _TMP:
            with contextlib.suppress(OSError):
                f.parent.rmdir()
    return dataclasses.replace(
        stopped, connection_files=removed.count("connection"), sockets=removed.count("socket")
    )


#: the system's temporary folder (the zygote's socket folder, and a kernel folder for a build
#: folder whose path is too long for a Unix socket, are made there)
_TMP = Path(tempfile.gettempdir()).resolve()
#: a kernel's connection file, as :func:`~healthcheck.pipeline.kernels.kernel_manager_class`
#: names it, and one of its IPC sockets (jupyter_client: ``<ip>-<port>``, ``ip`` the
#: connection file's path without ``.json``, plus ``-ipc``)
_CONNECTION_FILE = re.compile(r"k-[0-9a-f]{8}\.json")
_IPC_SOCKET = re.compile(r"k-[0-9a-f]{8}-ipc-\d+")
#: the zygote's socket and the kernel spec beside it (``kernels.preloaded_kernel``)
_ZYGOTE_FILES = ("zygote.sock", "kernels/healthcheck-preloaded/kernel.json")


def _kernel_files(entry: dict[str, Any]) -> list[tuple[Path, str]]:
    """The files the kernel process of a record left, each with its kind (``connection``,
    ``socket``, ``spec``): a
    kernel's (``… -f CONNECTION_FILE``) connection file and its IPC sockets; the zygote's
    (``-m healthcheck.pipeline.kernels SOCKET``: its forked kernels have the same command
    line) socket and kernel spec.  Only names the build gives; nothing else."""
    try:
        argv = [str(a) for a in entry["cmdline"]]
    except (KeyError, TypeError):
        return []
    if "healthcheck.pipeline.kernels" in argv and argv[-1].endswith("zygote.sock"):
        folder = Path(argv[-1]).parent
        if not (folder.name.startswith("hc-kernel-") and folder.is_absolute()):
            return []
        spec = folder / _ZYGOTE_FILES[1]
        return [(folder / _ZYGOTE_FILES[0], "socket"), (spec, "spec")]
    if not _is_kernel(argv) or "-f" not in argv[:-1]:
        return []
    connection = Path(argv[argv.index("-f") + 1])
    if not (connection.is_absolute() and _CONNECTION_FILE.fullmatch(connection.name)):
        return []
    stem = connection.name.removesuffix(".json")
    sockets = sorted(connection.parent.glob(f"{stem}-ipc-*"))
    return [(connection, "connection")] + [
        (s, "socket") for s in sockets if _IPC_SOCKET.fullmatch(s.name)
    ]


def _remove(path: Path) -> bool:
    """Remove ``path`` (a file or socket, never a folder) and, for a kernel spec, its two
    folders if they are left empty; whether it was there."""
    try:
        path.unlink()
    except OSError:  # gone already, a folder, not ours to remove
        return False
    if path.name == "kernel.json":
        for folder in (path.parent, path.parent.parent):
            with contextlib.suppress(OSError):
                folder.rmdir()
    return True


class _Recorder(threading.Thread):
    """Writes the build's descendants to its record as they appear."""

    def __init__(self, path: Path, owner: dict[str, Any]) -> None:
        super().__init__(daemon=True, name="healthcheck-processes")
        self.path = path
        self.owner = owner
        self.seen: dict[tuple[int, float], dict[str, Any]] = {}
        self.done = threading.Event()
        self.note: Callable[[], None] = lambda: None

    def look(self) -> bool:
        """Add new descendants; True if there were any."""
        try:
            children = psutil.Process().children(recursive=True)
        except psutil.Error:
            return False
        new = False
        for child in children:
            entry = _identity(child)
            if entry is not None and (entry["pid"], entry["started"]) not in self.seen:
                self.seen[(entry["pid"], entry["started"])] = entry
                new = True
        return new

    def write(self) -> None:
        record = {"build": self.owner, "processes": list(self.seen.values())}
        atomic_write_text(self.path, json.dumps(record, indent=1))

    def run(self) -> None:
        while not self.done.wait(POLL):
            self.note()  # best effort: a full disk is said by whatever writes next


@contextlib.contextmanager
def recorded(cache_dir: Path) -> Iterator[Callable[[], None]]:
    """Record the build's descendants while the block runs (see the module docstring); yield
    a function that records them at once (call it right after starting processes: the thread
    looks only every :data:`POLL` seconds)."""
    owner = _identity(psutil.Process())
    assert owner is not None
    path = _records_dir(cache_dir) / f"{os.getpid()}-{threading.get_ident()}.json"
    recorder = _Recorder(path, owner)
    recorder.write()  # an unwritable build folder fails here, before anything starts
    lock = threading.Lock()

    def note() -> None:
        with lock:
            if recorder.look():
                with contextlib.suppress(OSError):
                    recorder.write()

    recorder.note = note
    recorder.start()
    try:
        yield note
    finally:
        recorder.done.set()
        recorder.join()
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """In the main thread: on SIGTERM, SIGINT or SIGHUP stop every descendant and raise
    :class:`Interrupted`; elsewhere (a worker's thread) nothing is installed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: FrameType | None) -> None:
        for s in _SIGNALS:  # one clean-up, even if the signal comes again
            signal.signal(s, signal.SIG_IGN)
        raise Interrupted(signum, stop_descendants())

    saved = {s: signal.signal(s, handler) for s in _SIGNALS}
    try:
        yield
    finally:
        for s, previous in saved.items():
            signal.signal(s, previous)
