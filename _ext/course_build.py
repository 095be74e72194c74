"""The course's local Sphinx extension: glue between Jupyter Book and the package.

It does five small jobs, each delegating the real work to `crossing_borders`:
- publishes nbgrader's student versions of the exercises for the site;
- tells kernels that execute chapters to render explorables for the static site;
- drops the execution cache when the package changes (the cache keys on notebook
  text only, so a changed model would otherwise publish stale outputs);
- adds the explorable controller (which loads the frame files) to the pages that use them;
- offers each text notebook as a clean `.ipynb` download.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector
from pygments.lexers import TextLexer
from sphinx.application import Sphinx
from sphinx.util import logging

from crossing_borders.buildtools import FRAMES_READY, package_digest, write_student_notebook
from crossing_borders.course.objectives import chapter_objectives
from crossing_borders.explorables import RENDER_MODE_ENV
from crossing_borders.explorables.static import (
    ASSET_DIR,
    CONTROLLER,
    SITE_FOLDER,
    STYLESHEET,
    build_frames,
)
from crossing_borders.publish.site import (
    CHAPTER_GLOB,
    CONFIG_FILES,
    RELEASE_FOLDER,
    generate_release,
    publish_release,
)
from crossing_borders.publish.site import SITE_FOLDER as EXERCISES_FOLDER

logger = logging.getLogger(__name__)
WIDGET_SCRIPTS = Path(__file__).resolve().parents[1] / "assets" / "vendor" / "jupyter-widgets"
_EXPLORABLE = re.compile(r'data-explorable="([a-z0-9_]+)" data-frames="([a-zA-Z0-9_.-]+)"')


def _drop_thebe(app: Sphinx) -> None:
    """Unhook sphinx-thebe, which Jupyter Book 1 always loads.

    Even with thebe off it injects a script naming a CDN URL (twice on rebuilds,
    which logs a redeclaration error) and a stylesheet; the course runs code
    through its own static explorables and the launch buttons instead.
    """
    for listeners in app.events.listeners.values():
        listeners[:] = [
            lst
            for lst in listeners
            if not getattr(lst.handler, "__module__", "").startswith("sphinx_thebe")
        ]
    app.registry.css_files[:] = [
        (name, attrs) for name, attrs in app.registry.css_files if name != "sphinx-thebe.css"
    ]


def _config_inited(app: Sphinx, config: Any) -> None:
    _drop_thebe(app)
    os.environ[RENDER_MODE_ENV] = "static"
    _publish_exercises(Path(app.srcdir))


def _publish_exercises(root: Path) -> None:
    """Put nbgrader's student versions where the book reads its Exercises part.

    Regenerated only when the exercise sources or nbgrader's configuration change,
    so a prose edit elsewhere does not pay for an nbgrader run. nbgrader's release
    itself is kept beside them (RELEASE_FOLDER) for the pages' notebook downloads.
    """
    if not (root / "exercises").is_dir():
        return  # a book without graded exercises
    target = root / EXERCISES_FOLDER
    release = target / RELEASE_FOLDER
    stamp = target / ".source-digest"
    sources = [*sorted((root / "exercises").rglob("*.ipynb")), *(root / f for f in CONFIG_FILES)]
    # Of the chapters, only their objectives reach the exercises: prose edits cost nothing.
    objectives = [
        "\n".join(chapter_objectives(p)).encode() for p in sorted(root.glob(CHAPTER_GLOB))
    ]
    digest = hashlib.sha256(b"".join([*(p.read_bytes() for p in sources), *objectives])).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and release.is_dir():
        return
    publish_release(generate_release(root, release), target)
    stamp.write_text(digest)
    logger.info("exercises: student versions regenerated with nbgrader")


def _outdated_notebooks(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-execute every text notebook when the package changed: their outputs come from it.

    Sphinx only looks at source mtimes and jupyter-cache only at code cells, so
    neither would notice a changed model. The digest lives in the pickled
    environment, so it only moves forward once a build has read the documents.
    """
    current = package_digest()
    if getattr(env, "course_package_digest", None) == current:
        return []
    cache = Path(app.outdir).parent / ".jupyter_cache"
    if cache.exists():
        shutil.rmtree(cache)
        logger.info("crossing_borders changed since the last build: execution cache cleared")
    env.course_package_digest = current
    return [
        doc
        for doc in env.found_docs
        if doc not in added | changed and _is_text_notebook(Path(env.doc2path(doc)))
    ]


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body", "")
    found = _EXPLORABLE.findall(body)
    if found:
        # The controller loads each explorable's frames itself, the wide or the narrow
        # file as the page's width asks, so a phone never downloads both.
        app.add_css_file(f"../{SITE_FOLDER}/{STYLESHEET}")
        app.add_js_file(f"../{SITE_FOLDER}/{CONTROLLER}", loading_method="defer")
    if doctree is not None and NbMetadataCollector.get_js_files(app.env, pagename):
        app.course_needs_widget_scripts = True
    source = Path(app.srcdir, app.env.doc2path(pagename, base=False)) if doctree else None
    if source is not None and source.suffix == ".md" and _is_text_notebook(source):
        target = Path(app.outdir, "_sources", pagename + ".ipynb")
        write_student_notebook(source, target)
        context["ipynb_source"] = pagename + ".ipynb"


