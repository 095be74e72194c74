"""Chapter 5 teaching model: splitting a fixed culture budget across four programmes.

What it represents: the essay's list of policy levers ("tax incentives for
co-productions, funding for homegrown talent pipelines", archival restoration,
"subtitling and dubbing that honor linguistic nuance") and its claim that policy
mediates "between openness and protection". A fixed yearly budget is split
across four programmes; five indicators then move, year by year for ten years,
toward the level that split can sustain.

Equations (C, T, H, S = shares of the budget for co-production incentives,
homegrown talent training, heritage and archive restoration, subtitling and
dubbing; they add up to 1):
- Diminishing returns: each programme's effect is
  ``g(share) = (1 - exp(-3 * share)) / (1 - exp(-3))``, 0 at 0 and 1 at the whole
  budget; the first quarter of the budget does about half of what the whole could.
- Each indicator I starts at a year-0 level and each year moves a fixed fraction
  (its speed) of the way toward its target: ``I[t+1] = I[t] + speed * (target - I[t])``.
- Targets (all 0-1):
  local employment share: ``0.5 + 0.4 g(T) - 0.15 g(C) (1 - g(T))`` (co-productions
  bring visiting crews unless locals are trained to fill the posts);
  international investment: ``0.1 + 0.6 g(C) + 0.2 g(T) + 0.1 g(S)``;
  archive preserved: ``0.1 + 0.85 g(H)`` (unfunded archives decay toward 0.1);
  audience reach: ``0.15 + 0.5 g(S) + 0.15 g(C) + 0.1 g(H) + 0.1 g(T)``;
  distinctiveness: ``0.35 + 0.3 g(T) + 0.3 g(H) - 0.25 g(C) (1 - g(T))``.
- Speeds: training-driven indicators move slowly (employment 0.15 a year,
  distinctiveness 0.2), archives 0.15, investment 0.4 and reach 0.5.

Assumptions (teaching model, not an empirical estimate): every coefficient,
starting level and speed is chosen to make trade-offs visible, none is
measured. The budget is the same every year; programmes do not change over the
decade; the indicators are unitless 0-1 indices whose differences, not levels,
carry meaning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from crossing_borders.models._checks import check_range, check_whole

#: Valid ranges, used by the explorable and the property tests.
SHARE_RANGE = (0.0, 1.0)
YEARS_RANGE = (1, 30)
#: Ranges of the explorable's nested split (see `split_budget`).
OUTWARD_RANGE = (0.0, 1.0)
PART_RANGE = (0.0, 1.0)

PROGRAMMES = (
    "Co-production incentives",
    "Homegrown talent training",
    "Heritage and archive restoration",
    "Subtitling and dubbing",
)
INDICATORS = (
    "Local employment share",
    "International investment",
    "Archive preserved",
    "Audience reach",
    "Distinctiveness",
)
START = np.array([0.5, 0.2, 0.3, 0.3, 0.5])
SPEED = np.array([0.15, 0.4, 0.15, 0.5, 0.2])


@dataclass(frozen=True)
class PolicyLab:
    """Ten-year (or `years`-year) paths of the five indicators for one budget split."""

    shares: tuple[float, float, float, float]
    years: np.ndarray
    paths: np.ndarray  # shape (len(INDICATORS), years + 1)
    targets: tuple[float, ...]
    reference: tuple[float, ...]  # final values with an even 25% split, for comparison

    @property
    def final(self) -> tuple[float, ...]:
        return tuple(float(v) for v in self.paths[:, -1])

    @property
    def weakest(self) -> str:
        return INDICATORS[int(np.argmin(self.paths[:, -1]))]

    @property
    def strongest(self) -> str:
        return INDICATORS[int(np.argmax(self.paths[:, -1]))]


def returns(share: float) -> float:
    """Diminishing returns to a programme's share of the budget, 0 at 0 and 1 at 1."""
    return (1.0 - math.exp(-3.0 * share)) / (1.0 - math.exp(-3.0))


