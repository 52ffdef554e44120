"""Indicators, plans and observation frames for the engine's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.inputs.plan import District, Domain, Indicator, Plan

PLAN_DIR = Path(__file__).resolve().parents[2] / "data" / "plan"


def make_indicator(**overrides: Any) -> Indicator:
    fields: dict[str, Any] = {
        "id": "X01", "domain": "d1", "clause": "", "name_zh": "指标", "name_en": "Indicator",
        "unit_zh": "", "unit_en": "", "kind": "level", "direction": "up",
        "baseline_year": 2020, "target_year": 2025, "target": 100.0, "target_text_zh": "",
    }  # fmt: skip
    fields.update(overrides)
    return Indicator(**fields)


def make_plan(indicators: list[Indicator], districts: list[District]) -> Plan:
    return Plan(
        city_code="420100", city_zh="武汉市", city_en="Wuhan", title_zh="t", title_en="t",
        issuer_zh="i", issuer_en="i", issued=None, reference="", baseline_year=2020,
        target_year=2025, author_zh="a", author_en="a", map_approval=None,
        domains=tuple(Domain(d, d, d) for d in dict.fromkeys(i.domain for i in indicators)),
        districts=tuple(districts), indicators=tuple(indicators),
    )  # fmt: skip


def obs_frame(rows: list[tuple[str, int, str, float]], status: str = "official") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"indicator": i, "year": y, "area": a, "value": v, "status": status,
             "source": "s", "note": ""}
            for i, y, a, v in rows
        ]
    )  # fmt: skip


CENTRAL = [
    District("420102", "江岸区", "Jiang'an", "central"),
    District("420103", "江汉区", "Jianghan", "central"),
    District("420104", "硚口区", "Qiaokou", "central"),
]
NEW = [District("420112", "东西湖区", "Dongxihu", "new")]
