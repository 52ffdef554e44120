"""SVG ``style`` strings parsed once (:mod:`healthcheck.report.svgstyle`): WeasyPrint's own
parse, once per distinct string, and WeasyPrint restored afterwards."""

from __future__ import annotations

import weasyprint.svg as wsvg

from healthcheck.report.svgstyle import styles_parsed_once

STYLES = ["fill: #ffffff", "stroke: #000; stroke-width: 0.8 !important", "fill: #ffffff"]


def test_each_distinct_style_is_parsed_once_with_weasyprints_result(monkeypatch) -> None:
    original = wsvg.parse_declarations
    expected = [original(s) for s in STYLES]
    calls: list[str] = []

    def counted(style: str):  # type: ignore[no-untyped-def]
        calls.append(style)
        return original(style)

    monkeypatch.setattr(wsvg, "parse_declarations", counted)
    with styles_parsed_once():
        got = [wsvg.parse_declarations(s) for s in STYLES]
    assert got == expected
    assert got[1] == ([("stroke", "#000")], [("stroke-width", "0.8")])
    assert calls == STYLES[:2]  # the repeated string is not parsed again
    assert wsvg.parse_declarations is counted  # restored


def test_the_important_part_is_kept() -> None:
    with styles_parsed_once():
        normal, important = wsvg.parse_declarations("fill: red; stroke: blue !important")
    assert normal == [("fill", "red")] and important == [("stroke", "blue")]
