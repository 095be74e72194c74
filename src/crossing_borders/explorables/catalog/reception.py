"""Chapter 4's explorable: its controls, claim, tries and the answers computed for them."""

from __future__ import annotations

from crossing_borders.explorables.catalog.formatting import holds, listed, percent, steps
from crossing_borders.explorables.spec import Claim, Control, Explorable, Try
from crossing_borders.models import reception as rec
from crossing_borders.plots.reception import plot_reception

_LANGUAGE = {0.0: "global-language", 0.5: "bilingual", 1.0: "local-language"}
_VERSIONING = {0.0: "no subtitles or dubbing", 0.5: "subtitles", 0.8: "subtitles and dubbing"}


def _reception_summary(r: rec.Reception) -> str:
    return (
        f"With {r.authenticity:.0%} of the craft budget on authenticity, "
        f"{_LANGUAGE[r.local_language]} dialogue and {_VERSIONING[r.versioning]}, domestic "
        f"reception is {r.domestic:.2f} ({r.domestic_relative:.0%} of its best) and "
        f"international {r.international:.2f} ({r.international_relative:.0%} of its best). "
        f"Domestic reception peaks at {r.best_domestic:.0%} authenticity, international at "
        f"{r.best_international:.0%}."
    )


def _try_extremes(e: Explorable) -> str:
    polish, craft = (e.compute(authenticity=x, local_language=0.5, versioning=0.5) for x in (0, 1))
    pairs = zip(polish.segment_names, polish.segment_scores, craft.segment_scores, strict=True)
    gains = [name.lower() for name, a, b in pairs if b > a]
    return (
        f"All on authenticity, the segments that gain over all on polish are "
        f"{listed(gains)}; domestic reception is {craft.domestic:.2f} against "
        f"{polish.domestic:.2f}, international {craft.international:.2f} against "
        f"{polish.international:.2f}. The claim {holds(e, craft)} with everything on "
        f"authenticity, and {holds(e, polish)} with everything on polish."
    )


def _try_versioning(e: Explorable) -> str:
    none, full = (e.compute(authenticity=0.6, local_language=1.0, versioning=v) for v in (0, 0.8))
    return (
        f"For a local-language film at 60% authenticity, subtitles and dubbing raise "
        f"international reception from {none.international:.2f} to {full.international:.2f}. "
        f"They are paid from the craft budget, so domestic reception falls from "
        f"{none.domestic:.2f} to {full.domestic:.2f}: access abroad costs a little at home."
    )


def _span(values: list[float]) -> str:
    if not values:
        return "at no mix"
    if len(values) == 1:
        return f"only at {values[0]:.0%} authenticity"
    return f"from {min(values):.0%} to {max(values):.0%} authenticity"


def _try_both(e: Explorable) -> str:
    found = {}
    for v, label in _VERSIONING.items():
        mixes = [
            float(x)
            for x in e.control("authenticity").values
            if e.compute(authenticity=x, local_language=1.0, versioning=v).reaches_both
        ]
        found[label] = _span(mixes)
    return (
        "With dialogue in the local language, a film reaches both audiences "
        + "; ".join(f"with {label}, {where}" for label, where in found.items())
        + ". Whether the balance can be struck depends on what is spent to cross the "
        "language barrier."
    )


RECEPTION = Explorable(
    name="reception",
    title="Authenticity, polish and four audiences",
    controls=(
        Control(
            "authenticity",
            "Craft budget on authenticity (rest on global polish)",
            "%",
            values=steps(*(i / 10 for i in range(11))),
            default=0.5,
            formatter=percent,
        ),
        Control(
            "local_language",
            "Dialogue in the local language",
            "%",
            values=(0.0, 0.5, 1.0),
            default=0.5,
            formatter=lambda v: f"{v:.0%} ({_LANGUAGE[v]})",
        ),
        Control(
            "versioning",
            "Subtitling and dubbing",
            "",
            values=(0.0, 0.5, 0.8),
            default=0.5,
            formatter=lambda v: _VERSIONING[v],
            help="Share of the language barrier abroad it removes: none 0%, subtitles 50%, "
            "subtitles and dubbing 80%; paid from the craft budget.",
        ),
    ),
    model=rec.reception,
    plot=plot_reception,
    summary=_reception_summary,
    outcomes=lambda r: {
        "domestic reception": r.domestic,
        "international reception": r.international,
    },
    how=rec.HOW,
    claim=Claim(
        quote="The balance is delicate: audiences want authenticity, and they deserve access "
        "to global perspectives.",
        tested="Whether this film reaches both audiences: domestic and international "
        f"reception both {rec.REACHED:g} or more on the 0-1 index (a threshold we chose).",
        holds=lambda r: r.reaches_both,
        why=lambda r: (
            f"domestic reception is {r.domestic:.2f} and international {r.international:.2f}."
        ),
    ),
    tries=(
        Try(
            "All authenticity or all polish: who gains, who loses?",
            {"authenticity": 1.0, "local_language": 0.5, "versioning": 0.5},
            _try_extremes,
        ),
        Try(
            "What do subtitles and dubbing buy, and what do they cost?",
            {"authenticity": 0.6, "local_language": 1.0, "versioning": 0.8},
            _try_versioning,
        ),
        Try(
            "Can a local-language film reach both audiences?",
            {"authenticity": 0.5, "local_language": 1.0, "versioning": 0.5},
            _try_both,
        ),
    ),
)
