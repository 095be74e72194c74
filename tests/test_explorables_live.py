"""The live (ipywidgets) explorables: controls drive exactly what the model and renderer give.

Expected values are recomputed from the model and a fresh Renderer for every state,
never stored, so a test fails if a widget shows a stale or wrong frame.
"""

from __future__ import annotations

import base64
import html
import re

import matplotlib.pyplot as plt
import pytest

from crossing_borders.explorables.catalog import CATALOG, get
from crossing_borders.explorables.live import LiveExplorable
from crossing_borders.explorables.render import Renderer

NAMES = ("team_mix", "skill_transfer", "coproduction", "reception", "policy_lab", "openness_map")

_IMG = re.compile(
    r'^<img class="cb-frame" alt="(?P<alt>[^"]*)" '
    r'src="data:image/svg\+xml;base64,(?P<data>[A-Za-z0-9+/=]+)"'
)
_SUMMARY = re.compile(r'^<p class="cb-summary" aria-live="polite">(?P<text>[^<]*)</p>$')


def shown(live: LiveExplorable) -> tuple[str, str, str]:
    """(svg in the img src, img alt text, summary paragraph text) as the widgets show them."""
    img = _IMG.match(live.figure.value)
    assert img, f"figure widget does not hold the expected <img>: {live.figure.value[:120]!r}"
    para = _SUMMARY.match(live.summary.value)
    assert para, f"summary widget is not the live-region paragraph: {live.summary.value!r}"
    svg = base64.b64decode(img["data"]).decode()
    return svg, html.unescape(img["alt"]), html.unescape(para["text"])


def assert_shows(live: LiveExplorable, reference: Renderer, params: dict) -> None:
    e = live.explorable
    assert live.params == e.validate(params)
    expected_summary = e.describe(e.compute(**params))
    svg, alt, text = shown(live)
    assert text == expected_summary
    assert alt == expected_summary
    assert svg == reference.frame(params).svg
    assert svg.startswith("<svg")


@pytest.mark.parametrize("name", NAMES)
def test_every_control_value_shows_the_model_result(name):
    e = get(name)
    live = LiveExplorable(e)
    reference = Renderer(e)
    assert_shows(live, reference, e.defaults)
    for control in e.controls:
        widget = live.controls[control.name]
        assert widget.description == control.label
        for value in [v for v in control.values if v != control.default]:
            before = (live.figure.value, live.summary.value)
            widget.value = value
            params = {**e.defaults, control.name: value}
            assert_shows(live, reference, params)
            assert live.figure.value != before[0], f"{name}.{control.name}={value!r}: same figure"
            assert live.summary.value != before[1], f"{name}.{control.name}={value!r}: same text"
        widget.value = control.default
        assert_shows(live, reference, e.defaults)


@pytest.mark.parametrize("name", NAMES)
def test_all_controls_moved_together(name):
    e = get(name)
    live = LiveExplorable(e)
    reference = Renderer(e)
    params = {}
    for control in e.controls:
        params[control.name] = (
            control.values[-1] if control.default != control.values[-1] else (control.values[0])
        )
        live.controls[control.name].value = params[control.name]
        assert_shows(live, reference, {**e.defaults, **params})


def test_update_returns_the_frame_it_shows():
    e = get("coproduction")
    live = LiveExplorable(e)
    live.controls["local_share"].value = 0.95
    frame = live.update()
    svg, alt, _text = shown(live)
    assert (svg, alt) == (frame.svg, frame.summary)
    assert "does not qualify" in frame.summary


def test_no_figures_leak_after_100_updates():
    before = plt.get_fignums()
    lives = [LiveExplorable(CATALOG[name]) for name in NAMES]
    updates = 0
    while updates < 100:
        for live in lives:
            control = live.explorable.controls[updates % len(live.explorable.controls)]
            widget = live.controls[control.name]
            values = control.values
            widget.value = values[(values.index(widget.value) + 1) % len(values)]
            updates += 1
    assert updates >= 100
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name", NAMES)
def test_svg_is_deterministic(name):
    e = get(name)
    combos = list(e.combinations())
    state, other = e.defaults, combos[-1] if combos[-1] != e.defaults else combos[0]
    renderer = Renderer(e)
    first = renderer.frame(state).svg
    assert renderer.frame(state).svg == first
    renderer.frame(other)  # a different state in between must leave nothing behind
    assert renderer.frame(state).svg == first
    assert Renderer(e).frame(state).svg == first
    assert renderer.frame(other).svg != first


def _texts(widget) -> str:
    """Every HTML value under a widget, for reading what a box shows."""
    import ipywidgets as widgets

    if isinstance(widget, widgets.HTML):
        return widget.value
    return "".join(_texts(child) for child in getattr(widget, "children", ()))


@pytest.mark.parametrize("name", NAMES)
def test_each_try_button_sets_the_controls_and_the_figure(name):
    import ipywidgets as widgets

    e = get(name)
    live = LiveExplorable(e)
    reference = Renderer(e)
    buttons = [
        child
        for row in live.tries
        for child in getattr(row, "children", ())
        if isinstance(child, widgets.Button)
    ]
    assert len(buttons) == len(e.tries)
    for button, t in zip(buttons, e.tries, strict=True):
        live.apply(e.defaults)
        button.click()
        assert_shows(live, reference, {**e.defaults, **t.settings})
    shown_text = html.unescape(_texts(live.widget))
    for t in e.tries:
        assert t.question in shown_text and t.answer(e) in shown_text


def test_the_live_widget_shows_the_claim_and_the_equations():
    e = get("team_mix")
    text = html.unescape(_texts(LiveExplorable(e).widget))
    assert e.claim.quote in text and "How the model works" in text
    assert text.count('class="cb-math"') == len(e.how.equations) + len(e.how.terms)


def test_uneven_values_are_named_steps_and_even_ones_a_slider():
    import ipywidgets as widgets

    live = LiveExplorable(get("reception"))
    assert isinstance(live.controls["versioning"], widgets.Dropdown)
    assert isinstance(live.controls["authenticity"], widgets.SelectionSlider)
