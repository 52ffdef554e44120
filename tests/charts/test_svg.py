"""Saving charts: deterministic SVG bytes, atomic writes, tofu as an error, compact paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthcheck.charts import compact_svg, indicator_chart, new_figure, save_svg, svg_bytes
from healthcheck.engine import assess_series
from healthcheck.inputs.plan import load_plan

ROOT = Path(__file__).resolve().parents[2]
PLAN = load_plan(ROOT / "data" / "plan")


def chart(ind_id: str = "T01"):
    """A real indicator chart (published values only)."""
    ind = PLAN.indicator(ind_id)
    values = {2020: 5230.0, 2021: 7810.0, 2022: 5620.0, 2023: 12450.0, 2024: 13780.0}
    if ind.kind == "milestone":
        values = {2020: 0.0, 2021: 0.0, 2022: 1.0, 2023: 1.0, 2024: 1.0}
    return indicator_chart(ind, values, assess_series(ind, values, 2024).as_dict())


def test_same_figure_same_bytes(tmp_path):
    a = save_svg(chart("T01"), tmp_path / "a.svg").read_bytes()
    b = save_svg(chart("T01"), tmp_path / "b.svg").read_bytes()
    assert a == b
    assert b"<dc:date>" not in a


def test_svg_bytes_is_deterministic_and_is_what_save_svg_writes(tmp_path):
    a = svg_bytes(chart("T01"))
    b = svg_bytes(chart("T01"))
    assert a == b and a.startswith(b"<?xml")
    assert save_svg(chart("T01"), tmp_path / "c.svg").read_bytes() == a


def test_svg_bytes_raises_on_tofu():
    fig, ax = new_figure(6)
    ax.set_title("tofu \U0001f600")
    with pytest.raises(UserWarning, match="missing from font"):
        svg_bytes(fig)


def test_a_missing_glyph_is_an_error_and_writes_nothing(tmp_path):
    fig, ax = new_figure(6)
    ax.set_title("tofu \U0001f600")
    with pytest.raises(UserWarning, match="missing from font"):
        save_svg(fig, tmp_path / "tofu.svg")
    assert not (tmp_path / "tofu.svg").exists()


def test_save_svg_is_atomic_and_closes(tmp_path):
    fig = chart("S01")
    path = save_svg(fig, tmp_path / "sub" / "s.svg")
    assert path.exists()
    assert not list((tmp_path / "sub").glob(".*tmp"))


def test_compact_svg_rounds_path_data_only():
    svg = b'<path d="M 1.234567 2.5 L -0.0049 3.1" transform="scale(0.015625)"/>'
    out = compact_svg(svg)
    assert out == b'<path d="M 1.23 2.5 L 0 3.1" transform="scale(0.015625)"/>'


def test_compact_svg_moves_matplotlibs_style_rule_to_the_root():
    svg = svg_bytes(chart("S01"))
    assert b"<style" not in svg and b"stroke-linecap: butt}" not in svg
    root = svg[svg.index(b"<svg ") : svg.index(b">", svg.index(b"<svg "))]
    assert b'stroke-linejoin="round"' in root and b'stroke-linecap="butt"' in root
    other = b'<svg x="1"><style type="text/css">path{fill: red}</style></svg>'
    assert compact_svg(other) == other  # another style sheet is left as it is


def test_the_moved_style_rule_draws_the_same_pixels(tmp_path):
    """WeasyPrint draws the figure with the rule at the root exactly as with matplotlib's
    style sheet: an element's own ``style`` (round caps, here) wins over both."""
    import subprocess

    import weasyprint

    fig, ax = new_figure(4.0)
    ax.plot([0, 1, 2], [0, 2, 1], linewidth=6, solid_capstyle="round", solid_joinstyle="miter")
    ax.plot([0, 1, 2], [1, 0, 2], linewidth=6)
    new = svg_bytes(fig)
    rule = b'<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'
    old = new.replace(b'stroke-linejoin="round" stroke-linecap="butt" ', b"", 1)
    old = old.replace(b"<defs>", b"<defs>" + rule, 1)
    assert b"stroke-linecap: round" in new  # the element's own style
    pngs = []
    for name, svg in (("old", old), ("new", new)):
        (tmp_path / f"{name}.svg").write_bytes(svg)
        html = f'<img src="{name}.svg" style="width: 10cm">'
        pdf = tmp_path / f"{name}.pdf"
        weasyprint.HTML(string=html, base_url=str(tmp_path / "a.html")).write_pdf(pdf)
        subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / name)],
                       check=True)  # fmt: skip
        pngs.append(next(tmp_path.glob(f"{name}-*.png")).read_bytes())
    assert pngs[0] == pngs[1]
