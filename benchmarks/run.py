#!/usr/bin/env python3
"""Benchmark the build on the default data: medians over repetitions and peak memory.

Measures, in one run:

1. baseline  -- the same notebooks one after another with the ``papermill`` command line,
   then the render;
2. cold      -- ``healthcheck report --no-cache``;
3. no change -- ``healthcheck report`` again, nothing changed;
4. one domain -- ``healthcheck report`` after changing one value of one domain.

Each is a separate process tree, timed by wall clock; peak memory is the largest sum of the
proportional set size (PSS) of the process and all its descendants (kernels included), sampled
every 100 ms.  Prints a table and the ratios against the goals, and writes
``benchmarks/latest.json``.

    .venv/bin/python benchmarks/run.py [--reps 3] [--no-baseline] [--json PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GOALS = {
    "cold_vs_baseline": 3.0,  # cold at least 3x faster than the baseline
    "nochange_vs_cold": 20.0,  # a no-change rebuild at least 20x faster than cold
    "onedomain_share": 0.35,  # a one-domain change at most 35 % of cold
    "peak_mb": 1024.0,
    "pdf_mb": 4.0,
}


def _memory(p: psutil.Process) -> int:
    """Proportional set size (shared pages split among the processes that share them: the
    forked kernels share the zygote's libraries), read from ``smaps_rollup`` (cheap), or the
    resident size where that file does not exist."""
    try:
        with open(f"/proc/{p.pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return p.memory_info().rss


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run ``cmd``; return (seconds, peak MB of the whole process tree)."""
    peak = 0.0
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            parent = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            total = 0
            try:
                for p in [parent, *parent.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += _memory(p)
            except psutil.Error:
                break
            peak = max(peak, total / 2**20)
            stop.wait(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    t.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-3000:]}")
    return elapsed, peak


def notebooks() -> list[tuple[str, Path]]:
    sys.path.insert(0, str(ROOT / "src"))
    from healthcheck.inputs.plan import load_plan
    from healthcheck.pipeline import notebook_for

    plan = load_plan(ROOT / "data" / "plan")
    nbs = ROOT / "notebooks"
    return [(d.id, notebook_for(d.id, nbs, d.notebook)) for d in plan.domains] + [
        ("summary", nbs / "summary.ipynb")
    ]


def baseline(data: Path, out: Path) -> tuple[float, float]:
    """Every notebook with the papermill CLI, one after another, then the render."""
    script = out / "baseline.sh"
    lines = ["set -e"]
    for domain, nb in notebooks():
        lines.append(
            f"{BIN}/papermill -k python3 --no-progress-bar --cwd {ROOT / 'notebooks'} {nb} "
            f"{out / 'baseline' / (domain + '.ipynb')} -p year 2025 -p plan_dir {data / 'plan'} "
            f"-p data_dir {data} -p out_dir {out / 'baseline'} -p domain {domain}"
        )
    lines.append(
        f'{sys.executable} -c \'import sys; sys.path.insert(0, "{ROOT / "src"}"); '
        "from pathlib import Path; from healthcheck.inputs.project import load_inputs; "
        "from healthcheck.report import render_report; from healthcheck.layout import "
        "BuildLayout; from healthcheck.results import FileStore; "
        f'p, o = load_inputs("{data / "plan"}", "{data}"); '
        f'render_report(p, o, FileStore(BuildLayout(Path("{out / "baseline"}"), 2025)))' + "'"
    )
    (out / "baseline").mkdir(parents=True, exist_ok=True)
    script.write_text("\n".join(lines) + "\n")
    return measure(["bash", str(script)])


def report(data: Path, out: Path, *extra: str) -> tuple[float, float]:
    return measure(
        [
            str(BIN / "healthcheck"),
            "report",
            "--quiet",
            "--data",
            str(data),
            "--out",
            str(out),
            *extra,
        ]
    )


def change_one_value(data: Path, rep: int) -> None:
    """Change the 2025 city value of T02 (transport) to a new value each repetition."""
    path = data / "observations" / "2025.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        cells = line.split(",")
        if cells[0] == "T02" and cells[2] == "":
            cells[3] = f"{float(cells[3]) + 0.1 * (rep + 1):.2f}"
            lines[i] = ",".join(cells)
            break
    else:
        raise SystemExit("no 2025 city value of T02 to change")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument(
        "--no-baseline", action="store_true", help="skip the papermill-CLI baseline (slow)"
    )
    ap.add_argument("--json", default=str(ROOT / "benchmarks" / "latest.json"), help="write here")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hc-bench-"))
    data = work / "data"
    shutil.copytree(ROOT / "data", data)
    runs: dict[str, list[tuple[float, float]]] = {
        k: [] for k in ("baseline", "cold", "nochange", "onedomain")
    }
    try:
        for rep in range(args.reps):
            print(f"repetition {rep + 1}/{args.reps}", file=sys.stderr)
            if not args.no_baseline:
                runs["baseline"].append(baseline(data, work / f"b{rep}"))
            out = work / f"out{rep}"
            runs["cold"].append(report(data, out, "--no-cache"))
            runs["nochange"].append(report(data, out))
            change_one_value(data, rep)
            runs["onedomain"].append(report(data, out))
        pdf = work / f"out{args.reps - 1}" / "2025" / "report.pdf"
        pdf_mb = pdf.stat().st_size / 2**20
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if args.no_baseline:
        del runs["baseline"]
    med = {k: statistics.median(s for s, _ in v) for k, v in runs.items()}
    peak = {k: max(m for _, m in v) for k, v in runs.items()}
    ratios = {
        "cold_vs_baseline": med["baseline"] / med["cold"] if "baseline" in med else None,
        "nochange_vs_cold": med["cold"] / med["nochange"],
        "onedomain_share": med["onedomain"] / med["cold"],
        "peak_mb": max(peak["cold"], peak["onedomain"], peak["nochange"]),
        "pdf_mb": pdf_mb,
    }
    ok = {
        "cold_vs_baseline": (ratios["cold_vs_baseline"] or 0) >= GOALS["cold_vs_baseline"],
        "nochange_vs_cold": ratios["nochange_vs_cold"] >= GOALS["nochange_vs_cold"],
        "onedomain_share": ratios["onedomain_share"] <= GOALS["onedomain_share"],
        "peak_mb": ratios["peak_mb"] < GOALS["peak_mb"],
        "pdf_mb": ratios["pdf_mb"] < GOALS["pdf_mb"],
    }
    print(
        f"\n{'run':<12}{'median s':>10}{'peak MB':>10}   (n={args.reps}, "
        f"{os.cpu_count()} cores, {platform.python_version()})"
    )
    for k in runs:
        print(f"{k:<12}{med[k]:>10.2f}{peak[k]:>10.0f}")
    print()
    labels = {
        "cold_vs_baseline": ("cold is {:.2f}x faster than the baseline", ">= 3x"),
        "nochange_vs_cold": ("no-change rebuild is {:.1f}x faster than cold", ">= 20x"),
        "onedomain_share": ("one-domain change takes {:.0%} of cold", "<= 35 %"),
        "peak_mb": ("peak memory {:.0f} MB", "< 1024 MB"),
        "pdf_mb": ("PDF {:.2f} MB", "< 4 MB"),
    }
    for k, (text, goal) in labels.items():
        if ratios[k] is None:
            continue
        print(f"{'ok  ' if ok[k] else 'MISS'} {text.format(ratios[k])} (goal {goal})")
    result = {
        "reps": args.reps,
        "median_seconds": med,
        "peak_mb": peak,
        "ratios": ratios,
        "goals_met": ok,
        "cores": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d"),
    }
    Path(args.json).write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
