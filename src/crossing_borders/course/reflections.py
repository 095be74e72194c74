"""Which cells of an exercise are reflections: the written answers an instructor grades by hand.

In nbgrader's terms a reflection is a Markdown cell that is both an answer
(`solution`) and graded (`grade`). Its prompt, with the rubric it is graded by, is
the cell above it. The site's progress page counts reflections per chapter, the
drafts panel shows each rubric at a glance, and the marking page scores each
criterion: all of them find reflections and rubrics here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from crossing_borders.course.rubric import Rubric, RubricError, parse_rubric
from crossing_borders.course.validation import word_range


@dataclass(frozen=True)
class Reflection:
    """One written answer, as its prompt states it."""

    assignment: str
    grade_id: str
    index: int  # of the answer cell in the notebook
    words: tuple[int, int] | None
    rubric: Rubric | None
    rubric_error: str = ""  # why the prompt's rubric could not be read


def is_reflection(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "markdown" and bool(meta.get("grade")) and bool(meta.get("solution"))


def reflection_ids(notebook: Path) -> list[str]:
    """The grade ids of a notebook's reflections, in notebook order."""
    cells = nbformat.read(notebook, as_version=4).cells
    return [c.metadata.nbgrader.grade_id for c in cells if is_reflection(c)]


def reflections(notebook: NotebookNode, assignment: str) -> list[Reflection]:
    """The notebook's reflections; each prompt (with its rubric) is the cell above its answer."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if not is_reflection(cell):
            continue
        prompt = notebook.cells[index - 1].source if index else ""
        try:
            rubric, error = parse_rubric(prompt), ""
        except RubricError as exc:
            rubric, error = None, str(exc)
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        found.append(Reflection(assignment, grade_id, index, word_range(cell), rubric, error))
    return found
