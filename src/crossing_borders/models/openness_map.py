"""Chapter 6 teaching model: policies on an openness-stewardship map.

What it represents: the essay's closing claim that "the trick lies in balancing
openness with stewardship, ensuring that global flows enrich rather than dilute
local voices". A national policy is a point on a map: openness (how easily
foreign talent, capital and co-productions come in) against stewardship (how
much is invested in and safeguarded for local voices: training, protected
posts, heritage, language). A teaching "ecosystem health" index is computed for
every point, so the whole landscape, three preset policies and the reader's own
policy can be compared, over a chosen time horizon.

Equations (o = openness, s = stewardship, both 0-1; T = horizon in years):
- Maturity of slow effects: ``m = 1 - exp(-T / 8)`` (0.31 after 3 years, 0.71
  after 10, 0.92 after 20).
- Access to resources, know-how and markets, which arrives quickly:
  ``access = 1 - exp(-2.5 o)``.
- Local voice, built by stewardship and diluted by openness that stewardship does
  not guide, both slowly: ``voice = (0.4 + 0.6 m sqrt(s)) (1 - 0.6 m o (1 - s))``.
- Cost: both levers draw on limited public money and administrative attention,
  with rising marginal cost: ``cost = 0.2 (o^2 + s^2)``.
- Health = ``0.5 access + 0.5 voice - cost``, within [-0.4, 1].

Assumptions (teaching model, not an empirical estimate): the functional forms and
coefficients are chosen to show one idea, that openness pays off quickly while
stewardship pays off slowly and keeps openness from diluting local voices; none
is measured, and no real country sits at a point on this map. The index is
unitless; only its shape and differences carry meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from crossing_borders.models._checks import check_range

#: Valid ranges, used by the explorable and the property tests.
OPENNESS_RANGE = (0.0, 1.0)
STEWARDSHIP_RANGE = (0.0, 1.0)
HORIZON_RANGE = (1.0, 50.0)
#: Documented bounds of the health index.
HEALTH_BOUNDS = (-0.4, 1.0)

#: The three preset policies: (openness, stewardship).
PRESETS: dict[str, tuple[float, float]] = {
    "closed": (0.2, 0.8),
    "open": (1.0, 0.2),
    "balanced": (0.6, 0.6),
}
GRID_POINTS = 21


@dataclass(frozen=True)
class OpennessMap:
    """The health landscape over the map, with the reader's policy and the presets on it."""

    openness: float
    stewardship: float
    horizon: float
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


def maturity(horizon: float) -> float:
    """Share of the slow (stewardship and dilution) effects visible after `horizon` years."""
    return 1.0 - float(np.exp(-horizon / 8.0))


def components(openness, stewardship, horizon: float):
    """(access, voice, cost, health) at one point or element-wise over arrays."""
    o = np.asarray(openness, dtype=float)
    s = np.asarray(stewardship, dtype=float)
    m = maturity(horizon)
    access = 1.0 - np.exp(-2.5 * o)
    voice = (0.4 + 0.6 * m * np.sqrt(s)) * (1.0 - 0.6 * m * o * (1.0 - s))
    cost = 0.2 * (o**2 + s**2)
    return access, voice, cost, 0.5 * access + 0.5 * voice - cost


def openness_map(openness: float, stewardship: float, horizon: float = 10) -> OpennessMap:
    """Place a policy on the map.

    openness: how open the industry is to foreign talent, capital and
        co-productions, unitless, 0 (closed) to 1 (fully open).
    stewardship: how strongly local voices are invested in and safeguarded,
        unitless, 0 (not at all) to 1 (strongly).
    horizon: years after which the policy is judged, 1 to 50.

    Returns the health index (within [-0.4, 1]) and its parts at the point, the
    landscape on a 21 x 21 grid (step 0.05), the best grid point and the three presets'
    scores.
    """
    o = check_range(openness, *OPENNESS_RANGE, "openness")
    s = check_range(stewardship, *STEWARDSHIP_RANGE, "stewardship")
    horizon = check_range(horizon, *HORIZON_RANGE, "horizon")

    grid = np.linspace(0.0, 1.0, GRID_POINTS)
    og, sg = np.meshgrid(grid, grid)
    landscape = components(og, sg, horizon)[3]
    i_s, i_o = np.unravel_index(int(np.argmax(landscape)), landscape.shape)
    access, voice, cost, health = (float(v) for v in components(o, s, horizon))
    presets = {
        name: (po, ps, float(components(po, ps, horizon)[3])) for name, (po, ps) in PRESETS.items()
    }
    for a in (grid, landscape):
        a.setflags(write=False)
    return OpennessMap(
        openness=o,
        stewardship=s,
        horizon=horizon,
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
