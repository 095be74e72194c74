"""The chapter 4 reception model: segments, language, versioning and the delicate balance."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossing_borders.models.reception import (
    AUTHENTICITY_RANGE,
    LANGUAGE_RANGE,
    NEAR_BEST,
    SEGMENTS,
    VERSIONING_RANGE,
    appeal,
    language_fit,
    reception,
)


def test_segment_weights_add_up_per_market():
    for market in ("domestic", "international"):
        assert sum(s.weight for s in SEGMENTS if s.market == market) == pytest.approx(1.0)


def test_appeal_is_one_at_the_ideal_and_falls_away():
    for seg in SEGMENTS:
        assert appeal(seg.ideal, seg) == pytest.approx(1.0)
        assert appeal(seg.ideal + seg.tolerance, seg) == pytest.approx(math.exp(-0.5))
        assert appeal(seg.ideal - 0.2, seg) < 1.0 and appeal(seg.ideal + 0.2, seg) < 1.0


def test_known_segment_scores():
    _core, mainstream, _arthouse, intl = SEGMENTS
    r = reception(authenticity=0.8, local_language=1.0, versioning=0.0)
    assert r.segment_scores[0] == pytest.approx(1.0)  # the core's ideal, in its own language
    # International mainstream: all dialogue foreign, no versioning, sensitivity 0.8.
    expected = appeal(0.8, intl) * (1 - 0.8)
    assert r.segment_scores[3] == pytest.approx(expected)
    assert r.domestic == pytest.approx(0.4 * 1.0 + 0.6 * appeal(0.8, mainstream))


def test_language_fit_rules():
    core, _, _arthouse, intl = SEGMENTS
    assert language_fit(core, 1.0, 0.0) == 1.0
    assert language_fit(core, 0.0, 1.0) == pytest.approx(1 - core.language)
    assert language_fit(intl, 0.0, 0.0) == 1.0
    assert language_fit(intl, 1.0, 1.0) == 1.0  # versioning removes the whole barrier
    assert language_fit(intl, 1.0, 0.5) == pytest.approx(1 - 0.5 * intl.language)


def test_local_language_helps_at_home_and_costs_abroad():
    runs = [reception(0.5, lang, 0.5) for lang in (0.0, 0.5, 1.0)]
    assert [r.domestic for r in runs] == sorted(r.domestic for r in runs)
    assert [r.international for r in runs] == sorted((r.international for r in runs), reverse=True)


def test_versioning_helps_abroad_only():
    runs = [reception(0.5, 1.0, v) for v in (0.0, 0.5, 0.8, 1.0)]
    assert len({r.domestic for r in runs}) == 1
    intl = [r.international for r in runs]
    assert intl == sorted(intl) and len(set(intl)) == 4
    # With no foreign-language dialogue there is no barrier to remove.
    assert reception(0.5, 0.0, 0.0).international == reception(0.5, 0.0, 1.0).international


def test_the_markets_pull_apart():
    r = reception(0.5, 0.5, 0.5)
    assert r.best_domestic > r.best_international + 0.2
    assert r.best_international < r.balance < r.best_domestic
    # With a bilingual script and subtitles no mix keeps both within 10% of their best.
    assert r.near_best is None
    assert r.balance_score < NEAR_BEST


def test_a_local_language_film_without_versioning_has_a_common_zone():
    r = reception(0.6, 1.0, 0.0)
    assert r.near_best is not None
    lo, hi = r.near_best
    assert lo <= r.balance <= hi
    for x in (lo, hi):
        i = round(x * 100)
        assert r.domestic_curve[i] >= NEAR_BEST * r.domestic_curve.max() - 1e-12
        assert r.international_curve[i] >= NEAR_BEST * r.international_curve.max() - 1e-12


def test_point_values_lie_on_the_curves():
    r = reception(0.3, 0.5, 0.8)
    assert r.domestic == pytest.approx(r.domestic_curve[30])
    assert r.international == pytest.approx(r.international_curve[30])


@pytest.mark.parametrize(
    "args", [(-0.1, 0.5, 0.5), (1.1, 0.5, 0.5), (0.5, 2, 0.5), (0.5, 0.5, math.inf)]
)
def test_rejects_out_of_range(args):
    with pytest.raises(ValueError):
        reception(*args)


@settings(max_examples=150, deadline=None)
@given(
    authenticity=st.floats(*AUTHENTICITY_RANGE),
    local_language=st.floats(*LANGUAGE_RANGE),
    versioning=st.floats(*VERSIONING_RANGE),
)
def test_outputs_within_bounds(authenticity, local_language, versioning):
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
