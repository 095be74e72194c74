"""The static rendering: markup, frame files, caching, and the PDF fallback."""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import pytest

from crossing_borders.explorables import RENDER_MODE_ENV, explore, static
from crossing_borders.explorables.catalog import CATALOG
from crossing_borders.explorables.live import LiveExplorable
from crossing_borders.explorables.render import Renderer

NAMES = sorted(CATALOG)


def _frames(script: str) -> dict:
    payload = script[script.index("]=") + 2 : script.index(";\n")]
    return json.loads(payload)["frames"]


@pytest.mark.parametrize("name", NAMES)
def test_markup_has_labelled_native_controls_and_a_live_summary(name: str) -> None:
    explorable = CATALOG[name]
    markup = static.static_html(explorable)
    for control in explorable.controls:
        ident = f"cb-{name}-{control.name}"
        assert f'<label for="{ident}"' in markup
        pattern = rf'<(input type="range"|select) id="{ident}" name="{control.name}"'
        assert re.search(pattern, markup)
    default = Renderer(explorable).frame(explorable.defaults)
    assert 'aria-live="polite"' in markup
    assert f'alt="{default.summary}"' in markup.replace("&#x27;", "'")
    assert "teaching model, not an empirical estimate" in markup
    assert '<form class="cb-controls" hidden>' in markup  # shown only once the controller runs
    assert f'data-frames="{static.frames_filename(explorable)}"' in markup


@pytest.mark.parametrize("name", NAMES)
def test_markup_states_the_claim_the_tries_and_the_equations(name: str) -> None:
    explorable = CATALOG[name]
    markup = html.unescape(static.static_html(explorable))
    held, failed = explorable.verdicts()
    assert explorable.claim.quote in markup
    assert f"it holds in {held} and does not hold in {failed}" in markup
    for t in explorable.tries:
        key = explorable.frame_key(t.settings)
        assert f'data-key="{key}"' in markup
        assert t.question in markup and t.answer(explorable) in markup
    assert markup.count('class="cb-try-set"') == len(explorable.tries)
    # The equations are drawn into the page, collapsed, with their plain text as alt.
    assert '<details class="cb-how"><summary>How the model works</summary>' in markup
    for eq in explorable.how.equations:
        assert f'alt="{eq.text}"' in markup
    assert "http://" not in markup.replace("http://www.w3.org", "")
    assert "https://" not in markup


def test_uneven_values_are_named_steps_and_even_ones_a_slider_with_ticks() -> None:
    markup = static.static_html(CATALOG["reception"])
    assert '<select id="cb-reception-versioning"' in markup
    assert '<input type="range" id="cb-reception-authenticity"' in markup
    ticks = re.search(r'<datalist id="cb-reception-authenticity-ticks">(.*?)</datalist>', markup)
    assert ticks and ticks[1].count("<option") == 11
    scale = re.search(r'<span class="cb-scale" aria-hidden="true">(.*?)</span></span>', markup)
    assert scale and re.findall(r">([^<]+)</span>", scale[1] + "</span>") == [
        "0%",
        "20%",
        "40%",
        "60%",
        "80%",
        "100%",
    ]


def test_pdf_and_other_non_html_outputs_get_the_default_frame_as_png() -> None:
    bundle = static.StaticExplorable(CATALOG["team_mix"])._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert "text/html" in bundle


@pytest.mark.parametrize("name", ["coproduction", "policy_lab"])
def test_frame_file_holds_every_state_as_the_model_draws_it(name: str) -> None:
    explorable = CATALOG[name]
    frames = _frames(static.frames_script(explorable))
    assert len(frames) == explorable.n_frames
    renderer = Renderer(explorable)
    for params in list(explorable.combinations())[:: max(1, explorable.n_frames // 7)]:
        expected = renderer.frame(params)
        assert frames[explorable.frame_key(params)] == [expected.svg, expected.summary]


def test_unchanged_explorables_are_not_recomputed(tmp_path: Path, monkeypatch) -> None:
    first = static.build_frames(["coproduction"], tmp_path, workers=1)
    stamp = first["coproduction"].stat().st_mtime_ns

    def refuse(*_args: object) -> str:
        raise AssertionError("recomputed an unchanged explorable")

    monkeypatch.setattr(static, "frames_script", refuse)
    again = static.build_frames(["coproduction"], tmp_path, workers=1)
    assert again == first and again["coproduction"].stat().st_mtime_ns == stamp


def test_stale_frame_files_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / "coproduction-000000000000.js"
    stale.write_text("old")
    static.build_frames(["coproduction"], tmp_path, workers=1)
    assert not stale.exists()


def test_digest_follows_the_declaration() -> None:
    from dataclasses import replace

    explorable = CATALOG["team_mix"]
    fewer = replace(explorable, controls=explorable.controls[:1] + explorable.controls[1:])
    assert static.digest(fewer) == static.digest(explorable)
    changed = replace(explorable, fixed={"share": 0.1}, controls=explorable.controls[1:], tries=())
    assert static.digest(changed) != static.digest(explorable)


def test_explore_renders_static_for_the_site_and_live_elsewhere(monkeypatch) -> None:
    monkeypatch.setenv(RENDER_MODE_ENV, "static")
    assert isinstance(explore("team_mix"), static.StaticExplorable)
    monkeypatch.delenv(RENDER_MODE_ENV)
    assert isinstance(explore("team_mix"), LiveExplorable)
    with pytest.raises(KeyError, match="no explorable named"):
        explore("no_such_model")


@pytest.mark.parametrize("name", NAMES)
def test_a_reused_renderer_draws_every_state_as_a_fresh_one_would(name: str) -> None:
    """Reusing one Axes across states must not carry anything from one frame to the next."""
    explorable = CATALOG[name]
    states = list(explorable.combinations())
    walk = states[:: max(1, len(states) // 6)] + states[::-1][:: max(1, len(states) // 5)]
    reused = Renderer(explorable)
    for params in walk:
        assert reused.frame(params) == Renderer(explorable).frame(params), params


def test_phones_get_frames_drawn_narrow_with_larger_type(tmp_path: Path) -> None:
    """The narrow file holds every state, drawn at phone width with no type under 9 pt."""
    from crossing_borders.explorables.render import NARROW

    explorable = CATALOG["coproduction"]
    files = static.build_frames(["coproduction"], tmp_path, workers=1)
    assert set(files) == {"coproduction", "coproduction.narrow"}
    narrow = files["coproduction.narrow"]
    assert narrow.name == static.frames_filename(explorable, NARROW)
    assert f'data-narrow-frames="{narrow.name}"' in static.static_html(explorable)
    script = narrow.read_text(encoding="utf-8")
    assert script.startswith(
        f'(window.crossingBordersFrames=window.crossingBordersFrames||{{}})["{narrow.name}"]='
    )
    frames = _frames(script)
    assert len(frames) == explorable.n_frames
    renderer = Renderer(explorable, NARROW)
    for params in list(explorable.combinations())[:: max(1, explorable.n_frames // 5)]:
        expected = renderer.frame(params)
        assert frames[explorable.frame_key(params)] == [expected.svg, expected.summary]
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", expected.svg)]
        assert sizes and min(sizes) >= 9.0, sorted(set(sizes))
        assert re.match(r'<svg [^>]*width="244.8pt"', expected.svg)
