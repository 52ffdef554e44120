"""The PDF, with the real WeasyPrint and fonts, on the one-chapter fixture: the URL fetcher's
refusals, text from the data printed as text, the analysts' text and figure in the PDF, the
per-page illustrative note, fonts (tofu, non-Noto), bookmarks, metadata, repeatability."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan
from healthcheck.report import SafeURLFetcher, URLRefused, render_outputs, render_report
from healthcheck.results.store import FileStore

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_fetcher_refuses_everything_but_the_build(tmp_path: Path) -> None:
    root = tmp_path / "build"
    (root / "figs").mkdir(parents=True)
    (root / "figs" / "a.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (root / "link.txt").symlink_to(outside)
    fetcher = SafeURLFetcher([root])
    assert fetcher.fetch((root / "figs" / "a.svg").as_uri()).read().startswith(b"<svg")
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    refused = [
        "http://example.com/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x",
        outside.as_uri(),
        "file:///etc/passwd",
        "file://remote.host/etc/passwd",
        (root / "link.txt").as_uri(),  # a symlink out of the build
        root.as_uri() + "/figs/../../secret.txt",
        (root / "missing.svg").as_uri(),
    ]
    for url in refused:
        with pytest.raises(URLRefused):
            fetcher.fetch(url)
    assert fetcher.refused == refused


def _text(pdf: Path | bytes, layout: bool = True) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


@pytest.mark.e2e
def test_analysts_text_and_figure_in_the_pdf(
    rendered: dict[str, Path], texts: dict[str, str]
) -> None:
    flat = "".join(_text(rendered["report.pdf"], layout=False).split())
    section = flat[flat.index("分析与建议Analysisandrecommendations") :]
    assert "".join(texts["analyst_zh"].split()) in section
    assert "".join(texts["analyst_en"].split()) in section
    assert "分析组自绘：连接线" in section and "Analysts'own:links" in section


@pytest.mark.e2e
def test_markup_prints_as_text_and_nothing_is_fetched(
    rendered: dict[str, Path], texts: dict[str, str]
) -> None:
    flat = "".join(_text(rendered["report.pdf"]).split())
    assert "".join(texts["evil"].split()) in flat  # in the analysts' notes and the data appendix
    html = rendered["report.html"].read_text(encoding="utf-8")
    assert '<img src="http://' not in html
    assert 'src="domains/transport/figures/T01.svg"' in html
    assert str(rendered["report.pdf"].parent) not in html


@pytest.mark.e2e
def test_pages_cover_bookmarks_and_metadata(rendered: dict[str, Path]) -> None:
    pypdf = pytest.importorskip("pypdf")
    pages = [p for p in _text(rendered["report.pdf"]).split("\f") if p.strip()]
    assert "示意数据提示" in pages[0] and "Final assessment" in pages[0]
    assert "第 2 页，共" in pages[1]
    marked = {i for i, p in enumerate(pages) if "This page shows illustrative values" in p}
    flagged = {i for i, p in enumerate(pages) if "示意 illustrative" in p and i != 1}
    assert marked and flagged <= marked
    methods = {i for i, p in enumerate(pages) if "B.3 时序判定" in p}
    assert methods and not methods & marked
    reader = pypdf.PdfReader(str(rendered["report.pdf"]))
    marks = "\n".join(_titles(reader.outline))
    for word in ("总体评估", "问题清单", "综合交通", "一区一表", "Appendix C", "目录"):
        assert word in marks, word
    assert reader.metadata["/CreationDate"].startswith("D:20251231")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def _titles(items: list[Any]) -> list[str]:
    out: list[str] = []
    for it in items:
        out += _titles(it) if isinstance(it, list) else [it.title]
    return out


@pytest.mark.e2e
def test_two_pdf_renders_are_identical(
    rendered: dict[str, Path], small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    again = render_outputs(small_plan, observations, store, template_dir=TEMPLATES,
                           formats=("pdf", "xlsx"))  # fmt: skip
    assert again["report.pdf"] == rendered["report.pdf"].read_bytes()
    assert again["report.xlsx"] == rendered["report.xlsx"].read_bytes()


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("note", "error"),
    [("private use \ue000 character", r"U\+E000"), ("projected value ŷ", r"(Noto CJK|U\+0177)")],
)
def test_glyphs_outside_noto_fail_the_build(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore, note: str, error: str
) -> None:
    obs = observations.copy()
    obs.loc[obs.index[0], "note"] = note
    with pytest.raises(BuildError, match=error):
        render_report(small_plan, obs, store, template_dir=TEMPLATES)
    assert not (store.layout.year_dir / "report.pdf").exists()
    assert not (store.layout.year_dir / "report.html").exists()


@pytest.mark.e2e
def test_external_image_in_a_figure_is_refused(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    svg = store.folder("transport") / "figures" / "T01.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100pt" height="50pt"><image xlink:href="http://example.com/x.png" '
        'width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match="refused"):
        render_outputs(small_plan, observations, store, template_dir=TEMPLATES, formats=("pdf",))


@pytest.mark.e2e
def test_a_year_missing_in_the_middle_is_stated_on_the_cover_and_in_the_data_appendix(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore, rendered: dict[str, Path]
) -> None:
    """A deleted observations/2022.csv: a year no cumulative indicator needs (validate refuses
    one it needs) is said in both languages, and a report without a gap says nothing."""
    obs = observations[observations["year"] != 2022]
    paths = render_report(small_plan, obs, store, template_dir=TEMPLATES)
    flat = "".join(_text(paths["report.pdf"], layout=False).split())
    zh = "数据缺年提示数据缺少2022年的数值（无observations/2022.csv）"
    en = "Missingyear.Thedatahasnovaluesfor2022(noobservations/2022.csv)"
    assert flat.count(zh) == 2 and flat.count(en) == 2  # the cover and the data appendix
    whole = "".join(_text(rendered["report.pdf"], layout=False).split())
    assert "数据缺年" not in whole and "Missingyear" not in whole
