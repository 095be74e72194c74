"""One place for the course's figure style: a colour-blind-safe palette and sizes.

The Okabe-Ito palette stays distinguishable under the common colour-vision
deficiencies; lines also differ by marker and dash so that no reading depends
on colour alone.
"""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

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


#: Characters per line in a narrow figure: about 3.3 in of 11 pt titles, 10 pt labels.
NARROW_TITLE_CHARS = 40
NARROW_LABEL_CHARS = 44


def fit_narrow(figure: Figure, min_points: float) -> None:
    """Reshape a drawn figure for a phone-width frame, whatever the plot drew.

    No text smaller than `min_points`; the title moves to the figure's top left, so it
    has the whole width, and wraps, as do long axis labels; each Axes legend moves
    under the plot as one figure legend in one column, so it covers no data and
    needs no width.
    """
    for ax in figure.axes:
        title = ax.get_title(loc="left")
        if title:
            ax.set_title("", loc="left")
            figure.suptitle(
                textwrap.fill(title, NARROW_TITLE_CHARS),
                x=0.02,
                ha="left",
                fontsize=ax.title.get_fontsize(),
            )
        ax.set_xlabel(textwrap.fill(ax.get_xlabel(), NARROW_LABEL_CHARS))
        legend = ax.get_legend()
        if legend is not None:
            labels = [text.get_text() for text in legend.get_texts()]
            handles = legend.legend_handles
            legend.remove()
            figure.legend(handles, labels, loc="outside lower left", frameon=False, ncols=1)
    for text in figure.findobj(Text):
        if text.get_text() and text.get_fontsize() < min_points:
            text.set_fontsize(min_points)
