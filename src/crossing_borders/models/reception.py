from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crossing_borders.models._checks import check_range
from crossing_borders.models.equations import Equation, HowItWorks, Term, document

#: Valid ranges, used by the explorable and the property tests.
AUTHENTICITY_RANGE = (0.0, 1.0)
LANGUAGE_RANGE = (0.0, 1.0)
VERSIONING_RANGE = (0.0, 1.0)

#: A relative score (reception / that market's best) at or above this is "near the best".
NEAR_BEST = 0.9
#: Reception at or above this, on the 0-1 index, counts as reaching an audience.
REACHED = 0.5
#: Share of the craft budget that removing the whole language barrier would cost.
VERSIONING_COST = 0.15


@dataclass(frozen=True)
class Segment:
    """One audience segment and how it weighs a production's choices."""

    name: str
    market: str  # "domestic" or "international"
    weight: float  # share of its market's audience, 0-1
    ideal: float  # authenticity share it likes best, 0-1
    tolerance: float  # how far from the ideal appeal falls to about 0.6, 0-1
    language: float  # language sensitivity, 0-1


SEGMENTS: tuple[Segment, ...] = (
    Segment("Domestic core", "domestic", 0.4, ideal=0.80, tolerance=0.25, language=0.40),
    Segment("Domestic mainstream", "domestic", 0.6, ideal=0.55, tolerance=0.30, language=0.15),
    Segment(
        "International arthouse", "international", 0.3, ideal=0.70, tolerance=0.30, language=0.30
    ),
    Segment(
        "International mainstream", "international", 0.7, ideal=0.30, tolerance=0.25, language=0.80
    ),
)


HOW = HowItWorks(
    equations=(
        Equation(
            r"a_j(x) = \exp\left(-\frac{1}{2}\left(\frac{x - x_j}{w_j}\right)^2\right)",
            "a_j(x) = exp(-((x - x_j) / w_j)^2 / 2)",
            "Each segment likes a mix best (its ideal x_j) and likes it less the further a "
            "film's mix is from that ideal.",
        ),
        Equation(
            r"\lambda_j = 1 - \sigma_j\,(1 - L)\ \mathrm{at\ home},\quad"
            r"\lambda_j = 1 - \sigma_j\,L\,(1 - v)\ \mathrm{abroad}",
            "lambda_j = 1 - sigma_j (1 - L) at home; lambda_j = 1 - sigma_j L (1 - v) abroad",
            "Home audiences prefer their own language; abroad, local-language dialogue is a "
            "barrier that subtitles and dubbing lower.",
        ),
        Equation(
            r"q = 1 - 0.15\,v^2",
            "q = 1 - 0.15 v^2",
            "Subtitling and dubbing are paid from the same craft budget, so every audience "
            "sees a little less of it on screen.",
        ),
        Equation(
            r"R_{\mathrm{home}} = \sum_{j\ \mathrm{home}} n_j\, q\, a_j(x)\, \lambda_j,"
            r"\quad R_{\mathrm{abroad}} = \sum_{j\ \mathrm{abroad}} n_j\, q\, a_j(x)\, \lambda_j",
            "R_home and R_abroad: the audience-weighted sums of the segments' scores in each "
            "market",
            "Each market's reception is its segments' scores weighted by their sizes.",
        ),
    ),
    terms=(
        Term("x", "x", "share of the craft budget spent on authenticity rather than polish"),
        Term("L", "L", "share of the dialogue in the local language"),
        Term("v", "v", "share of the language barrier abroad that versioning removes"),
        Term(r"x_j,\ w_j", "x_j, w_j", "a segment's ideal mix and how far its liking reaches"),
        Term(r"\sigma_j", "sigma_j", "a segment's sensitivity to language, 0 to 1"),
        Term("n_j", "n_j", "a segment's share of its market's audience"),
        Term("R", "R", "reception, 0 to 1; a market is reached at 0.5 or more (a stated choice)"),
    ),
    assumptions=(
        "Four invented audience segments: domestic core (40% of the home audience, ideal "
        "80% authenticity), domestic mainstream (60%, ideal 55%), international arthouse "
        "(30% of the audience abroad, ideal 70%), international mainstream (70%, ideal 30%).",
        "Each segment's liking falls off smoothly with distance from its ideal mix.",
        "Home audiences prefer their own language; abroad, foreign-language dialogue is a "
        "barrier that subtitles (half) or subtitles and dubbing (80%) remove.",
        "Versioning is paid from the craft budget: removing the whole barrier would cost "
        "15% of it.",
        "Sizes, ideals and sensitivities are chosen to show the mechanism; none is measured. "
        "Reception indices are unitless (0-1); 'reached' at 0.5 is a stated threshold.",
    ),
)

__doc__ = document(
    """Chapter 4 teaching model: how four audience segments receive a production's mix.

What it represents: the essay's point that "audiences want authenticity, and they
deserve access to global perspectives" and that "the balance is delicate". A
production divides its craft budget between authenticity (local cast, cultural
consultation, locations, customs) and global polish (stars, effects,
international-grade finish), chooses how much dialogue is in the local language,
and pays for subtitling and dubbing out of the same budget. Four audience segments
weigh these differently; the model gives a domestic and an international reception
index, in absolute terms and against each market's best.""",
    HOW,
)


