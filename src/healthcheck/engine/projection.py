"""Projection to the target year (methodology section D)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from healthcheck.engine.international import Intl
from healthcheck.engine.series import line_at, meets

__all__ = ["projection"]


def projection(
    cmp: Mapping[int, float],
    t0: int,
    t: int,
    T: int,
    sign: int,
    y0: float | None,
    yT: float | None,
    base_met: bool,
    intl: Intl,
    notes: list[str],
) -> dict[str, Any]:
    """Projection to T from the values of t0..t (D1-D3): the columns it fills."""
    if t >= T or t < t0:
        return {}
    out: dict[str, Any] = {}
    points = {y: v for y, v in cmp.items() if t0 <= y <= t}
    if len(points) >= 2:
        proj = line_at(points, T)
        out["projected_linear"] = proj
        out["projected_value"] = proj
        if yT is not None:
            out["likely_met"] = meets(proj, yT, sign)
            if y0 is not None and not base_met:
                out["anticipated_completion"] = (proj - y0) / (yT - y0)
    else:
        notes.append(f"projection needs at least two values from {t0} on")
    if intl.cagr_observed is not None:
        out["projected_cagr"] = cmp[t] * (1 + intl.cagr_observed) ** (T - t)
    return out
