from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from crossing_borders.models._checks import check_range
from crossing_borders.models.equations import Equation, HowItWorks, Term, document

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
ADMIN_PER_PAIR = 0.02  # legal and administrative cost per pair of co-producers (share of budget)
#: A foreign co-producer releases the film fully at home once its stake reaches this share.
FULL_RELEASE_STAKE = 0.15

HOW = HowItWorks(
    equations=(
        Equation(
            r"f = (x,\; (1 - x)(1 - p),\; (1 - x)\,p)",
            "f = (x, (1 - x)(1 - p), (1 - x) p)",
            "The cost is split between the local producer, partner B and, if p > 0, a third "
            "partner C.",
        ),
        Equation(
            r"\mathrm{qualifies} \Leftrightarrow \ell_n \leq f_j \leq h_n\ \mathrm{for\ every}\ j",
            "qualifies if l_n <= f_j <= h_n for every co-producer j",
            "The Convention's percentages: with two co-producers each brings 10% to 90% of the "
            "cost, with three or more each brings 5% to 80%.",
        ),
        Equation(
            r"B = 1 / x",
            "B = 1 / x",
            "The local money is fixed, so a smaller local share makes a bigger film.",
        ),
        Equation(
            r"L = \frac{x + y}{2},\quad K = 1 - y",
            "L = (x + y) / 2, K = 1 - y",
            "Local control averages the local shares of cost and of key posts; the partners' "
            "know-how on the production grows with the key posts they fill.",
        ),
        Equation(
            r"M = \sum_{j \geq 2} \min(1,\ f_j / 0.15)",
            "M = sum over foreign co-producers j of min(1, f_j / 0.15)",
            "Each foreign co-producer opens its home market in proportion to its stake, fully "
            "from 15% of the cost: a third partner can open a third market.",
        ),
        Equation(
            r"A = 0.02\,\binom{n}{2}",
            "A = 0.02 n (n - 1) / 2",
            "Contracts and tax regimes cost 2% of the budget for each pair of co-producers.",
        ),
    ),
    terms=(
        Term("x", "x", "the local producer's share of the cost"),
        Term("p", "p", "the third partner's part of the foreign money (0: a bilateral deal)"),
        Term("y", "y", "the local share of key creative and technical posts"),
        Term("n", "n", "number of co-producers (2 or 3); each brings its own market"),
        Term("B", "B", "budget multiple: the film's size against the local money alone"),
        Term("L, K", "L, K", "local control and partners' know-how, 0 to 1"),
        Term("M", "M", "foreign markets opened, 0 to 2 (one per foreign co-producer)"),
        Term("A", "A", "administrative and legal cost, share of the budget"),
    ),
    assumptions=(
        "The only real-world numbers are the participation thresholds of the revised "
        "Council of Europe Convention on Cinematographic Co-production (CETS No. 220): "
        "bilateral co-producers each 10%-90% of the cost, multilateral ones 5%-80%, "
        "co-producers from non-Party states together at most 30%. They apply only where "
        "every participating country has ratified the revised Convention (Eurimages).",
        "'Qualifies' means only that these percentages are met; the Convention's other "
        "conditions and national rules are not modelled. This is not legal advice.",
        "Rights and revenue are shared pro rata to the share of the cost.",
        "The local producer's money is fixed, so a smaller local share means a larger film.",
        "Partners fill the key posts the local side does not, in proportion to their money.",
        "A foreign co-producer releases the film in its home market in proportion to its "
        "stake, fully from 15% of the cost; all markets count alike.",
        "Local control, know-how and administration are teaching indices; their "
        "coefficients are chosen to show the trade-offs, not measured.",
    ),
)

__doc__ = document(
    """Chapter 3 teaching model: structuring a two- or three-country co-production.

What it represents: the essay's claim that co-production agreements balance
artistic ambition with financial reality, and that "shared ownership preserves
local control while enabling access to foreign markets, technical know-how, and
distribution networks", with "complex contracts and tax regimes" to manage. A
local producer brings part of the cost; one or two foreign co-producers bring the
rest and take a share of the key creative and technical posts. The model checks
the split against the participation thresholds of the revised Council of Europe
Convention on Cinematographic Co-production (CETS No. 220; bibliography keys
``coe_cets220`` and ``eurimages_revised_convention``) and reports rights, the
film's size, local control, partners' know-how, foreign markets opened and
administrative cost.""",
    HOW,
)


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
    know_how: float
    markets: float
    admin: float

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
        know_how=1.0 - local_creative,
        markets=sum(min(1.0, f / FULL_RELEASE_STAKE) for f in finance[1:]),
        admin=ADMIN_PER_PAIR * n * (n - 1) / 2,
    )
