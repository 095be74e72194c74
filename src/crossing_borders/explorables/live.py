"""The live rendering: ipywidgets controls wired to the shared renderer.

Numeric controls are selection sliders (arrow keys step through the allowed
values), text choices are dropdowns; both are native focusable inputs. The
figure is an <img> inside one HTML widget whose value is replaced in place, with
the summary as its alt text and again in a polite live region below it.
"""

from __future__ import annotations

import base64
import html

import ipywidgets as widgets

from crossing_borders.explorables.render import Frame, Renderer
from crossing_borders.explorables.spec import Control, Explorable, Value


def _control_widget(control: Control) -> widgets.ValueWidget:
    options = [(control.format(v), v) for v in control.values]
    common = {
        "options": options,
        "value": control.default,
        "description": control.label,
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width="min(34rem, 100%)"),
    }
    if control.is_numeric:
        return widgets.SelectionSlider(continuous_update=False, **common)
    return widgets.Dropdown(**common)


def figure_html(frame: Frame) -> str:
    data = base64.b64encode(frame.svg.encode()).decode()
    alt = html.escape(frame.summary, quote=True)
    return (
        f'<img class="cb-frame" alt="{alt}" src="data:image/svg+xml;base64,{data}" '
        'style="max-width:100%;height:auto">'
    )


def summary_html(frame: Frame) -> str:
    return f'<p class="cb-summary" aria-live="polite">{html.escape(frame.summary)}</p>'


class LiveExplorable:
    """Widgets for one explorable; `update` is what a control change calls."""

    def __init__(self, explorable: Explorable) -> None:
        self.explorable = explorable
        self.renderer = Renderer(explorable)
        self.controls = {c.name: _control_widget(c) for c in explorable.controls}
        self.figure = widgets.HTML()
        self.summary = widgets.HTML()
        self.notice = widgets.HTML(notice_html(explorable))
        for w in self.controls.values():
            w.observe(self._on_change, names="value")
        self.update()
        self.widget = widgets.VBox(
            [self.notice, *self.controls.values(), self.figure, self.summary],
            layout=widgets.Layout(max_width="48rem"),
        )

    @property
    def params(self) -> dict[str, Value]:
        return {name: w.value for name, w in self.controls.items()}

    def _on_change(self, _change: object) -> None:
        self.update()

    def update(self) -> Frame:
        frame = self.renderer.frame(self.params)
        self.figure.value = figure_html(frame)
        self.summary.value = summary_html(frame)
        return frame

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)


def notice_html(explorable: Explorable) -> str:
    """The honesty label every rendering carries: a teaching model, with its assumptions."""
    items = "".join(f"<li>{html.escape(a)}</li>" for a in explorable.assumptions)
    return (
        f'<div class="cb-notice"><p><strong>{html.escape(explorable.title)}</strong>: '
        "a teaching model, not an empirical estimate. Its numbers illustrate a mechanism; "
        "none is a measurement.</p>"
        f"<details><summary>Assumptions</summary><ul>{items}</ul></details></div>"
    )
