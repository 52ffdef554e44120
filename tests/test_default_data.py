"""The default data set (data/observations, data/geo): complete, sourced, consistent, realistic.

Each check is a function that returns the list of problems it finds; the tests assert that the
default data has none, and ``test_checks_can_fail`` feeds each check a corrupted copy of the
data and asserts that it reports the corruption, so that no check passes vacuously.
"""

from __future__ import annotations

import copy
import csv
import filecmp
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import shapely
from shapely import affinity
from shapely.geometry import mapping, shape

from healthcheck.engine import assess_plan
from healthcheck.inputs.observations import load_observations
from healthcheck.inputs.plan import Plan, load_plan

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
OBS_DIR = DATA / "observations"
GEOJSON = DATA / "geo" / "wuhan-districts.geojson"
GENERATOR = ROOT / "scripts" / "make_default_data.py"
YEARS = list(range(2020, 2026))
HEADER = ["indicator", "year", "area", "value", "status", "source", "note"]
SOURCED = ("official", "reported", "estimate")
ILLUSTRATIVE_NOTE = "illustrative placeholder"
GENERATOR_SOURCE = "scripts/make_default_data.py"
WUHAN_BOUNDS = (113.6, 29.9, 115.1, 31.4)  # lon min, lat min, lon max, lat max

# How district values aggregate to the city value (data/README.md, "District values").
POP_WEIGHTED = ("S04", "S05", "S06", "S07", "S08", "P01", "E02", "M12")
BUILT_UP_WEIGHTED = ("R04", "M11")
SUMMED = ("N01", "POP")
DISTRICT_SERIES = (*POP_WEIGHTED, *BUILT_UP_WEIGHTED, *SUMMED, "P04")
WEIGHTED_TOLERANCE = 0.05
SUM_TOLERANCE = 0.01
P04_LEVELS = (0.0, 33.3, 66.7, 100.0)
# Capacities and stocks: kinds level/increase/growth whose unit is a capacity or a count of
# things built.  They must not shrink from one year to the next unless a note says why.
CAPACITY_UNITS = (
    "m³/s", "km", "stations", "10k points", "lines", "lakes", "parks", "blocks", "sites", "ha",
    "years return period",
)  # fmt: skip
CAPACITY_RATES = ("per day", "per hour")  # capacities per unit of time (not flows per year)
SHRINK_WORDS = ("decrease", "shrink", "下降", "减少")


# --------------------------------------------------------------------------------------------
# Loading


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(DATA / "plan")


def read_raw(folder: Path = OBS_DIR) -> pd.DataFrame:
    """All observation files as strings, plus file_year and a numeric value column."""
    frames = []
    for year in YEARS:
        path = folder / f"{year}.csv"
        with path.open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        assert header == HEADER, f"{path.name}: header {header}"
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        df["file_year"] = year
        frames.append(df)
    df = pd.concat(frames, ignore_index=True)
    df["num"] = pd.to_numeric(df["value"], errors="coerce")
    return df


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return read_raw()


