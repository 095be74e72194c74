"""The course's checks in `crossing-borders validate`: stopped answers and word counts."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbgrader import utils
from traitlets.config import Config

from crossing_borders.course.validation import CourseChecks, count_words


def _reflection(text: str, words=(150, 300), answered: bool = True):
    cell = new_markdown_cell("YOUR ANSWER HERE")
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": True,
        "locked": False,
        "points": 10,
        "grade_id": "advice",
        "schema_version": 3,
    }
    cell.metadata["crossing_borders"] = {"words": list(words)}
    cell.metadata["nbgrader"]["checksum"] = utils.compute_checksum(cell)
    if answered:
        cell.source = text
    return cell


def _flags(*cells, timeout=60):
    config = Config()
    config.Execute.timeout = timeout
    nb, _ = CourseChecks(config=config).preprocess(new_notebook(cells=list(cells)), {})
    return [
        c.outputs[0].evalue
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith(("_length", "_time"))
    ]


def test_words_are_counted_as_a_reader_counts_them():
    assert count_words("A film's pacing -- cross-cultural, 40% of crews.") == 7
    assert count_words("**Bold** _text_ and `code`") == 4


def test_a_reflection_outside_its_range_is_flagged_with_its_count():
    assert _flags(_reflection("word " * 150)) == []
    assert _flags(_reflection("word " * 300)) == []
    (short,) = _flags(_reflection("word " * 55))
    assert "'advice' has 55 words: too short" in short and "150 to 300" in short
    (long,) = _flags(_reflection("word " * 301))
    assert "301 words: too long" in long


def test_an_untouched_reflection_is_left_to_nbgrader():
    assert _flags(_reflection("", answered=False)) == []


def test_a_stopped_answer_cell_is_named():
    answer = new_code_cell("while True:\n    pass")
    answer.metadata["nbgrader"] = {"grade": False, "solution": True, "grade_id": "q_answer"}
    answer.outputs = [new_output("error", ename="KeyboardInterrupt", evalue="", traceback=[])]
    (message,) = _flags(answer, timeout=60)
    assert "'q_answer' did not finish within 60 seconds and was stopped" in message
    answer.outputs = [new_output("error", ename="ValueError", evalue="x", traceback=[])]
    assert _flags(answer) == []  # an ordinary error is the tests' business
