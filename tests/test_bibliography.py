"""Checks on references.bib and on the citations that the site's pages make.

The site renders the bibliography with sphinxcontrib-bibtex, whose default style
fails on a book, article or chapter without a year or publisher, so each entry
type must carry the fields that style needs. Every key cited in a page must
exist, URLs must not point at file-sharing or mirror sites, and every case-study
prompt must end with a "Starting points" line citing one or two sources.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "references.bib"
CASE_STUDIES = ROOT / "appendix" / "case-studies.md"
PAGE_DIRS = ("chapters", "appendix", "guides")
PAGE_FILES = ("index.md", "source.md", "references.md", "glossary.md")
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
BANNED_DOMAINS = (
    "docslib.org",
    "scribd.com",
    "b-ok",
    "ebin.pub",
    "dokumen.pub",
    "sieuthipdf.com",
    "vdocuments",
    "epage.pub",
    "perlego.com",
)
# Entry type -> fields it must have; a tuple means "at least one of these".
REQUIRED = {
    "book": [("author", "editor"), "title", "publisher", "year"],
    "article": ["author", "title", "journal", "year"],
    "incollection": ["author", "title", "booktitle", "publisher", "year"],
    "misc": ["title", ("author", "howpublished")],
}


@pytest.fixture(scope="module")
def bib():
    return parse_file(str(BIB))


def has(entry, name):
    return name in entry.persons or bool(entry.fields.get(name, "").strip())


def pages():
    files = [p for d in PAGE_DIRS for p in sorted((ROOT / d).rglob("*.md"))]
    return files + [ROOT / f for f in PAGE_FILES if (ROOT / f).exists()]


def prompt_sections():
    """Map each ``###`` heading in the case studies to the lines under it."""
    sections, current = {}, None
    for line in CASE_STUDIES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            current = line[4:].strip() if line.startswith("### ") else None
            if current:
                sections[current] = []
        elif current and line.strip():
            sections[current].append(line)
    return sections


def test_bibliography_parses(bib):
    assert len(bib.entries) > 0


def test_no_duplicate_keys():
    text = BIB.read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.MULTILINE)
    dupes = [k for k, n in Counter(k.lower() for k in keys).items() if n > 1]
    assert not dupes, f"duplicate keys: {dupes}"


def test_required_fields(bib):
    problems = []
    for key, entry in bib.entries.items():
        for need in REQUIRED.get(entry.type.lower(), []):
            options = need if isinstance(need, tuple) else (need,)
            if not any(has(entry, name) for name in options):
                problems.append(f"{key} (@{entry.type}) lacks {'/'.join(options)}")
    assert not problems, "\n".join(problems)


def test_no_mirror_urls(bib):
    bad = [
        f"{key}: {entry.fields['url']}"
        for key, entry in bib.entries.items()
        if any(d in entry.fields.get("url", "").lower() for d in BANNED_DOMAINS)
    ]
    assert not bad, "\n".join(bad)


def test_every_cited_key_exists(bib):
    known = {k.lower() for k in bib.entries}
    missing = []
    for page in pages():
        for match in CITE.finditer(page.read_text(encoding="utf-8")):
            for key in (k.strip() for k in match.group(1).split(",")):
                if key.lower() not in known:
                    missing.append(f"{page.relative_to(ROOT)}: {key}")
    assert not missing, "\n".join(missing)


def test_each_prompt_has_starting_points():
    sections = prompt_sections()
    assert sections, "no ### prompts found"
    for title, lines in sections.items():
        last = lines[-1] if lines else ""
        assert last.startswith("**Starting points:**"), f"{title}: no final line"
        cited = [k for m in CITE.finditer(last) for k in m.group(1).split(",")]
        assert 1 <= len(cited) <= 2, f"{title}: {len(cited)} citations"
