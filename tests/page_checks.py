"""What the accessibility tests do to a page: states to put it in, and what they measure.

A state is a name, the selector that says whether a page has anything for it, and
what a reader does to reach it. Features added later (self-checks, drafts, ...)
are exercised by every accessibility check by adding a `State` to `STATES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reading import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
MODES = ("light", "dark")


@dataclass(frozen=True)
class State:
    """One state of a page a reader can reach, checked wherever `selector` matches.

    `scope` is what axe checks once the state is reached: the parts of the page the
    state changes (the rest was checked as loaded), or None for the whole page.
    """

    name: str
    selector: str
    reach: Callable[[object], None]
    scope: str | None = None


def _press_on_controls(*keys: str) -> Callable[[object], None]:
    """Each explorable control, focused, then the keys pressed (a select steps down)."""

    def reach(page) -> None:
        for root in page.query_selector_all(".cb-explorable.cb-ready"):
            root.evaluate("r => { delete r.dataset.swapMs; }")
            for element in root.query_selector_all(".cb-controls input, .cb-controls select"):
                is_range = element.evaluate("el => el.type") == "range"
                element.focus()
                for key in keys:
                    page.keyboard.press(key if is_range else key.replace("Right", "Down"))
        _wait_for_frames(page)

    return reach


def _wait_for_frames(page) -> None:
    page.wait_for_function(
        "[...document.querySelectorAll('.cb-explorable.cb-ready img.cb-frame')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )


def settle(page) -> None:
    """After `load`: every explorable set up with its frame decoded, the fonts in, and
    no colour still fading.

    What a reader sees once the page is done; faster than waiting for the network to
    stay idle for half a second, which `test_browser_pages.py` does to catch stray
    requests. The theme's colours arrive when its script sets `data-theme`, and
    elements with a colour transition fade into them: read at the fade's first frame,
    a button's background is still transparent.
    """
    page.wait_for_function(
        "document.fonts.status === 'loaded' && [...document.querySelectorAll('.cb-explorable')]"
        ".every(r => r.classList.contains('cb-ready'))"
    )
    _wait_for_frames(page)
    page.wait_for_function(
        "!document.getAnimations().some(a => a instanceof CSSTransition"
        " && a.playState === 'running')"
    )


def _open_details(page) -> None:
    """Every answer to reveal and every 'How the model works', opened by keyboard."""
    for summary in page.query_selector_all(".cb-explorable details:not([open]) > summary"):
        summary.focus()
        page.keyboard.press("Enter")


def _answer_self_checks(page) -> None:
    """Each self-check given an answer (the first option, or 0) and checked by keyboard:
    its feedback, the explanation and Try again are then on the page."""
    for root in page.query_selector_all(".cb-selfcheck"):
        first = root.query_selector("fieldset input")
        if first is not None:
            first.focus()
            if first.evaluate("el => el.type") in ("radio", "checkbox"):
                page.keyboard.press("Space")
            else:
                page.keyboard.type("0")
        root.query_selector(".cb-sc-check").focus()
        page.keyboard.press("Enter")
    page.wait_for_function(
        "[...document.querySelectorAll('.cb-selfcheck .cb-sc-feedback')]"
        ".every(f => f.textContent.trim())"
    )


def _draft_reflections(page) -> None:
    """A short draft typed into every reflection box: counts and saved notes show."""
    for box in page.query_selector_all(".cb-draft textarea"):
        box.focus()
        page.keyboard.type("A first draft of my answer.")


def _ask_to_clear_progress(page) -> None:
    """Clear my progress pressed: the confirmation is open, focus on Cancel."""
    page.focus(".cb-progress-start")
    page.keyboard.press("Enter")
    page.wait_for_selector(".cb-progress-confirm:not([hidden])")


STATES: list[State] = [
    State("as loaded", "body", lambda page: None),
    State(
        "explorable controls at their far end",
        ".cb-explorable.cb-ready",
        _press_on_controls("End"),
        ".cb-explorable",
    ),
    State(
        "explorable controls one step from the start",
        ".cb-explorable.cb-ready",
        _press_on_controls("Home", "ArrowRight"),
        ".cb-explorable",
    ),
    State(
        "explorable answers and equations open",
        ".cb-explorable details",
        _open_details,
        ".cb-explorable",
    ),
    State(
        "self-checks answered, feedback shown",
        ".cb-selfcheck",
        _answer_self_checks,
        ".cb-selfcheck",
    ),
    State("reflections drafted", ".cb-draft textarea", _draft_reflections, ".cb-draft"),
    State(
        "clearing progress, asked to confirm",
        ".cb-progress-start",
        _ask_to_clear_progress,
        ".cb-progress",
    ),
]

RUN_AXE = """async ([tags, scope]) => {
  const result = await axe.run(scope === null ? document : scope, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.map(n => n.target.join(' '))}));
}"""


def color_scheme(mode: str) -> Callable[[object], None]:
    """Before the page loads: the reader's system asks for this colour scheme."""
    return lambda page: page.emulate_media(color_scheme=mode)


