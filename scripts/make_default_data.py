"""Write the default observation files data/observations/2020.csv ... 2025.csv.

The default data set of healthcheck is Wuhan 2020-2025 against the 2021 plan (58 targets).
Where a figure has been published (shared/data-sources/wuhan-published-figures.csv) it is used
with its source and status (table ``PUBLISHED`` below).  Every other value is an *illustrative
placeholder*, made by this script, reproducibly (fixed seed ``SEED``), and marked
``status = illustrative`` with a note that says so.  data/README.md explains the rules.

    .venv/bin/python scripts/make_default_data.py            # writes data/observations/
    .venv/bin/python scripts/make_default_data.py --out DIR  # writes DIR/<year>.csv

How the illustrative values are made
------------------------------------
* City level: every illustrative series is designed in ``DESIGN`` from anchor values (2020,
  2025 and, where they exist, the published years).  Years between anchors follow the curve
  y = ya + (yb - ya) * p**gamma (p = share of the time between the anchors elapsed; gamma < 1
  front-loaded, > 1 back-loaded) plus a small seeded jitter, then are kept monotone where the
  quantity is a capacity or a stock, clipped to the bounds (percentages 0-100) and rounded.
  Explicit per-year values are used for the series with steps or with the 2020-2022 pandemic
  dip (railway, airport cargo, crossings, counts).  The anchors were chosen so that the 2025
  verdicts form a realistic mix (about two thirds achieved, some near misses, a few clearly
  short, two that moved away from their target) and the mid-term checks (2023, 2024) show
  ahead / behind / moving away; the script prints that mix.
* District level: the districts are generated around the city value with fixed seeded
  district profiles (additive offsets or multiplicative factors) and then shifted so that they
  aggregate exactly to the city value: population-weighted mean (S04-S08, P01, E02, M12),
  built-up-area-weighted mean (R04, M11, weights ``BUILT_UP_KM2``), sum (N01, POP), share of
  districts with all three facilities (P04).  Where the city value is illustrative it is then
  recomputed from the rounded district values, so city and districts agree within 0.005.
"""

from __future__ import annotations

import argparse
import csv
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
PLAN_DIR = ROOT / "data" / "plan"
OUT_DIR = ROOT / "data" / "observations"

SEED = 20210626  # the day the plan was issued
YEARS = list(range(2020, 2026))
T0, T = 2020, 2025
HEADER = ["indicator", "year", "area", "value", "status", "source", "note"]
SCRIPT = "scripts/make_default_data.py"
ILL = "illustrative placeholder: no published figure"
ILL_DISTRICT = "illustrative placeholder: no published figure (district values invented)"

# --------------------------------------------------------------------------------------------
# Sources: "publisher, title, date; URL of the copy read" (shared/data-sources)

