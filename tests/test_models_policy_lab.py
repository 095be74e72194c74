"""The chapter 5 budget model: the nested split, diminishing returns and ten-year paths."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossing_borders.models.policy_lab import (
    INDICATORS,
    SPEED,
    START,
    YEARS_RANGE,
    policy_lab,
    policy_lab_split,
    returns,
    split_budget,
    targets,
)

EVEN = (0.25, 0.25, 0.25, 0.25)


def test_returns_diminish():
    assert returns(0.0) == 0.0
    assert returns(1.0) == pytest.approx(1.0)
    assert 0.5 < returns(0.25) < 0.6  # a quarter of the budget does about half
    assert returns(0.5) - returns(0.25) < returns(0.25) - returns(0.0)


def test_split_budget_examples():
    assert split_budget(0.4, 0.5, 0.5) == pytest.approx((0.2, 0.3, 0.3, 0.2))
    assert split_budget(0.2, 1.0, 0.0) == pytest.approx((0.2, 0.0, 0.8, 0.0))
    assert split_budget(0.8, 0.0, 1.0) == pytest.approx((0.0, 0.2, 0.0, 0.8))


def test_paths_start_at_year_zero_and_follow_the_closed_form():
    r = policy_lab(0.1, 0.4, 0.3, 0.2)
    np.testing.assert_allclose(r.paths[:, 0], START)
    target = np.array(r.targets)
    expected = target + (START - target) * (1 - SPEED) ** 10
    np.testing.assert_allclose(r.paths[:, -1], expected)
    # One step of the recurrence by hand for the slowest indicator (employment).
    assert r.paths[0, 1] == pytest.approx(0.5 + 0.15 * (r.targets[0] - 0.5))


def test_paths_move_monotonically_toward_targets():
    r = policy_lab(0.6, 0.0, 0.0, 0.4)
    for path, target in zip(r.paths, r.targets, strict=True):
        steps = np.diff(path)
        assert np.all(steps * np.sign(target - path[0]) >= 0)
        assert abs(path[-1] - target) <= abs(path[0] - target)


def test_known_targets():
    t = targets(0.0, 0.0, 1.0, 0.0)
    assert t[2] == pytest.approx(0.95)  # archive preserved: all on heritage
    assert t[0] == pytest.approx(0.5)  # employment untouched
    t = targets(1.0, 0.0, 0.0, 0.0)
    assert t[1] == pytest.approx(0.7)  # investment: 0.1 + 0.6
    assert t[4] == pytest.approx(0.1)  # distinctiveness: 0.35 - 0.25 with no training


def test_trade_offs():
    more_training = policy_lab(0.2, 0.4, 0.2, 0.2)
    more_heritage = policy_lab(0.2, 0.2, 0.4, 0.2)
    emp, inv, arch, reach, dist = range(5)
    assert more_training.final[emp] > more_heritage.final[emp]
    assert more_training.final[arch] < more_heritage.final[arch]
    more_coprod = policy_lab(0.4, 0.2, 0.2, 0.2)
    more_subs = policy_lab(0.2, 0.2, 0.2, 0.4)
    assert more_coprod.final[inv] > more_subs.final[inv]
    assert more_coprod.final[reach] < more_subs.final[reach]
    # Co-production incentives cost distinctiveness less when locals are trained.
    untrained = (
        policy_lab(0.6, 0.0, 0.4, 0.0).final[dist] - policy_lab(0.0, 0.0, 0.4, 0.6).final[dist]
    )
    trained = (
        policy_lab(0.6, 0.4, 0.0, 0.0).final[dist] - policy_lab(0.0, 0.4, 0.0, 0.6).final[dist]
    )
    assert untrained < trained < 0


def test_reference_is_the_even_split():
    r = policy_lab(0.5, 0.1, 0.1, 0.3)
    assert r.reference == pytest.approx(policy_lab(*EVEN).final)


def test_weakest_and_strongest():
    r = policy_lab(0.0, 1.0, 0.0, 0.0)
    assert r.weakest == "Archive preserved"
    assert r.strongest in INDICATORS
    assert r.final[INDICATORS.index(r.weakest)] == min(r.final)


def test_explorable_model_is_the_split_then_the_model():
    assert (
        policy_lab_split(0.6, 0.25, 0.75).final == policy_lab(*split_budget(0.6, 0.25, 0.75)).final
    )


@pytest.mark.parametrize(
    "shares",
    [(0.5, 0.5, 0.5, 0.0), (0.2, 0.2, 0.2, 0.2), (1.2, -0.2, 0.0, 0.0), (math.nan, 0, 0, 1)],
)
def test_rejects_invalid_splits(shares):
    with pytest.raises(ValueError):
        policy_lab(*shares)


@pytest.mark.parametrize("args", [(1.1, 0.5, 0.5), (0.5, -0.1, 0.5), (0.5, 0.5, 2.0)])
def test_split_rejects_out_of_range(args):
    with pytest.raises(ValueError):
        split_budget(*args)


def test_rejects_bad_horizon():
    for years in (0, 31, 1.5):
        with pytest.raises(ValueError):
            policy_lab(*EVEN, years=years)


@settings(max_examples=150, deadline=None)
@given(
    outward=st.floats(0.0, 1.0),
    coproduction_part=st.floats(0.0, 1.0),
    training_part=st.floats(0.0, 1.0),
    years=st.integers(*YEARS_RANGE),
)
def test_every_split_is_a_whole_budget_and_indicators_stay_in_range(
    outward, coproduction_part, training_part, years
):
    shares = split_budget(outward, coproduction_part, training_part)
    assert all(0.0 <= s <= 1.0 for s in shares)
    assert sum(shares) == pytest.approx(1.0)
    r = policy_lab(*shares, years=years)
    assert r.paths.shape == (len(INDICATORS), years + 1)
    assert np.all(np.isfinite(r.paths))
    assert np.all((r.paths >= 0.0) & (r.paths <= 1.0))
    assert all(0.0 <= t <= 1.0 for t in r.targets)
