"""The essay is quoted whole, once, in order, and none of the saved page's noise comes with it.

The checks read digests from `reading_manifest.json` (see `reading.py`), so they need
nothing outside the repository. Sources are the files git tracks or would track:
whatever `make lab`, `make book` or a test run leaves behind is ignored by
`.gitignore` and so never counts as a source.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from journey import tracked_files
from reading import ROOT, count_in, load_manifest, normalise

MANIFEST = load_manifest()
SOURCE_SUFFIXES = {".md", ".ipynb", ".py", ".yml", ".toml", ".bib", ".txt", ".html", ".js", ".css"}


def sources() -> list[Path]:
    """What a person wrote (see `journey.tracked_files`) that can carry text."""
    return [p for p in tracked_files() if p.suffix in SOURCE_SUFFIXES]


def _reading_block(text: str) -> str:
    match = re.search(r":::\{admonition\} Reading.*?\n(.*?)\n:::", text, flags=re.S)
    assert match, "no reading admonition found"
    return match.group(1)


def test_manifest_covers_twelve_paragraphs_under_four_headings() -> None:
    assert len(MANIFEST.paragraphs) == 12
    assert MANIFEST.headings == 4


def test_chapters_cover_every_paragraph_once_in_order() -> None:
    quoted = [n for numbers in MANIFEST.chapters.values() for n in numbers]
    assert quoted == list(range(1, 13))
    assert list(MANIFEST.chapters) == sorted(MANIFEST.chapters)


@pytest.mark.parametrize("chapter", sorted(MANIFEST.chapters))
def test_chapter_quotes_its_paragraphs_verbatim_in_order(chapter: str) -> None:
    text = (ROOT / chapter).read_text(encoding="utf-8")
    block = _reading_block(text)
    numbers = MANIFEST.chapters[chapter]
    wanted = tuple(MANIFEST.paragraphs[n - 1] for n in numbers)
    assert count_in(block, wanted) == {e.label: 1 for e in wanted}, chapter
    # In order: each paragraph is its own line of the block, in the manifest's order.
    lines = [line for line in block.splitlines() if line.strip()]
    order = [next(iter(count_in(line, wanted)), None) for line in lines]
    assert [label for label in order if label] == [e.label for e in wanted]
    assert MANIFEST.title in normalise(text), "the reading must name the essay's title"
    assert MANIFEST.date in normalise(text), "the reading must give the essay's date"
    first, last = numbers[0], numbers[-1]
    span = f"paragraph {first}" if first == last else f"paragraphs {first}-{last}"
    assert f"{span} of 12" in normalise(block), "the attribution names the paragraphs quoted"


def test_sources_exclude_generated_folders() -> None:
    names = {p.relative_to(ROOT).parts[0] for p in sources()}
    for generated in ("notebooks", "_build", ".venv", ".pytest_cache", "exercises_site"):
        assert generated not in names
    assert "chapters" in names and "exercises" in names


def test_each_paragraph_appears_once_across_all_sources() -> None:
    found: dict[str, dict[str, int]] = {}
    for path in sources():
        text = path.read_text(encoding="utf-8", errors="ignore")
        for label, count in count_in(text, MANIFEST.paragraphs).items():
            found.setdefault(label, {})[str(path.relative_to(ROOT))] = count
    for n, entry in enumerate(MANIFEST.paragraphs, start=1):
        assert found.get(entry.label) == {MANIFEST.chapter_of(n): 1}, entry.label


def test_no_page_noise_in_sources() -> None:
    for path in sources():
        text = path.read_text(encoding="utf-8", errors="ignore")
        assert not count_in(text, MANIFEST.noise), f"page noise in {path.relative_to(ROOT)}"


class _VisibleText(HTMLParser):
    """Text a reader sees: everything outside script and style elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(path: Path) -> str:
    parser = _VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    # Sphinx may split a paragraph across inline tags: join the pieces with spaces.
    return html.unescape(" ".join(parser.parts))


def test_built_pages_quote_each_paragraph_once_and_carry_no_noise(site: Path) -> None:
    found: dict[str, dict[str, int]] = {}
    for page in site.rglob("*.html"):
        for label, count in count_in(visible_text(page), MANIFEST.paragraphs).items():
            found.setdefault(label, {})[str(page.relative_to(site))] = count
    for n, entry in enumerate(MANIFEST.paragraphs, start=1):
        expected = MANIFEST.chapter_of(n).replace(".md", ".html")
        assert found.get(entry.label) == {expected: 1}, entry.label
    for path in [*site.rglob("*.html"), *site.rglob("_sources/**/*")]:
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="ignore")
            assert not count_in(text, MANIFEST.noise), f"page noise in {path}"