SRC = {
    "census": "武汉市统计局, 武汉市第七次全国人口普查公报(第二号), 2021-05-28; "
    "https://brydyp.com/tjj/tjfw/tjgb/202105/t20210528_1707395",
    "bulletin2020": "武汉市统计局, 武汉市2020年国民经济和社会发展统计公报, 2021; "
    "https://www.mofile.net/item/c703572f64f945b58e7d9d63fb03eb86.html",
    "bulletin2021": "武汉市统计局, 2021年武汉市国民经济和社会发展统计公报 (新华网湖北报道), "
    "2022-04-08; http://big5.news.cn/gate/big5/hb.news.cn/2022-04/08/c_1128541158.htm",
    "bulletin2022": "武汉市统计局, 2022年武汉市国民经济和社会发展统计公报, 2023; "
    "http://bx2200.com/tjgongbao/huazhong/6171.html",
    "bulletin2023": "武汉市统计局, 2023年武汉市国民经济和社会发展统计公报, 2024; "
    "http://bx2200.com/tjgongbao/huazhong/11559.html",
    "bulletin2024": "武汉市统计局, 2024年武汉市国民经济和社会发展统计公报, 2025; "
    "https://tjgb.hongheiku.com/djs/58204.html",
    "airport": "湖北日报, 湖北民航客货运“双枢纽”夺回中部第一, 2025-01-07; "
    "https://duanyuanfang18.com/content/show?catid=147744&newsid=1042693",
    "airport_h1_2021": "武汉市交通运输局, 2021年上半年交通运输情况 (news.eeju.com), 2021-07-28; "
    "http://news.eeju.com/xingye/2021/0728/12995.html",
    "port2020": "武汉新港管委会, 2020年武汉港集装箱吞吐量, 2021-01-12; "
    "http://m.lyghaizhi.com/news/detail-9f4b0897-386e-4d7c-9ed6-e4391ea51cc6.html",
    "port2022": "长江日报, 武汉港一季度集装箱吞吐量增幅全国第一 (国际在线转载), 2023-04-26; "
    "https://big5.cri.cn/gate/big5/hb.cri.cn/n/20230426/925a6d4d-62ed-98a7-efb4-ceefaa51e0bd.html",
    "port_h1_2023": "21世纪经济报道, 武汉港2023年上半年集装箱吞吐量, 2023-08-04; "
    "http://jlpq.baitongwang.com/shiopingqiao/2023/0804/31740.html",
    "port2024": "长江日报, 武汉港九大港区激活“黄金水道” (reportify.cn 摘要), 2025-05-09; "
    "https://reportify.cn/tags/product?tagValue=%E8%BD%A6%E8%B0%B7%E5%8F%B7",
    "transport_plan": "武汉市人民政府, 武汉市综合交通运输发展“十四五”规划 (武政〔2022〕9号), "
    "2022-03-03; https://brydyp.com/www/zwgk/xxgk/zfwj/szfwj/202203/t20220321_1942897",
    "expressway_density": "长江日报, 武汉高速公路网密度居全国第四 (reportify.cn 摘要), 2025-10-15; "
    "https://reportify.cn/news/1175766354935025664",
    "metro2021": "Xinhua via People's Daily Online, Wuhan metro 435 km in operation, 2021-12-27; "
    "http://en.people.cn/n3/2021/1227/c90000-9937563.html",
    "metro2024": "中新社, 武汉地铁运营里程突破500公里, 2024-10-01; "
    "http://news.calyptus.net/test/sjb.php?5=BGoCY.html",
    "water2022": "武汉市水务局, 2022年武汉市水资源公报, 2023; "
    "https://www.gcs66.com/document_detail/116185.html",
    "water2023": "武汉市水务局, 2023年武汉市水资源公报, 2024-04; "
    "https://www.gcs66.com/document_detail/124662.html",
    "sponge2020": "武汉市城乡建设局, 海绵城市建设新闻发布会 (转载), 2020-12-25; "
    "http://tastyfever.com/huanbao/article-40484.html",
    "sponge2023": "武汉市城乡建设局, 官网工作动态: 海绵城市建设, 2023-09-26; "
    "https://cjw.wuhan.gov.cn/zwdt_11929/gzdt_11930/202309/t20230926_2270957.html",
    "green2021": "中新社, 2021年武汉市绿化状况公报报道, 2022-03-12; "
    "http://gongjinglin.cn/article/2945.html",
    "park2021": "湖北日报, 武汉人均公园绿地面积报道 (国际在线转载), 2022-11-03; "
    "https://hb.cri.cn/2022-11-03/e1c8c917-2c93-51f3-d96d-92129d7bd217.html",
    "park2025": "“十四五”武汉园林成就报道 (outlet and date not shown in the copy read), 2025; "
    "http://m.kehuisaige.com/sf_05E68F5717664A54A22445ED4766CF86_209_1F6BEB7A61.html",
    "air2022": "武汉市生态环境局, 2022年武汉市生态环境状况公报, 2023-06-02; "
    "https://3311yl.com/fxzhh202306/t20230602_2210085.html",
}


@dataclass(frozen=True)
class Pub:
    indicator: str
    year: int
    value: float
    status: str  # official | reported | estimate
    source: str
    note: str


