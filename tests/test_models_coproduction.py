"""The chapter 3 co-production model: CETS No. 220 thresholds, its indices and its ranges."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crossing_borders.models.coproduction import (
    HOW,
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
NP3 = (False, False, True)  # only the third co-producer is from a non-Party state
BI, MULTI = "for a bilateral co-production", "for a multilateral co-production"


def oracle(shares, flags):
    low, high = BILATERAL if len(shares) == 2 else MULTILATERAL
    within = all(low - 1e-9 <= s <= high + 1e-9 for s in shares)
    return within and sum(s for s, f in zip(shares, flags, strict=True) if f) <= NON_PARTY + 1e-9


def test_how_states_the_equations_tested_here():
    assert [eq.text for eq in HOW.equations] == [
        "f = (x, (1 - x)(1 - p), (1 - x) p)",
        "qualifies if l_n <= f_j <= h_n for every co-producer j",
        "B = 1 / x",
        "L = (x + y) / 2, K = 1 - y",
        "M = sum over foreign co-producers j of min(1, f_j / 0.15)",
        "A = 0.02 n (n - 1) / 2",
    ]


def test_limits_follow_the_number_of_coproducers():
    assert limits(2) == BILATERAL
    assert limits(3) == limits(5) == MULTILATERAL
    with pytest.raises(ValueError, match="at least two co-producers"):
        limits(1)


@pytest.mark.parametrize(
    ("shares", "flags"),
    [
        ((0.9, 0.1), None),
        ((0.1, 0.9), None),
        ((0.9, 1 - 0.9), None),  # 0.09999999999999998
        ((0.8, 0.15, 0.05), None),
        ((0.05, 0.15, 0.8), None),
        (split_shares(0.8, 0.25), None),  # C brings 0.2 * 0.25, a hair below 5%
        ((0.5, 0.2, 0.3), NP3),
        ((0.4, 0.3, 1 - 0.7), NP3),  # non-Party 0.30000000000000004
    ],
)
def test_exact_thresholds_qualify(shares, flags):
    assert qualifies(shares, non_party=flags) == (True, ())


@pytest.mark.parametrize(
    ("shares", "flags", "reasons"),
    [
        (
            (0.95, 0.05),
            None,
            (
                f"Co-producer 1 contributes 95%, above the 90% maximum {BI}",
                f"Co-producer 2 contributes 5%, below the 10% minimum {BI}",
            ),
        ),
        (
            (0.81, 0.15, 0.04),
            None,
            (
                f"Co-producer 1 contributes 81%, above the 80% maximum {MULTI}",
                f"Co-producer 3 contributes 4%, below the 5% minimum {MULTI}",
            ),
        ),
        (
            (0.5, 0.19, 0.31),
            NP3,
            ("co-producers from non-Party states contribute 31% together, above the 30% maximum",),
        ),
    ],
)
def test_reasons_name_every_broken_rule(shares, flags, reasons):
    assert qualifies(shares, non_party=flags) == (False, reasons)


def test_just_outside_a_threshold_fails():
    assert not qualifies((0.9 + 1e-6, 0.1 - 1e-6))[0]
    assert not qualifies((0.8 + 1e-6, 0.15, 0.05 - 1e-6))[0]
    assert not qualifies((0.5, 0.2 - 1e-6, 0.3 + 1e-6), non_party=NP3)[0]


def test_same_local_share_can_pass_bilateral_and_fail_multilateral():
    assert qualifies((0.85, 0.15))[0]
    assert not qualifies((0.85, 0.1, 0.05))[0]


def test_reasons_use_the_given_names():
    _ok, reasons = qualifies((0.95, 0.05), names=("Home", "Away"))
    assert reasons[0].startswith("Home contributes 95%")
    assert reasons[1].startswith("Away contributes 5%")


def test_pct():
    assert (pct(0.05), pct(0.0375), pct(0.8)) == ("5%", "3.75%", "80%")


def test_split_shares():
    assert split_shares(0.7, 0.0) == (0.7, pytest.approx(0.3))
    assert split_shares(0.5, 0.2) == pytest.approx((0.5, 0.4, 0.1))


@pytest.mark.parametrize(("x", "p", "y"), [(0.7, 0.0, 0.5), (0.5, 0.2, 0.3), (0.6, 0.5, 0.9)])
def test_indices_by_hand(x, p, y):
    r = coproduction(x, p, y)
    f = (x, (1 - x) * (1 - p), (1 - x) * p) if p else (x, 1 - x)
    n = len(f)
    assert r.finance == pytest.approx(f) and r.rights == r.finance and r.n_partners == n
    assert r.budget_multiple == pytest.approx(1 / x)
    assert r.local_control == pytest.approx((x + y) / 2) and r.know_how == pytest.approx(1 - y)
    assert r.markets == pytest.approx(sum(min(1, fj / 0.15) for fj in f[1:]))
    assert r.admin == pytest.approx(0.02 * n * (n - 1) / 2)
    assert r.creative == pytest.approx((y, *((1 - y) * fj / (1 - x) for fj in f[1:])))
    assert r.regime == ("bilateral" if n == 2 else "multilateral")


def test_third_partner_adds_a_market_and_admin():
    two, three = coproduction(0.6, 0.0, 0.5), coproduction(0.6, 0.5, 0.5)
    assert (two.markets, two.admin) == pytest.approx((1.0, 0.02))
    assert (three.markets, three.admin) == pytest.approx((2.0, 0.06))
    # Below 15% foreign money, splitting it opens no more of the markets.
    assert coproduction(0.9, 0.5, 0.5).markets == pytest.approx(coproduction(0.9, 0, 0.5).markets)


@pytest.mark.parametrize(
    ("x", "p", "non_party", "expected"),
    [
        (0.9, 0.0, False, True),
        (0.95, 0.0, False, False),
        (0.8, 0.5, False, True),
        (0.8, 0.2, False, False),
        (0.85, 0.5, False, False),
        (0.4, 0.5, True, True),  # C brings exactly 30%
        (0.38, 0.5, True, False),  # C brings 31%
        (0.38, 0.5, False, True),
    ],
)
def test_verdicts(x, p, non_party, expected):
    r = coproduction(x, p, 0.5, non_party_third=non_party)
    assert r.qualifies is expected and (r.reasons == ()) is expected


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (((1.0,),), {}, "at least two"),
        (((0.6, 0.6),), {}, "add up to 1"),
        (((1.2, -0.2),), {}, "each share must lie in"),
        (((math.nan, 0.5),), {}, "each share must lie in"),
        (((0.5, 0.5),), {"non_party": (True,)}, "same length"),
        (((0.5, 0.5),), {"names": ("a", "b", "c")}, "same length"),
    ],
)
def test_qualifies_rejects_malformed_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        qualifies(*args, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"local_share": 0.04}, "local_share must lie in"),
        ({"local_share": 1.1}, "local_share must lie in"),
        ({"local_share": math.nan}, "local_share must lie in"),
        ({"third_part": 0.6}, "third_part must lie in"),
        ({"local_creative": -0.1}, "local_creative must lie in"),
        ({"local_creative": "half"}, "local_creative must be a number"),
    ],
)
def test_coproduction_rejects_invalid_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        coproduction(**{"local_share": 0.7, "third_part": 0.0, "local_creative": 0.5, **kwargs})


@settings(max_examples=200, deadline=None)
@given(weights=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=5), data=st.data())
def test_qualifies_matches_the_rules(weights, data):
    assume(sum(weights) > 1e-6)
    shares = [w / sum(weights) for w in weights]
    flags = data.draw(st.lists(st.booleans(), min_size=len(shares), max_size=len(shares)))
    ok, reasons = qualifies(shares, non_party=flags)
    assert ok == (not reasons) == oracle(shares, flags)


@settings(max_examples=150, deadline=None)
@given(
    x=st.floats(*LOCAL_SHARE_RANGE),
    p=st.floats(*THIRD_PART_RANGE),
    y=st.floats(*LOCAL_CREATIVE_RANGE),
    non_party_third=st.booleans(),
)
def test_outputs_finite_and_within_bounds(x, p, y, non_party_third):
    r = coproduction(x, p, y, non_party_third)
    for shares in (r.finance, r.creative):
        assert all(math.isfinite(s) and 0.0 <= s <= 1.0 for s in shares)
        assert sum(shares) == pytest.approx(1.0)
    assert 0.0 <= r.local_control <= 1.0 and 0.0 <= r.know_how <= 1.0
    assert 1.0 <= r.budget_multiple <= 20.0 + 1e-9
    assert 0.0 <= r.markets <= r.n_partners - 1 and r.admin in (0.02, 0.06)
    assert r.qualifies == (not r.reasons) == oracle(r.finance, r.non_party)
