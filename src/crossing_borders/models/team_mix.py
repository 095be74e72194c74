"""Chapter 1 teaching model: a production team's mix, capability against friction.

What it represents: the essay's claim that visiting professionals both raise
technical standards and bring methods that "harmonize and clash" with local
practice. A crew's international share `share` and the number of distinct
training traditions `traditions` raise a capability index; the same mix raises a
coordination-friction index, which support for adapting to local rules (union
requirements, regulations, set etiquette) dampens.

Assumptions (teaching model, not an empirical estimate):
- Capability rises with diminishing returns in the international share: each
  extra visiting professional adds less than the one before.
- More training traditions widen what the crew can do (a diversity bonus).
- Friction grows with the square of the international share (coordination costs
  scale with the number of cross-tradition working pairs) and with the number of
  traditions; adaptation support removes up to 70% of it.
- Both indices are unitless, on a 0 to 1 scale; only their differences and shapes
  carry meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossing_borders.models._checks import check_range, check_whole

#: Valid ranges, used by the explorable and the property tests.
SHARE_RANGE = (0.0, 1.0)
TRADITIONS_RANGE = (1, 5)
SUPPORT_RANGE = (0.0, 1.0)


@dataclass(frozen=True)
class TeamMix:
    """Indices for one crew mix, plus the curves over every share for plotting."""

    share: float
    traditions: int
    support: float
    capability: float
    friction: float
    net: float
    best_share: float
    curve_share: np.ndarray
    curve_capability: np.ndarray
    curve_friction: np.ndarray
    curve_net: np.ndarray


def capability(share: np.ndarray | float, traditions: int) -> np.ndarray:
    """Capability index in [0, 1): diminishing returns, bigger with more traditions."""
    diversity = 1.0 + 0.25 * (traditions - 1)
    return 1.0 - np.exp(-2.0 * np.asarray(share, dtype=float) * diversity)


def friction(share: np.ndarray | float, traditions: int, support: float) -> np.ndarray:
    """Coordination friction in [0, 1]: quadratic in share, damped by adaptation support."""
    spread = 0.3 + 0.7 * (traditions - 1) / 4
    return (1.0 - 0.7 * support) * spread * np.asarray(share, dtype=float) ** 2


def team_mix(share: float, traditions: int, support: float) -> TeamMix:
    """Evaluate a crew mix.

    share: fraction of the crew trained abroad, 0 to 1 (unitless).
    traditions: distinct training traditions in the crew, whole number 1 to 5.
    support: adaptation support for visiting crew, 0 (none) to 1 (full).
    """
    share = check_range(share, *SHARE_RANGE, "share")
    support = check_range(support, *SUPPORT_RANGE, "support")
    traditions = check_whole(traditions, *TRADITIONS_RANGE, "traditions")
    grid = np.linspace(0.0, 1.0, 101)
    cap_curve = capability(grid, traditions)
    fri_curve = friction(grid, traditions, support)
    net_curve = cap_curve - fri_curve
    cap = float(capability(share, traditions))
    fri = float(friction(share, traditions, support))
    return TeamMix(
        share=share,
        traditions=traditions,
        support=support,
        capability=cap,
        friction=fri,
        net=cap - fri,
        best_share=float(grid[int(np.argmax(net_curve))]),
        curve_share=grid,
        curve_capability=cap_curve,
        curve_friction=fri_curve,
        curve_net=net_curve,
    )
