"""Feedback that shows how each reflection met its rubric, criterion by criterion.

The prompt above a reflection already prints the rubric; under the student's answer
this adds a table with the level reached on each criterion, its points and the
grader's comment for it. It reads the newest marking from the store, so a regrade
shows once feedback is generated again. A reflection scored in nbgrader's
formgrader alone (no marking) keeps nbgrader's score and comment only.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.api import Gradebook
from traitlets import Bool

from crossing_borders.course.reflections import reflections
from crossing_borders.course.rubric import Rubric
from crossing_borders.marking import store


def _cell_text(text: str) -> str:
    """Text safe inside a Markdown table cell (the page sanitises the HTML it becomes)."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|") or "-"


def marks_table(marking: store.Marking, rubric: Rubric) -> str:
    top = {c.name: c.points for c in rubric.criteria}
    lines = [
        f"**Your rubric, criterion by criterion: {marking.total:g} of {rubric.total} points**",
        "",
        "| Criterion | Level reached | Points | Comment |",
        "|---|---|---|---|",
    ]
    for mark in marking.marks:
        points = f"{mark.points:g} of {top.get(mark.criterion, 0):g}"
        lines.append(
            f"| {_cell_text(mark.criterion)} | {_cell_text(mark.level)} | {points} "
            f"| {_cell_text(mark.comment)} |"
        )
    if marking.note.strip():
        lines += ["", f"**Overall:** {_cell_text(marking.note)}"]
    return "\n".join(lines)


class RubricMarks(Preprocessor):
    """Insert each reflection's marks under its answer (a GenerateFeedback step)."""

    # nbconvert's preprocessors are off unless enabled; this one is part of the course.
    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        ids = resources["nbgrader"]
        assignment, student, notebook = ids["assignment"], ids["student"], ids["notebook"]
        found = reflections(nb, assignment)
        with Gradebook(ids["db_url"]) as gb:
            marked = store.current(gb, assignment)
        # From the bottom up, so earlier indices stay valid as cells are inserted.
        for reflection in reversed(found):
            key = store.CellKey(assignment, notebook, reflection.grade_id, student)
            marking = marked.get(key)
            if marking is None or reflection.rubric is None:
                continue
            cell = new_markdown_cell(
                marks_table(marking, reflection.rubric),
                metadata={"crossing_borders": {"marks_of": reflection.grade_id}},
            )
            nb.cells.insert(reflection.index + 1, cell)
        return nb, resources
