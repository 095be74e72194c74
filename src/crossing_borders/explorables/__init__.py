"""Explorables: one declaration each, rendered live (ipywidgets) or static (the site)."""

from __future__ import annotations

import os

from crossing_borders.explorables.spec import Control, Explorable

#: Set by the book's Sphinx extension so that kernels executing chapters render for the site.
RENDER_MODE_ENV = "CROSSING_BORDERS_RENDER"

__all__ = ["RENDER_MODE_ENV", "Control", "Explorable", "explore"]


def explore(name: str) -> object:
    """Show the named explorable: live widgets in Jupyter, a static explorable for the site."""
    from crossing_borders.explorables.catalog import get

    explorable = get(name)
    if os.environ.get(RENDER_MODE_ENV) == "static":
        from crossing_borders.explorables.static import StaticExplorable

        return StaticExplorable(explorable)
    from crossing_borders.explorables.live import LiveExplorable

    return LiveExplorable(explorable)
