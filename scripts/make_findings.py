"""Write the default findings file data/findings/2025.csv: the analysts' diagnosis of every
2025 shortfall of the default data set.

**Every finding here is illustrative.**  The causes, recommendations, responsible units and
deadlines are written from the data (the values the assessment reads) and from the plan's text,
to demonstrate the workflow of a 城市体检: each problem with its cause, its remedy, who is
responsible and by when.  They are not the findings of Wuhan's analysts or of any Wuhan body,
and the report says so.  The figures in the texts are filled in from the data, so the texts
agree with the tables.

    .venv/bin/python scripts/make_findings.py            # writes data/findings/2025.csv
    .venv/bin/python scripts/make_findings.py --out FILE

Running it again writes a byte-identical file (tested); nothing in it is random, the seed
``SEED`` is kept for the record and for any later random choice.
"""

# ruff: noqa: E501 -- the table TEXTS holds one sentence per line: data, read as a table

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from healthcheck.engine import framework
from healthcheck.inputs.findings import FINDING_COLUMNS
from healthcheck.inputs.project import load_inputs
from healthcheck.text import fmt_value

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2025
SEED = 20210626
OUT = ROOT / "data" / "findings" / f"{YEAR}.csv"
STATUS = "illustrative"
SOURCE = "示意内容，演示工作流程，非武汉市分析结论 / illustrative: demonstrates the workflow, not Wuhan's findings"

