"""Per-criterion marks for reflections, kept beside nbgrader's one score per cell.

nbgrader stores one manual score and one comment per graded cell. A marking adds
what a rubric needs: the level reached on each criterion, a comment per criterion,
who graded and when. It lives in two tables of the course's own in the gradebook's
database (`crossing_borders_markings`, `crossing_borders_comment_bank`), so it is
backed up, copied and shared with `gradebook.db` and follows the gradebook to any
database nbgrader's `db_url` names. nbgrader's tables are never altered.

Saving a marking writes, in the same transaction, its total as the cell's manual
score and its comments as the cell's comment: the formgrader, the feedback and
`nbgrader export` read those as they always do. Nothing is overwritten: every
marking is a new row, the newest one for a cell is the grade, the earlier ones are
its history (a regrade) or a second grader's independent marking (agreement).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
)

from crossing_borders.course.rubric import Rubric

METADATA = MetaData()
MARKINGS = Table(
    "crossing_borders_markings",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("assignment", String(128), nullable=False, index=True),
    Column("notebook", String(128), nullable=False),
    Column("cell", String(128), nullable=False),
    Column("student", String(128), nullable=False),
    Column("grader", String(128), nullable=False),
    Column("saved_at", DateTime, nullable=False),
    Column("marks", Text, nullable=False),  # JSON: [{criterion, level, points, comment}]
    Column("note", Text, nullable=False, default=""),
    Column("regrade", String(64), nullable=False, default=""),
)
COMMENT_BANK = Table(
    "crossing_borders_comment_bank",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("criterion", String(256), nullable=False),
    Column("text", Text, nullable=False),
    Column("added_by", String(128), nullable=False),
    Column("added_at", DateTime, nullable=False),
    UniqueConstraint("criterion", "text"),
)


class MarkingError(ValueError):
    """A marking that does not fit its rubric or its submission; the message says why."""


@dataclass(frozen=True)
class CriterionMark:
    criterion: str
    level: str
    points: float
    comment: str = ""


@dataclass(frozen=True)
class CellKey:
    """One student's answer to one reflection."""

    assignment: str
    notebook: str
    cell: str
    student: str


@dataclass(frozen=True)
class Marking:
    key: CellKey
    grader: str
    marks: tuple[CriterionMark, ...]
    note: str = ""
    regrade: str = ""  # the regrade request this marking answered
    saved_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def total(self) -> float:
        return sum(mark.points for mark in self.marks)

    def level_of(self, criterion: str) -> str | None:
        return next((m.level for m in self.marks if m.criterion == criterion), None)


def marks_for(
    rubric: Rubric, levels: Mapping[str, str], comments: Mapping[str, str] | None = None
) -> tuple[CriterionMark, ...]:
    """The rubric's criteria at the chosen levels, in the rubric's order.

    Every criterion needs a level and every level must be one the rubric gives that
    criterion, so the total is always one the rubric allows.
    """
    comments = comments or {}
    names = {c.name for c in rubric.criteria}
    unknown = sorted(set(levels) - names) + sorted(set(comments) - names)
    if unknown:
        raise MarkingError(f"not criteria of this rubric: {', '.join(unknown)}")
    marks = []
    for criterion in rubric.criteria:
        label = levels.get(criterion.name)
        if label is None:
            raise MarkingError(f"choose a level for {criterion.name!r}")
        level = next((lv for lv in criterion.levels if lv.label == label), None)
        if level is None:
            offered = ", ".join(lv.label for lv in criterion.levels)
            raise MarkingError(f"{criterion.name!r} has no level {label!r} (it has: {offered})")
        comment = comments.get(criterion.name, "").strip()
        marks.append(CriterionMark(criterion.name, level.label, level.points, comment))
    return tuple(marks)


def feedback_comment(marking: Marking, rubric: Rubric) -> str:
    """The cell's comment as nbgrader stores it: one line per criterion, then the note."""
    top = {c.name: c.points for c in rubric.criteria}
    lines = []
    for mark in marking.marks:
        line = f"{mark.criterion}: {mark.level} ({mark.points:g}/{top[mark.criterion]:g})"
        lines.append(f"{line}. {mark.comment}" if mark.comment else line)
    if marking.note.strip():
        lines.append(marking.note.strip())
    return "\n".join(lines)


def ensure_tables(gradebook: Gradebook) -> None:
    METADATA.create_all(gradebook.engine)


