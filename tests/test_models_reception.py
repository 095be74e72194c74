"""The chapter 4 reception model: segments, language, versioning paid from the craft budget."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossing_borders.models.reception import (
    AUTHENTICITY_RANGE,
    HOW,
    LANGUAGE_RANGE,
    NEAR_BEST,
    REACHED,
    SEGMENTS,
    VERSIONING_COST,
    VERSIONING_RANGE,
    reception,
)

# (market, size n_j, ideal x_j, reach w_j, language sensitivity sigma_j), typed again here.
TABLE = [
    ("domestic", 0.4, 0.80, 0.25, 0.40),
    ("domestic", 0.6, 0.55, 0.30, 0.15),
    ("international", 0.3, 0.70, 0.30, 0.30),
    ("international", 0.7, 0.30, 0.25, 0.80),
]


def by_hand(x: float, lang: float, ver: float) -> tuple[float, float]:
    """R_home and R_abroad from the equations in HOW, written out with math only."""
    q = 1 - 0.15 * ver**2
    home = abroad = 0.0
    for market, n, ideal, reach, sigma in TABLE:
        a = math.exp(-(((x - ideal) / reach) ** 2) / 2)
        if market == "domestic":
            home += n * q * a * (1 - sigma * (1 - lang))
        else:
            abroad += n * q * a * (1 - sigma * lang * (1 - ver))
    return home, abroad


def test_segments_and_cost_are_the_documented_ones():
    got = [(s.market, s.weight, s.ideal, s.tolerance, s.language) for s in SEGMENTS]
    assert got == TABLE
    assert VERSIONING_COST == 0.15 and "q = 1 - 0.15 v^2" in [e.text for e in HOW.equations]


@pytest.mark.parametrize(
    "args", [(0.8, 1.0, 0.0), (0.5, 0.5, 0.5), (0.3, 0.2, 1.0), (0.0, 0.0, 0.0)]
)
def test_domestic_and_international_match_the_equations_by_hand(args):
    r = reception(*args)
    home, abroad = by_hand(*args)
    assert r.domestic == pytest.approx(home, rel=1e-12)
    assert r.international == pytest.approx(abroad, rel=1e-12)


def test_a_known_value_in_plain_numbers():
    # At the core's ideal, all in the local language, no versioning: the core scores 1.
    r = reception(0.8, 1.0, 0.0)
    assert r.segment_scores[0] == pytest.approx(1.0)
    assert r.domestic == pytest.approx(0.4 + 0.6 * math.exp(-0.5 * (0.25 / 0.3) ** 2))
    assert r.segment_scores[3] == pytest.approx(0.2 * math.exp(-0.5 * (0.5 / 0.25) ** 2))


def test_relative_scores_are_shares_of_each_markets_own_best():
    r = reception(0.45, 0.6, 0.4)
    grid = np.linspace(0, 1, 101)
    home = np.array([by_hand(x, 0.6, 0.4)[0] for x in grid])
    abroad = np.array([by_hand(x, 0.6, 0.4)[1] for x in grid])
    assert r.domestic_relative == pytest.approx(r.domestic / home.max())
    assert r.international_relative == pytest.approx(r.international / abroad.max())
    assert r.best_domestic == pytest.approx(grid[home.argmax()])
    assert r.best_international == pytest.approx(grid[abroad.argmax()])


def test_without_versioning_abroad_stays_low_even_when_the_balance_looks_good():
    r = reception(0.6, 1.0, 0.0)
    assert r.domestic_relative >= NEAR_BEST and r.international_relative >= NEAR_BEST
    assert r.international < REACHED and not r.reaches_both
    assert r.international_curve.max() < REACHED  # no mix reaches abroad without versioning
    assert reception(0.5, 1.0, 0.8).reaches_both  # subtitles and dubbing can


@pytest.mark.parametrize("args", [(0.6, 1.0, 0.0), (0.3, 0.0, 0.0), (0.5, 1.0, 0.8), (0.9, 1, 1)])
def test_reaches_both_is_the_absolute_threshold(args):
    r = reception(*args)
    assert r.reaches_both == (min(r.domestic, r.international) >= REACHED)


def test_versioning_is_paid_from_the_craft_budget():
    runs = [reception(0.4, 1.0, v) for v in (0.0, 0.25, 0.5, 0.8, 1.0)]
    intl = [r.international for r in runs]
    assert intl == sorted(intl) and len(set(intl)) == len(intl)
    for r, v in zip(runs, (0.0, 0.25, 0.5, 0.8, 1.0), strict=True):
        assert r.domestic == pytest.approx(runs[0].domestic * (1 - 0.15 * v**2))
    # With no local-language dialogue there is no barrier to remove: versioning only costs.
    assert reception(0.4, 0.0, 1.0).international < reception(0.4, 0.0, 0.0).international


def test_local_language_raises_domestic_and_lowers_international():
    runs = [reception(0.5, lang, 0.5) for lang in (0.0, 0.25, 0.5, 0.75, 1.0)]
    dom = [r.domestic for r in runs]
    intl = [r.international for r in runs]
    assert dom == sorted(dom) and len(set(dom)) == len(dom)
    assert intl == sorted(intl, reverse=True) and len(set(intl)) == len(intl)
    # Full versioning removes the barrier abroad, whatever the dialogue.
    assert reception(0.5, 0.0, 1.0).international == pytest.approx(
        reception(0.5, 1.0, 1.0).international
    )


@pytest.mark.parametrize("lang, ver", [(0.0, 0.0), (0.5, 0.5), (1.0, 0.0), (1.0, 1.0)])
def test_the_markets_peak_at_different_authenticity_shares(lang, ver):
    r = reception(0.5, lang, ver)
    assert r.best_domestic > r.best_international + 0.1
    assert r.best_international <= r.balance <= r.best_domestic


def test_common_zone_exists_only_for_some_mixes():
    assert reception(0.5, 0.5, 0.5).near_best is None
    r = reception(0.6, 1.0, 0.0)
    lo, hi = r.near_best
    assert lo <= r.balance <= hi
    for x in (lo, hi):
        i = round(x * 100)
        assert r.domestic_curve[i] >= NEAR_BEST * r.domestic_curve.max() - 1e-12
        assert r.international_curve[i] >= NEAR_BEST * r.international_curve.max() - 1e-12


@pytest.mark.parametrize(
    "args",
    [(-0.1, 0.5, 0.5), (1.1, 0.5, 0.5), (0.5, 2, 0.5), (0.5, 0.5, math.inf), (math.nan, 0, 0)],
)
def test_rejects_invalid_input(args):
    with pytest.raises(ValueError):
        reception(*args)


@settings(max_examples=150, deadline=None)
@given(
    authenticity=st.floats(*AUTHENTICITY_RANGE),
    local_language=st.floats(*LANGUAGE_RANGE),
    versioning=st.floats(*VERSIONING_RANGE),
)
def test_outputs_are_finite_and_within_bounds(authenticity, local_language, versioning):
    r = reception(authenticity, local_language, versioning)
    values = [
        *r.segment_scores,
        r.domestic,
        r.international,
        r.domestic_relative,
        r.international_relative,
        r.balance,
        r.balance_score,
        r.best_domestic,
        r.best_international,
    ]
    assert all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in values)
    for curve in (r.domestic_curve, r.international_curve):
        assert np.all(np.isfinite(curve)) and np.all((curve > 0) & (curve <= 1))
    if r.near_best is not None:
        lo, hi = r.near_best
        assert 0.0 <= lo <= r.balance <= hi <= 1.0
