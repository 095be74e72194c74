"""Chapter 1's explorable: its controls, claim, tries and the answers computed for them."""

from __future__ import annotations

from crossing_borders.explorables.catalog.formatting import holds, percent, steps
from crossing_borders.explorables.spec import Claim, Control, Explorable, Try
from crossing_borders.models import team_mix as tm
from crossing_borders.plots.team_mix import plot_team_mix

_SUPPORT = {0.0: "no", 0.5: "partial", 1.0: "full"}


def _team_mix_summary(r: tm.TeamMix) -> str:
    return (
        f"With {r.share:.0%} international crew from {r.traditions} training tradition(s) "
        f"and {_SUPPORT[r.support]} adaptation support, capability is {r.capability:.2f}; "
        f"friction {r.friction:.2f}, specialization gaps {r.gap:.2f} and the programme's "
        f"cost {r.cost:.2f} leave a net benefit of {r.net:.2f}, which would peak at "
        f"{r.best_share:.0%} international crew."
    )


def _last_share_that_beats_local(e: Explorable, **fixed) -> float:
    shares = e.control("share").values
    return max((s for s in shares if e.compute(share=s, **fixed).beats_all_local), default=0.0)


def _try_no_support(e: Explorable) -> str:
    up_to = _last_share_that_beats_local(e, traditions=3, support=0.0)
    r = e.compute(share=0.6, traditions=3, support=0.0)
    return (
        f"Without support, a crew with visitors from three traditions does better than an "
        f"all-local crew only up to {up_to:.0%} international crew. At 60% net benefit is "
        f"{r.net:.2f}: friction ({r.friction:.2f}) and gaps ({r.gap:.2f}) have outgrown the "
        f"capability the visitors add ({r.capability - tm.LOCAL_CAPABILITY:.2f}). The claim "
        f"{holds(e, e.compute(share=up_to, traditions=3, support=0.0))} at {up_to:.0%} and "
        f"{holds(e, r)} at 60%."
    )


def _try_programme(e: Explorable) -> str:
    small = [e.compute(share=0.1, traditions=2, support=a) for a in (0.0, 1.0)]
    large = [e.compute(share=0.4, traditions=2, support=a) for a in (0.0, 1.0)]
    return (
        f"At 10% international crew, full support costs {small[1].cost:.2f} and net benefit "
        f"is {small[1].net:.2f} with it against {small[0].net:.2f} without: too few visitors "
        f"use it. At 40% it raises net benefit from {large[0].net:.2f} to {large[1].net:.2f}. "
        "Whether a fund should pay depends on how many visitors the programme serves."
    )


def _try_variety(e: Explorable) -> str:
    def net(share: float, k: int) -> float:
        return e.compute(share=share, traditions=k, support=0.5).net

    return (
        f"At 20% international crew, visitors from five traditions rather than one raise net "
        f"benefit from {net(0.2, 1):.2f} to {net(0.2, 5):.2f}: variety widens what the crew "
        f"can do. At 60% the same change takes it from {net(0.6, 1):.2f} to "
        f"{net(0.6, 5):.2f}: more pairs cross traditions. Variety helps small mixes most."
    )


TEAM_MIX = Explorable(
    name="team_mix",
    title="Creative friction in a mixed crew",
    controls=(
        Control(
            "share",
            "International share of crew",
            "%",
            values=steps(*(i / 10 for i in range(11))),
            default=0.3,
            formatter=percent,
        ),
        Control(
            "traditions",
            "Training traditions among the visitors",
            "",
            values=(1, 2, 3, 4, 5),
            default=3,
        ),
        Control(
            "support",
            "Adaptation support",
            "",
            values=(0.0, 0.5, 1.0),
            default=0.5,
            formatter=lambda v: {0.0: "none", 0.5: "partial", 1.0: "full"}[v],
        ),
    ),
    model=tm.team_mix,
    plot=plot_team_mix,
    summary=_team_mix_summary,
    outcomes=lambda r: {"net benefit": r.net, "capability": r.capability},
    how=tm.HOW,
    claim=Claim(
        quote="In practice, this convergence elevates technical standards and expands "
        "narrative horizons",
        tested="Whether this crew does more than an all-local crew (net benefit above "
        "0.50) once friction, specialization gaps and the cost of any support programme are "
        "counted. The model sees technical gains only, not narrative ones.",
        holds=lambda r: r.beats_all_local,
        why=lambda r: f"net benefit is {r.net:.2f}, against 0.50 for an all-local crew.",
    ),
    tries=(
        Try(
            "With no adaptation support, how far can the international share rise before "
            "the crew does worse than an all-local one?",
            {"share": 0.6, "traditions": 3, "support": 0.0},
            _try_no_support,
        ),
        Try(
            "Should a film fund pay for the adaptation programme?",
            {"share": 0.1, "traditions": 2, "support": 1.0},
            _try_programme,
        ),
        Try(
            "Do visitors from more training traditions help or hinder?",
            {"share": 0.6, "traditions": 5, "support": 0.5},
            _try_variety,
        ),
    ),
)
