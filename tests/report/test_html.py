"""The Jinja environment: numerals, dates, template errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from healthcheck.errors import BuildError
from healthcheck.inputs.plan import Plan
from healthcheck.report import render_outputs
from healthcheck.report.html import en_date, zh_date, zh_numeral
from healthcheck.results.store import FileStore

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_zh_numeral_and_dates() -> None:
    assert [zh_numeral(n) for n in (1, 10, 12, 20, 21)] == ["一", "十", "十二", "二十", "二十一"]
    assert zh_date(2025, 12, 31) == "2025年12月31日"
    assert en_date(2025, 12, 31) == "31 December 2025"


def test_template_error_names_the_template(
    tmp_path: Path, small_plan: Plan, observations: pd.DataFrame, store: FileStore
) -> None:
    broken = tmp_path / "templates"
    shutil.copytree(TEMPLATES, broken)
    with (broken / "_data.html.j2").open("a", encoding="utf-8") as fh:
        fh.write("{{ no_such_variable.attribute }}\n")
    with pytest.raises(BuildError, match="template error.*_data.html.j2"):
        render_outputs(small_plan, observations, store, template_dir=broken, formats=("html",))
