"""Checking a notebook before it is handed in: nbgrader's validation, and more.

`crossing-borders validate NOTEBOOK` is `nbgrader validate` (same checks, same
report) with three additions:

- an exit status: nbgrader prints "VALIDATION FAILED" but exits 0
  (jupyter/nbgrader#1908), which scripts and checklists cannot see;
- an answer cell stopped at the time limit is reported as such, not only the
  tests below it that then fail;
- a written answer whose length is outside the range its prompt asks for is
  reported. The range is declared on the answer cell, as
  `metadata.crossing_borders.words = [low, high]`.

nbgrader's `Validator.preprocessors` is not configurable, so the two new checks
cannot reach `nbgrader validate` or JupyterLab's Validate button; they run here.
"""

from __future__ import annotations

import glob
import re
import sys
import textwrap

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output
from nbgrader.apps.validateapp import ValidateApp
from nbgrader.validator import Validator
from traitlets import Bool, Int, List

from crossing_borders.course.feedback import cell_time_limit, describe_limit, timed_out

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def word_range(cell: NotebookNode) -> tuple[int, int] | None:
    """The (low, high) word range declared on an answer cell, if any."""
    words = cell.get("metadata", {}).get("crossing_borders", {}).get("words")
    if isinstance(words, list) and len(words) == 2 and all(type(w) is int for w in words):
        return words[0], words[1]
    return None


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, with inner ' and -."""
    return len(_WORD.findall(text))


class CourseChecks(Preprocessor):
    """Flag stopped answer cells and written answers outside their word range.

    nbgrader's validator reports failed grade cells, so each problem becomes a
    zero-point check cell put after the cell it is about, failing with a message
    that names that cell and what is wrong. An untouched written answer is left
    to nbgrader, which reports it as missing.
    """

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):
        limit = describe_limit(cell_time_limit(self.config))
        cells = []
        for cell in nb.cells:
            cells.append(cell)
            problem = stopped(cell, limit) or wrong_length(cell)
            if problem is not None:
                cells.append(_flag(cell, *problem))
        nb.cells = cells
        return nb, resources


def _grade_id(cell: NotebookNode) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "answer")


def stopped(cell: NotebookNode, limit: str) -> tuple[str, str] | None:
    """An answer cell that was interrupted at its time limit."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if cell.cell_type != "code" or not meta.get("solution") or not timed_out(cell.outputs):
        return None
    return "time", (
        f"Your answer cell {_grade_id(cell)!r} did not finish within {limit} and was "
        "stopped, so the tests below it could not check your answer. Look for a loop "
        "that never ends."
    )


def wrong_length(cell: NotebookNode) -> tuple[str, str] | None:
    """A written answer, changed from the stub, outside its declared word range."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    limits = word_range(cell)
    if cell.cell_type != "markdown" or not meta.get("solution") or limits is None:
        return None
    if meta.get("checksum") and _unchanged(cell):
        return None
    low, high = limits
    count = count_words(cell.source)
    if low <= count <= high:
        return None
    problem = "too short" if count < low else "too long"
    return "length", (
        f"Your written answer {_grade_id(cell)!r} has {count} words: {problem} for a "
        f"prompt that asks for {low} to {high} words."
    )


def _flag(cell: NotebookNode, kind: str, message: str) -> NotebookNode:
    meta = cell.metadata["nbgrader"]
    check = new_code_cell(f"# Check of {_grade_id(cell)!r}: {kind}")
    check.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": False,
        "points": 0,
        "grade_id": f"{_grade_id(cell)}_{kind}",
        "schema_version": meta.get("schema_version", 3),
    }
    # nbgrader's report cuts lines at 90 characters: wrap the message to fit.
    text = "\n".join(textwrap.wrap(message, width=80))
    check.outputs = [new_output("error", ename="Check", evalue=message, traceback=[text])]
    return check


def _unchanged(cell: NotebookNode) -> bool:
    from nbgrader import utils

    return utils.compute_checksum(cell) == cell.metadata["nbgrader"]["checksum"]


class CourseValidator(Validator):
    """nbgrader's validator with the course's checks, counting the problems it reports."""

    preprocessors = List([*Validator.class_traits()["preprocessors"].default(), CourseChecks])
    problems = Int(0)

    def validate(self, filename: str):
        results = super().validate(filename)
        reported = ["type_changed", "changed", "passed" if self.invert else "failed"]
        self.problems += sum(len(results.get(key, [])) for key in reported)
        return results


class StrictValidateApp(ValidateApp):
    """`nbgrader validate`, exiting 1 when any notebook fails (or a file is missing)."""

    name = "crossing-borders validate"

    def start(self) -> None:
        if not self.extra_args:
            self.fail("Give the notebook to check:\n  crossing-borders validate NOTEBOOK")
        validator = CourseValidator(parent=self)
        for pattern in self.extra_args:
            matches = sorted(glob.glob(pattern))
            if not matches:
                self.fail(f"No notebook matches {pattern!r}")
            for filename in matches:
                validator.validate_and_print(filename)
        if validator.problems:
            sys.exit(1)


def main(argv: list[str]) -> int:
    StrictValidateApp.launch_instance(argv=argv)
    return 0
