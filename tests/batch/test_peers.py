"""Peer-city values from a batch (healthcheck.batch.peers): which values a peer may use, each
city's file without its own values, written beside the batch (never into the data folder), and
read back by the peers reader and the national inputs without a problem."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from healthcheck.batch.peers import folder_name, peer_values, peers_of, write_peers
from healthcheck.batch.refs import ReportRef
from healthcheck.inputs.national import load_project_inputs, national_problems
from healthcheck.inputs.peers import PEER_COLUMNS, read_peers
from healthcheck.inputs.plan import load_plan
from healthcheck.layout import BuildLayout
from healthcheck.results.model import DomainResults, IndicatorRow
from healthcheck.results.store import FileStore

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "wuhan-national"


def row(ident: str, value: float | None, year: int = 2025, **kw: Any) -> IndicatorRow:
    base: dict[str, Any] = {
        "id": ident, "domain": "city", "kind": "level", "direction": "up",
        "name_zh": ident, "name_en": ident, "report_year": 2025, "year": year,
        "value": value, "value_status": "official", "grade": "good",
    }  # fmt: skip
    return IndicatorRow(**{**base, **kw})


def national_plan(tmp: Path, name: str, code: str, city_zh: str) -> Path:
    """A copy of the demonstration's plan for another city (code and name changed)."""
    plan = tmp / name / "plan"
    shutil.copytree(DEMO / "plan", plan)
    text = (plan / "plan.yaml").read_text("utf-8")
    text = text.replace('code: "420100"', f'code: "{code}"').replace("武汉市", city_zh)
    (plan / "plan.yaml").write_text(text, "utf-8")
    return plan


def report(tmp: Path, label: str, plan: Path, year: int, rows: list[IndicatorRow]) -> ReportRef:
    out = tmp / f"build-{label}-{year}"
    rows = [r.model_copy(update={"report_year": year}) for r in rows]
    FileStore(BuildLayout(out, year)).write(DomainResults(
        framework="mohurd_2025", domain="city", year=year, title_zh="城区", title_en="City",
        indicators=rows))  # fmt: skip
    return ReportRef(label, "mohurd_2025", year, out / str(year), plan, tmp / f"data-{label}")


@pytest.fixture
def batch(tmp_path: Path) -> list[ReportRef]:
    wuhan = DEMO / "plan"
    other = national_plan(tmp_path, "xy", "420600", "襄阳市")
    third = national_plan(tmp_path, "yc", "420500", "宜昌市")
    return [
        report(tmp_path, "武汉", wuhan, 2025, [
            row("N30", 97.5), row("N31", 40.0, value_status="illustrative"),
            row("N01", 3.0),                       # counted from the ledger: never a peer
            row("X01", 81.0),                      # Wuhan's own 特色指标
            row("N43", 22.0),                      # graded against Wuhan's threshold: a value
            row("N35", 6.9, year=2024),            # carried from 2024: not of the year
        ]),
        report(tmp_path, "襄阳/示例", other, 2025, [
            row("N30", 95.0, value_status="estimate"), row("N31", 35.5),
            row("N33", None), row("N34", 12.0, applicable=False),
        ]),
        report(tmp_path, "宜昌", third, 2024, [row("N30", 90.0, year=2024)]),  # another year
        ReportRef("default", "plan_targets", 2025, tmp_path / "x", ROOT / "data" / "plan",
                  ROOT / "data"),  # another framework: ignored
    ]  # fmt: skip


def test_peer_values_are_the_comparable_values_of_the_year(batch: list[ReportRef]) -> None:
    pool = peer_values(batch, 2025)
    assert list(pool.columns) == list(PEER_COLUMNS)  # the canonical form
    got = {(r.indicator, r.city): (r.value, r.status) for r in pool.itertuples()}
    assert got == {
        ("N30", "武汉市"): (97.5, "official"), ("N31", "武汉市"): (40.0, "illustrative"),
        ("N43", "武汉市"): (22.0, "official"),
        ("N30", "襄阳市"): (95.0, "estimate"), ("N31", "襄阳市"): (35.5, "official"),
    }  # fmt: skip
    wuhan = pool[pool["city"] == "武汉市"]["source"].iloc[0]
    assert wuhan.startswith("武汉: ") and "observations/2025.csv" in wuhan
    assert "report.pdf" in wuhan
    assert peer_values(batch, 2024)["city"].tolist() == ["宜昌市"]
    assert peer_values(batch, 2023).empty


def test_a_city_is_never_its_own_peer(batch: list[ReportRef]) -> None:
    pool = peer_values(batch, 2025)
    graded = {"N30", "N31", "N43"}
    mine = peers_of(pool, "武汉市", graded)
    assert set(mine["city"]) == {"襄阳市"} and list(mine.columns) == list(PEER_COLUMNS)
    assert set(peers_of(pool, "襄阳市", graded)["city"]) == {"武汉市"}
    assert set(peers_of(pool, "襄阳市", {"N30"})["indicator"]) == {"N30"}


def test_written_files_pass_the_readers_checks(tmp_path: Path, batch: list[ReportRef]) -> None:
    said: list[str] = []
    files = write_peers(tmp_path / "out", batch, echo=said.append)
    assert [(f.label, f.year, f.rows) for f in files] == [("武汉", 2025, 2), ("襄阳/示例", 2025, 3)]
    assert files[0].path == tmp_path / "out" / "peers" / "武汉" / "2025.csv"
    assert files[1].path.parent.name == "襄阳_示例"
    for f, ref in zip(files, batch, strict=False):
        plan = load_plan(ref.plan_dir)
        assert plan.system is not None
        graded = {i.id for i in plan.system.indicators if i.source_of_value != "ledger"}
        frame, problems = read_peers(f.path, graded)
        assert problems == [] and frame is not None
        expect = peers_of(peer_values(batch, 2025), plan.city_zh, graded)
        assert city_values(frame) == city_values(expect)
    assert not any(Path(r.data_dir, "peers").exists() for r in batch)  # nothing put there
    assert "cp " in said[0] and str(batch[0].data_dir / "peers" / "2025.csv") in said[0]
    # 宜昌 (2024) has no other city of its year: no file
    assert not (tmp_path / "out" / "peers" / "宜昌").exists()


def city_values(frame: pd.DataFrame) -> dict[tuple[str, str], tuple[float, str, str]]:
    return {(r.indicator, r.city): (r.value, r.status, r.source) for r in frame.itertuples()}


def test_the_national_inputs_read_a_copied_peers_file(
    tmp_path: Path, batch: list[ReportRef]
) -> None:
    """Copied into the demonstration's data folder, the file is read by the grading's inputs
    (every national input checked, no problem)."""
    files = write_peers(tmp_path / "out", batch)
    data = tmp_path / "wuhan-data"
    shutil.copytree(DEMO / "data", data)
    (data / "peers").mkdir()
    shutil.copy(files[0].path, data / "peers" / "2025.csv")
    plan = load_plan(DEMO / "plan")
    assert national_problems(plan, data) == []
    peers = load_project_inputs(plan, data, 2025).peers
    assert peers is not None
    assert sorted(zip(peers["indicator"], peers["value"], strict=True)) == [
        ("N30", 95.0), ("N31", 35.5)]  # fmt: skip


def test_folder_names_are_safe() -> None:
    assert folder_name("a/b\\c:d") == "a_b_c_d"
    assert folder_name("..") == "report"
    assert folder_name("武汉 2025") == "武汉 2025"