def save(gradebook: Gradebook, marking: Marking, rubric: Rubric) -> None:
    """Record a marking and make its total the cell's score, in one transaction."""
    key = marking.key
    if {m.criterion for m in marking.marks} != {c.name for c in rubric.criteria}:
        raise MarkingError("a marking must give a level for every criterion of the rubric")
    try:
        grade = gradebook.find_grade(key.cell, key.notebook, key.assignment, key.student)
        comment = gradebook.find_comment(key.cell, key.notebook, key.assignment, key.student)
    except MissingEntry as exc:
        raise MarkingError(f"no graded submission for {key}: {exc}") from exc
    if grade.max_score != rubric.total:
        raise MarkingError(
            f"{key.cell} is worth {grade.max_score:g} points in the gradebook, "
            f"its rubric {rubric.total}: regenerate the assignment"
        )
    ensure_tables(gradebook)
    session = gradebook.db
    try:
        session.execute(
            insert(MARKINGS).values(
                assignment=key.assignment,
                notebook=key.notebook,
                cell=key.cell,
                student=key.student,
                grader=marking.grader,
                saved_at=marking.saved_at.astimezone(UTC).replace(tzinfo=None),
                marks=json.dumps([m.__dict__ for m in marking.marks]),
                note=marking.note,
                regrade=marking.regrade,
            )
        )
        for mark in marking.marks:
            if mark.comment:
                _bank(session, mark.criterion, mark.comment, marking.grader)
        grade.manual_score = marking.total
        grade.needs_manual_grade = False
        comment.manual_comment = feedback_comment(marking, rubric)
        session.commit()
    except Exception:
        session.rollback()
        raise


def _bank(session, criterion: str, text: str, grader: str) -> None:
    known = session.execute(
        select(COMMENT_BANK.c.id).where(
            COMMENT_BANK.c.criterion == criterion, COMMENT_BANK.c.text == text
        )
    ).first()
    if known is None:
        session.execute(
            insert(COMMENT_BANK).values(
                criterion=criterion,
                text=text,
                added_by=grader,
                added_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )


def add_to_bank(gradebook: Gradebook, criterion: str, texts: Iterable[str], grader: str) -> None:
    """Comments prepared before grading starts, offered for every answer of that criterion."""
    ensure_tables(gradebook)
    for text in texts:
        if text.strip():
            _bank(gradebook.db, criterion, text.strip(), grader)
    gradebook.db.commit()


def comment_bank(gradebook: Gradebook, criteria: Iterable[str]) -> dict[str, list[str]]:
    """Comments kept for each criterion, oldest first (the order graders learnt them in)."""
    ensure_tables(gradebook)
    wanted = list(criteria)
    bank: dict[str, list[str]] = {name: [] for name in wanted}
    rows = gradebook.db.execute(
        select(COMMENT_BANK.c.criterion, COMMENT_BANK.c.text)
        .where(COMMENT_BANK.c.criterion.in_(wanted))
        .order_by(COMMENT_BANK.c.id)
    )
    for criterion, text in rows:
        bank[criterion].append(text)
    return bank


def _marking(row) -> Marking:
    return Marking(
        key=CellKey(row.assignment, row.notebook, row.cell, row.student),
        grader=row.grader,
        marks=tuple(CriterionMark(**m) for m in json.loads(row.marks)),
        note=row.note,
        regrade=row.regrade,
        saved_at=row.saved_at.replace(tzinfo=UTC),
    )


def markings(gradebook: Gradebook, assignment: str | None = None) -> list[Marking]:
    """Every marking ever saved (for one assignment), oldest first."""
    ensure_tables(gradebook)
    query = select(MARKINGS).order_by(MARKINGS.c.id)
    if assignment is not None:
        query = query.where(MARKINGS.c.assignment == assignment)
    return [_marking(row) for row in gradebook.db.execute(query)]


def current(gradebook: Gradebook, assignment: str | None = None) -> dict[CellKey, Marking]:
    """The marking that is each answer's grade: the newest one saved."""
    return {m.key: m for m in markings(gradebook, assignment)}


def history(gradebook: Gradebook, key: CellKey) -> list[Marking]:
    """Every marking of one answer, oldest first; the last one is its grade."""
    return [m for m in markings(gradebook, key.assignment) if m.key == key]


def by_grader(gradebook: Gradebook, assignment: str) -> dict[CellKey, dict[str, Marking]]:
    """Each grader's newest marking of each answer: what agreement is computed from."""
    found: dict[CellKey, dict[str, Marking]] = {}
    for m in markings(gradebook, assignment):
        found.setdefault(m.key, {})[m.grader] = m
    return found
