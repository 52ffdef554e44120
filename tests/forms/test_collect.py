"""Collecting forms into observations/<year>.csv: the merge, the canonical form, nothing written
on a problem, and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from healthcheck.cli import main
from healthcheck.errors import InputError
from healthcheck.forms.collect import collect, format_value
from healthcheck.forms.write import current_digest
from healthcheck.inputs.plan import load_plan
from tests.forms.test_read import make_form as make_any_form

SRC = "Test bureau, bulletin, 2026-01-01; http://example.org"
QSRC = f'"{SRC}"'
EXISTING = [
    "indicator,year,area,value,status,source,note",
    f"A01,2025,,85,official,{QSRC},",
    "A01,2025,420102,95,illustrative,,placeholder",
    f"A02,2025,,11.50,reported,{QSRC},",
    f"B03,2025,,285,official,{QSRC},",
    f"POP,2025,,1205,official,{QSRC},",
]
CITY = [("A01", ""), ("A02", ""), ("B03", "")]
DISTRICTS = [("A01", "420112"), ("A01", "420102")]
FILL = {
    ("A01", ""): (86, "official", SRC, ""),  # changed
    ("A02", ""): ("11.5", "reported", SRC, None),  # the same value: the line is kept as it is
    ("A01", "420112"): (71.25, "illustrative", None, "placeholder"),  # added
    ("A01", "420102"): (95, "illustrative", None, "placeholder"),  # unchanged
}


def make_form(path: Path, fill: dict, **kw: object):  # type: ignore[no-untyped-def,type-arg]
    """A form of the small plan (``small_plan_dir``: the folder ``plan`` above the form)."""
    plan = next(p / "plan" for p in path.parents if (p / "plan").is_dir())
    digest = current_digest(load_plan(plan))
    return make_any_form(path, fill, digest=digest, **kw)  # type: ignore[arg-type]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data" / "observations"
    d.mkdir(parents=True)
    (d / "2025.csv").write_text("\n".join(EXISTING) + "\n", encoding="utf-8")
    return tmp_path / "data"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_collect_merges_in_place_and_keeps_other_rows(small_plan_dir, data, tmp_path) -> None:
    form = tmp_path / "alpha.xlsx"
    make_form(form, FILL, city=CITY, districts=DISTRICTS)
    (done,) = collect([form], 2025, load_plan(small_plan_dir), data)
    assert (done.values, done.empty, done.changed, done.added, done.unchanged) == (4, 1, 1, 1, 2)
    text = (data / "observations" / "2025.csv").read_text(encoding="utf-8")
    assert text.splitlines() == [
        EXISTING[0],
        f"A01,2025,,86,official,{QSRC},",
        *EXISTING[2:],
        "A01,2025,420112,71.25,illustrative,,placeholder",
    ]
    assert text.endswith("\n") and "\r" not in text


def test_collect_writes_a_new_year_in_the_plans_order(small_plan_dir, tmp_path) -> None:
    (tmp_path / "data" / "observations").mkdir(parents=True)
    make_form(tmp_path / "a.xlsx", FILL, year=2026, city=CITY, districts=DISTRICTS)
    make_form(
        tmp_path / "context.xlsx",
        {("POP", ""): ("1,210", "official", SRC, "")},
        year=2026,
        city=[("POP", "")],
        districts=[],
    )
    collect([tmp_path / "context.xlsx", tmp_path / "a.xlsx"], 2026, load_plan(small_plan_dir),
            tmp_path / "data")  # fmt: skip
    assert (tmp_path / "data" / "observations" / "2026.csv").read_text().splitlines() == [
        EXISTING[0],
        f"A01,2026,,86,official,{QSRC},",
        f"A02,2026,,11.5,reported,{QSRC},",
        f"POP,2026,,1210,official,{QSRC},",
        "A01,2026,420102,95,illustrative,,placeholder",
        "A01,2026,420112,71.25,illustrative,,placeholder",
    ]


@pytest.mark.parametrize(
    ("x", "text"),
    [(1234.0, "1234"), (91.5, "91.5"), (15.03, "15.03"), (0.00001, "0.00001"),
     (1e20, "100000000000000000000"), (-0.0, "0"), (0.1 + 0.2, "0.30000000000000004")],
)  # fmt: skip
def test_format_value(x: float, text: str) -> None:
    assert format_value(x) == text


def test_cli_collect_writes_and_validates(small_plan_dir, data, tmp_path) -> None:
    form = tmp_path / "alpha.xlsx"
    make_form(form, FILL, city=CITY, districts=DISTRICTS)
    res = run("collect", str(form), "--year", "2025", "--plan", str(small_plan_dir),
              "--data", str(data))  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "collected 4 values from 1 workbook(s) (1 rows left empty" in res.output
    assert "1 changed, 1 added, 2 unchanged; validate: ok" in res.output


def test_cli_collect_prints_every_problem_and_writes_nothing(
    small_plan_dir, data, tmp_path
) -> None:
    before = (data / "observations" / "2025.csv").read_bytes()
    bad = {**FILL, ("A01", ""): (150, "official", SRC, ""), ("B03", ""): ("=1", None, None, None)}
    make_form(tmp_path / "alpha.xlsx", bad, city=CITY, districts=DISTRICTS)
    (tmp_path / "beta.xls").write_bytes(b"")
    res = run("collect", str(tmp_path / "alpha.xlsx"), str(tmp_path / "beta.xls"), "--year",
              "2025", "--plan", str(small_plan_dir), "--data", str(data))  # fmt: skip
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert [x.split(": found")[0] for x in lines[:-1]] == [
        f"{tmp_path / 'alpha.xlsx'}:城市!K3",
        f"{tmp_path / 'alpha.xlsx'}:城市!K5",
        f"{tmp_path / 'beta.xls'}:",
    ]
    assert lines[-1] == "3 problem(s) found; nothing was written."
    assert (data / "observations" / "2025.csv").read_bytes() == before


def test_an_invalid_merged_file_is_not_written(small_plan_dir, data, tmp_path) -> None:
    path = data / "observations" / "2025.csv"
    path.write_text(path.read_text() + "A03,2025,,2,official,src,\n", encoding="utf-8")
    before = path.read_bytes()
    make_form(tmp_path / "alpha.xlsx", FILL, city=CITY, districts=DISTRICTS)
    res = run("collect", str(tmp_path / "alpha.xlsx"), "--year", "2025", "--plan",
              str(small_plan_dir), "--data", str(data))  # fmt: skip
    assert res.exit_code == 2
    assert f"{path} (as collected):7:value: found '2'; expected 1 (done) or 0" in res.stderr
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["2025.csv"]  # no temporary file left


def test_a_form_of_another_plan_version_is_refused(small_plan_dir, data, tmp_path) -> None:
    before = (data / "observations" / "2025.csv").read_bytes()
    make_any_form(tmp_path / "old.xlsx", FILL, city=CITY, districts=DISTRICTS, digest="0" * 16)
    make_form(tmp_path / "alpha.xlsx", FILL, city=CITY, districts=DISTRICTS)
    res = run("collect", str(tmp_path / "old.xlsx"), str(tmp_path / "alpha.xlsx"), "--plan",
              str(small_plan_dir), "--data", str(data))  # fmt: skip
    assert res.exit_code == 2
    digest = current_digest(load_plan(small_plan_dir))
    assert res.stderr.splitlines()[0] == (
        f"{tmp_path / 'old.xlsx'}:_form: found a form written for another plan or version of "
        f"the plan ('plan', digest {'0' * 16}); expected a form of the current plan ('测试规划', "
        f"digest {digest}): its indicators, units, districts or survey changed since the form "
        "was written; copy the values into a fresh form (`healthcheck forms`)"
    )
    assert (data / "observations" / "2025.csv").read_bytes() == before


def test_a_form_of_an_older_layout_is_refused(small_plan_dir, data, tmp_path) -> None:
    wb = make_form(tmp_path / "alpha.xlsx", FILL, city=CITY, districts=DISTRICTS)
    wb["_form"]["B1"] = 1
    wb.save(tmp_path / "alpha.xlsx")
    res = run("collect", str(tmp_path / "alpha.xlsx"), "--plan", str(small_plan_dir), "--data",
              str(data))  # fmt: skip
    assert res.exit_code == 2
    assert f"{tmp_path / 'alpha.xlsx'}:_form: found a form of layout version 1 (this " in (
        res.stderr
    )


def test_forms_of_one_name_from_two_folders_are_two_forms(small_plan_dir, data, tmp_path) -> None:
    """Two bureaus returned ``alpha.xlsx``: both are read and named by their paths; the same
    file given twice (another spelling of its path) is read once."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = tmp_path / "a" / "alpha.xlsx", tmp_path / "b" / "alpha.xlsx"
    make_form(a, {("A01", ""): FILL[("A01", "")]}, city=CITY, districts=DISTRICTS)
    make_form(b, {("A02", ""): FILL[("A02", "")]}, city=CITY, districts=DISTRICTS)
    again = tmp_path / "a" / ".." / "a" / "alpha.xlsx"
    (done,) = collect([a, b, again], 2025, load_plan(small_plan_dir), data)
    assert (done.workbooks, done.values, done.changed, done.unchanged) == (2, 2, 1, 1)
    wb = make_form(b, {("A01", ""): (87, "official", SRC, "")}, city=CITY, districts=DISTRICTS)
    wb.close()
    with pytest.raises(InputError) as exc:
        collect([a, b], 2025, load_plan(small_plan_dir), data)
    (problem,) = exc.value.problems
    assert str(problem).startswith(
        f"{b}:城市!K3: found 87 (official) for A01 (city), but {a}:城市!K3 gives 86 (official)"
    )


