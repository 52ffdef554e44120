"""report.html: the report as a web page.

The document is rendered for the screen (:attr:`Document.screen_html`: links instead of page
numbers, a side navigation, ``templates/screen.css``), then every table is wrapped in a
horizontally scrolling box (a wide table scrolls on a phone instead of squeezing its columns
to a letter each), and, for a self-contained page (``healthcheck report --self-contained``),
every figure is put inside the file as a ``data:`` URL so that the one file can be mailed.

Both steps work on the markup the templates wrote, by pattern: with autoescaping on, text from
the data never contains ``<`` or ``"``, so every ``<table`` and every ``<img … src="…"`` in the
document is the templates' own.  (An HTML parser would re-serialise the whole document to
change a few tags; these two patterns do not need one.)
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
import urllib.parse
from pathlib import Path

from healthcheck.errors import BuildError
from healthcheck.report.document import Document

__all__ = ["SCROLL_CLASS", "inline_figures", "render", "wrap_tables"]

#: the class of the box around each table (templates/screen.css scrolls it)
SCROLL_CLASS = "table-scroll"

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def wrap_tables(page: str) -> str:
    """Every ``<table>`` inside a ``<div class="table-scroll">`` (nested tables each in
    their own box)."""
    return page.replace("<table", f'<div class="{SCROLL_CLASS}"><table').replace(
        "</table>", "</table></div>"
    )


def _data_url(src: str, base: Path) -> str:
    parts = urllib.parse.urlsplit(src)
    if parts.scheme in ("data", "http", "https"):
        return src
    if parts.scheme or parts.netloc:
        raise BuildError(f"report.html: figure {src!r} is not a file of the build")
    path = (base / urllib.parse.unquote(parts.path)).resolve()
    if not path.is_relative_to(base.resolve()) or not path.is_file():
        raise BuildError(f"report.html: figure {src!r} is not a file under {base}")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".svg":
        mime = "image/svg+xml"  # not in every system's mime.types
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_figures(page: str, base: Path) -> str:
    """Every ``<img>`` whose ``src`` is a file under ``base`` with that file as a ``data:``
    URL; a figure outside ``base`` or missing is a :class:`BuildError`."""

    def one(m: re.Match[str]) -> str:
        src = html.unescape(m.group(2))
        return m.group(1) + html.escape(_data_url(src, base)) + m.group(3)

    return _IMG_SRC.sub(one, page)


def render(doc: Document) -> dict[str, bytes]:
    """report.html: figures next to it (paths relative to the year folder), or inside it
    when ``doc.self_contained``."""
    page = wrap_tables(doc.screen_html)
    if doc.self_contained:
        page = inline_figures(page, doc.year_dir)
    return {"report.html": page.encode("utf-8")}
