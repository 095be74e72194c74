"""Practice on the page: what a student does on the site itself, kept in their browser.

This package is a Sphinx extension. Its own job is small: serve `static/` and put
the progress store (`course-store.js`) on every page, so the self-checks, the
reflection drafts and the progress page share one place and one key scheme. Each
feature registers itself as a further extension beside this one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

STATIC = Path(__file__).with_name("static")
STORE_SCRIPT = "course-store.js"


def _add_static(app: Sphinx, config: Any) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_static)
    app.add_js_file(STORE_SCRIPT)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
