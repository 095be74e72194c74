"""Reflection drafts on the exercise pages, and the student's notebook built from them.

A Sphinx extension, beside `crossing_borders.practice`. On each page of the site's
Exercises part (the student versions nbgrader released), it puts a drafting panel
after every reflection's answer cell: a labelled text box, the word count against
the range the prompt asks for, where the draft is kept, and the prompt's rubric at a
glance. One button per page then downloads the released notebook with the drafts
in their answer cells (`static/draft-download.js`), built in the browser from
nbgrader's release itself, so the file is what nbgrader expects of a submission.

Every fact the panel shows is read from the notebook the page renders: the word
range from the answer cell (`validation.word_range`, as `crossing-borders validate`
reads it) and the rubric from the prompt cell above it (`rubric.parse_rubric`).
The release is published beside the page as a small script, not fetched as JSON, so
the download also works when the site is opened from disk (file://), where
browsers refuse fetch().
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from markdown_it import MarkdownIt
from sphinx.application import Sphinx
from sphinx.util import logging

from crossing_borders.course.reflections import Reflection
from crossing_borders.course.reflections import reflections as course_reflections
from crossing_borders.course.rubric import Rubric
from crossing_borders.publish.site import RELEASE_FOLDER, SITE_FOLDER, released_notebooks

logger = logging.getLogger(__name__)
_MARKDOWN = MarkdownIt("commonmark", {"html": False})

PANEL_CLASS = "cb-draft"
SCRIPTS = ("drafts.js", "draft-download.js")
STYLESHEET = "drafts.css"
RELEASE_SCRIPT = "{stem}-release.js"
#: myst-nb numbers the source lines of notebook cell i from (i + 1) * 10000 + 1 when
#: the notebook has no source_map (myst_nb.core.nb_to_tokens): the only trace a
#: Markdown cell leaves in the doctree, which is how its answer cell is found.
CELL_LINES = 10000


def reflections(notebook: nbformat.NotebookNode, assignment: str) -> list[Reflection]:
    """The notebook's reflections, with a build warning for each rubric that cannot be read."""
    found = course_reflections(notebook, assignment)
    for reflection in found:
        if reflection.rubric_error:
            logger.warning(
                "reflection %r has no readable rubric: %s",
                reflection.grade_id,
                reflection.rubric_error,
            )
    return found


def release_of(srcdir: Path, docname: str) -> Path | None:
    """nbgrader's released notebook an exercise page shows (None for other pages)."""
    folder, _, name = docname.partition("/")
    release = Path(srcdir, SITE_FOLDER, RELEASE_FOLDER)
    if folder != SITE_FOLDER or "/" in name or not release.is_dir():
        return None
    return released_notebooks(release).get(f"{name}.ipynb")


def _cell_nodes(doctree: nodes.document, index: int) -> list[nodes.Element]:
    """The outermost doctree nodes myst-nb made from notebook cell `index`."""
    first = (index + 1) * CELL_LINES + 1
    inside = [
        node
        for node in doctree.findall(nodes.Element)
        if node.line is not None and first <= node.line < first + CELL_LINES
    ]
    ids = {id(node) for node in inside}
    return [node for node in inside if id(node.parent) not in ids]


def _section_title(node: nodes.Node) -> str:
    while node is not None and not isinstance(node, nodes.section):
        node = node.parent
    if node is None or not isinstance(node[0], nodes.title):
        return "Reflection"
    return node[0].astext()


def _words_text(words: tuple[int, int] | None) -> str:
    return "" if words is None else f"The prompt asks for {words[0]} to {words[1]} words."


def _inline(markdown: str) -> str:
    """The rubric's inline Markdown (`code`, *emphasis*) as the table above renders it.

    Raw HTML is off: whatever the prompt holds reaches the page as text.
    """
    return _MARKDOWN.renderInline(markdown).strip()


def _rubric_html(rubric: Rubric | None, field: str) -> str:
    if rubric is None:
        return ""
    items = "".join(
        f"<li><strong>{html.escape(c.kind)}</strong> ({c.points}): "
        f"{_inline(c.name.partition(':')[2].strip())}</li>"
        for c in rubric.criteria
    )
    return (
        f'<div class="cb-draft-rubric" role="note" aria-labelledby="{field}-rubric">'
        f'<p class="cb-draft-rubric-title" id="{field}-rubric">'
        f"Rubric at a glance ({rubric.total} points)</p><ul>{items}</ul>"
        f'<p class="cb-draft-full">Full marks: {_inline(rubric.full_marks)}</p></div>'
    )


