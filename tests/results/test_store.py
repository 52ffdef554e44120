"""The results store: writes and reads back; refuses, naming the file, whatever is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from healthcheck.errors import BuildError
from healthcheck.layout import BuildLayout
from healthcheck.results import (
    Column,
    DomainResults,
    Figure,
    FileStore,
    IndicatorRow,
    Paragraph,
    SummaryResults,
    Table,
)

SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>\n'


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(BuildLayout(tmp_path / "build", 2025))


def results(store: FileStore, name: str = "alpha", year: int = 2025) -> DomainResults:
    """A domain's results with one figure and one table, their files saved."""
    fig = store.save_figure(name, "A01", SVG)
    frame = pd.DataFrame({"id": ["A01", "A02"], "name_zh": ["覆盖率", "反应时间"]})
    tab = store.save_table(name, "assessment", frame)
    return DomainResults(
        framework="plan_targets",
        domain=name,
        year=year,
        title_zh="甲领域",
        title_en="Alpha",
        text=[Paragraph(key="overview", zh="概况", en="Overview")],
        indicators=[
            IndicatorRow(
                id="A01",
                domain=name,
                kind="level",
                direction="up",
                name_zh="覆盖率",
                name_en="Coverage",
                report_year=year,
                value=72.5,
                figure="A01",
            )
        ],
        figures=[Figure(id="A01", path=fig, kind="indicator", caption_zh="图", caption_en="Chart")],
        tables=[
            Table(
                id="assessment",
                path=tab,
                caption_zh="表",
                caption_en="Table",
                columns=[Column(name="id"), Column(name="name_zh")],
                illustrative=[False, True],
            )
        ],
    )


def raw(store: FileStore, name: str = "alpha") -> dict:
    return json.loads((store.folder(name) / "results.json").read_text(encoding="utf-8"))


def rewrite(store: FileStore, data: dict, name: str = "alpha") -> Path:
    path = store.folder(name) / "results.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_round_trip(store):
    res = results(store)
    path = store.write(res)
    assert path == store.layout.domains_dir / "alpha" / "results.json"
    assert store.read("alpha") == res
    assert store.file("alpha", "figures/A01.svg").read_bytes() == SVG
    table = res.tables[0]
    assert store.table_rows("alpha", table) == [
        ["id", "name_zh"],
        ["A01", "覆盖率"],
        ["A02", "反应时间"],
    ]
    # UTF-8 with a byte-order mark, so that Excel reads the Chinese
    assert store.file("alpha", table.path).read_bytes().startswith(b"\xef\xbb\xbf")


def test_summary_round_trip_and_inputs(store):
    store.write(results(store))
    summary = SummaryResults(
        framework="plan_targets",
        domain="summary",
        year=2025,
        title_zh="总",
        title_en="Summary",
        shortfalls=["A01"],
        counts={"schedule_verdict": {"__all__": {"ahead": 1}}},
    )
    assert store.write(summary) == store.layout.summary_dir / "results.json"
    assert store.read_summary() == summary
    found = store.inputs()
    folder = store.folder("alpha")
    assert found == sorted(
        [
            folder / "results.json",
            folder / "figures" / "A01.svg",
            folder / "tables" / "assessment.csv",
            store.layout.summary_dir / "results.json",
        ]
    )


def test_clear_removes_what_a_run_left(store):
    store.write(results(store))
    store.clear("alpha")
    assert not store.folder("alpha").exists()
    store.clear("alpha")  # nothing there: no error


def test_write_refuses_another_year(store):
    with pytest.raises(ValueError, match="2024"):
        store.write(results(store, year=2024))


def test_missing_results(store):
    with pytest.raises(
        BuildError, match=r"missing results: .*alpha.results\.json.*run the notebooks"
    ):
        store.read("alpha")


def test_unreadable_json(store):
    store.folder("alpha").mkdir(parents=True)
    (store.folder("alpha") / "results.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(BuildError, match=r"unreadable results .*alpha.results\.json"):
        store.read("alpha")


def test_validation_error_names_the_field(store):
    store.write(results(store))
    data = raw(store)
    data["indicators"][0]["value"] = "a lot"
    path = rewrite(store, data)
    with pytest.raises(BuildError) as err:
        store.read("alpha")
    assert str(path) in str(err.value) and "indicators.0.value" in str(err.value)


def test_unknown_field_is_refused(store):
    store.write(results(store))
    data = raw(store)
    data["key_numbers"] = {}
    rewrite(store, data)
    with pytest.raises(BuildError, match="key_numbers"):
        store.read("alpha")


@pytest.mark.parametrize("version", [2, 4, None])
def test_other_schema_version(store, version):
    store.write(results(store))
    data = raw(store)
    data["schema_version"] = version
    if version is None:
        del data["schema_version"]
    rewrite(store, data)
    with pytest.raises(BuildError, match=rf"schema version {version!r}.*reads 3"):
        store.read("alpha")


def test_other_year(store):
    store.write(results(store))
    data = raw(store)
    data["year"] = 2024
    rewrite(store, data)
    with pytest.raises(BuildError, match=r"alpha.results\.json: year 2024, expected 2025"):
        store.read("alpha")


def test_other_domain(store):
    store.write(results(store))
    data = raw(store)
    data["domain"] = "beta"
    rewrite(store, data)
    with pytest.raises(BuildError, match=r"domain 'beta', expected 'alpha'"):
        store.read("alpha")


@pytest.mark.parametrize("rel", ["../beta/figures/A01.svg", "/etc/passwd", ""])
def test_figure_outside_the_folder(store, rel):
    store.save_figure("beta", "A01", SVG)  # exists, but in another folder
    store.write(results(store))
    data = raw(store)
    data["figures"][0]["path"] = rel
    rewrite(store, data)
    with pytest.raises(BuildError, match="leaves its results folder|empty path"):
        store.read("alpha")


def test_missing_figure_file(store):
    store.write(results(store))
    (store.folder("alpha") / "figures" / "A01.svg").unlink()
    with pytest.raises(BuildError, match=r"missing file .*A01\.svg"):
        store.read("alpha")


def test_missing_table_file(store):
    store.write(results(store))
    (store.folder("alpha") / "tables" / "assessment.csv").unlink()
    with pytest.raises(BuildError, match=r"missing file .*assessment\.csv"):
        store.read("alpha")


def test_indicator_naming_an_unknown_figure(store):
    store.write(results(store))
    data = raw(store)
    data["indicators"][0]["figure"] = "A99"
    rewrite(store, data)
    with pytest.raises(BuildError, match="indicator A01 names figure 'A99'"):
        store.read("alpha")


def test_summary_results_read_as_a_summary_only(store):
    store.write(results(store))
    with pytest.raises(BuildError, match=r"summary.results\.json.*run the notebooks"):
        store.read_summary()
