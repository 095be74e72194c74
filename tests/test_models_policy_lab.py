"""The chapter 5 budget model: drift, speeds, diminishing returns, crowding and reversals."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossing_borders.models.policy_lab import (
    DRIFT,
    DRIFT_RATE,
    HOW,
    INDICATORS,
    OUTWARD_RANGE,
    PART_RANGE,
    SPEED,
    START,
    YEARS_RANGE,
    policy_lab,
    policy_lab_split,
    split_budget,
)

EMP, INV, ARCH, REACH, DIST = range(5)


def g(x):
    """Diminishing returns, g(x) = (1 - e^{-3x}) / (1 - e^{-3})."""
    return (1 - math.exp(-3 * x)) / (1 - math.exp(-3))


def rho(k, t):
    """Share of an effect arrived after t years, 1 - (1 - k)^t."""
    return 1 - (1 - k) ** t


def test_constants_are_the_documented_ones():
    np.testing.assert_array_equal(START, [0.5, 0.3, 0.5, 0.4, 0.5])
    np.testing.assert_array_equal(DRIFT, [-0.05, 0.0, -0.25, -0.12, -0.18])
    assert DRIFT_RATE == 0.15  # the 0.85^t in HOW is 1 - DRIFT_RATE
    texts = [e.text for e in HOW.equations]
    assert "rho_p(t) = 1 - (1 - k_p)^t" in texts and "delta (1 - 0.85^t)" in texts[2]
    assert SPEED == {"coproduction": 0.5, "training": 0.12, "heritage": 0.25, "versioning": 0.5}


@pytest.mark.parametrize("t", [1, 4, 10])
def test_indicators_match_the_equation_by_hand(t):
    c, tr, h, v = 0.4, 0.1, 0.3, 0.2
    r = policy_lab(c, tr, h, v, years=10)
    drift = 1 - 0.85**t
    crowd = g(c) * (1 - g(tr)) * rho(0.12, t)
    rc, rt, rh, rv = rho(0.5, t), rho(0.12, t), rho(0.25, t), rho(0.5, t)
    expected = [
        0.5 - 0.05 * drift + 0.25 * g(c) * rc + 0.3 * g(tr) * rt - 0.25 * crowd,
        0.3 + 0.45 * g(c) * rc + 0.1 * g(tr) * rt + 0.05 * g(v) * rv,
        0.5 - 0.25 * drift + 0.55 * g(h) * rh,
        0.4 - 0.12 * drift + 0.15 * g(c) * rc + 0.05 * g(h) * rh + 0.35 * g(v) * rv,
        0.5 - 0.18 * drift + 0.2 * g(tr) * rt + 0.15 * g(h) * rh - 0.2 * crowd,
    ]
    np.testing.assert_allclose(r.at(t), expected, rtol=0, atol=1e-12)


def test_diminishing_returns_a_quarter_does_about_half():
    r = policy_lab(0.0, 0.0, 0.25, 0.75, years=30)
    full = policy_lab(0.0, 0.0, 1.0, 0.0, years=30)
    drift_only = 0.5 - 0.25 * (1 - 0.85**30)
    assert (r.final[ARCH] - drift_only) / (full.final[ARCH] - drift_only) == pytest.approx(g(0.25))
    assert 0.5 < g(0.25) < 0.6


def test_year_zero_is_start_and_at_changes_final_agree():
    r = policy_lab(0.1, 0.4, 0.3, 0.2, years=7)
    assert r.at(0) == pytest.approx(tuple(START))
    assert r.final == r.at(7) and r.paths.shape == (5, 8)
    assert r.changes == pytest.approx(tuple(np.array(r.final) - START))


def test_without_a_programme_indicators_just_drift():
    # All on subtitling: nothing touches employment, archive or distinctiveness.
    r = policy_lab(0.0, 0.0, 0.0, 1.0)
    for i in (EMP, ARCH, DIST):
        for t in range(11):
            assert r.at(t)[i] == pytest.approx(START[i] + DRIFT[i] * (1 - 0.85**t))
    assert r.below_start == ("Local employment share", "Archive preserved", "Distinctiveness")


def test_each_programme_arrives_at_its_own_speed():
    for programme, i in (("coproduction", INV), ("training", DIST), ("heritage", ARCH)):
        shares = {"coproduction": 0.0, "training": 0.0, "heritage": 0.0, "versioning": 0.0}
        shares[programme] = 1.0
        with_it = policy_lab(**shares).paths[i]
        shares[programme], shares["versioning"] = 0.0, 1.0
        without = policy_lab(**shares).paths[i]
        added = with_it - without
        k = SPEED[programme]
        np.testing.assert_allclose(added / added[-1], rho(k, np.arange(11)) / rho(k, 10))


def test_crowding_without_training_costs_employment_and_distinctiveness():
    untrained = policy_lab(0.5, 0.0, 0.0, 0.5).final[DIST] - policy_lab(0, 0, 0, 1).final[DIST]
    trained = (
        policy_lab(0.5, 0.25, 0.0, 0.25).final[DIST] - policy_lab(0, 0.25, 0, 0.75).final[DIST]
    )
    assert untrained == pytest.approx(-0.2 * g(0.5) * rho(0.12, 10))
    assert untrained < trained < 0
    # Untrained, the jobs co-productions bring are taken back over the years.
    gain = [
        policy_lab(0.5, 0, 0, 0.5, years=30).at(t)[EMP]
        - policy_lab(0, 0, 0, 1, years=30).at(t)[EMP]
        for t in (2, 10, 30)
    ]
    assert gain == sorted(gain, reverse=True) and gain[-1] < 0.25 * gain[0]


def test_split_budget_always_makes_a_whole_budget():
    assert split_budget(0.4, 0.5, 0.5) == pytest.approx((0.2, 0.3, 0.3, 0.2))
    assert split_budget(0.2, 1.0, 0.0) == pytest.approx((0.2, 0.0, 0.8, 0.0))
    assert (
        policy_lab_split(0.6, 0.25, 0.75).final == policy_lab(*split_budget(0.6, 0.25, 0.75)).final
    )


def test_training_heavy_split_trails_then_leads_in_employment():
    training_heavy = policy_lab_split(0.2, 0.5, 1.0)
    incentive_heavy = policy_lab_split(0.8, 1.0, 0.5)
    assert training_heavy.at(3)[EMP] < incentive_heavy.at(3)[EMP] - 0.01
    assert training_heavy.at(10)[EMP] > incentive_heavy.at(10)[EMP] + 0.05


def test_some_pair_on_the_explorable_grid_reverses_between_year_3_and_10():
    grid = itertools.product((0.2, 0.4, 0.6, 0.8), *[(0, 0.25, 0.5, 0.75, 1)] * 2)
    runs = [policy_lab_split(*g).paths for g in grid]
    reversed_pairs = [
        (a, b, i)
        for a, b in itertools.combinations(range(len(runs)), 2)
        for i in range(len(INDICATORS))
        if (runs[a][i, 3] - runs[b][i, 3]) * (runs[a][i, 10] - runs[b][i, 10]) < 0
    ]
    assert reversed_pairs


@pytest.mark.parametrize("outward", [0.5, 0.6])
def test_the_default_split_does_not_raise_every_indicator(outward):
    r = policy_lab_split(outward, 0.5, 0.5)
    assert r.below_start == ("Distinctiveness",) and r.weakest == "Distinctiveness"
    assert r.changes[DIST] < 0 < min(r.changes[:DIST])


@pytest.mark.parametrize(
    "shares",
    [
        (0.5, 0.5, 0.5, 0.0),
        (0.2, 0.2, 0.2, 0.2),
        (0.25, 0.25, 0.25, 0.251),
        (1.2, -0.2, 0.0, 0.0),
        (math.nan, 0, 0, 1),
    ],
)
def test_rejects_invalid_shares(shares):
    with pytest.raises(ValueError):
        policy_lab(*shares)


@pytest.mark.parametrize("args", [(1.1, 0.5, 0.5), (0.5, -0.1, 0.5), (0.5, 0.5, math.nan)])
def test_split_rejects_out_of_range(args):
    with pytest.raises(ValueError):
        split_budget(*args)


@pytest.mark.parametrize("years", [0, 31, 1.5, True])
def test_rejects_bad_horizon(years):
    with pytest.raises(ValueError):
        policy_lab(0.25, 0.25, 0.25, 0.25, years=years)


@settings(max_examples=150, deadline=None)
@given(
    outward=st.floats(*OUTWARD_RANGE),
    coproduction_part=st.floats(*PART_RANGE),
    training_part=st.floats(*PART_RANGE),
    years=st.integers(*YEARS_RANGE),
)
def test_every_split_is_whole_and_indicators_stay_in_0_1(
    outward, coproduction_part, training_part, years
):
    shares = split_budget(outward, coproduction_part, training_part)
    assert all(0.0 <= s <= 1.0 for s in shares) and sum(shares) == pytest.approx(1.0)
    r = policy_lab(*shares, years=years)
    assert r.paths.shape == (len(INDICATORS), years + 1)
    assert np.all(np.isfinite(r.paths)) and np.all((r.paths >= 0.0) & (r.paths <= 1.0))
