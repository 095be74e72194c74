"""Chapter 3 teaching model: structuring a two- or three-country co-production.

What it represents: the essay's claim that co-production agreements balance
artistic ambition with financial reality, and that "shared ownership preserves
local control while enabling access to foreign markets". A local producer brings
part of the production cost; one or two foreign co-producers bring the rest and
take a share of the key creative and technical posts. The model checks whether
the financing split meets the participation thresholds of the revised Council of
Europe Convention on Cinematographic Co-production (CETS No. 220), and reports
each partner's share of rights and revenue and how much control stays local.

The thresholds are the only real-world numbers in the model; they come from the
Convention itself and Eurimages' page on the revised Convention (bibliography
keys ``coe_cets220`` and ``eurimages_revised_convention``):
- bilateral co-production: each co-producer contributes at least 10% and at most
  90% of the production cost;
- multilateral co-production: each co-producer at least 5% and at most 80%;
- co-producers from states that are not Parties may together contribute at most
  30%.
The revised percentages apply only where every participating country has
ratified the revised Convention.

Assumptions (teaching simplifications, not legal advice):
- `qualifies` checks only the three percentage rules above. It ignores every
  other condition of the Convention and of national law (for example the
  points-based test of a work's European character, approval by the competent
  authorities, derogations and ratification status), so "qualifies" here means
  "meets the percentage rules".
- A deal with two co-producers is bilateral and one with three or more is
  multilateral, counting every co-producer.
- Rights and revenue are shared pro rata to each co-producer's share of the cost
  (a common contract choice, not a rule).
- The local producer's own money is fixed, so a smaller local share means a
  larger film: the budget is (local money) / (local share).
- Foreign co-producers fill the key posts the local side does not, in proportion
  to their financial shares.
- Local control is a teaching index: the mean of the local share of the cost
  and the local share of key creative and technical posts (0-1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from crossing_borders.models._checks import check_range

#: CETS No. 220 participation thresholds (share of the production cost).
BILATERAL_LIMITS = (0.10, 0.90)
MULTILATERAL_LIMITS = (0.05, 0.80)
NON_PARTY_MAX = 0.30
#: Shares equal to a threshold up to rounding count as meeting it.
TOLERANCE = 1e-9

#: Valid ranges of the model's inputs, used by the explorable and the property tests.
LOCAL_SHARE_RANGE = (0.05, 1.0)
THIRD_PART_RANGE = (0.0, 0.5)
LOCAL_CREATIVE_RANGE = (0.0, 1.0)

PARTNER_NAMES = ("Local producer", "Partner B", "Partner C")


def pct(share: float) -> str:
    """A share as a short percentage: 0.05 -> '5%', 0.0375 -> '3.75%'."""
    return f"{100 * share:.3g}%"


def limits(n_partners: int) -> tuple[float, float]:
    """Minimum and maximum share of the cost per co-producer under CETS No. 220."""
    if n_partners < 2:
        raise ValueError(f"a co-production needs at least two co-producers, got {n_partners}")
    return BILATERAL_LIMITS if n_partners == 2 else MULTILATERAL_LIMITS


def qualifies(
    shares: Sequence[float],
    non_party: Sequence[bool] | None = None,
    names: Sequence[str] | None = None,
) -> tuple[bool, tuple[str, ...]]:
    """Check a financing split against the CETS No. 220 percentage rules.

    shares: each co-producer's share of the production cost, fractions in [0, 1]
        that add up to 1; two shares make a bilateral deal, three or more a
        multilateral one.
    non_party: for each co-producer, True if it is established in a state that is
        not a Party to the Convention (default: all are Parties).
    names: how the reasons name each co-producer (default "Co-producer 1", ...).

    Returns (ok, reasons): reasons lists every rule the split breaks, in plain
    words; it is empty exactly when ok is True. Shares within 1e-9 of a threshold
    count as meeting it. Raises ValueError for malformed input (fewer than two
    shares, a share outside [0, 1], shares not adding up to 1, lengths that differ).
    """
    shares = [check_range(s, 0.0, 1.0, "each share") for s in shares]
    n = len(shares)
    low, high = limits(n)
    if not math.isclose(sum(shares), 1.0, abs_tol=1e-6):
        raise ValueError(f"shares must add up to 1, got {sum(shares)!r}")
    flags = [False] * n if non_party is None else [bool(f) for f in non_party]
    labels = [f"Co-producer {i + 1}" for i in range(n)] if names is None else list(names)
    if len(flags) != n or len(labels) != n:
        raise ValueError("shares, non_party and names must have the same length")

    regime = "bilateral" if n == 2 else "multilateral"
    reasons: list[str] = []
    for label, share in zip(labels, shares, strict=True):
        if share < low - TOLERANCE:
            reasons.append(
                f"{label} contributes {pct(share)}, below the {pct(low)} minimum "
                f"for a {regime} co-production"
            )
        if share > high + TOLERANCE:
            reasons.append(
                f"{label} contributes {pct(share)}, above the {pct(high)} maximum "
                f"for a {regime} co-production"
            )
    outside = sum(s for s, f in zip(shares, flags, strict=True) if f)
    if outside > NON_PARTY_MAX + TOLERANCE:
        reasons.append(
            f"co-producers from non-Party states contribute {pct(outside)} together, "
            f"above the {pct(NON_PARTY_MAX)} maximum"
        )
    return not reasons, tuple(reasons)


@dataclass(frozen=True)
class Coproduction:
    """One financing structure: shares per partner, the verdict and local control."""

    names: tuple[str, ...]
    finance: tuple[float, ...]
    creative: tuple[float, ...]
    non_party: tuple[bool, ...]
    qualifies: bool
    reasons: tuple[str, ...]
    regime: str
    limits: tuple[float, float]
    local_control: float
    budget_multiple: float

    @property
    def rights(self) -> tuple[float, ...]:
        """Each partner's share of rights and revenue (pro rata to finance)."""
        return self.finance

    @property
    def n_partners(self) -> int:
        return len(self.finance)

    @property
    def local_is_majority(self) -> bool:
        """True when the local producer brings more of the cost than any partner."""
        return all(self.finance[0] > f for f in self.finance[1:])


