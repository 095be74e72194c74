"""The instructor's whole lifecycle for chapter 1, end to end, with three students.

generate -> release -> fetch (three students, each with their own HOME and nbgrader
cache) -> self-check -> submit -> collect -> autograde -> manual grades and a comment
through the Gradebook API -> generate feedback -> release it -> fetch it -> export.

alice answers everything correctly (in other correct forms the course lists), bob
hands in listed wrong answers that pass the visible checks but not the hidden ones,
carol tries the obvious tricks (a float whose == is always True, a bool for a number,
an object equal to everything). The test asserts each
student's exact score and what the returned feedback shows and hides.
"""

from __future__ import annotations

import re
import textwrap

import nbformat
import pytest
from exercise_course import (
    COURSE_ID,
    EXERCISES,
    answer_set,
    autograded_cells,
    environment,
    first_reflection,
    in_parallel,
    make_course,
    nbgrader_meta,
    passes_visible,
    points,
    question_points,
    read_grades_csv,
    run,
    set_answers,
    solutions,
    source_path,
)
from nbgrader.api import Gradebook

from crossing_borders.course.rubric import parse_rubric
from crossing_borders.publish.leaks import answers_text, course_own_work, protected_lines, scan

pytestmark = pytest.mark.slow

ASSIGNMENT = "ch01-talent-on-the-move"
NOTEBOOK = "ch01"
REFLECTION, REFLECTION_POINTS = first_reflection(ASSIGNMENT)
KEY = solutions(ASSIGNMENT)
POINTS = question_points(ASSIGNMENT)
LISTED = answer_set(ASSIGNMENT)

ESSAY = (
    "The fund should pay for the adaptation programme. With a 40% share and four "
    "traditions, team_mix gives a net benefit of {net} with full support. The reading "
    "warns that visiting methods can harmonize and clash with native traditions. {extra}"
)

#: alice: her own correct forms where the course lists some, the key elsewhere.
ALICE = {g: (LISTED.right.get(g) or [code])[-1] for g, code in KEY.items()}
#: bob: question 1 right; for the others, a listed wrong answer that passes the visible checks.
BOB = {
    g: code
    if i == 0
    else next((w for w in LISTED.wrong[g] if passes_visible(ASSIGNMENT, g, w)), code)
    for i, (g, code) in enumerate(KEY.items())
}
TRICKS = [
    textwrap.dedent(
        """
        class Agreeable(float):
            def __eq__(self, other):
                return True

            __hash__ = float.__hash__


        {name} = Agreeable(12345.0)
        """
    ),
    "{name} = True",
    textwrap.dedent(
        """
        class Everything:
            def __eq__(self, other):
                return True

            def __le__(self, other):
                return True

            def __iter__(self):
                return iter(())


        {name} = Everything()
        """
    ),
]
#: carol: a trick in every answer (a float equal to everything, a bool, an object).
CAROL = {
    g: TRICKS[i % len(TRICKS)].format(name=g.removesuffix("_answer")) for i, g in enumerate(KEY)
}

ANSWERS = {
    "alice": {
        **ALICE,
        REFLECTION: ESSAY.format(
            net="0.54", extra="A union may object; apprenticeships answer it."
        ),
    },
    "bob": {**BOB, REFLECTION: ESSAY.format(net="high", extra="I have no counter-argument.")},
    "carol": {
        **CAROL,
        REFLECTION: ESSAY.format(
            net="0.62", extra="Local crews may lose jobs; the fund should ask."
        ),
    },
}

MANUAL = {"alice": 9.0, "bob": 6.0, "carol": 7.0}
COMMENTS = {
    "alice": "Reading and model used precisely; add one limit of the model.",
    "bob": "Name the parameter values behind your number; answer the union's objection.",
    "carol": "Good objection; the model value needs its inputs.",
}
#: Autograded points: everything for alice, the questions bob answered with the key.
AUTO = {
    "alice": sum(POINTS.values()),
    "bob": sum(POINTS[g] for g in KEY if BOB[g] == KEY[g]),
    "carol": 0.0,
}


