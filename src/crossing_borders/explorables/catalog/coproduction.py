"""Chapter 3's explorable: its controls, claim, tries and the answers computed for them."""

from __future__ import annotations

from crossing_borders.explorables.catalog.formatting import holds, percent, steps
from crossing_borders.explorables.spec import Claim, Control, Explorable, Try
from crossing_borders.models import coproduction as cop
from crossing_borders.plots.coproduction import plot_coproduction


def _coproduction_summary(r: cop.Coproduction) -> str:
    split = " / ".join(cop.pct(f) for f in r.finance)
    deal = f"A {r.regime} deal with {cop.pct(r.finance[0])} local finance"
    low, high = r.limits
    verdict = (
        f"qualifies under the CETS 220 percentages (each co-producer {cop.pct(low)}-"
        f"{cop.pct(high)} of the cost)"
        if r.qualifies
        else f"does not qualify under the CETS 220 percentages: {'; '.join(r.reasons)}"
    )
    return (
        f"{deal} {verdict}. Rights and revenue split {split}; the film is "
        f"{r.budget_multiple:.2f} times the local money, local control is "
        f"{r.local_control:.2f} with {r.creative[0]:.0%} of key posts local, partners' "
        f"know-how {r.know_how:.2f}; it opens {r.markets:.1f} foreign markets, and contracts "
        f"cost {r.admin:.0%} of the budget."
    )


def _holds_coproduction(r: cop.Coproduction) -> bool:
    return r.qualifies and r.local_control >= 0.5 - 1e-9 and r.budget_multiple >= 1.5 - 1e-9


def _largest_qualifying(e: Explorable, third_part: float) -> float:
    shares = e.control("local_share").values
    ok = [s for s in shares if e.compute(local_share=s, third_part=third_part).qualifies]
    return max(ok)


def _try_limits(e: Explorable) -> str:
    bilateral = _largest_qualifying(e, 0.0)
    multilateral = _largest_qualifying(e, 0.5)
    r = e.compute(local_share=0.85, third_part=0.5, local_creative=0.7)
    return (
        f"With partner B alone, the local producer may bring up to {bilateral:.0%} of the "
        f"cost; once a third partner brings half the foreign money, the limit falls to "
        f"{multilateral:.0%}, because each of three co-producers must bring 5% to 80%. At "
        f"85% the deal fails: {r.reasons[0][0].lower()}{r.reasons[0][1:]}."
    )


def _try_bigger_film(e: Explorable) -> str:
    mid = e.compute(local_share=0.6, third_part=0.2, local_creative=0.5)
    far = e.compute(local_share=0.5, third_part=0.2, local_creative=0.3)
    return (
        f"At 60% of the cost and half the key posts, the film is {mid.budget_multiple:.2f} "
        f"times the local money and local control is {mid.local_control:.2f}: the claim "
        f"{holds(e, mid)}. At 50% of the cost and 30% of the posts the film is "
        f"{far.budget_multiple:.2f} times the local money, and control falls to "
        f"{far.local_control:.2f}: the claim {holds(e, far)}. Past a point, access is paid "
        "for with control."
    )


def _try_third_partner(e: Explorable) -> str:
    two = e.compute(local_share=0.7, third_part=0.0, local_creative=0.7)
    three = e.compute(local_share=0.7, third_part=0.2, local_creative=0.7)
    return (
        f"A third partner changes neither the film's size ({two.budget_multiple:.2f} times "
        f"the local money) nor local control ({two.local_control:.2f}). It opens "
        f"{three.markets:.1f} foreign markets instead of {two.markets:.1f}, and contracts now "
        f"cost {three.admin:.0%} of the budget instead of {two.admin:.0%}: the essay's "
        "'complex contracts' have a price."
    )


COPRODUCTION = Explorable(
    name="coproduction",
    title="Structuring a co-production",
    controls=(
        Control(
            "local_share",
            "Local producer's share of the cost",
            "%",
            values=steps(*(0.5 + 0.05 * i for i in range(10))),
            default=0.7,
            formatter=percent,
        ),
        Control(
            "third_part",
            "Third co-producer's part of the foreign financing",
            "%",
            values=(0.0, 0.2, 0.5),
            default=0.0,
            formatter=lambda v: "none (bilateral)" if v == 0 else f"{v:.0%}",
        ),
        Control(
            "local_creative",
            "Local share of key creative and technical posts",
            "%",
            values=(0.3, 0.5, 0.7, 0.9),
            default=0.7,
            formatter=percent,
        ),
    ),
    model=cop.coproduction,
    plot=plot_coproduction,
    summary=_coproduction_summary,
    outcomes=lambda r: {
        "qualifies": float(r.qualifies),
        "budget multiple": r.budget_multiple,
        "local control": r.local_control,
        "partners' know-how": r.know_how,
        "foreign markets opened": r.markets,
        "budget left after contracts": 1.0 - r.admin,
    },
    how=cop.HOW,
    claim=Claim(
        quote="Shared ownership preserves local control while enabling access to foreign "
        "markets, technical know-how, and distribution networks.",
        tested="Whether the deal qualifies under the Convention's percentages and keeps local "
        "control at 0.50 or more while making a film at least 1.5 times what the local "
        "money alone would pay for.",
        holds=_holds_coproduction,
        why=lambda r: (
            f"it {'qualifies' if r.qualifies else 'does not qualify'}, local control is "
            f"{r.local_control:.2f} and the film is {r.budget_multiple:.2f} times the local "
            "money."
        ),
    ),
    tries=(
        Try(
            "How large may the local share be, with one partner and with two?",
            {"local_share": 0.85, "third_part": 0.5, "local_creative": 0.7},
            _try_limits,
        ),
        Try(
            "Can the local producer get a bigger film and keep control?",
            {"local_share": 0.6, "third_part": 0.2, "local_creative": 0.5},
            _try_bigger_film,
        ),
        Try(
            "What does a third partner add, and what does it cost?",
            {"local_share": 0.7, "third_part": 0.2, "local_creative": 0.7},
            _try_third_partner,
        ),
    ),
)
