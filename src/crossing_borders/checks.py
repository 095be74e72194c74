"""Checks the exercises' test cells run on a student's answer, with messages that help.

A visible check should catch a slip (a percentage where a share was asked, text
where a number was asked) and say how to fix it, without demanding Python a
film student has no reason to know: any kind of number counts as a number. A
hidden check should accept a correct answer at any precision the model can
support and in any natural form, and reject the answer to a different question.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["close", "letter", "number", "share", "whole"]


def number(value: object, name: str, low: float = -math.inf, high: float = math.inf) -> None:
    """A real number (int, float or a NumPy number; not True/False) within [low, high]."""
    _real(value, name, low, high)


def _real(value: object, name: str, low: float = -math.inf, high: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise AssertionError(
            f"{name} should be a number, such as 0.4; it is {type(value).__name__} {value!r}"
        )
    result = float(value)
    if not math.isfinite(result):
        raise AssertionError(f"{name} should be a finite number; it is {value!r}")
    if not low <= result <= high:
        raise AssertionError(f"{name} should be between {low:g} and {high:g}; it is {result:g}")
    return result


def share(value: object, name: str) -> None:
    """A share from 0 to 1; a percentage (such as 60 for 60%) is caught and explained."""
    result = _real(value, name)
    if 1.0 < result <= 100.0:
        raise AssertionError(
            f"{name} looks like a percentage ({result:g}); write it as a share from 0 to 1, "
            f"for example {result / 100:g} for {result:g}%"
        )
    _real(result, name, 0.0, 1.0)


def whole(value: object, name: str, low: int, high: int) -> None:
    """A whole number from low to high (2 and 2.0 both count)."""
    result = _real(value, name, low, high)
    if result != int(result):
        raise AssertionError(f"{name} should be a whole number; it is {result:g}")


def letter(value: object, name: str, options: str) -> None:
    """One option letter, such as "b" (any case, spaces ignored)."""
    if not isinstance(value, str) or value.strip().lower() not in options:
        allowed = ", ".join(f'"{o}"' for o in options)
        raise AssertionError(f"{name} should be one of the letters {allowed}; it is {value!r}")


def close(value: object, expected: float, tolerance: float) -> bool:
    """Whether a number is within `tolerance` of the expected one (for hidden checks)."""
    return abs(_real(value, "the answer") - expected) <= tolerance