def _is_text_notebook(path: Path) -> bool:
    head = path.read_text(encoding="utf-8")[:400]
    return head.startswith("---") and "jupytext:" in head


def _record_explorables(app: Sphinx, doctree: nodes.document) -> None:
    """Remember which explorables each document shows (kept in the pickled environment)."""
    used = app.env.__dict__.setdefault("course_explorables", {})
    names = {
        name
        for node in doctree.findall(nodes.raw)
        for name, _frames in _EXPLORABLE.findall(node.astext())
    }
    if names:
        used[app.env.docname] = names
    else:
        used.pop(app.env.docname, None)


def _purge_doc(app: Sphinx, env, docname: str) -> None:
    env.__dict__.setdefault("course_explorables", {}).pop(docname, None)


def _merge_info(app: Sphinx, env, docnames, other) -> None:
    env.__dict__.setdefault("course_explorables", {}).update(
        {
            doc: names
            for doc, names in other.__dict__.get("course_explorables", {}).items()
            if doc in docnames
        }
    )


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir, SITE_FOLDER)
    site.mkdir(exist_ok=True)
    for asset in (CONTROLLER, STYLESHEET):
        shutil.copyfile(ASSET_DIR / asset, site / asset)
    if app.course_needs_widget_scripts:
        vendor = Path(app.outdir, "_vendor")
        vendor.mkdir(exist_ok=True)
        for script in WIDGET_SCRIPTS.iterdir():
            shutil.copyfile(script, vendor / script.name)
    cache = Path(app.outdir).parent / ".explorable_cache"
    # Every explorable any page shows, not only those on pages written in this run:
    # an incremental build rewrites few pages, and the others still need their frames.
    used = app.env.__dict__.get("course_explorables", {})
    start = time.perf_counter()
    wanted = build_frames(set().union(*used.values()), cache)
    logger.info(f"{FRAMES_READY} {len(wanted)} files in {time.perf_counter() - start:.2f} s")
    current = {path.name for path in wanted.values()}
    for path in wanted.values():
        if not (site / path.name).exists():
            shutil.copyfile(path, site / path.name)
    for old in site.glob("*-*.js"):
        if old.name not in current:
            old.unlink()


def setup(app: Sphinx) -> dict[str, Any]:
    app.course_needs_widget_scripts = False
    # The instructor guide shows CSV files; Pygments has no csv lexer, and the
    # unknown name would be a warning (an error under the book's -W).
    app.add_lexer("csv", TextLexer)
    app.connect("config-inited", _config_inited)
    app.connect("env-get-outdated", _outdated_notebooks)
    # Before sphinx-book-theme builds its header buttons (priority 500), so the
    # notebook download shows up among them.
    app.connect("html-page-context", _page_context, priority=400)
    app.connect("doctree-read", _record_explorables)
    app.connect("env-purge-doc", _purge_doc)
    app.connect("env-merge-info", _merge_info)
    app.connect("build-finished", _build_finished)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": False}
