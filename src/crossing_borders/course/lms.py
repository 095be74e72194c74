"""`nbgrader export` into the gradebook import files of Canvas and Moodle.

Chosen with nbgrader's own option, for example
`nbgrader export --exporter=crossing_borders.course.lms.CanvasExport --to grades-canvas.csv`
(`make export LMS=canvas` runs exactly that). The grades are `CourseExport.rows`:
the score after the late penalty, one column per assignment in course order, one
row per student of the instructor's roster (`LmsExport.roster`, columns
`student_id,name,email,lms_id`), the LMS id where the LMS identifies its user.

The course's status survives the trip: a refused or failed submission, and work a
grader has not finished (needs_manual), are left empty, never 0, because an empty
cell is not a grade and a 0 is. Missing work is empty too unless the instructor's
policy says otherwise (`LmsExport.missing = "zero"`). Moodle's file says why in a
feedback column beside each grade; Canvas's has no such column, so the reasons go
to stderr with the count of students still waiting for a grader.

Nothing is written unless the whole file can be: a missing or malformed roster, a
duplicate id, or a gradebook student absent from the roster stops the export with
the reason and leaves any earlier file as it was (`allow_unrostered` turns the last
into a warning that lists whom the file leaves out).

The formats, as far as their documentation confirms them:

- Canvas: the import takes the columns Student, ID, SIS User ID, SIS Login ID and
  Section, then one column per assignment, headed with its name; a column naming no
  existing assignment creates one, and an uploaded score replaces the one in the
  gradebook (Ohio State's guide, "Import a CSV file into Carmen Grades",
  teaching.resources.osu.edu). The optional "Points Possible" row is not written.
- Moodle: "Import grades from CSV" maps the file's columns by hand on its preview
  page: the user by "ID number" to useridnumber (or email address to useremail),
  each grade and feedback column to a grade item; importing feedback also
  overwrites that item's grades, so both columns travel together (MoodleDocs,
  "Grade import", docs.moodle.org/311/en/Grade_import). The column headings
  are for the person who maps them on that preview page.

Neither source says what an empty cell does on import, so the guide asks the
instructor to check the import's preview; this export only promises it is not a 0.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from nbgrader.api import Gradebook
from traitlets import Bool, Enum, Unicode

from crossing_borders.autograde.report import Status
from crossing_borders.course.export import CourseExport

ROSTER_COLUMNS = ["student_id", "name", "email", "lms_id"]
ROSTER_EXAMPLE = "student_id,name,email,lms_id\nameyer,Anna Meyer,anna.meyer@example.org,40213"
NOT_GRADED = (Status.FAILED, Status.REFUSED, Status.NEEDS_MANUAL)

Cell = tuple[str, str]  # (grade, why): an empty grade is "not graded", never 0
NO_ENTRY: Cell = ("", "not in the gradebook")


class RosterError(ValueError):
    """The roster or the gradebook does not allow a complete, unambiguous file."""


@dataclass(frozen=True)
class Rostered:
    student_id: str
    name: str
    email: str
    lms_id: str


def read_roster(path: Path) -> list[Rostered]:
    """The roster's students, in its order; a clear RosterError for anything off."""
    if not path.is_file():
        raise RosterError(
            f"no roster at {path}: write a CSV with one row per student, "
            f"for example\n{ROSTER_EXAMPLE}\n(student_id is nbgrader's id, lms_id the LMS's)"
        )
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        absent = [c for c in ROSTER_COLUMNS if c not in (reader.fieldnames or [])]
        if absent:
            raise RosterError(
                f"{path} lacks the column(s) {', '.join(absent)}; "
                f"its header must be: {','.join(ROSTER_COLUMNS)}"
            )
        students = [Rostered(*(row[c].strip() for c in ROSTER_COLUMNS)) for row in reader]
    for key in ("student_id", "lms_id"):
        values = [getattr(s, key) for s in students]
        if blank := [n + 2 for n, v in enumerate(values) if not v]:
            raise RosterError(f"{path}: empty {key} on line(s) {', '.join(map(str, blank))}")
        if twice := sorted({v for v in values if values.count(v) > 1}):
            raise RosterError(f"{path}: duplicate {key}: {', '.join(twice)}")
    return students