# Every published (or derived-from-published) city value used.  Definitions: see data/README.md.
PUBLISHED: list[Pub] = [
    # --- context: resident population (万人) and GDP (亿元)
    Pub("POP", 2020, 1232.6518, "official", SRC["census"],
        "7th national census, reference date 2020-11-01 (12326518 persons), not a year-end "
        "estimate; the year-end series of 2021-2024 implies 1244.77 for the end of 2020 "
        "(1364.89 - 120.12); the census figure is used as the baseline"),
    Pub("POP", 2021, 1364.89, "official", SRC["bulletin2021"], "year-end resident population"),
    Pub("POP", 2022, 1373.90, "official", SRC["bulletin2022"], "year-end resident population"),
    Pub("POP", 2023, 1377.40, "official", SRC["bulletin2023"], "year-end resident population"),
    Pub("POP", 2024, 1380.91, "official", SRC["bulletin2024"], "year-end resident population"),
    Pub("GDP", 2020, 15616.06, "official", SRC["bulletin2020"], "current prices"),
    Pub("GDP", 2022, 18866.43, "official", SRC["bulletin2022"], "current prices, preliminary"),
    Pub("GDP", 2023, 20011.65, "official", SRC["bulletin2023"], "current prices, preliminary"),
    Pub("GDP", 2024, 21106.23, "official", SRC["bulletin2024"], "current prices, preliminary"),
    # --- T02 port containers: ONE series, the Wuhan port (武汉新港管委会) statistics
    Pub("T02", 2020, 193.3, "official", SRC["port2020"],
        "series: Wuhan port statistics (武汉新港管委会), +14.4% on 168.94 in 2019; the transport "
        "plan's 196.3 for 2020 is another series and is not used"),
    Pub("T02", 2021, 248, "reported", SRC["port2022"], "series: Wuhan port statistics"),
    Pub("T02", 2022, 269.97, "reported", SRC["port2022"], "series: Wuhan port statistics"),
    Pub("T02", 2023, 310.7, "estimate", SRC["port_h1_2023"],
        "estimate: no full-year figure found; H1 2023 = 153 (+15.1% year on year), so the year "
        "is taken as 269.97 (2022) x 1.151 = 310.7, i.e. H2 growing at the H1 rate"),
    Pub("T02", 2024, 350, "reported", SRC["port2024"],
        "lower bound: reported as 突破350万标箱 (above 3.5 million TEU); a figure of 187.63 "
        "(company website) has another scope and is not used"),
    # --- T03 Tianhe passengers (万人次)
    *[
        Pub("T03", y, v, "reported", SRC["airport"], "Tianhe airport passenger throughput")
        for y, v in [(2020, 1280.2), (2021, 1979.6), (2022, 1160.6), (2023, 2586.1),
                     (2024, 3140.6)]
    ],
    # --- T04 Tianhe cargo and mail (万吨)
    Pub("T04", 2021, 30.0, "estimate", SRC["airport_h1_2021"],
        "estimate: 2 x the H1 2021 figure of 15 (assumes H2 = H1); passenger traffic fell in "
        "H2 2021 (H1 1079 of 1979.6), so this may overstate the year"),
    # --- T05 expressway length (km)
    Pub("T05", 2020, 873, "official", SRC["transport_plan"], "end of the 13th five-year plan"),
    Pub("T05", 2025, 976.9, "estimate", SRC["expressway_density"],
        "estimate: network density 11.4 km per 100 km2 (as reported in Oct 2025, 十四五末) x "
        "8569 km2 (Wuhan's area) / 100 = 976.9 km; the density is rounded to 0.1, so 972.6-981.1"),
    # --- T10 / T11 metro (numbered lines; km)
    Pub("T10", 2024, 12, "estimate", SRC["metro2024"],
        "estimate: 12 numbered lines as of 2024-10-01 (also 12 in June 2024); no opening "
        "reported for the rest of 2024 in our sources, so taken as the year-end value"),
    Pub("T11", 2021, 435, "reported", SRC["metro2021"], "after the openings of 2021-12-26"),
    Pub("T11", 2024, 501, "estimate", SRC["metro2024"],
        "estimate: 501 km as of 2024-10-01 (前川线 phase 2 opened; 486 km in June 2024); no "
        "opening reported for the rest of 2024 in our sources, so taken as the year-end value"),
    # --- E01 sewage capacity: ONE series, design capacity of the plants in operation
    Pub("E01", 2022, 441, "official", SRC["water2022"],
        "series: total design capacity of the plants in operation (23 plants, 水资源公报); the "
        "2020 figure 461.5 (all plants, 水务局) has another scope and is not used"),
    Pub("E01", 2023, 486.5, "official", SRC["water2023"],
        "series: total design capacity of the plants in operation (24 plants, 水资源公报)"),
    # --- E07 good-air days
    Pub("E07", 2022, 294, "official", SRC["air2022"], "good or excellent days (80.5%)"),
    # --- R04 sponge-city share of the built-up area (%)
    Pub("R04", 2020, 20, "official", SRC["sponge2020"],
        "lower bound: published as 建成区20%以上 (180 km2)"),
    Pub("R04", 2023, 32, "estimate", SRC["sponge2023"],
        "estimate: 32% (295.8 km2) as of 2023-09-26, used as a year-end lower bound; the bureau "
        "expected 38% by the end of 2023, a forecast that is not used"),
    # --- M11 green coverage, M12 park green space per resident
    Pub("M11", 2021, 43.07, "reported", SRC["green2021"], "2021 greening bulletin"),
    Pub("M12", 2021, 14.82, "reported", SRC["park2021"], "park green space per resident, 2021"),
    Pub("M12", 2025, 15.03, "reported", SRC["park2025"],
        "reported as the 十四五末 (end of 2025) value in a 14th-five-year-plan summary whose "
        "outlet and date are not shown; taken as the 2025 value"),
]  # fmt: skip

# Extra words for the note of some illustrative city values (why no published value is used).
ILL_NOTES = {
    ("T04", 2020): "the 2016-2020 peak was 24 (transport plan)",
    ("T10", 2020): "numbered lines (branch extensions are not counted as lines)",
    ("T11", 2020): "between 318 (Feb 2019) and 360 (after the openings of Jan 2021)",
    ("E01", 2020): "series of the plants in operation; the published 461.5 (all plants) is "
    "another scope",
    ("E07", 2021): "the published Jan-Aug figure (203 days) is not a full-year value",
    ("GDP", 2025): "no 2025 publication",
    ("POP", 2025): "no 2025 publication",
}
T12_NOTE = (
    "central districts; the published 68% (2024) is the city-wide 公共交通分担率 of unstated "
    "definition, not the plan's central-district 公交出行率, so it is not used"
)
P01_NOTE = "the 2021 drop follows the population series (2020 census, then year-end estimates)"
BASELINE_ZERO = "baseline year: nothing counted yet (counting starts in 2021)"

# --------------------------------------------------------------------------------------------
# District tables (illustrative)