@pytest.fixture(scope="module")
def geo() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("make_default_data", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------------------------
# The checks: each returns a list of problems (empty = fine)


def check_format(df: pd.DataFrame, plan: Plan) -> list[str]:
    out = []
    ids = {i.id for i in plan.indicators} | {c.id for c in plan.context}
    codes = {d.code for d in plan.districts}
    for r in df.itertuples():
        where = f"{r.file_year}.csv {r.indicator} {r.area or 'city'}"
        if r.year != str(r.file_year):
            out.append(f"{where}: year {r.year!r}")
        if r.indicator not in ids:
            out.append(f"{where}: unknown indicator")
        if r.area and r.area not in codes:
            out.append(f"{where}: unknown area {r.area!r}")
        if pd.isna(r.num) or not all(ch in "0123456789.-" for ch in r.value):
            out.append(f"{where}: value {r.value!r} is not a bare number")
        if r.status not in (*SOURCED, "illustrative"):
            out.append(f"{where}: status {r.status!r}")
    dup = df[df.duplicated(["indicator", "year", "area"], keep=False)]
    out += [f"duplicate row {r.indicator} {r.year} {r.area}" for r in dup.itertuples()]
    return out


def check_city_complete(df: pd.DataFrame, plan: Plan) -> list[str]:
    city = df[df["area"] == ""]
    have = set(zip(city["indicator"], city["file_year"], strict=True))
    wanted = [i.id for i in plan.indicators] + ["POP"]
    return [f"no city value for {i} {y}" for i in wanted for y in YEARS if (i, y) not in have]


def check_sources(df: pd.DataFrame, plan: Plan) -> list[str]:
    out = []
    for r in df.itertuples():
        where = f"{r.file_year}.csv {r.indicator} {r.area or 'city'}"
        if r.status in SOURCED:
            if not r.source.strip() or "http" not in r.source:
                out.append(f"{where}: {r.status} without a source and its address")
            if not r.note.strip():
                out.append(f"{where}: {r.status} without a note on the definition")
        elif r.status == "illustrative":
            if ILLUSTRATIVE_NOTE not in r.note:
                out.append(f"{where}: illustrative, but the note does not say so")
            if r.source != GENERATOR_SOURCE:
                out.append(f"{where}: illustrative, source is not the generator")
        if r.status == "estimate" and "estimate" not in r.note:
            out.append(f"{where}: estimate without its derivation in the note")
    return out


def check_district_rows(df: pd.DataFrame, plan: Plan) -> list[str]:
    """District values exist exactly for DISTRICT_SERIES, every year, every district in scope."""
    out = []
    dist = df[df["area"] != ""]
    extra = sorted(set(dist["indicator"]) - set(DISTRICT_SERIES))
    if extra:
        out.append(f"district values for indicators without an aggregation rule: {extra}")
    for ind in DISTRICT_SERIES:
        scope = None if ind == "POP" else plan.indicator(ind).district_scope
        expected = {d.code for d in plan.districts if scope is None or d.zone == scope}
        for y in YEARS:
            got = set(dist.loc[(dist["indicator"] == ind) & (dist["file_year"] == y), "area"])
            if got != expected:
                out.append(
                    f"{ind} {y}: districts missing {sorted(expected - got)}, "
                    f"out of scope {sorted(got - expected)}"
                )
    return out


def _pivot(df: pd.DataFrame, ind: str) -> tuple[dict[int, float], dict[int, dict[str, float]]]:
    sub = df[df["indicator"] == ind]
    city = {int(r.file_year): r.num for r in sub[sub["area"] == ""].itertuples()}
    dist: dict[int, dict[str, float]] = {}
    for r in sub[sub["area"] != ""].itertuples():
        dist.setdefault(int(r.file_year), {})[r.area] = r.num
    return city, dist


def check_aggregation(df: pd.DataFrame, plan: Plan, built_up: dict[str, float]) -> list[str]:
    out = []
    _, pop = _pivot(df, "POP")
    for ind in SUMMED:
        city, dist = _pivot(df, ind)
        for y in YEARS:
            total = sum(dist.get(y, {}).values())
            if abs(total - city.get(y, float("nan"))) > SUM_TOLERANCE or y not in city:
                out.append(f"{ind} {y}: districts sum to {total:.4f}, city {city.get(y)}")
    for ind, weights in [(i, "pop") for i in POP_WEIGHTED] + [
        (i, "built") for i in BUILT_UP_WEIGHTED
    ]:
        city, dist = _pivot(df, ind)
        for y in YEARS:
            vals = dist.get(y, {})
            w = pop.get(y, {}) if weights == "pop" else built_up
            if not vals or any(c not in w for c in vals):
                out.append(f"{ind} {y}: no district values or weights")
                continue
            mean = sum(v * w[c] for c, v in vals.items()) / sum(w[c] for c in vals)
            if y not in city or abs(mean - city[y]) > WEIGHTED_TOLERANCE:
                out.append(f"{ind} {y}: weighted mean of districts {mean:.3f}, city {city.get(y)}")
    city, dist = _pivot(df, "P04")
    n = len(plan.districts)
    for y in YEARS:
        vals = dist.get(y, {})
        bad = [v for v in vals.values() if min(abs(v - lv) for lv in P04_LEVELS) > 1e-9]
        if bad:
            out.append(f"P04 {y}: district values {bad} not in {P04_LEVELS}")
        share = 100 * sum(abs(v - 100) < 1e-9 for v in vals.values()) / n
        if y not in city or abs(share - city[y]) > SUM_TOLERANCE:
            out.append(f"P04 {y}: {share:.2f}% of districts have all three, city {city.get(y)}")
    return out


def check_bounds(df: pd.DataFrame, plan: Plan) -> list[str]:
    out = []
    pct = {i.id for i in plan.indicators if i.is_percentage}
    milestones = {i.id for i in plan.indicators if i.kind == "milestone"}
    for r in df.itertuples():
        where = f"{r.file_year}.csv {r.indicator} {r.area or 'city'} = {r.value}"
        if r.indicator in pct and not 0 <= r.num <= 100:
            out.append(f"{where}: percentage outside 0-100")
        if r.indicator in milestones and r.num not in (0, 1):
            out.append(f"{where}: milestone not 0 or 1")
        if r.num < 0:
            out.append(f"{where}: negative")
    for ind in plan.indicators:
        city, _ = _pivot(df, ind.id)
        if ind.kind == "milestone":
            seq = [city[y] for y in YEARS if y in city]
            if seq != sorted(seq):
                out.append(f"{ind.id}: milestone undone after done {seq}")
        if ind.kind == "cumulative" and city.get(YEARS[0]) != 0:
            out.append(f"{ind.id}: cumulative indicator with {city.get(YEARS[0])} in the base year")
    return out


def capacity_ids(plan: Plan) -> list[str]:
    return [
        i.id
        for i in plan.indicators
        if i.kind in ("level", "increase", "growth")
        and (i.unit_en in CAPACITY_UNITS or any(r in i.unit_en for r in CAPACITY_RATES))
    ]


def check_capacities(df: pd.DataFrame, plan: Plan) -> list[str]:
    out = []
    city = df[df["area"] == ""]
    for ind in capacity_ids(plan):
        rows = city[city["indicator"] == ind].sort_values("file_year")
        prev = None
        for r in rows.itertuples():
            explained = any(w in r.note for w in SHRINK_WORDS)
            if prev is not None and r.num < prev.num and not explained:
                out.append(f"{ind}: {prev.num} in {prev.file_year} -> {r.num} in {r.file_year}")
            prev = r
    return out


def check_geojson(geo: dict, plan: Plan, df: pd.DataFrame) -> list[str]:
    out = []
    feats = geo.get("features", [])
    codes = [f["properties"].get("code") for f in feats]
    plan_codes = {d.code for d in plan.districts}
    if len(feats) != 13 or set(codes) != plan_codes or len(set(codes)) != len(codes):
        out.append(f"geojson codes {codes} are not the 13 districts of plan.yaml")
    geoms = []
    for f in feats:
        p = f["properties"]
        if not isinstance(p.get("code"), str):
            out.append(f"code {p.get('code')!r} is not a string")
        d = next((d for d in plan.districts if d.code == p.get("code")), None)
        if d and (p.get("name_zh"), p.get("name_en"), p.get("zone")) != (
            d.name_zh,
            d.name_en,
            d.zone,
        ):
            out.append(f"{d.code}: properties differ from plan.yaml: {p}")
        g = shape(f["geometry"])
        geoms.append(g)
        if g.geom_type not in ("Polygon", "MultiPolygon") or not g.is_valid or g.is_empty:
            out.append(f"{p.get('code')}: invalid or empty {g.geom_type}")
        x0, y0, x1, y1 = g.bounds
        lx0, ly0, lx1, ly1 = WUHAN_BOUNDS
        if x0 < lx0 or y0 < ly0 or x1 > lx1 or y1 > ly1:
            out.append(f"{p.get('code')}: bounds {g.bounds} outside Wuhan (WGS84)")
    if geoms and all(g.is_valid for g in geoms) and not shapely.coverage_is_valid(geoms):
        out.append("districts overlap or their shared edges do not match")
    used = set(df.loc[df["area"] != "", "area"])
    if used - set(codes):
        out.append(f"district codes of the observations not in the geojson: {used - set(codes)}")
    return out


def check_verdict_mix(assessed: dict[int, pd.DataFrame]) -> list[str]:
    """The verdicts of 2025 (final) and of the mid-term checks 2023, 2024 form a realistic mix."""
    out = []
    final = assessed[2025]
    v = final["schedule_verdict"]
    met = v.isin(["achieved", "done"]).sum()
    judged = v.isin(["achieved", "done", "not_achieved", "not_done"]).sum()
    share = met / judged if judged else 0
    if not 0.60 <= share <= 0.72:
        out.append(f"2025: {met} of {judged} targets met ({share:.0%}), expected 60-72%")
    short = final[v == "not_achieved"]
    near = short[(short["completion"] >= 0.85) & (short["completion"] < 1)]
    clear = short[(short["completion"] >= 0) & (short["completion"] < 0.8)]
    away = short[short["completion"] < 0]
    if len(near) < 3:
        out.append(f"2025: only {len(near)} near misses (completion 85-100%)")
    if len(clear) < 2:
        out.append(f"2025: only {len(clear)} clearly short (completion < 80%)")
    if not 1 <= len(away) <= 2:
        out.append(f"2025: {len(away)} targets moved away from the target (want 1 or 2)")
    for dom, verdicts in final.groupby("domain")["schedule_verdict"]:
        if len(verdicts) >= 3 and verdicts.nunique() == 1:
            out.append(f"2025: every verdict of domain {dom} is {verdicts.iloc[0]}")
    for year in (2023, 2024):
        mid = set(assessed[year]["schedule_verdict"])
        missing = {"ahead", "behind", "moving_away"} - mid
        if missing:
            out.append(f"{year}: no indicator {sorted(missing)} among those not yet achieved")
    return out


# --------------------------------------------------------------------------------------------
# The tests on the default data


def test_observation_files_2020_to_2025_exist():
    names = {p.name for p in OBS_DIR.glob("*.csv")}
    assert {f"{y}.csv" for y in YEARS} <= names


def test_the_project_loader_accepts_the_files(plan):
    obs = load_observations(DATA, plan)
    assert set(YEARS) <= set(obs["year"])
    assert (obs["year"].isin(YEARS)).sum() == len(read_raw())


def test_format(raw, plan):
    assert check_format(raw, plan) == []


def test_every_indicator_has_a_city_value_every_year(raw, plan):
    assert check_city_complete(raw, plan) == []


def test_sources_and_notes(raw, plan):
    assert check_sources(raw, plan) == []


def test_district_rows(raw, plan):
    assert check_district_rows(raw, plan) == []


def test_districts_agree_with_the_city(raw, plan, generator):
    assert check_aggregation(raw, plan, generator.BUILT_UP_KM2) == []


def test_bounds_milestones_and_cumulative_baseline(raw, plan):
    assert check_bounds(raw, plan) == []


def test_capacities_never_shrink(raw, plan):
    ids = capacity_ids(plan)
    assert {"U01", "R01", "T08", "T09", "E06", "E01", "T11", "M05"} <= set(ids)
    assert not {"T01", "T03", "P01", "M12"} & set(ids)
    assert check_capacities(raw, plan) == []


def test_geojson(geo, plan, raw):
    assert check_geojson(geo, plan, raw) == []


def test_published_values_are_those_of_the_generator_table(raw, generator):
    """Every non-illustrative city value is in the generator's PUBLISHED table, and back."""
    city = raw[(raw["area"] == "") & (raw["status"] != "illustrative")]
    got = {(r.indicator, r.file_year): (r.num, r.status, r.source) for r in city.itertuples()}
    want = {(p.indicator, p.year): (p.value, p.status, p.source) for p in generator.PUBLISHED}
    assert got == want
    assert all(r.status == "illustrative" for r in raw[raw["area"] != ""].itertuples())


def test_generator_reproduces_the_files(tmp_path):
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path)], check=True, capture_output=True
    )
    for year in YEARS:
        assert filecmp.cmp(OBS_DIR / f"{year}.csv", tmp_path / f"{year}.csv", shallow=False), year


