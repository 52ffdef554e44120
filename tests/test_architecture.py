"""The architecture rules of scripts/check_architecture.py hold for the library."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _checker():
    spec = importlib.util.spec_from_file_location(
        "check_architecture", ROOT / "scripts" / "check_architecture.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_library_keeps_its_architecture_rules():
    assert _checker().problems() == []


def test_the_checker_finds_a_long_complex_function(tmp_path):
    checker = _checker()
    body = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(45))
    path = tmp_path / "mod.py"
    path.write_text(f"def f(x):\n{body}\n    return -1\n", encoding="utf-8")
    checker.SRC = tmp_path
    found = checker.function_problems(path)
    assert any("complexity 46" in p for p in found)
    assert any("lines long" in p for p in found)
