#!/usr/bin/env python3
"""Time the PDF render alone, this checkout against another (e.g. main), in one run.

Renders ``report.pdf`` from the results of a build (its year folder, with ``domains/`` and
``summary/``) with each checkout's code, templates and data, alternating A B A B ... so that
both see the same machine load, each in a fresh process.  Prints, per checkout, the medians of the
wall-clock seconds of the whole render, of its two WeasyPrint steps (layout: HTML to pages;
write: pages to PDF bytes, where tagging and the PDF/A and PDF/UA metadata are paid), the CPU
seconds, and the size of the PDF.  CPU seconds are the steadier figure on a shared machine.

    .venv/bin/python benchmarks/render.py build/2025 \
        --against /path/to/base/checkout /path/to/base/build/2025 [--against ...] \
        [--reps 3] [--json out.json]

Both checkouts run with this interpreter (the same WeasyPrint); ``--against`` swaps the
``src/`` folder, the templates and the data (plan, observations).  Each checkout renders the
results of its own build: a build's results follow its code's results contract (e.g. a
column added later), so the other checkout's build may not load.  Make the other build with
that checkout's code, e.g. for a commit ``C``::

    git worktree add /tmp/base C
    cd /tmp/base && PYTHONPATH=/tmp/base/src /path/to/.venv/bin/healthcheck report \
        --no-cache --out /tmp/base-build

Given a checkout alone, ``--against`` renders this checkout's results (fine when the contract
is the same).  Each checkout is named in the output by its commit ("+edits": uncommitted
changes); it is read as it is on disk at each run, so do not edit it while this runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: runs in the child process: render the PDF only, and time WeasyPrint's two steps
CHILD = r"""
import json, shutil, sys, tempfile, time
from pathlib import Path

import weasyprint.document as wd

checkout, results, data = (Path(a) for a in sys.argv[1:4])
steps = {"write": 0.0}
_write = wd.Document.write_pdf


def timed_write(self, *args, **kwargs):
    start = time.perf_counter()
    try:
        return _write(self, *args, **kwargs)
    finally:
        steps["write"] += time.perf_counter() - start


wd.Document.write_pdf = timed_write

import healthcheck
from healthcheck.inputs.observations import load_observations
from healthcheck.inputs.plan import load_plan
from healthcheck.layout import BuildLayout
from healthcheck.report import render_outputs
from healthcheck.results.store import FileStore

assert Path(healthcheck.__file__).is_relative_to(checkout / "src"), healthcheck.__file__
plan = load_plan(data / "plan")
obs = load_observations(data, plan)
with tempfile.TemporaryDirectory() as tmp:
    layout = BuildLayout(Path(tmp), int(results.name))
    for part in ("domains", "summary"):
        shutil.copytree(results / part, layout.year_dir / part)
    wall, cpu = time.perf_counter(), time.process_time()
    files = render_outputs(
        plan, obs, FileStore(layout), template_dir=checkout / "templates", formats=("pdf",)
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "write": steps["write"],
                  "bytes": len(files["report.pdf"])}))
"""


def render_once(checkout: Path, results: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout / "src")}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(checkout), str(results), str(checkout / "data")],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(f"render with {checkout} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def describe(checkout: Path) -> str:
    """The checkout's commit, "+edits" when its work tree differs from it."""
    git = ["git", "-C", str(checkout)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, check=False).stdout.strip() or "?"  # fmt: skip
    dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, check=False).stdout.strip()  # fmt: skip
    return head + ("+edits" if dirty else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", type=Path, help="this checkout's build year folder, e.g. build/2025")
    ap.add_argument(
        "--against", nargs="+", action="append", required=True, metavar="CHECKOUT [RESULTS]",
        help="another checkout, and its build's year folder (default: the same results); "
        "may be given more than once",
    )  # fmt: skip
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the runs here")
    args = ap.parse_args()
    checkouts = {"this": (ROOT, args.results.resolve())}
    for k, given in enumerate(args.against, 1):
        if len(given) > 2:
            ap.error(f"--against takes a checkout and at most one results folder, not {given}")
        checkouts[f"against{k}" if len(args.against) > 1 else "against"] = (
            Path(given[0]).resolve(), Path(given[-1] if len(given) == 2 else args.results).resolve()
        )  # fmt: skip
    for _, folder in checkouts.values():
        if not (folder / "domains").is_dir() or not (folder / "summary").is_dir():
            raise SystemExit(f"{folder}: not a build's year folder (no domains/ and summary/)")
    commits = {name: describe(checkout) for name, (checkout, _) in checkouts.items()}
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in checkouts}
    for rep in range(args.reps):
        for name, (checkout, results) in checkouts.items():
            runs[name].append(render_once(checkout, results))
            r = runs[name][-1]
            print(
                f"rep {rep + 1}/{args.reps} {name:<9} {r['wall']:6.1f} s wall "
                f"{r['cpu']:6.1f} s CPU {r['bytes'] / 1e6:5.2f} MB",
                file=sys.stderr,
            )

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    print(f"\n{'checkout':<10}{'render s':>10}{'layout s':>10}{'write s':>9}{'CPU s':>8}{'MB':>7}"
          f"   (median of {args.reps}, {os.cpu_count()} cores; MB = 10^6 bytes)")  # fmt: skip
    for name, (checkout, _) in checkouts.items():
        wall, write = med(name, "wall"), med(name, "write")
        print(
            f"{name:<10}{wall:>10.1f}{wall - write:>10.1f}{write:>9.1f}"
            f"{med(name, 'cpu'):>8.1f}{med(name, 'bytes') / 1e6:>7.2f}   "
            f"{commits[name]} {checkout}"
        )
    if args.json:
        args.json.write_text(json.dumps({
            "checkouts": {k: {"path": str(c), "commit": commits[k], "results": str(r)}
                          for k, (c, r) in checkouts.items()},
            "cores": os.cpu_count(), "reps": args.reps, "runs": runs,
        }, indent=1, ensure_ascii=False) + "\n")  # fmt: skip


if __name__ == "__main__":
    main()
