"""Sphinx extension: the `selfcheck` directive, and its script and styles on the pages that use it.

An author declares a check once, in the chapter's source::

    ```{selfcheck} friction-peak
    :kind: single
    question: Where is friction highest?
    options:
      - text: In a half-and-half crew
        right: true
        why: ...
    ```

The body is YAML (see `declarations.py` for every field). A bad declaration is
reported as an error naming the file and the check, so `make book` (run with -W)
fails. The ids each page declares are kept in the environment: the progress page
counts them, and two checks with one id on a page would share one saved answer.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from crossing_borders.practice.declarations import SelfCheckError, parse_selfcheck
from crossing_borders.practice.render import selfcheck_html

SCRIPT = "selfcheck.js"
STYLESHEET = "practice.css"
ENV_KEY = "course_selfchecks"


def manifest(env: Any) -> dict[str, list[str]]:
    """Page name -> the ids of its self-checks, in page order (kept in the pickled environment)."""
    return env.__dict__.setdefault(ENV_KEY, {})


class SelfCheckDirective(SphinxDirective):
    """```{selfcheck} <id>``` with `:kind:` and a YAML body."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"kind": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        check_id = self.arguments[0]
        source = f"{self.env.doc2path(self.env.docname, base=False)}:{self.lineno}"
        try:
            check = parse_selfcheck(
                check_id, self.options.get("kind", ""), "\n".join(self.content), source
            )
        except SelfCheckError as error:
            raise self.error(str(error)) from None
        ids = manifest(self.env).setdefault(self.env.docname, [])
        if check_id in ids:
            raise self.error(
                f"{source}: self-check {check_id!r}: this id is used twice on the page"
            )
        ids.append(check_id)
        return [nodes.raw("", selfcheck_html(check, self.env.docname), format="html")]


def practice_digest() -> str:
    """Hash of this package's code: what rendered self-checks depend on besides the chapters."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def _outdated(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """Re-read pages with self-checks when the code that renders them changed.

    Sphinx only watches sources, so a changed renderer or fact would otherwise
    leave old forms and old numbers on pages whose text did not change.
    """
    current = practice_digest()
    if getattr(env, "course_practice_digest", None) == current:
        return []
    env.course_practice_digest = current
    return [doc for doc in manifest(env) if doc not in added | changed]


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    manifest(env).pop(docname, None)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    manifest(env).update({d: ids for d, ids in manifest(other).items() if d in docnames})


def _assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if manifest(app.env).get(pagename):
        app.add_css_file(STYLESHEET)
        app.add_js_file(SCRIPT, loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("crossing_borders.practice")
    app.add_directive("selfcheck", SelfCheckDirective)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("html-page-context", _assets)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