# Resident population 2020 (万人), used only as shares of the city total; roughly the 7th
# census order of magnitude, functional zones assigned to the district they lie in.
POP_2020_SHARE = {
    "420102": 96.5, "420103": 64.8, "420104": 66.7, "420105": 83.7, "420106": 109.3,
    "420107": 57.8, "420111": 240.0, "420112": 85.4, "420113": 45.0, "420114": 70.0,
    "420115": 121.0, "420116": 115.1, "420117": 86.1,
}  # fmt: skip
# Relative annual growth of each district's share (before scaling to the city total).
POP_DRIFT = {
    "420102": -0.006, "420103": -0.008, "420104": -0.006, "420105": 0.004, "420106": -0.004,
    "420107": -0.006, "420111": 0.014, "420112": 0.016, "420113": 0.012, "420114": 0.008,
    "420115": 0.016, "420116": 0.000, "420117": -0.006,
}  # fmt: skip
# Built-up area (km2), the weights of R04 and M11; fixed for all years (total 898 km2).
BUILT_UP_KM2 = {
    "420102": 70, "420103": 28, "420104": 40, "420105": 75, "420106": 65, "420107": 50,
    "420111": 210, "420112": 95, "420113": 45, "420114": 60, "420115": 75, "420116": 50,
    "420117": 35,
}  # fmt: skip
# P04: number of the three facilities (stadium, sports hall, swimming hall) by year.
# (count in 2020, {year: count from that year on})
P04_FACILITIES = {
    "420102": (3, {}), "420103": (3, {}), "420104": (2, {2022: 3}), "420105": (3, {}),
    "420106": (3, {}), "420107": (2, {2024: 3}), "420111": (3, {}), "420112": (2, {2021: 3}),
    "420113": (1, {2022: 2}), "420114": (1, {2021: 2, 2023: 3}), "420115": (2, {2022: 3}),
    "420116": (1, {2022: 2, 2025: 3}), "420117": (1, {2023: 2, 2024: 3}),
}  # fmt: skip
# P01: beds per 1000 relative to the city (the large hospitals are in the old districts).
P01_FACTOR = {
    "420102": 1.75, "420103": 1.85, "420104": 1.80, "420105": 0.95, "420106": 1.90,
    "420107": 1.15, "420111": 0.85, "420112": 0.60, "420113": 0.50, "420114": 0.60,
    "420115": 0.55, "420116": 0.55, "420117": 0.60,
}  # fmt: skip
# N01: long-run share of the annual renewal area.
N01_SHARE = {
    "420102": 10, "420103": 7, "420104": 9, "420105": 9, "420106": 11, "420107": 8,
    "420111": 12, "420112": 6, "420113": 2, "420114": 5, "420115": 7, "420116": 6, "420117": 4,
}  # fmt: skip


# --------------------------------------------------------------------------------------------
# Helpers


def rng_for(key: str) -> np.random.Generator:
    """One generator per series: adding a series does not change the others."""
    return np.random.default_rng([SEED, zlib.crc32(key.encode("utf-8"))])


