"""Site-wide accessibility fixes that belong to no one feature (a Sphinx extension).

- The bibliography: docutils gives each citation the DPUB role `doc-biblioentry`
  inside a `role="list"`, but ARIA 1.2 deprecated that role and a list must own
  list items, so screen readers and axe-core see a list with no items. The HTML
  visitor for citations is replaced (Sphinx's `add_node(..., override=True)` seam)
  to write list items instead; the markup is otherwise docutils' own.
- The sidebar: pydata-sphinx-theme opens a page's sub-pages with a `<summary>` that
  holds only a chevron, so it has no name ("summary-name"). Its context function
  `generate_toctree_html` is wrapped to name each such toggle after its page.
- `access.css` on every page: motion stops for readers who ask for reduced motion,
  and text reflows at 320 px (long inline code wraps, previous/next links stack).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

STATIC = Path(__file__).with_name("static")
STYLESHEET = "access.css"


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    """A run of citations becomes one list whose entries are list items."""
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def name_toggles(toctree: BeautifulSoup | str) -> BeautifulSoup | str:
    """Give each unnamed sub-page toggle of the sidebar the name of the page it opens.

    The theme hands templates either its parsed tree or HTML text; the same kind
    comes back.
    """
    soup = BeautifulSoup(toctree, "html.parser") if isinstance(toctree, str) else toctree
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        link = summary.find_parent("li").find("a", recursive=False)
        title = link.get_text(" ", strip=True) if link else "this section"
        summary["aria-label"] = f"Pages in {title}"
    return str(soup) if isinstance(toctree, str) else soup


def _wrap_toctree(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "names_toggles", False):
        return

    def generate_named(*args: Any, **kwargs: Any) -> BeautifulSoup | str:
        return name_toggles(generate(*args, **kwargs))

    generate_named.names_toggles = True  # type: ignore[attr-defined]
    context["generate_toctree_html"] = generate_named


def _add_static(app: Sphinx, config: Any) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        nodes.citation, override=True, html=(visit_citation, HTML5Translator.depart_citation)
    )
    app.connect("config-inited", _add_static)
    # After pydata-sphinx-theme puts its toctree functions in the context (priority 500).
    app.connect("html-page-context", _wrap_toctree, priority=600)
    app.add_css_file(STYLESHEET)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
