"""Write the demonstration project of the national 城市体检: examples/wuhan-national/.

Wuhan, report year 2025 (previous year 2024, first year held 2023), assessed with the
MOHURD 2025 framework (《城市体检工作手册（试行）》, May 2025).  The formats are those of
the lead's design (plan/national.md, "The city's project"); examples/wuhan-national/README.md
says what is traced and what is invented.

    .venv/bin/python scripts/make_national_data.py             # writes examples/wuhan-national/
    .venv/bin/python scripts/make_national_data.py --out DIR   # writes DIR/plan/..., DIR/data/...

What it writes (everything in the project that is invented, plus the units register):

* ``plan/units.csv``: three real 街道 (names and codes of the NBS 统计用区划代码) with
  illustrative 社区 (示范社区A ...) and 小区 (示范小区A-1 ...);
* ``plan/refinements.csv`` and ``plan/indicators.csv``: the city's choices (thresholds where
  the manual leaves the value to the city, one 特色指标 ``X01``);
* ``data/observations/<year>.csv``: the observed indicators (城区 N30-N59, the 街区 coverage
  rates N22 and N25, X01), 2023-2025, all illustrative (no published Wuhan figure matches a national indicator; README);
* ``data/ledgers/<year>.csv``: the problem ledgers (问题台账) of 2024 and 2025 for the sample
  社区, located inside their district's boundary polygon (data/geo, WGS-84);
* ``data/grades/2025.csv`` (expert grades) and ``data/findings/2025.csv`` (causes and
  recommendations), illustrative.

Reproducible: one ``numpy`` generator per series, seeded with ``SEED`` and a CRC32 of the
series key, so running the script twice writes identical bytes (tested) and adding a series
does not change the others.  Locations are drawn by rejection sampling inside the district
polygons of ``data/geo/wuhan-districts.geojson`` (shrunk by ``INSET`` degrees so that no point
sits on a boundary).
"""

# ruff: noqa: E501 -- the tables TEMPLATES, REFINEMENTS, GRADES, FINDINGS hold one sentence per line: data, read as tables

from __future__ import annotations

import argparse
import csv
import json
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "examples" / "wuhan-national"
DISTRICTS_GEOJSON = ROOT / "data" / "geo" / "wuhan-districts.geojson"

SEED = 20250526  # the date of the manual's copy read (20250526城市体检工作手册)
SCRIPT = "scripts/make_national_data.py"
ILL = "illustrative placeholder: no published figure"
ILL_TEXT = "示意内容，演示工作流程，非武汉市体检结论 / illustrative: demonstrates the workflow, not Wuhan's findings"
OBS_YEARS = (2023, 2024, 2025)
LEDGER_YEARS = (2024, 2025)
INSET = 0.0004  # degrees (~40 m): points stay this far inside their district polygon

OBS_HEADER = ["indicator", "year", "area", "value", "status", "source", "note"]
UNIT_HEADER = ["code", "level", "name_zh", "name_en", "parent", "district"]
LEDGER_HEADER = [
    "problem_id", "indicator", "district", "street", "community", "unit_type", "unit_id",
    "unit_name", "lon", "lat", "quantity", "problem_zh", "problem_en", "severity", "difficulty",
    "remedy", "recommendation_zh", "recommendation_en", "responsible_zh", "responsible_en",
    "status", "found", "due", "closed", "carried_from", "data_status", "source",
]  # fmt: skip
REFINEMENT_HEADER = ["indicator", "action", "value", "op", "reason_zh", "reason_en", "source"]
INDICATOR_HEADER = [
    "id", "no", "level", "dimension_zh", "dimension_en", "name_zh", "name_en", "unit_zh",
    "unit_en", "direction", "stat_unit", "source_of_value", "ledger_count", "reference",
    "reference_op", "reference_text_zh", "reference_text_en", "problem_class", "survey_items",
    "decimals", "manual_ref",
]  # fmt: skip
GRADE_HEADER = ["indicator", "grade", "panel", "reason_zh", "reason_en"]
FINDING_HEADER = [
    "indicator", "cause_zh", "cause_en", "recommendation_zh", "recommendation_en", "unit_zh",
    "unit_en", "deadline", "class", "status", "source",
]  # fmt: skip

# NBS 统计用区划代码 of the 街道, read in modood/Administrative-divisions-of-China,
# dist/streets.csv (commit 0b7fd75e6bd8fef6c63d7f02cfaf0a39b33fc199).
STREET_SOURCE = (
    "国家统计局统计用区划代码 (via github.com/modood/Administrative-divisions-of-China, "
    "dist/streets.csv, commit 0b7fd75)"
)


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


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def district_polygons() -> dict[str, BaseGeometry]:
    """The district polygons (WGS-84 lon/lat), shrunk by INSET, by district code."""
    geo = json.loads(DISTRICTS_GEOJSON.read_text(encoding="utf-8"))
    return {f["properties"]["code"]: shape(f["geometry"]).buffer(-INSET) for f in geo["features"]}


def point_near(
    rng: np.random.Generator, poly: BaseGeometry, lon: float, lat: float, radius_m: float
) -> tuple[float, float]:
    """A point within ``radius_m`` of (lon, lat) and inside ``poly`` (rejection sampling)."""
    dlat = radius_m / 111_000
    dlon = radius_m / (111_000 * np.cos(np.radians(lat)))
    for _ in range(1000):
        r, a = np.sqrt(rng.uniform()), rng.uniform(0, 2 * np.pi)
        x, y = round(lon + r * dlon * np.cos(a), 5), round(lat + r * dlat * np.sin(a), 5)
        if poly.contains(Point(x, y)):
            return x, y
    raise RuntimeError(f"no point inside the district within {radius_m} m of {lon}, {lat}")