class LmsExport(CourseExport):
    """The rows of CourseExport pivoted into one LMS's import file."""

    roster = Unicode(
        "roster.csv",
        help="the instructor's roster (student_id,name,email,lms_id); relative to the course root",
    ).tag(config=True)
    allow_unrostered = Bool(
        False, help="warn about gradebook students missing from the roster instead of stopping"
    ).tag(config=True)
    missing = Enum(
        ["empty", "zero"], "empty", help="what missing work gets: empty (not graded) or 0"
    ).tag(config=True)

    default_to: ClassVar[str] = "grades-lms.csv"

    def header(self, assignments: list[str]) -> list[str]:
        raise NotImplementedError

    def line(self, student: Rostered, cells: list[Cell]) -> list[str]:
        """One roster student's row; `cells` in the header's assignment order."""
        raise NotImplementedError

    def export(self, gradebook: Gradebook) -> None:
        target = Path(self.to or self.default_to)
        try:
            header, lines = self.table(gradebook)
        except RosterError as err:
            self.log.error("%s\nNothing was written to %s.", err, target)
            sys.exit(1)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        try:
            with tmp.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(lines)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)  # only left when writing failed
        self.log.info("Exported %d students to %s", len(lines), target)

    def roster_path(self) -> Path:
        return self.course_root() / self.roster

    def table(self, gradebook: Gradebook) -> tuple[list[str], list[list[str]]]:
        """The header and rows, or RosterError before anything is written."""
        roster = read_roster(self.roster_path())
        rows = self.rows(gradebook)
        on_roster = {s.student_id for s in roster}
        if unrostered := sorted({r["student_id"] for r in rows} - on_roster):
            where = f"add them to {self.roster_path()}"
            if not self.allow_unrostered:
                raise RosterError(
                    f"{len(unrostered)} gradebook student(s) not on the roster: "
                    f"{', '.join(unrostered)}; {where} "
                    "(or leave them out with --LmsExport.allow_unrostered=True)"
                )
            self.log.warning("Left out, not on the roster: %s", ", ".join(unrostered))
        assignments = self.course_order({r["assignment"] for r in rows})
        cells = {(r["student_id"], r["assignment"]): self.cell(r) for r in rows}
        self.report(r for r in rows if r["student_id"] in on_roster)
        lines = [
            self.line(s, [cells.get((s.student_id, a), NO_ENTRY) for a in assignments])
            for s in roster
        ]
        return self.header(assignments), lines

    def course_order(self, names: Iterable[str]) -> list[str]:
        """course.toml's order first; the rest as the gradebook has them (by name)."""
        calendar = list(self.schedule().assignments)
        return sorted(
            names, key=lambda n: (calendar.index(n) if n in calendar else len(calendar), n)
        )

    def cell(self, row: dict[str, Any]) -> Cell:
        status, reason = row["status"], row["reason"]
        if status == Status.GRADED:
            return row["score"], reason
        why = f"{status}: {reason}" if reason else str(status)
        if status == Status.MISSING and self.missing == "zero":
            return "0", why
        return "", why

    def report(self, rows: Iterable[dict[str, Any]]) -> None:
        """On stderr: what was left empty and why, and who still waits for a grader."""
        waiting, missing = set(), 0
        for row in rows:
            missing += row["status"] == Status.MISSING
            if row["status"] in NOT_GRADED:
                self.log.warning(
                    "Not graded: %s %s (%s)",
                    row["assignment"],
                    row["student_id"],
                    self.cell(row)[1],
                )
            if row["status"] == Status.NEEDS_MANUAL:
                waiting.add(row["student_id"])
        if waiting:
            self.log.warning(
                "%d student(s) still wait for a grader; their cells are empty.", len(waiting)
            )
        if missing:
            grade = "0" if self.missing == "zero" else "empty"
            self.log.warning("%d missing submission(s): %s (LmsExport.missing)", missing, grade)


class CanvasExport(LmsExport):
    """Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, assignments."""

    default_to = "grades-canvas.csv"
    IDENTITY: ClassVar[list[str]] = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]

    def header(self, assignments: list[str]) -> list[str]:
        return [*self.IDENTITY, *assignments]

    def line(self, student: Rostered, cells: list[Cell]) -> list[str]:
        # The LMS id is Canvas's own user ID; SIS ids and section stay empty.
        return [student.name, student.lms_id, "", "", "", *(grade for grade, _ in cells)]


class MoodleExport(LmsExport):
    """Moodle's CSV import: the user by ID number, then each grade beside its feedback."""

    default_to = "grades-moodle.csv"
    IDENTITY: ClassVar[list[str]] = ["ID number", "Email address", "Full name"]

    def header(self, assignments: list[str]) -> list[str]:
        return [
            *self.IDENTITY,
            *(f"{a}{suffix}" for a in assignments for suffix in ("", " (feedback)")),
        ]

    def line(self, student: Rostered, cells: list[Cell]) -> list[str]:
        return [student.lms_id, student.email, student.name, *(v for cell in cells for v in cell)]
