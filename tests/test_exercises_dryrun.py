"""Dry run of every assignment through nbgrader: solutions score full marks, blanks score 0.

One scratch course holds all six assignments. nbgrader generates the student
versions; the instructor's source (solutions included) is submitted as student
"solution", the untouched release as student "blank"; both are autograded, side by
side, each into its own copy of the gradebook.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from exercise_course import (
    ASSIGNMENTS,
    autograded_cells,
    environment,
    in_parallel,
    make_course,
    nbgrader_meta,
    points,
    reflection_cells,
    run,
    source_path,
)
from nbgrader.api import Gradebook

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dry_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("dryrun")
    course = make_course(base, ASSIGNMENTS)
    env = environment(base / "home")
    run("generate_assignment", "*", "--force", cwd=course, env=env)
    for assignment, name in ASSIGNMENTS.items():
        for student, notebook in (
            ("solution", source_path(assignment)),
            ("blank", course / "release" / assignment / name),
        ):
            target = course / "submitted" / student / assignment / name
            target.parent.mkdir(parents=True)
            shutil.copy2(notebook, target)
    shutil.copy2(course / "gradebook.db", course / "gradebook-blank.db")
    dbs = {
        "solution": f"sqlite:///{course / 'gradebook.db'}",
        "blank": f"sqlite:///{course / 'gradebook-blank.db'}",
    }

    def autograde(student):
        return lambda: run(
            "autograde", "*", f"--student={student}", f"--db={dbs[student]}", cwd=course, env=env
        )

    in_parallel([autograde(student) for student in dbs])
    return course, dbs


def _submission(dbs, student, assignment):
    notebook_id = ASSIGNMENTS[assignment].removesuffix(".ipynb")
    with Gradebook(dbs[student]) as gb:
        sub = gb.find_submission_notebook(notebook_id, assignment, student)
        grades = {g.name: (g.auto_score, g.max_score, g.needs_manual_grade) for g in sub.grades}
        return sub.code_score, sub.max_code_score, sub.max_written_score, grades


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_source_with_solutions_scores_every_autograded_point(dry_run, assignment):
    """The instructor's source passes every visible and hidden test."""
    _, dbs = dry_run
    source = nbformat.read(source_path(assignment), as_version=4)
    code_score, max_code, max_written, grades = _submission(dbs, "solution", assignment)
    assert max_code == points(autograded_cells(source)) > 0
    failed = [name for name, (auto, top, _) in grades.items() if auto is not None and auto != top]
    assert code_score == max_code, f"tests that fail on the solutions: {failed}"
    assert max_written == points(reflection_cells(source)) > 0
    for cell in reflection_cells(source):
        auto, _, needs_manual = grades[nbgrader_meta(cell)["grade_id"]]
        assert auto is None and needs_manual, "a written answer waits for its grader"


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_blank_release_scores_zero_autograded_points(dry_run, assignment):
    """The untouched student version earns nothing; its reflections carry no points either."""
    _, dbs = dry_run
    source = nbformat.read(source_path(assignment), as_version=4)
    code_score, max_code, max_written, grades = _submission(dbs, "blank", assignment)
    assert max_code == points(autograded_cells(source))
    assert code_score == 0
    assert max_written == points(reflection_cells(source))
    for cell in reflection_cells(source):
        auto, _, needs_manual = grades[nbgrader_meta(cell)["grade_id"]]
        # nbgrader scores an answer cell left exactly as released 0 without a grader;
        # any edited answer waits for one (see the solution run and the lifecycle test).
        assert auto == 0 and not needs_manual
