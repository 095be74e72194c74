"""What the marking page shows and saves, apart from HTTP: queues, one answer, one save.

The handlers in `server` only parse requests and render; everything a grader's
action means (which answers exist, in which order, what a save writes) is here, so
it reads as the course's rules and can be called from a test or a script.

An answer is addressed by nbgrader's Grade id (an opaque uuid) or by its position
in the grading order, never by the student: with blind marking on, nothing the
page receives before a save may name whose answer it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from crossing_borders.course.reflections import Reflection, reflections
from crossing_borders.course.rubric import Rubric
from crossing_borders.course.sanitize import markdown2html
from crossing_borders.marking import regrades, store
from crossing_borders.marking.order import MarkingSettings, answer_label, grading_order
from crossing_borders.marking.store import CellKey, Marking, MarkingError


@dataclass(frozen=True)
class Desk:
    """The course a grader marks: its folder, gradebook and marking settings."""

    root: Path
    db_url: str
    course_id: str
    settings: MarkingSettings

    @classmethod
    def load(cls, root: Path) -> Desk:
        from crossing_borders.autograde.run import load_course

        course = load_course(root)
        return cls(
            Path(course.coursedir.root),
            course.coursedir.db_url,
            course.coursedir.course_id,
            MarkingSettings(config=course.config),
        )

    @contextmanager
    def gradebook(self) -> Iterator[Gradebook]:
        with Gradebook(self.db_url, course_id=self.course_id) as gradebook:
            yield gradebook


@dataclass(frozen=True)
class Prompt:
    """One reflection of one notebook, with the rubric it is marked by."""

    assignment: str
    notebook: str
    reflection: Reflection
    prompt: str  # the prompt cell's Markdown (the instructor's, with the rubric table)

    @property
    def cell(self) -> str:
        return self.reflection.grade_id

    @property
    def rubric(self) -> Rubric:
        assert self.reflection.rubric is not None
        return self.reflection.rubric


def prompts(desk: Desk, assignment: str | None = None) -> list[Prompt]:
    """Every reflection with a readable rubric in the instructor sources (exercises/)."""
    found = []
    source = desk.root / "exercises"
    pattern = f"{assignment}/*.ipynb" if assignment else "*/*.ipynb"
    for path in sorted(source.glob(pattern)):
        if ".ipynb_checkpoints" in path.parts:
            continue
        notebook = nbformat.read(path, as_version=4)
        for item in reflections(notebook, path.parent.name):
            if item.rubric is not None:
                prompt = notebook.cells[item.index - 1].source if item.index else ""
                found.append(Prompt(path.parent.name, path.stem, item, prompt))
    return found


def find_prompt(desk: Desk, assignment: str, notebook: str, cell: str) -> Prompt:
    for prompt in prompts(desk, assignment):
        if (prompt.notebook, prompt.cell) == (notebook, cell):
            return prompt
    raise MarkingError(f"no reflection {cell!r} with a rubric in {assignment}/{notebook}")


def queue(desk: Desk, gradebook: Gradebook, prompt: Prompt) -> list[str]:
    """The students who answered this prompt (graded by nbgrader), in grading order."""
    students = []
    for submission in gradebook.assignment_submissions(prompt.assignment):
        student = submission.student.id
        try:
            gradebook.find_grade(prompt.cell, prompt.notebook, prompt.assignment, student)
        except MissingEntry:
            continue
        students.append(student)
    return grading_order(
        students,
        course_id=desk.course_id,
        assignment=prompt.assignment,
        cell=prompt.cell,
        shuffle=desk.settings.shuffle,
    )


@dataclass(frozen=True)
class Progress:
    prompt: Prompt
    answers: int
    graded: int

    @property
    def waiting(self) -> int:
        return self.answers - self.graded


def overview(desk: Desk) -> list[Progress]:
    """Per reflection, how many answers there are and how many have a marking."""
    found = []
    with desk.gradebook() as gradebook:
        for prompt in prompts(desk):
            students = queue(desk, gradebook, prompt)
            marked = store.current(gradebook, prompt.assignment)
            graded = sum(
                CellKey(prompt.assignment, prompt.notebook, prompt.cell, s) in marked
                for s in students
            )
            found.append(Progress(prompt, len(students), graded))
    return found


@dataclass(frozen=True)
class Answer:
    """Everything the page shows of one answer (`student` only where it may be shown)."""

    prompt: Prompt
    position: int
    count: int
    grade_id: str
    key: CellKey
    html: str  # the student's answer, sanitised
    score: float | None
    max_score: float
    current: Marking | None
    bank: dict[str, list[str]]
    requests: list[regrades.Request]
    blind: bool

    @property
    def label(self) -> str:
        return answer_label(self.position, self.count)

    @property
    def shown_student(self) -> str | None:
        return None if self.blind else self.key.student


def answer_html(desk: Desk, key: CellKey) -> str:
    """The student's answer from the autograded notebook, through the course's sanitiser."""
    path = desk.root / "autograded" / key.student / key.assignment / f"{key.notebook}.ipynb"
    if not path.exists():
        return "<p>(the autograded notebook is missing)</p>"
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == key.cell:
            return markdown2html({"cell": cell}, cell.source)
    return "<p>(no answer cell in the autograded notebook)</p>"


def answer_at(desk: Desk, prompt: Prompt, position: int) -> Answer:
    """The answer at `position` (1-based) of the prompt's grading order."""
    with desk.gradebook() as gradebook:
        students = queue(desk, gradebook, prompt)
        if not 1 <= position <= len(students):
            raise MarkingError(f"there is no answer {position} (answers: {len(students)})")
        key = CellKey(prompt.assignment, prompt.notebook, prompt.cell, students[position - 1])
        grade = gradebook.find_grade(key.cell, key.notebook, key.assignment, key.student)
        history = store.history(gradebook, key)
        return Answer(
            prompt=prompt,
            position=position,
            count=len(students),
            grade_id=grade.id,
            key=key,
            html=answer_html(desk, key),
            score=grade.score if grade.manual_score is not None else None,
            max_score=grade.max_score,
            current=history[-1] if history else None,
            bank=store.comment_bank(gradebook, [c.name for c in prompt.rubric.criteria]),
            requests=regrades.open_for(desk.root, key),
            blind=desk.settings.blind,
        )


