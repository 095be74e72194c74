"""The journeys' shared state: one clean clone, and one term of chapter 1 played in it.

Each fixture is one stretch of a journey, run once per test session, in the order
a course runs: the newcomer builds the site; the instructor sets the calendar and
releases chapter 1; the local student (the person at this machine) fetches it in
`make lab`, works, validates and submits; three classmates do the same from their
own home folders; the instructor collects, grades, grades the reflections in the
marking page, returns feedback, answers a regrade request, exports (for the LMS too)
and reads the analytics. The tests in `test_journey_*.py` check
what a person would check after each stretch.

The class of four, for `ch01-talent-on-the-move` (its questions and first
reflection, read from the source, so the journeys follow the exercise as written):
- the local student: partial (question 1 right, the others a listed wrong answer);
- alice: every answer right, written as the key writes it;
- blank: hands in the untouched notebook;
- looper: question 1 loops for ever, the rest right, and hands in late.
The due date lies 14 hours before the hand-in; alice and the local student have a
two-day extension, so only blank and looper are late.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest
from exercise_course import (
    answer_set,
    first_reflection,
    question_points,
    solutions,
    words_of,
)
from journey import (
    ROOT,
    TIMINGS,
    Lab,
    Shell,
    clean_environment,
    guide_steps,
    make_clone,
    set_calendar,
    set_cell_timeout,
    start_lab,
)

ASSIGNMENT = "ch01-talent-on-the-move"
NOTEBOOK = "ch01"
REFLECTION, REFLECTION_POINTS = first_reflection(ASSIGNMENT)
ME = getpass.getuser()
#: The course's per-cell time limit in the journey (the shipped configuration says 60 s).
CELL_TIMEOUT = 15
EXTENDED = (ME, "alice")

STUDENT_GUIDE = {s.name: s for s in guide_steps(ROOT / "guides" / "student.md")}
INSTRUCTOR_GUIDE = {s.name: s for s in guide_steps(ROOT / "guides" / "instructor.md")}

#: The answer cells each student writes (grade_id -> source), from the key and the
#: listed wrong answers; question 1 is the first in the notebook.
PERFECT = solutions(ASSIGNMENT)
POINTS = question_points(ASSIGNMENT)
FIRST = next(iter(PERFECT))
PARTIAL = {
    g: code if g == FIRST else answer_set(ASSIGNMENT).wrong[g][0] for g, code in PERFECT.items()
}
LOOPING = {**PERFECT, FIRST: "while True:\n    pass"}
TOTAL = sum(POINTS.values())
AUTO_LOOPER = TOTAL - POINTS[FIRST]
assert 0 <= 10.0 - AUTO_LOOPER <= REFLECTION_POINTS, "the looper's scores need adjusting"
SENTENCE = (
    "The fund should pay for the adaptation programme, because the reading says visiting "
    "methods can harmonize and clash with local traditions, and support lowers that cost. "
)


def reflection(words: int) -> str:
    return words_of(SENTENCE, words)


ANSWERS = {
    ME: {**PARTIAL, REFLECTION: reflection(200)},
    "alice": {**PERFECT, REFLECTION: reflection(240)},
    "blank": {},
    "looper": {**LOOPING, REFLECTION: reflection(160)},
}
#: What the instructor gives each reflection in the formgrader (blank wrote none).
#: The looper's raw score is 10, so one day late at 10% a day costs exactly 1 point.
MANUAL = {ME: 6.0, "alice": 9.0, "looper": 10.0 - AUTO_LOOPER}
#: alice asks for a regrade; looked at again, her reflection earns full marks.
REGRADED = {**MANUAL, "alice": REFLECTION_POINTS}
COMMENTS = {
    ME: "Use of the model: name the inputs behind your number.",
    "alice": "Precise use of the reading and the model.",
    "looper": "Answer the union's objection.",
}
AUTO = {ME: POINTS[FIRST], "alice": TOTAL, "blank": 0.0, "looper": AUTO_LOOPER}


def write_answers(notebook: Path, answers: dict[str, str]) -> None:
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    nbformat.write(nb, notebook)


@dataclass
class Term:
    """Everything the journeys share: the clone, its people, what each step printed."""

    base: Path
    clone: Path
    homes: dict[str, Path] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    due: datetime | None = None

    def shell(self, journey: str, person: str, cwd: Path | None = None) -> Shell:
        home = self.base / "home" / person
        return Shell(journey, cwd or self.clone, clean_environment(home))

    def student_shell(self, person: str) -> Shell:
        """A student's terminal in `make lab`: the environment JupyterLab gives it.

        The clone's own `lab_environment` computes it, as `make lab` does.
        """
        shell = self.shell("student", person, self.homes.get(person, self.clone / "notebooks"))
        script = (
            "import json, pathlib, sys\n"
            "from crossing_borders.lab import lab_environment\n"
            "env = json.loads(sys.stdin.read())\n"
            "print(json.dumps(lab_environment(pathlib.Path.cwd(), base=env)))"
        )
        proc = subprocess.run(
            [str(self.clone / ".venv" / "bin" / "python"), "-c", script],
            input=json.dumps(shell.env),
            cwd=self.clone,
            capture_output=True,
            text=True,
            check=True,
        )
        shell.env = json.loads(proc.stdout)
        return shell


@pytest.fixture(scope="session")
def term(tmp_path_factory) -> Term:
    base = tmp_path_factory.mktemp("journeys")
    return Term(base, make_clone(base))


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    log: str

    @property
    def warnings(self) -> list[str]:
        return [
            line for line in self.log.splitlines() if re.search(r"(WARNING|ERROR|CRITICAL):", line)
        ]


@contextmanager
def site_lock(tmp_path_factory) -> Iterator[Path]:
    """The folder every xdist worker of this run shares, held by this worker alone.

    One worker builds the site (the newcomer's `make book` on its clone) and keeps a
    copy here; the others wait on the lock, then read the copy, so the site tests
    need not run on the worker that plays the journeys.
    """
    base = tmp_path_factory.getbasetemp()
    # An xdist worker's basetemp is <run>/popen-gwN; without xdist it is the run's own.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    with open(shared / "site.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield shared


def published_site(shared: Path) -> Path | None:
    """The kept site, None when no worker has built it yet; fails if the build failed."""
    failed = shared / "site-failed.log"
    if failed.exists():
        pytest.fail("make book failed on the fresh clone:\n" + failed.read_text())
    kept = shared / "site"
    return kept if kept.exists() else None


@pytest.fixture(scope="session")
def book_build(term: Term, tmp_path_factory) -> BuildResult:
    """The newcomer's first command on the fresh clone: `make book`.

    The site it built is kept aside (for every worker) so later journey steps
    cannot change it.
    """
    with site_lock(tmp_path_factory) as shared:
        proc = term.shell("newcomer", "newcomer").run("make book", "make book", check=False)
        result = BuildResult(proc.returncode, proc.stdout + proc.stderr)
        if not (shared / "site").exists():
            if result.returncode != 0:
                (shared / "site-failed.log").write_text(result.log[-6000:])
            else:
                partial = shared / "site.partial"
                shutil.copytree(term.clone / "_build" / "html", partial)
                partial.rename(shared / "site")
    return result


@pytest.fixture(scope="session")
def site(tmp_path_factory, request) -> Path:
    """The site the newcomer's `make book` built on a fresh clone, on whichever worker."""
    with site_lock(tmp_path_factory) as shared:
        kept = published_site(shared)
    if kept is None:
        request.getfixturevalue("book_build")
        kept = published_site(shared)
    assert kept is not None
    return kept


# --------------------------------------------------------------------- the instructor


@pytest.fixture(scope="session")
def released(term: Term, book_build: BuildResult) -> Term:
    """The calendar (as the guide's example) and a short cell time limit set, then
    `make schedule` and `make release`."""
    assert book_build.returncode == 0, "make book failed:\n" + book_build.log[-6000:]
    now = datetime.now(UTC).replace(microsecond=0)
    term.due = now - timedelta(hours=14)
    release = now - timedelta(days=2)
    set_calendar(term.clone / "course.toml", ASSIGNMENT, release, term.due, EXTENDED)
    set_cell_timeout(term.clone, CELL_TIMEOUT)
    instructor = term.shell("instructor", "instructor")
    term.outputs["schedule"] = instructor.step(INSTRUCTOR_GUIDE["instructor-schedule"]).stdout
    term.outputs["release"] = instructor.step(INSTRUCTOR_GUIDE["instructor-release"]).stdout
    return term


# --------------------------------------------------------------------- the students


@pytest.fixture(scope="session")
def student_lab(released: Term) -> Lab:
    """The local student's `make lab` (stopped, with Ctrl-C, by `local_student`)."""
    shell = released.shell("student", ME)
    return start_lab(shell, "make lab", "make lab", released.base / "student-lab.log")


@pytest.fixture(scope="session")
def local_student(released: Term, student_lab: Lab, browser) -> Term:
    """The student guide, walked in `make lab`: fetch, work, validate (twice), submit."""
    from lab_ui import assignment_list

    term = released
    term.outputs["list-before"] = assignment_list(browser, student_lab)
    shell = term.student_shell(ME)
    term.outputs["fetch"] = shell.step(STUDENT_GUIDE["student-fetch"]).stdout
    notebook = term.clone / "notebooks" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    write_answers(notebook, {**ANSWERS[ME], REFLECTION: reflection(55)})
    first = shell.step(STUDENT_GUIDE["student-validate"], check=False)
    term.outputs["validate-short"] = first.stdout + first.stderr
    term.outputs["validate-short-status"] = str(first.returncode)
    write_answers(notebook, ANSWERS[ME])
    term.outputs["validate"] = shell.step(STUDENT_GUIDE["student-validate"]).stdout
    term.outputs["submit"] = shell.step(STUDENT_GUIDE["student-submit"]).stdout
    term.outputs["list-after"] = assignment_list(browser, student_lab)
    term.outputs["lab-exit"] = json.dumps(student_lab.stop())
    return term


@pytest.fixture(scope="session")
def class_submitted(local_student: Term) -> Term:
    """Three classmates, each in their own home folder, sharing this machine's account.

    They type the guide's commands; sharing one Unix account, they name themselves
    to `nbgrader submit` with its `--student` option, as nbgrader documents.
    """
    term = local_student
    for person in ("alice", "blank", "looper"):
        term.homes[person] = term.base / "home" / person
        shell = term.student_shell(person)
        shell.step(STUDENT_GUIDE["student-fetch"])
        write_answers(term.homes[person] / ASSIGNMENT / f"{NOTEBOOK}.ipynb", ANSWERS[person])
        submit = STUDENT_GUIDE["student-submit"]
        shell.run(submit.name, f"{submit.script} --student={person}")
    return term


@pytest.fixture(scope="session")
def graded(class_submitted: Term) -> Term:
    term = class_submitted
    instructor = term.shell("instructor", "instructor")
    term.outputs["collect"] = instructor.step(INSTRUCTOR_GUIDE["instructor-collect"]).stdout
    grade = instructor.step(INSTRUCTOR_GUIDE["instructor-grade"], check=False)
    term.outputs["grade"] = grade.stdout + grade.stderr
    assert grade.returncode == 0, term.outputs["grade"][-5000:]
    return term


def reflection_rubric(term: Term):
    from crossing_borders.course.reflections import reflections

    source = term.clone / "exercises" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    found = reflections(nbformat.read(source, as_version=4), ASSIGNMENT)
    return next(r.rubric for r in found if r.grade_id == REFLECTION)


def whose(answer: str) -> str | None:
    """A blind grader's test double recognises an answer by its length alone."""
    words = len(answer.split())
    return next(
        (
            s
            for s, a in ANSWERS.items()
            if a.get(REFLECTION) and len(a[REFLECTION].split()) == words
        ),
        None,
    )


def marking_session(term: Term, browser, name: str, scores: dict[str, float]) -> dict:
    """`make formgrader`; on the marking page, by keys, the answers of `scores` marked."""
    from lab_ui import formgrader_grades
    from marking_ui import digits_for, mark_answers

    rubric = reflection_rubric(term)

    def choose(answer: str):
        student = whose(answer)
        if student not in scores:
            return None
        return digits_for(rubric, scores[student]), COMMENTS[student]

    shell = term.shell("instructor", "instructor")
    step = INSTRUCTOR_GUIDE["instructor-formgrader"]
    lab = start_lab(shell, name, step.script, term.base / f"{name}.log")
    try:
        path = f"{ASSIGNMENT}/{NOTEBOOK}/{REFLECTION}"
        seen = mark_answers(browser, lab, path, len(ANSWERS), choose)
        seen["formgrader"] = formgrader_grades(browser, lab, ASSIGNMENT, NOTEBOOK, REFLECTION)
    finally:
        seen_exit = lab.stop()
    seen["exit"] = seen_exit
    return seen


@pytest.fixture(scope="session")
def manually_graded(graded: Term, browser) -> Term:
    """`make formgrader`; every reflection marked on the marking page, by keys, blind."""
    term = graded
    term.outputs["formgrader"] = json.dumps(
        marking_session(term, browser, "make formgrader", MANUAL)
    )
    return term


@pytest.fixture(scope="session")
def feedback_returned(manually_graded: Term) -> Term:
    term = manually_graded
    instructor = term.shell("instructor", "instructor")
    term.outputs["feedback"] = instructor.step(INSTRUCTOR_GUIDE["instructor-feedback"]).stdout
    for person in ANSWERS:
        fetch_feedback(term, person)
    term.outputs["leaks"] = instructor.run("make leaks", "make leaks").stdout
    return term


def fetch_feedback(term: Term, person: str) -> None:
    shell = term.student_shell(person)
    step = STUDENT_GUIDE["student-fetch-feedback"]
    shell.run(step.name, step.script if person == ME else f"{step.script} --student={person}")


@pytest.fixture(scope="session")
def regraded(feedback_returned: Term, browser) -> Term:
    """alice asks for a regrade: recorded, looked at again on the page, feedback again."""
    term = feedback_returned
    instructor = term.shell("instructor", "instructor")
    step = INSTRUCTOR_GUIDE["instructor-regrade-request"]
    term.outputs["regrade-request"] = instructor.step(step).stdout
    regrade = {"alice": REGRADED["alice"]}
    term.outputs["regrade"] = json.dumps(marking_session(term, browser, "regrade", regrade))
    step = INSTRUCTOR_GUIDE["instructor-regrade-feedback"]
    term.outputs["regrade-feedback"] = instructor.step(step).stdout
    fetch_feedback(term, "alice")
    return term


#: The class's roster, in the guide's format (the guide's own example names others).
ROSTER = {ME: 7001, "alice": 7002, "blank": 7003, "looper": 7004}


@pytest.fixture(scope="session")
def exported(regraded: Term) -> Term:
    """`make export`, the Canvas file from the roster, then the analytics."""
    term = regraded
    instructor = term.shell("instructor", "instructor")
    term.outputs["export"] = instructor.step(INSTRUCTOR_GUIDE["instructor-export"]).stdout
    guide = (ROOT / "guides" / "instructor.md").read_text()
    header = guide.split("```csv\n", 1)[1].split("\n", 1)[0]
    assert header == "student_id,name,email,lms_id", header
    rows = [f'{s},"{s.title()}, {s}",{s}@example.org,{n}' for s, n in ROSTER.items()]
    (term.clone / "roster.csv").write_text("\n".join([header, *rows]) + "\n")
    lms = instructor.step(INSTRUCTOR_GUIDE["instructor-export-lms"], check=False)
    term.outputs["export-lms"] = lms.stdout + lms.stderr
    assert lms.returncode == 0, term.outputs["export-lms"]
    term.outputs["analytics"] = instructor.step(INSTRUCTOR_GUIDE["instructor-analytics"]).stdout
    return term


#: Fixtures of the shared clone, and the test files that use them. `make test` runs
#: several xdist workers; every test of these files goes to the same one, so the clone,
#: its environment and its term are made once. Tests that only read the site it
#: built (`site`) may run on any worker (see `site_lock`).
CLONE_FIXTURES = {
    "term",
    "book_build",
    "released",
    "student_lab",
    "local_student",
    "class_submitted",
    "graded",
    "manually_graded",
    "feedback_returned",
    "regraded",
    "exported",
}
CLONE_FILES = {
    "test_browser_drafts.py",
    "test_journey_instructor.py",
    "test_journey_newcomer.py",
    "test_journey_student.py",
    "test_site.py",
}


#: Files whose tests share one costly module fixture (a graded course, a server):
#: each file runs whole on one worker, so that fixture is made once.
WHOLE_FILES = {
    "test_exercises_dryrun.py",
    "test_exercises_lifecycle.py",
    "test_grading_run.py",
    "test_hub_load.py",
    "test_journey_hub.py",
    "test_marking_class.py",
    "test_marking_page.py",
}


def pytest_collection_modifyitems(items) -> None:
    """Refuse a test that uses the clone from a file the scheduler does not group, and
    run the tests that only read the site last, when the journeys' worker has built it
    (a worker that reaches one earlier waits for the build)."""
    strays = [
        item.nodeid
        for item in items
        if CLONE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        and Path(str(item.fspath)).name not in CLONE_FILES
    ]
    if strays:
        raise pytest.UsageError(f"add these tests' files to CLONE_FILES: {strays}")

    def reads_site_only(item) -> bool:
        return "site" in getattr(item, "fixturenames", ()) and (
            Path(str(item.fspath)).name not in CLONE_FILES
        )

    items.sort(key=reads_site_only)


def pytest_xdist_make_scheduler(config, log):
    """xdist's load-scope scheduling with one scope for the clone's files.

    Each of WHOLE_FILES is a scope; every other test is a scope of its own, so it
    goes to whichever worker is free.
    (pytest 9.2 ignores xdist_group marks: pytest-dev/pytest-xdist#1386.)
    """
    from xdist.scheduler import LoadScopeScheduling

    class CloneScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            name = nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
            if name in CLONE_FILES:
                return "clone"
            return name if name in WHOLE_FILES else nodeid

    return CloneScheduling(config, log)


def pytest_sessionfinish(session) -> None:
    """An xdist worker hands its journey timings to the controller."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["journey_timings"] = json.dumps(TIMINGS.rows)


def pytest_testnodedown(node, error) -> None:
    """The controller collects each worker's timings."""
    rows = getattr(node, "workeroutput", {}).get("journey_timings")
    if rows:
        TIMINGS.rows.extend(tuple(row) for row in json.loads(rows))


def pytest_terminal_summary(terminalreporter) -> None:
    """Each journey step and how long it took, at the end of the run."""
    if TIMINGS.rows:
        for line in journey_summary():
            terminalreporter.write_line(line)


def journey_summary() -> list[str]:
    lines = ["journey step timings (s):"]
    lines += [
        f"  {journey:10s} {step:40s} {seconds:7.1f}" for journey, step, seconds in TIMINGS.rows
    ]
    return lines