# --------------------------------------------------------------------------------------------
# Units: three real 街道 (NBS names and codes), illustrative 社区 and 小区


@dataclass(frozen=True)
class District:
    code: str
    zh: str
    en: str


JIANGHAN = District("420103", "江汉区", "Jianghan")
WUCHANG = District("420106", "武昌区", "Wuchang")


@dataclass(frozen=True)
class Street:
    code: str
    district: District
    zh: str
    en: str
    lon: float  # an approximate centre, WGS-84
    lat: float
    radius_m: float  # the 社区 are placed within this distance of the centre
    letters: str  # one illustrative 社区 per letter
    age: float  # how old the housing stock is: scales the rates of housing problems


STREETS = (
    Street("420103003", JIANGHAN, "水塔街街道", "Shuitajie Sub-district", 114.2836, 30.5788,
           450, "ABCDE", 1.5),
    Street("420103010", JIANGHAN, "北湖街街道", "Beihujie Sub-district", 114.2660, 30.5950,
           550, "FGHI", 0.9),
    Street("420106012", WUCHANG, "水果湖街道", "Shuiguohu Sub-district", 114.3460, 30.5560,
           650, "JKLMN", 0.8),
)  # fmt: skip


@dataclass
class Unit:
    code: str
    level: str
    name_zh: str
    name_en: str
    parent: str
    street: Street
    lon: float
    lat: float
    children: list[Unit] = field(default_factory=list)

    def row(self) -> list[str]:
        return [self.code, self.level, self.name_zh, self.name_en, self.parent,
                self.street.district.code]  # fmt: skip


def make_units(polys: dict[str, BaseGeometry]) -> list[Unit]:
    """The 街道, each with its 社区, each with 2-4 小区; locations inside the district."""
    streets = []
    for s in STREETS:
        poly = polys[s.district.code]
        su = Unit(s.code, "street", s.zh, s.en, "", s, s.lon, s.lat)
        rng = rng_for(f"units:{s.code}")
        for i, letter in enumerate(s.letters, start=1):
            lon, lat = point_near(rng, poly, s.lon, s.lat, s.radius_m)
            cu = Unit(f"{s.code}{i:03d}", "community", f"示范社区{letter}",
                      f"Demo Community {letter}", s.code, s, lon, lat)  # fmt: skip
            for j in range(1, int(rng.integers(2, 5)) + 1):
                elon, elat = point_near(rng, poly, lon, lat, 180)
                cu.children.append(
                    Unit(
                        f"{cu.code}{j:02d}",
                        "estate",
                        f"示范小区{letter}-{j}",
                        f"Demo Estate {letter}-{j}",
                        cu.code,
                        s,
                        elon,
                        elat,
                    )  # fmt: skip
                )
            su.children.append(cu)
        streets.append(su)
    return streets


def unit_rows(streets: list[Unit]) -> list[list[str]]:
    rows = []
    for s in streets:
        rows.append(s.row())
        for c in s.children:
            rows.append(c.row())
            rows.extend(e.row() for e in c.children)
    return rows


# --------------------------------------------------------------------------------------------
# Observations: the 城区 indicators, 2023-2025, illustrative (values designed for Wuhan:
# 13.8 million residents, about 1,000 km² built up; the mix of grades is realistic)

# id: (decimals, 2023 value, 2025 value); 2024 lies between them with a seeded jitter
OBS_DESIGN: dict[str, tuple[int, float, float]] = {
    "N22": (1, 88.4, 91.2),    # 街区: 中学服务半径覆盖率 % (100), city-wide
    "N25": (1, 81.6, 86.3),    # 街区: 公园绿化活动场地服务半径覆盖率 % (100), city-wide
    "N30": (1, 66.5, 71.8),    # 生活污水集中收集率 % (>= 70)
    "N31": (0, 3, 1),          # 黑臭水体数量 个
    "N32": (1, 71.2, 78.4),    # 绿道服务半径覆盖率 % (>= 70)
    "N33": (1, 57.6, 63.9),    # 足球场地服务半径覆盖率 %
    "N34": (2, 0.16, 0.18),    # 人均公共文化设施面积 m²/人 (>= 0.2)
    "N35": (1, 6.8, 6.9),      # 道路网密度 km/km² (>= 8): hardly moves
    "N36": (1, 96.4, 100),     # 新建建筑中绿色建筑占比 %
    "N37": (1, 100, 100),      # 挂牌建档率 %
    "N38": (1, 9.6, 6.8),      # 历史建筑空置率 % (city threshold <= 5)
    "N39": (0, 0, 0),          # 历史文化资源遭受破坏的负面事件数量 起
    "N40": (0, 0, 0),          # 擅自拆除历史文化街区内建筑物数量 栋
    "N41": (0, 12, 15),        # 当年各类保护对象增加数量 个
    "N42": (1, 24.6, 23.8),    # 高峰期机动车平均速度 km/h
    "N43": (1, 21.4, 24.2),    # 轨道站点周边覆盖通勤比例 % (city threshold >= 20)
    "N44": (1, 17.8, 19.6),    # 年度保障性住房占比 % (>= 10)
    "N45": (1, 63.0, 78.5),    # 城中村改造完成率 %
    "N46": (2, 0.21, 0.16),    # 房屋市政工程生产安全事故死亡率 %
    "N47": (0, 14, 6),         # 严重易涝积水点数量 个 (0)
    "N48": (4, 0.0082, 0.0108),  # 排水防涝应急抢险能力 万m³/h/km² (city threshold >= 0.01)
    "N49": (1, 64.8, 71.5),    # 应急供水保障率 %
    "N50": (0, 18, 52),        # "平急两用"公共基础设施数量 个
    "N51": (0, 7, 3),          # 城市危旧桥梁数量 座
    "N52": (1, 88.5, 97.4),    # 老旧市政燃气管网年度改造完成率 %
    "N53": (1, 68.2, 74.1),    # 城市消防站服务半径覆盖率 % (>= 75)
    "N54": (2, 1.62, 1.83),    # 人均避难场所有效避难面积 m²/人 (>= 2)
    "N55": (1, 24.5, 33.2),    # 市政管网管线智能化监测管理率 % (省会 >= 30)
    "N56": (1, 72.0, 88.3),    # 危大工程安全监测覆盖率 %
    "N57": (1, 41.0, 68.5),    # 高层民用建筑智能化火灾监测预警覆盖率 % (100)
    "N58": (1, 45.2, 66.0),    # CIM 三维数据覆盖率 % (省会 >= 60)
    "N59": (0, 1320, 1590),    # 城市运行管理智慧化水平 件/km²
    "X01": (1, 61.4, 70.5),    # 特色指标: 湖泊水质达标率 %
}  # fmt: skip
# Series that are not smooth: the 2024 value given (counts with a step, a dip, a standstill)
OBS_2024: dict[str, float] = {"N31": 1, "N35": 6.8, "N39": 1, "N41": 8, "N44": 21.4, "N47": 9,
                              "N51": 5}  # fmt: skip