@dataclass(frozen=True)
class Reception:
    """Reception of one production mix, plus both markets' curves over every mix."""

    authenticity: float
    local_language: float
    versioning: float
    segment_names: tuple[str, ...]
    segment_scores: tuple[float, ...]
    domestic: float
    international: float
    grid: np.ndarray
    domestic_curve: np.ndarray
    international_curve: np.ndarray
    best_domestic: float
    best_international: float
    balance: float
    balance_score: float
    near_best: tuple[float, float] | None
    reached: float  # the threshold for "reaches" an audience: a judgement, changeable

    @property
    def domestic_relative(self) -> float:
        """Domestic reception as a share of the best any mix achieves at home."""
        return self.domestic / max(float(self.domestic_curve.max()), self.domestic)

    @property
    def international_relative(self) -> float:
        """International reception as a share of the best any mix achieves abroad."""
        return self.international / max(float(self.international_curve.max()), self.international)

    @property
    def reaches_both(self) -> bool:
        """Both markets at or above the stated threshold, in absolute terms."""
        return min(self.domestic, self.international) >= self.reached - 1e-12


def appeal(x: np.ndarray | float, segment: Segment) -> np.ndarray:
    """Craft appeal in (0, 1] of an authenticity share x to one segment."""
    return np.exp(-0.5 * ((np.asarray(x, dtype=float) - segment.ideal) / segment.tolerance) ** 2)


def language_fit(segment: Segment, local_language: float, versioning: float) -> float:
    """How well the dialogue's language suits a segment, in [0, 1]."""
    if segment.market == "domestic":
        return 1.0 - segment.language * (1.0 - local_language)
    return 1.0 - segment.language * local_language * (1.0 - versioning)


def craft_left(versioning: float) -> float:
    """Share of the craft budget left on screen once subtitling and dubbing are paid."""
    return 1.0 - VERSIONING_COST * versioning**2


def market_curve(market: str, x: np.ndarray, local_language: float, versioning: float):
    """Audience-weighted reception of one market at authenticity shares x."""
    total = np.zeros_like(x, dtype=float)
    for seg in SEGMENTS:
        if seg.market == market:
            total += seg.weight * appeal(x, seg) * language_fit(seg, local_language, versioning)
    return craft_left(versioning) * total


def reception(
    authenticity: float, local_language: float, versioning: float, reached: float | None = None
) -> Reception:
    """Evaluate a production mix.

    authenticity: share of the craft budget spent on authenticity rather than on
        global polish, a fraction from 0 to 1.
    local_language: share of the dialogue in the local language, 0 to 1.
    versioning: share of the language barrier for international audiences that
        subtitling and dubbing remove, 0 (none) to 1 (all).
    reached: the reception score at which a market counts as reached, 0 to 1
        (default REACHED, 0.5). A judgement, not a finding: change it and see how
        much of the answer it carries.

    Returns the four segment scores, domestic and international reception (0-1),
    both markets' curves over a grid of 101 authenticity shares, each market's
    best share, the balance point (the share where the weaker market, measured
    against its own best, does best) and the range of shares where both markets
    are within 10% of their best around the balance point (None if there is none).
    """
    x = check_range(authenticity, *AUTHENTICITY_RANGE, "authenticity")
    lang = check_range(local_language, *LANGUAGE_RANGE, "local_language")
    ver = check_range(versioning, *VERSIONING_RANGE, "versioning")
    threshold = check_range(REACHED if reached is None else reached, 0.0, 1.0, "reached")

    grid = np.linspace(0.0, 1.0, 101)
    dom_curve = market_curve("domestic", grid, lang, ver)
    int_curve = market_curve("international", grid, lang, ver)
    weaker = np.minimum(dom_curve / dom_curve.max(), int_curve / int_curve.max())
    i_balance = int(np.argmax(weaker))
    near = _run_around(weaker >= NEAR_BEST, i_balance)
    scores = tuple(
        float(craft_left(ver) * appeal(x, s) * language_fit(s, lang, ver)) for s in SEGMENTS
    )
    for a in (grid, dom_curve, int_curve):
        a.setflags(write=False)
    return Reception(
        authenticity=x,
        local_language=lang,
        versioning=ver,
        segment_names=tuple(s.name for s in SEGMENTS),
        segment_scores=scores,
        domestic=float(market_curve("domestic", np.array([x]), lang, ver)[0]),
        international=float(market_curve("international", np.array([x]), lang, ver)[0]),
        grid=grid,
        domestic_curve=dom_curve,
        international_curve=int_curve,
        best_domestic=float(grid[int(np.argmax(dom_curve))]),
        best_international=float(grid[int(np.argmax(int_curve))]),
        balance=float(grid[i_balance]),
        balance_score=float(weaker[i_balance]),
        near_best=None if near is None else (float(grid[near[0]]), float(grid[near[1]])),
        reached=threshold,
    )


def _run_around(mask: np.ndarray, i: int) -> tuple[int, int] | None:
    """First and last index of the run of True values in mask that contains index i."""
    if not mask[i]:
        return None
    lo, hi = i, i
    while lo > 0 and mask[lo - 1]:
        lo -= 1
    while hi < len(mask) - 1 and mask[hi + 1]:
        hi += 1
    return lo, hi
