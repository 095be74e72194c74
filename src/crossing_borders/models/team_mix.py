from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossing_borders.models._checks import check_range, check_whole
from crossing_borders.models.equations import Equation, HowItWorks, Term, document

#: Valid ranges, used by the explorable and the property tests.
SHARE_RANGE = (0.0, 1.0)
TRADITIONS_RANGE = (1, 5)
SUPPORT_RANGE = (0.0, 1.0)

LOCAL_CAPABILITY = 0.5  # what an all-local crew can do, on the index
REACH = 2.0  # how fast visiting crew add capability
VARIETY = 0.25  # how much each further tradition widens what they add
FRICTION = 0.6  # friction when every working pair crosses traditions
GAP = 0.6  # specialization gap of an all-visiting crew
SUPPORT_ON_FRICTION = 0.6  # share of friction full support removes
SUPPORT_ON_GAP = 0.5  # share of the gap full support removes
PROGRAMME_FIXED = 0.1  # what running a support programme costs before anyone uses it
PROGRAMME_PER_SHARE = 0.1  # and per unit of international share it serves

HOW = HowItWorks(
    equations=(
        Equation(
            r"C = C_L + (1 - C_L)\,\left(1 - e^{-2\,s\,(1 + 0.25\,(k - 1))}\right)",
            "C = C_L + (1 - C_L) (1 - exp(-2 s (1 + 0.25 (k - 1))))",
            "Capability starts at what the local crew can do and rises, with diminishing "
            "returns, as visiting crew bring techniques; more traditions widen what they bring.",
        ),
        Equation(
            r"D = 1 - (1 - s)^2 - s^2 / k",
            "D = 1 - (1 - s)^2 - s^2 / k",
            "The share of working pairs whose two members come from different training "
            "traditions (locals are one tradition, visitors split evenly among k).",
        ),
        Equation(
            r"F = 0.6\,D\,(1 - 0.6\,a)",
            "F = 0.6 D (1 - 0.6 a)",
            "Friction comes from those cross-tradition pairs; support removes up to 60% of it.",
        ),
        Equation(
            r"G = 0.6\,s^2\,(1 - 0.5\,a)",
            "G = 0.6 s^2 (1 - 0.5 a)",
            "Specialization gaps (local rules, unions, financing) grow as fewer locals are "
            "there to guide visitors; support halves them at most.",
        ),
        Equation(
            r"P = a\,(0.1 + 0.1\,s)",
            "P = a (0.1 + 0.1 s)",
            "The support programme costs money and time: a fixed part, and a part for each "
            "visitor it serves.",
        ),
        Equation(
            r"N = C - F - G - P",
            "N = C - F - G - P",
            "Net benefit weighs the gain against the three costs, one for one.",
        ),
    ),
    terms=(
        Term("s", "s", "international share of the crew, 0 to 1"),
        Term("k", "k", "training traditions among the visiting crew, 1 to 5"),
        Term("a", "a", "adaptation support: 0 none, 0.5 partial, 1 full"),
        Term("C_L", "C_L", "what an all-local crew can do: 0.5 on the index"),
        Term("C", "C", "technical capability of the whole crew, 0 to 1"),
        Term("D", "D", "share of working pairs that cross traditions, 0 to 1"),
        Term("F, G, P", "F, G, P", "friction, specialization gaps, programme cost"),
        Term("N", "N", "net benefit; an all-local crew without a programme scores 0.5"),
    ),
    assumptions=(
        "The local crew already has real capability (0.5 on the index); visiting crew add "
        "to it with diminishing returns.",
        "Friction scales with the number of working pairs that cross training traditions, "
        "so it is highest in a half-and-half crew and falls again in an all-visiting one.",
        "Specialization gaps rise with the visiting share: fewer locals know the rules.",
        "Adaptation support is not free: it has a fixed cost and a cost per visitor served.",
        "All terms are unitless indices weighed one for one; only shapes and differences "
        "carry meaning. Every coefficient is chosen to show the mechanism; none is measured.",
    ),
)

