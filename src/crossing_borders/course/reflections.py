"""Which cells of an exercise are reflections: the written answers an instructor grades by hand.

In nbgrader's terms a reflection is a Markdown cell that is both an answer
(`solution`) and graded (`grade`). The site's progress page counts them per
chapter, so a student can see how many drafts each exercise asks for.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode


def is_reflection(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "markdown" and bool(meta.get("grade")) and bool(meta.get("solution"))


def reflection_ids(notebook: Path) -> list[str]:
    """The grade ids of a notebook's reflections, in notebook order."""
    cells = nbformat.read(notebook, as_version=4).cells
    return [c.metadata.nbgrader.grade_id for c in cells if is_reflection(c)]
