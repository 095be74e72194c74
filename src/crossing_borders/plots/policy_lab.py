"""Draw a PolicyLab: the five indicators year by year, against where they started."""

from __future__ import annotations

from matplotlib.axes import Axes

from crossing_borders.models.policy_lab import INDICATORS, START, PolicyLab
from crossing_borders.plots.style import finish, series_style


def plot_policy_lab(ax: Axes, result: PolicyLab) -> None:
    years = result.years
    for i, (name, path, start) in enumerate(zip(INDICATORS, result.paths, START, strict=True)):
        style = series_style(i)
        ax.plot(years, path, label=name, markevery=2, linewidth=2, **style)
        ax.plot(
            [years[0], years[-1]],
            [start, start],
            color=style["color"],
            linewidth=0.8,
            linestyle=(0, (1, 2)),
        )
    ax.set_xlim(0, int(years[-1]))
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", frameon=False, ncol=2, fontsize=8)
    c, t, h, s = result.shares
    finish(
        ax,
        title=(
            f"Co-production {c:.0%}, subtitling and dubbing {s:.0%},\n"
            f"training {t:.0%}, heritage {h:.0%} (dotted: where each started)"
        ),
        xlabel="Year",
        ylabel="Index (0-1, model units)",
    )
