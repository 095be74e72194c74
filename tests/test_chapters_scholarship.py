"""Each chapter argues with real scholarship and reads its source critically.

The commentary names at least two works and says what it takes from each; a
"Further reading" list annotates three to five; chapters titled with the essay's
own headings say so; the garbled sentence is quoted as written and its problem
named. That the works themselves exist with full details is checked in
test_bibliography.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
GARBLED = "ensuring that migration does not erase rather than enrich memory cultures"


def section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def keys(text: str) -> set[str]:
    return {k.strip() for match in CITE.findall(text) for k in match.split(",")}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_the_commentary_engages_at_least_two_works_by_name(chapter: Path) -> None:
    commentary = section(chapter.read_text(encoding="utf-8"), "Commentary")
    cited = keys(commentary) - {"talent_migration_essay"}
    assert len(cited) >= 2, f"{chapter.name} commentary cites {sorted(cited)}"
    # By name: a textual citation, whose sentence says what the work argues.
    assert len(re.findall(r"\{cite:t\}`", commentary)) >= 1


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_further_reading_annotates_three_to_five_works(chapter: Path) -> None:
    text = chapter.read_text(encoding="utf-8")
    further = section(text, "Further reading")
    items = re.findall(r"^- (.+)$", further, re.M)
    assert 3 <= len(items) <= 5, items
    for item in items:
        assert keys(item), f"an item without a citation: {item}"
        annotation = CITE.sub("", item).strip(" :")
        assert len(annotation.split()) >= 12, f"annotate what the work offers: {item}"
    assert text.index("## Further reading") < text.index("## Exercise")


def test_chapters_titled_with_the_essays_headings_say_so() -> None:
    marked = {
        p.stem
        for p in CHAPTERS
        if "title is the essay's own heading" in p.read_text(encoding="utf-8")
    }
    assert marked == {
        "02-reforms-and-sustainable-cinemas",
        "03-collaboration-and-governance",
        "04-audiences-and-authenticity",
        "05-stewardship-and-policy",
    }


def test_the_garbled_sentence_is_quoted_as_written_and_its_problem_named() -> None:
    text = (ROOT / "chapters" / "05-stewardship-and-policy.md").read_text(encoding="utf-8")
    assert GARBLED in section(text, "Reading")
    commentary = section(text, "Commentary")
    assert f'"{GARBLED}"' in commentary and "garbled" in commentary
    source = (ROOT / "source.md").read_text(encoding="utf-8")
    assert GARBLED in source and "(reading-the-source)=" in source
