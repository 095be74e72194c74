"""Feedback without leaks: what a student's returned notebook may show of a test cell.

nbgrader builds feedback from the autograded notebook. Its test cells were
restored from the gradebook before execution, so they hold the hidden tests, and
a failing assert leaves a traceback that quotes the failing line. ClearHiddenTests
removes the hidden source; this preprocessor handles the outputs: every output of
a test cell is replaced by one neutral line that says whether the cell passed and,
if not, whether a visible or a hidden check failed, never what the check was.

It must run before ClearHiddenTests (the hidden region is still in the source,
so the failing line number can be placed) and after GetGrades. `nbgrader_config.py`
wires it into `GenerateFeedback.preprocessors`.
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_output
from traitlets import Bool, Unicode

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_FRAME = re.compile(r"Cell In\s*\[\d*\],\s*line (\d+)")


def is_test_cell(cell: NotebookNode) -> bool:
    """An autograder test cell: a code cell that is graded and is not a student's answer."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def hidden_line_numbers(source: str, begin: str, end: str) -> set[int]:
    """1-based numbers of the lines inside hidden-test regions, markers included."""
    hidden: set[int] = set()
    inside = False
    for number, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            inside = True
        if inside:
            hidden.add(number)
        if end in line:
            inside = False
    return hidden


def failing_line(outputs: list) -> int | None:
    """The test-cell line a traceback points at, when it names one."""
    for output in outputs:
        if output.get("output_type") != "error":
            continue
        text = _ANSI.sub("", "\n".join(output.get("traceback", [])))
        match = _CELL_FRAME.search(text)
        if match:
            return int(match.group(1))
    return None


def _failed(outputs: list) -> bool:
    return any(
        o.get("output_type") == "error"
        or (o.get("output_type") == "stream" and o.get("name") == "stderr")
        for o in outputs
    )


class ScrubTestOutputs(Preprocessor):
    """Replace the outputs of every test cell with a neutral pass/fail message."""

    # nbconvert's preprocessors are off unless enabled; this one must always run.
    enabled = Bool(True).tag(config=True)

    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end_test_delimeter = Unicode("END HIDDEN TESTS").tag(config=True)
    passed_message = Unicode("All checks in this cell passed.").tag(config=True)
    visible_message = Unicode(
        "Test failed: a visible check in this cell failed. Run this cell in your own "
        "notebook to see which one, and see the question."
    ).tag(config=True)
    hidden_message = Unicode(
        "Hidden test failed: your answer passed the visible checks but not the grading "
        "checks. See the question."
    ).tag(config=True)
    unknown_message = Unicode("Test failed: see the question.").tag(config=True)
    timeout_message = Unicode(
        "Test failed: the cell did not finish in the time allowed. See the question."
    ).tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int):
        if not is_test_cell(cell):
            return cell, resources
        outputs = list(cell.get("outputs", []))
        if not _failed(outputs):
            message, kind = self.passed_message, "passed"
        elif any(o.get("ename") == "CellTimeoutError" for o in outputs):
            message, kind = self.timeout_message, "failed"
        else:
            line = failing_line(outputs)
            hidden = hidden_line_numbers(
                cell.source, self.begin_test_delimeter, self.end_test_delimeter
            )
            if line is None:
                message = self.unknown_message
            elif line in hidden:
                message = self.hidden_message
            else:
                message = self.visible_message
            kind = "failed"
        if kind == "passed":
            cell.outputs = [new_output("stream", name="stdout", text=message + "\n")]
        else:
            cell.outputs = [
                new_output("error", ename="TestFailed", evalue=message, traceback=[message])
            ]
        return cell, resources
