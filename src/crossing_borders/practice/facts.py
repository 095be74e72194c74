"""The numbers self-checks ask for, computed from the models when the book is built.

A `number` self-check names one of these functions as its `answer`, so the value a
reader is judged against is the value the explorable on the same page shows:
one source for each fact, never a figure typed into a chapter. Most are read at
the explorable's starting setting (its controls' defaults), which is what a reader
sees before touching anything. Each returns the number in the unit the question
asks for (percentages as 0-100).
"""

from __future__ import annotations

from typing import Any

from crossing_borders.models import coproduction as cop
from crossing_borders.models import policy_lab as lab


def at_start(name: str) -> Any:
    """A model's result at its explorable's starting setting."""
    from crossing_borders.explorables.catalog import CATALOG  # plotting stack: import late

    explorable = CATALOG[name]
    return explorable.compute(**{c.name: c.default for c in explorable.controls})


def team_mix_peak_share() -> float:
    """Chapter 1: the international share (%) at which net benefit peaks, at the start setting."""
    return 100 * at_start("team_mix").best_share


def skill_kept_in_last_year() -> float:
    """Chapter 2: local skill above the no-visitor path in the last year, at the start setting."""
    return at_start("skill_transfer").kept_skill


def coproduction_budget_multiple() -> float:
    """Chapter 3: how many times the local money the film is, at the start setting."""
    return at_start("coproduction").budget_multiple


def bilateral_ceiling() -> float:
    """Chapter 3: the most one co-producer may bring to a bilateral co-production (%), CETS 220."""
    return 100 * cop.BILATERAL_LIMITS[1]


def international_peak_authenticity() -> float:
    """Chapter 4: the authenticity share (%) at which international reception peaks, at start."""
    return 100 * at_start("reception").best_international


def distinctiveness_change() -> float:
    """Chapter 5: the change in distinctiveness over the horizon, at the start setting."""
    return at_start("policy_lab").changes[lab.INDICATORS.index("Distinctiveness")]


def balanced_health() -> float:
    """Chapter 6: the health score of the balanced preset, at the start setting."""
    return at_start("openness_map").presets["balanced"][2]
