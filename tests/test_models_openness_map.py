"""The chapter 6 openness-stewardship map: components, presets, the best point and bounds."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossing_borders.models.openness_map import (
    BALANCED,
    HEALTH_BOUNDS,
    HORIZON_RANGE,
    OPENNESS_RANGE,
    PRESETS,
    STEWARDSHIP_RANGE,
    WEIGHT_RANGE,
    openness_map,
)


def by_hand(o, s, horizon, w):
    """(A, V, K, H) from the equations in HOW, with numpy only (works on grids too)."""
    m = 1 - math.exp(-horizon / 8)
    access = 1 - np.exp(-2.5 * o)
    voice = (0.4 + 0.6 * m * np.sqrt(s)) * (1 - 0.6 * m * o * (1 - s))
    cost = 0.2 * (o**2 + s**2)
    return access, voice, cost, (1 - w) * access + w * voice - cost


@pytest.mark.parametrize(
    "o, s, horizon, w", [(0.6, 0.4, 10, 0.5), (1.0, 0.25, 3, 0.25), (0.2, 0.9, 20, 0.75)]
)
def test_components_match_the_equations_by_hand(o, s, horizon, w):
    r = openness_map(o, s, horizon, w)
    access, voice, cost, health = by_hand(o, s, horizon, w)
    assert (r.access, r.voice, r.cost) == pytest.approx((access, voice, cost), rel=1e-12)
    assert r.health == pytest.approx(health, rel=1e-12)
    assert r.health == pytest.approx((1 - w) * r.access + w * r.voice - r.cost)


def test_a_known_value_in_plain_numbers():
    # At the origin there is no access, no cost and only the base voice of 0.4.
    r = openness_map(0.0, 0.0, 10, 0.5)
    assert (r.access, r.voice, r.cost, r.health) == pytest.approx((0.0, 0.4, 0.0, 0.2))
    # Fully open, no stewardship, 8 years: m = 1 - 1/e.
    m = 1 - 1 / math.e
    r = openness_map(1.0, 0.0, 8, 1.0)
    assert r.voice == pytest.approx(0.4 * (1 - 0.6 * m))
    assert r.health == pytest.approx(0.4 * (1 - 0.6 * m) - 0.2)


def test_the_voice_weight_trades_access_against_voice():
    only_access = openness_map(0.7, 0.3, 10, 0.0)
    only_voice = openness_map(0.7, 0.3, 10, 1.0)
    assert only_access.health == pytest.approx(only_access.access - only_access.cost)
    assert only_voice.health == pytest.approx(only_voice.voice - only_voice.cost)


@pytest.mark.parametrize("horizon, w", [(3, 0.25), (10, 0.5), (20, 0.75)])
def test_landscape_and_best_point_on_the_21_by_21_grid(horizon, w):
    r = openness_map(0.5, 0.5, horizon, w)
    grid = np.linspace(0, 1, 21)
    o, s = np.meshgrid(grid, grid)
    expected = by_hand(o, s, horizon, w)[3]
    np.testing.assert_allclose(r.landscape, expected, rtol=0, atol=1e-12)
    i_s, i_o = np.unravel_index(expected.argmax(), expected.shape)
    assert r.best == pytest.approx((grid[i_o], grid[i_s]))
    assert r.best_health == pytest.approx(expected.max())


def test_the_best_point_in_numbers():
    assert openness_map(0.5, 0.5, 10, 0.5).best == pytest.approx((0.55, 0.55))
    assert openness_map(0.5, 0.5, 3, 0.25).best == pytest.approx((0.7, 0.15))


def test_best_is_balanced_depends_on_horizon_and_weight():
    assert openness_map(0.5, 0.5, 10, 0.5).best_is_balanced
    assert not openness_map(0.5, 0.5, 3, 0.25).best_is_balanced  # stewardship 0.15
    assert not openness_map(0.5, 0.5, 20, 0.75).best_is_balanced  # stewardship 0.95
    for horizon in (3, 10, 20):
        for w in (0.25, 0.5, 0.75):
            r = openness_map(0.5, 0.5, horizon, w)
            low, high = BALANCED
            assert r.best_is_balanced == all(low <= v <= high for v in r.best)


def test_presets_sit_where_documented_and_are_scored_there():
    assert PRESETS == {"closed": (0.25, 0.75), "open": (1.0, 0.25), "balanced": (0.5, 0.5)}
    r = openness_map(0.0, 0.0, 10, 0.75)
    for name, (o, s) in PRESETS.items():
        assert r.presets[name][:2] == (o, s)
        assert r.presets[name][2] == pytest.approx(by_hand(o, s, 10, 0.75)[3])
    with pytest.raises(TypeError):
        r.presets["mine"] = (0.5, 0.5, 0.5)


def test_no_preset_is_best_at_every_horizon_and_weight():
    best = {
        (h, w): openness_map(0.5, 0.5, h, w).best_preset
        for h in (3, 10, 20)
        for w in (0.25, 0.5, 0.75)
    }
    assert set(best.values()) == {"closed", "open", "balanced"}
    assert best[(3, 0.25)] == "open" and best[(10, 0.5)] == "balanced"
    assert best[(20, 0.75)] == "closed"
    assert {best[(h, 0.5)] for h in (3, 10, 20)} == {"balanced"}
    assert len({best[(h, 0.75)] for h in (3, 10, 20)}) > 1  # the horizon changes the answer


def test_openness_without_stewardship_dilutes_voice_over_time():
    voices = [openness_map(1.0, 0.0, h).voice for h in (1, 3, 10, 20, 50)]
    assert voices == sorted(voices, reverse=True) and voices[-1] < 0.7 * voices[0]
    # Closed, the same unstewarded voice does not dilute; full stewardship removes dilution.
    assert openness_map(0.0, 0.0, 50).voice == pytest.approx(0.4)
    assert openness_map(1.0, 1.0, 20).voice == pytest.approx(openness_map(0.0, 1.0, 20).voice)


@pytest.mark.parametrize(
    "args",
    [
        (-0.1, 0.5, 10, 0.5),
        (0.5, 1.5, 10, 0.5),
        (0.5, 0.5, 0, 0.5),
        (0.5, 0.5, 51, 0.5),
        (0.5, 0.5, 10, 1.2),
        (math.nan, 0.5, 10, 0.5),
        (0.5, 0.5, math.inf, 0.5),
    ],
)
def test_rejects_invalid_input(args):
    with pytest.raises(ValueError):
        openness_map(*args)


@settings(max_examples=150, deadline=None)
@given(
    openness=st.floats(*OPENNESS_RANGE),
    stewardship=st.floats(*STEWARDSHIP_RANGE),
    horizon=st.floats(*HORIZON_RANGE),
    voice_weight=st.floats(*WEIGHT_RANGE),
)
def test_outputs_are_finite_and_within_bounds(openness, stewardship, horizon, voice_weight):
    r = openness_map(openness, stewardship, horizon, voice_weight)
    low, high = HEALTH_BOUNDS
    assert math.isfinite(r.health) and low <= r.health <= high
    assert 0.0 <= r.access < 1.0 and 0.0 < r.voice <= 1.0 and 0.0 <= r.cost <= 0.4
    assert np.all(np.isfinite(r.landscape))
    assert np.all((r.landscape >= low) & (r.landscape <= high))
    assert r.health <= r.best_health + 0.02  # the grid's best is near the true best
    assert all(0.0 <= v <= 1.0 for v in r.best)
    assert all(low <= h <= high for _, _, h in r.presets.values())
