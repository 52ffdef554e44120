"""The HTML document: the Jinja environment, rendering, chapter numerals and dates.

Autoescaping is on, so text from the data is always text, never markup.  Undefined names
fail the render (``StrictUndefined``), and every template error is a
:class:`~healthcheck.errors.BuildError` naming the template and line.
"""

from __future__ import annotations

import base64
import functools
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from healthcheck.errors import BuildError
from healthcheck.text import fmt_percent, label

__all__ = [
    "DEFAULT_TEMPLATE_DIR",
    "MEDIA",
    "SCREEN_STYLESHEET",
    "WATERMARK",
    "STYLESHEET",
    "TEMPLATE",
    "en_date",
    "environment",
    "linked",
    "render_template",
    "screen_sizes",
    "short_url",
    "zh_date",
    "zh_numeral",
]

#: the templates of a checkout (``<repo>/templates``)
DEFAULT_TEMPLATE_DIR = Path(__file__).resolve().parents[3] / "templates"
TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
#: the web page's own rules (report.html only; the PDF never reads it)
SCREEN_STYLESHEET = "screen.css"
#: what a document is rendered for: "print" (the PDF) or "screen" (report.html)
MEDIA = ("print", "screen")

_ZH_NUMERALS = "零一二三四五六七八九十"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


#: the methods demonstration's page mark (an image: the PDF's text stays the body's text);
#: drawn by scripts/make_watermark.py
WATERMARK = "watermark.png"


def zh_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (chapter numbers)."""
    if n <= 10:
        return _ZH_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _ZH_NUMERALS[tens] + "十"
    return head + (_ZH_NUMERALS[ones] if ones else "")


def zh_date(year: int, month: int, day: int) -> str:
    return f"{year}年{month}月{day}日"


def en_date(year: int, month: int, day: int) -> str:
    return f"{day} {_MONTHS[month - 1]} {year}"


def environment(template_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["zh_numeral"] = zh_numeral
    env.filters["pct"] = lambda x, digits=1: fmt_percent(x, "zh", digits)
    env.filters["status_label"] = lambda key, lang: label("status", str(key), lang)
    env.filters["linked"] = linked
    return env


@functools.lru_cache(maxsize=8)
def _environment(template_dir: Path) -> jinja2.Environment:
    """One environment per template folder: the print and the screen document share its
    compiled templates (Jinja reloads a template whose file changed)."""
    return environment(template_dir)


_URL = re.compile(r"https?://[^\s，；;、）)]+")


def short_url(url: str) -> str:
    """A link's printed label: its host and "…" (the full address is the link)."""
    host = urllib.parse.urlsplit(url).netloc
    return f"{host.removeprefix('www.')}…" if host else url


def linked(text: str) -> markupsafe.Markup:
    """Text with its web addresses as links labelled by their host (escaped otherwise)."""
    out, at = markupsafe.Markup(""), 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,")
        out += text[at : m.start()]
        out += markupsafe.Markup('<a class="url" href="{}">{}</a>').format(url, short_url(url))
        at = m.start() + len(url)
    return out + text[at:]


_PT_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")
_MM_WIDTH = re.compile(r"(?<![\w-])width:\s*(\d+(?:\.\d+)?)mm")
#: the print stylesheet's body size (``html { font-size: 9.5pt }``): 1rem on screen
_PRINT_BODY_PT = 9.5
_PRINT_BODY_MM = _PRINT_BODY_PT * 25.4 / 72


def screen_sizes(css: str) -> str:
    """The print stylesheet with its font sizes, and the widths it gives in mm (table
    columns, the figures' boxes), in rem: in proportion to the body's 9.5 pt.

    Print sizes are fixed to the A4 page (a 7 pt table cell is 9 px on screen); in rem the
    screen stylesheet's one root size scales the type and, with it, the columns that hold
    it.  The PDF keeps its own stylesheet untouched.
    """
    css = _PT_FONT_SIZE.sub(
        lambda m: f"font-size: {float(m.group(1)) / _PRINT_BODY_PT:.3g}rem", css
    )
    return _MM_WIDTH.sub(lambda m: f"width: {float(m.group(1)) / _PRINT_BODY_MM:.3g}rem", css)


def render_template(context: Mapping[str, Any], template_dir: Path, medium: str = "print") -> str:
    """The report as one HTML document (the stylesheets inlined), for ``medium``: "print"
    (the PDF's source: page numbers) or "screen" (report.html: links instead of page
    numbers, a side navigation, the screen stylesheet)."""
    if medium not in MEDIA:
        raise ValueError(f"medium {medium!r}: expected one of {', '.join(MEDIA)}")
    try:
        css = (template_dir / STYLESHEET).read_text(encoding="utf-8")
        screen_css = ""
        if medium == "screen":
            css = screen_sizes(css)
            screen_css = (template_dir / SCREEN_STYLESHEET).read_text(encoding="utf-8")
        env = _environment(template_dir)
        mark = template_dir / WATERMARK
        watermark = (
            "data:image/png;base64," + base64.b64encode(mark.read_bytes()).decode("ascii")
            if mark.is_file()
            else ""
        )
        return env.get_template(TEMPLATE).render(
            **context, stylesheet=css, screen_stylesheet=screen_css, medium=medium,
            watermark=watermark,
        )  # fmt: skip
    except FileNotFoundError as exc:
        raise BuildError(f"template folder {template_dir}: {exc}") from None
    except jinja2.TemplateError as exc:
        lineno = getattr(exc, "lineno", None)
        where = f" ({getattr(exc, 'filename', None)}:{lineno})" if lineno else _where(exc)
        raise BuildError(f"report template error{where}: {exc}") from None
    except BuildError:
        raise
    except Exception as exc:  # an error raised inside the template
        raise BuildError(
            f"report template failed{_where(exc)}: {type(exc).__name__}: {exc}"
        ) from exc


def _where(exc: BaseException) -> str:
    """ " (<template>:<line>)" of the innermost template frame of a render error, or ""."""
    found = ""
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = f" ({name}:{tb.tb_lineno})"
        tb = tb.tb_next
    return found
