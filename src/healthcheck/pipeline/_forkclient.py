"""The kernel process Jupyter starts for the ``healthcheck-preloaded`` kernel spec.

Run as a script (standard library only, so it starts in milliseconds): it asks the zygote
(:mod:`healthcheck.pipeline.kernels`) to fork a kernel that has pandas, matplotlib, seaborn,
geopandas and healthcheck imported already,
then stands in for that kernel: signals sent to it (interrupt,
terminate) are passed on, and it exits with the kernel's exit status.  If this process dies,
the forked kernel notices and exits too.

    python _forkclient.py -f CONNECTION_FILE
"""

import contextlib
import json
import os
import signal
import socket
import sys
import time


def main() -> int:
    connection_file = sys.argv[sys.argv.index("-f") + 1]
    sock_path = os.environ["HEALTHCHECK_ZYGOTE"]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    deadline = time.monotonic() + 60
    while True:
        try:
            sock.connect(sock_path)
            break
        except OSError:
            if time.monotonic() > deadline:
                print(f"healthcheck kernel: no zygote at {sock_path}", file=sys.stderr)
                return 1
            time.sleep(0.05)
    request = {
        "connection_file": os.path.abspath(connection_file),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "client_pid": os.getpid(),
    }
    # our standard streams go along, so the kernel's output reaches Jupyter as usual
    payload = json.dumps(request).encode() + b"\n"
    sent = socket.send_fds(sock, [payload], [0, 1, 2])
    sock.sendall(payload[sent:])
    reader = sock.makefile("r")
    child = json.loads(reader.readline())["pid"]

    def relay(signum, _frame):
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signum)
        if signum != signal.SIGINT:
            sys.exit(128 + signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, relay)
    line = reader.readline()  # the zygote writes the exit status when the kernel ends
    return int(json.loads(line)["status"]) if line else 1


if __name__ == "__main__":
    sys.exit(main())
