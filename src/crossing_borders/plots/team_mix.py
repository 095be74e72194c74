"""Draw a TeamMix: capability, the costs of the mix and their difference across crew shares."""

from __future__ import annotations

from matplotlib.axes import Axes

from crossing_borders.models.team_mix import LOCAL_CAPABILITY, TeamMix
from crossing_borders.plots.style import PALETTE, finish, series_style


def plot_team_mix(ax: Axes, result: TeamMix) -> None:
    x = result.curve_share * 100
    curves = (
        ("Technical capability", result.curve_capability),
        ("Friction + gaps + programme", result.curve_costs),
        ("Net benefit", result.curve_net),
    )
    for i, (label, y) in enumerate(curves):
        ax.plot(x, y, label=label, markevery=20, linewidth=2, **series_style(i))
    ax.axhline(LOCAL_CAPABILITY, color=PALETTE["black"], linewidth=0.8, linestyle=(0, (1, 2)))
    ax.annotate(
        "all-local crew",
        (100, LOCAL_CAPABILITY),
        xytext=(-2, 3),
        textcoords="offset points",
        ha="right",
        fontsize=8,
    )
    ax.axvline(result.share * 100, color=PALETTE["black"], linewidth=1, linestyle=":")
    ax.plot(
        [result.share * 100],
        [result.net],
        marker="o",
        markersize=8,
        color=PALETTE["vermillion"],
        zorder=5,
        linestyle="none",
        label="This crew (net)",
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.2, 1.05)
    ax.legend(loc="upper left", frameon=False, ncols=2, fontsize=8)
    finish(
        ax,
        title=f"Crew mix, visitors from {result.traditions} training tradition(s)",
        xlabel="International share of crew (%)",
        ylabel="Index (0-1, model units)",
    )