def split_shares(local_share: float, third_part: float) -> tuple[float, ...]:
    """Cost shares (local, B[, C]) from the local share and C's part of the foreign share."""
    foreign = 1.0 - local_share
    if third_part == 0.0:
        return (local_share, foreign)
    return (local_share, foreign * (1.0 - third_part), foreign * third_part)


def coproduction(
    local_share: float,
    third_part: float,
    local_creative: float,
    non_party_third: bool = False,
) -> Coproduction:
    """Structure a co-production and check it.

    local_share: the local producer's share of the production cost, a fraction
        from 0.05 to 1.
    third_part: the part of the foreign financing that a third co-producer (C)
        brings, a fraction from 0 to 0.5; 0 means a bilateral deal with partner B
        alone, 0.5 means B and C bring equal shares.
    local_creative: the local share of key creative and technical posts
        (director, writer, heads of department, leads), a fraction from 0 to 1.
    non_party_third: True if partner C is established in a state that is not a
        Party to the Convention (ignored for a bilateral deal).
    """
    local_share = check_range(local_share, *LOCAL_SHARE_RANGE, "local_share")
    third_part = check_range(third_part, *THIRD_PART_RANGE, "third_part")
    local_creative = check_range(local_creative, *LOCAL_CREATIVE_RANGE, "local_creative")

    finance = split_shares(local_share, third_part)
    n = len(finance)
    names = PARTNER_NAMES[:n]
    foreign = 1.0 - local_share
    creative = (
        local_creative,
        *(
            (1.0 - local_creative) * (f / foreign if foreign > 0 else 1.0 / (n - 1))
            for f in finance[1:]
        ),
    )
    non_party = (False, False, bool(non_party_third))[:n]
    ok, reasons = qualifies(finance, non_party, names)
    return Coproduction(
        names=names,
        finance=finance,
        creative=creative,
        non_party=non_party,
        qualifies=ok,
        reasons=reasons,
        regime="bilateral" if n == 2 else "multilateral",
        limits=limits(n),
        local_control=0.5 * local_share + 0.5 * local_creative,
        budget_multiple=1.0 / local_share,
    )