def obs_series(ind: str) -> dict[int, float]:
    decimals, v23, v25 = OBS_DESIGN[ind]
    if ind in OBS_2024:
        v24 = OBS_2024[ind]
    else:
        jitter = 0.15 * abs(v25 - v23) * rng_for(f"obs:{ind}").standard_normal()
        v24 = min(max((v23 + v25) / 2 + jitter, min(v23, v25)), max(v23, v25))
    return {2023: v23, 2024: round(v24, decimals), 2025: v25}


def observation_rows(year: int) -> list[list[str]]:
    rows = []
    for ind, (decimals, _, _) in OBS_DESIGN.items():
        value = obs_series(ind)[year]
        rows.append([ind, str(year), "", fmt(value, decimals), "illustrative", SCRIPT, ILL])
    return rows


# --------------------------------------------------------------------------------------------
# Ledgers: one template per indicator of the 住房 / 小区 / 街区 levels (N01-N29)


@dataclass(frozen=True)
class Variant:
    zh: str  # may hold {q} (the quantity) and {place}
    en: str
    remedy: str = ""  # overrides the template's remedy
    district: str = ""  # only in this district (e.g. 里分 houses are Hankou's)


@dataclass(frozen=True)
class Template:
    unit: str  # 楼栋 / 小区 / 社区 / 街道 / 道路
    rate: float  # expected problems per 社区 (楼栋, 社区), share of 小区 (小区), per 街道 (others)
    variants: tuple[Variant, ...]
    rec_zh: str
    rec_en: str
    responsible: str  # key of RESPONSIBLE
    remedy: str  # time_bound / best_effort
    difficulty: str
    severity: tuple[float, float, float] = (0.1, 0.3, 0.6)  # very_serious, serious, general
    quantity: tuple[float, float, int] | None = None  # lo, hi, decimals (gaps, lengths)
    aged: bool = False  # rate scaled by the street's housing age


V = Variant
TB, BE = "time_bound", "best_effort"

