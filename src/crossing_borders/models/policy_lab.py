from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from crossing_borders.models._checks import check_range, check_whole
from crossing_borders.models.equations import Equation, HowItWorks, Term, document

#: Valid ranges, used by the explorable and the property tests.
SHARE_RANGE = (0.0, 1.0)
YEARS_RANGE = (1, 30)
#: Ranges of the explorable's nested split (see `split_budget`).
OUTWARD_RANGE = (0.0, 1.0)
PART_RANGE = (0.0, 1.0)

PROGRAMMES = (
    "Co-production incentives",
    "Homegrown talent training",
    "Heritage and archive restoration",
    "Subtitling and dubbing",
)
INDICATORS = (
    "Local employment share",
    "International investment",
    "Archive preserved",
    "Audience reach",
    "Distinctiveness",
)
#: Where each indicator stands in year 0 (all unitless, 0-1).
START = np.array([0.5, 0.3, 0.5, 0.4, 0.5])
#: Where each drifts with no programme at all (footloose jobs, decaying archives,
#: audiences drawn to global catalogues, a style worn down by imitation).
DRIFT = np.array([-0.05, 0.0, -0.25, -0.12, -0.18])
DRIFT_RATE = 0.15  # share of the remaining drift that happens each year
#: How fast each programme's effects arrive: the share of the rest each year.
SPEED = {"coproduction": 0.5, "training": 0.12, "heritage": 0.25, "versioning": 0.5}
#: What each programme does to the five indicators when it gets the whole budget.
EFFECT = {
    "coproduction": np.array([0.25, 0.45, 0.0, 0.15, 0.0]),
    "training": np.array([0.3, 0.1, 0.0, 0.0, 0.2]),
    "heritage": np.array([0.0, 0.0, 0.55, 0.05, 0.15]),
    "versioning": np.array([0.0, 0.05, 0.0, 0.35, 0.0]),
}
#: Visiting crews taking key posts and a more generic style, over the years, where
#: co-production incentives run without local training (employment, distinctiveness).
CROWDING = np.array([0.25, 0.0, 0.0, 0.0, 0.2])

HOW = HowItWorks(
    equations=(
        Equation(
            r"g(x) = \frac{1 - e^{-3x}}{1 - e^{-3}}",
            "g(x) = (1 - exp(-3 x)) / (1 - exp(-3))",
            "Diminishing returns: a quarter of the budget does about half of what the whole "
            "budget could.",
        ),
        Equation(
            r"\rho_p(t) = 1 - (1 - k_p)^t",
            "rho_p(t) = 1 - (1 - k_p)^t",
            "How much of a programme's effect has arrived after t years: co-production and "
            "versioning fast (k = 0.5), heritage slower (0.25), training slowest (0.12).",
        ),
        Equation(
            r"I(t) = I_0 + \delta\,(1 - 0.85^t) + \sum_p E_p\, g(x_p)\, \rho_p(t)"
            r" - \gamma\, g(x_C)\,(1 - g(x_T))\, \rho_T(t)",
            "I(t) = I_0 + delta (1 - 0.85^t) + sum_p E_p g(x_p) rho_p(t) "
            "- gamma g(x_C) (1 - g(x_T)) rho_T(t)",
            "Each indicator starts at I_0, drifts down without support, gains what the "
            "programmes add as their effects arrive, and loses ground where co-production "
            "incentives run without training.",
        ),
    ),
    terms=(
        Term("x_p", "x_p", "share of the budget for programme p (C, T, H, S); they add to 1"),
        Term(
            "I_0",
            "I_0",
            "year-0 level: employment 0.5, investment 0.3, archive 0.5, "
            "reach 0.4, distinctiveness 0.5",
        ),
        Term(
            r"\delta",
            "delta",
            "drift with no programme: employment -0.05, archive -0.25, "
            "reach -0.12, distinctiveness -0.18",
        ),
        Term("E_p", "E_p", "what programme p adds to each indicator at the whole budget"),
        Term(
            r"\gamma",
            "gamma",
            "crowding where incentives run without training: employment 0.25, distinctiveness 0.2",
        ),
    ),
    assumptions=(
        "The budget is split in two steps (outward-facing against home-facing, then within "
        "each), so every combination of controls is a whole budget: nothing is clipped.",
        "Each programme has diminishing returns and its own speed: co-production and "
        "versioning act within a year or two, training takes a decade.",
        "Without programmes, jobs leave, archives decay, audiences drift to global "
        "catalogues and a style is worn down by imitation.",
        "Co-production incentives bring visiting crews and a more generic style over the "
        "years unless local talent is trained.",
        "Every coefficient is chosen to show trade-offs; none is measured. Indicators are "
        "unitless 0-1 indices, judged against where they started.",
    ),
)