def targets(coproduction: float, training: float, heritage: float, versioning: float):
    """The level each indicator tends toward under a budget split (all in [0, 1])."""
    c, t, h, s = (returns(x) for x in (coproduction, training, heritage, versioning))
    return np.array(
        [
            0.5 + 0.4 * t - 0.15 * c * (1.0 - t),
            0.1 + 0.6 * c + 0.2 * t + 0.1 * s,
            0.1 + 0.85 * h,
            0.15 + 0.5 * s + 0.15 * c + 0.1 * h + 0.1 * t,
            0.35 + 0.3 * t + 0.3 * h - 0.25 * c * (1.0 - t),
        ]
    )


def _paths(target: np.ndarray, years: int) -> np.ndarray:
    # I[t] = target + (start - target) * (1 - speed) ** t solves the yearly recurrence.
    t = np.arange(years + 1)
    return target[:, None] + (START - target)[:, None] * (1.0 - SPEED)[:, None] ** t[None, :]


def policy_lab(
    coproduction: float, training: float, heritage: float, versioning: float, years: int = 10
) -> PolicyLab:
    """Run the budget model on a split of the budget.

    coproduction, training, heritage, versioning: shares of the fixed yearly budget
        for co-production incentives, homegrown talent training, heritage and
        archive restoration, and subtitling and dubbing; fractions from 0 to 1
        that must add up to 1 (within 1e-6).
    years: horizon in years, a whole number from 1 to 30 (default 10).

    Returns the yearly paths (years 0..years) of the five indicators, each a
    unitless index in [0, 1], their targets, and the final values an even split
    would give.
    """
    shares = tuple(
        check_range(v, *SHARE_RANGE, name)
        for v, name in (
            (coproduction, "coproduction"),
            (training, "training"),
            (heritage, "heritage"),
            (versioning, "versioning"),
        )
    )
    if not math.isclose(sum(shares), 1.0, abs_tol=1e-6):
        raise ValueError(f"the four shares must add up to 1, got {sum(shares)!r}")
    years = check_whole(years, *YEARS_RANGE, "years")
    target = targets(*shares)
    paths = _paths(target, years)
    reference = _paths(targets(0.25, 0.25, 0.25, 0.25), years)[:, -1]
    steps = np.arange(years + 1)
    for a in (steps, paths):
        a.setflags(write=False)
    return PolicyLab(
        shares=shares,
        years=steps,
        paths=paths,
        targets=tuple(float(v) for v in target),
        reference=tuple(float(v) for v in reference),
    )


def split_budget(
    outward: float, coproduction_part: float, training_part: float
) -> tuple[float, float, float, float]:
    """Turn a nested split into the four programme shares (they always add up to 1).

    outward: share of the budget for outward-facing programmes (co-production
        incentives plus subtitling and dubbing), 0 to 1; the rest goes to the
        home-facing ones (training plus heritage).
    coproduction_part: part of the outward share for co-production incentives,
        0 to 1; the rest of it goes to subtitling and dubbing.
    training_part: part of the home-facing share for talent training, 0 to 1;
        the rest of it goes to heritage and archive restoration.

    Returns (coproduction, training, heritage, versioning). Every combination of
    valid inputs is a valid split, so no combination has to be clipped.
    """
    outward = check_range(outward, *OUTWARD_RANGE, "outward")
    cp = check_range(coproduction_part, *PART_RANGE, "coproduction_part")
    tp = check_range(training_part, *PART_RANGE, "training_part")
    home = 1.0 - outward
    return (outward * cp, home * tp, home * (1.0 - tp), outward * (1.0 - cp))


def policy_lab_split(
    outward: float, coproduction_part: float, training_part: float, years: int = 10
) -> PolicyLab:
    """`policy_lab` on the split that `split_budget` makes (the explorable's model)."""
    return policy_lab(*split_budget(outward, coproduction_part, training_part), years=years)