def page_mode(page) -> str:
    """The theme the page actually shows (sphinx-book-theme sets it on <html>)."""
    return page.evaluate("document.documentElement.dataset.theme")


def axe_violations(page, scope: str | None = None) -> list[dict]:
    """axe-core's WCAG 2.0-2.2 A and AA violations on the page as it is now, in the
    elements `scope` selects (the whole page when None)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, [WCAG_TAGS, scope])


def describe(found: dict[tuple[str, str, str], list[dict]]) -> str:
    """One line per rule on each page, state and mode: what a reader of a failure needs."""
    lines = []
    for (path, mode, state), violations in sorted(found.items()):
        for v in violations:
            targets = ", ".join(v["nodes"][:6]) + (" ..." if len(v["nodes"]) > 6 else "")
            lines.append(
                f"{path} [{mode}, {state}]: {v['id']} ({v['impact']}), "
                f"{len(v['nodes'])} node(s): {targets}"
            )
    return "\n".join(lines)


#: Where the text of a page overflows the viewport, ignoring what sits inside its
#: own scrolling container (code blocks, wide tables), which WCAG 1.4.10 allows.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      if ((x === 'auto' || x === 'scroll') && a !== document.scrollingElement) return true;
    }
    return false;
  };
  const sel = 'main p, main li, main h1, main h2, main h3, main h4, main dt, main dd, ' +
              'main figcaption, main label, main blockquote, main img, main svg, main table';
  const out = [...document.querySelectorAll(sel)].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 1 || r.left < -1) && !scrolls(el);
  }).slice(0, 8).map(el => el.tagName.toLowerCase() + '.' + el.className + ': ' +
                          (el.textContent || '').trim().slice(0, 40));
  const s = document.scrollingElement;
  return {scrollWidth: s.scrollWidth, clientWidth: s.clientWidth, overflowing: out};
}"""


#: The shown frame of an explorable, parsed and laid out at the size the <img> has,
#: in a shadow root reset to initial styles (as inside an image, no page CSS reaches
#: it): the rendered size of every text, its fill, and the figure's own background.
FIGURE_TEXT = r"""async root => {
  const img = root.querySelector('img.cb-frame');
  const source = await (await fetch(img.src)).text();
  const box = img.getBoundingClientRect();
  const host = document.createElement('div');
  host.style.cssText = 'all: initial; position: absolute; left: 0; top: 0; visibility: hidden';
  document.body.appendChild(host);
  const shadow = host.attachShadow({mode: 'open'});
  shadow.innerHTML = source;
  const svg = shadow.querySelector('svg');
  svg.setAttribute('width', box.width);
  svg.setAttribute('height', box.height);
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const m = t.getScreenCTM();
    return {text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize) *
            Math.hypot(m.a, m.b), fill: getComputedStyle(t).fill};
  });
  const patch = svg.querySelector('#patch_1 path');
  const background = patch ? getComputedStyle(patch).fill : 'none';
  host.remove();
  let panel = 'rgba(0, 0, 0, 0)';
  for (let el = root; el && /rgba\(.*, 0\)$|transparent/.test(panel); el = el.parentElement) {
    panel = getComputedStyle(el).backgroundColor;
  }
  return {width: box.width, texts, background, panel,
          imgBackground: getComputedStyle(img).backgroundColor,
          imgBorder: parseFloat(getComputedStyle(img).borderTopWidth) > 0 ?
            getComputedStyle(img).borderTopColor : 'none',
          viewport: document.documentElement.clientWidth};
}"""


def _channels(css: str) -> tuple[float, float, float, float]:
    """'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 0.5)' as (r, g, b, alpha); 'none' is transparent."""
    if css in ("none", "transparent"):
        return (0.0, 0.0, 0.0, 0.0)
    inside = css[css.index("(") + 1 : css.index(")")].replace("/", ",").split(",")
    values = [float(v) for v in inside if v.strip()]
    return (*values[:3], values[3] if len(values) > 3 else 1.0)


def luminance(css: str) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = _channels(css)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two opaque CSS colours."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def opaque(css: str) -> bool:
    return _channels(css)[3] >= 0.999
