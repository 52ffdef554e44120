"""A kernel that starts with the libraries imported: the build's main speed lever.

Every notebook needs pandas, matplotlib, seaborn, geopandas and healthcheck; importing them takes
about 2.8 s on a 2-core machine, more than most notebooks then spend working.  A *zygote*
process imports them once; each kernel Jupyter asks for is forked from it (copy-on-write) and
starts in a few milliseconds with everything loaded.

To papermill and Jupyter this is an ordinary kernel spec, ``healthcheck-preloaded``, whose
process is :mod:`healthcheck.pipeline._forkclient`; the notebooks are executed exactly as with the
``python3`` kernel (same ipykernel, same inline matplotlib backend).  Linux only (``fork``);
elsewhere, or with ``HEALTHCHECK_KERNEL=python3``, the build uses the ``python3`` kernel.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "PRELOAD",
    "PRELOADED",
    "kernel_manager_class",
    "preload",
    "preloaded_kernel",
    "socket_dir",
]

PRELOADED = "healthcheck-preloaded"
#: imported by the zygote: third-party libraries, and healthcheck's packages with every module
#: in them (see :func:`preload`), so moves inside a package need no change here
PRELOAD = (
    "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "seaborn", "geopandas", "shapely",
    "pandera.pandas", "yaml", "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel",
    "matplotlib_inline.backend_inline",
    "healthcheck.inputs", "healthcheck.engine", "healthcheck.results", "healthcheck.charts",
    "healthcheck.text", "healthcheck.notebook",
)  # fmt: skip


def available() -> bool:
    return (
        hasattr(os, "fork")
        and sys.platform.startswith("linux")
        and os.environ.get("HEALTHCHECK_KERNEL", PRELOADED) == PRELOADED
    )


@contextlib.contextmanager
def preloaded_kernel(cwd: Path, log: Path | None = None) -> Iterator[str]:
    """Start a zygote and register the ``healthcheck-preloaded`` kernel spec for the
    duration of the block; yield the kernel name to pass to papermill.  The zygote's own
    output goes to ``log`` (default: the console)."""
    if not available():
        yield "python3"
        return
    with tempfile.TemporaryDirectory(prefix="hc-kernel-") as tmp:
        sock = os.path.join(tmp, "zygote.sock")
        spec_dir = Path(tmp) / "kernels" / PRELOADED
        spec_dir.mkdir(parents=True)
        client = Path(__file__).with_name("_forkclient.py")
        (spec_dir / "kernel.json").write_text(
            json.dumps(
                {
                    "argv": [sys.executable, str(client), "-f", "{connection_file}"],
                    "display_name": "Python 3 (healthcheck, preloaded)",
                    "language": "python",
                    "env": {"HEALTHCHECK_ZYGOTE": sock},
                    "interrupt_mode": "signal",
                }
            )
        )
        if log is not None:
            log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") if log is not None else contextlib.nullcontext() as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "healthcheck.pipeline.kernels", sock],
                cwd=cwd,
                stdout=out,
                stderr=out,
            )
        saved = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [tmp, saved]))
        try:
            yield PRELOADED
        finally:
            if saved is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = saved
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


#: the longest AF_UNIX socket path (sun_path is 108 bytes with its NUL), and the longest name
#: jupyter_client gives a kernel's socket in the folder (``k-<8 hex>-ipc-<port>``)
_SUN_PATH = 107
_SOCKET_NAME = len("/k-0123abcd-ipc-65535")


def socket_dir(folder: Path) -> Path:
    """Where the kernels' IPC sockets go: ``folder``, unless its path is too long for a Unix
    socket (107 bytes), then a short folder under the system's temporary folder."""
    if len(os.fsencode(folder)) + _SOCKET_NAME <= _SUN_PATH:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return Path(tempfile.mkdtemp(prefix="hc-"))


