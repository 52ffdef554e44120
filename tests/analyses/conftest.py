"""Shared by the tests of the domain analyses: the default project, its contexts and its rows.

The expected numbers are computed here from the observation files themselves (read with
pandas, not through the library), so that a test compares the analysis with an independent
computation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from healthcheck import analyses
from healthcheck.inputs import load_inputs
from healthcheck.notebook import DomainContext
from healthcheck.notebook import domain as notebook_domain

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "data" / "plan"
DATA = ROOT / "data"
ANALYSES = ROOT / "notebooks" / "analyses"
#: the report year and one earlier year (targets not yet due: the "from now on" numbers exist)
YEARS = (2025, 2023)


@pytest.fixture(scope="session")
def observations() -> pd.DataFrame:
    """Every row of ``data/observations/*.csv``, as the files hold them."""
    frames = [
        pd.read_csv(p, dtype={"area": str}, keep_default_na=False, na_values={"value": [""]})
        for p in sorted((DATA / "observations").glob("*.csv"))
    ]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="session")
def city(observations: pd.DataFrame) -> Callable[[str, int], dict[int, tuple[float, str]]]:
    """``city(id, year)``: the city's values of a series up to ``year``: {year: (value, status)}."""

    def values(indicator: str, upto: int) -> dict[int, tuple[float, str]]:
        rows = observations[
            (observations["indicator"] == indicator)
            & (observations["area"] == "")
            & (observations["year"] <= upto)
        ]
        return {
            int(y): (float(v), str(s))
            for y, v, s in zip(rows["year"], rows["value"], rows["status"], strict=True)
        }

    return values


@pytest.fixture(scope="session")
def context(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str, int], DomainContext]]:
    """``context(domain, year)``: the domain's context on the default project (cached).

    The plan and the observations are read once for the session (``open_domain`` reads them
    for every domain otherwise); everything else is ``open_domain``'s own work."""
    out = tmp_path_factory.mktemp("out")
    cache: dict[tuple[str, int], DomainContext] = {}
    inputs = load_inputs(PLAN, DATA)

    def get(domain: str, year: int) -> DomainContext:
        if (domain, year) not in cache:
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(
                    notebook_domain, "load_inputs", lambda plan_dir, data_dir, district="": inputs
                )
                cache[domain, year] = notebook_domain.open_domain(
                    domain, year=year, plan_dir=PLAN, data_dir=DATA, out_dir=out
                )
        return cache[domain, year]

    yield get


@pytest.fixture(scope="session")
def analysis() -> Callable[[DomainContext], analyses.AnalysisResult]:
    """``analysis(ctx)``: the result of the analysis the default plan binds to the context's
    domain (run once per domain and year)."""

    done: dict[tuple[str, int], analyses.AnalysisResult] = {}

    def run(ctx: DomainContext) -> analyses.AnalysisResult:
        assert ctx.domain.analysis is not None, f"{ctx.domain.id} has no analysis in plan.yaml"
        key = (ctx.domain.id, ctx.year)
        if key not in done:
            done[key] = analyses.run(ctx, ctx.domain.analysis, ANALYSES)
        return done[key]

    return run
