"""The built site: strict build, resolvable links, self-contained pages, notebook downloads."""

from __future__ import annotations

import html.parser
import itertools
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from conftest import site_pages
from reading import ROOT, load_manifest

CHAPTERS = sorted(load_manifest().chapters)


class _Refs(html.parser.HTMLParser):
    """Collects link targets and element ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key):
                self.ids.add(values[key])
        for key in ("href", "src"):
            if values.get(key) and tag in {"a", "link", "script", "img", "source", "iframe"}:
                self.refs.append((tag, values[key]))


def _parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_book_builds_with_zero_warnings(book_build) -> None:
    assert book_build.returncode == 0, book_build.log[-6000:]
    assert book_build.warnings == []


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    pages = {(site / p).resolve(): _parse(site / p) for p in site_pages(site)}
    broken = []
    for page, refs in pages.items():
        for tag, ref in refs.refs:
            url = urlparse(ref)
            if url.scheme in {"http", "https", "mailto", "data", "blob", "javascript"}:
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site.resolve())}: {tag} {ref}")
                continue
            if url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{page.relative_to(site.resolve())}: #{url.fragment} in {ref}")
    assert broken == []


def test_pages_load_nothing_from_outside(site: Path) -> None:
    for page in map(site.joinpath, site_pages(site)):
        for tag, ref in _parse(page).refs:
            if tag in {"script", "link", "img", "source", "iframe"}:
                assert urlparse(ref).scheme in {"", "data"}, f"{page.name} loads {ref}"
        text = page.read_text(encoding="utf-8")
        for host in ("unpkg.com", "cdn.jsdelivr", "cdnjs", "fonts.googleapis", "requirejs.org"):
            assert host not in text, f"{page.name} names {host}"


def test_static_assets_reference_no_remote_url(site: Path) -> None:
    remote = re.compile(r"""(?:src|href|url)\s*[(=:]\s*["']?https?://""")
    for path in [*site.rglob("*.js"), *site.rglob("*.css")]:
        if path.name in {"searchindex.js"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        assert not remote.search(text) or "sourceMappingURL" in text, path


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_is_a_text_notebook_without_outputs(chapter: str) -> None:
    text = (ROOT / chapter).read_text(encoding="utf-8")
    assert text.startswith("---\njupytext:"), "chapters are MyST text notebooks"
    assert "```{code-cell}" in text
    assert not list((ROOT / "chapters").glob("*.ipynb")), "chapters are kept as text, not .ipynb"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_offers_a_clean_ipynb_download(site: Path, chapter: str) -> None:
    page = site / chapter.replace(".md", ".html")
    notebook = site / "_sources" / chapter.replace(".md", ".ipynb")
    assert notebook.exists()
    assert f'_sources/{Path(chapter).stem}.ipynb"' in page.read_text(encoding="utf-8").replace(
        "../_sources/chapters/", "_sources/"
    )
    nb = nbformat.read(notebook, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] for c in code)
    assert "explore(" in "".join(c.source for c in code)


def test_headings_are_in_order(site: Path) -> None:
    for page in map(site.joinpath, site_pages(site)):
        text = page.read_text(encoding="utf-8")
        main = text[text.find("<main") : text.find("</main>")]
        levels = [int(m) for m in re.findall(r"<h([1-6])\b", main)]
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{page.relative_to(site)} jumps h{before} -> h{after}"


def test_images_have_alt_text(site: Path) -> None:
    for page in map(site.joinpath, site_pages(site)):
        for match in re.finditer(r"<img\b[^>]*>", page.read_text(encoding="utf-8")):
            assert re.search(r'\balt="[^"]+"', match.group(0)), (
                f"{page.name}: {match.group(0)[:80]}"
            )


def test_no_solution_or_hidden_test_reaches_the_site(site: Path) -> None:
    from crossing_borders.publish.leaks import protected_lines, scan

    secrets = protected_lines(ROOT / "exercises", public=[ROOT / "chapters"])
    assert len(secrets) > 50, "the scanner should find the exercises' secrets"
    assert scan([site], secrets=secrets) == []
    assert (site / "exercises_site" / "ch01.html").exists()


def test_each_exercise_page_shows_its_due_date_and_the_late_policy(site: Path) -> None:
    """Dates come from course.toml, through nbgrader's release, onto the site."""
    from test_reading import visible_text

    from crossing_borders.schedule import format_when, load_schedule

    schedule = load_schedule(ROOT / "course.toml")
    for number, assignment in enumerate(sorted(schedule.assignments), start=1):
        text = " ".join(visible_text(site / "exercises_site" / f"ch{number:02d}.html").split())
        assert f"Due: {format_when(schedule.dates(assignment).due)}" in text, assignment
        assert schedule.late_policy.describe() in text