@pytest.fixture(scope="module")
def lifecycle(tmp_path_factory):
    base = tmp_path_factory.mktemp("lifecycle")
    course = make_course(base, [ASSIGNMENT])
    exchange = base / "exchange"
    teacher = environment(base / "instructor", exchange)
    run("generate_assignment", ASSIGNMENT, cwd=course, env=teacher)
    run("release_assignment", ASSIGNMENT, cwd=course, env=teacher)

    homes = {}
    for student in ANSWERS:
        home = base / "home" / student
        (home / ".jupyter").mkdir(parents=True)
        # What a hub administrator puts in each student's (or the global) config.
        (home / ".jupyter" / "nbgrader_config.py").write_text(
            f"c = get_config()\n"
            f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
            f"c.Exchange.root = {str(exchange)!r}\n"
        )
        homes[student] = home

    def student_turn(student):
        def turn():
            home, env = homes[student], environment(homes[student])
            run("fetch_assignment", ASSIGNMENT, cwd=home, env=env)
            notebook = home / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
            set_answers(notebook, ANSWERS[student])
            validated = None
            if student == "alice":
                validated = run("validate", str(notebook), cwd=home, env=env).stdout
            run("submit", ASSIGNMENT, f"--student={student}", cwd=home, env=env)
            return validated

        return turn

    validation = in_parallel([student_turn(s) for s in ANSWERS])[0]

    run("collect", ASSIGNMENT, cwd=course, env=teacher)
    run("autograde", ASSIGNMENT, cwd=course, env=teacher)
    db = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(db) as gb:
        for student, score in MANUAL.items():
            grade = gb.find_grade(REFLECTION, NOTEBOOK, ASSIGNMENT, student)
            grade.manual_score = score
            grade.needs_manual_grade = False
            comment = gb.find_comment(REFLECTION, NOTEBOOK, ASSIGNMENT, student)
            comment.manual_comment = COMMENTS[student]
        gb.db.commit()
    run("generate_feedback", ASSIGNMENT, cwd=course, env=teacher)
    run("release_feedback", ASSIGNMENT, cwd=course, env=teacher)

    def fetch_feedback(student):
        home = homes[student]
        return lambda: run(
            "fetch_feedback", ASSIGNMENT, f"--student={student}", cwd=home, env=environment(home)
        )

    # The export does not wait for the students to read their feedback.
    in_parallel(
        [*(fetch_feedback(s) for s in ANSWERS), lambda: run("export", cwd=course, env=teacher)]
    )
    return {
        "course": course,
        "exchange": exchange,
        "homes": homes,
        "db": db,
        "validation": validation,
    }


def _feedback(lifecycle, student) -> str:
    found = sorted(
        (lifecycle["homes"][student] / ASSIGNMENT / "feedback").glob(f"*/{NOTEBOOK}.html")
    )
    assert len(found) == 1, f"{student} fetched {len(found)} feedback files"
    return found[0].read_text(encoding="utf-8")


def _text(html: str) -> str:
    """What a reader sees: no style sheets or scripts, no tags."""
    html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S | re.I)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_students_self_check_against_visible_tests(lifecycle):
    """A student's own run of the tests (nbgrader validate) passes on correct answers."""
    assert "Success! Your notebook passes all the tests." in lifecycle["validation"]


@pytest.mark.parametrize("student", sorted(ANSWERS))
def test_each_student_gets_the_exact_score(lifecycle, student):
    """Autograded points from the tests plus the grader's rubric points, in the export."""
    with Gradebook(lifecycle["db"]) as gb:
        sub = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
        assert sub.code_score == AUTO[student]
        assert sub.written_score == MANUAL[student]
        assert not sub.needs_manual_grade
        assert sub.score == AUTO[student] + MANUAL[student]
    source = nbformat.read(source_path(ASSIGNMENT), as_version=4)
    assert points(autograded_cells(source)) == AUTO["alice"]
    row = read_grades_csv(lifecycle["course"] / "grades.csv")[(ASSIGNMENT, student)]
    assert float(row["score"]) == AUTO[student] + MANUAL[student]
    assert float(row["max_score"]) == AUTO["alice"] + REFLECTION_POINTS


