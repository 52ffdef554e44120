"""Text that ``validate`` accepts renders inside the page: a word longer than its line (a long
URL, an id typed without spaces) is broken where it must, a long Chinese text wraps (real
WeasyPrint, on the one-chapter fixture; words located with poppler's ``pdftotext -bbox``)."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from healthcheck.inputs.plan import Plan
from healthcheck.inputs.text import MAX_CHARS
from tests.report.conftest import TEMPLATES, make_observations, write_store

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<')


def words_off_the_page(pdf: Path, margin_pt: float = 20) -> list[tuple[int, str]]:
    """(page, word) of every word that reaches within ``margin_pt`` of a page's edge."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    off = []
    for number, page in enumerate(html.split("<page ")[1:], 1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        for m in _WORD.finditer(page):
            if float(m.group(2)) > width - margin_pt or float(m.group(1)) < margin_pt:
                off.append((number, m.group(3)[:30]))
    return off


def test_long_words_and_long_texts_stay_on_the_page(tmp_path: Path, small_plan: Plan) -> None:
    from healthcheck.report import render_report

    inds = list(small_plan.indicators)
    inds[0] = dataclasses.replace(
        inds[0], name_en="Railway " + "x" * 300, name_zh="铁路" + "字" * 300
    )
    plan = dataclasses.replace(small_plan, indicators=tuple(inds))
    obs = make_observations(plan)
    obs.loc[1, "note"] = "长" * MAX_CHARS
    obs.loc[2, "note"] = "word " * (MAX_CHARS // 5)
    paths = render_report(plan, obs, write_store(tmp_path, plan), template_dir=TEMPLATES)
    text = subprocess.run(
        ["pdftotext", str(paths["report.pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "xxxxxxxxxxxxxxxxxxxx" in text  # the long word is printed …
    assert words_off_the_page(paths["report.pdf"]) == []  # … and within the page
