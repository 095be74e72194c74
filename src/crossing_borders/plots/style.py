"""One place for the course's figure style: a colour-blind-safe palette and sizes.

The Okabe-Ito palette stays distinguishable under the common colour-vision
deficiencies; lines also differ by marker and dash so that no reading depends
on colour alone.
"""

from __future__ import annotations

from matplotlib.axes import Axes

#: Okabe & Ito (2008), "Color Universal Design".
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
SERIES: tuple[str, ...] = ("blue", "orange", "green", "vermillion", "purple", "sky")
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")
DASHES: tuple[str, ...] = ("-", "--", "-.", ":", "-", "--")

RC: dict[str, object] = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "crossing-borders",
}


def series_style(i: int) -> dict[str, str]:
    """Colour, marker and dash for the i-th series, cycling through the palette."""
    return {
        "color": PALETTE[SERIES[i % len(SERIES)]],
        "marker": MARKERS[i % len(MARKERS)],
        "linestyle": DASHES[i % len(DASHES)],
    }


def finish(ax: Axes, *, title: str, xlabel: str, ylabel: str) -> None:
    """Label an Axes the same way on every figure: title, units on both axes, light grid."""
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
