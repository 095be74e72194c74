"""Chapter 6's explorable: its controls, claim, tries and the answers computed for them."""

from __future__ import annotations

from crossing_borders.explorables.catalog.formatting import listed
from crossing_borders.explorables.spec import Claim, Control, Explorable, Try
from crossing_borders.models import openness_map as omap
from crossing_borders.plots.openness_map import plot_openness_map


def _openness_map_summary(r: omap.OpennessMap) -> str:
    ranked = sorted(r.presets.items(), key=lambda item: -item[1][2])
    presets = ", ".join(f"{name} {h:.2f}" for name, (_o, _s, h) in ranked)
    best_o, best_s = r.best
    return (
        f"After {r.horizon:g} years, with local voice weighted {r.voice_weight:g} against "
        f"access, openness {r.openness:g} with stewardship {r.stewardship:g} scores "
        f"{r.health:.2f} (best on the map: {r.best_health:.2f} at openness {best_o:.2f}, "
        f"stewardship {best_s:.2f}). Presets: {presets}."
    )


def _try_short_horizon(e: Explorable) -> str:
    short = e.compute(openness=0.5, stewardship=0.5, horizon=3, voice_weight=0.25)
    usual = e.compute(openness=0.5, stewardship=0.5, horizon=10, voice_weight=0.5)
    return (
        f"Judged after three years with access weighted three to one, the best point is "
        f"openness {short.best[0]:.2f}, stewardship {short.best[1]:.2f}, and the "
        f"{short.best_preset} preset leads. After ten years, weighted evenly, it moves to openness "
        f"{usual.best[0]:.2f}, stewardship {usual.best[1]:.2f}, and the {usual.best_preset} "
        "preset leads: stewardship pays late."
    )


def _try_long_horizon(e: Explorable) -> str:
    r = e.compute(openness=0.25, stewardship=0.75, horizon=20, voice_weight=0.75)
    kind = "a balance" if r.best_is_balanced else "an extreme, not a balance"
    return (
        f"After twenty years with local voice weighted 0.75, the best point is openness "
        f"{r.best[0]:.2f}, stewardship {r.best[1]:.2f}: {kind}, and the "
        f"{r.best_preset} preset leads ({r.presets[r.best_preset][2]:.2f}). The essay's "
        "balance is best only for some horizons and some weightings."
    )


def _try_weight(e: Explorable) -> str:
    rank = {}
    for w in e.control("voice_weight").values:
        r = e.compute(openness=1.0, stewardship=0.25, horizon=10, voice_weight=w)
        ordered = sorted(r.presets, key=lambda n: -r.presets[n][2])
        rank[w] = (ordered.index("open") + 1, r.presets["open"][2])
    ranks = [f"{pos} of 3 ({h:.2f}) with voice weighted {w:g}" for w, (pos, h) in rank.items()]
    return (
        f"The open preset ranks {listed(ranks)}. Which policy looks best depends on how "
        "much local voice counts against access: a value judgement the model leaves to you."
    )


OPENNESS_MAP = Explorable(
    name="openness_map",
    title="Openness and stewardship",
    controls=(
        Control(
            "openness",
            "Openness to foreign talent, capital and co-productions",
            "",
            values=(0.0, 0.25, 0.5, 0.75, 1.0),
            default=0.5,
            formatter=lambda v: f"{v:g}",
        ),
        Control(
            "stewardship",
            "Stewardship of local voices (training, protected posts, heritage)",
            "",
            values=(0.0, 0.25, 0.5, 0.75, 1.0),
            default=0.5,
            formatter=lambda v: f"{v:g}",
        ),
        Control("horizon", "Judged after", "years", values=(3, 10, 20), default=10, lens=True),
        Control(
            "voice_weight",
            "Weight on local voice (the rest on access)",
            "",
            values=(0.25, 0.5, 0.75),
            default=0.5,
            formatter=lambda v: f"{v:g}",
            help="A value judgement: how much local voice counts against access to "
            "resources and markets.",
            lens=True,
        ),
    ),
    model=omap.openness_map,
    plot=plot_openness_map,
    summary=_openness_map_summary,
    outcomes=lambda r: {"health": r.health, "access": r.access, "local voice": r.voice},
    how=omap.HOW,
    figsize=(6.4, 4.2),
    claim=Claim(
        quote="The trick lies in balancing openness with stewardship, ensuring that global "
        "flows enrich rather than dilute local voices.",
        tested="Whether, at this horizon and weight on local voice, the best policy on the "
        "map is a balanced one (both levers between 0.25 and 0.75) rather than an extreme.",
        holds=lambda r: r.best_is_balanced,
        why=lambda r: f"the best point is openness {r.best[0]:.2f}, stewardship {r.best[1]:.2f}.",
    ),
    tries=(
        Try(
            "Is balance best when a policy is judged after three years and access counts most?",
            {"openness": 0.5, "stewardship": 0.5, "horizon": 3, "voice_weight": 0.25},
            _try_short_horizon,
        ),
        Try(
            "What does judging after twenty years, with local voice weighted 0.75, reward?",
            {"openness": 0.25, "stewardship": 0.75, "horizon": 20, "voice_weight": 0.75},
            _try_long_horizon,
        ),
        Try(
            "How much does the weight on local voice decide?",
            {"openness": 1.0, "stewardship": 0.25, "horizon": 10, "voice_weight": 0.25},
            _try_weight,
        ),
    ),
)
