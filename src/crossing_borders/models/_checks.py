"""Input checks shared by the teaching models: refuse values outside a documented range."""

from __future__ import annotations

import math
from numbers import Integral, Real


def check_range(value: float, low: float, high: float, name: str) -> float:
    """Return `value` as a float if it is a finite number in [low, high]; else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must lie in [{low}, {high}], got {value!r}")
    return float(value)


def check_whole(value: int, low: int, high: int, name: str) -> int:
    """Return `value` as an int if it is a whole number in [low, high]; else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, Integral) or not (low <= value <= high):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return int(value)