def fmt(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def curve(
    key: str,
    anchors: dict[int, float],
    *,
    gamma: float = 1.0,
    jitter: float = 0.02,
    decimals: int = 1,
    monotone: bool = True,
    lo: float | None = None,
    hi: float | None = None,
) -> dict[int, float]:
    """Values for every year: anchors kept, years between follow ya + (yb-ya) p**gamma + noise."""
    rng = rng_for(key)
    ys = sorted(anchors)
    out: dict[int, float] = {}
    for y in YEARS:
        if y in anchors:
            out[y] = anchors[y]
            continue
        a = max(k for k in ys if k < y)
        b = min(k for k in ys if k > y)
        va, vb = anchors[a], anchors[b]
        p = (y - a) / (b - a)
        v = va + (vb - va) * p**gamma + jitter * abs(vb - va) * rng.standard_normal()
        v = min(max(v, min(va, vb)), max(va, vb))
        if lo is not None:
            v = max(v, lo)
        if hi is not None:
            v = min(v, hi)
        out[y] = round(v, decimals)
    if monotone:
        up = anchors[ys[-1]] >= anchors[ys[0]]
        prev = None
        for y in YEARS:
            if prev is not None and y not in anchors:
                out[y] = max(out[y], prev) if up else min(out[y], prev)
            prev = out[y]
    return out


def explicit(values: list[float]) -> dict[int, float]:
    return dict(zip(YEARS, values, strict=True))


def milestone(done: int | None) -> dict[int, float]:
    return {y: (1.0 if done is not None and y >= done else 0.0) for y in YEARS}


def wmean(values: dict[str, float], weights: dict[str, float]) -> float:
    total = sum(weights[k] for k in values)
    return sum(values[k] * weights[k] for k in values) / total


def fit_shift(
    target: float,
    weights: dict[str, float],
    make: Callable[[float], dict[str, float]],
    lo_s: float,
    hi_s: float,
) -> dict[str, float]:
    """Bisection on the shift s so that the weighted mean of make(s) equals target."""
    for _ in range(200):
        mid = (lo_s + hi_s) / 2
        if wmean(make(mid), weights) < target:
            lo_s = mid
        else:
            hi_s = mid
    return make((lo_s + hi_s) / 2)


# --------------------------------------------------------------------------------------------
# The design of the illustrative city series (anchors chosen for the verdict mix; see module
# docstring).  Published values are added to the anchors automatically.


def design() -> dict[str, dict[int, float]]:
    d: dict[str, dict[int, float]] = {}
    pub = {(p.indicator, p.year): p.value for p in PUBLISHED}

    def anchors(ind: str, base: dict[int, float]) -> dict[int, float]:
        a = dict(base)
        a.update({y: v for (i, y), v in pub.items() if i == ind})
        return a

    def cv(ind: str, base: dict[int, float], **kw) -> dict[int, float]:
        return curve(ind, anchors(ind, base), **kw)

    pct = {"lo": 0.0, "hi": 100.0}
    # spatial
    d["S01"] = milestone(2022)
    d["S02"] = cv("S02", {2020: 60.0, 2025: 100.0}, gamma=0.9, **pct)
    d["S03"] = milestone(2021)
    d["S04"] = cv("S04", {2020: 72.0, 2025: 91.5}, gamma=0.9, **pct)
    d["S05"] = cv("S05", {2020: 65.0, 2025: 86.4}, gamma=1.3, **pct)
    d["S06"] = cv("S06", {2020: 70.0, 2025: 90.8}, gamma=0.8, **pct)
    d["S07"] = explicit([11.4, 11.8, 11.9, 11.7, 11.6, 11.5])  # moves away: congestion
    d["S08"] = cv("S08", {2020: 15.8, 2025: 11.7}, gamma=0.9)
    # transport
    d["T01"] = explicit([5230, 7810, 5620, 12450, 13780, 14620])  # pandemic dip 2020-2022
    d["T02"] = anchors("T02", {2025: 388})
    d["T03"] = anchors("T03", {2025: 3460})
    d["T04"] = anchors("T04", {2020: 18.9, 2022: 27.6, 2023: 33.1, 2024: 37.4, 2025: 41.2})
    d["T05"] = anchors("T05", {2021: 889, 2022: 912, 2023: 935, 2024: 958})
    d["T06"] = cv("T06", {2020: 82.0, 2025: 95.6}, gamma=0.9, **pct)
    d["T07"] = cv("T07", {2020: 72.0, 2025: 85.4}, gamma=1.1, **pct)
    d["T08"] = explicit([68.0, 68.0, 74.0, 74.0, 80.0, 86.5])  # new crossings open in steps
    d["T09"] = explicit([42.0, 42.0, 47.5, 53.0, 58.5, 64.5])
    d["T10"] = anchors("T10", {2020: 9, 2021: 11, 2022: 11, 2023: 12, 2025: 12})
    d["T11"] = anchors("T11", {2020: 339, 2022: 460, 2023: 486, 2025: 532})
    d["T12"] = cv("T12", {2020: 52.0, 2025: 60.8}, gamma=0.8, **pct)
    # utilities
    d["U01"] = explicit([525, 535, 560, 590, 620, 656])
    d["U02"] = cv("U02", {2020: 99.985, 2025: 99.9986}, gamma=1.0, decimals=4, jitter=0.0)
    d["U03"] = cv("U03", {2020: 99.990, 2025: 99.9992}, gamma=0.8, decimals=4, jitter=0.0)
    d["U04"] = cv("U04", {2020: 1450, 2025: 3080}, gamma=1.1, decimals=0)
    d["U05"] = cv("U05", {2020: 420, 2025: 1535}, gamma=1.2, decimals=0)
    d["U06"] = cv("U06", {2020: 5.6, 2025: 26.8}, gamma=1.3, decimals=2)
    d["U07"] = milestone(2023)
    d["U08"] = milestone(2021)
    # resilience
    d["R01"] = explicit([2830, 2905, 3080, 3260, 3490, 3720])
    d["R02"] = explicit([10, 10, 10, 10, 20, 20])
    d["R03"] = explicit([86.0, 95.5, 104.0, 113.2, 119.6, 124.0])
    d["R04"] = anchors("R04", {2021: 24.3, 2022: 28.1, 2024: 43.5, 2025: 50.6})
    # public services
    d["P01"] = explicit([7.62, 7.05, 7.18, 7.36, 7.50, 7.58])  # moves away (population revision)
    d["P02"] = cv("P02", {2020: 38.0, 2025: 66.5}, gamma=0.9, **pct)
    d["P03"] = explicit([0, 18, 22, 24, 21, 19])  # annual completions, sum 104
    # P04 comes from P04_FACILITIES
    # environment
    d["E01"] = anchors("E01", {2020: 412, 2021: 426, 2024: 548, 2025: 603})
    d["E02"] = cv("E02", {2020: 92.6, 2025: 95.8}, gamma=0.9, **pct)
    d["E03"] = explicit([0, 2, 5, 8, 11, 13])
    d["E04"] = explicit([0, 6, 15, 25, 36, 47])
    d["E05"] = explicit([17300, 17300, 18800, 19800, 20600, 21500])
    d["E06"] = explicit([160, 180, 230, 260, 300, 330])
    d["E07"] = anchors("E07", {2020: 302, 2021: 290, 2023: 279, 2024: 288, 2025: 296})
    d["E08"] = cv("E08", {2020: 20.0, 2025: 94.0}, gamma=1.1, **pct)
    d["E09"] = explicit([12, 15, 20, 25, 30, 33])
    # renewal: annual areas (万m2), sum 5620
    d["N01"] = explicit([0, 1050, 1180, 1210, 1150, 1030])
    # management
    d["M01"] = cv("M01", {2020: 90.0, 2025: 98.4}, gamma=0.8, **pct)
    d["M02"] = cv("M02", {2020: 55.0, 2025: 83.0}, gamma=1.0, **pct)
    d["M03"] = cv("M03", {2020: 82.0, 2025: 100.0}, gamma=0.7, **pct)
    d["M04"] = explicit([0, 14, 22, 25, 23, 20])  # annual, sum 104
    d["M05"] = cv("M05", {2020: 3950, 2025: 4580}, gamma=1.0, decimals=0)
    d["M06"] = explicit([0, 2, 4, 6, 8, 10])
    d["M07"] = explicit([0, 5, 11, 18, 24, 31])
    d["M08"] = explicit([0, 60, 130, 190, 240, 276])
    d["M09"] = explicit([0, 80, 160, 230, 290, 342])
    d["M10"] = explicit([0, 70, 150, 215, 270, 318])
    d["M11"] = anchors("M11", {2020: 42.05, 2022: 43.20, 2023: 43.31, 2024: 43.42, 2025: 43.55})
    d["M12"] = anchors("M12", {2020: 14.50, 2022: 14.87, 2023: 14.92, 2024: 14.97})
    # context
    d["POP"] = anchors("POP", {2025: 1384.4})
    d["GDP"] = anchors("GDP", {2021: 17720, 2025: 22180})
    for key, series in d.items():
        missing = [y for y in YEARS if y not in series]
        assert not missing, f"{key}: no value for {missing}"
    return d


# Decimals of the printed values (default 1).
DECIMALS = {
    "U02": 4, "U03": 4, "U06": 2, "T02": 2, "T08": 1, "P01": 2, "M11": 2, "M12": 2,
    "R04": 2, "POP": 4, "GDP": 2, "E01": 1, "T04": 1, "S07": 2, "S08": 2, "P04": 2,
    "S04": 2, "S05": 2, "S06": 2, "E02": 2,
}  # fmt: skip
# Decimals of district values.
DISTRICT_DECIMALS = {
    "S04": 1, "S05": 1, "S06": 1, "S07": 1, "S08": 1, "P01": 2, "E02": 1, "R04": 2,
    "M11": 2, "M12": 2, "N01": 1, "POP": 2, "P04": 1,
}  # fmt: skip


# --------------------------------------------------------------------------------------------
# Building the rows


@dataclass
class Row:
    indicator: str
    year: int
    area: str
    value: float
    decimals: int
    status: str
    source: str
    note: str


class Builder:
    def __init__(self, plan: dict, indicators: list[dict]):
        self.plan = plan
        self.indicators = indicators
        self.kind = {r["id"]: r["kind"] for r in indicators}
        self.districts = [str(d["code"]) for d in plan["districts"]]
        self.zone = {str(d["code"]): d["zone"] for d in plan["districts"]}
        self.scope = {k: v for k, v in (plan.get("district_scope") or {}).items()}
        self.pub = {(p.indicator, p.year): p for p in PUBLISHED}
        self.city = design()
        self.rows: list[Row] = []
        self.pop: dict[int, dict[str, float]] = {}

    # -- city rows
    def city_row(self, ind: str, year: int, value: float) -> Row:
        p = self.pub.get((ind, year))
        dec = DECIMALS.get(ind, 1 if value != int(value) else 0)
        if p is not None:
            return Row(ind, year, "", p.value, max(dec, 2), p.status, p.source, p.note)
        note = ILL
        if self.kind.get(ind) == "cumulative" and year == T0:
            note = f"{BASELINE_ZERO}; {ILL}"
        elif ind in ("M06", "M07", "M08", "M09", "M10", "E03", "E04") and year == T0:
            note = f"{ILL}; counted from 2021, so 0 in 2020"
        elif ind == "T12":
            note = f"{ILL}; {T12_NOTE}"
        elif ind == "P01" and year == 2021:
            note = f"{ILL}; {P01_NOTE}"
        elif (ind, year) in ILL_NOTES:
            note = f"{ILL}; {ILL_NOTES[(ind, year)]}"
        return Row(ind, year, "", value, dec, "illustrative", SCRIPT, note)

    def district_row(self, ind: str, year: int, code: str, value: float) -> Row:
        dec = DISTRICT_DECIMALS[ind]
        note = ILL_DISTRICT
        if self.kind.get(ind) == "cumulative" and year == T0:
            note = f"{BASELINE_ZERO}; {ILL_DISTRICT}"
        return Row(ind, year, code, round(value, dec), dec, "illustrative", SCRIPT, note)

    # -- districts
    def make_pop(self) -> None:
        for year in YEARS:
            total = self.city["POP"][year]
            raw = {c: POP_2020_SHARE[c] * (1 + POP_DRIFT[c]) ** (year - T0) for c in self.districts}
            s = sum(raw.values())
            dec = 4 if year == T0 else 2
            vals = {c: round(total * v / s, dec) for c, v in raw.items()}
            big = max(vals, key=vals.get)
            vals[big] = round(total - sum(v for c, v in vals.items() if c != big), dec)
            self.pop[year] = vals
            for c in self.districts:
                row = self.district_row("POP", year, c, vals[c])
                row.decimals = dec
                row.value = vals[c]
                self.rows.append(row)

    def spread_weighted(
        self,
        ind: str,
        codes: list[str],
        weights_by_year: Callable[[int], dict[str, float]],
        profile: Callable[[int, str], float],
        mode: str,
        lo: float | None = None,
        hi: float | None = None,
    ) -> None:
        """District values whose weighted mean is the city value (published or illustrative)."""
        dec = DISTRICT_DECIMALS[ind]
        for year in YEARS:
            target = self.city[ind][year]
            w = weights_by_year(year)
            w = {c: w[c] for c in codes}

            def make(s: float, year: int = year, target: float = target) -> dict[str, float]:
                out = {}
                for c in codes:
                    if mode == "add":
                        v = target + profile(year, c) + s
                    else:
                        v = target * profile(year, c) * (1 + s)
                    if lo is not None:
                        v = max(v, lo)
                    if hi is not None:
                        v = min(v, hi)
                    out[c] = v
                return out

            span = (-50.0, 50.0) if mode == "add" else (-0.9, 3.0)
            vals = {c: round(v, dec) for c, v in fit_shift(target, w, make, *span).items()}
            mean = wmean(vals, w)
            if (ind, year) in self.pub:
                assert abs(mean - target) <= 0.02, (ind, year, mean, target)
            else:
                self.city[ind][year] = round(mean, DECIMALS.get(ind, 2))
            for c in codes:
                self.rows.append(self.district_row(ind, year, c, vals[c]))

    def make_districts(self) -> None:
        self.make_pop()

        def pop_w(year: int) -> dict[str, float]:
            return self.pop[year]

        def built_w(year: int) -> dict[str, float]:
            return {c: float(v) for c, v in BUILT_UP_KM2.items()}

        central = [c for c in self.districts if self.zone[c] == "central"]
        new = [c for c in self.districts if self.zone[c] == "new"]

        def coverage_profile(ind: str, spread: float) -> Callable[[int, str], float]:
            rng = rng_for(f"{ind}/districts")
            base = {
                c: (spread if self.zone[c] == "central" else -spread) + rng.normal(0, spread / 2)
                for c in self.districts
            }
            c0 = self.city[ind][T0]

            def f(year: int, c: str) -> float:
                return base[c] * (100 - self.city[ind][year]) / (100 - c0)

            return f

        def factor_profile(ind: str, sigma: float, fixed: dict[str, float] | None = None):
            rng = rng_for(f"{ind}/districts")
            base = {
                c: (fixed[c] if fixed else 1.0) * float(np.exp(rng.normal(0, sigma)))
                for c in self.districts
            }
            return lambda year, c: base[c]

        def offset_profile(ind: str, sigma: float, zone_shift: float):
            rng = rng_for(f"{ind}/districts")
            base = {
                c: (zone_shift if self.zone[c] == "central" else -zone_shift) + rng.normal(0, sigma)
                for c in self.districts
            }
            return lambda year, c: base[c]

        for ind, spread in (("S04", 8.0), ("S05", 9.0), ("S06", 7.0)):
            self.spread_weighted(
                ind, self.districts, pop_w, coverage_profile(ind, spread), "add", 0, 100
            )
        self.spread_weighted("S07", central, pop_w, offset_profile("S07", 0.7, 0.0), "add", 5)
        self.spread_weighted("S08", new, pop_w, offset_profile("S08", 1.2, 0.0), "add", 5)
        self.spread_weighted(
            "P01", self.districts, pop_w, factor_profile("P01", 0.08, P01_FACTOR), "mul", 0
        )
        self.spread_weighted(
            "E02", self.districts, pop_w, coverage_profile("E02", 3.0), "add", 0, 100
        )
        self.spread_weighted(
            "R04", self.districts, built_w, factor_profile("R04", 0.25), "mul", 0, 100
        )
        self.spread_weighted(
            "M11", self.districts, built_w, offset_profile("M11", 2.0, -2.5), "add", 0, 100
        )
        m12 = {c: (0.7 if self.zone[c] == "central" else 1.35) for c in self.districts}
        self.spread_weighted("M12", self.districts, pop_w, factor_profile("M12", 0.2, m12), "mul")
        self.make_p04()
        self.make_n01()

    def make_p04(self) -> None:
        series = {}
        for year in YEARS:
            full = 0
            for c in self.districts:
                count, steps = P04_FACILITIES[c]
                for y, k in sorted(steps.items()):
                    if year >= y:
                        count = k
                full += count == 3
                self.rows.append(self.district_row("P04", year, c, 100 * count / 3))
            series[year] = round(100 * full / len(self.districts), 2)
        self.city["P04"] = series

    def make_n01(self) -> None:
        rng = rng_for("N01/districts")
        base = np.array([N01_SHARE[c] for c in self.districts], dtype=float)
        for year in YEARS:
            total = self.city["N01"][year]
            shares = rng.dirichlet(base / base.sum() * 600)
            units = int(round(total * 10))  # tenths of 万m2
            raw = shares * units
            vals = np.floor(raw).astype(int)
            for i in np.argsort(-(raw - vals))[: units - vals.sum()]:
                vals[i] += 1
            for c, v in zip(self.districts, vals, strict=True):
                self.rows.append(self.district_row("N01", year, c, v / 10))

    # -- all
    def build(self) -> list[Row]:
        self.make_districts()
        city_rows = []
        order = [r["id"] for r in self.indicators] + [c["id"] for c in self.plan["context_series"]]
        for ind in order:
            for year in YEARS:
                city_rows.append(self.city_row(ind, year, self.city[ind][year]))
        return city_rows + self.rows


def write(rows: list[Row], out_dir: Path) -> dict[int, int]:
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for year in YEARS:
        path = out_dir / f"{year}.csv"
        sel = [r for r in rows if r.year == year]
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HEADER)
            for r in sel:
                w.writerow(
                    [r.indicator, r.year, r.area, fmt(r.value, r.decimals), r.status, r.source,
                     r.note]
                )  # fmt: skip
        counts[year] = len(sel)
    return counts