TEMPLATES: dict[str, Template] = {
    "N01": Template("楼栋", 1.5, (
        V("砖混结构承重墙体出现贯通裂缝，楼板局部开裂", "Through-cracks in the load-bearing brick walls; floor slabs cracked in places"),
        V("底层商铺擅自拆除承重墙体", "A ground-floor shop removed a load-bearing wall without approval"),
        V("自然灾害综合风险普查初步筛查列为疑似危房", "Flagged as possibly unsafe by the screening of the natural-hazard risk census"),
    ), "委托专业机构开展结构安全鉴定，按鉴定结论加固或解危", "Commission a structural survey and strengthen or vacate the building as it concludes",
        "housing", TB, "high", (0.25, 0.45, 0.3), aged=True),
    "N02": Template("楼栋", 0.7, (
        V("燃气立管运行超过20年，锈蚀严重", "Gas riser in service for over 20 years and badly corroded"),
        V("燃气引入管局部破损，存在漏气隐患", "Gas service pipe damaged in places, with a risk of leaks"),
    ), "纳入老旧燃气管道更新改造计划，更换立管和引入管", "Include it in the renewal of ageing gas pipes and replace the riser and service pipe",
        "gas", TB, "medium", (0.2, 0.5, 0.3), aged=True),
    "N03": Template("楼栋", 2.0, (
        V("楼道堆放杂物，电动自行车在楼道停放充电", "Stairwell cluttered; e-bikes parked and charged in it"),
        V("灭火器缺失，疏散指示灯损坏", "Fire extinguishers missing; exit signs broken"),
        V("楼梯扶手松动，楼道照明损坏", "Loose handrails; stairwell lights broken"),
    ), "清理楼道杂物，补齐灭火器和疏散指示，维修扶手和照明，建立定期巡查", "Clear the stairwell, replace extinguishers and exit signs, repair handrails and lights, and inspect regularly",
        "fire", TB, "low", (0.1, 0.4, 0.5)),
    "N04": Template("楼栋", 0.8, (
        V("外墙饰面砖空鼓脱落，脱落面积超过10平方米", "Facade tiles loose and falling; more than 10 m² already fallen"),
        V("屋面防水层老化，顶层住户渗漏", "Roof waterproofing worn out; the top-floor flats leak"),
        V("空调外机支架锈蚀松动", "Air-conditioner brackets rusted and loose"),
    ), "排查外墙空鼓并清除脱落隐患，修复屋面防水", "Survey the facade, remove what may fall and repair the roof waterproofing",
        "housing", TB, "medium", (0.15, 0.45, 0.4), aged=True),
    "N05": Template("楼栋", 0.3, (
        V("里分住宅{q}套无独立厨房、卫生间，多户合用", "{q} lilong flats without their own kitchen and toilet, shared by several households", district=JIANGHAN.code),
        V("20世纪50—60年代建成的筒子楼，{q}套无独立厨房、卫生间", "A 1950s-60s corridor block: {q} flats without their own kitchen and toilet", district=WUCHANG.code),
    ), "结合城市更新实施成套化改造，或依法征收", "Make the flats self-contained in the urban-renewal programme, or acquire them",
        "housing", BE, "high", (0.0, 0.3, 0.7), (4, 18, 0), aged=True),
    "N06": Template("楼栋", 0.6, (
        V("给水管老化渗漏，排水立管堵塞", "Ageing water pipes leak; drain stacks blocked", BE),
        V("强弱电线缆老化裸露，私拉乱接", "Power and telecom cables old and exposed; illegal wiring", TB),
    ), "更换老化管线，线缆规整入槽", "Replace the ageing pipes and put the cables in trunking",
        "housing", BE, "medium", (0.05, 0.35, 0.6), aged=True),
    "N07": Template("楼栋", 1.0, (
        V("6层住宅未加装电梯，具备加装条件", "Six-storey block without a lift, where one can be added"),
        V("单元出入口无无障碍坡道，楼梯间未沿墙设扶手", "No ramp at the entrance; no handrail along the stair wall"),
    ), "征询居民意愿，按程序加装电梯，增设坡道和扶手", "Consult the residents, add a lift as the procedure requires, and add ramps and handrails",
        "housing", BE, "high", (0.0, 0.2, 0.8), aged=True),
    "N08": Template("楼栋", 0.6, (
        V("2000年以前建成，外墙和外窗未做节能改造", "Built before 2000; walls and windows never insulated"),
    ), "纳入老旧小区改造，实施外墙保温和外窗更换", "Include it in the renovation of old estates: insulate the walls and replace the windows",
        "housing", BE, "medium", (0.0, 0.1, 0.9), aged=True),
    "N09": Template("楼栋", 0.6, (
        V("公共部位未安装视频监控和入侵报警", "No CCTV or intrusion alarm in the common parts", BE),
        V("高层住宅公共部位未安装烟感报警器", "High-rise block without smoke detectors in the common parts", TB),
    ), "增设视频监控、烟感报警器，并与消防系统联动", "Add CCTV and smoke detectors and link them to the fire-alarm system",
        "street", BE, "low", (0.05, 0.35, 0.6)),
    "N10": Template("社区", 0.35, (
        V("社区养老服务设施建筑面积不足350平方米，缺少助餐服务", "The community's elderly-care centre is under 350 m² and serves no meals"),
    ), "利用存量用房扩建社区养老服务设施，补齐助餐、康复护理功能", "Enlarge the elderly-care centre in existing buildings and add meals and rehabilitation care",
        "civil", BE, "medium", (0.0, 0.4, 0.6)),
    "N11": Template("社区", 0.4, (
        V("未配建婴幼儿照护服务设施，居民托育需求较大", "No infant-care facility, although many families ask for one"),
    ), "多渠道增补普惠托育点", "Add affordable infant-care places by every available means",
        "health", BE, "medium", (0.0, 0.3, 0.7)),
    "N12": Template("社区", 0.15, (
        V("幼儿园不足6班，缺少家长接送等候空间", "Kindergarten below six classes, with no waiting area for parents"),
    ), "挖潜扩班，整理出入口等候空间", "Add classes where the building allows and make a waiting area at the gate",
        "edu", BE, "high", (0.0, 0.3, 0.7)),
    "N13": Template("社区", 0.2, (
        V("小学学位缺口{q}个，部分学生跨片区就读", "A gap of {q} primary-school places; some pupils go to school outside the catchment"),
    ), "优化学区划分，推进教育联合体建设", "Redraw the catchments and form school groups to share places",
        "edu", BE, "high", (0.0, 0.5, 0.5), (40, 180, 0)),
    "N14": Template("小区", 0.45, (
        V("停车泊位缺口{q}个，车辆占用消防通道", "Short of {q} parking spaces; cars block the fire lane"),
    ), "挖潜增设泊位，推行错时共享停车，清理消防通道", "Add spaces, share parking at off-peak times and keep the fire lane clear",
        "street", BE, "medium", (0.05, 0.45, 0.5), (20, 150, 0)),
    "N15": Template("小区", 0.35, (
        V("新能源汽车充电桩缺口{q}个，配电容量不足", "Short of {q} EV chargers; the power supply is too small"),
    ), "配电增容，统一建设运营小区充电设施", "Upgrade the power supply and build the chargers under one operator",
        "dev", BE, "medium", (0.0, 0.2, 0.8), (10, 80, 0)),
    "N16": Template("小区", 0.3, (
        V("未配建电动自行车集中充电设施，居民飞线充电", "No e-bike charging point; residents run cables from their flats"),
    ), "建设集中充电车棚，拆除飞线", "Build a covered charging shed and remove the trailing cables",
        "fire", TB, "low", (0.2, 0.5, 0.3)),
    "N17": Template("社区", 0.3, (
        V("公共活动场地不足150平方米，被停车侵占", "Open space under 150 m², taken over by parked cars"),
    ), "梳理边角空地，增补公共活动场地", "Turn left-over plots into open space",
        "street", BE, "medium", (0.0, 0.3, 0.7)),
    "N18": Template("小区", 0.3, (
        V("周边人行道{q}公里破损、宽度不足，雨后积水", "{q} km of nearby pavement broken and too narrow; puddles after rain"),
    ), "翻修破损路面，拓宽人行道并完善无障碍设施", "Resurface the pavement, widen it and make it step-free",
        "urban", BE, "medium", (0.0, 0.3, 0.7), (0.2, 1.4, 1)),
    "N19": Template("小区", 0.15, (
        V("无生活垃圾分类收集点，缺少厨余垃圾密闭容器", "No waste-sorting point and no closed food-waste bins"),
    ), "设置分类收集点和密闭容器，落实分类收运", "Set up sorting points and closed bins and collect the waste separately",
        "urban", BE, "low", (0.0, 0.3, 0.7)),
    "N20": Template("小区", 0.25, (
        V("无物业服务企业，居民自管，公共区域无人保洁", "No property manager; residents manage it themselves and nobody cleans the common areas"),
    ), "引入物业服务或由街道托管，建立业主自治机制", "Bring in a property manager, or let the sub-district manage it, and set up an owners' committee",
        "housing", BE, "medium", (0.0, 0.4, 0.6), aged=True),
    "N21": Template("小区", 0.35, (
        V("未安装智能快递柜，门禁和监控不完善", "No parcel lockers; access control and CCTV incomplete"),
    ), "按居民需求安装智能信包箱，完善智能安防", "Install parcel lockers as residents need them and complete the security system",
        "street", BE, "low", (0.0, 0.1, 0.9)),
    "N22": Template("社区", 0.25, (
        V("{place}不在初中1000米服务半径内", "{place} lies outside the 1,000 m catchment of every junior secondary school"),
    ), "优化学区范围，统筹跨街道就学", "Redraw the catchments and share places across sub-districts",
        "edu", BE, "high", (0.0, 0.4, 0.6)),
    "N23": Template("街道", 0.6, (
        V("街道未配建大型多功能运动场地", "The sub-district has no large multi-purpose sports ground"),
    ), "推动学校运动场地分时开放，利用桥下、边角空间建设运动场地", "Open school sports grounds at set hours and build pitches under flyovers and on left-over plots",
        "culture", BE, "medium", (0.0, 0.3, 0.7)),
    "N24": Template("街道", 0.5, (
        V("街道文化活动中心建筑面积不足3000平方米，缺少青少年活动功能", "The cultural centre is under 3,000 m² and has nothing for young people"),
    ), "改造提升既有文化设施，鼓励经营场所开放共享", "Upgrade the existing cultural buildings and open commercial venues to the public",
        "culture", BE, "medium", (0.0, 0.3, 0.7)),
    "N25": Template("社区", 0.25, (
        V("{place}部分居住用地不在公园绿地服务半径内", "Part of {place}'s housing land lies outside the service radius of every park"),
    ), "利用街角、屋顶、桥下空间建设口袋公园", "Build pocket parks on corners, roofs and under flyovers",
        "garden", BE, "medium", (0.0, 0.3, 0.7)),
    "N26": Template("道路", 1.6, (
        V("{place}机动车、非机动车占用人行道停放", "Cars and bikes parked on the pavement along {place}"),
    ), "施划停车泊位，加强巡查执法", "Mark parking bays and enforce them",
        "urban", BE, "low", (0.0, 0.4, 0.6)),
    "N27": Template("街道", 0.5, (
        V("示范商业街区业态单一，步行环境和公共空间品质较低", "Demo shopping street: one kind of shop only, poor walking environment and public space"),
    ), "改善街区风貌，植入新业态，完善休憩设施", "Improve the street scene, bring in new kinds of shop and add places to sit",
        "commerce", BE, "medium", (0.0, 0.2, 0.8)),
    "N28": Template("街道", 0.3, (
        V("示范老旧厂区厂房闲置，未盘活利用", "Demo old works: factory buildings standing idle"),
    ), "引入专业运营主体，推动厂区转型利用", "Bring in an operator and convert the works to new uses",
        "district", BE, "high", (0.0, 0.2, 0.8)),
    "N29": Template("街道", 0.5, (
        V("示范老旧生活街区基础设施老化，公共服务不足", "Demo old neighbourhood: ageing infrastructure and too few public services"),
    ), "纳入城市更新片区统筹实施", "Renew it as part of an urban-renewal area",
        "housing", BE, "high", (0.0, 0.4, 0.6), aged=True),
}  # fmt: skip

