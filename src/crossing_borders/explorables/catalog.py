"""The course's explorables, one declaration per chapter, looked up by name."""

from __future__ import annotations

from crossing_borders.explorables.spec import Control, Explorable
from crossing_borders.models.team_mix import team_mix
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

CATALOG: dict[str, Explorable] = {e.name: e for e in (TEAM_MIX,)}


def get(name: str) -> Explorable:
    try:
        return CATALOG[name]
    except KeyError:
        raise KeyError(f"no explorable named {name!r}; known: {sorted(CATALOG)}") from None
