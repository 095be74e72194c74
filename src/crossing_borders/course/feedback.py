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
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_output
from traitlets import Bool, Unicode

#: A Jupyter data folder whose nbconvert templates replace what would load from
#: outside (MathJax); nbgrader_config.py puts it first on JUPYTER_PATH.
OFFLINE_TEMPLATES = str(Path(__file__).parent / "templates" / "offline")

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


TIMEOUT_ERRORS = {"CellTimeoutError", "KeyboardInterrupt"}


def timed_out(outputs: list) -> bool:
    """The cell was stopped at its time limit (the sandbox's error, or nbgrader's interrupt)."""
    return any(o.get("ename") in TIMEOUT_ERRORS for o in outputs)


def cell_time_limit(config) -> float | None:
    """Seconds a cell may run under this configuration (nbgrader's Execute.timeout)."""
    from nbgrader.preprocessors import Execute

    return Execute(config=config).timeout


def describe_limit(seconds: float | None) -> str:
    return f"{seconds:g} seconds" if seconds else "the time allowed"


class ScrubTestOutputs(Preprocessor):
    """Replace the outputs of every test cell with a neutral pass/fail message.

    A cell stopped at its time limit says so, and so does every test that could not
    check an answer because the answer cell above it was stopped: a student whose
    loop never ended learns that, not that a check failed.
    """

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
        "Test failed: this test did not finish within {limit}, so it was stopped."
    ).tag(config=True)
    stopped_answer_message = Unicode(
        "Not checked: the answer cell above did not finish within {limit} and was stopped, "
        "so this test could not check your answer. Look for a loop that never ends."
    ).tag(config=True)
    stopped_cell_message = Unicode(
        "This cell did not finish within {limit} and was stopped. Look for a loop that "
        "never ends, or a computation much longer than the question needs."
    ).tag(config=True)

    def limit(self) -> str:
        return describe_limit(cell_time_limit(self.config))

    def preprocess(self, nb: NotebookNode, resources: dict):
        stopped_above = False  # an answer cell since the previous test was stopped
        for cell in nb.cells:
            if cell.get("cell_type") != "code":
                continue
            if is_test_cell(cell):
                self.scrub(cell, stopped_above)
                stopped_above = False
            elif timed_out(cell.get("outputs", [])):
                message = self.stopped_cell_message.format(limit=self.limit())
                cell.outputs = [_error(message, ename="Stopped")]
                stopped_above = True
        return nb, resources

    def scrub(self, cell: NotebookNode, stopped_above: bool) -> None:
        outputs = list(cell.get("outputs", []))
        if not _failed(outputs):
            cell.outputs = [new_output("stream", name="stdout", text=self.passed_message + "\n")]
            return
        if timed_out(outputs):
            message = self.timeout_message.format(limit=self.limit())
        elif stopped_above:
            message = self.stopped_answer_message.format(limit=self.limit())
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
        cell.outputs = [_error(message)]


def _error(message: str, ename: str = "TestFailed") -> NotebookNode:
    return new_output("error", ename=ename, evalue=message, traceback=[message])
