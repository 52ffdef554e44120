"""The typesetting rules of issue 11 on the default report's PDF text (``pdftotext``): full-width
punctuation in Chinese, one minus sign, no number torn from its unit, no line starting with
closing punctuation, no Chinese sentence ending on a line of one character, and English
apostrophes set with proportional (not full-width CJK) glyphs.

Each rule is a function of the text (or the PDF) that returns what breaks it, so that a failure
names the offending places; ``python tests/report/test_typesetting.py some.pdf`` prints them for
any PDF (e.g. an older build, to see the rules fail there).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from healthcheck.inputs.plan import load_plan
from healthcheck.report.typeset import typeset_html, untypeset

ROOT = Path(__file__).resolve().parents[2]
CJK = r"[\u3400-\u9fff]"
CLOSING = "。，、；：）」』”！？"
#: units a number is written with in the text, besides the plan's (longest first when used)
EXTRA_UNITS = ("个百分点", "%", "个区", "项")


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def chinese_lines(text: str) -> list[str]:
    """The lines of Chinese text: more Chinese characters than Latin letters (an English note
    quoting a Chinese name keeps its English punctuation), formulas (=, ≥) left out."""
    return [
        line
        for line in text.splitlines()
        if len(re.findall(CJK, line)) > len(re.findall(r"[A-Za-z]", line))
        and not re.search(r"[=≥≤]", line)
    ]


def half_width_next_to_cjk(text: str) -> list[str]:
    """Half-width ( ) : ; , touching a Chinese character in Chinese text (Chinese uses
    （）：；，)."""
    pattern = re.compile(rf".{{0,8}}(?:{CJK}[(),:;]|[(),:;]{CJK}).{{0,8}}")
    return [hit for line in chinese_lines(text) for hit in pattern.findall(line)]


def hyphen_minus_before_digits(text: str) -> list[str]:
    """A hyphen-minus used as a minus sign: "-6.4%" (not a range 2021-2025 or a code T06-1)."""
    return re.findall(r".{0,12}(?<![A-Za-z0-9_/.\-–])-\d[\d,.]*.{0,4}", text)


def lines_starting_with_closing_punctuation(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()[:1] in CLOSING and line.strip()]


def numbers_torn_from_units(text: str, units: list[str]) -> list[str]:
    """A full line of running text (20 characters or more) that ends in a number, or a number
    and the start of its unit, whose next line starts with the (rest of the) unit."""
    out = []
    lines = [line.strip() for line in text.splitlines()]
    ordered = sorted({u for u in units if u}, key=len, reverse=True)
    for line, nxt in zip(lines, lines[1:], strict=False):
        if len(line) < 20 or not nxt:
            continue
        for unit in ordered:
            if any(
                re.search(rf"\d{re.escape(unit[:k])}$", line) and nxt.startswith(unit[k:])
                for k in range(len(unit))
            ):
                out.append(f"{line[-12:]} / {nxt[:12]}")
                break
        else:
            if re.search(r"\d$", line) and re.match(r"(pp\b|× )", nxt):
                out.append(f"{line[-12:]} / {nxt[:12]}")
    return out


def lone_last_characters(text: str) -> list[str]:
    """A Chinese sentence whose last line is one character and its punctuation ("定。") after a
    full line."""
    lines = [line.strip() for line in text.splitlines()]
    return [
        f"{prev[-10:]} / {line}"
        for prev, line in zip(lines, lines[1:], strict=False)
        if len(prev) >= 20 and re.fullmatch(rf"{CJK}[{CLOSING}]+", line)
    ]


def full_width_apostrophes(pdf: Path) -> int:
    """How many fonts of ``pdf`` draw U+2019 (’, the English apostrophe) full-width (1000
    units): the CJK glyph that sets "year’s" as "year’ s".  The Chinese text uses “” and never
    ’, so any full-width ’ is an English one."""
    count = 0
    seen: set[int] = set()
    for page in PdfReader(str(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if id(font) in seen or "/ToUnicode" not in font or "/DescendantFonts" not in font:
                continue
            seen.add(id(font))
            cids = _cids_of(font["/ToUnicode"].get_object().get_data().decode("latin-1"), "2019")
            widths = _widths(font["/DescendantFonts"][0].get_object())
            count += sum(1 for c in cids if widths.get(c, 0) >= 900)
    return count


def _cids_of(cmap: str, code: str) -> list[int]:
    cids = [
        int(cid, 16)
        for cid, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", cmap)
        if uni.upper() == code
    ]
    for lo, hi, start in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", cmap):
        offset = int(code, 16) - int(start, 16)
        if 0 <= offset <= int(hi, 16) - int(lo, 16):
            cids.append(int(lo, 16) + offset)
    return cids


def _widths(descendant: object) -> dict[int, float]:
    w = descendant.get("/W", [])  # type: ignore[attr-defined]
    out: dict[int, float] = {}
    k = 0
    while k < len(w):
        first = int(w[k])
        nxt = w[k + 1]
        if isinstance(nxt, list) or hasattr(nxt, "__iter__"):
            for j, width in enumerate(nxt):
                out[first + j] = float(width)
            k += 2
        else:
            for cid in range(first, int(nxt) + 1):
                out[cid] = float(w[k + 2])
            k += 3
    return out


def plan_units() -> list[str]:
    plan = load_plan(ROOT / "data" / "plan")
    return [*(i.unit_zh for i in plan.indicators), *EXTRA_UNITS]


# --------------------------------------------------------------------------------------------
# The rules on small texts: each can fail


def test_the_rules_find_what_they_look_for() -> None:
    assert half_width_next_to_cjk("中小学竣工投用(累计)。三（二）") == [
        "中小学竣工投用(累计)。三（二）"
    ]
    assert half_width_next_to_cjk("Coverage (central districts): 1, 2") == []
    assert half_width_next_to_cjk("an English note on a name (武汉新港管委会), 2024") == []
    assert half_width_next_to_cjk("完成率 = (现值 − 基期值)") == []  # a formula
    assert hyphen_minus_before_digits("完成率-6.4%），比值−0.06") == ["完成率-6.4%），比"]
    assert hyphen_minus_before_digits("2021-2025, T06-1, gov.cn/a-1") == []
    assert lines_starting_with_closing_punctuation("一二三\n。四五\n（六）") == ["。四五"]
    long = "中心城区院前急救平均反应时间：判定为“未达成”（进度差"
    assert numbers_torn_from_units(f"{long}−106.4个百分\n点）。", ["个百分点"]) == [
        "进度差−106.4个百分 / 点）。"
    ]
    assert numbers_torn_from_units(f"{long}−106.4\n个百分点）。", ["个百分点"]) != []
    assert numbers_torn_from_units(f"{long}−106.4个百分点\n）。", ["个百分点"]) == []
    assert numbers_torn_from_units("短行2\n%", ["%"]) == []  # a chart's tick and axis label
    assert lone_last_characters(f"{long}按此设\n定。") == [f"{(long + '按此设')[-10:]} / 定。"]
    assert lone_last_characters(f"{long}按此\n设定。") == []


# --------------------------------------------------------------------------------------------
# The rules on the default report


@pytest.fixture(scope="module")
def text(default_pdf: Path) -> str:
    return pdf_text(default_pdf)


@pytest.mark.e2e
def test_chinese_punctuation_is_full_width(text: str) -> None:
    assert half_width_next_to_cjk(text) == []


@pytest.mark.e2e
def test_one_minus_sign(text: str) -> None:
    assert hyphen_minus_before_digits(text) == []
    assert "\u2212" in text


@pytest.mark.e2e
def test_line_breaks(text: str) -> None:
    assert lines_starting_with_closing_punctuation(text) == []
    assert numbers_torn_from_units(text, plan_units()) == []
    assert lone_last_characters(text) == []


@pytest.mark.e2e
def test_english_apostrophes_are_proportional(default_pdf: Path, text: str) -> None:
    assert "’" in text  # the report has English apostrophes (analysts’ threshold, …)
    assert full_width_apostrophes(default_pdf) == 0


if __name__ == "__main__":  # the rules on any PDF: python tests/report/test_typesetting.py x.pdf
    path = Path(sys.argv[1])
    found = pdf_text(path)
    for name, hits in (
        ("half-width punctuation next to CJK", half_width_next_to_cjk(found)),
        ("hyphen-minus before digits", hyphen_minus_before_digits(found)),
        ("lines starting with closing punctuation", lines_starting_with_closing_punctuation(found)),
        ("numbers torn from their units", numbers_torn_from_units(found, plan_units())),
        ("lone last characters", lone_last_characters(found)),
    ):
        print(f"{name}: {len(hits)}", hits[:8])
    print("full-width apostrophes (fonts):", full_width_apostrophes(path))


def test_typeset_html_binds_numbers_to_units_in_the_text_only() -> None:
    html = (
        '<style>p>b{}</style><p data-x="15分钟">进度差−106.4个百分点，为16,500万人次/年；'
        '按此设定。</p><p lang="en">gap −4.4 pp, 16,500 × 10k trips per year</p>'
    )
    out = typeset_html(html, ["万人次/年", "10k trips per year"])
    assert '<span class="nw">−106.4个百分点</span>' in out
    assert '<span class="nw">16,500万人次/年</span>' in out
    assert '<span class="nw">设定。</span>' in out  # the sentence's last two characters
    assert '<span class="nw">−4.4 pp</span>' in out
    assert '<span class="nw">16,500 × 10k</span> trips' in out
    assert '<style>p>b{}</style><p data-x="15分钟">' in out  # tags and styles untouched
    assert untypeset(out) == html


def test_typeset_html_adds_no_span_where_no_line_can_break() -> None:
    html = "<p>达标率为93.4%，降幅−0.5%，长12km，面积100m²；共5年。</p><p>share 99.9986%</p>"
    out = typeset_html(html)
    assert out.count('<span class="nw">') == 1, out
    assert '<span class="nw">5年</span>' in out  # a break can fall between 5 and 年
    assert "为93.4%，降幅−0.5%，长12km，面积100m²；" in out  # none can inside these
    assert "share 99.9986%</p>" in out
    # the sentence end still found after an unwrapped run
    assert typeset_html("<p>达标率为93.4%</p>") == "<p>达标率为93.4%</p>"
    assert typeset_html("<p>按此设定。为93.4%</p>") == "<p>按此设定。为93.4%</p>"


def test_breakable_asks_the_line_breaking_weasyprint_uses() -> None:
    from healthcheck.report.typeset import breakable

    assert not breakable("93.4%") and not breakable("−106.4%") and not breakable("12km")
    assert breakable("5年") and breakable("4.4 pp") and breakable("设定。")
    assert breakable("1.5m³/s")  # after the slash


def test_a_long_compound_unit_keeps_only_its_first_part_with_the_number() -> None:
    """ "0.011万立方米/小时/平方千米" bound whole is wider than a table's value column and runs
    into the next one: the number keeps 万立方米, the rest may break; short units stay whole."""
    out = typeset_html(
        "<p>能力0.011万立方米/小时/平方千米，人均1.5平方米/人，流量3m³/s。</p>",
        ["万立方米/小时/平方千米", "平方米/人"],
    )
    assert '<span class="nw">0.011万立方米</span>/小时/平方千米' in out
    assert '<span class="nw">1.5平方米/人</span>' in out
    assert "流量3m³/s" in out or '<span class="nw">3m³/s</span>' in out  # whole
