"""healthcheck: the annual city health-check report (城市体检报告).

The public API, module by module (one concern each):

* :mod:`healthcheck.plan` -- :func:`load_plan`, :class:`Plan`, :class:`Indicator`
* :mod:`healthcheck.observations` -- :func:`load_observations`
* :mod:`healthcheck.assess` -- :func:`assess_plan`, :func:`assess_series`, …
* :mod:`healthcheck.results` -- the contract between notebooks and report
* :mod:`healthcheck.run` -- :func:`build` (notebooks + report)
* :mod:`healthcheck.errors` -- one exception hierarchy
"""

from importlib.metadata import PackageNotFoundError, version

from healthcheck.errors import BuildError, HealthcheckError, InputError, NotebookError, Problem
from healthcheck.observations import load_observations
from healthcheck.plan import Indicator, Plan, load_plan
from healthcheck.project import load_inputs

try:
    __version__ = version("healthcheck")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0+unknown"

__all__ = [
    "BuildError",
    "HealthcheckError",
    "Indicator",
    "InputError",
    "NotebookError",
    "Plan",
    "Problem",
    "__version__",
    "load_inputs",
    "load_observations",
    "load_plan",
]
