"""The chapter 6 openness-stewardship map: components, presets, horizon and bounds."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossing_borders.models.openness_map import (
    HEALTH_BOUNDS,
    HORIZON_RANGE,
    PRESETS,
    components,
    maturity,
    openness_map,
)


def test_maturity_matches_the_docstring():
    assert maturity(3) == pytest.approx(0.31, abs=0.005)
    assert maturity(10) == pytest.approx(0.71, abs=0.005)
    assert maturity(20) == pytest.approx(0.92, abs=0.005)


def test_components_at_the_origin():
    access, voice, cost, health = components(0.0, 0.0, 10)
    assert (access, voice, cost) == (0.0, pytest.approx(0.4), 0.0)
    assert health == pytest.approx(0.2)


def test_components_by_hand():
    m = 1 - math.exp(-10 / 8)
    access, voice, cost, health = components(0.6, 0.4, 10)
    assert access == pytest.approx(1 - math.exp(-1.5))
    assert voice == pytest.approx((0.4 + 0.6 * m * math.sqrt(0.4)) * (1 - 0.6 * m * 0.6 * 0.6))
    assert cost == pytest.approx(0.2 * (0.36 + 0.16))
    assert health == pytest.approx(0.5 * access + 0.5 * voice - cost)


def test_point_is_on_the_landscape():
    r = openness_map(0.6, 0.4, 10)
    i_o, i_s = 12, 8  # 21-point grid, step 0.05
    assert r.grid[i_o] == pytest.approx(0.6) and r.grid[i_s] == pytest.approx(0.4)
    assert r.landscape[i_s, i_o] == pytest.approx(r.health)
    assert r.best_health == pytest.approx(r.landscape.max())
    assert r.best_health >= r.health


def test_openness_pays_fast_and_stewardship_slowly():
    short, long = openness_map(0.4, 0.4, 3), openness_map(0.4, 0.4, 20)
    assert short.presets["open"][2] > short.presets["closed"][2]
    assert long.presets["closed"][2] > long.presets["open"][2]
    assert long.best_preset == "balanced"
    bests = [openness_map(0.4, 0.4, h).best[1] for h in (3, 10, 20)]
    assert bests == sorted(bests) and bests[0] < bests[-1]


def test_unguided_openness_dilutes_voice_over_time():
    _, voice_3, _, _ = components(1.0, 0.0, 3)
    _, voice_20, _, _ = components(1.0, 0.0, 20)
    assert voice_20 < voice_3
    # Stewardship removes the dilution entirely.
    assert components(1.0, 1.0, 20)[1] == pytest.approx(components(0.0, 1.0, 20)[1])


def test_presets_are_scored_where_they_sit():
    r = openness_map(0.0, 0.0, 10)
    for name, (o, s) in PRESETS.items():
        assert r.presets[name][:2] == (o, s)
        assert r.presets[name][2] == pytest.approx(float(components(o, s, 10)[3]))
    with pytest.raises(TypeError):
        r.presets["mine"] = (0.5, 0.5, 0.5)


@pytest.mark.parametrize("args", [(-0.1, 0.5, 10), (0.5, 1.5, 10), (0.5, 0.5, 0), (0.5, 0.5, 51)])
def test_rejects_out_of_range(args):
    with pytest.raises(ValueError):
        openness_map(*args)


@settings(max_examples=150, deadline=None)
@given(
    openness=st.floats(0.0, 1.0),
    stewardship=st.floats(0.0, 1.0),
    horizon=st.floats(*HORIZON_RANGE),
)
def test_outputs_within_bounds(openness, stewardship, horizon):
    r = openness_map(openness, stewardship, horizon)
    low, high = HEALTH_BOUNDS
    assert math.isfinite(r.health) and low <= r.health <= high
    assert 0.0 <= r.access < 1.0 and 0.0 < r.voice <= 1.0 and 0.0 <= r.cost <= 0.4
    assert np.all(np.isfinite(r.landscape))
    assert np.all((r.landscape >= low) & (r.landscape <= high))
    assert r.health <= r.best_health + 0.02  # the grid's best is near the true best
    assert all(0.0 <= v <= 1.0 for v in r.best)
