"""How the explorables' values read on screen."""

from __future__ import annotations

from crossing_borders.explorables.spec import Explorable, Value


def percent(value: Value) -> str:
    return f"{float(value):.0%}"


def steps(*values: float) -> tuple[float, ...]:
    """Control values rounded to two places, so 0.1 * 3 is stored and shown as 0.3."""
    return tuple(round(v, 2) for v in values)


def holds(explorable: Explorable, result: object) -> str:
    """'holds' or 'does not hold': the claim's verdict on one state, for a try's answer."""
    return "holds" if explorable.claim.holds(result) else "does not hold"


def listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
