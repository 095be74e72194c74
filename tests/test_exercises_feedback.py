"""The feedback preprocessor: test cells show a neutral message, never a traceback."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbgrader.preprocessors import ClearHiddenTests

from crossing_borders.course.feedback import (
    ScrubTestOutputs,
    failing_line,
    hidden_line_numbers,
    is_test_cell,
)

TEST_SOURCE = '''"""Checks `answer`: an int (visible); the right count (hidden)."""
assert type(answer) is int, "answer should be an int"
### BEGIN HIDDEN TESTS
assert answer == 4, "secret expectation"
### END HIDDEN TESTS'''


def _traceback(line: int, text: str) -> list[str]:
    """An error output the way IPython 8 writes it for a failing line of a cell."""
    return [
        "\x1b[0;31m-----------------------------------------------------------\x1b[0m",
        "\x1b[0;31mAssertionError\x1b[0m                    Traceback (most recent call last)",
        f"Cell \x1b[0;32mIn[5], line {line}\x1b[0m\n\x1b[0;32m----> {line}\x1b[0m {text}\n",
        f"\x1b[0;31mAssertionError\x1b[0m: {text}",
    ]


def _test_cell(outputs) -> nbformat.NotebookNode:
    meta = {"grade": True, "solution": False, "locked": True, "grade_id": "answer", "points": 2}
    cell = new_code_cell(TEST_SOURCE, metadata={"nbgrader": meta})
    cell.outputs = outputs
    return cell


def _error(line: int, text: str = "assert answer == 4"):
    return new_output(
        "error", ename="AssertionError", evalue=text, traceback=_traceback(line, text)
    )


def _scrub(cell):
    notebook = new_notebook(cells=[cell])
    notebook, _ = ScrubTestOutputs().preprocess(notebook, {})
    return notebook.cells[0]


def _shown(cell) -> str:
    """What the feedback page prints for a cell's outputs (an error prints its traceback)."""
    for output in cell.outputs:
        if output.output_type == "error":
            assert output.evalue == "\n".join(output.traceback)
    return "\n".join(o.get("text") or "\n".join(o.get("traceback", [])) for o in cell.outputs)


def test_hidden_region_lines_are_numbered_from_one():
    assert hidden_line_numbers(TEST_SOURCE, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS") == {3, 4, 5}


def test_failing_line_is_read_through_ansi_colours():
    assert failing_line([_error(4)]) == 4
    assert failing_line([new_output("stream", name="stdout", text="hi")]) is None


def test_a_failed_hidden_test_says_so_and_nothing_more():
    cell = _scrub(_test_cell([_error(4, 'assert answer == 4, "secret expectation"')]))
    shown = _shown(cell)
    assert "Hidden test failed" in shown
    for secret in ("answer == 4", "secret expectation", "Traceback", "AssertionError"):
        assert secret not in shown
    assert [o.output_type for o in cell.outputs] == ["error"]


def test_a_failed_visible_check_points_to_the_students_own_run():
    cell = _scrub(_test_cell([_error(2, "assert type(answer) is int")]))
    assert "a visible check in this cell failed" in _shown(cell)
    assert "Traceback" not in _shown(cell)


def test_other_failures_get_the_neutral_message():
    unknown = new_output("error", ename="NameError", evalue="x", traceback=["NameError: x"])
    assert _shown(_scrub(_test_cell([unknown]))) == "Test failed: see the question."
    stderr = new_output("stream", name="stderr", text="answer == 4 leaked to stderr")
    assert "leaked" not in _shown(_scrub(_test_cell([stderr])))
    timeout = new_output("error", ename="CellTimeoutError", evalue="", traceback=["timeout"])
    assert "this test did not finish within" in _shown(_scrub(_test_cell([timeout])))


def _answer_cell(outputs) -> nbformat.NotebookNode:
    meta = {"grade": False, "solution": True, "locked": False, "grade_id": "answer_answer"}
    cell = new_code_cell("while True:\n    pass", metadata={"nbgrader": meta})
    cell.outputs = outputs
    return cell


def test_a_stopped_answer_cell_is_named_and_its_test_says_why_it_failed():
    """A loop in the answer: the answer cell says it was stopped; its test, not a check."""
    from traitlets.config import Config

    config = Config()
    config.Execute.timeout = 60
    interrupted = new_output(
        "error", ename="KeyboardInterrupt", evalue="", traceback=["KeyboardInterrupt"]
    )
    undefined = new_output(
        "error", ename="NameError", evalue="x", traceback=_traceback(2, "assert type(answer)")
    )
    later = _test_cell([_error(2, "assert type(answer) is int")])
    notebook = new_notebook(cells=[_answer_cell([interrupted]), _test_cell([undefined]), later])
    notebook, _ = ScrubTestOutputs(config=config).preprocess(notebook, {})
    answer, test, unrelated = (_shown(c) for c in notebook.cells)
    assert "did not finish within 60 seconds and was stopped" in answer
    assert "KeyboardInterrupt" not in answer
    assert test.startswith("Not checked: the answer cell above did not finish within 60")
    # Only the test right under the stopped answer is excused; later ones say what failed.
    assert "a visible check in this cell failed" in unrelated


def test_a_passing_cell_keeps_no_output_of_its_own():
    printed = new_output("stream", name="stdout", text="expected 4\n")
    cell = _scrub(_test_cell([printed]))
    assert _shown(cell) == "All checks in this cell passed.\n"


def test_answer_and_other_cells_are_untouched():
    answer_meta = {"grade": False, "solution": True, "locked": False, "grade_id": "answer_answer"}
    answer = new_code_cell("answer = 1 / 0", metadata={"nbgrader": answer_meta})
    answer.outputs = [_error(1, "answer = 1 / 0")]
    plain = new_code_cell("print(1)")
    plain.outputs = [new_output("stream", name="stdout", text="1\n")]
    notebook = new_notebook(cells=[answer, plain, new_markdown_cell("text")])
    before = nbformat.writes(notebook)
    notebook, _ = ScrubTestOutputs().preprocess(notebook, {})
    assert nbformat.writes(notebook) == before
    assert not is_test_cell(answer) and not is_test_cell(plain)


def test_with_clear_hidden_tests_nothing_hidden_remains():
    """The configured order: scrub outputs, then nbgrader removes the hidden source."""
    notebook = new_notebook(cells=[_test_cell([_error(4)])])
    notebook, resources = ScrubTestOutputs().preprocess(notebook, {})
    notebook, _ = ClearHiddenTests().preprocess(notebook, resources)
    text = nbformat.writes(notebook)
    assert "answer == 4" not in text and "secret expectation" not in text
    assert "Hidden test failed" in text