# Responsible units: "{d}" the district, "{s}" the 街道 (zh); "{D}", "{S}" in English
RESPONSIBLE: dict[str, tuple[str, str]] = {
    "housing": ("{d}住建局、{s}办事处", "{D} District Housing and Construction Bureau; {S} Office"),
    "gas": ("燃气经营企业、{d}住建局", "The gas utility; {D} District Housing and Construction Bureau"),
    "fire": ("{s}办事处、{d}消防救援大队", "{S} Office; {D} District Fire and Rescue Brigade"),
    "street": ("{s}办事处", "{S} Office"),
    "civil": ("{d}民政局", "{D} District Civil Affairs Bureau"),
    "health": ("{d}卫生健康局", "{D} District Health Bureau"),
    "edu": ("{d}教育局", "{D} District Education Bureau"),
    "dev": ("{d}发展改革局、供电企业", "{D} District Development and Reform Bureau; the power utility"),
    "urban": ("{d}城管执法局", "{D} District Urban Management Bureau"),
    "culture": ("{d}文化和旅游局", "{D} District Culture and Tourism Bureau"),
    "garden": ("{d}园林和林业局", "{D} District Parks and Forestry Bureau"),
    "commerce": ("{d}商务局", "{D} District Commerce Bureau"),
    "district": ("{d}人民政府、{s}办事处", "{D} District Government; {S} Office"),
}  # fmt: skip
RATE_SCALE = 0.25  # all rates at once: the size of the sample ledgers (60-80 rows a year)
BOTTOM_LINE = ("N01", "N02", "N03", "N04")  # 底线型 (one-vote veto): always 限时解决
SEVERITIES = ("very_serious", "serious", "general")
ROADS = ("示范路1号", "示范路2号", "示范路3号", "示范路4号")
ROADS_EN = ("Demo Road 1", "Demo Road 2", "Demo Road 3", "Demo Road 4")


