"""The site-wide accessibility extension's own pieces, without a build."""

from __future__ import annotations

from bs4 import BeautifulSoup

from crossing_borders.access import name_toggles

SIDEBAR = (
    '<ul><li class="toctree-l1 has-children"><a class="reference" href="t.html">Teaching notes</a>'
    '<details><summary><span class="toctree-toggle" role="presentation"><i></i></span></summary>'
    '<ul><li class="toctree-l2"><a href="t1.html">Chapter 1</a></li></ul></details></li>'
    '<li class="toctree-l0 has-children"><details><summary><p class="caption">Part</p></summary>'
    "</details></li></ul>"
)


def test_unnamed_sidebar_toggles_are_named_after_their_page() -> None:
    named = BeautifulSoup(name_toggles(SIDEBAR), "html.parser")
    toggle, part = named.select("summary")
    assert toggle["aria-label"] == "Pages in Teaching notes"
    assert not part.has_attr("aria-label")  # its caption already names it


def test_the_theme_s_parsed_tree_is_named_in_place() -> None:
    soup = BeautifulSoup(SIDEBAR, "html.parser")
    assert name_toggles(soup) is soup
    assert soup.select_one("summary")["aria-label"] == "Pages in Teaching notes"
