"""Draw a Reception: domestic and international reception over every mix, this one marked."""

from __future__ import annotations

from matplotlib.axes import Axes

from crossing_borders.models.reception import NEAR_BEST, Reception
from crossing_borders.plots.style import PALETTE, finish, series_style


def plot_reception(ax: Axes, result: Reception) -> None:
    x = result.grid * 100
    if result.near_best is not None:
        lo, hi = result.near_best
        ax.axvspan(
            100 * lo,
            100 * hi,
            color="#e6e6e6",
            label=f"Both markets within {1 - NEAR_BEST:.0%} of their best",
        )
    curves = (
        ("Domestic reception", result.domestic_curve, result.domestic),
        ("International reception", result.international_curve, result.international),
    )
    for i, (label, y, here) in enumerate(curves):
        style = series_style(i)
        ax.plot(x, y, label=label, markevery=20, linewidth=2, **style)
        ax.plot(
            [100 * result.authenticity],
            [here],
            marker=style["marker"],
            markersize=9,
            color=style["color"],
            markeredgecolor=PALETTE["black"],
            linestyle="none",
            zorder=5,
        )
    ax.axvline(
        100 * result.authenticity,
        color=PALETTE["black"],
        linewidth=1,
        linestyle=":",
        label="This production",
    )
    ax.axhline(
        result.reached,
        color="#777777",
        linewidth=1,
        linestyle=(0, (6, 2, 1, 2)),
        label=f"Reached ({result.reached:g} or more)",
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 1.2)
    ax.legend(loc="upper left", frameon=False, ncol=2, fontsize=8)
    finish(
        ax,
        title=(
            f"Dialogue {result.local_language:.0%} in the local language;\n"
            f"subtitles and dubbing remove {result.versioning:.0%} of the barrier abroad"
        ),
        xlabel="Share of craft budget on authenticity rather than global polish (%)",
        ylabel="Reception index (0-1, model units)",
    )