def test_grader_sees_the_rubric_beside_the_answer(lifecycle):
    """The autograded notebook (what the formgrader shows) has the rubric right above the answer."""
    path = lifecycle["course"] / "autograded" / "bob" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    cells = nbformat.read(path, as_version=4).cells
    index = next(i for i, c in enumerate(cells) if nbgrader_meta(c).get("grade_id") == REFLECTION)
    assert f"Rubric ({REFLECTION_POINTS:g} points)" in cells[index - 1].source
    assert cells[index].source == ANSWERS["bob"][REFLECTION]


@pytest.mark.parametrize("student", sorted(ANSWERS))
def test_feedback_carries_rubric_and_comment(lifecycle, student):
    text = _text(_feedback(lifecycle, student))
    source = nbformat.read(source_path(ASSIGNMENT), as_version=4).cells
    index = next(i for i, c in enumerate(source) if nbgrader_meta(c).get("grade_id") == REFLECTION)
    rubric = parse_rubric(source[index - 1].source)
    for criterion in rubric.criteria:
        assert criterion.name in text
    assert f"Full marks ({rubric.total}/{rubric.total}):" in text
    assert COMMENTS[student] in text
    assert ANSWERS[student][REFLECTION] in text


@pytest.mark.parametrize("student", sorted(ANSWERS))
def test_feedback_hides_hidden_tests_and_tracebacks(lifecycle, student):
    html = _feedback(lifecycle, student)
    text = _text(html)
    for marker in ("HIDDEN TESTS", "BEGIN SOLUTION", "Traceback", "AssertionError", "math.isclose"):
        assert marker not in text, marker
    expected = {
        "alice": ("All checks in this cell passed.",),
        "bob": ("All checks in this cell passed.", "Hidden test failed"),
        "carol": ("a visible check in this cell failed",),
    }[student]
    for message in expected:
        assert message in text


def test_no_solution_or_hidden_test_reaches_any_student_folder(lifecycle):
    """The leak scanner over everything that leaves the instructor's hands.

    What a student wrote is theirs: a line of their own answer that happens to match
    the solution (a search loop, say) is no leak when their feedback shows it back.
    """
    secrets = protected_lines(EXERCISES / ASSIGNMENT)
    assert len(secrets) > 5
    course, exchange = lifecycle["course"], lifecycle["exchange"]
    released = [course / "release", exchange / COURSE_ID / "outbound"]
    assert scan(released, secrets=secrets) == []
    assert scan([course / "feedback"], secrets=secrets, own_work=course_own_work(course)) == []
    for home in lifecycle["homes"].values():
        own = answers_text(home / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
        fetched = home / ASSIGNMENT / "feedback"
        assert list(fetched.rglob("*.html"))
        assert scan([fetched], secrets=secrets, own_work=lambda _path, own=own: own) == []


def test_the_scan_of_returned_feedback_would_catch_a_solution_line_no_student_wrote(
    lifecycle, tmp_path
):
    """The own-work allowance above cannot hide a real leak."""
    secrets = protected_lines(EXERCISES / ASSIGNMENT)
    course = lifecycle["course"]
    alice = next((course / "feedback" / "alice").rglob("*.html"))
    own = course_own_work(course)(alice)
    unwritten = next(s for s in secrets if s.text not in own)
    planted = tmp_path / "feedback" / "alice" / ASSIGNMENT / alice.name
    planted.parent.mkdir(parents=True)
    planted.write_text(alice.read_text() + f"<pre>{unwritten.line}</pre>")
    (tmp_path / "submitted").symlink_to(course / "submitted")
    leaks = scan([tmp_path / "feedback"], secrets=secrets, own_work=course_own_work(tmp_path))
    assert unwritten in {leak.secret for leak in leaks}
