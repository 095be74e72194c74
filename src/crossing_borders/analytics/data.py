"""What a grade report is computed from, read once into plain dataclasses.

Three sources, each the one the rest of the course already trusts:

- the status, score and lateness of each student's work are the rows of
  `CourseExport`, so the report agrees with ``nbgrader export`` (and grades.csv)
  on who is graded, waiting, refused, failed, missing or late;
- each graded cell's score comes from nbgrader's gradebook, as the formgrader
  and the feedback show it;
- the criterion levels of the reflections come from the marking store
  (`crossing_borders.marking.store`) and their rubrics from the instructor's
  source notebook, read by `course.reflections`.

Nothing below computes a statistic: `stats.py` does, from these dataclasses.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from crossing_borders.autograde.report import Status
from crossing_borders.course.export import CourseExport
from crossing_borders.course.reflections import reflections
from crossing_borders.course.rubric import Rubric
from crossing_borders.marking import store
from crossing_borders.marking.store import Marking


class AnalyticsError(RuntimeError):
    """The report cannot be made; the message says why and what to do."""


class NothingGraded(AnalyticsError):
    """The assignment exists but nothing of it has been graded yet."""


@dataclass(frozen=True)
class Question:
    """One graded cell: an autograded test or a manually graded answer."""

    notebook: str
    cell: str
    max_score: float
    manual: bool

    @property
    def key(self) -> str:
        return f"{self.notebook}/{self.cell}"


@dataclass
class StudentWork:
    """One student's assignment: the export row's status and scores, and each cell's score."""

    student: str
    status: str
    score: float | None  # after the late penalty; None for failed, refused, missing
    raw_score: float | None
    hours_late: float
    reason: str
    cells: dict[str, float | None] = field(default_factory=dict)  # key -> None: waits

    @property
    def late(self) -> bool:
        return self.hours_late > 0


@dataclass
class ReflectionMarks:
    """A reflection's rubric and how its answers were marked."""

    notebook: str
    cell: str
    rubric: Rubric | None
    current: dict[str, Marking]  # student -> the marking that is the grade
    by_grader: dict[str, dict[str, Marking]]  # student -> grader -> newest marking

    @property
    def key(self) -> str:
        return f"{self.notebook}/{self.cell}"


@dataclass
class AssignmentData:
    name: str
    max_score: float
    questions: list[Question]
    work: list[StudentWork]
    reflections: list[ReflectionMarks]


@dataclass
class CourseData:
    """The whole course: one export row per student and assignment."""

    assignments: list[str]
    students: list[str]
    rows: dict[tuple[str, str], StudentWork]  # (student, assignment) -> work


def _number(text: Any) -> float | None:
    return float(text) if text not in ("", None) else None


def _open_course(root: Path):
    from crossing_borders.autograde.run import load_course

    return load_course(root)


def _gradebook_exists(db_url: str) -> bool:
    """False for a SQLite gradebook whose file is not there (opening it would create it)."""
    prefix = "sqlite:///"
    if not db_url.startswith(prefix):
        return True
    return Path(db_url[len(prefix) :]).is_file()


@contextmanager
def _gradebook(db_url: str):
    with Gradebook(db_url) as gb:
        yield gb


def _exporter(course, assignments: list[str] | None = None) -> CourseExport:
    return CourseExport(
        config=course.config, root=str(course.root), assignment=list(assignments or [])
    )


def _work(row: dict[str, Any]) -> StudentWork:
    return StudentWork(
        student=row["student_id"],
        status=row["status"],
        score=_number(row["score"]),
        raw_score=_number(row["raw_score"]),
        hours_late=_number(row["hours_late"]) or 0.0,
        reason=row["reason"] or "",
    )


def _source(course, assignment: str) -> Path:
    return Path(course.coursedir.root) / course.coursedir.source_directory / assignment


def source_assignments(course) -> list[str]:
    """Assignments with an instructor source folder (exercises/<name>/)."""
    source = Path(course.coursedir.root) / course.coursedir.source_directory
    return sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []


