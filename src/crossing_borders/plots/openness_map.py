"""Draw an OpennessMap: the health landscape, the three presets and the reader's policy."""

from __future__ import annotations

from matplotlib.axes import Axes

from crossing_borders.models.openness_map import OpennessMap
from crossing_borders.plots.style import MARKERS, PALETTE, finish

#: Fixed colour range, so a colour means the same health in every frame.
COLOUR_RANGE = (0.1, 0.7)
#: The landscape's two lighter contour levels, drawn as thin lines.
LINES = (0.5, 0.6)
#: Labels on the map sit on a light box, so they read over any colour of it.
LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}


def plot_openness_map(ax: Axes, result: OpennessMap) -> None:
    g = result.grid
    # The landscape as a small image (21 x 21 cells) the browser smooths: a filled
    # contour plot drew the same in paths ten times the size.
    step = (g[1] - g[0]) / 2
    ax.imshow(
        result.landscape,
        origin="lower",
        extent=(g[0] - step, g[-1] + step, g[0] - step, g[-1] + step),
        cmap="cividis",
        vmin=COLOUR_RANGE[0],
        vmax=COLOUR_RANGE[1],
        interpolation="none",
    )
    lines = ax.contour(g, g, result.landscape, levels=LINES, colors="white", linewidths=0.6)
    # Dark on a light box: white labels vanished on the light (healthy) end of the map.
    for label in ax.clabel(lines, fmt="%.1f", fontsize=8, colors=PALETTE["black"]):
        label.set_bbox(LABEL_BOX)
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
        # Below the marker when the best point would sit on the label.
        near_best = abs(result.best[0] - o) < 0.2 and abs(result.best[1] - s) < 0.2
        ax.annotate(
            f"{name} {h:.2f}",
            (o, s),
            xytext=(-6 if o > 0.8 else 6, -12 if near_best else 6),
            textcoords="offset points",
            ha="right" if o > 0.8 else "left",
            fontsize=8,
            bbox=LABEL_BOX,
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
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_aspect("equal")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8)
    finish(
        ax,
        title=(
            f"Health after {result.horizon:g} years, voice weighted {result.voice_weight:g}"
            " (lighter = healthier)"
        ),
        xlabel="Openness (0-1, policy level)",
        ylabel="Stewardship (0-1, policy level)",
    )
    ax.grid(False)
