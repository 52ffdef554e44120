"""A small national plan on disk and ledger frames, for the tests of ``mohurd_2025``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from healthcheck.inputs.ledgers import LEDGER_COLUMNS, LedgerContext, check_ledger

PLAN_YAML = """\
framework: mohurd_2025
city: {code: "420100", name_zh: 武汉市, name_en: Wuhan}
plan: {title_zh: 2025年度城市体检报告, title_en: City health check 2025, baseline_year: 2023,
       target_year: 2025}
districts:
  - {code: "420103", name_zh: 江汉区, name_en: Jianghan, zone: central}
  - {code: "420106", name_zh: 武昌区, name_en: Wuchang, zone: central}
"""
UNITS = """\
code,level,name_zh,name_en,parent,district
S1,street,甲街道,Street A,,420103
C1,community,一社区,Community 1,S1,420103
C2,community,二社区,Community 2,S1,420103
E1,estate,一小区,Estate 1,C1,420103
S2,street,乙街道,Street B,,420106
C3,community,三社区,Community 3,S2,420106
"""


def write_plan(folder: Path, refinements: str | None = None, added: str | None = None) -> Path:
    """A national plan folder (plan.yaml, units.csv; optional refinements and 特色指标)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.yaml").write_text(PLAN_YAML, encoding="utf-8")
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")
    if refinements is not None:
        (folder / "refinements.csv").write_text(refinements, encoding="utf-8")
    if added is not None:
        (folder / "indicators.csv").write_text(added, encoding="utf-8")
    return folder


def record(**overrides: Any) -> dict[str, str]:
    """One good ledger row (a 燃气 hazard in building B1 of estate E1), as text cells."""
    row = {
        "problem_id": "P1", "indicator": "N02", "district": "420103", "street": "S1",
        "community": "C1", "unit_type": "楼栋", "unit_id": "B1", "unit_name": "1号楼",
        "lon": "", "lat": "", "quantity": "", "problem_zh": "燃气立管锈蚀",
        "problem_en": "Rusty gas riser", "severity": "serious", "difficulty": "medium",
        "remedy": "time_bound", "recommendation_zh": "更换立管", "recommendation_en": "Replace",
        "responsible_zh": "燃气公司", "responsible_en": "Gas utility", "status": "open",
        "found": "2024-05-10", "due": "2024-12", "closed": "", "carried_from": "",
        "data_status": "illustrative", "source": "",
    }  # fmt: skip
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def ledger(rows: list[dict[str, str]], year: int = 2024) -> pd.DataFrame:
    """Rows checked into a ledger frame (the test fails if they are not a valid ledger)."""
    frame = pd.DataFrame(rows, columns=list(LEDGER_COLUMNS), dtype=str)
    frame["__line__"] = range(2, 2 + len(frame))
    ctx = LedgerContext({f"N{i:02d}" for i in range(1, 30)}, {"420103", "420106"})
    out, problems = check_ledger(frame, f"ledgers/{year}.csv", year, ctx)
    assert not problems, problems
    assert out is not None
    return out