# --------------------------------------------------------------------------------------------
# A small implementation of the schedule verdict (methods.md), to print the mix


def verdicts(rows: list[Row], indicators: list[dict], thresholds: dict, year: int) -> dict:
    city = {(r.indicator, r.year): r.value for r in rows if r.area == ""}
    out = {}
    for ind in indicators:
        i, kind = ind["id"], ind["kind"]
        sign = 1 if ind["direction"] == "up" else -1
        ys = {y: city[(i, y)] for y in YEARS if y <= year}
        t = max(ys)
        if kind == "milestone":
            out[i] = ("done" if ys[t] == 1 else "not_done", None)
            continue
        if kind == "trend":
            out[i] = ("rose" if ys[t] > ys[t - 1] else "fell", None)
            continue
        x = float(ind["target"]) if ind["target"] else float(thresholds[i]["value"])
        if kind == "cumulative":
            y0, yt, yT = 0.0, sum(v for y, v in ys.items() if y > T0), x
        else:
            y0, yt = ys[T0], ys[t]
            yT = {"level": x, "increase": y0 + x, "growth": y0 * (1 + x / 100)}[kind]
        c = (yt - y0) / (yT - y0)
        e = (t - T0) / (T - T0)
        if sign * (yt - yT) >= -1e-9:
            v = "achieved"
        elif year >= T:
            v = "not_achieved"
        elif c < -1e-9:
            v = "moving_away"
        elif c < e - 1e-9:  # c equal to e within float noise counts as ahead, as in the engine
            v = "behind"
        else:
            v = "ahead"
        out[i] = (v, c)
    return out