def test_collect_takes_the_year_the_forms_record(small_plan_dir, tmp_path) -> None:
    (tmp_path / "data" / "observations").mkdir(parents=True)
    make_form(tmp_path / "alpha.xlsx", FILL, year=2026, city=CITY, districts=DISTRICTS)
    res = run("collect", str(tmp_path / "alpha.xlsx"), "--plan", str(small_plan_dir), "--data",
              str(tmp_path / "data"))  # fmt: skip
    assert res.exit_code == 0, res.output
    assert f"wrote {tmp_path / 'data' / 'observations' / '2026.csv'}: 0 changed, 4 added" in (
        res.output
    )
    make_form(tmp_path / "beta.xlsx", FILL, year=2027, city=CITY, districts=DISTRICTS)
    res = run("collect", str(tmp_path / "alpha.xlsx"), str(tmp_path / "beta.xlsx"), "--plan",
              str(small_plan_dir), "--data", str(tmp_path / "data"))  # fmt: skip
    assert res.exit_code == 2
    assert res.stderr.splitlines()[1] == (
        f"{tmp_path / 'beta.xlsx'}:_form: found a form for 2027; expected forms of one year "
        "(these are for 2026, 2027): collect each year's forms on their own, or give --year"
    )
    assert "default: the year the forms record; forms of different years are refused" in (
        " ".join(run("collect", "--help").output.split())
    )