__doc__ = document(
    """Chapter 1 teaching model: a production crew's mix, what it can do against what it costs.

What it represents: the essay's claim that visiting professionals raise technical
standards while bringing methods that "harmonize and clash" with local practice,
and its "specialization gaps" and "adaptive strategies". A crew's international
share and the number of training traditions its visitors come from raise a
capability index; the same mix brings friction between traditions and gaps in
local knowledge; an adaptation-support programme lowers both, at a price.""",
    HOW,
)


@dataclass(frozen=True)
class TeamMix:
    """Indices for one crew mix, plus the curves over every share for plotting."""

    share: float
    traditions: int
    support: float
    capability: float
    friction: float
    gap: float
    cost: float
    net: float
    best_share: float
    curve_share: np.ndarray
    curve_capability: np.ndarray
    curve_costs: np.ndarray  # friction + gap + programme cost
    curve_net: np.ndarray

    @property
    def beats_all_local(self) -> bool:
        """Net benefit above an all-local crew's with no programme (0.5)."""
        return self.net > LOCAL_CAPABILITY + 1e-9

    @property
    def gain_over_local(self) -> float:
        return self.net - LOCAL_CAPABILITY


def capability(share, traditions: int):
    """Technical capability, from C_L (all local) toward 1: diminishing returns in share."""
    widening = 1.0 + VARIETY * (traditions - 1)
    gained = 1.0 - np.exp(-REACH * np.asarray(share, dtype=float) * widening)
    return LOCAL_CAPABILITY + (1.0 - LOCAL_CAPABILITY) * gained


def crossing_pairs(share, traditions: int):
    """Share of working pairs whose members trained in different traditions (0-1)."""
    s = np.asarray(share, dtype=float)
    # 1 - (1 - s)^2 - s^2 / k, factored so that it cannot dip below 0 by rounding.
    return s * (2.0 - s - s / traditions)


def costs(share, traditions: int, support: float):
    """(friction, specialization gap, programme cost) at a share, or over an array."""
    s = np.asarray(share, dtype=float)
    friction = FRICTION * crossing_pairs(s, traditions) * (1.0 - SUPPORT_ON_FRICTION * support)
    gap = GAP * s**2 * (1.0 - SUPPORT_ON_GAP * support)
    programme = support * (PROGRAMME_FIXED + PROGRAMME_PER_SHARE * s)
    return friction, gap, programme


def team_mix(share: float, traditions: int, support: float) -> TeamMix:
    """Evaluate a crew mix.

    share: fraction of the crew trained abroad, 0 to 1 (unitless).
    traditions: distinct training traditions among the visiting crew, whole number 1 to 5.
    support: adaptation support for visiting crew, 0 (none) to 1 (full).
    """
    share = check_range(share, *SHARE_RANGE, "share")
    support = check_range(support, *SUPPORT_RANGE, "support")
    traditions = check_whole(traditions, *TRADITIONS_RANGE, "traditions")
    grid = np.linspace(0.0, 1.0, 101)
    cap_curve = capability(grid, traditions)
    cost_curve = sum(costs(grid, traditions, support))
    net_curve = cap_curve - cost_curve
    friction, gap, programme = (float(c) for c in costs(share, traditions, support))
    cap = float(capability(share, traditions))
    for a in (grid, cap_curve, cost_curve, net_curve):
        a.setflags(write=False)
    return TeamMix(
        share=share,
        traditions=traditions,
        support=support,
        capability=cap,
        friction=friction,
        gap=gap,
        cost=programme,
        net=cap - friction - gap - programme,
        best_share=float(grid[int(np.argmax(net_curve))]),
        curve_share=grid,
        curve_capability=cap_curve,
        curve_costs=cost_curve,
        curve_net=net_curve,
    )
