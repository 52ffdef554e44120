#!/usr/bin/env python3
"""Time the survey step (read and validate the responses, rake, estimate every score) for a
city-sized sample and a very large one.

    .venv/bin/python benchmarks/survey.py [--sizes 2000 200000] [--reps 3]

Responses are drawn with the demo project's generator (``scripts/make_survey_data.py``: the
13 districts of Wuhan, 社区 of 8-14 respondents) into a temporary folder, then read with
:func:`healthcheck.inputs.survey.read_responses` and assessed with
:func:`healthcheck.engine.survey.assess_survey` (46 items, 13 dimensions, 4 blocks, every
district, 街道 and 社区).  Prints the median wall-clock seconds of each phase; figures and
writing the results are not included (they do not grow with the sample).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from healthcheck.engine.survey import assess_survey
from healthcheck.inputs.survey import read_responses
from healthcheck.inputs.survey_spec import load_survey_spec

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ROOT / "examples" / "wuhan-national"


def _generator() -> object:
    spec = importlib.util.spec_from_file_location(
        "make_survey_data", ROOT / "scripts" / "make_survey_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(folder: Path, n: int) -> None:
    gen = _generator()
    head = ["respondent_id", "district", "street", "community", "sex", "age_group",
            "occupation", "income", "residence", "status", *gen._items()]  # type: ignore[attr-defined]  # fmt: skip
    rows = gen._rows(np.random.default_rng(n), n, female=0.53, government=0.09)  # type: ignore[attr-defined]
    (folder / "survey").mkdir(parents=True, exist_ok=True)
    (folder / "survey" / "2025.csv").write_text(gen._csv(head, rows), encoding="utf-8")  # type: ignore[attr-defined]
    (folder / "survey-margins.csv").write_text(
        (PROJECT / "data" / "survey-margins.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )


def run(n: int, reps: int) -> dict[str, float]:
    plan = yaml.safe_load((PROJECT / "plan" / "plan.yaml").read_text(encoding="utf-8"))
    districts = {d["code"]: d for d in plan["districts"]}
    units = pd.read_csv(PROJECT / "plan" / "units.csv", dtype=str, keep_default_na=False)
    spec = load_survey_spec("mohurd_2025")
    times: dict[str, list[float]] = {"read": [], "assess": []}
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), n)
        for _ in range(reps):
            t0 = time.perf_counter()
            data = read_responses(Path(tmp), 2025, spec, districts, units)
            t1 = time.perf_counter()
            assert data is not None
            assess_survey(data, year=2025, names={})
            t2 = time.perf_counter()
            times["read"].append(t1 - t0)
            times["assess"].append(t2 - t1)
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 200_000])
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    print(f"{'responses':>10} {'read+validate s':>16} {'rake+estimate s':>16} {'total s':>8}")
    for n in args.sizes:
        t = run(n, args.reps)
        print(f"{n:>10,} {t['read']:>16.2f} {t['assess']:>16.2f} {t['read'] + t['assess']:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
