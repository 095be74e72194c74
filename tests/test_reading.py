"""The essay is quoted whole, once, in order, and none of the saved page's noise comes with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from seed import CHAPTER_PARAGRAPHS, ROOT, load_seed, normalise

PAGE = load_seed()
SOURCE_SUFFIXES = {".md", ".ipynb", ".py", ".yml", ".bib", ".txt", ".html", ".js", ".css"}
SKIP_DIRS = {".git", ".venv", "_build", "node_modules", "tests", ".pytest_cache", ".hypothesis"}


def _sources() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("*")
        if p.is_file()
        and p.suffix in SOURCE_SUFFIXES
        and not SKIP_DIRS.intersection(p.relative_to(ROOT).parts)
    ]


def _reading_block(text: str) -> str:
    match = re.search(r":::\{admonition\} Reading.*?\n(.*?)\n:::", text, flags=re.S)
    assert match, "no reading admonition found"
    return match.group(1)


def test_seed_has_twelve_paragraphs_under_four_headings() -> None:
    assert len(PAGE.paragraphs) == 12
    assert len(PAGE.headings) == 4


def test_chapters_cover_every_paragraph_once() -> None:
    quoted = [n for numbers in CHAPTER_PARAGRAPHS.values() for n in numbers]
    assert quoted == list(range(1, 13))


@pytest.mark.parametrize("chapter", sorted(CHAPTER_PARAGRAPHS))
def test_chapter_quotes_its_paragraphs_verbatim_in_order(chapter: str) -> None:
    text = (ROOT / chapter).read_text(encoding="utf-8")
    block = normalise(_reading_block(text))
    positions = []
    for n in CHAPTER_PARAGRAPHS[chapter]:
        paragraph = normalise(PAGE.paragraphs[n - 1])
        assert block.count(paragraph) == 1, f"paragraph {n} not quoted exactly once in {chapter}"
        positions.append(block.index(paragraph))
    assert positions == sorted(positions), f"paragraphs out of order in {chapter}"
    assert PAGE.title in normalise(text), "reading block must name the essay's title"
    assert PAGE.date in normalise(text), "reading block must give the essay's date"


def test_each_paragraph_appears_once_across_all_sources() -> None:
    corpus = {p: normalise(p.read_text(encoding="utf-8", errors="ignore")) for p in _sources()}
    for n, paragraph in enumerate(PAGE.paragraphs, start=1):
        hits = {str(p.relative_to(ROOT)): t.count(normalise(paragraph)) for p, t in corpus.items()}
        hits = {k: v for k, v in hits.items() if v}
        expected = [c for c, ns in CHAPTER_PARAGRAPHS.items() if n in ns]
        assert hits == {expected[0]: 1}, f"paragraph {n} found in {hits}"


def test_no_page_noise_in_sources() -> None:
    for path in _sources():
        text = normalise(path.read_text(encoding="utf-8", errors="ignore"))
        for noise in PAGE.noise:
            assert normalise(noise) not in text, f"{noise[:40]!r} found in {path}"


def test_built_pages_quote_each_paragraph_once_and_carry_no_noise(site: Path) -> None:
    pages = {p: normalise(_visible_text(p)) for p in site.rglob("*.html")}
    for n, paragraph in enumerate(PAGE.paragraphs, start=1):
        chapter = next(c for c, ns in CHAPTER_PARAGRAPHS.items() if n in ns)
        page = site / chapter.replace(".md", ".html")
        hits = {str(p.relative_to(site)): t.count(normalise(paragraph)) for p, t in pages.items()}
        assert {k: v for k, v in hits.items() if v} == {str(page.relative_to(site)): 1}
    for path in [*site.rglob("*.html"), *site.rglob("_sources/**/*")]:
        if path.is_dir():
            continue
        text = normalise(path.read_text(encoding="utf-8", errors="ignore"))
        for noise in PAGE.noise:
            assert normalise(noise) not in text, f"{noise[:40]!r} found in {path}"


def _visible_text(path: Path) -> str:
    """The page's text with tags removed (Sphinx may split a paragraph across inline tags)."""
    import html

    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))
