"""The course's explorables, one declaration per chapter, looked up by name."""

from __future__ import annotations

from crossing_borders.explorables.spec import Control, Explorable
from crossing_borders.models.coproduction import Coproduction, coproduction, pct
from crossing_borders.models.openness_map import OpennessMap, openness_map
from crossing_borders.models.policy_lab import INDICATORS, PolicyLab, policy_lab_split
from crossing_borders.models.reception import NEAR_BEST, Reception, reception
from crossing_borders.models.skill_transfer import SkillTransfer, skill_transfer
from crossing_borders.models.team_mix import team_mix
from crossing_borders.plots.coproduction import plot_coproduction
from crossing_borders.plots.openness_map import plot_openness_map
from crossing_borders.plots.policy_lab import plot_policy_lab
from crossing_borders.plots.reception import plot_reception
from crossing_borders.plots.skill_transfer import plot_skill_transfer
from crossing_borders.plots.team_mix import plot_team_mix

_SUPPORT_LABELS = {0.0: "none", 0.5: "partial", 1.0: "full"}


def _team_mix_summary(r) -> str:
    return (
        f"With {r.share:.0%} international crew from {r.traditions} training tradition(s) "
        f"and {_SUPPORT_LABELS.get(r.support, r.support)} adaptation support, capability is "
        f"{r.capability:.2f}, friction {r.friction:.2f} and net benefit {r.net:.2f}; "
        f"net benefit peaks at {r.best_share:.0%} international crew."
    )


TEAM_MIX = Explorable(
    name="team_mix",
    title="Creative friction in a mixed crew",
    controls=(
        Control(
            "share",
            "International share of crew",
            "%",
            values=(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
            default=0.3,
            formatter=lambda v: f"{v:.0%}",
        ),
        Control(
            "traditions", "Training traditions in the crew", "", values=(1, 2, 3, 4, 5), default=3
        ),
        Control(
            "support",
            "Adaptation support",
            "",
            values=(0.0, 0.5, 1.0),
            default=0.5,
            formatter=lambda v: _SUPPORT_LABELS[v],
        ),
    ),
    model=team_mix,
    plot=plot_team_mix,
    summary=_team_mix_summary,
    assumptions=(
        "Capability rises with diminishing returns as the international share grows.",
        "Each additional training tradition widens what the crew can do.",
        "Friction grows with the square of the international share and with the number of "
        "traditions; adaptation support removes up to 70% of it.",
        "Both indices are unitless (0-1); only their shapes and differences carry meaning.",
    ),
)


def _percent(v) -> str:
    return f"{v:.0%}"


# Chapter 2 ------------------------------------------------------------------------------

_INCENTIVE_LABELS = {0.0: "none", 0.5: "moderate", 1.0: "generous"}


def _trainees(n: float) -> str:
    return "1 trainee" if n == 1 else f"{n:g} trainees"


def _skill_transfer_summary(r: SkillTransfer) -> str:
    incentive = {0.0: "no"}.get(r.incentive) or _INCENTIVE_LABELS.get(
        r.incentive, f"level-{r.incentive:g}"
    )
    p = r.final_pressure
    if abs(p) < 0.005:
        pressure = "there is no net pressure on local rates"
    else:
        pressure = f"local rates face {'downward' if p > 0 else 'upward'} pressure of {abs(p):.2f}"
    return (
        f"With {r.inflow:.0%} visiting crew, one mentor per "
        f"{'trainee' if r.mentoring == 1 else _trainees(r.mentoring)}, "
        f"{r.retention:.0%} of trained locals staying each year and {incentive} incentives, "
        f"local skill reaches {r.final_skill:.2f} by year {r.horizon} "
        f"({r.baseline_skill[-1]:.2f} with no visitors). "
        f"Local jobs end at {r.final_jobs:.2f} (1 = year 0 with no visitors) and {pressure}."
    )


SKILL_TRANSFER = Explorable(
    name="skill_transfer",
    title="Skill transfer from visiting professionals",
    controls=(
        Control(
            "inflow",
            "Crew positions filled by visiting professionals",
            "%",
            values=(0.0, 0.1, 0.2, 0.3),
            default=0.2,
            formatter=_percent,
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
            "retention",
            "Trained locals still working locally a year later",
            "%",
            values=(0.7, 0.85, 0.95),
            default=0.85,
            formatter=_percent,
        ),
        Control(
            "incentive",
            "Production incentives",
            "",
            values=(0.0, 0.5, 1.0),
            default=0.5,
            formatter=lambda v: _INCENTIVE_LABELS[v],
        ),
    ),
    model=skill_transfer,
    plot=plot_skill_transfer,
    summary=_skill_transfer_summary,
    assumptions=(
        "Visiting professionals work at the skill frontier (1 on the index); local crew "
        "start at 0.3 and can only approach it.",
        "More trainees per mentor reaches more local crew but teaches each less; the best "
        "ratio is the one that just gives every local a mentor.",
        "Trained locals who leave take their skill with them; entrants start at 0.3.",
        "Incentives and a more skilled local crew attract more production in fixed "
        "proportions; what incentives cost the public purse is not modelled.",
        "Every coefficient is chosen to make the mechanism visible; none is measured. "
        "All indices are unitless over a 15-year horizon.",
    ),
)


# Chapter 3 ------------------------------------------------------------------------------


def _coproduction_summary(r: Coproduction) -> str:
    split = " / ".join(pct(f) for f in r.finance)
    deal = f"A {r.regime} deal with {pct(r.finance[0])} local finance"
    low, high = r.limits
    key_posts = f"{r.creative[0]:.0%} of key posts local"
    if r.qualifies:
        return (
            f"{deal} qualifies under the CETS 220 percentages (each co-producer "
            f"{pct(low)}-{pct(high)} of the cost). Rights and revenue split {split}; the "
            f"local money funds a film {r.budget_multiple:.2f} times its size, and local "
            f"control is {r.local_control:.2f} with {key_posts}."
        )
    return (
        f"{deal} does not qualify under the CETS 220 percentages: {'; '.join(r.reasons)}. "
        f"Rights and revenue would split {split}, and local control would be "
        f"{r.local_control:.2f} with {key_posts}."
    )


COPRODUCTION = Explorable(
    name="coproduction",
    title="Structuring a co-production",
    controls=(
        Control(
            "local_share",
            "Local producer's share of the cost",
            "%",
            values=(0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95),
            default=0.7,
            formatter=_percent,
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
            formatter=_percent,
        ),
    ),
    model=coproduction,
    plot=plot_coproduction,
    summary=_coproduction_summary,
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
        "Foreign partners fill the key posts the local side does not, in proportion to "
        "their finance; local control is the mean of the local shares of cost and of key "
        "posts (a teaching index, 0-1).",
    ),
)


