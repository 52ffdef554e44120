"""Shared fixtures: a small plan of our own, a writer of observation files, and the shipped
example batch built once per session."""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PLAN = ROOT / "data" / "plan"
DEFAULT_DATA = ROOT / "data"

HEADER = "indicator,year,area,value,status,source,note\n"

SMALL_INDICATORS = textwrap.dedent("""\
    id,domain,clause,name_zh,name_en,unit_zh,unit_en,kind,direction,baseline_year,target_year,target,target_text_zh,notes
    A01,alpha,1,覆盖率,Coverage,%,%,level,up,2020,2025,90,达到90%,
    A02,alpha,1,反应时间,Response time,分钟,minutes,level,down,2020,2025,10,10分钟,
    A03,alpha,1,一张图,One map,,,milestone,up,2020,2025,,建成,
    B01,beta,2,新增能力,Added capacity,万吨/日,10k t per day,increase,up,2020,2025,100,新增100,
    B02,beta,2,累计更新,Renewal,万平方米,10k m2,cumulative,up,2020,2025,500,累计500,
    B03,beta,2,优良天数,Good days,天,days,trend,up,2020,2025,,逐年提升,
    """)

SMALL_PLAN_YAML = textwrap.dedent("""\
    city: {code: "420100", name_zh: 测试市, name_en: Testville}
    plan: {title_zh: 测试规划, title_en: Test plan, baseline_year: 2020, target_year: 2025}
    domains:
      - {id: alpha, title_zh: 甲领域, title_en: Alpha domain}
      - {id: beta, title_zh: 乙领域, title_en: Beta domain}
    zones:
      central: {name_zh: 中心城区, name_en: central}
      new: {name_zh: 新城区, name_en: new}
    districts:
      - {code: "420102", name_zh: 江岸区, name_en: Jiang'an, zone: central}
      - {code: "420112", name_zh: 东西湖区, name_en: Dongxihu, zone: new}
    district_scope: {A02: central}
    context_series:
      - {id: POP, name_zh: 常住人口, name_en: Population, unit_zh: 万人, unit_en: 10k residents}
    """)


@pytest.fixture
def small_plan_dir(tmp_path: Path) -> Path:
    d = tmp_path / "plan"
    d.mkdir()
    (d / "indicators.csv").write_text(SMALL_INDICATORS, encoding="utf-8")
    (d / "plan.yaml").write_text(SMALL_PLAN_YAML, encoding="utf-8")
    return d


@pytest.fixture
def write_obs(tmp_path: Path) -> Callable[..., Path]:
    """Write ``data/observations/<year>.csv`` from row strings (or raw bytes)."""
    data = tmp_path / "data"
    (data / "observations").mkdir(parents=True)

    def write(year: int, rows: list[str] | bytes, header: str = HEADER) -> Path:
        path = data / "observations" / f"{year}.csv"
        if isinstance(rows, bytes):
            path.write_bytes(rows)
        else:
            path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
        return data

    return write


def good_rows(year: int) -> list[str]:
    """A valid year of the small plan."""
    src = '"Test bureau, bulletin, 2021-01-01; http://example.org"'
    return [
        f"A01,{year},,{60 + 5 * (year - 2020)},official,{src},",
        f"A01,{year},420102,{70 + 5 * (year - 2020)},illustrative,,placeholder",
        f"A02,{year},,{14 - (year - 2020) * 0.5},reported,{src},",
        f"A03,{year},,{1 if year >= 2023 else 0},official,{src},",
        f"B01,{year},,{300 + 15 * (year - 2020)},estimate,{src},derived",
        f"B02,{year},,{0 if year == 2020 else 90},official,{src},",
        f"B03,{year},,{280 + (year - 2020)},official,{src},",
        f"POP,{year},,{1200 + year - 2020},official,{src},",
    ]


# --------------------------------------------------------------------------------------------
# The shipped example batch (e2e): built once per test session, shared by every xdist worker


@dataclasses.dataclass(frozen=True)
class ExampleBatch:
    """``healthcheck batch examples/batch.toml --workers 2``, run once: its output folder and
    what it said.  Its reports are the full-size builds of the default plan (2023–2025) and of
    the national demonstration that the report tests read."""

    out: Path
    returncode: int
    stdout: str
    stderr: str

    def year_dir(self, name: str, year: int = 2025) -> Path:
        """A report's year folder, e.g. ``year_dir("wuhan-2025")``."""
        return self.out / name / str(year)


@pytest.fixture(scope="session")
def example_batch(tmp_path_factory: pytest.TempPathFactory) -> ExampleBatch:
    """The example batch, run by the first xdist worker that asks (the others wait on a lock
    and read what it recorded): four real builds on a local Dask cluster of two workers."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the session's folder, above each worker's own
    out, record = shared / "example-batch", shared / "example-batch.json"
    with (shared / "example-batch.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            done = subprocess.run(
                [str(Path(sys.executable).parent / "healthcheck"), "batch",
                 str(ROOT / "examples" / "batch.toml"), "--workers", "2", "--out", str(out)],
                capture_output=True, text=True, cwd=shared, timeout=2400, check=False,
            )  # fmt: skip
            said = {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
            record.write_text(json.dumps(said), encoding="utf-8")
    return ExampleBatch(out, **json.loads(record.read_text(encoding="utf-8")))
