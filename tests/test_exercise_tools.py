"""The pieces the exercises are built from: student checks, rubrics read as data, objectives."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest

from crossing_borders.checks import close, letter, number, share, whole
from crossing_borders.course.objectives import (
    ShowObjectives,
    chapter_for,
    chapter_objectives,
    objectives_line,
)
from crossing_borders.course.rubric import RubricError, parse_rubric

ROOT = Path(__file__).resolve().parents[1]

# -- checks a student's answer meets --------------------------------------------------------


@pytest.mark.parametrize("value", [0.4, 1, np.float64(0.25), np.int64(3)])
def test_any_kind_of_number_is_a_number(value):
    number(value, "x")  # raises if not


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0.4", "should be a number, such as 0.4; it is str '0.4'"),
        (True, "it is bool True"),
        (float("nan"), "finite"),
        (None, "it is NoneType None"),
    ],
)
def test_what_is_not_a_number_is_named(value, message):
    with pytest.raises(AssertionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        number(value, "x")


def test_a_percentage_given_for_a_share_is_caught_and_explained():
    with pytest.raises(AssertionError, match=r"looks like a percentage \(60\).*0\.6 for 60%"):
        share(60, "best_share")
    with pytest.raises(AssertionError, match="between 0 and 1"):
        share(-0.1, "best_share")
    with pytest.raises(AssertionError, match="between 0 and 1"):
        share(160, "best_share")
    share(1, "best_share")


def test_whole_numbers_and_letters():
    whole(3.0, "k", 1, 5)
    whole(np.int64(2), "k", 1, 5)
    with pytest.raises(AssertionError, match="whole number"):
        whole(2.5, "k", 1, 5)
    with pytest.raises(AssertionError, match="between 1 and 5"):
        whole(6, "k", 1, 5)
    letter(" B ", "choice", "abcd")
    with pytest.raises(AssertionError, match='one of the letters "a", "b"'):
        letter("e", "choice", "ab")
    with pytest.raises(AssertionError):
        letter(["a"], "choice", "ab")


def test_a_passing_check_shows_nothing_that_nbgrader_would_read_as_a_score():
    # A released test cell ends with its visible check; nbgrader takes a displayed
    # number (or text) there as a partial score, so a passing check must display nothing.
    passing = [
        number(0.4, "x"),
        share(0.6, "s"),
        whole(2, "k", 1, 5),
        letter("b", "c", "abcd"),
    ]
    assert passing == [None, None, None, None]


def test_close_is_a_tolerance_not_an_equality():
    assert close(0.595, 0.6, 0.01) and close(np.float64(0.6), 0.6, 0.0)
    assert not close(0.58, 0.6, 0.01)
    with pytest.raises(AssertionError):
        close("0.6", 0.6, 0.01)


# -- rubrics, read from the table that every rendering shows ---------------------------------

RUBRIC = """Write 150-300 words.

**Rubric (10 points).** Your grader scores each criterion.

| Criterion | Strong | Adequate | Developing | Missing |
|---|---|---|---|---|
| Reasoning: does the programme pay for itself? | Weighs cost against gain with numbers (4) | Weighs them in words (3) | Asserts an answer (1) | No answer (0) |
| Counter-argument: the union's objection | Answers it on its own terms (2) | Names it (1) | - | Ignores it (0) |
| Reading: harmonize and clash | Uses a specific claim (2) | Quotes without using (1) | - | No link (0) |
| Model: what team_mix can and cannot say | Cites values and a limit (2) | Cites a value (1) | - | None (0) |

**Full marks (10/10):** advice that weighs the programme's cost against its gain and answers the union.
"""  # noqa: E501


def test_a_rubric_is_read_as_criteria_levels_and_points():
    rubric = parse_rubric(RUBRIC)
    assert rubric.total == 10
    assert [c.kind for c in rubric.criteria] == [
        "Reasoning",
        "Counter-argument",
        "Reading",
        "Model",
    ]
    reasoning = rubric.criteria[0]
    assert [(lv.label, lv.points) for lv in reasoning.levels] == [
        ("Strong", 4),
        ("Adequate", 3),
        ("Developing", 1),
        ("Missing", 0),
    ]
    assert reasoning.levels[0].descriptor == "Weighs cost against gain with numbers"
    assert [lv.label for lv in rubric.criteria[1].levels] == ["Strong", "Adequate", "Missing"]
    assert rubric.weight("Reasoning", "Counter-argument") == 6
    assert rubric.weight("Reading", "Model") == 4
    assert rubric.full_marks.startswith("advice that weighs")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("(10 points)", "(12 points)"), "add to 10, the rubric says 12"),
        (
            ("Weighs them in words (3)", "Weighs them in words (1-2)"),
            "end the cell with its points",
        ),
        (("Asserts an answer (1)", "Asserts an answer (3)"), "fall level by level"),
        (("No answer (0)", "No answer (1)"), "fall level by level"),
        (("| Reasoning: does", "| Reasoning does"), "Kind: what it asks"),
        (("**Full marks (10/10):**", "Full marks:"), "Full marks"),
        (("| Criterion |", "| Aspect |"), "first column is 'Criterion'"),
    ],
)
def test_a_malformed_rubric_is_refused_with_a_reason(change, message):
    with pytest.raises(RubricError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_rubric(RUBRIC.replace(*change))


# -- objectives, shown from the chapter's own list --------------------------------------------


def test_each_chapter_lists_its_objectives():
    for chapter in sorted((ROOT / "chapters").glob("*.md")):
        objectives = chapter_objectives(chapter)
        assert 3 <= len(objectives) <= 6
        assert all(o[0].isupper() and o.endswith(".") and "{" not in o for o in objectives)


def test_generating_a_student_version_writes_the_objectives_under_the_heading():
    notebook = nbformat.v4.new_notebook()
    prompt = nbformat.v4.new_markdown_cell("## Question 1: a threshold (3 points)\n\nFind it.")
    prompt.metadata["crossing_borders"] = {"objectives": [2, 5]}
    notebook.cells = [prompt, nbformat.v4.new_markdown_cell("## Untouched")]
    resources = {"nbgrader": {"assignment": "ch01-talent-on-the-move"}}
    shower = ShowObjectives(chapters=str(ROOT / "chapters"))
    assert shower.enabled, "nbgrader skips a preprocessor that is not enabled"
    for _ in range(2):  # generating twice shows them once
        notebook, resources = shower.preprocess(notebook, resources)
    objectives = chapter_objectives(chapter_for(ROOT / "chapters", "ch01-talent-on-the-move"))
    expected = objectives_line(objectives, [2, 5], 1)
    assert prompt.source == f"## Question 1: a threshold (3 points)\n\n{expected}\n\nFind it."
    assert objectives[1].rstrip(".") in expected and objectives[4].rstrip(".") in expected
    assert expected.startswith("*Objectives assessed (chapter 1): ")
    assert expected.endswith(".*") and ".;" not in expected
    assert notebook.cells[1].source == "## Untouched"


def test_an_objective_the_chapter_does_not_have_is_a_clear_error():
    objectives = ("One.", "Two.")
    with pytest.raises(ValueError, match="chapter 3 has objectives 1 to 2"):
        objectives_line(objectives, [3], 3)
    with pytest.raises(FileNotFoundError, match="has no chapter"):
        chapter_for(ROOT / "chapters", "ch09-nowhere")
