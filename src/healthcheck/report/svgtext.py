"""SVG text drawn as whole runs: WeasyPrint 70 lays out and draws the text of an SVG ``<text>``
one character at a time (so that each may have its own ``x``, ``y``, ``dx``, ``dy`` or
``rotate``), one Pango layout and one PDF text object per character.  The report's 93 figures
hold about 2,700 texts and 58,000 characters, and that was a third of the time WeasyPrint spent
drawing them.

A text whose position lists have at most one value (the first character's: how matplotlib
writes every label), and which has no ``letter-spacing`` or ``textLength``, is the case where
one run is the same text at the same place; :func:`whole_svg_text_runs` has WeasyPrint's own
``text`` drawing treat it as one "character".  Everything else about the text (font, fill,
anchor, bounding box) is WeasyPrint's code.  The run is shaped as a whole, so kerning and
ligatures are the font's, as in HTML text.  This is the workaround WeasyPrint's maintainers
describe in Kozea/WeasyPrint#2249 (still open; the pull requests for it were closed pending
a rewrite of SVG text).  Like :mod:`.pdfwrite`, it is applied only while the report's PDF is
made and is not thread-safe (one render per process, as the pipeline runs).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

__all__ = ["one_run", "whole_svg_text_runs"]

#: the attributes that position a text's characters one by one
_POSITION_LISTS = ("x", "y", "dx", "dy", "rotate")


class _Run(str):
    """A text that WeasyPrint's SVG ``text`` drawing iterates as one "character"."""

    __slots__ = ()

    def __iter__(self) -> Iterator[str]:
        yield str(self)


def one_run(node: Any) -> bool:
    """Whether the SVG text ``node`` (WeasyPrint's ``svg.Node``) can be drawn as one run: a
    ``text`` or ``tspan`` with text, at most one value in each position list, and no
    ``letter-spacing`` or ``textLength``."""
    if node.tag not in ("text", "tspan") or not node.text:
        return False
    if node.get("letter-spacing") not in (None, "", "normal", "0") or node.get("textLength"):
        return False
    return all(
        len(" ".join(node.attrib.get(name, "").replace(",", " ").split()).split()) <= 1
        for name in _POSITION_LISTS
    )


@contextlib.contextmanager
def whole_svg_text_runs() -> Iterator[None]:
    """Within this block, WeasyPrint draws an SVG text that is :func:`one_run` as one run.
    Restores WeasyPrint on exit."""
    import weasyprint.svg as wsvg

    original = wsvg.text
    tags = dict(wsvg.TAGS)

    def text(svg: Any, node: Any, font_size: float) -> Any:
        if not one_run(node):
            return original(svg, node, font_size)
        etree = node._etree_node
        plain = etree.text
        etree.text = _Run(plain)
        try:
            return original(svg, node, font_size)
        finally:
            etree.text = plain

    # draw_node compares TAGS[tag] with the module's ``text`` to find text nodes: patch both
    wsvg.text = text
    wsvg.TAGS.update({tag: text for tag, draw in tags.items() if draw is original})
    try:
        yield
    finally:
        wsvg.text = original
        wsvg.TAGS.clear()
        wsvg.TAGS.update(tags)