__doc__ = document(
    """Chapter 5 teaching model: splitting a fixed culture budget across four programmes.

What it represents: the essay's list of policy levers ("tax incentives for
co-productions, funding for homegrown talent pipelines", archival restoration,
"subtitling and dubbing that honor linguistic nuance") and its claim that policy
mediates "between openness and protection". A fixed yearly budget is split across
four programmes; five indicators then move, year by year for ten years, under
what the programmes add and what happens without them.""",
    HOW,
)


@dataclass(frozen=True)
class PolicyLab:
    """Yearly paths of the five indicators for one budget split."""

    shares: tuple[float, float, float, float]
    years: np.ndarray
    paths: np.ndarray  # shape (len(INDICATORS), years + 1)

    @property
    def final(self) -> tuple[float, ...]:
        return tuple(float(v) for v in self.paths[:, -1])

    @property
    def changes(self) -> tuple[float, ...]:
        """Final level minus the year-0 level, per indicator."""
        return tuple(float(v) for v in self.paths[:, -1] - START)

    @property
    def below_start(self) -> tuple[str, ...]:
        """Indicators that end below where they started."""
        return tuple(n for n, c in zip(INDICATORS, self.changes, strict=True) if c < -1e-9)

    @property
    def weakest(self) -> str:
        return INDICATORS[int(np.argmin(self.paths[:, -1] - START))]

    def at(self, year: int) -> tuple[float, ...]:
        return tuple(float(v) for v in self.paths[:, year])


def returns(share: float) -> float:
    """Diminishing returns to a programme's share of the budget, 0 at 0 and 1 at 1."""
    return (1.0 - math.exp(-3.0 * share)) / (1.0 - math.exp(-3.0))


def arrived(speed: float, t: np.ndarray) -> np.ndarray:
    """Share of an effect that has arrived after t years at a yearly speed."""
    return 1.0 - (1.0 - speed) ** t


def paths(shares: dict[str, float], years: int) -> np.ndarray:
    """The five indicators for years 0..years (the equation in the module docstring)."""
    t = np.arange(years + 1)
    levels = START[:, None] + DRIFT[:, None] * (1.0 - (1.0 - DRIFT_RATE) ** t)[None, :]
    for programme, share in shares.items():
        effect = EFFECT[programme] * returns(share)
        levels = levels + effect[:, None] * arrived(SPEED[programme], t)[None, :]
    crowding = returns(shares["coproduction"]) * (1.0 - returns(shares["training"]))
    levels = levels - CROWDING[:, None] * crowding * arrived(SPEED["training"], t)[None, :]
    return levels


def policy_lab(
    coproduction: float, training: float, heritage: float, versioning: float, years: int = 10
) -> PolicyLab:
    """Run the budget model on a split of the budget.

    coproduction, training, heritage, versioning: shares of the fixed yearly budget
        for co-production incentives, homegrown talent training, heritage and
        archive restoration, and subtitling and dubbing; fractions from 0 to 1
        that must add up to 1 (within 1e-6).
    years: horizon in years, a whole number from 1 to 30 (default 10).

    Returns the yearly paths (years 0..years) of the five indicators, each a
    unitless index in [0, 1].
    """
    named = {
        name: check_range(v, *SHARE_RANGE, name)
        for v, name in (
            (coproduction, "coproduction"),
            (training, "training"),
            (heritage, "heritage"),
            (versioning, "versioning"),
        )
    }
    if not math.isclose(sum(named.values()), 1.0, abs_tol=1e-6):
        raise ValueError(f"the four shares must add up to 1, got {sum(named.values())!r}")
    years = check_whole(years, *YEARS_RANGE, "years")
    levels = paths(named, years)
    steps = np.arange(years + 1)
    for a in (steps, levels):
        a.setflags(write=False)
    return PolicyLab(shares=tuple(named.values()), years=steps, paths=levels)


def split_budget(
    outward: float, coproduction_part: float, training_part: float
) -> tuple[float, float, float, float]:
    """Turn a nested split into the four programme shares (they always add up to 1).

    outward: share of the budget for outward-facing programmes (co-production
        incentives plus subtitling and dubbing), 0 to 1; the rest goes to the
        home-facing ones (training plus heritage).
    coproduction_part: part of the outward share for co-production incentives,
        0 to 1; the rest of it goes to subtitling and dubbing.
    training_part: part of the home-facing share for talent training, 0 to 1;
        the rest of it goes to heritage and archive restoration.

    Returns (coproduction, training, heritage, versioning). Every combination of
    valid inputs is a valid split, so no combination has to be clipped.
    """
    outward = check_range(outward, *OUTWARD_RANGE, "outward")
    cp = check_range(coproduction_part, *PART_RANGE, "coproduction_part")
    tp = check_range(training_part, *PART_RANGE, "training_part")
    home = 1.0 - outward
    return (outward * cp, home * tp, home * (1.0 - tp), outward * (1.0 - cp))


def policy_lab_split(
    outward: float, coproduction_part: float, training_part: float, years: int = 10
) -> PolicyLab:
    """`policy_lab` on the split that `split_budget` makes (the explorable's model)."""
    return policy_lab(*split_budget(outward, coproduction_part, training_part), years=years)
