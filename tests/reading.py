"""The essay's reading, checked without the essay: digests of its paragraphs and page noise.

The course quotes the twelve body paragraphs of one saved web page. The page itself
is not part of the repository (it also carries a standfirst, share buttons,
advertisement markers and other articles' blurbs, none of which is ours to
republish). `reading_manifest.json` keeps, for every paragraph and every line of
that noise, its length in words and two digests of its normalised text: one of the
first few words (a cheap first match) and one of the whole. `count_in` finds each
entry in any text by sliding over its words, so the tests can prove that every
paragraph is quoted once, in its chapter, and that no noise came with it.

`python tests/reading.py SEED` writes the manifest from a saved copy of the page.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = Path(__file__).with_name("reading_manifest.json")
HEAD_WORDS = 8
SHARE_BUTTONS = "Facebook X Reddit"
AD_MARKER = "ADVERTISEMENT"
RELATED = "Related Articles"
_DATE = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{2}, \d{4}$"
)


def normalise(text: str) -> str:
    return " ".join(text.split())


def _digest(words: list[str]) -> str:
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One protected span of the page: its word count and digests (head and whole)."""

    label: str
    words: int
    head: str
    whole: str

    @classmethod
    def of(cls, label: str, text: str) -> Entry:
        words = normalise(text).split(" ")
        return cls(label, len(words), _digest(words[: min(HEAD_WORDS, len(words))]), _digest(words))


@dataclass(frozen=True)
class Manifest:
    title: str
    date: str
    headings: int
    chapters: dict[str, tuple[int, ...]]
    paragraphs: tuple[Entry, ...]
    noise: tuple[Entry, ...]

    def chapter_of(self, paragraph: int) -> str:
        return next(c for c, ns in self.chapters.items() if paragraph in ns)


def load_manifest(path: Path = MANIFEST) -> Manifest:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Manifest(
        title=data["title"],
        date=data["date"],
        headings=data["headings"],
        chapters={c: tuple(ns) for c, ns in data["chapters"].items()},
        paragraphs=tuple(Entry(**e) for e in data["paragraphs"]),
        noise=tuple(Entry(**e) for e in data["noise"]),
    )


def count_in(text: str, entries: tuple[Entry, ...]) -> Counter[str]:
    """How often each entry's text occurs in `text` (compared word by word, normalised)."""
    words = normalise(text).split(" ")
    found: Counter[str] = Counter()
    by_head: dict[int, dict[str, list[Entry]]] = {}
    for entry in entries:
        size = min(HEAD_WORDS, entry.words)
        by_head.setdefault(size, {}).setdefault(entry.head, []).append(entry)
    for size, heads in by_head.items():
        for start in range(len(words) - size + 1):
            matches = heads.get(_digest(words[start : start + size]))
            for entry in matches or ():
                end = start + entry.words
                if end <= len(words) and _digest(words[start:end]) == entry.whole:
                    found[entry.label] += 1
    return found


# ------------------------------------------------------------------ writing the manifest


def parse_saved_page(text: str) -> dict:
    """Split the saved page into title, date, headings, body paragraphs and noise lines."""
    lines = [normalise(line) for line in text.splitlines() if line.strip()]
    title, standfirst, date = lines[0], lines[1], lines[2]
    related = lines.index(RELATED)
    body = [line for line in lines[3:related] if line not in {SHARE_BUTTONS, AD_MARKER}]
    # Section headings are the short one-sentence lines between paragraphs.
    headings = [line for line in body if len(line.split()) <= 12]
    paragraphs = [line for line in body if len(line.split()) > 12]
    blurbs = [line for line in lines[related + 1 :] if not _DATE.match(line)]
    noise = [standfirst, SHARE_BUTTONS, AD_MARKER, RELATED, *blurbs]
    return {
        "title": title,
        "date": date,
        "headings": headings,
        "paragraphs": paragraphs,
        "noise": noise,
    }


def write_manifest(seed: Path, chapters: dict[str, list[int]], target: Path = MANIFEST) -> None:
    page = parse_saved_page(seed.read_text(encoding="utf-8"))
    data = {
        "title": page["title"],
        "date": page["date"],
        "headings": len(page["headings"]),
        "chapters": chapters,
        "paragraphs": [
            Entry.of(f"paragraph {n}", p).__dict__ for n, p in enumerate(page["paragraphs"], 1)
        ],
        "noise": [Entry.of(f"noise {n}", line).__dict__ for n, line in enumerate(page["noise"], 1)],
    }
    target.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/reading.py SAVED_PAGE.txt")
    current = load_manifest().chapters if MANIFEST.exists() else {}
    write_manifest(Path(sys.argv[1]), {c: list(ns) for c, ns in current.items()})
    print(f"wrote {MANIFEST}")
