"""Render one state of an explorable to SVG and a summary sentence.

Both renderings (live widgets and static site frames) call this, so a frame on
the site is byte-for-byte what the model and plot give for those values. Each
explorable reuses one Figure that never enters pyplot's registry: updates cannot
leak figures and nothing flickers.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from crossing_borders.explorables.spec import Explorable, Value
from crossing_borders.plots.style import RC, fit_narrow


@dataclass(frozen=True)
class Layout:
    """A figure shape frames are drawn for; the page's width decides which one shows.

    Drawn 6.4 in wide, a figure shown on a 320 px phone shrinks to under half size
    and its labels to about 5 px. The narrow layout is drawn at about the width a
    phone gives it, with larger type, the legend under the plot and wrapped titles.
    """

    name: str
    #: Width in inches; None keeps the declaration's figsize.
    width: float | None = None
    #: Extra height (inches) for the legend and title lines the narrow shape stacks.
    taller: float = 0.0
    #: Smallest type in points (0 keeps what the plot chose).
    min_points: float = 0.0


WIDE = Layout("wide")
NARROW = Layout("narrow", width=3.4, taller=1.1, min_points=9.0)
LAYOUTS = (WIDE, NARROW)


@dataclass(frozen=True)
class Frame:
    """One rendered state: the figure as SVG text and the sentence that describes it."""

    key: str
    svg: str
    summary: str


class Renderer:
    """Draws states of one explorable on a single reusable Figure."""

    def __init__(self, explorable: Explorable, layout: Layout = WIDE) -> None:
        self.explorable = explorable
        self.layout = layout
        width, height = explorable.figsize
        if layout.width is not None:
            width, height = layout.width, height + layout.taller
        with mpl.rc_context(RC):
            self.figure = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasSVG(self.figure)
        # Lay the default state out once, then keep those axes positions: a layout
        # engine on every update draws each figure twice and doubled its cost.
        self._positions: list = []
        self._draw(explorable.defaults)
        with mpl.rc_context(RC):
            self.figure.draw_without_rendering()
        self._positions = [ax.get_position() for ax in self.figure.axes]
        self.figure.set_layout_engine(None)

    def _empty_axes(self) -> Axes:
        """The figure's one Axes, emptied of what the previous state drew.

        Building a new Axes (and its tick objects) was about a third of every
        update, so a single-Axes figure keeps its Axes and loses only what a plot
        adds: artists, bar containers, the legend, data limits. Plots set their
        titles, labels, limits and ticks on every draw. A figure with more Axes
        (twins, colour bars) is cleared whole. The tests render walks of states
        against fresh renderers to show that nothing carries over.
        """
        axes = self.figure.axes
        if len(axes) == 1:
            ax = axes[0]
            # Collections first: a contour set takes its own labels (texts) with it.
            for artist in [*ax.collections]:
                artist.remove()
            for artist in [*ax.lines, *ax.patches, *ax.texts, *ax.images, *ax.artists, *ax.tables]:
                artist.remove()
            ax.containers = []
            ax.legend_ = None
            for legend in [*self.figure.legends]:
                legend.remove()
            ax.relim()
            ax.ignore_existing_data_limits = True
            ax.set_autoscale_on(True)
            return ax
        self.figure.clear()
        with mpl.rc_context(RC):
            return self.figure.add_subplot()

    def _draw(self, params: Mapping[str, Value]) -> tuple[str, str]:
        result = self.explorable.compute(**params)
        ax = self._empty_axes()
        with mpl.rc_context(RC):
            self.explorable.plot(ax, result)
            if self.layout.min_points:
                fit_narrow(self.figure, self.layout.min_points)
        for axes, position in zip(self.figure.axes, self._positions, strict=False):
            axes.set_position(position)
        return self.explorable.frame_key(params), self.explorable.describe(result)

    def frame(self, params: Mapping[str, Value]) -> Frame:
        key, summary = self._draw(params)
        buffer = io.StringIO()
        with mpl.rc_context(RC):
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return Frame(key=key, svg=_strip_xml_header(buffer.getvalue()), summary=summary)

    def png(self, params: Mapping[str, Value], dpi: int = 96) -> bytes:
        """A raster copy, for outputs that cannot show SVG or run scripts (PDF, LaTeX)."""
        self._draw(params)
        buffer = io.BytesIO()
        with mpl.rc_context(RC):
            self.figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()


def _strip_xml_header(svg: str) -> str:
    """Drop the XML declaration and DOCTYPE so the SVG can sit inside HTML or a data URI."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
