"""Shared by the map and ranking tests: the default plan, its districts' geometry, and
district rows with made-up values."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from healthcheck.charts import load_districts
from healthcheck.inputs.plan import Plan, load_plan

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="session")
def plan() -> Plan:
    return load_plan(DATA / "plan")


@pytest.fixture(scope="session")
def geo(plan):
    return load_districts(DATA, plan)


@pytest.fixture
def rows_for(plan) -> Callable[..., pd.DataFrame]:
    def rows_for(ind_id: str, seed: int = 1, missing: tuple[str, ...] = ()) -> pd.DataFrame:
        """District rows as assess_districts gives them, with made-up values."""
        ind = plan.indicator(ind_id)
        rnd = random.Random(seed)
        out = []
        for d in plan.districts_of(ind):
            if d.code in missing:
                continue
            v = (ind.goal or 10) * rnd.uniform(0.8, 1.2)
            out.append(
                {
                    "id": ind_id,
                    "area": d.code,
                    "name_zh": d.name_zh,
                    "name_en": d.name_en,
                    "zone": d.zone,
                    "year": 2024,
                    "value": v,
                    "target": ind.goal,
                    "gap": ind.sign * (v - ind.goal),
                    "meets": ind.sign * (v - ind.goal) >= 0,
                }
            )
        df = pd.DataFrame(out)
        df["rank"] = (df["value"] * ind.sign).rank(ascending=False, method="min").astype(int)
        return df

    return rows_for
