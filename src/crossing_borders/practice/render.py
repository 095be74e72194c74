"""A self-check as semantic HTML, rendered at build time so it reads without scripts.

Real form controls (radio buttons, checkboxes, a labelled number input, an ordered
list with move buttons) inside a fieldset whose legend is the question; a
feedback region that screen readers announce; and the answer with every
explanation in a `<details>` element, which is what a reader without JavaScript
gets. `selfcheck.js` reads the JSON beside the form and hides that fallback.
The answers are in the page on purpose: self-checks are formative and ungraded.
"""

from __future__ import annotations

import html
import json
import random
import re

from crossing_borders.practice.declarations import SelfCheck

_EMPHASIS = re.compile(r"\*([^*\n]+)\*")
_CODE = re.compile(r"`([^`\n]+)`")


def inline(text: str) -> str:
    """Escape text and keep the little Markdown an author writes in a question: *em*, `code`."""
    escaped = html.escape(text, quote=False)
    return _EMPHASIS.sub(r"<em>\1</em>", _CODE.sub(r"<code>\1</code>", escaped))


def shown_order(check: SelfCheck) -> list[int]:
    """The items' positions as first shown: a shuffle fixed by the id, never the right order."""
    order = list(range(len(check.items)))
    random.Random(check.check_id).shuffle(order)
    return order[1:] + order[:1] if order == sorted(order) else order


def _choices(check: SelfCheck, dom: str) -> str:
    kind = "radio" if check.kind == "single" else "checkbox"
    rows = "".join(
        f'<div class="cb-sc-option"><input type="{kind}" name="{dom}" id="{dom}-{n}" value="{n}">'
        f'<label for="{dom}-{n}">{inline(o.text)}</label></div>'
        for n, o in enumerate(check.options)
    )
    note = (
        '<p class="cb-sc-note">Choose every answer that applies.</p>' if kind == "checkbox" else ""
    )
    return note + rows


def _number(check: SelfCheck, dom: str) -> str:
    unit = f" ({html.escape(check.unit)})" if check.unit else ""
    return (
        f'<label for="{dom}-value">Your answer{unit}</label> '
        f'<input type="text" inputmode="decimal" autocomplete="off" id="{dom}-value" '
        f'name="{dom}" class="cb-sc-number">'
    )


def _order(check: SelfCheck, dom: str) -> str:
    rows = []
    for n in shown_order(check):
        plain = html.escape(check.items[n].replace("*", "").replace("`", ""))
        rows.append(
            f'<li class="cb-sc-item" data-item="{n}">'
            f'<span class="cb-sc-text">{inline(check.items[n])}</span>'
            '<span class="cb-sc-moves" hidden>'
            f'<button type="button" class="cb-sc-up" aria-label="Move up: {plain}">Move up</button>'
            f'<button type="button" class="cb-sc-down" aria-label="Move down: {plain}">'
            "Move down</button></span></li>"
        )
    return (
        '<p class="cb-sc-note">Put the lines in order with their Move up and Move down '
        f'buttons.</p><ol class="cb-sc-order" id="{dom}-order">{"".join(rows)}</ol>'
        '<p class="cb-sc-moved cb-visually-hidden" aria-live="polite"></p>'
    )


def _fallback(check: SelfCheck) -> str:
    """The answer and every explanation, for readers without JavaScript (and after checking)."""
    if check.kind in ("single", "multiple"):
        body = "".join(
            f"<li><strong>{'Right' if o.right else 'Not right'}:</strong> {inline(o.text)} "
            f"{inline(o.why)}</li>"
            for o in check.options
        )
        return f"<ul>{body}</ul>"
    if check.kind == "number":
        shown = html.escape(check.shown_with_unit)
        return f"<p><strong>{shown}.</strong> {inline(check.explanation)}</p>"
    items = "".join(f"<li>{inline(i)}</li>" for i in check.items)
    return f"<ol>{items}</ol><p>{inline(check.explanation)}</p>"


def _data(check: SelfCheck) -> str:
    """What the script needs to judge an answer and explain it, as JSON safe inside <script>."""
    data = {
        "kind": check.kind,
        "options": [{"right": o.right, "why": inline(o.why)} for o in check.options],
        "items": len(check.items),
        "answer": check.answer,
        "shown": check.shown_with_unit,
        "tolerance": check.tolerance,
        "explanation": inline(check.explanation),
        "hint": inline(check.hint),
    }
    return json.dumps(data).replace("<", "\\u003c")


def selfcheck_html(check: SelfCheck, page: str) -> str:
    """The whole self-check for `page` (the document's name, used in the progress key)."""
    dom = f"cb-sc-{check.check_id}"
    controls = {"single": _choices, "multiple": _choices, "number": _number, "order": _order}
    return (
        f'<section class="cb-selfcheck" id="{dom}" data-selfcheck="{check.check_id}" '
        f'data-page="{html.escape(page)}" data-kind="{check.kind}" '
        f'aria-labelledby="{dom}-title">'
        f'<p class="cb-sc-title" id="{dom}-title">Self-check</p>'
        f'<form class="cb-sc-form"><fieldset><legend>{inline(check.question)}</legend>'
        f"{controls[check.kind](check, dom)}</fieldset>"
        '<div class="cb-sc-actions" hidden><button type="submit" class="cb-sc-check">Check</button>'
        '<button type="button" class="cb-sc-retry" hidden>Try again</button></div>'
        '<div class="cb-sc-feedback" role="status" aria-live="polite"></div></form>'
        f'<details class="cb-sc-answer"><summary>Show the answer and why</summary>'
        f"{_fallback(check)}</details>"
        f'<script type="application/json" class="cb-sc-data">{_data(check)}</script>'
        "</section>"
    )