def key_of(gradebook: Gradebook, grade_id: str) -> tuple[CellKey, object]:
    try:
        grade = gradebook.find_grade_by_id(grade_id)
    except MissingEntry as exc:
        raise MarkingError("no such answer in the gradebook") from exc
    notebook = grade.notebook
    key = CellKey(notebook.assignment.name, notebook.name, grade.name, notebook.student.id)
    return key, grade


#: What a saved marking may carry; anything else (a grader's name above all) is refused.
FORM_FIELDS = {"levels", "comments", "note", "regrades"}


@dataclass(frozen=True)
class Saved:
    key: CellKey
    total: float
    max_score: float
    answered: tuple[str, ...]  # regrade requests this save answered


def save(desk: Desk, grade_id: str, grader: str, form: Mapping[str, object]) -> Saved:
    """Validate and save one marking; answer the regrade requests it names.

    Everything is checked before anything is written: a marking that does not fit
    the rubric, or a request that is not open for this answer, saves nothing.
    """
    unknown = sorted(set(form) - FORM_FIELDS)
    if unknown:
        raise MarkingError(f"a marking has no field {', '.join(unknown)}")
    levels, comments = _strings(form.get("levels")), _strings(form.get("comments"))
    note = str(form.get("note") or "").strip()
    wanted = form.get("regrades") or []
    if not isinstance(wanted, list) or not all(isinstance(r, str) for r in wanted):
        raise MarkingError("regrades must be a list of request ids")
    with desk.gradebook() as gradebook:
        key, grade = key_of(gradebook, grade_id)
        prompt = find_prompt(desk, key.assignment, key.notebook, key.cell)
        marks = store.marks_for(prompt.rubric, levels, comments)
        open_ids = {r.id for r in regrades.open_for(desk.root, key)}
        stray = sorted(set(wanted) - open_ids)
        if stray:
            raise MarkingError(f"no open regrade request {', '.join(stray)} for this answer")
        previous = grade.score or 0.0
        marking = Marking(key, grader, marks, note=note, regrade=",".join(wanted))
        store.save(gradebook, marking, prompt.rubric)
        max_score = grade.max_score
    for request_id in wanted:
        regrades.answer(desk.root, request_id, grader, previous, marking.total)
    return Saved(key, marking.total, max_score, tuple(wanted))


def _strings(value: object) -> dict[str, str]:
    """A JSON object of strings (criterion -> level or comment); empty values dropped."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise MarkingError("levels and comments must map each criterion to a text")
    return {k: v for k, v in value.items() if v.strip()}


def first_waiting(desk: Desk, prompt: Prompt) -> int:
    """Where a grader resumes: the first answer in order without a marking (else the first)."""
    with desk.gradebook() as gradebook:
        students = queue(desk, gradebook, prompt)
        marked = store.current(gradebook, prompt.assignment)
    for position, student in enumerate(students, start=1):
        if CellKey(prompt.assignment, prompt.notebook, prompt.cell, student) not in marked:
            return position
    return 1