#: id -> (cause zh, cause en, recommendation zh, recommendation en, unit zh, unit en,
#: deadline, class).  {value}, {target}, {baseline}, {short} are filled in from the data.
TEXTS: dict[str, tuple[str, str, str, str, str, str, str, str]] = {
    "S07": (
        "中心城区急救站点布局未随人口增长加密，高峰时段道路拥堵，平均反应时间由{baseline}分钟升至{value}分钟。",
        "Ambulance stations in the central districts were not added as the population grew, and peak-hour congestion slows them: the mean response time rose from {baseline} to {value} minutes.",
        "按10分钟急救圈补建急救站点，推行急救车辆优先通行和智能调度。",
        "Add ambulance stations to close the 10-minute circle; give ambulances priority at junctions and dispatch them by live traffic.",
        "市卫生健康委",
        "Municipal Health Commission",
        "2026-12",
        "time_bound",
    ),
    "P01": (
        "床位增长慢于常住人口增长，每千人口床位数由{baseline}张降至{value}张；在建医院项目未如期投用。",
        "Beds grew more slowly than the resident population: beds per 1000 fell from {baseline} to {value}; hospitals under construction did not open on time.",
        "加快在建医院投用，新增床位优先布局人口增长快的新城区。",
        "Open the hospitals under construction; place new beds first in the fast-growing new districts.",
        "市卫生健康委",
        "Municipal Health Commission",
        "2027-06",
        "time_bound",
    ),
    "T10": (
        "规划的部分线路在建未通车，{year}年运营{value}条，距目标{target}条尚差{short}条。",
        "Some planned lines were still under construction and had not opened by {year}: {value} lines in operation, {short} short of the {target} planned.",
        "按开通计划推进在建线路的建设与验收，公布各线路开通时间。",
        "Complete and commission the lines under construction on a published opening schedule.",
        "市城乡建设局、武汉地铁集团",
        "Municipal Urban-Rural Development Bureau; Wuhan Metro Group",
        "2027-12",
        "best_effort",
    ),
    "T11": (
        "同T10：在建线路未通车，运营里程{value}公里，距目标{target}公里尚差{short}公里。",
        "As for T10: lines under construction had not opened; {value} km in operation, {short} km short of {target} km.",
        "随在建线路开通补足里程；优先建设填补覆盖空白的线路。",
        "Close the gap as the lines under construction open; build first the lines that fill gaps in coverage.",
        "市城乡建设局、武汉地铁集团",
        "Municipal Urban-Rural Development Bureau; Wuhan Metro Group",
        "2027-12",
        "best_effort",
    ),
    "T02": (
        "集装箱吞吐量增长快于基期，但{value}万标箱仍低于{target}万标箱的目标；航线与铁水联运班列不足。",
        "Container throughput grew well since the baseline, but {value_u} is short of the {target_u} target; too few shipping routes and rail-water services.",
        "增开江海直达和铁水联运班列，完善阳逻港区集疏运设施。",
        "Add river-sea and rail-water services and complete the access links of the Yangluo port area.",
        "市交通运输局、武汉新港管委会",
        "Municipal Transport Bureau; Wuhan New Port Authority",
        "2027",
        "best_effort",
    ),
    "T01": (
        "铁路客运受2020—2022年疫情影响，恢复后{value}万人次仍低于{target}万人次的目标。",
        "Rail travel fell in the pandemic years 2020-2022; after the recovery {value_u} is still short of the {target_u} target.",
        "配合国铁集团增开始发列车，推进枢纽站点扩能。",
        "Work with China Railway to add trains starting in Wuhan and expand station capacity.",
        "市发展改革委、市交通运输局",
        "Municipal Development and Reform Commission; Municipal Transport Bureau",
        "2027",
        "best_effort",
    ),
    "T03": (
        "航空客运受疫情影响，恢复后{value}万人次仍低于{target}万人次的目标；国际航线恢复慢。",
        "Air travel fell in the pandemic; after the recovery {value_u} is short of the {target_u} target; international routes came back slowly.",
        "恢复和新开国际及地区航线，完善机场综合交通接驳。",
        "Restore and open international and regional routes; improve the airport's ground links.",
        "市交通运输局、湖北机场集团",
        "Municipal Transport Bureau; Hubei Airport Group",
        "2027",
        "best_effort",
    ),
    "R01": (
        "部分泵站工程未按期完工，新增外排能力距目标尚差{short}立方米/秒，汛期内涝风险仍在。",
        "Some pumping stations were not finished on time: the added capacity is {short} m³/s short of the target, and the risk of flooding in the rainy season remains.",
        "汛前完成在建泵站并投入运行，对易涝点逐一销号。",
        "Finish and commission the pumping stations under construction before the flood season; clear the flood-prone spots one by one.",
        "市水务局",
        "Municipal Water Authority",
        "2026-05",
        "time_bound",
    ),
    "T05": (
        "部分高速公路项目前期工作滞后，通车里程{value}公里，距目标尚差{short}公里。",
        "Preparatory work on some expressway projects was late: {value} km in service, {short} km short of the target.",
        "加快在建高速公路建设，打通断头路段。",
        "Speed up the expressways under construction and close the missing links.",
        "市交通运输局",
        "Municipal Transport Bureau",
        "2027",
        "best_effort",
    ),
    "M05": (
        "道路新建和改造中行道树配置不足，林荫路总长距目标尚差{short}公里。",
        "Too few street trees were planted in new and rebuilt roads: tree-lined roads are {short} km short of the target.",
        "在道路建设和改造中同步补植行道树，结合城市更新补齐林荫路。",
        "Plant street trees with every road built or rebuilt, and complete tree-lined routes with urban renewal.",
        "市园林和林业局",
        "Municipal Landscape and Forestry Bureau",
        "2026",
        "best_effort",
    ),
    "S05": (
        "新城区文体设施建设滞后，12分钟文体圈覆盖率{value}%，低于分析组设定的{target}%阈值。",
        "Culture and sports facilities lag behind in the new districts: coverage of the 12-minute circle is {value} %, below the analysts' threshold of {target} %.",
        "在覆盖空白的社区补建文体设施，利用存量用房改造。",
        "Build facilities in the uncovered communities, reusing existing buildings.",
        "市文化和旅游局、市体育局",
        "Municipal Culture and Tourism Bureau; Municipal Sports Bureau",
        "2026",
        "best_effort",
    ),
    "R03": (
        "综合管廊与道路建设时序不同步，部分路段未同步建设，总规模距目标尚差{short}公里。",
        "Utility tunnels were not built together with some roads: the network is {short} km short of the target.",
        "在新建主干道同步建设管廊，完善管廊入廊收费和运营机制。",
        "Build tunnels with every new arterial road; settle the fees and operation of tunnel use.",
        "市城乡建设局",
        "Municipal Urban-Rural Development Bureau",
        "2027",
        "best_effort",
    ),
    "P04": (
        "尚有区未建齐体育场、综合性体育馆和游泳馆，建齐“一场两馆”的区占{value}%。",
        "Some districts still lack a stadium, a sports hall or a swimming hall: {value} % of the districts have all three.",
        "对未建齐的区明确项目和用地，纳入年度建设计划。",
        "Name the projects and the land in each district still short, and put them in the annual building programme.",
        "市体育局、相关区人民政府",
        "Municipal Sports Bureau; the district governments concerned",
        "2027",
        "best_effort",
    ),
    "E04": (
        "部分V类湖泊外源污染截污未完成，整治完成{value}个，尚余{short}个。",
        "Sewage still reaches some class-V lakes: {value} remediated, {short} remaining.",
        "完成剩余湖泊截污和生态修复，落实“一湖一策”。",
        "Finish intercepting the sewage and restoring the remaining lakes, one plan per lake.",
        "市水务局、市生态环境局",
        "Municipal Water Authority; Municipal Ecology and Environment Bureau",
        "2026-12",
        "time_bound",
    ),
    "M08": (
        "可用于花田花海的土地落实不足，已建成{value}公顷，尚差{short}公顷。",
        "Too little land was secured for flower fields: {value} ha planted, {short} ha short.",
        "结合郊野公园和农业用地落实剩余面积。",
        "Secure the remaining area in country parks and on farmland.",
        "市园林和林业局",
        "Municipal Landscape and Forestry Bureau",
        "2026",
        "best_effort",
    ),
    "E08": (
        "部分老旧小区和高校管网改造受施工条件限制，雨污分流改造完成{value}%。",
        "Site constraints held up the pipe works in some old estates and universities: {value} % of the separation is done.",
        "对剩余小区和高校逐一制定改造方案，限期完成。",
        "Draw up a plan for each remaining estate and campus and finish them by the deadline.",
        "市水务局",
        "Municipal Water Authority",
        "2026-12",
        "time_bound",
    ),
    "U01": (
        "新建水厂扩建工程未全部投产，新增供水能力距目标尚差{short}万吨/日。",
        "Not all the new and extended waterworks are in operation: the added capacity is {short_u} short of the target.",
        "完成在建水厂扩建并投产，推进城乡供水一体化。",
        "Complete and commission the waterworks under construction; integrate urban and rural supply.",
        "市水务局",
        "Municipal Water Authority",
        "2026",
        "best_effort",
    ),
    "U02": (
        "配电网自动化改造尚未覆盖全部中心城区，供电可靠性{value_u}，未达{target_u}。",
        "Distribution automation does not yet cover all the central districts: reliability is {value_u}, short of {target_u}.",
        "完成中心城区配电自动化全覆盖，推广不停电作业。",
        "Complete distribution automation in the central districts and extend live-line working.",
        "国网武汉供电公司",
        "State Grid Wuhan Power Supply Company",
        "2026",
        "best_effort",
    ),
    "N01": (
        "城市更新项目受征收和资金平衡制约，累计完成{value}万平方米，尚差{short}万平方米。",
        "Renewal projects were held back by land acquisition and funding: {value_u} completed, {short_u} short.",
        "将剩余项目纳入下一年度城市更新计划，完善资金平衡机制。",
        "Put the remaining projects in next year's renewal programme and improve their funding.",
        "市住房和城市更新局",
        "Municipal Housing and Urban Renewal Bureau",
        "2026",
        "best_effort",
    ),
    "E07": (
        "空气质量优良天数波动，{year}年{value}天，低于基期{baseline}天；臭氧污染天数增加。",
        "Good-air days varied from year to year: {value} in {year}, below the {baseline} of the baseline year; ozone days increased.",
        "开展臭氧和细颗粒物协同治理，加强工业源和机动车排放管控。",
        "Tackle ozone and fine particles together; tighten controls on industrial and vehicle emissions.",
        "市生态环境局",
        "Municipal Ecology and Environment Bureau",
        "2026-12",
        "time_bound",
    ),
}


