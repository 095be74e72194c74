"""Chapter 2's explorable: its controls, claim, tries and the answers computed for them."""

from __future__ import annotations

from crossing_borders.explorables.catalog.formatting import percent
from crossing_borders.explorables.spec import Claim, Control, Explorable, Try
from crossing_borders.models import skill_transfer as skt
from crossing_borders.plots.skill_transfer import plot_skill_transfer

_LEVY = {0.0: "no", 0.5: "a half", 1.0: "a full"}


def _trainees(n: float) -> str:
    return "1 trainee" if n == 1 else f"{n:g} trainees"


def _skill_transfer_summary(r: skt.SkillTransfer) -> str:
    return (
        f"With {r.inflow:.0%} of crew posts filled by visitors for {r.stay} years, one mentor "
        f"per {_trainees(r.mentoring)} and {_LEVY[r.levy]} training levy, local skill rises "
        f"up to {r.peak_gain:.2f} above the no-visitor path and is {r.kept_skill:+.2f} above "
        f"it in year {r.horizon}. Local crews hold {r.mean_jobs:.2f} posts a year on average "
        f"({r.mean_baseline_jobs:.2f} with no visitors); the strongest downward pressure on "
        f"local rates is {max(r.peak_pressure, 0.0):.2f}."
    )


def _virtuous(r: skt.SkillTransfer) -> bool:
    return r.kept_skill >= 0.05 and r.mean_jobs >= r.mean_baseline_jobs - 1e-9


def _try_lasting(e: Explorable) -> str:
    short = e.compute(inflow=0.3, stay=3, mentoring=3, levy=0.0)
    long = e.compute(inflow=0.3, stay=10, mentoring=3, levy=0.0)
    return (
        f"Three years of visitors in 30% of posts lift local skill up to {short.peak_gain:.2f} "
        f"above the no-visitor path, but by year 15 only {short.kept_skill:.2f} is left: "
        "trained crews leave and entrants start again at 0.3. The same visitors for ten "
        f"years leave {long.kept_skill:.2f}. On its own, the circle does not close."
    )


def _try_levy(e: Explorable) -> str:
    none = e.compute(inflow=0.3, stay=3, mentoring=3, levy=0.0)
    full = e.compute(inflow=0.3, stay=3, mentoring=3, levy=1.0)
    return (
        f"With a full levy, curricula pass on what local crews learned: {full.kept_skill:.2f} "
        f"of skill is left in year 15 instead of {none.kept_skill:.2f}. But the levy drives "
        f"some productions away: local crews hold {full.mean_jobs:.2f} posts a year on "
        f"average instead of {none.mean_jobs:.2f}."
    )


def _try_pressure(e: Explorable) -> str:
    r = e.compute(inflow=0.3, stay=10, mentoring=1, levy=0.0)
    first, last_visit, last = r.pressure[0], r.pressure[r.stay - 1], r.pressure[-1]
    after = (
        f"a busier local market pushes them up by {-last:.2f}"
        if last < 0
        else f"a downward push of {last:.2f} remains"
    )
    return (
        f"In year 0 the visitors push local rates down by {first:.2f}, the essay's worry. "
        f"As local skill catches up, the push weakens to {last_visit:.2f} in their last "
        f"year; in year {r.horizon}, after they have gone, {after}. One mentor per trainee "
        "reaches few crews, so skill rises slowly and the pressure lasts."
    )


SKILL_TRANSFER = Explorable(
    name="skill_transfer",
    title="Skill transfer from visiting professionals, and after they go",
    controls=(
        Control(
            "inflow",
            "Crew posts filled by visitors while they come",
            "%",
            values=(0.0, 0.1, 0.2, 0.3),
            default=0.2,
            formatter=percent,
        ),
        Control(
            "stay",
            "Years the visitors keep coming",
            "years",
            values=(3, 6, 10),
            default=6,
            formatter=lambda v: f"{v} years",
        ),
        Control(
            "mentoring",
            "Trainees per mentor",
            "trainees",
            values=(1, 3, 6),
            default=3,
            formatter=_trainees,
            help="How many local crew each visiting professional mentors.",
        ),
        Control(
            "levy",
            "Training levy on productions",
            "",
            values=(0.0, 0.5, 1.0),
            default=0.0,
            formatter=lambda v: {0.0: "none", 0.5: "half", 1.0: "full"}[v],
            help="Funds curricula that pass local skill on to entrants; deters some shoots.",
        ),
    ),
    model=skt.skill_transfer,
    plot=plot_skill_transfer,
    summary=_skill_transfer_summary,
    outcomes=lambda r: {
        "skill kept in the last year": r.kept_skill,
        "peak skill gain": r.peak_gain,
        "local crew posts a year": r.mean_jobs,
        "local rates (less the strongest downward pressure)": -max(r.peak_pressure, 0.0),
    },
    how=skt.HOW,
    claim=Claim(
        quote="the arrival of international talent accelerates capacity building, creating "
        "a virtuous circle of skill transfer",
        tested="Whether, in year 15, after the visitors have stopped coming, local skill is "
        "still at least 0.05 above the path with no visitors, while local crews held at "
        "least as many posts on average.",
        holds=_virtuous,
        why=lambda r: (
            f"in year 15 local skill is {r.kept_skill:+.2f} against the no-visitor path, and "
            f"local crews held {r.mean_jobs:.2f} posts a year against {r.mean_baseline_jobs:.2f}."
        ),
    ),
    tries=(
        Try(
            "Do the gains last once the visitors stop coming?",
            {"inflow": 0.3, "stay": 3, "mentoring": 3, "levy": 0.0},
            _try_lasting,
        ),
        Try(
            "Can a training levy close the circle, and what does it cost?",
            {"inflow": 0.3, "stay": 3, "mentoring": 3, "levy": 1.0},
            _try_levy,
        ),
        Try(
            "When do visitors push local rates down, as the essay fears?",
            {"inflow": 0.3, "stay": 10, "mentoring": 1, "levy": 0.0},
            _try_pressure,
        ),
    ),
)
