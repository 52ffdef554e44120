"""The public API of healthcheck.inputs: every name it exports resolves, and the provenance
rule comes without pandas."""

from __future__ import annotations

import subprocess
import sys

import pytest

import healthcheck.inputs as inputs
from healthcheck.inputs import findings, observations, plan, project, status


def test_every_exported_name_resolves_to_its_module_object():
    homes = (plan, observations, project, status, findings)
    for name in inputs.__all__:
        value = getattr(inputs, name)
        assert any(getattr(m, name, None) is value for m in homes), name
    assert inputs.Plan is plan.Plan and inputs.load_inputs is project.load_inputs
    assert set(inputs.__all__) <= set(dir(inputs))


def test_the_status_names_are_exported():
    assert set(status.__all__) <= set(inputs.__all__)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="load_everything"):
        inputs.load_everything  # noqa: B018


def test_the_provenance_rule_imports_without_pandas():
    code = (
        "import sys, healthcheck.inputs, healthcheck.inputs.status; "
        "assert healthcheck.inputs.is_illustrative('illustrative'); "
        "print(sorted(m for m in ('pandas', 'pandera', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
