"""The text of a cell: control characters, characters the font cannot draw and over-long
texts are refused where they enter, located and saying what to do."""

from __future__ import annotations

import pytest

from healthcheck.errors import InputError
from healthcheck.inputs.observations import load_observations
from healthcheck.inputs.plan import load_plan
from healthcheck.inputs.text import (
    FONT_FAMILY,
    MAX_CHARS,
    font_coverage,
    table_text_problems,
    text_problems,
)
from tests.conftest import ROOT, good_rows

needs_font = pytest.mark.skipif(font_coverage() is None, reason=f"{FONT_FAMILY} not installed")


def test_plain_chinese_and_english_text_passes():
    text = "武汉市统计局，2025年统计公报；http://tjj.wuhan.gov.cn ℃ m² — “引号” 《书名》\t第二行\n"
    assert text_problems(text, "f.csv", 2, "note") == []


@pytest.mark.parametrize(
    ("char", "name"),
    [("\x00", "NUL"), ("\x1b", "ESC"), ("\x07", "BEL"), ("\x7f", "DEL"), ("\x9b", "CSI"),
     ("\x0c", "U+000C"), ("\u202e", "RIGHT-TO-LEFT OVERRIDE")],
)  # fmt: skip
def test_a_control_character_is_refused_by_position(char, name):
    (p,) = text_problems(f"abc{char}def", "f.csv", 5, "note")
    assert (p.file, p.row, p.column) == ("f.csv", 5, "note")
    assert name in p.found and "position 4" in p.found
    assert "delete the character U+" in p.expected


def test_several_control_characters_are_counted():
    (p,) = text_problems("a\x1b[31mb\x1b[0m", "f.csv", 2, "note")
    assert "position 2 and 1 more" in p.found


def test_tab_and_newlines_are_allowed():
    assert text_problems("a\tb\r\nc", "f.csv", 2, "note") == []


@needs_font
@pytest.mark.parametrize(("char", "code"), [("😀", "U+1F600"), ("𠀀", "U+20000")])
def test_a_character_the_font_cannot_draw_is_refused(char, code):
    (p,) = text_problems(f"好{char}", "f.csv", 3, "name_zh")
    assert code in p.found and "position 2" in p.found and FONT_FAMILY in p.found


@needs_font
def test_the_font_checked_is_the_one_the_report_and_charts_use():
    from healthcheck.charts.style import FONT

    assert FONT == FONT_FAMILY
    assert f'"{FONT_FAMILY}"' in (ROOT / "templates" / "report.css").read_text(encoding="utf-8")


def test_an_over_long_text_is_refused():
    (p,) = text_problems("字" * (MAX_CHARS + 1), "f.csv", 2, "note")
    assert f"{MAX_CHARS + 1:,} characters" in p.found
    assert text_problems("x" * MAX_CHARS, "f.csv", 2, "note") == []


def test_a_table_is_checked_cell_by_cell_with_its_lines():
    problems = table_text_problems(
        "f.csv", ["a", "b"], [["ok", "ok"], ["ok", "bad\x07"], ["x\x00", "ok"]], [2, 3, 5]
    )
    assert sorted((p.row, p.column) for p in problems) == [(3, "b"), (5, "a")]


def test_observation_cells_are_checked_when_read(small_plan_dir, write_obs):
    rows = good_rows(2025)
    rows[4] = rows[4].replace("derived", "der\x1b[2Jived")
    data = write_obs(2025, rows)
    with pytest.raises(InputError) as info:
        load_observations(data, load_plan(small_plan_dir))
    (p,) = info.value.problems
    assert (p.row, p.column) == (6, "note") and "U+001B (ESC) at position 4" in p.found
    assert "\x1b" not in str(info.value)


def test_plan_cells_are_checked_when_read(small_plan_dir):
    path = small_plan_dir / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Coverage", "Cover\x00age"))
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "name_en")]