@dataclass
class Problem:
    """One ledger row (strings as written, except the fields used to follow it up)."""

    pid: str
    ind: str
    street: Unit
    community: Unit | None
    unit_type: str
    unit_id: str
    unit_name: str
    lon: float
    lat: float
    quantity: str
    problem_zh: str
    problem_en: str
    severity: str
    difficulty: str
    remedy: str
    found: str
    due: str
    status: str = "open"
    closed: str = ""
    carried_from: str = ""

    def row(self) -> list[str]:
        t = TEMPLATES[self.ind]
        s = self.street.street
        d = s.district
        keys = {"d": d.zh, "s": s.zh, "D": d.en, "S": s.en}
        resp_zh, resp_en = RESPONSIBLE[t.responsible]
        return [
            self.pid, self.ind, d.code, s.code, self.community.code if self.community else "",
            self.unit_type, self.unit_id, self.unit_name, fmt(self.lon, 5), fmt(self.lat, 5),
            self.quantity, self.problem_zh, self.problem_en, self.severity, self.difficulty,
            self.remedy, t.rec_zh, t.rec_en, resp_zh.format(**keys), resp_en.format(**keys),
            self.status, self.found, self.due, self.closed, self.carried_from, "illustrative",
            SCRIPT,
        ]  # fmt: skip


@dataclass(frozen=True)
class Site:
    """Where a problem is: its unit and location."""

    street: Unit
    community: Unit | None
    unit_type: str
    unit_id: str
    unit_name: str
    lon: float
    lat: float
    place_zh: str = ""
    place_en: str = ""


def sites_for(ind: str, street: Unit, rng: np.random.Generator, poly: BaseGeometry) -> list[Site]:
    """The units with a problem of ``ind`` in ``street`` (drawn with the template's rate)."""
    t = TEMPLATES[ind]
    rate = RATE_SCALE * t.rate * (street.street.age if t.aged else 1.0)
    out: list[Site] = []
    if t.unit == "楼栋":
        for c in street.children:
            for _ in range(int(rng.poisson(rate))):
                e = c.children[int(rng.integers(len(c.children)))]
                b = int(rng.integers(1, 13))
                lon, lat = point_near(rng, poly, e.lon, e.lat, 60)
                out.append(Site(street, c, "楼栋", f"{e.code}-{b:02d}", f"{e.name_zh} {b}号楼",
                                lon, lat))  # fmt: skip
    elif t.unit == "小区":
        for c in street.children:
            out += [Site(street, c, "小区", e.code, e.name_zh, e.lon, e.lat)
                    for e in c.children if rng.uniform() < rate]  # fmt: skip
    elif t.unit == "社区":
        out += [Site(street, c, "社区", c.code, c.name_zh, c.lon, c.lat, c.name_zh, c.name_en)
                for c in street.children if rng.uniform() < rate]  # fmt: skip
    elif t.unit == "道路":
        for k in range(min(int(rng.poisson(rate)), len(ROADS))):
            lon, lat = point_near(rng, poly, street.lon, street.lat, street.street.radius_m)
            out.append(Site(street, None, "道路", f"{street.code}-R{k + 1:02d}", ROADS[k], lon,
                            lat, ROADS[k], ROADS_EN[k]))  # fmt: skip
    elif rng.uniform() < rate:  # 街道
        lon, lat = point_near(rng, poly, street.lon, street.lat, street.street.radius_m)
        out.append(Site(street, None, "街道", street.code, street.name_zh, lon, lat))
    return out


def month(rng: np.random.Generator, year: int, lo: int, hi: int) -> tuple[int, int]:
    return year, int(rng.integers(lo, hi + 1))


def new_problems(year: int, streets: list[Unit], polys: dict[str, BaseGeometry],
                 scale: float) -> list[Problem]:  # fmt: skip
    """The problems found in ``year`` (体检 fieldwork April-September)."""
    out: list[Problem] = []
    for street in streets:
        poly = polys[street.street.district.code]
        n = 0
        for ind, t in TEMPLATES.items():
            rng = rng_for(f"ledger:{year}:{street.code}:{ind}")
            for site in sites_for(ind, street, rng, poly):
                if rng.uniform() > scale:
                    continue
                n += 1
                out.append(make_problem(f"{year}-{street.code}-{n:03d}", ind, t, site, year, rng))
    return out


def make_problem(pid: str, ind: str, t: Template, site: Site, year: int,
                 rng: np.random.Generator) -> Problem:  # fmt: skip
    variants = [v for v in t.variants if v.district in ("", site.street.street.district.code)]
    v = variants[int(rng.integers(len(variants)))]
    q = "1"
    if t.quantity is not None:
        lo, hi, decimals = t.quantity
        q = fmt(round(float(rng.uniform(lo, hi)), decimals), decimals)
    remedy = TB if ind in BOTTOM_LINE else (v.remedy or t.remedy)
    severity = SEVERITIES[int(rng.choice(3, p=list(t.severity)))]
    fy, fm = month(rng, year, 4, 9)
    found = f"{fy}-{fm:02d}-{int(rng.integers(1, 29)):02d}"
    if remedy == TB:
        dm = fm + int(rng.integers(4, 13))
        due = f"{fy + (dm - 1) // 12}-{(dm - 1) % 12 + 1:02d}"
    else:
        due = f"{year + int(rng.integers(1, 3))}-12"
    return Problem(
        pid, ind, site.street, site.community, site.unit_type, site.unit_id, site.unit_name,
        site.lon, site.lat, q, v.zh.format(q=q, place=site.place_zh),
        v.en.format(q=q, place=site.place_en), severity, t.difficulty, remedy, found, due,
    )  # fmt: skip