@pytest.fixture(scope="module")
def assessed(plan) -> dict[int, pd.DataFrame]:
    obs = load_observations(DATA, plan)
    return {year: assess_plan(plan, obs, year) for year in (2023, 2024, 2025)}


def test_verdict_mix(assessed):
    assert check_verdict_mix(assessed) == []


# --------------------------------------------------------------------------------------------
# Every check can fail


def _set(df, ind, year, area, column, value):
    df = df.copy()
    mask = (df["indicator"] == ind) & (df["file_year"] == year) & (df["area"] == area)
    assert mask.sum() == 1
    df.loc[mask, column] = value
    if column == "value":
        df.loc[mask, "num"] = pd.to_numeric(value, errors="coerce")
    return df


def _shift(df, ind, year, area, delta):
    row = df[(df["indicator"] == ind) & (df["file_year"] == year) & (df["area"] == area)]
    return _set(df, ind, year, area, "value", str(float(row["num"].iloc[0]) + delta))


MUTATIONS: dict[str, tuple[str, Callable]] = {
    "year": ("format", lambda d: _set(d, "T03", 2021, "", "year", "2020")),
    "thousands separator": ("format", lambda d: _set(d, "T01", 2023, "", "value", "12,450")),
    "status": ("format", lambda d: _set(d, "T03", 2021, "", "status", "published")),
    "missing city value": (
        "complete",
        lambda d: d.drop(d[(d["indicator"] == "E04") & (d["file_year"] == 2022)].index),
    ),
    "no source": ("sources", lambda d: _set(d, "T03", 2022, "", "source", "")),
    "quiet illustrative": ("sources", lambda d: _set(d, "S02", 2022, "", "note", "")),
    "district missing": (
        "districts",
        lambda d: d.drop(d[(d["indicator"] == "M11") & (d["area"] == "420113")].index),
    ),
    "S07 outside scope": ("districts", lambda d: _set(d, "S07", 2022, "420104", "area", "420114")),
    "N01 sum": ("aggregation", lambda d: _shift(d, "N01", 2023, "420102", 0.1)),
    "POP sum": ("aggregation", lambda d: _shift(d, "POP", 2021, "420111", 1)),
    "weighted mean": ("aggregation", lambda d: _shift(d, "M12", 2024, "420111", 1)),
    "built-up mean": ("aggregation", lambda d: _shift(d, "R04", 2020, "420111", 2)),
    "S08 mean": ("aggregation", lambda d: _shift(d, "S08", 2025, "420116", 1)),
    "P04 city": ("aggregation", lambda d: _shift(d, "P04", 2025, "", 7.69)),
    "P04 level": ("aggregation", lambda d: _set(d, "P04", 2025, "420113", "value", "50")),
    "percentage": ("bounds", lambda d: _set(d, "M03", 2025, "", "value", "100.5")),
    "milestone undone": ("bounds", lambda d: _set(d, "S01", 2024, "", "value", "0")),
    "cumulative base": ("bounds", lambda d: _set(d, "P03", 2020, "", "value", "12")),
    "capacity shrinks": ("capacities", lambda d: _set(d, "U04", 2024, "", "value", "2000")),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_checks_can_fail(name, raw, plan, generator):
    which, mutate = MUTATIONS[name]
    bad = mutate(raw)
    found = {
        "format": lambda: check_format(bad, plan),
        "complete": lambda: check_city_complete(bad, plan),
        "sources": lambda: check_sources(bad, plan),
        "districts": lambda: check_district_rows(bad, plan),
        "aggregation": lambda: check_aggregation(bad, plan, generator.BUILT_UP_KM2),
        "bounds": lambda: check_bounds(bad, plan),
        "capacities": lambda: check_capacities(bad, plan),
    }[which]()
    assert found, f"check {which} missed the mutation {name!r}"


def test_geojson_check_can_fail(geo, plan, raw):
    dropped = copy.deepcopy(geo)
    dropped["features"] = dropped["features"][1:]
    assert check_geojson(dropped, plan, raw)
    moved = copy.deepcopy(geo)
    moved["features"][0]["geometry"] = mapping(
        affinity.translate(shape(moved["features"][0]["geometry"]), xoff=3)
    )
    assert check_geojson(moved, plan, raw)
    unknown = _set(raw, "E02", 2021, "420113", "area", "420199")
    assert check_geojson(geo, plan, unknown)


def test_verdict_mix_check_can_fail(assessed):
    all_met = {y: a.copy() for y, a in assessed.items()}
    all_met[2025]["schedule_verdict"] = all_met[2025]["schedule_verdict"].replace(
        "not_achieved", "achieved"
    )
    assert check_verdict_mix(all_met)
    no_mid_mix = {y: a.copy() for y, a in assessed.items()}
    no_mid_mix[2023]["schedule_verdict"] = "ahead"
    assert check_verdict_mix(no_mid_mix)