def _number(x: float) -> str:
    """A figure as the texts print it: up to 2 decimals, thousands grouped by a comma in both
    languages (the report's number policy: 14,620万人次)."""
    if x != x:
        return "—"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def findings_csv(plan_dir: Path = ROOT / "data" / "plan", data_dir: Path = ROOT / "data") -> str:
    """The findings file's text: a row for every 2025 shortfall and every indicator with a
    text in :data:`TEXTS`, in plan order.  Raises if a shortfall has no text."""
    plan, obs = load_inputs(plan_dir, data_dir)
    fw = framework(plan.framework)
    assessed = fw.assess(plan, obs, YEAR)
    short = set(fw.shortfalls(assessed)["id"])
    missing = sorted(short - set(TEXTS))
    if missing:
        raise SystemExit(f"no finding written for the shortfalls {', '.join(missing)}")
    rows = {r["id"]: r for r in assessed.to_dict("records")}
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(FINDING_COLUMNS)
    for ind in plan.indicators:
        if ind.id not in TEXTS:
            continue
        r = rows[ind.id]
        value, target, base = r["value"], r["target_value"], r["baseline"]
        gap = abs(target - value) if target == target and value == value else float("nan")
        texts = []
        for k, t in enumerate(TEXTS[ind.id][:4]):
            lang = "en" if k % 2 == 1 else "zh"  # zh, en, zh, en
            fill = {
                "value": _number(value),
                "target": _number(target),
                "baseline": _number(base),
                "short": _number(gap),
                "year": YEAR,
                # with the unit, as the report prints values (3.88 million TEU per year;
                # 99.9986%, where two decimals would print 100)
                **{f"{key}_u": fmt_value(x, ind.unit_zh, ind.unit_en, lang)
                   for key, x in (("value", value), ("target", target), ("short", gap))},
            }  # fmt: skip
            texts.append(t.format(**fill))
        unit_zh, unit_en, deadline, klass = TEXTS[ind.id][4:]
        out.writerow([ind.id, *texts, unit_zh, unit_en, deadline, klass, STATUS, SOURCE])
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(findings_csv().encode("utf-8"))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