# Chapter 4 ------------------------------------------------------------------------------

_LANGUAGE_LABELS = {0.0: "global-language", 0.5: "bilingual", 1.0: "local-language"}
_VERSIONING_LABELS = {
    0.0: "no subtitles or dubbing",
    0.5: "subtitles",
    0.8: "subtitles and dubbing",
}


def _reception_summary(r: Reception) -> str:
    language = _LANGUAGE_LABELS.get(r.local_language, f"{r.local_language:.0%} local-language")
    versioning = _VERSIONING_LABELS.get(
        r.versioning, f"versioning that removes {r.versioning:.0%} of the language barrier"
    )
    if r.near_best is None:
        zone = f"no mix keeps both within {1 - NEAR_BEST:.0%} of their best"
    else:
        lo, hi = r.near_best
        zone = f"both stay within {1 - NEAR_BEST:.0%} of their best from {lo:.0%} to {hi:.0%}"
    return (
        f"With {r.authenticity:.0%} of the craft budget on authenticity, {language} dialogue "
        f"and {versioning}, domestic reception is {r.domestic:.2f} "
        f"({r.domestic_relative:.0%} of its best) and international {r.international:.2f} "
        f"({r.international_relative:.0%} of its best). Domestic reception peaks at "
        f"{r.best_domestic:.0%} authenticity, international at {r.best_international:.0%}; "
        f"{zone}."
    )


RECEPTION = Explorable(
    name="reception",
    title="Authenticity, polish and four audiences",
    controls=(
        Control(
            "authenticity",
            "Craft budget on authenticity (rest on global polish)",
            "%",
            values=tuple(round(0.1 * i, 1) for i in range(11)),
            default=0.5,
            formatter=_percent,
        ),
        Control(
            "local_language",
            "Dialogue in the local language",
            "%",
            values=(0.0, 0.5, 1.0),
            default=0.5,
            formatter=lambda v: f"{v:.0%} ({_LANGUAGE_LABELS[v]})",
        ),
        Control(
            "versioning",
            "Subtitling and dubbing",
            "",
            values=(0.0, 0.5, 0.8),
            default=0.5,
            formatter=lambda v: _VERSIONING_LABELS[v],
            help="Share of the language barrier abroad it removes: none 0%, subtitles 50%, "
            "subtitles and dubbing 80%.",
        ),
    ),
    model=reception,
    plot=plot_reception,
    summary=_reception_summary,
    assumptions=(
        "Four invented audience segments: domestic core (40% of the home audience, ideal "
        "80% authenticity), domestic mainstream (60%, ideal 55%), international arthouse "
        "(30% of the audience abroad, ideal 70%), international mainstream (70%, ideal 30%).",
        "Each segment's appeal falls off smoothly with distance from its ideal mix.",
        "Home audiences prefer their own language; abroad, foreign-language dialogue is a "
        "barrier that subtitles (half) or subtitles and dubbing (80%) remove.",
        "Sizes, ideals and sensitivities are chosen to show the mechanism; none is measured. "
        "Reception indices are unitless (0-1).",
    ),
)


