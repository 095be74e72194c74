"""The marking page's HTML, written from the service's view-models.

Everything here is escaped with `html.escape` except the student's answer and the
prompt, which come from the course's sanitiser (`course.sanitize.markdown2html`).
The page loads only its own stylesheet and script from the extension; no inline
script or style, so the strict Content-Security-Policy the server sends holds.
With blind marking on, `Answer.shown_student` is None and no name is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from urllib.parse import quote

from crossing_borders.course.sanitize import markdown2html
from crossing_borders.marking.service import Answer, Progress, Prompt

KEYS = (
    ("1 … 9", "choose that level (best first) of the current criterion, then go to the next"),
    ("s or Ctrl+Enter", "save the marking"),
    ("n / p", "next / previous answer (not while typing in a text field)"),
    ("Tab, arrow keys", "move between controls; arrows choose within a criterion"),
)


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def prompt_path(base: str, prompt: Prompt, position: int | None = None) -> str:
    parts = [prompt.assignment, prompt.notebook, prompt.cell]
    tail = "/".join(quote(p, safe="") for p in parts) + "/"
    return f"{base}{tail}{position if position is not None else ''}"


def document(title: str, static: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{_attr(static)}marking.css">\n'
        f'<script src="{_attr(static)}marking.js" defer></script>\n'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def index(base: str, static: str, progress: Iterable[Progress]) -> str:
    """Assignments with reflections; per reflection, answers graded and waiting."""
    by_assignment: dict[str, list[Progress]] = {}
    for item in progress:
        by_assignment.setdefault(item.prompt.assignment, []).append(item)
    sections = []
    for assignment, items in by_assignment.items():
        rows = "".join(
            "<tr>"
            f'<th scope="row"><a href="{_attr(prompt_path(base, p.prompt))}">'
            f"{escape(p.prompt.cell)}</a></th>"
            f"<td>{escape(p.prompt.notebook)}</td><td>{p.answers}</td>"
            f"<td>{p.graded}</td><td>{p.waiting}</td></tr>"
            for p in items
        )
        sections.append(
            f"<section><h2>{escape(assignment)}</h2>"
            f'<div class="scroll"><table><caption>Reflections of {escape(assignment)}</caption>'
            '<thead><tr><th scope="col">Reflection</th><th scope="col">Notebook</th>'
            '<th scope="col">Answers</th><th scope="col">Graded</th>'
            '<th scope="col">Waiting</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div></section>"
        )
    listing = "".join(sections) or "<p>No assignment has reflections with a rubric yet.</p>"
    body = (
        '<main id="overview"><h1>Marking reflections</h1>'
        "<p>Each reflection opens at its first answer without a marking.</p>"
        f"{listing}</main>"
    )
    return document("Marking reflections", static, body)


def _criterion(index: int, answer: Answer) -> str:
    criterion = answer.prompt.rubric.criteria[index]
    marks = answer.current.marks if answer.current else ()
    mark = next((m for m in marks if m.criterion == criterion.name), None)
    chosen, said = (mark.level, mark.comment) if mark else (None, "")
    levels = []
    for n, level in enumerate(criterion.levels, start=1):
        ident = f"c{index}-l{n}"
        checked = " checked" if level.label == chosen else ""
        levels.append(
            f'<div class="level"><input type="radio" id="{ident}" name="c{index}" '
            f'value="{_attr(level.label)}" data-points="{level.points}"{checked}>'
            f'<label for="{ident}"><kbd>{n}</kbd> <strong>{escape(level.label)}</strong> '
            f"({level.points} {'point' if level.points == 1 else 'points'}): "
            f"{escape(level.descriptor)}</label></div>"
        )
    options = "".join(
        f'<option value="{_attr(text)}">{escape(text)}</option>'
        for text in answer.bank.get(criterion.name, [])
    )
    return (
        f'<fieldset class="criterion" data-criterion="{_attr(criterion.name)}">'
        f"<legend>{escape(criterion.name)} (up to {criterion.points})</legend>"
        f'<div class="levels">{"".join(levels)}</div>'
        f'<div class="comment"><label for="c{index}-bank">Kept comments on this criterion</label>'
        f'<select id="c{index}-bank" class="bank">'
        f'<option value="">(choose one to add it to the comment)</option>{options}</select>'
        f'<label for="c{index}-comment">Comment on this criterion</label>'
        f'<textarea id="c{index}-comment" class="criterion-comment" rows="2">'
        f"{escape(said)}</textarea></div></fieldset>"
    )


def _requests(answer: Answer) -> str:
    if not answer.requests:
        return ""
    items = "".join(
        f'<li><input type="checkbox" id="regrade-{_attr(r.id)}" class="regrade" '
        f'value="{_attr(r.id)}" checked> <label for="regrade-{_attr(r.id)}">'
        f"Request {escape(r.id)} (received {escape(r.received)}): {escape(r.reason)}"
        "</label></li>"
        for r in answer.requests
    )
    return (
        '<section aria-labelledby="regrades-h"><h2 id="regrades-h">Open regrade requests</h2>'
        "<p>Saving answers the ticked requests, with the score before and after.</p>"
        f'<ul class="requests">{items}</ul></section>'
    )


def _current(answer: Answer) -> str:
    if answer.current is None:
        return "<p>Not graded yet.</p>"
    saved = answer.current.saved_at.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"<p>Graded {answer.current.total:g}/{answer.max_score:g} by "
        f"{escape(answer.current.grader)} on {escape(saved)}; saving again keeps that "
        "marking in the history.</p>"
    )


def answer_page(base: str, static: str, save_url: str, answer: Answer) -> str:
    """One answer with the rubric as a form: the page a grader works in."""
    prompt = answer.prompt
    previous = prompt_path(base, prompt, answer.position - 1) if answer.position > 1 else ""
    following = (
        prompt_path(base, prompt, answer.position + 1) if answer.position < answer.count else ""
    )
    who = f": {escape(answer.shown_student)}" if answer.shown_student else ""
    criteria = "".join(_criterion(i, answer) for i in range(len(prompt.rubric.criteria)))
    note = escape(answer.current.note) if answer.current else ""
    nav = []
    if previous:
        nav.append(f'<a rel="prev" href="{_attr(previous)}">Previous answer (p)</a>')
    if following:
        nav.append(f'<a rel="next" href="{_attr(following)}">Next answer (n)</a>')
    nav.append(f'<a href="{_attr(base)}">All reflections</a>')
    keys = "".join(f"<dt><kbd>{escape(k)}</kbd></dt><dd>{escape(v)}</dd>" for k, v in KEYS)
    prompt_html = markdown2html({"cell": {}}, answer.prompt.prompt)
    body = (
        f'<main id="marking" data-save="{_attr(save_url)}" data-grade="{_attr(answer.grade_id)}"'
        f' data-prev="{_attr(previous)}" data-next="{_attr(following)}">'
        f"<h1>{escape(prompt.cell)} <small>({escape(prompt.assignment)}, "
        f"{escape(prompt.notebook)})</small></h1>"
        f'<p class="position"><strong>{escape(answer.label)}</strong>'
        f'<span id="who">{who}</span></p>'
        f'<nav aria-label="Answers" class="answers-nav">{" ".join(nav)}</nav>'
        "<details><summary>The prompt and its rubric</summary>"
        f'<div class="prompt">{prompt_html}</div></details>'
        '<section aria-labelledby="answer-h"><h2 id="answer-h">The answer</h2>'
        f'<div class="answer">{answer.html}</div></section>'
        f"{_requests(answer)}"
        '<form id="marking-form" aria-labelledby="rubric-h" novalidate>'
        f'<h2 id="rubric-h">Rubric ({prompt.rubric.total} points)</h2>{_current(answer)}'
        f"{criteria}"
        '<div class="note"><label for="note">General note to the student</label>'
        f'<textarea id="note" rows="3">{note}</textarea></div>'
        f'<p>Total: <output id="total" for="marking-form">–</output> of '
        f"{prompt.rubric.total}</p>"
        '<div id="error" role="alert"></div><p id="status" role="status"></p>'
        '<button type="submit" id="save">Save (s)</button></form>'
        '<section aria-labelledby="keys-h"><h2 id="keys-h">Keys</h2>'
        f'<dl class="keys">{keys}</dl></section></main>'
    )
    return document(f"{answer.label}, {prompt.cell}: marking", static, body)


def message_page(static: str, title: str, text: str, back: str) -> str:
    body = (
        f"<main><h1>{escape(title)}</h1><p>{escape(text)}</p>"
        f'<p><a href="{_attr(back)}">All reflections</a></p></main>'
    )
    return document(title, static, body)