def load_plan() -> tuple[dict, list[dict]]:
    plan = yaml.safe_load((PLAN_DIR / "plan.yaml").read_text(encoding="utf-8"))
    with (PLAN_DIR / "indicators.csv").open(encoding="utf-8", newline="") as f:
        indicators = list(csv.DictReader(f))
    return plan, indicators


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="folder for <year>.csv")
    args = ap.parse_args()
    plan, indicators = load_plan()
    rows = Builder(plan, indicators).build()
    counts = write(rows, args.out)
    for year, n in counts.items():
        print(f"{args.out / f'{year}.csv'}: {n} rows")
    city = [r for r in rows if r.area == ""]
    for status in ("official", "reported", "estimate", "illustrative"):
        n = sum(r.status == status for r in city)
        print(f"city values {status:12}: {n}")
    thresholds = plan.get("thresholds") or {}
    for year in (2023, 2024, 2025):
        v = verdicts(rows, indicators, thresholds, year)
        mix: dict[str, int] = {}
        for verdict, _ in v.values():
            mix[verdict] = mix.get(verdict, 0) + 1
        print(f"verdicts {year}: " + ", ".join(f"{k} {n}" for k, n in sorted(mix.items())))
        if year == T:
            short = {i: c for i, (verdict, c) in v.items() if verdict == "not_achieved"}
            print("  not achieved (completion): " + ", ".join(
                f"{i} {c:.2f}" for i, c in sorted(short.items(), key=lambda kv: kv[1])
            ))  # fmt: skip


if __name__ == "__main__":
    main()
