"""The parts of an explorable around its figure: the claim, the equations, the tries.

Both renderings use them: the static site puts the HTML straight on the page, the
live widget puts the same HTML in its HTML widgets (and its own buttons for the
tries). Equations are drawn with matplotlib's mathtext into self-contained SVG
(glyphs as paths), so they render offline, in Jupyter and on the site alike.
"""

from __future__ import annotations

import base64
import html
import io
from functools import cache

import matplotlib as mpl
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from crossing_borders.explorables.spec import Explorable
from crossing_borders.models.equations import HowItWorks
from crossing_borders.plots.style import RC

MATH_RC = {**RC, "svg.fonttype": "path", "mathtext.fontset": "dejavusans"}


@cache
def math_svg(tex: str, size: float = 12) -> str:
    """One mathtext expression as a small, self-contained SVG (no fonts needed)."""
    with mpl.rc_context(MATH_RC):
        figure = Figure(figsize=(0.01, 0.01))
        FigureCanvasSVG(figure)
        figure.text(0, 0, f"${tex}$", fontsize=size)
        buffer = io.StringIO()
        figure.savefig(
            buffer, format="svg", bbox_inches="tight", pad_inches=0.02, metadata={"Date": None}
        )
    svg = buffer.getvalue()
    return svg[svg.find("<svg") :]


def math_img(tex: str, alt: str, size: float = 12) -> str:
    data = base64.b64encode(math_svg(tex, size).encode()).decode()
    return (
        f'<img class="cb-math" alt="{html.escape(alt, quote=True)}" '
        f'src="data:image/svg+xml;base64,{data}">'
    )


def how_html(how: HowItWorks) -> str:
    """'How the model works', collapsed: equations, what each says, terms, assumptions."""
    equations = "".join(
        f"<li>{math_img(eq.tex, eq.text)}<p>{html.escape(eq.says)}</p></li>" for eq in how.equations
    )
    terms = "".join(
        f"<dt>{math_img(t.tex, t.text, 11)}</dt><dd>{html.escape(t.means)}</dd>" for t in how.terms
    )
    assumptions = "".join(f"<li>{html.escape(a)}</li>" for a in how.assumptions)
    return (
        '<details class="cb-how"><summary>How the model works</summary>'
        f'<ol class="cb-equations">{equations}</ol>'
        f'<dl class="cb-terms">{terms}</dl>'
        f"<p><strong>Assumptions</strong></p><ul>{assumptions}</ul></details>"
    )


def claim_html(explorable: Explorable) -> str:
    """The essay's claim, what the model tests, and where over the controls it holds."""
    claim = explorable.claim
    held, failed = explorable.verdicts()
    return (
        '<div class="cb-claim"><p><strong>The essay\'s claim:</strong> '
        f"<q>{html.escape(claim.quote)}</q></p>"
        f"<p><strong>What the model tests:</strong> {html.escape(claim.tested)} Over the "
        f"{explorable.n_frames} settings of the controls, it holds in {held} and does not "
        f"hold in {failed}; the caption under the figure says which, and why.</p></div>"
    )


def notice_html(explorable: Explorable) -> str:
    """The honesty label every rendering carries: a teaching model, not a measurement."""
    return (
        f'<div class="cb-notice"><p><strong>{html.escape(explorable.title)}</strong>: '
        "a teaching model, not an empirical estimate. Its numbers illustrate a mechanism; "
        "none is a measurement.</p></div>"
    )


def try_answers(explorable: Explorable) -> list[str]:
    return [t.answer(explorable) for t in explorable.tries]


def tries_html(explorable: Explorable) -> str:
    """Things to try: each a question, a button that sets the model, an answer to reveal."""
    if not explorable.tries:
        return ""
    items = []
    for i, (t, answer) in enumerate(zip(explorable.tries, try_answers(explorable), strict=True)):
        key = explorable.frame_key(t.settings)
        settings = ", ".join(
            f"{explorable.control(name).label.lower()} {explorable.control(name).format(v)}"
            for name, v in t.settings.items()
        )
        items.append(
            f'<li class="cb-try"><p>{html.escape(t.question)}</p>'
            f'<p><button type="button" class="cb-try-set" data-key="{key}" hidden '
            f'aria-label="Set the model for try {i + 1}: {html.escape(settings, quote=True)}">'
            "Set the model</button> "
            f'<span class="cb-try-settings">({html.escape(settings)})</span></p>'
            f"<details><summary>What to notice</summary><p>{html.escape(answer)}</p></details>"
            "</li>"
        )
    heading = "<p><strong>Things to try</strong></p>"
    return f'<div class="cb-tries">{heading}<ol>{"".join(items)}</ol></div>'
