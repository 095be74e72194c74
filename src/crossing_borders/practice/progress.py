"""Sphinx extension: the `progress-summary` directive, a table of what this browser has kept.

The table is built when pages are written, once every chapter has been read: its
rows are the chapters that declare self-checks (N comes from the self-check
manifest) and the reflections of each chapter's exercise (M comes from the
exercise's nbgrader source, see `crossing_borders.course.reflections`). The
counts n and m are the reader's own and only exist in their browser, so
`progress.js` fills them in from the store; the page itself holds no one's data.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from crossing_borders.course.reflections import reflection_ids
from crossing_borders.practice.selfchecks import STYLESHEET, manifest

SCRIPT = "progress.js"
ENV_KEY = "course_progress_pages"


class progress_summary(nodes.General, nodes.Element):
    """Where the table goes; replaced once every chapter's checks are known."""


class ProgressSummaryDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.__dict__.setdefault(ENV_KEY, set()).add(self.env.docname)
        return [progress_summary()]


def assignment_for(chapter: str) -> str:
    """A chapter's exercise: chapters/01-talent-on-the-move -> ch01-talent-on-the-move."""
    return "ch" + chapter.rsplit("/", 1)[-1]


def chapter_drafts(root: Path, chapter: str) -> list[str]:
    """Store keys of the reflection drafts a chapter's exercise asks for."""
    assignment = assignment_for(chapter)
    return [
        f"draft/{assignment}/{grade_id}"
        for notebook in sorted((root / "exercises" / assignment).glob("*.ipynb"))
        for grade_id in reflection_ids(notebook)
    ]


def _row(app: Sphinx, page: str, chapter: str, checks: list[str]) -> str:
    drafts = chapter_drafts(Path(app.srcdir), chapter)
    title = html.escape(app.env.titles[chapter].astext())
    link = html.escape(app.builder.get_relative_uri(page, chapter))
    return (
        f'<tr data-chapter="{html.escape(chapter)}" '
        f"data-checks='{html.escape(json.dumps(checks))}' "
        f"data-drafts='{html.escape(json.dumps(drafts))}'>"
        f'<th scope="row"><a href="{link}">{title}</a></th>'
        f'<td class="cb-progress-checks"><span class="cb-count">–</span>/{len(checks)}</td>'
        f'<td class="cb-progress-drafts"><span class="cb-count">–</span>/{len(drafts)}</td></tr>'
    )


def summary_html(app: Sphinx, page: str) -> str:
    rows = "".join(
        _row(app, page, chapter, checks)
        for chapter, checks in sorted(manifest(app.env).items())
        if chapter.startswith("chapters/")
    )
    return (
        '<div class="cb-progress">'
        '<p class="cb-progress-memory" hidden>This browser does not let the site keep '
        "data, so your progress is kept only for this visit.</p>"
        '<table class="cb-progress-table"><caption>Your progress, chapter by chapter</caption>'
        '<thead><tr><th scope="col">Chapter</th><th scope="col">Self-checks done</th>'
        '<th scope="col">Reflections drafted</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        "<noscript><p>Your progress is read from this browser by a script; with "
        "JavaScript off, the counts cannot be shown.</p></noscript>"
        '<div class="cb-progress-clear" hidden>'
        '<button type="button" class="cb-progress-start">Clear my progress</button>'
        '<div class="cb-progress-confirm" role="group" aria-label="Confirm clearing" hidden>'
        "<p>Clear every self-check answer and reflection draft this browser keeps for the "
        "course? This cannot be undone.</p>"
        '<button type="button" class="cb-progress-yes">Yes, clear my progress</button> '
        '<button type="button" class="cb-progress-no">Cancel</button></div>'
        '<p class="cb-progress-status" role="status" aria-live="polite"></p></div></div>'
    )


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in doctree.findall(progress_summary):
        node.replace_self(nodes.raw("", summary_html(app, docname), format="html"))


def _always_rewrite(app: Sphinx, env: Any) -> list[str]:
    """The summary reads every chapter, so its page is rewritten on every build."""
    return sorted(env.__dict__.get(ENV_KEY, set()))


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    env.__dict__.setdefault(ENV_KEY, set()).discard(docname)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    env.__dict__.setdefault(ENV_KEY, set()).update(other.__dict__.get(ENV_KEY, set()) & docnames)


def _assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename in app.env.__dict__.get(ENV_KEY, set()):
        app.add_css_file(STYLESHEET)
        app.add_js_file(SCRIPT, loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("crossing_borders.practice.selfchecks")
    app.add_node(progress_summary)
    app.add_directive("progress-summary", ProgressSummaryDirective)
    app.connect("doctree-resolved", _fill)
    app.connect("env-get-updated", _always_rewrite)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("html-page-context", _assets)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
