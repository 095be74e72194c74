"""Every real assignment through `crossing-borders grade`: the key, the release, wrong answers.

One scratch course holds all six assignments. nbgrader generates the student
versions; for each assignment four students hand in: "solution" (the instructor's
source, solutions included), "blank" (the release as handed out), "wrong" (plausible
answers that pass the visible checks and fail the hidden ones) and "skipper" (wrong
answers, with every test cell tagged skip-execution). Each assignment is graded by
the course's sandboxed grader, on nbgrader's own pipeline.
"""

from __future__ import annotations

import io
import os
import shutil

import nbformat
import pytest
from exercise_course import (
    ASSIGNMENTS,
    WRONG_ANSWERS,
    autograded_cells,
    environment,
    make_course,
    nbgrader_meta,
    points,
    reflection_cells,
    run,
    set_answers,
    source_path,
)
from nbgrader.api import Gradebook

from crossing_borders.autograde.run import GradeOptions, grade
from crossing_borders.course.feedback import failing_line, hidden_line_numbers

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.geteuid() != 0 and os.environ.get("CI") != "true",
        reason="the grading sandbox needs root (under CI this never skips)",
    ),
]
STUDENTS = ("solution", "blank", "wrong", "skipper")


def tag_tests_skip_execution(path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in autograded_cells(notebook):
        cell.metadata["tags"] = ["skip-execution"]
    nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def dry_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("dryrun")
    course = make_course(base, ASSIGNMENTS)
    run("generate_assignment", "*", "--force", cwd=course, env=environment(base / "home"))
    for assignment, name in ASSIGNMENTS.items():
        release = course / "release" / assignment / name
        for student in STUDENTS:
            target = course / "submitted" / student / assignment / name
            target.parent.mkdir(parents=True)
            shutil.copy2(source_path(assignment) if student == "solution" else release, target)
            if student in ("wrong", "skipper"):
                set_answers(target, WRONG_ANSWERS[assignment])
            if student == "skipper":
                tag_tests_skip_execution(target)
        report = grade(GradeOptions(course, assignment, progress=False, stream=io.StringIO()))
        assert report.exit_code() == 0, [(r.student_id, r.reason) for r in report.rows]
    return course


def _submission(course, student, assignment):
    notebook_id = ASSIGNMENTS[assignment].removesuffix(".ipynb")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission_notebook(notebook_id, assignment, student)
        grades = {g.name: (g.auto_score, g.max_score, g.needs_manual_grade) for g in sub.grades}
        return sub.code_score, sub.max_code_score, sub.max_written_score, grades


each = pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))


@each
def test_the_key_scores_every_autograded_point(dry_run, assignment):
    """The instructor's source passes every visible and hidden test."""
    source = nbformat.read(source_path(assignment), as_version=4)
    code_score, max_code, max_written, grades = _submission(dry_run, "solution", assignment)
    assert max_code == points(autograded_cells(source)) > 0
    failed = [name for name, (auto, top, _) in grades.items() if auto is not None and auto != top]
    assert code_score == max_code, f"tests that fail on the solutions: {failed}"
    assert max_written == points(reflection_cells(source)) > 0
    for cell in reflection_cells(source):
        auto, _, needs_manual = grades[nbgrader_meta(cell)["grade_id"]]
        assert auto is None and needs_manual, "a written answer waits for its grader"


@each
def test_the_release_as_handed_out_scores_zero(dry_run, assignment):
    """The untouched student version earns nothing; its reflections carry no points either."""
    source = nbformat.read(source_path(assignment), as_version=4)
    code_score, max_code, max_written, grades = _submission(dry_run, "blank", assignment)
    assert max_code == points(autograded_cells(source))
    assert code_score == 0
    assert max_written == points(reflection_cells(source))
    for cell in reflection_cells(source):
        auto, _, needs_manual = grades[nbgrader_meta(cell)["grade_id"]]
        # nbgrader scores an answer cell left exactly as released 0 without a grader.
        assert auto == 0 and not needs_manual


@each
def test_plausible_wrong_answers_pass_the_visible_checks_and_fail_the_hidden(dry_run, assignment):
    code_score, *_ = _submission(dry_run, "wrong", assignment)
    assert code_score == 0
    name = ASSIGNMENTS[assignment]
    graded = nbformat.read(dry_run / "autograded" / "wrong" / assignment / name, as_version=4)
    for cell in autograded_cells(graded):
        hidden = hidden_line_numbers(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        line = failing_line(cell.outputs)
        assert line in hidden, f"{nbgrader_meta(cell)['grade_id']} failed at line {line}"


@each
def test_a_test_tagged_skip_execution_still_runs(dry_run, assignment):
    assert _submission(dry_run, "skipper", assignment)[0] == 0


def test_stock_nbgrader_autograde_runs_a_test_tagged_skip_execution_too(dry_run):
    """nbgrader's own autograde, with the course configuration, agrees with the grader."""
    assignment = "ch01-talent-on-the-move"
    db = dry_run / "gradebook-stock.db"
    shutil.copy2(dry_run / "gradebook.db", db)
    run(
        "autograde",
        assignment,
        "--student=skipper",
        "--force",
        f"--db=sqlite:///{db}",
        cwd=dry_run,
        env=environment(dry_run.parent / "home"),
    )
    with Gradebook(f"sqlite:///{db}") as gb:
        assert gb.find_submission_notebook("ch01", assignment, "skipper").code_score == 0
