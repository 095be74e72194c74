"""Nothing a student wrote runs, or loads anything, in a page a grader or a student opens.

nbgrader renders submissions with nbconvert twice: the formgrader shows each
autograded notebook inside the instructor's authenticated Jupyter page, and the
feedback is a page students open. Both read their HTML exporter's configuration
from `nbgrader_config.py`, which sets:

* ``HTMLExporter.sanitize_html = True``: nbconvert's templates drop JavaScript
  and widget outputs and pass HTML and Markdown outputs through `clean_html`;
* ``HTMLExporter.filters``: `clean_html` (outputs) and `markdown2html` (Markdown
  cells, the written answers among them) are replaced by the functions below,
  which sanitise with nh3 (the Ammonia sanitiser) against an allow-list.

What a grader needs stays: text, headings, lists, emphasis, code, tables,
images embedded as data (PNG, JPEG, GIF, WebP) and links to web pages. What
goes: every script, event handler and style, ``javascript:`` and ``data:``
links, frames, objects, forms, SVG, and every image or stylesheet that would be
fetched. Raw HTML typed into a Markdown answer is shown as the text it is.
"""

from __future__ import annotations

import re

import nh3
from jinja2 import pass_context
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

ALLOWED_TAGS = {
    *("p", "br", "hr", "div", "span", "pre", "code", "kbd", "samp", "blockquote"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "figure", "figcaption"),
    *("em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark"),
    *("ul", "ol", "li", "dl", "dt", "dd", "abbr", "cite", "q"),
    *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "td": {"colspan", "rowspan", "align"},
    "col": {"span"},
    "colgroup": {"span"},
}  # no id, class or style: a student's markup must not restyle or shadow the page's own
_EMBEDDED_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*", re.I)
_WEB_LINK = re.compile(r"(https?://|mailto:|#)", re.I)


def _keep(tag: str, attribute: str, value: str) -> str | None:
    """Keep a URL only where it loads nothing: embedded images, links a reader clicks."""
    if attribute == "src":
        return value if tag == "img" and _EMBEDDED_IMAGE.fullmatch(value.strip()) else None
    if attribute == "href":
        return value if _WEB_LINK.match(value.strip()) else None
    return value


def clean_html(html: str | bytes) -> str:
    """HTML reduced to the allow-list (see the module)."""
    text = html.decode() if isinstance(html, bytes) else str(html)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@pass_context
def markdown2html(context, source: str) -> str:
    """nbconvert's Markdown rendering, with raw HTML escaped and the result sanitised."""
    cell = context.get("cell", {})
    renderer = IPythonRenderer(
        escape=True,
        allow_harmful_protocols=False,
        attachments=cell.get("attachments", {}),
        embed_images=False,
        exclude_anchor_links=True,
    )
    return clean_html(MarkdownWithMath(renderer=renderer).render(source))
