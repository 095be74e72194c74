"""The teaching notes in guides/teaching/ keep to their format and match their chapters.

Each chapter has a notes page whose session plans fill exactly 50 and 90 minutes, whose
discussion notes follow the chapter's numbered questions one for one, whose sections
come in the agreed order, and whose headings never skip a level.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "guides" / "teaching"
CHAPTERS = sorted((ROOT / "chapters").glob("0*.md"))
SECTIONS = [
    "Before the session",
    "Session plan: 50 minutes",
    "Session plan: 90 minutes",
    "Discussion questions",
    "Common misconceptions",
    "Using the explorable in class",
    "Connections",
]
HEADING = re.compile(r"^(#{1,6}) (.+)$")


def headings(text: str) -> list[tuple[int, str]]:
    """(level, title) of every Markdown heading outside fenced code."""
    found, fenced = [], False
    for line in text.splitlines():
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (m := HEADING.match(line)):
            found.append((len(m[1]), m[2].strip()))
    return found


def section(text: str, title: str, level: int = 2) -> str:
    """The body of the heading `title` at `level`, up to the next heading at that level or above."""
    match = re.search(rf"^{'#' * level} {re.escape(title)}\s*$", text, re.M)
    assert match, f"no {'#' * level} {title!r} heading"
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(text, match.end())
    return text[match.end() : end.start() if end else len(text)]


def notes_for(chapter: Path) -> str:
    page = NOTES / chapter.name
    assert page.is_file(), f"missing teaching notes {page.relative_to(ROOT)}"
    return page.read_text(encoding="utf-8")


def test_every_chapter_is_covered() -> None:
    assert len(CHAPTERS) == 6
    index = (NOTES / "index.md").read_text(encoding="utf-8")
    for chapter in CHAPTERS:
        assert f"{{doc}}`{chapter.stem}`" in index


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_session_plans_fill_their_time(chapter: Path) -> None:
    text = notes_for(chapter)
    for total in (50, 90):
        rows = [
            line.strip().strip("|").split("|")
            for line in section(text, f"Session plan: {total} minutes").splitlines()
            if line.strip().startswith("|")
        ]
        assert [c.strip() for c in rows[0]] == ["Minutes", "Activity", "What to do"]
        minutes = [cell[0].strip() for cell in rows[2:]]
        assert all(m.isdigit() for m in minutes), minutes
        assert sum(map(int, minutes)) == total, (total, minutes)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_one_note_per_discussion_question(chapter: Path) -> None:
    questions = section(chapter.read_text(encoding="utf-8"), "Discussion questions")
    asked = re.findall(r"^\d+\. ", questions, re.M)
    notes = section(notes_for(chapter), "Discussion questions")
    numbers = [re.match(r"\d+(?=\. )", t) for level, t in headings(notes) if level == 3]
    assert asked, f"{chapter.name} has no numbered discussion questions"
    assert [m and int(m[0]) for m in numbers] == list(range(1, len(asked) + 1))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_sections_in_order_and_no_skipped_levels(chapter: Path) -> None:
    found = headings(notes_for(chapter))
    assert [level for level, _ in found].count(1) == 1 and found[0][0] == 1
    assert found[0][1].startswith(f"Teaching notes: chapter {int(chapter.name[:2])}, ")
    assert [t for level, t in found if level == 2] == SECTIONS
    for (before, _), (after, title) in pairwise(found):
        assert after <= before + 1, f"heading {title!r} skips a level"
