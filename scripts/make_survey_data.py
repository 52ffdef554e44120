"""Write the seeded, synthetic resident survey of the national demonstration project.

    .venv/bin/python scripts/make_survey_data.py            # the demo project's files
    .venv/bin/python scripts/make_survey_data.py --check    # exit 1 if they would change

Writes ``examples/wuhan-national/data/survey/2025.csv`` (about 2,000 respondents across
Wuhan's 13 districts: the demonstration 社区 of ``plan/units.csv`` and, in every district,
synthetic 社区 with well-formed statistical division codes) and
``examples/wuhan-national/data/survey-margins.csv`` (residents aged 16+ by district, sex and
age group), and the small test fixture ``tests/survey/data/`` whose sample breaks two of the
manual's quotas on purpose (women over 70 %, government staff over 15 %).

Everything is illustrative (``status = illustrative``): the answers are drawn around
plausible levels (parking, charging, flooding, housing cost and traffic below 60), and the
district populations round the 2020 census (《武汉市第七次全国人口普查公报》) with assumed
shares by sex and age.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ROOT / "examples" / "wuhan-national"
FIXTURE = ROOT / "tests" / "survey" / "data"
ITEMS = ROOT / "src" / "healthcheck" / "engine" / "frameworks" / "mohurd_2025" / "survey-items.csv"
SEED = 2025

#: district -> residents (2020 census, rounded, thousands)
POPULATION = {
    "420102": 965,
    "420103": 648,
    "420104": 667,
    "420105": 837,
    "420106": 1093,
    "420107": 462,
    "420111": 1696,
    "420112": 846,
    "420113": 139,
    "420114": 554,
    "420115": 974,
    "420116": 1150,
    "420117": 861,
}
#: assumed shares of the residents aged 16+: by sex, and by age group
SHARE_16 = 0.85
SEX = {"female": 0.49, "male": 0.51}
AGE = {"16-30": 0.24, "30-60": 0.55, "60+": 0.21}
#: item number -> mean answer (1..5) where it differs from the default 3.9
LEVELS = {
    5: 3.2,
    10: 3.4,
    15: 2.9,
    23: 2.8,
    36: 3.0,
    37: 3.1,
    41: 3.25,
    19: 3.6,
    22: 4.2,
    28: 3.7,
    45: 4.3,
    46: 4.1,
}
#: item number -> share answering "don't know" (0)
UNKNOWN = {10: 0.35, 11: 0.2, 12: 0.2, 19: 0.25, 35: 0.3, 31: 0.15, 32: 0.15}
OCCUPATIONS = [
    "government",
    "education",
    "enterprise",
    "worker",
    "self_employed",
    "unemployed",
    "retired",
    "student",
    "other",
]
OCC_P = [0.09, 0.07, 0.30, 0.14, 0.12, 0.04, 0.13, 0.05, 0.06]
RESIDENCE = ["<0.5", "0.5-1", "1-5", "5+"]


def _items() -> list[str]:
    with ITEMS.open(encoding="utf-8") as fh:
        return [r["id"] for r in csv.DictReader(fh)]


def _units() -> dict[str, list[tuple[str, str]]]:
    """district -> its (street, community) codes: the registered demo 社区 and synthetic ones."""
    out: dict[str, list[tuple[str, str]]] = {d: [] for d in POPULATION}
    with (PROJECT / "plan" / "units.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["level"] == "community":
                out[r["district"]].append((r["parent"], r["code"]))
    return out


def _communities(rng: np.random.Generator, total: int) -> list[tuple[str, str, str, int]]:
    """(district, street, community, respondents): the demo 社区 12 each, the rest shared
    out by population over synthetic 社区 of 8 to 14 respondents."""
    plan: list[tuple[str, str, str, int]] = []
    for d, pairs in _units().items():
        plan += [(d, s, c, 12) for s, c in pairs]
    rest = total - sum(p[3] for p in plan)
    pop = sum(POPULATION.values())
    for d, p in POPULATION.items():
        left, s = round(rest * p / pop), 0
        while left >= 8:
            s += 1
            for c in range(1, 5):
                k = min(left, int(rng.integers(8, 15)))
                if left - k < 8:
                    k = left
                plan.append((d, f"{d}{100 + s:03d}", f"{d}{100 + s:03d}{c:03d}", k))
                left -= k
                if left < 8:
                    break
    return plan


def _answers(
    rng: np.random.Generator, n: int, items: list[str], district_shift: np.ndarray
) -> np.ndarray:
    person = rng.normal(0, 0.45, n)
    cols = []
    for k, _ in enumerate(items, start=1):
        mean = LEVELS.get(k, 3.9) + person + district_shift
        a = np.clip(np.rint(rng.normal(mean, 0.8)), 1, 5).astype(int)
        a[rng.random(n) < UNKNOWN.get(k, 0.03)] = 0
        cols.append(a)
    return np.stack(cols, axis=1)


def _rows(
    rng: np.random.Generator, total: int, female: float, government: float
) -> list[list[str]]:
    items = _items()
    plan = _communities(rng, total)
    shift = {d: rng.normal(0, 0.15) for d in POPULATION}
    rows: list[list[str]] = []
    occ_p = np.array(OCC_P)
    occ_p[0] = government
    occ_p[1:] *= (1 - government) / occ_p[1:].sum()
    for d, s, c, k in plan:
        sex = np.where(rng.random(k) < female, "female", "male")
        age = rng.choice(list(AGE), k, p=[0.30, 0.55, 0.15])
        occ = rng.choice(OCCUPATIONS, k, p=occ_p)
        inc = rng.choice(["low", "middle", "high"], k, p=[0.3, 0.5, 0.2])
        res = rng.choice(RESIDENCE, k, p=[0.05, 0.08, 0.3, 0.57])
        ans = _answers(rng, k, items, np.full(k, shift[d]))
        for i in range(k):
            rid = f"R{len(rows) + 1:05d}"
            cells = [str(a) if a else ("0" if rng.random() < 0.5 else "") for a in ans[i]]
            rows.append(
                [rid, d, s, c, sex[i], age[i], occ[i], inc[i], res[i], "illustrative", *cells]
            )
    _unusable(rng, rows, len(items))
    return rows


def _unusable(rng: np.random.Generator, rows: list[list[str]], n_items: int) -> None:
    """About 1 % straight-liners and 1 % who stopped early (set aside by the reader)."""
    for idx in rng.choice(len(rows), len(rows) // 50, replace=False)[: len(rows) // 100]:
        rows[idx][-n_items:] = [str(rng.integers(1, 6))] * n_items
    for idx in rng.choice(len(rows), len(rows) // 100, replace=False):
        cut = int(rng.integers(5, n_items // 2))
        rows[idx][-n_items + cut :] = [""] * (n_items - cut)


def _margins() -> list[list[str]]:
    out = []
    for d, p in POPULATION.items():
        for sex, ss in SEX.items():
            for age, sa in AGE.items():
                out.append([d, sex, age, str(round(p * 1000 * SHARE_16 * ss * sa))])
    return out


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def files() -> dict[Path, str]:
    head = [
        "respondent_id",
        "district",
        "street",
        "community",
        "sex",
        "age_group",
        "occupation",
        "income",
        "residence",
        "status",
        *_items(),
    ]
    margins = _csv(["district", "sex", "age_group", "population"], _margins())
    demo = _rows(np.random.default_rng(SEED), 2000, female=0.53, government=0.09)
    small = _rows(np.random.default_rng(SEED + 1), 1560, female=0.76, government=0.19)
    return {
        PROJECT / "data" / "survey" / "2025.csv": _csv(head, demo),
        PROJECT / "data" / "survey-margins.csv": margins,
        FIXTURE / "survey" / "2025.csv": _csv(head, small),
        FIXTURE / "survey-margins.csv": margins,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a file would change")
    args = ap.parse_args()
    changed = []
    for path, text in files().items():
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        changed.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in changed:
        print(("would change " if args.check else "wrote ") + str(path.relative_to(ROOT)))
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