# The state of a problem at the end of a year: probabilities of done / in_progress / open
STATUS_FOUND = {TB: (0.4, 0.4, 0.2), BE: (0.1, 0.3, 0.6)}  # in the year it was found
STATUS_CARRIED = {TB: (0.8, 0.15, 0.05), BE: (0.4, 0.35, 0.25)}  # one year later
STATUSES = ("done", "in_progress", "open")


def settle(p: Problem, year: int, probs: dict[str, tuple[float, float, float]], key: str) -> None:
    """Give ``p`` its status at the end of ``year``, with a closing date if done."""
    rng = rng_for(f"status:{key}:{p.pid}")
    p.status = STATUSES[int(rng.choice(3, p=list(probs[p.remedy])))]
    if p.status != "done":
        return
    start = min(int(p.found[5:7]) + 1, 12) if p.found.startswith(str(year)) else 1
    end = 12
    due_year, due_month = int(p.due[:4]), int(p.due[5:7])
    if p.remedy == TB and due_year == year and due_month >= start and rng.uniform() < 0.85:
        end = due_month  # most time-bound problems are closed by their due month
    _, m = month(rng, year, start, end)
    p.closed = f"{year}-{m:02d}-{int(rng.integers(1, 29)):02d}"


def make_ledgers(streets: list[Unit], polys: dict[str, BaseGeometry]) -> dict[int, list[Problem]]:
    """2024: the problems found in 2024 with their end-2024 status.  2025: every 2024 problem
    not closed in 2024 (carried_from 2024, its end-2025 status) and the problems found in 2025."""
    first = new_problems(2024, streets, polys, 1.0)
    for p in first:
        settle(p, 2024, STATUS_FOUND, "2024")
    carried = []
    for p in first:
        if p.status == "done":
            continue
        q = replace(p, carried_from="2024", closed="")
        settle(q, 2025, STATUS_CARRIED, "2025")
        carried.append(q)
    held = {(p.ind, p.unit_id) for p in carried}
    second = [p for p in new_problems(2025, streets, polys, 0.5) if (p.ind, p.unit_id) not in held]
    for p in second:
        settle(p, 2025, STATUS_FOUND, "2025")
    return {2024: first, 2025: carried + second}


# --------------------------------------------------------------------------------------------
# The city's choices, expert grades and findings (illustrative texts)

SRC_CHOICE = "示意：城市自定（演示用） / illustrative: the city's choice, for the demonstration"
SRC_MANUAL = "住房城乡建设部《城市体检工作手册（试行）》2025年5月 / MOHURD city health-check manual, May 2025"

REFINEMENTS: list[list[str]] = [
    ["N43", "threshold", "20", ">=",
     "手册按城市规模给出超大城市≥30%、特大城市≥20%、大城市≥10%，并允许结合轨道运营里程设定；武汉按特大城市取20%（2024年10月地铁运营里程501公里）。",
     "The manual gives ≥ 30 % for megacities, ≥ 20 % for very large cities and ≥ 10 % for large cities, and lets a city set its own value from its metro length; Wuhan takes the very-large-city value, 20 % (501 km of metro in October 2024).",
     SRC_CHOICE],
    ["N55", "threshold", "30", ">=",
     "武汉为省会城市，按手册“直辖市、省会城市和计划单列市≥30%”取值。",
     "Wuhan is a provincial capital: the manual's value for municipalities, provincial capitals and cities with independent planning status, ≥ 30 %, applies.",
     SRC_MANUAL],
    ["N58", "threshold", "60", ">=",
     "武汉为省会城市，按手册“直辖市、省会、计划单列市≥60%”取值。",
     "Wuhan is a provincial capital: the manual's value for municipalities, provincial capitals and cities with independent planning status, ≥ 60 %, applies.",
     SRC_MANUAL],
    ["N48", "threshold", "0.01", ">=",
     "手册未给全国数值，城市参照手册所引浙江省要求（建成区每平方千米应急排涝能力不低于100立方米/小时）设定。",
     "The manual sets no national value; the city follows the Zhejiang requirement the manual quotes (at least 100 m³/h of emergency pumping per km² of built-up area).",
     SRC_CHOICE],
    ["N38", "threshold", "5", "<=",
     "手册由各省结合实际确定；本示例取空置率不高于5%。",
     "The manual leaves the value to the provinces; this example takes a vacancy rate of at most 5 %.",
     SRC_CHOICE],
    ["X01", "add", "", "",
     "武汉为“百湖之市”，将湖泊水质达标情况列为城市特色指标（示意）。",
     "Wuhan is a city of lakes: the share of lakes meeting their water-quality target is added as the city's own indicator (illustrative).",
     SRC_CHOICE],
]  # fmt: skip

CITY_INDICATORS: list[list[str]] = [
    ["X01", "", "city", "生态宜居", "ecology & liveability", "湖泊水质达标率",
     "Share of lakes meeting their water-quality target", "%", "%", "up", "市辖区", "observed",
     "", "80", ">=", "城市自定：水质达到水功能区划目标的湖泊个数占保护名录湖泊总数的比例不低于80%（示意）",
     "The city's own: at least 80 % of the protected lakes meet the water-quality target of "
     "their function zone (illustrative)", "improvement", "", "1", "城市特色指标（示意）"],
]  # fmt: skip

