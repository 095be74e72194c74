"""The chapter 1 crew-mix model (the exemplar): known values, shapes and ranges."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossing_borders.models.team_mix import team_mix


def test_known_values():
    r = team_mix(0.3, 3, 0.5)
    assert r.capability == pytest.approx(1 - math.exp(-2 * 0.3 * 1.5))
    assert r.friction == pytest.approx((1 - 0.35) * (0.3 + 0.35) * 0.09)
    assert r.net == pytest.approx(r.capability - r.friction)
    assert r.curve_net[30] == pytest.approx(r.net)


def test_support_lowers_friction_and_moves_the_best_share_up():
    none, full = team_mix(0.5, 3, 0.0), team_mix(0.5, 3, 1.0)
    assert full.friction == pytest.approx(0.3 * none.friction)
    assert full.best_share >= none.best_share


def test_no_visitors_no_capability_no_friction():
    r = team_mix(0.0, 5, 0.0)
    assert r.capability == 0.0 and r.friction == 0.0


@pytest.mark.parametrize("args", [(-0.1, 3, 0.5), (1.1, 3, 0.5), (0.3, 0, 0.5), (0.3, 6, 0.5)])
def test_rejects_out_of_range(args):
    with pytest.raises(ValueError):
        team_mix(*args)


@settings(max_examples=100, deadline=None)
@given(share=st.floats(0.0, 1.0), traditions=st.integers(1, 5), support=st.floats(0.0, 1.0))
def test_indices_within_bounds(share, traditions, support):
    r = team_mix(share, traditions, support)
    assert 0.0 <= r.capability < 1.0 and 0.0 <= r.friction <= 1.0
    assert -1.0 <= r.net <= 1.0 and 0.0 <= r.best_share <= 1.0
    assert np.all(np.diff(r.curve_capability) >= 0)