def load_assignment(root: Path, assignment: str) -> AssignmentData:
    """Read one assignment's grades, statuses and markings; AnalyticsError if there are none."""
    course = _open_course(root)
    known = set(source_assignments(course))
    in_gradebook: list[str] = []
    if _gradebook_exists(course.db_url):
        with _gradebook(course.db_url) as gb:
            in_gradebook = [a.name for a in gb.assignments]
    if assignment not in known | set(in_gradebook):
        listed = ", ".join(sorted(known | set(in_gradebook))) or "none"
        raise AnalyticsError(f"there is no assignment {assignment!r} (assignments: {listed})")
    if assignment not in in_gradebook:
        raise NothingGraded(
            f"nothing of {assignment} has been graded yet: "
            f"run make grade ASSIGNMENT={assignment} first"
        )
    with _gradebook(course.db_url) as gb:
        rows = _exporter(course, [assignment]).rows(gb)
        graded = [r for r in rows if r["status"] in (Status.GRADED, Status.NEEDS_MANUAL)]
        if not graded:
            raise NothingGraded(
                f"no submission of {assignment} has been graded yet "
                f"({len(rows)} students known): run make grade ASSIGNMENT={assignment} first"
            )
        record = gb.find_assignment(assignment)
        questions = _questions(record, _source(course, assignment))
        work = []
        for row in rows:
            item = _work(row)
            if row["status"] in (Status.GRADED, Status.NEEDS_MANUAL):
                item.cells = _cell_scores(gb, assignment, item.student)
            work.append(item)
        marks = _reflections(gb, course, assignment, questions)
        return AssignmentData(assignment, float(record.max_score), questions, work, marks)


def _source_order(source: Path, notebook: str) -> dict[str, int]:
    """Grade ids in the order the instructor's notebook has them (the gradebook keeps none)."""
    path = source / f"{notebook}.ipynb"
    if not path.is_file():
        return {}
    cells = nbformat.read(path, as_version=4).cells
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in cells]
    return {gid: i for i, gid in enumerate(ids) if gid}


def _questions(record, source: Path) -> list[Question]:
    found = []
    for notebook in sorted(record.notebooks, key=lambda nb: nb.name):
        answers = {cell.name for cell in notebook.solution_cells}
        order = _source_order(source, notebook.name)
        cells = sorted(notebook.grade_cells, key=lambda c: (order.get(c.name, len(order)), c.name))
        for cell in cells:
            manual = cell.name in answers or cell.cell_type == "markdown"
            found.append(Question(notebook.name, cell.name, float(cell.max_score), manual))
    return found


def _cell_scores(gb: Gradebook, assignment: str, student: str) -> dict[str, float | None]:
    try:
        submission = gb.find_submission(assignment, student)
    except MissingEntry:
        return {}
    scores: dict[str, float | None] = {}
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            key = f"{notebook.name}/{grade.name}"
            scores[key] = None if grade.needs_manual_grade else float(grade.score)
    return scores


def _reflections(gb, course, assignment: str, questions: list[Question]) -> list[ReflectionMarks]:
    source = _source(course, assignment)
    current = store.current(gb, assignment)
    graders = store.by_grader(gb, assignment)
    found = []
    for notebook in sorted({q.notebook for q in questions if q.manual}):
        path = source / f"{notebook}.ipynb"
        rubrics: dict[str, Rubric | None] = {}
        if path.is_file():
            nb = nbformat.read(path, as_version=4)
            rubrics = {r.grade_id: r.rubric for r in reflections(nb, assignment)}
        for cell, rubric in rubrics.items():
            found.append(
                ReflectionMarks(
                    notebook,
                    cell,
                    rubric,
                    {
                        k.student: m
                        for k, m in current.items()
                        if k.notebook == notebook and k.cell == cell
                    },
                    {
                        k.student: dict(g)
                        for k, g in graders.items()
                        if k.notebook == notebook and k.cell == cell
                    },
                )
            )
    return found


def load_course_rows(root: Path) -> CourseData:
    """Every student's status and score on every assignment in the gradebook."""
    course = _open_course(root)
    if not _gradebook_exists(course.db_url):
        raise NothingGraded("nothing has been graded yet: there is no gradebook")
    with _gradebook(course.db_url) as gb:
        assignments = sorted(a.name for a in gb.assignments)
        if not assignments:
            raise NothingGraded("nothing has been graded yet: the gradebook has no assignment")
        rows = _exporter(course).rows(gb)
    table = {(r["student_id"], r["assignment"]): _work(r) for r in rows}
    students = sorted({student for student, _ in table})
    return CourseData(assignments, students, table)
