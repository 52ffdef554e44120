#!/usr/bin/env python3
"""Six reports on one and on two local Dask workers, in the same run: the speed-up, and the
peak memory per worker.

    .venv/bin/python benchmarks/batch.py [--plan default|small] [--jobs] [--json out.json]

``--plan small`` (default): six years (2020-2025) of the tests' small plan (two domains, three
notebooks a report) with the default district geometry, written into a temporary folder;
``--plan default``: the six years of the default plan (data/), about a minute a report on an
idle 2-core machine.  Every configuration builds into a fresh folder (no cache).  ``--jobs``
adds a third configuration: one worker, not daemonic, whose builds run their notebooks on a
process pool of two (instead of one after another in the worker).

Per configuration: the wall-clock seconds of the batch, the sum of the reports' own seconds,
and per worker the peak resident memory of the worker process and of its largest child (the
kernel zygote or a kernel), in MB.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.conftest: the small plan
YEARS = (2020, 2021, 2022, 2023, 2024, 2025)


def small_manifest(root: Path) -> Path:
    import shutil

    from tests.conftest import HEADER, SMALL_INDICATORS, SMALL_PLAN_YAML, good_rows

    (root / "plan").mkdir(parents=True)
    (root / "plan" / "indicators.csv").write_text(SMALL_INDICATORS, encoding="utf-8")
    (root / "plan" / "plan.yaml").write_text(SMALL_PLAN_YAML, encoding="utf-8")
    obs = root / "data" / "observations"
    obs.mkdir(parents=True)
    for year in YEARS:
        rows = "".join(r + "\n" for r in good_rows(year))
        (obs / f"{year}.csv").write_text(HEADER + rows, encoding="utf-8")
    shutil.copytree(ROOT / "data" / "geo", root / "data" / "geo")
    path = root / "batch.toml"
    path.write_text('[[years]]\nplan = "plan"\ndata = "data"\nout = "small-{year}"\n', "utf-8")
    return path


def default_manifest(root: Path) -> Path:
    path = root / "batch.toml"
    path.write_text(f'[[years]]\ndata = "{ROOT / "data"}"\nout = "default-{{year}}"\n', "utf-8")
    return path


def measure(manifest: Path, out: Path, workers: int, jobs: int, reports: int = 6) -> dict:
    from healthcheck.batch.manifest import load_manifest
    from healthcheck.batch.run import connect, run_batch

    specs = load_manifest(manifest)[:reports]
    start = time.perf_counter()
    with connect(None, workers, jobs=jobs, echo=lambda s: print(s, file=sys.stderr)) as client:
        done = run_batch(client, specs, out, jobs=jobs, progress=True)
    wall = time.perf_counter() - start
    failed = [m["label"] for m in done if m["status"] != "ok"]
    if failed:
        raise SystemExit(f"failed: {failed}: {[m['reason'] for m in done if m['label'] in failed]}")
    per_worker: dict[str, dict[str, float]] = defaultdict(lambda: {"reports": 0})
    for m in done:
        w = per_worker[m["worker"]]
        w["reports"] += 1
        for key in ("peak_rss_worker_mb", "peak_rss_child_mb"):
            w[key] = max(w.get(key, 0.0), m[key])
    return {
        "workers": workers,
        "jobs_per_report": jobs,
        "wall_s": round(wall, 1),
        "sum_report_s": round(sum(m["seconds"] for m in done), 1),
        "per_worker": dict(per_worker),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", choices=["small", "default"], default="small")
    parser.add_argument("--jobs", action="store_true", help="also 1 worker x a pool of 2")
    parser.add_argument("--reports", type=int, default=6, help="the first N years (default 6)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    configs = [(1, 1), (2, 1)] + ([(1, 2)] if args.jobs else [])
    with tempfile.TemporaryDirectory(prefix="hc-bench-batch-") as tmp:
        root = Path(tmp)
        manifest = (small_manifest if args.plan == "small" else default_manifest)(root / "in")
        results = [measure(manifest, root / f"out-{w}x{j}", w, j, args.reports) for w, j in configs]
    one, two = results[0]["wall_s"], results[1]["wall_s"]
    report = {
        "plan": args.plan,
        "reports": args.reports,
        "results": results,
        "speedup_2_vs_1": round(one / two, 2),
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
