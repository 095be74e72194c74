"""A reflection's rubric, read from the one place it is written: the prompt's Markdown table.

The student reads the table in the notebook, the grader sees it above the answer in
the formgrader, and the feedback shows it again: all three render the same cell.
This module reads that table as data, so the course can check that each rubric is
well formed and tools can score per criterion without a second copy of it.

The table's first column names a criterion as ``Kind: what it asks of this
prompt`` (kinds such as Reasoning, Counter-argument, Reading, Model); every other
column is a level, and each cell describes that level and ends with its points in
brackets, ``... (3)``. A level a criterion does not use is written ``-``. The line
``**Full marks (N/N):** ...`` after the table describes a full-marks answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

_POINTS = re.compile(r"\((\d+)\)\s*$")
_TOTAL = re.compile(r"\*\*Rubric \((\d+) points\)\.\*\*")
_FULL = re.compile(r"\*\*Full marks \((\d+)/(\d+)\):\*\*\s*(\S.*)")
UNUSED = {"-", "\u2014", "\u2013"}


class RubricError(ValueError):
    """A rubric table that cannot be read as one; the message says where."""


@dataclass(frozen=True)
class Level:
    label: str
    points: int
    descriptor: str


@dataclass(frozen=True)
class Criterion:
    name: str
    levels: tuple[Level, ...]  # best first

    @property
    def kind(self) -> str:
        return self.name.partition(":")[0].strip()

    @property
    def points(self) -> int:
        return self.levels[0].points


@dataclass(frozen=True)
class Rubric:
    total: int
    criteria: tuple[Criterion, ...]
    full_marks: str

    def weight(self, *kinds: str) -> int:
        """Points of the criteria of these kinds together."""
        return sum(c.points for c in self.criteria if c.kind in kinds)


def _rows(markdown: str) -> list[list[str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows: list[list[str]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content.strip())
        elif token.type == "tr_close" and row is not None:
            rows.append(row)
            row = None
    return rows


def parse_rubric(markdown: str) -> Rubric:
    """The rubric in a prompt cell's Markdown; RubricError if there is none or it is malformed."""
    total = _TOTAL.search(markdown)
    if total is None:
        raise RubricError("no '**Rubric (N points).**' line")
    rows = _rows(markdown)
    if len(rows) < 2 or rows[0][0] != "Criterion":
        raise RubricError("no table whose first column is 'Criterion'")
    labels = rows[0][1:]
    if not 3 <= len(labels) <= 4:
        raise RubricError(f"{len(labels)} levels; a rubric has three or four")
    criteria = []
    for row in rows[1:]:
        name, cells = row[0], row[1:]
        if ":" not in name:
            raise RubricError(f"criterion {name!r}: write it as 'Kind: what it asks'")
        levels = []
        for label, cell in zip(labels, cells, strict=True):
            if cell in UNUSED:
                continue
            points = _POINTS.search(cell)
            if points is None:
                raise RubricError(f"{name!r}, level {label!r}: end the cell with its points, (n)")
            levels.append(Level(label, int(points[1]), cell[: points.start()].strip()))
        found = [level.points for level in levels]
        if len(found) < 2 or found != sorted(set(found), reverse=True) or found[-1] != 0:
            raise RubricError(f"{name!r}: points must fall level by level to 0, not {found}")
        if any(not level.descriptor for level in levels):
            raise RubricError(f"{name!r}: every level needs a descriptor")
        criteria.append(Criterion(name, tuple(levels)))
    full = _FULL.search(markdown)
    if full is None:
        raise RubricError("no '**Full marks (N/N):**' description")
    rubric = Rubric(int(total[1]), tuple(criteria), full[3].strip())
    if sum(c.points for c in criteria) != rubric.total or int(full[1]) != rubric.total:
        raise RubricError(
            f"the criteria add to {sum(c.points for c in criteria)}, the rubric says {total[1]}"
        )
    return rubric
