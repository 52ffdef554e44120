"""A problem's message: one line of bounded length, nothing raw that a terminal would act on."""

from __future__ import annotations

from healthcheck.errors import MAX_EXPECTED, MAX_SHOWN, InputError, Problem, shown


def test_control_and_bidi_characters_are_shown_escaped():
    p = Problem("a.csv", 2, "note", "'x\x1b[31my\x07\x00\u202e\x9b'", "text")
    text = str(p)
    assert "\\x1b[31my\\x07\\x00\\u202e\\x9b" in text
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in text)


def test_a_newline_in_a_found_text_does_not_start_a_second_line():
    assert "\n" not in str(Problem("a.csv", 2, "note", "'a\nb'", "one\nline"))


def test_a_huge_found_text_is_cut_with_the_count_of_what_was_left_out():
    p = Problem("a.csv", 2, "status", "'" + "x" * 35_000_000 + "'", "y" * 10_000)
    text = str(p)
    assert len(text) < MAX_SHOWN + MAX_EXPECTED + 100
    assert "(34999862 more characters)" in text
    assert f"({10_000 - MAX_EXPECTED} more characters)" in text


def test_escaping_happens_before_cutting_so_the_limit_holds():
    assert len(shown("\x1b" * 1000)) <= MAX_SHOWN + 40


def test_keep_newlines_keeps_lines_but_escapes_the_rest():
    assert shown("a\x1b\nb", None, keep_newlines=True) == "a\\x1b\nb"


def test_the_input_error_message_is_escaped_too():
    err = InputError([Problem("a.csv", 2, "note", "'\x1b]0;title\x07'", "text")])
    assert "\x1b" not in str(err) and "\\x1b]0;title\\x07" in str(err)


def test_plain_text_is_unchanged():
    p = Problem("数据/2025.csv", 3, "value", "'95%' (a number with …)", "a bare number")
    assert str(p) == "数据/2025.csv:3:value: found '95%' (a number with …); expected a bare number"
