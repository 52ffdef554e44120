#!/usr/bin/env python3
"""Run healthcheck from a checkout: ``python build.py report|validate|assess …``.

The same commands as the ``healthcheck`` console script; see ``python build.py --help``.
Run with a Python that lacks the project's environment, it runs itself again with the
checkout's ``.venv/bin/python`` when there is one, and otherwise says in one line how to set
the environment up.
"""

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
#: what the command line needs before it can say anything (checked without importing)
NEEDED = ("click", "yaml", "pandas", "papermill")
_AGAIN = "HEALTHCHECK_BUILD_PY_REEXEC"


def _missing() -> list[str]:
    return [name for name in NEEDED if importlib.util.find_spec(name) is None]


def _ensure_environment() -> None:
    missing = _missing()
    if not missing:
        return
    venv = ROOT / ".venv" / "bin" / "python"
    if venv.is_file() and not os.environ.get(_AGAIN):
        os.environ[_AGAIN] = "1"  # once: a broken .venv must not loop
        os.execv(str(venv), [str(venv), str(Path(__file__).resolve()), *sys.argv[1:]])
    sys.stderr.write(
        f"build.py: this Python ({sys.executable}) lacks {', '.join(missing)}; set up the "
        f"environment with `make setup` in {ROOT} (it creates .venv), then run "
        "`.venv/bin/python build.py …` or `make report`\n"
    )
    sys.exit(1)


if __name__ == "__main__":
    _ensure_environment()
    sys.path.insert(0, str(ROOT / "src"))
    from healthcheck.cli import main

    main()
