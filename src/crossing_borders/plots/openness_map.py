"""Draw an OpennessMap: the health landscape, the three presets and the reader's policy."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from crossing_borders.models.openness_map import OpennessMap
from crossing_borders.plots.style import MARKERS, PALETTE, finish

#: Fixed contour levels, so colours mean the same in every frame; lines on every other one.
LEVELS = np.round(np.arange(0.0, 0.70001, 0.05), 2)
LABELLED = LEVELS[::2]


def plot_openness_map(ax: Axes, result: OpennessMap) -> None:
    g = result.grid
    ax.contourf(g, g, result.landscape, levels=LEVELS, cmap="cividis", extend="both")
    # Unlabelled lines: contour labels cost a quarter of each redraw, and the
    # presets, the best point and the reader's point all carry their values.
    ax.contour(g, g, result.landscape, levels=LABELLED, colors="white", linewidths=0.6)
    for i, (name, (o, s, h)) in enumerate(result.presets.items()):
        ax.plot(
            o,
            s,
            marker=MARKERS[i + 1],
            markersize=8,
            color=PALETTE["sky"],
            markeredgecolor=PALETTE["black"],
            linestyle="none",
            clip_on=False,
            zorder=4,
        )
        ax.annotate(
            f"{name} {h:.2f}",
            (o, s),
            xytext=(-6 if o > 0.8 else 6, 6),
            textcoords="offset points",
            ha="right" if o > 0.8 else "left",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    ax.plot(
        *result.best,
        marker="P",
        markersize=9,
        color="white",
        markeredgecolor=PALETTE["black"],
        linestyle="none",
        label=f"Best on the map ({result.best_health:.2f})",
        zorder=5,
    )
    ax.plot(
        result.openness,
        result.stewardship,
        marker="*",
        markersize=16,
        color=PALETTE["vermillion"],
        markeredgecolor=PALETTE["black"],
        linestyle="none",
        clip_on=False,
        label=f"Your policy ({result.health:.2f})",
        zorder=6,
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8)
    finish(
        ax,
        title=f"Ecosystem health after {result.horizon:g} years (lighter = healthier)",
        xlabel="Openness (0-1, policy level)",
        ylabel="Stewardship (0-1, policy level)",
    )
    ax.grid(False)
