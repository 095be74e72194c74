"""WCAG 2.2 AA on the built site, in Chromium with the outside world blocked.

axe-core (pinned in package-lock.json, installed by `make test`) runs on every
page in light and dark mode, and again in each state of `page_checks.STATES` the
page has. Beside it, what axe cannot see: reflow at 320 px and at 200% zoom,
reduced motion, and whether the explorables' figures can be read on a phone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import site_pages
from page_checks import (
    AXE,
    FIGURE_TEXT,
    MODES,
    OVERFLOW,
    STATES,
    axe_violations,
    color_scheme,
    contrast,
    describe,
    opaque,
    page_mode,
    settle,
)

pytestmark = pytest.mark.browser

#: WCAG 1.4.10: 1280 px at 400% is 320 CSS px; 1280 px at 200% zoom is 640.
WIDTHS = {"320 px": 320, "200% zoom": 640}
SMALLEST_TEXT_PX = 9.0


def test_axe_core_is_installed_from_the_lock() -> None:
    assert AXE.is_file(), "run `make npm` (part of `make test`): npm ci installs axe-core"


@pytest.mark.parametrize("mode", MODES)
def test_every_page_in_every_state_has_no_wcag_violations(open_page, site: Path, mode: str) -> None:
    found: dict[tuple[str, str, str], list[dict]] = {}
    checked: dict[str, int] = {}
    for path in site_pages(site):
        page, _ = open_page(path, before=color_scheme(mode))
        settle(page)
        assert page_mode(page) == mode, f"{path} does not follow the {mode} scheme"
        for state in STATES:
            if page.query_selector(state.selector) is None:
                continue
            state.reach(page)
            checked[state.name] = checked.get(state.name, 0) + 1
            violations = axe_violations(page, state.scope)
            if violations:
                found[(path, mode, state.name)] = violations
        page.close()
    assert {s.name for s in STATES} <= set(checked), f"states never reached: {checked}"
    assert found == {}, "axe-core found WCAG A/AA violations:\n" + describe(found)


def test_text_reflows_without_horizontal_scrolling(open_page, site: Path) -> None:
    """Each page opened on a 320 px phone, then widened to 640 px as 200% zoom does."""
    narrowest = min(WIDTHS.values())

    def narrow(page) -> None:
        page.set_viewport_size({"width": narrowest, "height": 800})

    problems = {}
    for path in site_pages(site):
        page, _ = open_page(path, before=narrow)
        for name, width in sorted(WIDTHS.items(), key=lambda item: item[1]):
            page.set_viewport_size({"width": width, "height": 800})
            settle(page)
            layout = page.evaluate(OVERFLOW)
            if layout["scrollWidth"] > layout["clientWidth"] or layout["overflowing"]:
                problems[(path, name)] = layout
        page.close()
    assert problems == {}


def _motion(page) -> list[str]:
    """Every element (and ::before/::after) whose transitions or animations take time."""
    return page.evaluate(
        """() => {
      const seconds = v => Math.max(...v.split(',').map(
        s => s.trim().endsWith('ms') ? parseFloat(s) / 1000 : parseFloat(s)));
      const slow = [];
      for (const el of document.querySelectorAll('*')) {
        for (const pseudo of [null, '::before', '::after']) {
          const s = getComputedStyle(el, pseudo);
          const moving = seconds(s.transitionDuration) > 0.01 ||
            (s.animationName !== 'none' && seconds(s.animationDuration) > 0.01);
          if (moving) slow.push(el.tagName.toLowerCase() + '.' + el.className + (pseudo || ''));
        }
      }
      if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth')
        slow.push('html (smooth scrolling)');
      return slow;
    }"""
    )


def test_motion_stops_when_the_reader_asks_for_reduced_motion(open_page) -> None:
    path = "chapters/01-talent-on-the-move.html"
    page, _ = open_page(path)
    page.wait_for_selector(".cb-explorable.cb-ready")
    # Without the preference something does move: the check below can see motion.
    assert _motion(page), "nothing on the page moves, so this test could not fail"
    page.close()
    page, _ = open_page(path, before=lambda p: p.emulate_media(reduced_motion="reduce"))
    page.wait_for_selector(".cb-explorable.cb-ready")
    STATES[1].reach(page)
    assert _motion(page) == []


@pytest.mark.parametrize("mode", MODES)
def test_explorable_figures_are_legible_at_320_px(open_page, site: Path, mode: str) -> None:
    def phone(page) -> None:
        page.set_viewport_size({"width": 320, "height": 720})
        color_scheme(mode)(page)

    seen = 0
    for chapter in sorted((site / "chapters").glob("*.html")):
        page, _ = open_page(f"chapters/{chapter.name}", before=phone)
        page.wait_for_selector(".cb-explorable.cb-ready")
        assert page_mode(page) == mode
        for state in STATES[:3]:
            state.reach(page)
            for root in page.query_selector_all(".cb-explorable.cb-ready"):
                _check_figure(root.evaluate(FIGURE_TEXT), f"{chapter.name} [{state.name}]")
                seen += 1
        page.close()
    assert seen >= 18


def _check_figure(shown: dict, where: str) -> None:
    """Full width, text at least 9 CSS px, AA contrast inside the figure and at its edge."""
    assert shown["width"] >= 0.85 * shown["viewport"], f"{where}: figure {shown['width']} px wide"
    smallest = min(shown["texts"], key=lambda t: t["px"])
    assert smallest["px"] >= SMALLEST_TEXT_PX, f"{where}: {smallest} is too small"
    # The figure's own background, or the panel's where the figure has none.
    background = shown["background"] if opaque(shown["background"]) else shown["panel"]
    for text in shown["texts"]:
        ratio = contrast(text["fill"], background)
        assert ratio >= 4.5, f"{where}: {text['text']!r} at {ratio:.2f}:1 on {background}"
    if background != shown["panel"]:
        # A card of its own: its edge (border, else the card itself) stands out of the panel.
        edge = shown["imgBorder"] if opaque(shown["imgBorder"]) else background
        ratio = contrast(edge, shown["panel"])
        assert ratio >= 3, f"{where}: figure edge at {ratio:.2f}:1 against {shown['panel']}"


def test_the_figure_follows_the_width_across_the_phone_line(open_page) -> None:
    """Wide frames on a desktop, narrow ones once the window narrows, and back."""
    from explorable_driver import IMAGE_SVG

    from crossing_borders.explorables.catalog import CATALOG
    from crossing_borders.explorables.render import NARROW, WIDE, Renderer

    explorable = CATALOG["team_mix"]
    page, watch = open_page("chapters/01-talent-on-the-move.html")
    root = page.wait_for_selector(".cb-explorable.cb-ready")
    STATES[1].reach(page)  # every control at its far end: a state other than the default
    params = {c.name: c.values[-1] for c in explorable.controls}
    for layout, width in ((WIDE, 1280), (NARROW, 320), (WIDE, 1280)):
        page.set_viewport_size({"width": width, "height": 800})
        expected = Renderer(explorable, layout).frame(params).svg
        page.wait_for_function(
            "([root, frames]) => root.dataset.shownFrames === frames",
            arg=[
                root,
                root.get_attribute("data-narrow-frames" if layout == NARROW else "data-frames"),
            ],
        )
        assert root.evaluate(IMAGE_SVG) == expected, f"{layout.name} frame not shown at {width} px"
    assert watch.console_errors == [] and watch.failed == []
