"""healthcheck: the annual city health-check report (城市体检报告).

The public API, module by module (one concern each):

* :mod:`healthcheck.inputs.plan` -- :func:`load_plan`, :class:`Plan`, :class:`Indicator`
* :mod:`healthcheck.inputs.observations` -- :func:`load_observations`
* :mod:`healthcheck.engine` -- :func:`assess_plan`, :func:`assess_series`, …
* :mod:`healthcheck.results` -- the contract between notebooks and report
* :mod:`healthcheck.pipeline` -- :func:`build` (notebooks + report)
* :mod:`healthcheck.errors` -- one exception hierarchy

The names below (and ``__version__``) are looked up on first use, so that ``import healthcheck``
(and a rebuild with nothing to do) does not pay for pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

from healthcheck.errors import BuildError, HealthcheckError, InputError, NotebookError, Problem

_LAZY = {
    "Indicator": "healthcheck.inputs.plan",
    "Plan": "healthcheck.inputs.plan",
    "load_plan": "healthcheck.inputs.plan",
    "load_observations": "healthcheck.inputs.observations",
    "load_inputs": "healthcheck.inputs.project",
    "assess_plan": "healthcheck.engine",
    "assess_series": "healthcheck.engine",
    "build": "healthcheck.pipeline",
}

__all__ = [
    "BuildError",
    "HealthcheckError",
    "InputError",
    "NotebookError",
    "Problem",
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name == "__version__":  # importlib.metadata takes a tenth of a second to import
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("healthcheck")
        except PackageNotFoundError:  # running from a checkout without installing
            return "0+unknown"
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'healthcheck' has no attribute {name!r}")
