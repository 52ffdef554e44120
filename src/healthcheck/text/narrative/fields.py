"""Reading an assessment row (a mapping of the engine's columns) for the generated text."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from healthcheck.text.numbers import finite

__all__ = ["integer", "isna", "number"]


def number(row: Mapping[str, Any], key: str) -> float | None:
    """The field ``key`` as a finite float, or None (missing, NaN, NA, text)."""
    return finite(row.get(key))


def integer(row: Mapping[str, Any], key: str) -> int | None:
    """The field ``key`` as an int (a year), or None."""
    v = number(row, key)
    return None if v is None else int(v)


def isna(x: Any) -> bool:
    """Whether ``x`` is a missing value: None, NaN or pandas' NA."""
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or str(x) == "<NA>"
    except TypeError:
        return False
