"""The plan: the default plan against the seed, a CSV-only plan, and located plan errors."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from healthcheck.errors import InputError
from healthcheck.inputs.plan import Analysis, load_plan
from tests.conftest import DEFAULT_PLAN, ROOT

SEED = ROOT.parent / "shared" / "seed" / "plan-targets.csv"


def test_default_plan_has_the_seed_targets_with_the_same_ids():
    plan = load_plan(DEFAULT_PLAN)
    assert len(plan.indicators) == 58
    assert len(plan.domains) == 8 and len(plan.districts) == 13
    if SEED.exists():
        with SEED.open(encoding="utf-8") as fh:
            seed = {r["id"]: r for r in csv.DictReader(fh)}
        assert [i.id for i in plan.indicators] == list(seed)
        for ind in plan.indicators:
            s = seed[ind.id]
            assert (ind.domain, ind.kind, ind.direction) == (s["domain"], s["kind"], s["direction"])
            assert ind.target == (float(s["target"]) if s["target"] else None)


def test_default_plan_domains_zones_and_thresholds():
    plan = load_plan(DEFAULT_PLAN)
    assert {d.zone for d in plan.districts} == {"central", "new"}
    assert sum(d.zone == "central" for d in plan.districts) == 7
    analysts = [i.id for i in plan.indicators if i.goal_is_analysts]
    assert analysts == ["S04", "S05", "S06"]
    assert all(plan.indicator(i).threshold_note_en for i in analysts)
    assert [d.code for d in plan.districts_of(plan.indicator("S08"))] == [
        "420112",
        "420113",
        "420114",
        "420115",
        "420116",
        "420117",
    ]
    assert all(plan.indicators_of(d.id) for d in plan.domains)
    # units the data carries: levels, not the "% increase" of the plan's wording
    assert plan.indicator("T08").unit_en == "10k pcu per day"
    assert plan.indicator("P01").unit_zh == "张/千人"


def test_a_plan_of_only_indicators_csv_works(tmp_path: Path):
    d = tmp_path / "other"
    d.mkdir()
    shutil.copy(DEFAULT_PLAN / "indicators.csv", d / "indicators.csv")
    plan = load_plan(d)
    assert len(plan.indicators) == 58
    assert [x.id for x in plan.domains][:2] == ["spatial", "transport"]
    assert plan.districts == ()
    assert (plan.baseline_year, plan.target_year) == (2020, 2025)
    assert plan.title_en  # a default title


def test_indicator_errors_are_located_and_all_reported(small_plan_dir: Path):
    path = small_plan_dir / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",level,up,", ",levell,up,")  # line 2: unknown kind
    lines[2] = lines[2].replace(",down,", ",sideways,")  # line 3: unknown direction
    lines[4] = lines[4].replace(",100,新增100", ",1x0,新增100")  # line 5: target not a number
    lines.append(lines[3])  # line 8: duplicate id A03
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    text = [str(p) for p in info.value.problems]
    assert any("indicators.csv:2:kind: found 'levell'" in t for t in text), text
    assert any(
        "indicators.csv:3:direction: found 'sideways'; expected up or down" in t for t in text
    )
    assert any("indicators.csv:5:target: found '1x0'" in t for t in text), text
    assert any("indicators.csv:8:id: found 'A03'; expected each id once" in t for t in text)
    assert len(text) == 4


def test_plan_yaml_errors_carry_their_line(small_plan_dir: Path):
    path = small_plan_dir / "plan.yaml"
    text = path.read_text(encoding="utf-8").replace('code: "420112"', 'code: "4201"')
    text += "colour: blue\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    problems = {p.column: p for p in info.value.problems}
    assert problems["districts.1.code"].row == 11  # the line of "4201"
    assert "pattern" in problems["districts.1.code"].expected
    assert problems["colour"].found == "an unknown key 'colour'"


def test_domain_unknown_to_plan_yaml_is_an_error(small_plan_dir: Path):
    path = small_plan_dir / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("B03,beta", "B03,gamma"), "utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    (p,) = info.value.problems
    assert (p.row, p.column, p.found) == (7, "domain", "'gamma'")


def test_missing_folder_and_missing_file(tmp_path: Path):
    with pytest.raises(InputError, match="no such folder"):
        load_plan(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="indicators.csv, one row per target"):
        load_plan(tmp_path / "empty")


def test_framework_defaults_to_the_plan_targets(small_plan_dir: Path):
    assert load_plan(small_plan_dir).framework == "plan_targets"
    path = small_plan_dir / "plan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "framework: plan_targets\n", "utf-8")
    assert load_plan(small_plan_dir).framework == "plan_targets"


def test_a_framework_the_engine_does_not_know_is_refused_by_validate(small_plan_dir: Path):
    """A well-formed name of no framework used to pass ``validate`` and fail the build."""
    path = small_plan_dir / "plan.yaml"
    text = path.read_text(encoding="utf-8") + "framework: graded\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    (p,) = info.value.problems
    assert (p.file, p.row, p.column) == (str(path), len(text.splitlines()), "framework")
    assert p.found == "unknown framework 'graded'" and "mohurd_2025" in p.expected


def test_the_frameworks_a_plan_may_name_are_the_engines():
    from healthcheck.engine.frameworks import FRAMEWORKS
    from healthcheck.inputs.plan import PLAN_TARGETS
    from healthcheck.inputs.system import is_system, system_folder

    assert {n for n in FRAMEWORKS if n == PLAN_TARGETS or is_system(n)} == set(FRAMEWORKS)
    systems = {p.name for p in system_folder(PLAN_TARGETS).parent.iterdir() if is_system(p.name)}
    assert systems and systems <= set(FRAMEWORKS)


def test_a_bad_framework_name_is_refused_with_its_line(small_plan_dir: Path):
    path = small_plan_dir / "plan.yaml"
    text = path.read_text(encoding="utf-8") + "framework: Plan Targets\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    (p,) = info.value.problems
    assert (p.file, p.row, p.column) == (str(path), len(text.splitlines()), "framework")
    assert p.found == "'Plan Targets'" and "pattern" in p.expected


ANALYSIS = (
    "  - id: beta\n"
    "    title_zh: 乙领域\n"
    "    title_en: Beta domain\n"
    "    analysis:\n"
    "      name: capacity_vs_outcome\n"
    "      params: {capacity: B01, outcome: B02, lag: 1, scale: 0.5, ids: [A01, A02]}\n"
)


def _with_beta(plan_dir: Path, beta: str) -> Path:
    path = plan_dir / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - {id: beta, title_zh: 乙领域, title_en: Beta domain}\n"
    assert old in text
    path.write_text(text.replace(old, beta), encoding="utf-8")
    return path


def test_a_domain_analysis_is_parsed_with_its_params(small_plan_dir: Path):
    _with_beta(small_plan_dir, ANALYSIS)
    plan = load_plan(small_plan_dir)
    assert plan.domain("alpha").analysis is None
    assert plan.domain("beta").analysis == Analysis(
        "capacity_vs_outcome",
        {"capacity": "B01", "outcome": "B02", "lag": 1, "scale": 0.5, "ids": ["A01", "A02"]},
    )


def test_an_unknown_key_in_an_analysis_is_refused_with_its_line(small_plan_dir: Path):
    path = _with_beta(small_plan_dir, ANALYSIS.replace("      params:", "      parameters:"))
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    (p,) = info.value.problems
    line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index(
            "      parameters: {capacity: B01, outcome: B02, lag: 1, scale: 0.5, ids: [A01, A02]}"
        )
    )
    assert (p.row, p.column) == (line + 1, "domains.1.analysis.parameters")
    assert p.found == "an unknown key 'parameters'"


def test_an_analysis_name_must_be_a_file_name(small_plan_dir: Path):
    _with_beta(small_plan_dir, ANALYSIS.replace("capacity_vs_outcome", "../evil"))
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    (p,) = info.value.problems
    assert (p.row, p.column, p.found) == (9, "domains.1.analysis.name", "'../evil'")


def test_a_domain_without_plan_yaml_is_titled_from_indicators_csv_or_plainly(tmp_path: Path):
    d = tmp_path / "plain"
    d.mkdir()
    rows = [
        "id,domain,name_zh,name_en,unit_zh,unit_en,kind,direction,baseline_year,target_year,"
        "target,domain_zh,domain_en",
        "A01,alpha,覆盖率,Coverage,%,%,level,up,2020,2025,90,公共服务,Public services",
        "A02,alpha,时间,Time,分钟,minutes,level,down,2020,2025,10,,",
        "B01,beta_gamma,能力,Capacity,吨,t,level,up,2020,2025,100,,",
    ]
    (d / "indicators.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan = load_plan(d)
    titles = {x.id: (x.title_zh, x.title_en) for x in plan.domains}
    assert titles["alpha"] == ("公共服务", "Public services")
    # no title given: a plain fallback that reads as a domain, not the bare id
    assert titles["beta_gamma"] == ("领域“beta gamma”", "Domain “beta gamma”")


def test_decimals_are_optional_and_checked(small_plan_dir: Path):
    path = small_plan_dir / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",decimals"
    lines[1] += ",2"  # A01: two decimals
    lines[2] += ",1.5"  # A02: line 3, not a whole number
    lines[3:] = [line + "," for line in lines[3:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    text = [str(p) for p in info.value.problems]
    assert text and all("indicators.csv:3:decimals: found '1.5'" in t for t in text), text
    lines[2] = lines[2][: -len(",1.5")] + ","
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = load_plan(small_plan_dir)
    assert plan.indicator("A01").decimals == 2 and plan.indicator("A02").decimals is None


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1,234", 1234.0), ("１，２３４", 1234.0), ("１２３．５", 123.5), ("\u22123", -3.0)],
)
def test_a_target_and_a_threshold_parse_as_observation_values_do(
    small_plan_dir: Path, typed: str, value: float
):
    """A number in the plan files is read by the observation files' policy (once a
    traceback: ``float('1,234')``)."""
    path = small_plan_dir / "indicators.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",100,新增100", f',"{typed}",新增100'), "utf-8"
    )
    yaml_path = small_plan_dir / "plan.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8") + f"thresholds:\n  B03:\n    value: '{typed}'\n",
        "utf-8",
    )
    plan = load_plan(small_plan_dir)
    assert plan.indicator("B01").target == value
    assert plan.indicator("B03").threshold == value


@pytest.mark.parametrize("typed", ["1,5", "95%", "abc", "nan"])
def test_a_target_that_is_no_number_is_refused_located(small_plan_dir: Path, typed: str):
    path = small_plan_dir / "indicators.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",100,新增100", f',"{typed}",新增100'), "utf-8"
    )
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:5:target: found '{typed}'; expected a bare number, or empty for trend and "
        "milestone kinds"
    ]


@pytest.mark.parametrize(
    ("typed", "found"),
    [("'95%'", "'95%'"), (".nan", "nan"), (".inf", "inf"), ("'1e400'", "'1e400'"),
     ("true", "the boolean true"), ("", "None")],
)  # fmt: skip
def test_a_threshold_that_is_no_finite_number_is_refused_located(
    small_plan_dir: Path, typed: str, found: str
):
    yaml_path = small_plan_dir / "plan.yaml"
    text = yaml_path.read_text(encoding="utf-8") + f"thresholds:\n  B03:\n    value: {typed}\n"
    yaml_path.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (len(text.splitlines()), "thresholds.B03.value")
    assert problem.found == found
    assert problem.expected.startswith("a finite bare number")


def test_an_id_with_a_space_after_it_is_refused_not_stripped(small_plan_dir: Path):
    """``B03 `` passed and plan.yaml's threshold for B03 was dropped: achieved became
    insufficient data."""
    path = small_plan_dir / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\nB03,", "\nB03 ,"), "utf-8")
    yaml_path = small_plan_dir / "plan.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8") + "thresholds:\n  B03:\n    value: 300\n", "utf-8"
    )
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:7:id: found 'B03 '; expected a code without spaces before or after it (codes "
        "are matched exactly across the files; delete the spaces)"
    ]


def test_a_threshold_for_an_indicator_with_a_target_figure_is_refused(small_plan_dir: Path):
    """The verdict uses the plan's figure: the analysts' threshold was dropped silently."""
    yaml_path = small_plan_dir / "plan.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8") + "thresholds:\n  B01:\n    value: 50\n", "utf-8"
    )
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    (problem,) = info.value.problems
    assert (problem.file, problem.column) == (str(yaml_path), "thresholds.B01")
    assert problem.found == "a threshold for B01, whose target in indicators.csv is 100"


def test_plan_yaml_problems_about_ids_carry_the_line_of_the_id(small_plan_dir: Path):
    """An unknown id in thresholds or district_scope, and a threshold for an indicator with a
    target figure, were reported as ``plan.yaml::thresholds.Z99`` (no line)."""
    yaml_path = small_plan_dir / "plan.yaml"
    text = yaml_path.read_text(encoding="utf-8").replace(
        "district_scope: {A02: central}\n", "district_scope:\n  A02: central\n  Q77: central\n"
    )
    text += "thresholds:\n  Z99:\n    value: 3\n  B01:\n    value: 50\n"
    yaml_path.write_text(text, "utf-8")
    lines = text.splitlines()
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    where = {p.column: (p.file, p.row) for p in info.value.problems}
    assert where == {
        "district_scope.Q77": (str(yaml_path), lines.index("  Q77: central") + 1),
        "thresholds.Z99": (str(yaml_path), lines.index("  Z99:") + 1),  # the id's line
        "thresholds.B01": (str(yaml_path), lines.index("  B01:") + 1),
    }
    assert any(
        str(p).startswith(f"{yaml_path}:{lines.index('  Z99:') + 1}:thresholds.Z99: found 'Z99'")
        for p in info.value.problems
    )


def test_an_unknown_key_is_reported_on_its_own_line(small_plan_dir: Path):
    yaml_path = small_plan_dir / "plan.yaml"
    text = yaml_path.read_text(encoding="utf-8") + "colour:\n  shade: blue\n"
    yaml_path.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    (p,) = info.value.problems
    assert (p.row, p.column, p.found) == (
        len(text.splitlines()) - 1,
        "colour",
        "an unknown key 'colour'",
    )


@pytest.mark.parametrize(
    ("old", "new", "column", "expected"),
    [
        ("baseline_year: 2020", "baseline_year: yes", "plan.baseline_year", "a whole number"),
        ('code: "420100"', "code: on", "city.code", None),
        ("title_en: Alpha domain}", "title_en: Alpha domain, analysis: {name: pace, params: "
         "{weights: [1, off]}}}", "domains.0.analysis.params.weights", None),
    ],
    ids=["year", "city-code", "analysis-list"],
)  # fmt: skip
def test_a_yaml_boolean_is_no_number_in_plan_yaml(
    small_plan_dir: Path, old: str, new: str, column: str, expected: str | None
):
    """YAML 1.1 reads yes/no/on/off/true/false as booleans, and a bool is an int in Python:
    ``baseline_year: yes`` was the year 1 (refused as < 1900 only by luck), ``code: on`` the
    city code 'True', and ``[1, off]`` the numbers [1.0, 0.0]."""
    yaml_path = small_plan_dir / "plan.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)
    yaml_path.write_text(text, "utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if new in t)
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    hits = [p for p in info.value.problems if p.column and p.column.startswith(column)]
    assert hits, info.value.problems
    assert all(p.row == line and p.found.startswith("the boolean ") for p in hits), hits
    assert hits[0].found.startswith(f"the boolean {new.split()[-1].strip('[]{},')}")
    if expected is not None:
        assert hits[0].expected == expected


def test_a_boolean_threshold_value_says_so_with_its_line(small_plan_dir: Path):
    yaml_path = small_plan_dir / "plan.yaml"
    text = yaml_path.read_text(encoding="utf-8") + "thresholds:\n  B03:\n    value: Yes\n"
    yaml_path.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    assert [str(p) for p in info.value.problems] == [
        f"{yaml_path}:{len(text.splitlines())}:thresholds.B03.value: found the boolean Yes; "
        "expected a finite bare number with '.' as decimal point, e.g. 90 or 1,234.5"
    ]
