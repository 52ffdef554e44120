"""Assessment frameworks: how a plan's indicators are judged, behind one interface.

A framework is named in ``plan.yaml`` (``framework: plan_targets``, the default) and found with
:func:`framework`.  It assesses the plan's indicators for a report year, compares districts,
counts verdicts per domain in each of its verdict systems, lists the indicators that fall short
(the one shortfall rule of the framework) and gives the parameters its methodology prints.
The notebooks call only this interface, and write what it returns into the results; the report
reads the results (and the outline registered for ``results.framework``), never the engine.

Adding a framework is a module here implementing :class:`Framework` and a line in
:data:`FRAMEWORKS`.
"""

from __future__ import annotations

from healthcheck.engine.frameworks.base import Framework, MethodValue
from healthcheck.engine.frameworks.mohurd_2025 import MOHURD_2025
from healthcheck.engine.frameworks.plan_targets import PLAN_TARGETS
from healthcheck.errors import InputError, Problem

__all__ = ["FRAMEWORKS", "Framework", "MethodValue", "framework"]


#: every framework, by name
FRAMEWORKS: dict[str, Framework] = {
    PLAN_TARGETS.name: PLAN_TARGETS,
    MOHURD_2025.name: MOHURD_2025,
}


def framework(name: str) -> Framework:
    """The framework called ``name``; an :class:`~healthcheck.errors.InputError` locating
    ``framework`` in plan.yaml and naming the known frameworks otherwise."""
    try:
        return FRAMEWORKS[name]
    except KeyError:
        raise InputError(
            [
                Problem(
                    file="plan.yaml",
                    row=None,
                    column="framework",
                    found=f"unknown framework {name!r}",
                    expected=f"one of {', '.join(sorted(FRAMEWORKS))}",
                )
            ]
        ) from None
