"""report.html as a web page, without a browser: links instead of page numbers, every table
in its scrolling box, the screen stylesheet, and the self-contained page (--self-contained)
that names no local file."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pandas as pd
import pytest

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan
from healthcheck.report import render_outputs
from healthcheck.report.html import screen_sizes
from healthcheck.report.webpage import SCROLL_CLASS, inline_figures
from healthcheck.results.store import FileStore

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
EMPTY_PAGE_REFS = ("（第页）", "(page )", "第页", "page )")


class _Refs(html.parser.HTMLParser):
    """Every URL a document names: src, href, srcset, poster, data and CSS url(...)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.text: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name in ("src", "href", "poster", "data", "action"):
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "style":
                self.urls += _css_urls(value)

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.urls += _css_urls(data)
        else:
            self.text.append(data)


def _css_urls(css: str) -> list[str]:
    return [m.strip("'\" ") for m in re.findall(r"url\(([^)]*)\)", css)]


def _parse(page: str) -> _Refs:
    refs = _Refs()
    refs.feed(page)
    return refs


def _page(plan: Plan, obs: pd.DataFrame, store: FileStore, **kw: bool) -> str:
    files = render_outputs(plan, obs, store, template_dir=TEMPLATES, formats=("html",), **kw)
    return files["report.html"].decode("utf-8")


def test_page_numbers_become_links(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    page = _page(small_plan, observations, store)
    text = "".join(_parse(page).text)
    for empty in EMPTY_PAGE_REFS:
        assert empty not in text
    assert 'class="pageref"' not in page
    # the fixture's figures of shortfalls moved to the shortfall list: named, and linked
    moved = re.findall(r'<a href="#(fig-[\d-]+)">问题清单 图[\d-]+</a>', page)
    assert moved and all(f'id="{anchor}"' in page for anchor in moved)
    # the PDF's source keeps its page numbers
    from healthcheck.report.context import build_context, prepare
    from healthcheck.report.document import Document

    report = prepare(small_plan, observations, store, TEMPLATES)
    doc = Document(report, build_context(report), TEMPLATES)
    assert 'class="pageref"' in doc.html and "screen-nav" not in doc.html
    assert "（第" in doc.html and "screen-nav" in doc.screen_html


def test_every_table_scrolls_in_its_box_and_the_nav_lists_every_chapter(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    page = _page(small_plan, observations, store)
    tables = page.count("<table")
    assert tables > 5
    assert page.count(f'<div class="{SCROLL_CLASS}"><table') == tables
    assert page.count("</table></div>") == tables
    nav = page[page.index('<nav class="screen-nav"') : page.index("</nav>")]
    for anchor in re.findall(r'<h1 id="([^"]+)" class="chapter"', page):
        assert f'href="#{anchor}"' in nav


def test_screen_type_is_in_rem_and_the_print_stylesheet_is_untouched() -> None:
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    screen = screen_sizes(css)
    assert re.search(r"font-size:\s*[\d.]+pt", css)
    assert not re.search(r"font-size:\s*[\d.]+pt", screen)
    assert "font-size: 1rem" in screen_sizes("html { font-size: 9.5pt; }")
    assert "font-size: 0.8rem" in screen_sizes("td { font-size: 7.6pt }")


def test_the_self_contained_page_names_no_local_file(
    small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    linked = _parse(_page(small_plan, observations, store))
    local = [u for u in linked.urls if not re.match(r"(data:|https?:|mailto:|#)", u)]
    assert local and all((store.layout.year_dir / u).is_file() for u in local)

    page = _page(small_plan, observations, store, self_contained=True)
    urls = _parse(page).urls
    assert [u for u in urls if not re.match(r"(data:|https?:|mailto:|#)", u)] == []
    svgs = [u for u in urls if u.startswith("data:image/svg+xml;base64,")]
    assert len(svgs) == len(local)  # every figure, inside the page


def test_a_figure_outside_the_build_is_refused(tmp_path: Path) -> None:
    (tmp_path / "year").mkdir()
    (tmp_path / "secret.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(BuildError, match="not a file under"):
        inline_figures('<img src="../secret.svg" alt="">', tmp_path / "year")
    with pytest.raises(BuildError, match="not a file under"):
        inline_figures('<img src="missing.svg" alt="">', tmp_path / "year")
    with pytest.raises(BuildError, match="not a file of the build"):
        inline_figures('<img src="file:///etc/passwd" alt="">', tmp_path / "year")


def test_the_command_line_passes_self_contained_to_the_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`healthcheck report --self-contained` asks the build for the self-contained page (the
    build itself is the pipeline's; only the flag's way there is checked here)."""
    from click.testing import CliRunner

    import healthcheck.pipeline
    from healthcheck.cli import main

    calls: list[dict[str, object]] = []

    def build(**kw: object) -> healthcheck.pipeline.BuildResult:
        calls.append(kw)
        return healthcheck.pipeline.BuildResult(year=2025, pdf=tmp_path / "report.pdf")

    monkeypatch.setattr(healthcheck.pipeline, "build", build)
    for args, want in ((["--self-contained"], True), ([], False)):
        out = CliRunner().invoke(main, ["report", "--quiet", *args], catch_exceptions=False)
        assert out.exit_code == 0, out.output
        assert calls[-1]["self_contained_html"] is want
