#!/usr/bin/env python3
"""Run healthcheck from a checkout: ``python build.py report|validate|assess …``.

The same commands as the ``healthcheck`` console script; see ``python build.py --help``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from healthcheck.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
