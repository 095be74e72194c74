"""Chapter 5's explorable: its controls, claim, tries and the answers computed for them."""

from __future__ import annotations

from crossing_borders.explorables.catalog.formatting import listed, percent
from crossing_borders.explorables.spec import Claim, Control, Explorable, Try
from crossing_borders.models import policy_lab as lab
from crossing_borders.plots.policy_lab import plot_policy_lab


def _policy_lab_summary(r: lab.PolicyLab) -> str:
    c, t, h, s = r.shares
    changes = ", ".join(
        f"{name.lower()} {change:+.2f}"
        for name, change in zip(lab.INDICATORS, r.changes, strict=True)
    )
    return (
        f"Spending {c:.0%} on co-production incentives, {s:.0%} on subtitling and dubbing, "
        f"{t:.0%} on talent training and {h:.0%} on heritage changes the indicators, over "
        f"{int(r.years[-1])} years, by: {changes}."
    )


def _splits(e: Explorable):
    return [(p, e.compute(**p)) for p in e.combinations()]


def _try_one_sided(e: Explorable) -> str:
    r = e.compute(outward=0.8, coproduction_part=1.0, training_part=0.5)
    losers = [
        f"{name.lower()} ({change:+.2f})"
        for name, change in zip(lab.INDICATORS, r.changes, strict=True)
        if name in r.below_start
    ]
    return (
        f"With 80% of the budget on co-production incentives, international investment "
        f"gains {r.changes[1]:+.2f} over ten years and audience reach {r.changes[3]:+.2f}. "
        f"But {listed(losers)} end below where they started: archives decay with little "
        "heritage money, and incentives without enough training bring visiting crews and a "
        "more generic style."
    )


def _try_reversal(e: Explorable) -> str:
    slow = e.compute(outward=0.2, coproduction_part=0.5, training_part=1.0)
    fast = e.compute(outward=0.8, coproduction_part=1.0, training_part=0.5)
    early, late = slow.at(3)[0] - fast.at(3)[0], slow.at(10)[0] - fast.at(10)[0]
    verdict = (
        "The ranking reverses: incentives hire quickly and crowd out slowly, training pays "
        "late. Judge a policy early and you pick differently."
        if early * late < 0
        else "The ranking is the same at both dates."
    )
    return (
        f"Local employment after 3 years: {slow.at(3)[0]:.2f} with training first, "
        f"{fast.at(3)[0]:.2f} with incentives first. After 10 years: {slow.at(10)[0]:.2f} "
        f"against {fast.at(10)[0]:.2f}. {verdict}"
    )


def _try_all_five(e: Explorable) -> str:
    good = [p for p, r in _splits(e) if not r.below_start]
    outward = sorted({p["outward"] for p in good})
    return (
        f"Only {len(good)} of the {e.n_frames} splits keep all five indicators at or above "
        f"their start, all with {' or '.join(f'{o:.0%}' for o in outward)} of the budget "
        "outward-facing. Protection has to be funded before openness can pay, in this model."
    )


POLICY_LAB = Explorable(
    name="policy_lab",
    title="Splitting a culture budget",
    controls=(
        Control(
            "outward",
            "Outward-facing share (co-production incentives + subtitling and dubbing)",
            "%",
            values=(0.2, 0.4, 0.6, 0.8),
            default=0.6,
            formatter=percent,
            help="The rest of the budget goes to home-facing programmes: talent training "
            "and heritage.",
        ),
        Control(
            "coproduction_part",
            "Of the outward share: co-production incentives (rest: subtitling and dubbing)",
            "%",
            values=(0.0, 0.25, 0.5, 0.75, 1.0),
            default=0.5,
            formatter=percent,
        ),
        Control(
            "training_part",
            "Of the home share: talent training (rest: heritage and archives)",
            "%",
            values=(0.0, 0.25, 0.5, 0.75, 1.0),
            default=0.5,
            formatter=percent,
        ),
    ),
    model=lab.policy_lab_split,
    plot=plot_policy_lab,
    summary=_policy_lab_summary,
    outcomes=lambda r: dict(zip(lab.INDICATORS, r.final, strict=True)),
    how=lab.HOW,
    figsize=(6.4, 4.0),
    claim=Claim(
        quote="Policy makers play a crucial role in mediating between openness and protection.",
        tested="Whether this split keeps all five indicators at or above where they started "
        "after ten years: openness and protection both served.",
        holds=lambda r: not r.below_start,
        why=lambda r: (
            "all five end at or above where they started."
            if not r.below_start
            else f"{' and '.join(n.lower() for n in r.below_start)} end below where "
            f"{'it' if len(r.below_start) == 1 else 'they'} started."
        ),
    ),
    tries=(
        Try(
            "What happens if most of the budget goes to co-production incentives?",
            {"outward": 0.8, "coproduction_part": 1.0, "training_part": 0.5},
            _try_one_sided,
        ),
        Try(
            "Does a policy that looks weak early turn out strong later?",
            {"outward": 0.2, "coproduction_part": 0.5, "training_part": 1.0},
            _try_reversal,
        ),
        Try(
            "Can one split keep every indicator at or above its start?",
            {"outward": 0.4, "coproduction_part": 0.5, "training_part": 0.5},
            _try_all_five,
        ),
    ),
)