# Chapter 5 ------------------------------------------------------------------------------


def _policy_lab_summary(r: PolicyLab) -> str:
    c, t, h, s = r.shares
    final = r.final
    indicators = ", ".join(
        f"{name.lower()} {value:.2f}" for name, value in zip(INDICATORS, final, strict=True)
    )
    better = sum(v > ref + 1e-9 for v, ref in zip(final, r.reference, strict=True))
    return (
        f"Spending {c:.0%} on co-production incentives, {s:.0%} on subtitling and dubbing, "
        f"{t:.0%} on talent training and {h:.0%} on heritage gives after "
        f"{int(r.years[-1])} years: {indicators}. The weakest indicator is "
        f"{r.weakest.lower()}; {better} of 5 beat an even 25% split."
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
            default=0.4,
            formatter=_percent,
            help="The rest of the budget goes to home-facing programmes: talent training "
            "and heritage.",
        ),
        Control(
            "coproduction_part",
            "Of the outward share: co-production incentives (rest: subtitling and dubbing)",
            "%",
            values=(0.0, 0.25, 0.5, 0.75, 1.0),
            default=0.5,
            formatter=_percent,
        ),
        Control(
            "training_part",
            "Of the home share: talent training (rest: heritage and archives)",
            "%",
            values=(0.0, 0.25, 0.5, 0.75, 1.0),
            default=0.5,
            formatter=_percent,
        ),
    ),
    model=policy_lab_split,
    plot=plot_policy_lab,
    summary=_policy_lab_summary,
    figsize=(6.4, 4.0),
    assumptions=(
        "The budget is split in two steps (outward-facing against home-facing, then within "
        "each), so every combination of controls is a whole budget: nothing is clipped.",
        "Each programme has diminishing returns: a quarter of the budget does about half "
        "of what the whole budget could.",
        "Each indicator moves each year a fixed fraction of the way toward the level the "
        "split can sustain; training-driven ones move slowly, reach and investment quickly.",
        "Co-production incentives bring visiting crews and a more generic style unless "
        "local talent is trained; unfunded archives decay.",
        "Every coefficient is chosen to show trade-offs; none is measured. Indicators are "
        "unitless 0-1 indices.",
    ),
)


# Chapter 6 ------------------------------------------------------------------------------


def _openness_map_summary(r: OpennessMap) -> str:
    ranked = sorted(r.presets.items(), key=lambda item: -item[1][2])
    presets = ", ".join(f"{name} {h:.2f}" for name, (_o, _s, h) in ranked)
    best_o, best_s = r.best
    return (
        f"After {r.horizon:g} years, openness {r.openness:.1f} with stewardship "
        f"{r.stewardship:.1f} scores {r.health:.2f} on the ecosystem-health index "
        f"(best on the map: {r.best_health:.2f} at openness {best_o:.2f}, stewardship "
        f"{best_s:.2f}). Presets: {presets}."
    )


OPENNESS_MAP = Explorable(
    name="openness_map",
    title="Openness and stewardship",
    controls=(
        Control(
            "openness",
            "Openness to foreign talent, capital and co-productions",
            "",
            values=(0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
            default=0.4,
            formatter=lambda v: f"{v:.1f}",
        ),
        Control(
            "stewardship",
            "Stewardship of local voices (training, protected posts, heritage)",
            "",
            values=(0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
            default=0.4,
            formatter=lambda v: f"{v:.1f}",
        ),
        Control("horizon", "Judged after", "years", values=(3, 10, 20), default=10),
    ),
    model=openness_map,
    plot=plot_openness_map,
    summary=_openness_map_summary,
    figsize=(6.4, 4.2),
    assumptions=(
        "Openness brings resources, know-how and markets quickly, with diminishing returns.",
        "Stewardship builds local voice slowly; openness without stewardship slowly dilutes it.",
        "Both levers cost public money and attention, with rising marginal cost.",
        "Presets: closed (openness 0.2, stewardship 0.8), open (1.0, 0.2), balanced (0.6, 0.6).",
        "Forms and coefficients are chosen to show one idea; none is measured and no real "
        "country sits on this map. The health index is unitless.",
    ),
)


CATALOG: dict[str, Explorable] = {
    e.name: e for e in (TEAM_MIX, SKILL_TRANSFER, COPRODUCTION, RECEPTION, POLICY_LAB, OPENNESS_MAP)
}


def get(name: str) -> Explorable:
    try:
        return CATALOG[name]
    except KeyError:
        raise KeyError(f"no explorable named {name!r}; known: {sorted(CATALOG)}") from None
