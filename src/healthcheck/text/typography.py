"""Chinese punctuation in text written with half-width marks (a data file's citations).

Chinese text takes full-width punctuation （）：；，; a citation typed as "武汉市统计局, 2022年
武汉市统计公报, 2023" is printed "武汉市统计局，2022年武汉市统计公报，2023".  Only marks that
touch a Chinese character are changed (a web address, "2023-06" or an English phrase keeps its
own), so the function is safe on mixed text.  Standard library only.
"""

from __future__ import annotations

import re

__all__ = ["zh_punctuation"]

_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”]"
_MARKS = {",": "，", ";": "；", ":": "："}
_SEPARATOR = re.compile(rf"(?<={_CJK})\s*([,;:])\s*|\s*([,;:])\s*(?={_CJK})")
_PARENS = re.compile(rf"\(([^()]*{_CJK}[^()]*)\)|(?<={_CJK})\(([^()]*)\)")


def zh_punctuation(text: str) -> str:
    """``text`` with the half-width , ; : and ( ) that touch Chinese made full-width."""
    text = _PARENS.sub(
        lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", text
    )
    text = _SEPARATOR.sub(lambda m: _MARKS[m.group(1) or m.group(2)], text)
    return re.sub(rf"(?<={_CJK})\s+（", "（", text)
