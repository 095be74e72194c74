"""The seed essay as saved: which lines are the reading and which are page noise.

The saved page wraps twelve body paragraphs and four section headings in a
title, a standfirst, a date, share buttons, advertisement markers and a list of
related articles. Tests use this to check that the chapters quote exactly the
body, in order, and carry none of the rest.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = Path(
    os.environ.get("CROSSING_BORDERS_SEED", ROOT.parent / "shared/seeds/000_2022baf462cae587.txt")
)

#: Chapter source -> the essay paragraphs (1-based) it quotes, in order.
CHAPTER_PARAGRAPHS: dict[str, tuple[int, ...]] = {
    "chapters/01-talent-on-the-move.md": (1, 2),
    "chapters/02-reforms-and-sustainable-cinemas.md": (3, 4),
    "chapters/03-collaboration-and-governance.md": (5, 6),
    "chapters/04-audiences-and-authenticity.md": (7, 8),
    "chapters/05-stewardship-and-policy.md": (9, 10, 11),
    "chapters/06-synthesis.md": (12,),
}

_DATE = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{2}, \d{4}$"
)


@dataclass(frozen=True)
class SavedPage:
    title: str
    standfirst: str
    date: str
    headings: tuple[str, ...]
    paragraphs: tuple[str, ...]
    noise: tuple[str, ...]


def normalise(text: str) -> str:
    return " ".join(text.split())


def load_seed(path: Path = SEED) -> SavedPage:
    if not path.exists():
        raise FileNotFoundError(
            f"seed essay not found at {path}; set CROSSING_BORDERS_SEED to its location"
        )
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    title, standfirst, date = lines[0], lines[1], lines[2]
    related = lines.index("Related Articles")
    body = [line for line in lines[3:related] if line not in {"Facebook X Reddit", "ADVERTISEMENT"}]
    # Section headings are the short one-sentence lines between paragraphs.
    headings = tuple(line for line in body if len(line.split()) <= 12)
    paragraphs = tuple(line for line in body if len(line.split()) > 12)
    blurbs = tuple(line for line in lines[related + 1 :] if not _DATE.match(line))
    noise = (standfirst, "Facebook X Reddit", "ADVERTISEMENT", "Related Articles", *blurbs)
    return SavedPage(title, standfirst, date, headings, paragraphs, noise)
