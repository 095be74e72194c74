"""The chapter 3 co-production model and its CETS No. 220 qualification rules."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crossing_borders.models.coproduction import (
    LOCAL_CREATIVE_RANGE,
    LOCAL_SHARE_RANGE,
    THIRD_PART_RANGE,
    coproduction,
    limits,
    pct,
    qualifies,
    split_shares,
)

# The Convention's percentages, written out here as the specification under test.
BILATERAL = (0.10, 0.90)
MULTILATERAL = (0.05, 0.80)
NON_PARTY = 0.30


def test_limits_follow_the_number_of_coproducers():
    assert limits(2) == BILATERAL
    assert limits(3) == limits(5) == MULTILATERAL
    with pytest.raises(ValueError):
        limits(1)


@pytest.mark.parametrize(
    "shares",
    [(0.9, 0.1), (0.1, 0.9), (0.5, 0.5), (0.9 + 1e-12, 0.1 - 1e-12)],
)
def test_bilateral_boundaries_qualify(shares):
    assert qualifies(shares) == (True, ())


@pytest.mark.parametrize(
    ("shares", "n_reasons", "fragment"),
    [
        ((0.91, 0.09), 2, "above the 90% maximum for a bilateral"),
        ((0.95, 0.05), 2, "below the 10% minimum for a bilateral"),
        ((0.9 + 1e-6, 0.1 - 1e-6), 2, "bilateral"),
        ((1.0, 0.0), 2, "contributes 0%"),
    ],
)
def test_bilateral_outside_boundaries_fail(shares, n_reasons, fragment):
    ok, reasons = qualifies(shares)
    assert not ok
    assert len(reasons) == n_reasons
    assert any(fragment in r for r in reasons)


@pytest.mark.parametrize(
    "shares",
    [
        (0.8, 0.15, 0.05),
        (0.05, 0.15, 0.8),
        (1 / 3, 1 / 3, 1 / 3),
        (0.35, 0.35, 0.25, 0.05),
        split_shares(0.75, 0.2),  # C gets 0.25 * 0.2, a hair above 5% in floating point
        split_shares(0.8, 0.5),  # the local producer exactly at the 80% maximum
    ],
)
def test_multilateral_boundaries_qualify(shares):
    assert qualifies(shares) == (True, ())


@pytest.mark.parametrize(
    ("shares", "fragment"),
    [
        ((0.81, 0.14, 0.05), "contributes 81%, above the 80% maximum for a multilateral"),
        ((0.8, 0.16, 0.04), "contributes 4%, below the 5% minimum for a multilateral"),
        ((0.85, 0.1, 0.05), "above the 80% maximum"),
        (split_shares(0.8, 0.2), "contributes 4%, below the 5% minimum"),
    ],
)
def test_multilateral_outside_boundaries_fail_with_one_reason(shares, fragment):
    ok, reasons = qualifies(shares)
    assert not ok
    assert len(reasons) == 1
    assert fragment in reasons[0]


def test_same_local_share_can_pass_bilateral_and_fail_multilateral():
    assert qualifies((0.85, 0.15))[0]
    assert not qualifies((0.85, 0.1, 0.05))[0]


def test_non_party_cap_at_the_boundary():
    assert qualifies((0.5, 0.2, 0.3), non_party=(False, False, True)) == (True, ())
    ok, reasons = qualifies((0.5, 0.19, 0.31), non_party=(False, False, True))
    assert not ok and len(reasons) == 1
    assert "non-Party states contribute 31% together, above the 30% maximum" in reasons[0]


def test_non_party_shares_add_up():
    flags = (False, False, True, True)
    assert qualifies((0.4, 0.3, 0.15, 0.15), non_party=flags)[0]
    ok, reasons = qualifies((0.4, 0.28, 0.16, 0.16), non_party=flags)
    assert not ok and "32%" in reasons[0]
    # The same split is fine when every co-producer is from a Party.
    assert qualifies((0.4, 0.28, 0.16, 0.16))[0]


def test_reasons_use_the_given_names():
    _ok, reasons = qualifies((0.95, 0.05), names=("Home", "Away"))
    assert reasons[0].startswith("Home contributes 95%")
    assert reasons[1].startswith("Away contributes 5%")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (((1.0,),), {}),
        (((0.6, 0.6),), {}),
        (((0.5, 0.4),), {}),
        (((1.2, -0.2),), {}),
        (((math.nan, 0.5),), {}),
        (((0.5, 0.5),), {"non_party": (True,)}),
        (((0.5, 0.5),), {"names": ("a", "b", "c")}),
    ],
)
def test_qualifies_rejects_malformed_input(args, kwargs):
    with pytest.raises(ValueError):
        qualifies(*args, **kwargs)


def test_pct():
    assert pct(0.05) == "5%"
    assert pct(0.0375) == "3.75%"
    assert pct(0.8) == "80%"


def test_bilateral_deal():
    r = coproduction(local_share=0.7, third_part=0.0, local_creative=0.5)
    assert r.regime == "bilateral" and r.n_partners == 2
    assert r.finance == pytest.approx((0.7, 0.3))
    assert r.rights == r.finance
    assert r.creative == pytest.approx((0.5, 0.5))
    assert r.local_control == pytest.approx(0.6)
    assert r.budget_multiple == pytest.approx(1 / 0.7)
    assert r.qualifies and r.reasons == () and r.local_is_majority


def test_three_partner_deal():
    r = coproduction(local_share=0.5, third_part=0.2, local_creative=0.3)
    assert r.regime == "multilateral" and r.names[2] == "Partner C"
    assert r.finance == pytest.approx((0.5, 0.4, 0.1))
    # Foreign partners fill the remaining 70% of key posts in proportion to their finance.
    assert r.creative == pytest.approx((0.3, 0.56, 0.14))
    assert r.qualifies


@pytest.mark.parametrize(
    ("local_share", "third_part", "expected"),
    [
        (0.9, 0.0, True),
        (0.95, 0.0, False),
        (0.8, 0.5, True),
        (0.8, 0.2, False),
        (0.85, 0.5, False),
        (0.5, 0.5, True),
    ],
)
def test_verdicts_on_the_explorable_grid(local_share, third_part, expected):
    assert coproduction(local_share, third_part, 0.5).qualifies is expected


def test_non_party_third_partner():
    assert coproduction(0.4, 0.5, 0.5, non_party_third=True).qualifies  # C brings exactly 30%
    r = coproduction(0.38, 0.5, 0.5, non_party_third=True)  # C brings 31%
    assert not r.qualifies and "non-Party" in r.reasons[0]
    assert coproduction(0.38, 0.5, 0.5).qualifies
    assert coproduction(0.5, 0.0, 0.5, non_party_third=True).non_party == (False, False)


def test_local_control_rises_with_local_share_and_posts():
    controls = [coproduction(s, 0.0, 0.5).local_control for s in (0.5, 0.6, 0.7, 0.8)]
    assert controls == sorted(controls)
    assert coproduction(0.6, 0.0, 0.9).local_control > coproduction(0.6, 0.0, 0.3).local_control


def test_larger_foreign_share_buys_a_larger_film():
    assert coproduction(0.5, 0.0, 0.5).budget_multiple == pytest.approx(2.0)
    assert coproduction(1.0, 0.0, 0.5).budget_multiple == pytest.approx(1.0)


@pytest.mark.parametrize(
    "kwargs",
    [{"local_share": 0.0}, {"local_share": 1.1}, {"third_part": 0.6}, {"local_creative": -0.1}],
)
def test_coproduction_rejects_out_of_range(kwargs):
    args = {"local_share": 0.7, "third_part": 0.0, "local_creative": 0.5, **kwargs}
    with pytest.raises(ValueError):
        coproduction(**args)


def _oracle(shares, flags):
    low, high = BILATERAL if len(shares) == 2 else MULTILATERAL
    within = all(low - 1e-9 <= s <= high + 1e-9 for s in shares)
    outside = sum(s for s, f in zip(shares, flags, strict=True) if f)
    return within and outside <= NON_PARTY + 1e-9


@settings(max_examples=200, deadline=None)
@given(
    weights=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=5),
    data=st.data(),
)
def test_qualifies_matches_the_rules(weights, data):
    total = sum(weights)
    assume(total > 1e-6)
    shares = [w / total for w in weights]
    flags = data.draw(st.lists(st.booleans(), min_size=len(shares), max_size=len(shares)))
    ok, reasons = qualifies(shares, non_party=flags)
    assert ok == (not reasons)
    assert ok == _oracle(shares, flags)


@settings(max_examples=150, deadline=None)
@given(
    local_share=st.floats(*LOCAL_SHARE_RANGE),
    third_part=st.floats(*THIRD_PART_RANGE),
    local_creative=st.floats(*LOCAL_CREATIVE_RANGE),
    non_party_third=st.booleans(),
)
def test_model_outputs_within_bounds(local_share, third_part, local_creative, non_party_third):
    r = coproduction(local_share, third_part, local_creative, non_party_third)
    for shares in (r.finance, r.creative):
        assert all(math.isfinite(s) and 0.0 <= s <= 1.0 for s in shares)
        assert sum(shares) == pytest.approx(1.0)
    assert 0.0 <= r.local_control <= 1.0
    assert 1.0 <= r.budget_multiple <= 20.0
    assert r.qualifies == (not r.reasons)
    assert r.qualifies == _oracle(r.finance, r.non_party)
