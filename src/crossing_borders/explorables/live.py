"""The live rendering: ipywidgets controls wired to the shared renderer.

Evenly spaced numeric controls are selection sliders (arrow keys step through
the allowed values); every other list is a dropdown of named steps; both are
native focusable inputs. The figure is an <img> inside one HTML widget whose
value is replaced in place, with the summary as its alt text and again in a
polite live region below it. The claim, the equations and the tries are the same
HTML as on the site; each try's button sets the controls, as on the site.
"""

from __future__ import annotations

import base64
import html

import ipywidgets as widgets

from crossing_borders.explorables.panels import (
    claim_html,
    how_html,
    notice_html,
    try_answers,
)
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
    if control.is_slider:
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
        self.notice = widgets.HTML(notice_html(explorable) + claim_html(explorable))
        self._holding = False
        for w in self.controls.values():
            w.observe(self._on_change, names="value")
        self.update()
        self.tries = self._tries()
        self.widget = widgets.VBox(
            [
                self.notice,
                *self.controls.values(),
                self.figure,
                self.summary,
                *self.tries,
                widgets.HTML(how_html(explorable.how)),
            ],
            layout=widgets.Layout(max_width="48rem"),
        )

    def _tries(self) -> list[widgets.Widget]:
        """Each try: its question, a button that sets the controls, the answer to reveal."""
        if not self.explorable.tries:
            return []
        rows: list[widgets.Widget] = [widgets.HTML("<p><strong>Things to try</strong></p>")]
        answers = try_answers(self.explorable)
        for i, (t, answer) in enumerate(zip(self.explorable.tries, answers, strict=True)):
            button = widgets.Button(description="Set the model", tooltip=f"Try {i + 1}")
            button.on_click(lambda _b, settings=t.settings: self.apply(settings))
            reveal = (
                f"<details><summary>What to notice</summary><p>{html.escape(answer)}</p></details>"
            )
            rows.append(
                widgets.VBox(
                    [
                        widgets.HTML(f"<p>{i + 1}. {html.escape(t.question)}</p>"),
                        button,
                        widgets.HTML(reveal),
                    ]
                )
            )
        return rows

    def apply(self, settings: dict[str, Value]) -> Frame:
        """Set several controls at once (a try), drawing once at the end."""
        self._holding = True
        try:
            for name, value in self.explorable.validate(settings).items():
                self.controls[name].value = value
        finally:
            self._holding = False
        return self.update()

    @property
    def params(self) -> dict[str, Value]:
        return {name: w.value for name, w in self.controls.items()}

    def _on_change(self, _change: object) -> None:
        if not self._holding:
            self.update()

    def update(self) -> Frame:
        frame = self.renderer.frame(self.params)
        self.figure.value = figure_html(frame)
        self.summary.value = summary_html(frame)
        return frame

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)
