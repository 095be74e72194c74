"""Drives static explorables in Chromium and checks each state against the Python model.

Shared by the browser tests and the benchmark. A state is read back from the
page (the inputs' positions), mapped to control values through the declaration,
and the shown image and text are compared with what the model and plot give for
those values right now, never with a stored copy.
"""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import Iterator
from dataclasses import dataclass

from crossing_borders.explorables.catalog import get
from crossing_borders.explorables.render import Renderer
from crossing_borders.explorables.spec import Explorable

READ_STATE = """root => {
  const img = root.querySelector('img.cb-frame');
  return {
    key: root.dataset.frameKey || '',
    swapMs: root.dataset.swapMs || '',
    alt: img.alt,
    caption: root.querySelector('.cb-summary').textContent,
    inputs: [...root.querySelectorAll('.cb-controls input, .cb-controls select')].map(
      el => ({name: el.name, value: el.value, text: el.getAttribute('aria-valuetext')})),
  };
}"""

IMAGE_SVG = "async root => await (await fetch(root.querySelector('img.cb-frame').src)).text()"


@dataclass
class Checker:
    """Compares what one explorable element shows with the model."""

    explorable: Explorable
    renderer: Renderer

    @classmethod
    def for_name(cls, name: str) -> Checker:
        explorable = get(name)
        return cls(explorable, Renderer(explorable))

    def params_from(self, state: dict) -> dict:
        return {
            i["name"]: self.explorable.control(i["name"]).values[int(i["value"])]
            for i in state["inputs"]
        }

    def check(self, page, root, *, moved: bool = True) -> dict:
        """Assert the shown state matches the model; return the parameters it shows.

        After a move the controller records the swap time once the new image is
        decoded; waiting for it makes sure the comparison sees the new frame.
        """
        state = root.evaluate(READ_STATE)
        params = self.params_from(state)
        expected_key = self.explorable.frame_key(params)
        page.wait_for_function(
            "([root, key, moved]) => root.dataset.frameKey === key && "
            "(!moved || root.dataset.swapMs !== undefined)",
            arg=[root, expected_key, moved],
        )
        state = root.evaluate(READ_STATE)
        frame = self.renderer.frame(params)
        assert state["caption"] == frame.summary, (state["caption"], frame.summary)
        assert state["alt"] == frame.summary
        assert root.evaluate(IMAGE_SVG) == frame.svg, f"image differs from the model at {params}"
        for shown in state["inputs"]:
            control = self.explorable.control(shown["name"])
            if shown["text"] is not None:
                assert shown["text"] == control.format(params[control.name])
        return params


def explorable_roots(page) -> list:
    return page.query_selector_all(".cb-explorable.cb-ready")


def press(page, element, key: str) -> None:
    element.focus()
    page.keyboard.press(key)


def click_range_at(page, element, fraction: float) -> None:
    """Click a range input at a fraction of its width (0 = left end, 1 = right end)."""
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    x = box["x"] + 4 + (box["width"] - 8) * fraction
    page.mouse.click(x, box["y"] + box["height"] / 2)


@contextlib.contextmanager
def served_browser(site) -> Iterator[tuple[object, str]]:
    """Chromium, and the built site served on loopback: (browser, base URL)."""
    import functools
    import http.server
    import threading

    from conftest import CHROMIUM, CHROMIUM_ARGS, QuietHandler
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser, f"http://127.0.0.1:{server.server_address[1]}"
            browser.close()
    finally:
        server.shutdown()


def median_swap_ms(site, rounds: int = 15) -> dict[str, tuple[float, float]]:
    """Median frame-swap time per explorable on the built site (served on loopback).

    Only swaps to a state not shown before count, so every measured swap creates
    and decodes a new image rather than reusing one the browser already holds.
    """
    results: dict[str, tuple[float, float]] = {}
    with served_browser(site) as (browser, url):
        page = browser.new_page()
        for chapter in sorted((site / "chapters").glob("*.html")):
            page.goto(f"{url}/chapters/{chapter.name}")
            page.wait_for_selector(".cb-explorable.cb-ready")
            for root in explorable_roots(page):
                results[root.get_attribute("data-explorable")] = _swap_times(page, root, rounds)
    return results


def _swap_times(page, root, rounds: int) -> tuple[float, float]:
    """Medians of (script time, time until the new image is decoded), in ms."""
    seen = {root.get_attribute("data-frame-key")}
    times: list[float] = []
    scripts: list[float] = []
    for element in root.query_selector_all(".cb-controls input, .cb-controls select"):
        step = "ArrowRight" if element.evaluate("el => el.type") == "range" else "ArrowDown"
        count = element.evaluate("el => el.options ? el.options.length : Number(el.max) + 1")
        for key in ["Home", *[step] * (count - 1)]:
            root.evaluate("r => { delete r.dataset.swapMs; }")
            before = root.get_attribute("data-frame-key")
            press(page, element, key)
            if root.evaluate("r => r.dataset.frameKey") == before:
                continue  # the key did not move the control (already at that end)
            page.wait_for_function("r => r.dataset.swapMs !== undefined", arg=root)
            state = root.get_attribute("data-frame-key")
            if state not in seen:
                seen.add(state)
                times.append(float(root.get_attribute("data-swap-ms")))
                scripts.append(float(root.get_attribute("data-script-ms")))
            page.wait_for_timeout(150)  # a reader's pause: time to warm the neighbours
        if len(times) >= rounds:
            break
    return statistics.median(scripts), statistics.median(times)