def kernel_manager_class(folder: Path, log: Path) -> type:
    """A jupyter_client kernel manager for the build's kernels: IPC transport (no TCP port
    to race for, papermill #511, nothing on the network), its connection file and sockets in
    ``folder`` (see :func:`socket_dir`), and the kernel's own output -- its log messages,
    warnings -- appended to ``log`` rather than printed on the build's console."""
    import uuid

    from jupyter_client.manager import AsyncKernelManager

    class BuildKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: object) -> None:
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("connection_file", str(folder / f"k-{uuid.uuid4().hex[:8]}.json"))
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: object) -> None:
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "ab") as out:
                kw["stdout"] = kw["stderr"] = out
                await super()._async_launch_kernel(kernel_cmd, **kw)

    return BuildKernelManager


def preload(names: tuple[str, ...] = PRELOAD, strict: bool = False) -> list[str]:
    """Import ``names``, and every module of those of them that are healthcheck's packages;
    return the names imported.  A module that fails to import is skipped (the notebook that
    needs it will say why), unless ``strict``."""
    import importlib
    import pkgutil

    done: list[str] = []

    def load(name: str) -> None:
        try:
            module = importlib.import_module(name)
        except ImportError:
            if strict:
                raise
            return
        done.append(name)
        if name.startswith("healthcheck.") and hasattr(module, "__path__"):
            for info in pkgutil.iter_modules(module.__path__, f"{name}."):
                load(info.name)

    for name in names:
        load(name)
    return done


# --------------------------------------------------------------------------------------------
# The zygote (``python -m healthcheck.pipeline.kernels SOCKET``)


def _serve(sock_path: str) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sock_path)  # bind first: clients queue while the imports run
    server.listen(16)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # the terminal's Ctrl-C reaches the whole process group: the build stops the zygote
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    preload()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    children: dict[int, socket.socket] = {}
    while True:
        ready, _, _ = select.select([server], [], [], 0.1)
        if ready:
            conn, _ = server.accept()
            try:
                request, fds = _receive(conn)
            except (OSError, ValueError):
                conn.close()
            else:
                pid = _fork_kernel(request, fds, server, conn)
                for fd in fds:
                    os.close(fd)
                try:
                    conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
                except OSError:  # the client gave up waiting (a loaded machine): serve the next
                    conn.close()  # the kernel's watchdog ends it when its stand-in is gone
                else:
                    children[pid] = conn
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            waiting = children.pop(pid, None)
            if waiting is not None:
                message = {"status": os.waitstatus_to_exitcode(status)}
                with contextlib.suppress(OSError):
                    waiting.sendall(json.dumps(message).encode() + b"\n")
                waiting.close()


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    """A request: one JSON line, sent with the client's stdin, stdout and stderr."""
    conn.settimeout(30)
    data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 20)
        if not more:
            raise ValueError("incomplete request")
        data += more
    conn.settimeout(None)
    return json.loads(data), list(fds)


def _fork_kernel(request: dict, fds: list[int], server: socket.socket, conn: socket.socket) -> int:
    pid = os.fork()
    if pid:
        return pid
    # the child: become the kernel, with the client's streams, directory and environment
    try:
        server.close()
        conn.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # interrupts a cell
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        client = int(request["client_pid"])

        def watchdog() -> None:  # the stand-in process died: so does the kernel
            while True:
                time.sleep(0.5)
                try:
                    os.kill(client, 0)
                except ProcessLookupError:
                    os._exit(1)

        threading.Thread(target=watchdog, daemon=True).start()
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(["-f", request["connection_file"], f"--IPKernelApp.parent_handle={client}"])
        # The inline backend hooks into IPython when it is imported; here it was imported
        # before there was a shell, so hook it in now, as a fresh kernel would have.
        import matplotlib
        from matplotlib_inline.backend_inline import configure_inline_support

        configure_inline_support(app.shell, matplotlib.get_backend())
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    os._exit(code)


if __name__ == "__main__":
    _serve(sys.argv[1])