def panel_html(reflection: Reflection, title: str) -> str:
    """The drafting panel: hidden until its script runs, so no page shows a dead text box."""
    field = html.escape(f"cb-draft-{reflection.grade_id}")
    low, high = reflection.words or ("", "")
    return (
        f'<div class="{PANEL_CLASS}" hidden data-assignment="{html.escape(reflection.assignment)}"'
        f' data-grade-id="{html.escape(reflection.grade_id)}"'
        f' data-words-min="{low}" data-words-max="{high}">'
        f'<div class="cb-draft-write">'
        f'<label for="{field}">Draft your answer: {html.escape(title)}</label>'
        f'<p class="cb-draft-help" id="{field}-help">{_words_text(reflection.words)} '
        "Your draft is kept in this browser only, saved as you type; nothing is sent "
        "anywhere.</p>"
        f'<textarea id="{field}" rows="12" spellcheck="true"'
        f' aria-describedby="{field}-help {field}-count {field}-saved"></textarea>'
        f'<p class="cb-draft-count" id="{field}-count" data-role="count"></p>'
        f'<p class="cb-draft-announce" aria-live="polite" data-role="announce"></p>'
        f'<p class="cb-draft-saved" id="{field}-saved" data-role="saved"></p>'
        f"</div>{_rubric_html(reflection.rubric, field)}</div>"
    )


def download_html(notebook: str) -> str:
    """The page's one download button, and where it reports what it did."""
    stem = Path(notebook).stem
    return (
        f'<div class="cb-draft-download" hidden data-notebook="{html.escape(notebook)}"'
        f' data-release="{html.escape(RELEASE_SCRIPT.format(stem=stem))}">'
        '<button type="button" class="cb-draft-download-button">'
        "Download my exercise notebook</button>"
        f'<p class="cb-draft-help">Gives <code>{html.escape(notebook)}</code>, the released '
        "notebook with your drafts in the reflection answer cells; every other cell is "
        "left as released. See the student guide for where to put it.</p>"
        f'<p class="cb-draft-merge"><label for="cb-draft-merge-{html.escape(stem)}">'
        "Already answering in your own copy? Choose it here to get it back with your "
        "drafts in the reflection cells and your other answers kept:</label> "
        f'<input type="file" id="cb-draft-merge-{html.escape(stem)}" '
        'accept=".ipynb,application/x-ipynb+json" data-role="merge"></p>'
        '<p class="cb-draft-download-status" role="status" data-role="download-status"></p>'
        "</div>"
    )


def _add_panels(app: Sphinx, doctree: nodes.document) -> None:
    """After each reflection's answer cell, its panel; after the last one, the download."""
    docname = app.env.docname
    release = release_of(Path(app.srcdir), docname)
    if release is None:
        return
    app.env.note_dependency(str(release))
    notebook = nbformat.read(app.env.doc2path(docname), as_version=4)
    last = None
    for reflection in reflections(notebook, release.parent.name):
        found = _cell_nodes(doctree, reflection.index)
        if not found:
            logger.warning(
                "%s: no answer cell %r on the page to put its draft panel after",
                docname,
                reflection.grade_id,
                location=doctree,
            )
            continue
        anchor = found[-1]
        panel = nodes.raw("", panel_html(reflection, _section_title(anchor)), format="html")
        anchor.parent.insert(anchor.parent.index(anchor) + 1, panel)
        last = panel
    if last is not None:
        download = nodes.raw("", download_html(release.name), format="html")
        last.parent.insert(last.parent.index(last) + 1, download)


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The drafts' script and style, on the pages that have a panel and nowhere else."""
    if f'class="{PANEL_CLASS}"' not in context.get("body", ""):
        return
    app.add_css_file(STYLESHEET)
    for script in SCRIPTS:
        app.add_js_file(script, loading_method="defer")


def release_script(notebook: Path) -> str:
    """The released notebook's exact text, as a script that hands it to the download."""
    text = json.dumps(notebook.read_text(encoding="utf-8"))
    name = json.dumps(notebook.name)
    return (
        f"/* nbgrader's release of {notebook.parent.name}/{notebook.name}, unchanged. */\n"
        "(function (cb) {\n"
        "  cb.releases = cb.releases || {};\n"
        f"  cb.releases[{name}] = {text};\n"
        "})((window.CrossingBorders = window.CrossingBorders || {}));\n"
    )


def _write_releases(app: Sphinx, exception: Exception | None) -> None:
    """Publish each exercise page's release beside the page, where its button loads it."""
    if exception is not None or app.builder.format != "html":
        return
    for docname in sorted(app.env.found_docs):
        release = release_of(Path(app.srcdir), docname)
        if release is None:
            continue
        target = Path(app.outdir, SITE_FOLDER, RELEASE_SCRIPT.format(stem=release.stem))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(release_script(release), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("crossing_borders.practice")
    app.connect("doctree-read", _add_panels)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _write_releases)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
