"""Line breaking the browsers and WeasyPrint do not know: a number stays with its unit, and a
Chinese sentence does not end on a line of one character.

CJK text may break between any two characters, so "−106.4个百分点" can break as "−106.4个百分 /
点", and a sentence can leave its last character alone on a line ("设 / 定。").  The rendered
HTML is given these rules once, in its text only (never inside a tag, a ``<style>`` or a
``<script>``): a number with its unit, and the last two characters of a Chinese sentence with
its closing punctuation, are wrapped in ``<span class="nw">`` (``white-space: nowrap`` in
``report.css``).  The text itself is unchanged: the PDF's text, copied or searched, is the same.

A span is added only where a line could break inside the run (:func:`breakable`, asked of
Pango's line breaking, which WeasyPrint lays the PDF out with): "93.4%" and "12km" need none
(Unicode line breaking never breaks a number from "%" or from Latin letters), "5年", "4.4 pp"
and "16,500万人次" do.  Every span is a box WeasyPrint lays out, so each unneeded one costs
render time (about 1,200 in the default report).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

__all__ = ["UNITS", "breakable", "typeset_html", "unit_pattern", "untypeset"]

#: units written after a number in the generated text, besides the plan's own
UNITS: tuple[str, ...] = (
    "个百分点", "百分点", "%", "pp", "个区", "项", "个", "倍", "年", "月", "日", "天", "所",
    "条", "处", "张", "公里", "公顷", "分钟", "km", "km²", "m²", "m³/s",
)  # fmt: skip

_SKIP = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<[^>]*>)", re.S | re.I)
_NUMBER = r"[+−-]?\d[\d,]*(?:\.\d+)?"
#: the end of a Chinese sentence: two CJK characters and its closing punctuation
_SENTENCE_END = re.compile(r"[\u3400-\u9fff]{2}(?:[。！？；][）」』”]*|[）」』”]+[。！？；]?)")


#: a compound unit longer than this binds only its first part to the number
_LONG_UNIT = 6


def _head(unit: str) -> str:
    """The part of ``unit`` a number keeps on its line: all of a short unit ("m³/s",
    "平方米/人"), the first part of a long compound one ("万立方米" of
    "万立方米/小时/平方千米"), which may then break after it as any text does."""
    head = unit.split("/")[0]
    return head if len(unit) > _LONG_UNIT and head else unit


def unit_pattern(units: Iterable[str]) -> re.Pattern[str]:
    """A number followed by one of ``units`` (longest first; an English unit after a space or
    a " × " factor: its first word only; a long compound unit: its first part, see
    :func:`_head`), or one of ``units`` in brackets."""
    one_word = {_head(u.strip()) for u in (*units, *UNITS) if u.strip() and " " not in u.strip()}
    alternatives = "|".join(re.escape(u) for u in sorted(one_word, key=len, reverse=True))
    return re.compile(
        rf"{_NUMBER}(?:(?:{alternatives})|(?: × | )(?:{alternatives}|\w[\w²³/]*))"
        rf"|（(?:{alternatives})）"  # a unit in brackets after a name: 反应时间（分钟）
    )


#: the languages a run is checked in (the report's two; Pango's rules may depend on it)
_LANGS = ("zh", "en")


@cache
def breakable(run: str) -> bool:
    """Whether a line may break inside ``run`` (between two of its characters), by Pango's
    line breaking (Unicode UAX #14 with Pango's tailoring) in Chinese or in English."""
    from weasyprint.text.line_break import can_break_text

    return any(can_break_text(run, lang) for lang in _LANGS)


def _wrap(m: re.Match[str]) -> str:
    run = m.group(0)
    return f'<span class="nw">{run}</span>' if breakable(run) else run


def _text(segment: str, numbers: re.Pattern[str]) -> str:
    runs = list(numbers.finditer(segment))
    # the last sentence end of the segment, after the last number run (never nested)
    ends = list(_SENTENCE_END.finditer(segment, runs[-1].end() if runs else 0))
    if ends:
        runs.append(ends[-1])
    out, done = [], 0
    for m in runs:
        out += [segment[done : m.start()], _wrap(m)]
        done = m.end()
    out.append(segment[done:])
    return "".join(out)


def typeset_html(html: str, units: Iterable[str] = ()) -> str:
    """``html`` with its numbers bound to their units (``units``: the plan's, in both
    languages) and its Chinese sentence ends kept together (see the module's docstring)."""
    numbers = unit_pattern(units)
    parts = _SKIP.split(html)
    for k in range(0, len(parts), 2):  # the text between the tags
        if parts[k].strip():
            parts[k] = _text(parts[k], numbers)
    return "".join(parts)


_NW = re.compile(r'<span class="nw">([^<]*)</span>')


def untypeset(html: str) -> str:
    """``html`` without the spans :func:`typeset_html` added (its text as the templates wrote
    it: for tests that look for a phrase in the HTML)."""
    return _NW.sub(r"\1", html)
