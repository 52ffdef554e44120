"""report.html in a real browser: headless Chromium (benchmarks/screenshots.py drives it over
its DevTools pipe) at 1280 px and at a phone's 390 px, on the one-chapter fixture."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from healthcheck.inputs.plan import Plan
from healthcheck.report import render_report
from tests.report.conftest import TEMPLATES, make_observations, write_store

ROOT = Path(__file__).resolve().parents[2]
#: a table cell with text narrower than this many em of its type is a collapsed column (a
#: CJK character is 1 em: print's fixed columns squeeze to 0–1 em on a phone)
MIN_CELL_EM = 2.0


def _screenshots() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "screenshots", ROOT / "benchmarks" / "screenshots.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def looked(tmp_path_factory: pytest.TempPathFactory, small_plan: Plan) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("page")
    store = write_store(out, small_plan)
    written = render_report(small_plan, make_observations(small_plan), store,
                            template_dir=TEMPLATES, formats=("html",))  # fmt: skip
    return _screenshots().look(written["report.html"], out / "screenshots")  # type: ignore[no-any-return]


@pytest.mark.e2e
@pytest.mark.parametrize("name, width", [("desktop", 1280), ("phone", 390)])
def test_screenshots_at_both_widths(looked: dict[str, Any], name: str, width: int) -> None:
    m = looked[name]
    assert {"top", "domain", "table", "scorecard"} <= set(m["screenshots"])
    for shot in m["screenshots"].values():
        path = Path(shot)
        assert path.stat().st_size > 10_000  # a blank viewport is about 5 KB
        assert _png_size(path)[0] == width
    assert m["images"] > 0 and m["broken_images"] == 0


@pytest.mark.e2e
def test_no_table_collapses_on_a_phone(looked: dict[str, Any]) -> None:
    phone = looked["phone"]
    # the page itself never scrolls sideways (each table scrolls in its own box) ...
    assert phone["viewport"] == 390 and phone["width"] <= 390
    assert phone["tables"] > 5 and phone["wrapped"] == phone["tables"]
    # ... and no column is squeezed to a letter a line
    narrowest = phone["narrowest_cell"]
    assert narrowest["em"] >= MIN_CELL_EM, narrowest


@pytest.mark.e2e
def test_navigation_and_type_sizes(looked: dict[str, Any]) -> None:
    desktop, phone = looked["desktop"], looked["phone"]
    assert desktop["nav_visible"] == ["screen-nav"]  # the chapters beside the text
    assert phone["nav_visible"] == ["to-contents"]  # a button back to the contents
    for m in (desktop, phone):
        assert m["body_font_px"] >= 15 and m["table_font_px"] >= 9.5
