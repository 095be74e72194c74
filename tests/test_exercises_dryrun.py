"""Every real assignment through `crossing-borders grade`: the key, the release, wrong answers.

One scratch course holds all six assignments. nbgrader generates the student
versions; for each assignment these students hand in: "solution" (the instructor's
source, solutions included), "blank" (the release as handed out), "wrong1", "wrong2",
... (the k-th listed wrong answer of each question, the key elsewhere), "right1", ...
(the k-th listed correct answer in another form, the key elsewhere) and "skipper"
(the first wrong answers, with every test cell tagged skip-execution). Each
assignment is graded by the course's sandboxed grader, on nbgrader's own pipeline.
"""

from __future__ import annotations

import io
import os
import shutil

import nbformat
import pytest
from exercise_course import (
    ASSIGNMENTS,
    answer_set,
    autograded_cells,
    environment,
    make_course,
    nbgrader_meta,
    points,
    reflection_cells,
    run,
    set_answers,
    solutions,
    source_path,
)
from nbgrader.api import Gradebook

from crossing_borders.autograde.run import GradeOptions, grade
from crossing_borders.course.feedback import failing_line, hidden_line_numbers
from crossing_borders.course.objectives import chapter_for, chapter_objectives

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.geteuid() != 0 and os.environ.get("CI") != "true",
        reason="the grading sandbox needs root (under CI this never skips)",
    ),
]
#: While writing one assignment, `DRYRUN_ONLY=ch03 pytest tests/test_exercises_dryrun.py`
#: grades only that one; unset (as in `make test`), every assignment is graded.
GRADED = {
    a: n
    for a, n in ASSIGNMENTS.items()
    if a.split("-")[0] in os.environ.get("DRYRUN_ONLY", a.split("-")[0]).split(",")
}
#: Enough numbered students for the longest list of wrong (and right) answers.
MOST = 4


def kth(answers: dict[str, list[str]], k: int, key: dict[str, str]) -> dict[str, str]:
    """The k-th listed answer of each question (1-based), the key for the others."""
    return {g: (answers[g][k - 1] if len(answers.get(g, [])) >= k else key[g]) for g in key}


def students(assignment: str) -> dict[str, dict[str, str] | None]:
    """Each student's answers (None: hand in the file as it is)."""
    key, answers = solutions(assignment), answer_set(assignment)
    wrong = max(map(len, answers.wrong.values()), default=0)
    right = max(map(len, answers.right.values()), default=0)
    assert wrong <= MOST and right <= MOST
    return {
        "solution": None,
        "blank": None,
        **{f"wrong{k}": kth(answers.wrong, k, key) for k in range(1, wrong + 1)},
        **{f"right{k}": kth(answers.right, k, key) for k in range(1, right + 1)},
        "skipper": kth(answers.wrong, 1, key),
    }


def tag_tests_skip_execution(path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in autograded_cells(notebook):
        cell.metadata["tags"] = ["skip-execution"]
    nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def dry_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("dryrun")
    course = make_course(base, GRADED)
    run("generate_assignment", "*", "--force", cwd=course, env=environment(base / "home"))
    for assignment, name in GRADED.items():
        release = course / "release" / assignment / name
        for student, answers in students(assignment).items():
            target = course / "submitted" / student / assignment / name
            target.parent.mkdir(parents=True)
            shutil.copy2(source_path(assignment) if student == "solution" else release, target)
            if answers is not None:
                set_answers(target, answers)
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


each = pytest.mark.parametrize("assignment", sorted(GRADED))


@each
def test_the_student_version_shows_what_each_prompt_assesses(dry_run, assignment):
    """nbgrader's generate step wrote each prompt's objectives from the chapter's list."""
    release = nbformat.read(dry_run / "release" / assignment / GRADED[assignment], as_version=4)
    objectives = chapter_objectives(chapter_for(dry_run / "chapters", assignment))
    shown = 0
    for cell in release.cells:
        numbers = cell.metadata.get("crossing_borders", {}).get("objectives")
        if numbers:
            for n in numbers:
                assert objectives[n - 1].rstrip(".") in cell.source
            assert cell.source.count("assessed (chapter") == 1
            shown += 1
    assert shown >= 3


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


def _graded_tests(course, student, assignment) -> dict[str, object]:
    name = ASSIGNMENTS[assignment]
    graded = nbformat.read(course / "autograded" / student / assignment / name, as_version=4)
    return {f"{nbgrader_meta(c)['grade_id']}_answer": c for c in autograded_cells(graded)}


@each
def test_every_listed_wrong_answer_fails_its_question(dry_run, assignment):
    """Each wrong answer loses its question's points; the key's other answers keep theirs."""
    answers = answer_set(assignment)
    assert answers.wrong, "every assignment lists wrong answers for its questions"
    for k in range(1, max(map(len, answers.wrong.values())) + 1):
        student = f"wrong{k}"
        _, _, _, grades = _submission(dry_run, student, assignment)
        for answer_id, cell in _graded_tests(dry_run, student, assignment).items():
            auto, top, _ = grades[answer_id.removesuffix("_answer")]
            listed = len(answers.wrong.get(answer_id, [])) >= k
            if listed:
                wrong = answers.wrong[answer_id][k - 1]
                assert auto == 0, f"{answer_id}: wrong answer {k} earned points: {wrong!r}"
                assert failing_line(cell.outputs) is not None
            else:
                assert auto == top, f"{answer_id}: the key lost points beside wrong answers"


@each
def test_every_question_lists_at_least_two_wrong_answers(assignment):
    answers = answer_set(assignment)
    for answer_id in solutions(assignment):
        assert len(answers.wrong.get(answer_id, [])) >= 2, answer_id
    assert set(answers.wrong) <= set(solutions(assignment))
    assert set(answers.right) <= set(solutions(assignment))


@each
def test_correct_answers_in_other_forms_earn_full_marks(dry_run, assignment):
    answers = answer_set(assignment)
    for k in range(1, max(map(len, answers.right.values()), default=0) + 1):
        code_score, max_code, _, grades = _submission(dry_run, f"right{k}", assignment)
        failed = [n for n, (auto, top, _) in grades.items() if auto is not None and auto != top]
        assert code_score == max_code, f"right{k}: correct answers refused: {failed}"


@each
def test_wrong_answers_that_look_right_fail_a_hidden_check(dry_run, assignment):
    """Of the wrong answers, those that pass the visible checks are caught by hidden ones."""
    hidden_failures = 0
    for k in range(1, MOST + 1):
        path = dry_run / "autograded" / f"wrong{k}" / assignment
        if not path.exists():
            break
        for cell in _graded_tests(dry_run, f"wrong{k}", assignment).values():
            line = failing_line(cell.outputs)
            hidden = hidden_line_numbers(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
            hidden_failures += line in hidden
    assert hidden_failures >= 1, "no wrong answer gets past the visible checks"


@each
def test_a_test_tagged_skip_execution_still_runs(dry_run, assignment):
    assert _submission(dry_run, "skipper", assignment)[0] == 0


def test_stock_nbgrader_autograde_runs_a_test_tagged_skip_execution_too(dry_run):
    """nbgrader's own autograde, with the course configuration, agrees with the grader."""
    assignment = min(GRADED)
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
        notebook = GRADED[assignment].removesuffix(".ipynb")
        assert gb.find_submission_notebook(notebook, assignment, "skipper").code_score == 0