PANEL = "城市体检专家组（示意） / city health-check expert panel (illustrative)"
GRADES: list[list[str]] = [
    ["N31", "一般", PANEL,
     "剩余{v}处黑臭水体为中心城区湖泊返黑返臭，居民投诉集中，按数量判定偏高。",
     "{v} black and odorous water body remains: a central-district lake that turned black again, and residents complain about it; the count alone rates it too well."],
    ["N36", "较好", PANEL,
     "新建建筑已全面执行绿色建筑标准，但星级绿色建筑占比低于手册建议的30%。",
     "All new buildings meet the green-building standard, but the share of star-rated ones is below the 30 % the manual suggests."],
    ["N44", "较好", PANEL,
     "保障性住房占比达标，但新增房源集中在新城区，距就业中心较远。",
     "The share of affordable housing meets the reference, but the new homes are mostly in the new districts, far from the jobs."],
]  # fmt: skip

FINDINGS: list[list[str]] = [
    ["N34", "区级和街道级文化设施建设滞后，人均公共文化设施面积{v}平方米，低于0.2平方米的要求。",
     "District and sub-district cultural facilities lag behind: {v} m² per resident, below the 0.2 m² required.",
     "推进文化设施复合利用，补强社区文体设施。", "Share buildings between cultural uses and add community culture and sports rooms.",
     "市文化和旅游局、各区人民政府", "Municipal Culture and Tourism Bureau; the district governments", "2027", "best_effort"],
    ["N35", "中心城区次干路和支路密度不足，新城区路网尚未成形，道路网密度{v}千米/平方千米，低于8千米/平方千米。",
     "Too few minor roads in the central districts and an unfinished network in the new districts: {v} km/km², below 8 km/km².",
     "打通断头路，加密支路网，新建片区按窄路密网规划。", "Link the dead-end roads, add minor roads and plan new areas with a dense grid of narrow streets.",
     "市自然资源和城乡建设局、市交通运输局", "Municipal Natural Resources and Urban-Rural Development Bureau; Municipal Transport Bureau", "2028", "best_effort"],
    ["N47", "排水管网标准偏低，部分低洼片区泵站能力不足，仍有{v}处严重易涝积水点。",
     "Drains built to a low standard and too little pumping in some low-lying areas: {v} serious waterlogging points remain.",
     "逐点制定整治方案，汛前完成管网改造和泵站扩容。", "Draw up a plan for each point and finish the drains and pumping upgrades before the flood season.",
     "市水务局、各区人民政府", "Municipal Water Authority; the district governments", "2026-05", "time_bound"],
    ["N53", "新城区消防站建设滞后，消防站服务半径覆盖率{v}%，低于75%。",
     "Fire stations lag behind in the new districts: {v} % of the built-up land is covered, below 75 %.",
     "按标准补建小型消防站，配齐器材装备。", "Build small fire stations to the standard and equip them fully.",
     "市消防救援支队、市自然资源和城乡建设局", "Municipal Fire and Rescue Detachment; Municipal Natural Resources and Urban-Rural Development Bureau", "2027", "time_bound"],
    ["N54", "中心城区用地紧张，避难场所有效面积不足，人均{v}平方米，低于2平方米。",
     "Little land in the central districts: {v} m² of shelter space per resident, below 2 m².",
     "公园、学校操场、体育场馆兼作避难场所，完善应急设施。", "Equip parks, school grounds and stadiums as shelters.",
     "市应急管理局、市园林和林业局", "Municipal Emergency Management Bureau; Municipal Parks and Forestry Bureau", "2027", "best_effort"],
    ["N57", "既有高层建筑智能化火灾监测设备安装率低，覆盖率{v}%，距100%差距较大。",
     "Few existing high-rise buildings have automatic fire monitoring: {v} %, far from 100 %.",
     "分批为既有高层住宅安装智能烟感和电气火灾监测，接入城市消防物联网平台。", "Fit smart smoke and electrical-fire sensors to existing high-rise blocks in batches and connect them to the city's fire-monitoring platform.",
     "市消防救援支队、市住房和城市更新局", "Municipal Fire and Rescue Detachment; Municipal Housing and Urban Renewal Bureau", "2026-12", "time_bound"],
]  # fmt: skip


def filled(row: list[str]) -> list[str]:
    """A grade or finding row with {v} replaced by its indicator's 2025 value (texts agree
    with the observations)."""
    ind = row[0]
    value = fmt(obs_series(ind)[2025], OBS_DESIGN[ind][0])
    return [cell.replace("{v}", value) for cell in row]


# --------------------------------------------------------------------------------------------


def write_all(out: Path) -> dict[str, int]:
    """Write every file; return the number of rows of each (for the summary)."""
    polys = district_polygons()
    streets = make_units(polys)
    files: dict[str, tuple[list[str], list[list[str]]]] = {
        "plan/units.csv": (UNIT_HEADER, unit_rows(streets)),
        "plan/refinements.csv": (REFINEMENT_HEADER, REFINEMENTS),
        "plan/indicators.csv": (INDICATOR_HEADER, CITY_INDICATORS),
        "data/grades/2025.csv": (GRADE_HEADER, [filled(r) for r in GRADES]),
        "data/findings/2025.csv": (
            FINDING_HEADER, [[*filled(r), "illustrative", ILL_TEXT] for r in FINDINGS]),
    }  # fmt: skip
    for year in OBS_YEARS:
        files[f"data/observations/{year}.csv"] = (OBS_HEADER, observation_rows(year))
    for year, problems in make_ledgers(streets, polys).items():
        files[f"data/ledgers/{year}.csv"] = (LEDGER_HEADER, [p.row() for p in problems])
    for name, (header, rows) in files.items():
        write_csv(out / name, header, rows)
    return {name: len(rows) for name, (_, rows) in files.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT, help="the project folder (plan/, data/)")
    args = ap.parse_args()
    for name, n in write_all(args.out).items():
        print(f"{args.out / name}: {n} rows")


if __name__ == "__main__":
    main()
