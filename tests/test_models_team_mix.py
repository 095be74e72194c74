"""The chapter 1 crew-mix model: its equations by hand, its mechanics and its ranges."""

from __future__ import annotations

import math
from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossing_borders.models.team_mix import (
    HOW,
    LOCAL_CAPABILITY,
    SHARE_RANGE,
    SUPPORT_RANGE,
    TRADITIONS_RANGE,
    crossing_pairs,
    team_mix,
)

# The equations as HOW states them; the test below holds the docstring to these.
EQUATIONS = (
    "C = C_L + (1 - C_L) (1 - exp(-2 s (1 + 0.25 (k - 1))))",
    "D = 1 - (1 - s)^2 - s^2 / k",
    "F = 0.6 D (1 - 0.6 a)",
    "G = 0.6 s^2 (1 - 0.5 a)",
    "P = a (0.1 + 0.1 s)",
    "N = C - F - G - P",
)


def by_hand(s, k, a):
    """(C, F, G, P, N) typed from EQUATIONS, with C_L = 0.5."""
    c = 0.5 + 0.5 * (1 - math.exp(-2 * s * (1 + 0.25 * (k - 1))))
    d = 1 - (1 - s) ** 2 - s**2 / k
    f, g, p = 0.6 * d * (1 - 0.6 * a), 0.6 * s**2 * (1 - 0.5 * a), a * (0.1 + 0.1 * s)
    return c, f, g, p, c - f - g - p


def test_how_states_the_equations_tested_here():
    assert tuple(eq.text for eq in HOW.equations) == EQUATIONS


@pytest.mark.parametrize(("s", "k", "a"), [(0.3, 3, 0.5), (0.7, 1, 0.0), (0.45, 5, 1.0)])
def test_known_values_by_hand(s, k, a):
    r = team_mix(s, k, a)
    c, f, g, p, n = by_hand(s, k, a)
    assert (r.capability, r.friction, r.gap, r.cost, r.net) == pytest.approx((c, f, g, p, n))
    assert r.curve_net[round(100 * s)] == pytest.approx(n)


def test_one_point_in_plain_numbers():
    # s = 0.5, k = 2, a = 0: C = 0.5 + 0.5 (1 - e^-1.25), D = 1 - 0.25 - 0.125 = 0.625.
    r = team_mix(0.5, 2, 0.0)
    assert r.capability == pytest.approx(1 - 0.5 * math.exp(-1.25))
    assert r.friction == pytest.approx(0.375) and r.gap == pytest.approx(0.15)
    assert r.cost == 0.0


def test_all_local_crew_scores_local_capability():
    r = team_mix(0.0, 3, 0.0)
    assert r.capability == LOCAL_CAPABILITY == 0.5 and r.net == 0.5
    assert r.friction == r.gap == r.cost == 0.0 and not r.beats_all_local


@pytest.mark.parametrize(("s", "k"), [(0.2, 2), (0.5, 3), (0.4, 4), (0.25, 5), (0.75, 3), (1, 5)])
def test_crossing_pairs_by_brute_force(s, k):
    size = 60
    visitors = round(size * s)
    crew = [0] * (size - visitors) + [1 + i % k for i in range(visitors)]
    crossing = sum(a != b for a, b in product(crew, repeat=2)) / size**2
    assert crossing_pairs(s, k) == pytest.approx(crossing)


@pytest.mark.parametrize("k", [1, 3, 5])
def test_friction_peaks_at_an_intermediate_share(k):
    r = team_mix(0.5, k, 0.0)
    friction = 0.6 * crossing_pairs(r.curve_share, k)
    peak = r.curve_share[int(np.argmax(friction))]
    assert 0.0 < peak < 1.0 and peak == pytest.approx(k / (k + 1), abs=0.01)
    assert friction[0] == 0.0 and friction[-1] < friction.max()


def test_one_tradition_all_visiting_crew_has_no_friction():
    assert team_mix(1.0, 1, 0.0).friction == 0.0


def test_best_share_is_below_one_everywhere():
    for k, a in product(range(1, 6), (0.0, 0.25, 0.5, 0.75, 1.0)):
        r = team_mix(0.5, k, a)
        assert 0.0 <= r.best_share < 1.0
        assert r.curve_net[round(100 * r.best_share)] == r.curve_net.max()


def test_support_costs_at_a_small_share_and_pays_at_a_large_one():
    assert team_mix(0.1, 3, 1.0).net < team_mix(0.1, 3, 0.0).net
    assert team_mix(0.4, 3, 1.0).net > team_mix(0.4, 3, 0.0).net


def test_beats_all_local_depends_on_the_mix():
    assert team_mix(0.3, 5, 1.0).beats_all_local
    assert not team_mix(0.3, 1, 0.0).beats_all_local
    assert not team_mix(0.0, 1, 1.0).beats_all_local  # a programme with nobody to serve


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"share": -0.1}, "share must lie in"),
        ({"share": 1.1}, "share must lie in"),
        ({"share": math.nan}, "share must lie in"),
        ({"share": "0.3"}, "share must be a number"),
        ({"traditions": 0}, "traditions must be a whole number"),
        ({"traditions": 6}, "traditions must be a whole number"),
        ({"traditions": 2.5}, "traditions must be a whole number"),
        ({"traditions": True}, "traditions must be a whole number"),
        ({"support": 1.5}, "support must lie in"),
        ({"support": math.inf}, "support must lie in"),
    ],
)
def test_rejects_invalid_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        team_mix(**{"share": 0.3, "traditions": 3, "support": 0.5, **kwargs})


@settings(max_examples=150, deadline=None)
@given(
    share=st.floats(*SHARE_RANGE),
    traditions=st.integers(*TRADITIONS_RANGE),
    support=st.floats(*SUPPORT_RANGE),
)
def test_outputs_finite_and_within_bounds(share, traditions, support):
    r = team_mix(share, traditions, support)
    values = (r.capability, r.friction, r.gap, r.cost, r.net, r.best_share)
    assert all(math.isfinite(v) for v in values)
    assert LOCAL_CAPABILITY <= r.capability <= 1.0
    # Friction may dip below 0 by rounding (1 - (1 - s)^2 cancels when s < 1e-16).
    assert -1e-12 <= r.friction <= 0.6 and 0.0 <= r.gap <= 0.6 and 0.0 <= r.cost <= 0.2
    assert r.net == pytest.approx(r.capability - r.friction - r.gap - r.cost)
    assert -1.0 <= r.net <= 1.0 and 0.0 <= r.best_share < 1.0
    assert np.all(np.isfinite(r.curve_net)) and np.all(np.diff(r.curve_capability) >= 0)
