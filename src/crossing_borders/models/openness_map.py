from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from crossing_borders.models._checks import check_range
from crossing_borders.models.equations import Equation, HowItWorks, Term, document

#: Valid ranges, used by the explorable and the property tests.
OPENNESS_RANGE = (0.0, 1.0)
STEWARDSHIP_RANGE = (0.0, 1.0)
HORIZON_RANGE = (1.0, 50.0)
WEIGHT_RANGE = (0.0, 1.0)
#: Documented bounds of the health index.
HEALTH_BOUNDS = (-0.4, 1.0)

#: The three preset policies: (openness, stewardship).
PRESETS: dict[str, tuple[float, float]] = {
    "closed": (0.25, 0.75),
    "open": (1.0, 0.25),
    "balanced": (0.5, 0.5),
}
GRID_POINTS = 21
#: A policy with both levers in this range counts as balanced (neither at an extreme).
BALANCED = (0.25, 0.75)

HOW = HowItWorks(
    equations=(
        Equation(
            r"m = 1 - e^{-T/8}",
            "m = 1 - exp(-T / 8)",
            "The share of the slow effects visible after T years: 0.31 after 3 years, 0.71 "
            "after 10, 0.92 after 20.",
        ),
        Equation(
            r"A = 1 - e^{-2.5\,o}",
            "A = 1 - exp(-2.5 o)",
            "Access to resources, know-how and markets arrives quickly with openness, with "
            "diminishing returns.",
        ),
        Equation(
            r"V = (0.4 + 0.6\,m\sqrt{s})\,(1 - 0.6\,m\,o\,(1 - s))",
            "V = (0.4 + 0.6 m sqrt(s)) (1 - 0.6 m o (1 - s))",
            "Local voice is built slowly by stewardship, and diluted, slowly too, by openness "
            "that stewardship does not guide.",
        ),
        Equation(
            r"K = 0.2\,(o^2 + s^2)",
            "K = 0.2 (o^2 + s^2)",
            "Both levers draw on limited public money and attention, at a rising cost.",
        ),
        Equation(
            r"H = (1 - w)\,A + w\,V - K",
            "H = (1 - w) A + w V - K",
            "Ecosystem health weighs access against voice: w is a value judgement, yours to set.",
        ),
    ),
    terms=(
        Term("o, s", "o, s", "openness and stewardship, each from 0 to 1"),
        Term("T", "T", "years after which the policy is judged"),
        Term(
            "w",
            "w",
            "weight on local voice (1 - w on access), 0 to 1; the page offers 0.25, 0.5, 0.75",
        ),
        Term("A, V, K", "A, V, K", "access, local voice and the cost of the levers"),
        Term("H", "H", "ecosystem health, a teaching index (unitless)"),
    ),
    assumptions=(
        "Openness brings resources, know-how and markets quickly, with diminishing returns.",
        "Stewardship builds local voice slowly; openness without stewardship slowly dilutes it.",
        "Both levers cost public money and attention, with rising marginal cost.",
        "How much local voice counts against access is a value judgement (the weight w), "
        "set by the reader, not by the model.",
        "Presets: closed (openness 0.25, stewardship 0.75), open (1.0, 0.25), balanced (0.5, 0.5).",
        "Forms and coefficients are chosen to show one idea; none is measured and no real "
        "country sits on this map. The health index is unitless.",
    ),
)

__doc__ = document(
    """Chapter 6 teaching model: policies on an openness-stewardship map.

What it represents: the essay's closing claim that "the trick lies in balancing
openness with stewardship, ensuring that global flows enrich rather than dilute
local voices". A national policy is a point on a map: openness (how easily foreign
talent, capital and co-productions come in) against stewardship (how much is
invested in and safeguarded for local voices). A teaching ecosystem-health index
is computed for every point, over a chosen horizon and with a chosen weight on
local voice against access, so the landscape, three presets and the reader's
policy can be compared.""",
    HOW,
)


@dataclass(frozen=True)
class OpennessMap:
    """The health landscape over the map, with the reader's policy and the presets on it."""

    openness: float
    stewardship: float
    horizon: float
    voice_weight: float
    health: float
    access: float
    voice: float
    cost: float
    grid: np.ndarray  # GRID_POINTS values from 0 to 1, for both axes
    landscape: np.ndarray  # health[stewardship index, openness index]
    best: tuple[float, float]  # (openness, stewardship) of the best grid point
    best_health: float
    presets: Mapping[str, tuple[float, float, float]]  # name -> (openness, stewardship, health)

    @property
    def best_preset(self) -> str:
        return max(self.presets, key=lambda name: self.presets[name][2])

    @property
    def best_is_balanced(self) -> bool:
        """The best point on the map has neither lever at an extreme."""
        low, high = BALANCED
        return all(low - 1e-9 <= v <= high + 1e-9 for v in self.best)


def maturity(horizon: float) -> float:
    """Share of the slow (stewardship and dilution) effects visible after `horizon` years."""
    return 1.0 - float(np.exp(-horizon / 8.0))


def components(openness, stewardship, horizon: float, voice_weight: float = 0.5):
    """(access, voice, cost, health) at one point or element-wise over arrays."""
    o = np.asarray(openness, dtype=float)
    s = np.asarray(stewardship, dtype=float)
    m = maturity(horizon)
    access = 1.0 - np.exp(-2.5 * o)
    voice = (0.4 + 0.6 * m * np.sqrt(s)) * (1.0 - 0.6 * m * o * (1.0 - s))
    cost = 0.2 * (o**2 + s**2)
    return access, voice, cost, (1.0 - voice_weight) * access + voice_weight * voice - cost


def openness_map(
    openness: float, stewardship: float, horizon: float = 10, voice_weight: float = 0.5
) -> OpennessMap:
    """Place a policy on the map.

    openness: how open the industry is to foreign talent, capital and
        co-productions, unitless, 0 (closed) to 1 (fully open).
    stewardship: how strongly local voices are invested in and safeguarded,
        unitless, 0 (not at all) to 1 (strongly).
    horizon: years after which the policy is judged, 1 to 50.
    voice_weight: how much local voice counts against access in the health index,
        0 (only access) to 1 (only voice); a value judgement (default 0.5).

    Returns the health index (within [-0.4, 1]) and its parts at the point, the
    landscape on a 21 x 21 grid (step 0.05), the best grid point and the three presets'
    scores.
    """
    o = check_range(openness, *OPENNESS_RANGE, "openness")
    s = check_range(stewardship, *STEWARDSHIP_RANGE, "stewardship")
    horizon = check_range(horizon, *HORIZON_RANGE, "horizon")
    w = check_range(voice_weight, *WEIGHT_RANGE, "voice_weight")

    grid = np.linspace(0.0, 1.0, GRID_POINTS)
    og, sg = np.meshgrid(grid, grid)
    landscape = components(og, sg, horizon, w)[3]
    i_s, i_o = np.unravel_index(int(np.argmax(landscape)), landscape.shape)
    access, voice, cost, health = (float(v) for v in components(o, s, horizon, w))
    presets = {
        name: (po, ps, float(components(po, ps, horizon, w)[3]))
        for name, (po, ps) in PRESETS.items()
    }
    for a in (grid, landscape):
        a.setflags(write=False)
    return OpennessMap(
        openness=o,
        stewardship=s,
        horizon=horizon,
        voice_weight=w,
        health=health,
        access=access,
        voice=voice,
        cost=cost,
        grid=grid,
        landscape=landscape,
        best=(float(grid[i_o]), float(grid[i_s])),
        best_health=float(landscape[i_s, i_o]),
        presets=MappingProxyType(presets),
    )
