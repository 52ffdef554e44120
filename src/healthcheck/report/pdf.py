"""The PDF: WeasyPrint with a URL fetcher that serves only the build's files, font checks,
the per-page "illustrative values" note, and tags (PDF/UA-1 and PDF/A-2a: :mod:`.tagging`;
written faster: :mod:`.pdfwrite`; pages with page references laid out twice, not three times:
:mod:`.repaginate`; figures' text drawn as whole runs: :mod:`.svgtext`, their styles parsed
once: :mod:`.svgstyle`).

Safety: WeasyPrint's URL fetcher serves only files under the build folder and the templates
folder, and ``data:`` URLs (:class:`SafeURLFetcher`); anything else fails the build.  Fonts:
a character that no installed font has (WeasyPrint would draw a ``.notdef`` box, "tofu"), and
a character that only a non-Noto font has (fontconfig falls back silently to whatever is
installed, so another machine would print tofu), fail the build.  The per-page note
"本页含示意数据 / This page shows illustrative values" is a page-margin box kept only on the
pages that lay out an element of class ``illus`` (:func:`_mark_pages`).
"""

from __future__ import annotations

import logging
import mimetypes
import re
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

from healthcheck.errors import BuildError
from healthcheck.report.document import Document
from healthcheck.report.pdfwrite import REPORT_LEVEL, faster_pdf_writing
from healthcheck.report.repaginate import fewer_repaginations
from healthcheck.report.svgstyle import styles_parsed_once
from healthcheck.report.svgtext import whole_svg_text_runs
from healthcheck.report.tagging import (
    PDF_OPTIONS,
    finish,
    markup_problems,
    with_pdfua_metadata,
)

__all__ = ["FONT_PREFIX", "SafeURLFetcher", "URLRefused", "pdf_bytes", "render"]

LOG = logging.getLogger("healthcheck.report")

#: the margin box that carries the per-page "illustrative values" note (see _mark_pages)
ILLUSTRATIVE_MARGIN = "@bottom-left"
ILLUSTRATIVE_CLASS = "illus"

#: the fonts the report may use (fontconfig would silently fall back to any other installed
#: font for a character Noto lacks; a machine without that font would then print tofu)
FONT_PREFIX = "Noto "


class URLRefused(ValueError):
    """The report asked for a resource outside the build and templates folders."""


class SafeURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only files under ``roots``, and ``data:`` URLs.

    ``fetch`` resolves symbolic links and ``..`` before checking the folder, and raises
    :class:`URLRefused` for anything else: http, https, ftp, a file elsewhere, a missing file.
    ``refused`` and ``fetched`` list the URLs asked for.  (WeasyPrint 70 takes an instance of
    a :class:`weasyprint.urls.URLFetcher` subclass whose ``fetch(url, headers)`` returns a
    :class:`weasyprint.urls.URLFetcherResponse`.)
    """

    def __init__(self, roots: Iterable[str | Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []
        self.fetched: list[str] = []

    def _refuse(self, url: str, why: str) -> None:
        self.refused.append(url)
        raise URLRefused(f"{why}: {url[:200]}")

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            self.fetched.append(url[:40])
            return super().fetch(url, headers)
        if scheme != "file":
            self._refuse(url, "only files of the build are fetched, not")
        parts = urllib.parse.urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            self._refuse(url, "remote file URL refused")
        path = Path(urllib.request.url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            self._refuse(url, "file outside the build and templates folders refused")
        if not path.is_file():
            self._refuse(url, "no such file")
        self.fetched.append(str(path))
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_NOTDEF = re.compile(r"\.notdef glyph rendered for Unicode string unsupported by fonts")


def pdf_bytes(html: str, base: Path, template_dir: Path) -> tuple[bytes, list[str]]:
    """Render the PDF; return it and WeasyPrint's other warnings.  Raise on tofu."""
    import weasyprint

    fetcher = SafeURLFetcher([base, template_dir])
    source = weasyprint.HTML(string=html, base_url=str(base / "report.html"), url_fetcher=fetcher)
    untaggable = markup_problems(source.etree_element)
    if untaggable:
        raise BuildError(
            "the report's HTML cannot be tagged for PDF/UA (fix the template):\n"
            + "\n".join(f"  {p}" for p in untaggable[:20])
        )
    wlog = logging.getLogger("weasyprint")
    handler = _Collect()
    old_level = wlog.level
    old_propagate = wlog.propagate
    wlog.addHandler(handler)
    if wlog.getEffectiveLevel() > logging.WARNING:
        wlog.setLevel(logging.WARNING)
    wlog.propagate = False
    try:
        with fewer_repaginations():
            doc = source.render()
        _mark_pages(doc)
        with_pdfua_metadata(doc)
        with faster_pdf_writing(REPORT_LEVEL), whole_svg_text_runs(), styles_parsed_once():
            pdf = doc.write_pdf(finisher=finish, **PDF_OPTIONS)
    except Exception as exc:
        raise BuildError(f"WeasyPrint failed: {type(exc).__name__}: {exc}") from exc
    finally:
        wlog.removeHandler(handler)
        wlog.setLevel(old_level)
        wlog.propagate = old_propagate
    messages = [r.getMessage() for r in handler.records]
    families = sorted({_family(f) for f in doc.fonts.values()})
    foreign = [f for f in families if not f.startswith(FONT_PREFIX)]
    tofu = [m for m in messages if _NOTDEF.search(m)]
    if tofu:
        chars = sorted(set(re.findall(r"\(U\+[0-9A-F]+\)", " ".join(tofu))))
        raise BuildError(
            "characters no installed font can draw (they would print as empty boxes): "
            + ", ".join(chars)
            + "\n"
            + "\n".join(sorted(set(tofu))[:10])
        )
    if foreign:
        raise BuildError(
            "some characters are not in the Noto CJK fonts and were drawn with "
            + ", ".join(foreign)
            + " (a machine without that font would print empty boxes); "
            "use characters Noto Sans/Serif CJK SC has"
        )
    if fetcher.refused:
        raise BuildError(
            "the report asked for resources outside the build folder, refused:\n"
            + "\n".join(f"  {u[:200]}" for u in fetcher.refused)
        )
    return pdf, messages


def _family(font: Any) -> str:
    family = getattr(font, "family", b"")
    return family.decode("utf-8", "replace") if isinstance(family, bytes) else str(family)


def _mark_pages(doc: Any) -> None:
    """Keep the per-page note "this page shows illustrative values" (the ILLUSTRATIVE_MARGIN
    box, which the stylesheet puts on every page) only on the pages that lay out an element
    of class ``illus``.  Margin boxes do not take part in the layout of the page's content,
    so dropping one moves nothing else."""
    from weasyprint.formatting_structure.boxes import MarginBox

    for page in doc.pages:
        box = page._page_box
        if not _has_illustrative(box):
            box.children = [
                c
                for c in box.children
                if not (isinstance(c, MarginBox) and c.at_keyword == ILLUSTRATIVE_MARGIN)
            ]


def _has_illustrative(page_box: Any) -> bool:
    for child in page_box.children:
        if type(child).__name__ == "MarginBox":
            continue
        for box in child.descendants():
            element = getattr(box, "element", None)
            if element is not None and ILLUSTRATIVE_CLASS in element.get("class", "").split():
                return True
    return False


def render(doc: Document) -> dict[str, bytes]:
    """report.pdf; WeasyPrint's other warnings are logged."""
    pdf, warnings = pdf_bytes(doc.html, doc.year_dir.resolve(), doc.template_dir.resolve())
    for message in sorted(set(warnings)):
        LOG.warning("WeasyPrint: %s", message)
    return {"report.pdf": pdf}
