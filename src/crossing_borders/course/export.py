"""`nbgrader export` with the course's columns: status, reason, lateness, flags.

Configured as `ExportApp.plugin_class`, so nbgrader's own `nbgrader export` (and
`make export`, which calls it) writes this file; no second exporter can overwrite
it with fewer columns. Each row says what happened to one student's assignment:

- `status`: graded (every point decided), needs_manual (a reflection waits for a
  grader), failed or refused (the last `crossing-borders grade` run could not
  grade it, with the reason), or missing (nothing handed in). It is read from the
  gradebook at export time, so grading a reflection in the formgrader shows at
  once; only failed and refused come from the last grading run.
- `score` is empty, never 0, for failed, refused and missing work.
- The late penalty is recomputed from the current scores with course.toml's
  policy, so a reflection graded after autograding is penalised like the rest.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin
from traitlets import Unicode

from crossing_borders.autograde import report as rep
from crossing_borders.course.deadlines import CourseCalendar
from crossing_borders.schedule import as_utc, format_duration

COLUMNS = [
    "assignment",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "status",
    "raw_score",
    "late_submission_penalty",
    "score",
    "max_score",
    "duedate",
    "extension",
    "timestamp",
    "hours_late",
    "reason",
    "flags",
]


@dataclass(frozen=True)
class _Unlisted:
    """A student known only from a grading run (nbgrader never stored them)."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""


class CourseExport(ExportPlugin, CourseCalendar):
    """One row per student and assignment, with a status that is never stale."""

    root = Unicode(
        "",
        help="the course root, where grade-runs/ is (default: the parent app's, else .)",
    )

    def export(self, gradebook: Gradebook) -> None:
        target = Path(self.to or "grades.csv")
        rows = self.rows(gradebook)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        os.replace(tmp, target)
        self.log.info("Exported %d rows to %s", len(rows), target)

    def course_root(self) -> Path:
        if self.root:  # set by a caller that is not an nbgrader app (grade analytics)
            return Path(self.root)
        coursedir = getattr(self.parent, "coursedir", None)
        return Path(coursedir.root if coursedir is not None else ".")

    def rows(self, gradebook: Gradebook) -> list[dict[str, Any]]:
        store = rep.StatusStore(self.course_root() / "grade-runs")
        wanted_students = {str(s) for s in self.student}
        rows = []
        for assignment in gradebook.assignments:
            if self.assignment and assignment.name not in self.assignment:
                continue
            runs = store.load(assignment.name)
            # A refused or failed submission may never have reached the gradebook.
            students = {s.id: s for s in gradebook.students}
            for student_id in sorted(set(students) | set(runs)):
                if wanted_students and student_id not in wanted_students:
                    continue
                student = students.get(student_id) or _Unlisted(student_id)
                rows.append(self.row(gradebook, assignment, student, runs.get(student_id)))
        return rows

    def row(self, gb: Gradebook, assignment, student, run: dict | None) -> dict[str, Any]:
        schedule = self.schedule()
        due = schedule.due_for(assignment.name, student.id)
        if due is None and assignment.duedate is not None:  # set with nbgrader db, not here
            due = as_utc(assignment.duedate)
        extension = schedule.extension(assignment.name, student.id)
        row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
        row.update(
            assignment=assignment.name,
            student_id=student.id,
            last_name=student.last_name or "",
            first_name=student.first_name or "",
            email=student.email or "",
            max_score=f"{assignment.max_score:g}",
            duedate=due.isoformat() if due else "",
            extension=format_duration(extension.total_seconds()) if extension else "",
        )
        try:
            submission = gb.find_submission(assignment.name, student.id)
        except MissingEntry:
            submission = None
        flags = list(run.get("flags", [])) if run else []
        if run and run.get("status") in (rep.Status.FAILED, rep.Status.REFUSED):
            row.update(status=run["status"], reason=run.get("reason", ""))
        elif submission is None:
            row.update(status=rep.Status.MISSING, reason="nothing was handed in")
        else:
            late = float(submission.total_seconds_late)
            if schedule.dates(assignment.name).due and submission.timestamp is not None:
                # course.toml as it is now: an extension granted since grading counts.
                late = schedule.seconds_late(assignment.name, student.id, submission.timestamp)
            row.update(self.scores(submission, schedule.late_policy, late))
            waiting = self.waiting_for_a_grader(submission)
            row["status"] = rep.Status.NEEDS_MANUAL if waiting else rep.Status.GRADED
            reasons = [run.get("reason", "")] if run else []
            if waiting:
                reasons.append("waiting for a grader: " + ", ".join(waiting))
            row["reason"] = "; ".join(r for r in reasons if r)
        row["flags"] = " | ".join(flags)
        return row

    @staticmethod
    def waiting_for_a_grader(submission) -> list[str]:
        return [
            grade.name
            for notebook in submission.notebooks
            for grade in notebook.grades
            if grade.needs_manual_grade
        ]

    @staticmethod
    def scores(submission, policy, late: float) -> dict[str, str]:
        raw = float(submission.score)  # extra credit may take it past max_score
        penalty = sum(policy.penalty(float(nb.score), late) for nb in submission.notebooks)
        penalty = min(penalty, raw)
        timestamp = submission.timestamp
        return {
            "raw_score": f"{raw:g}",
            "late_submission_penalty": f"{penalty:g}",
            "score": f"{max(0.0, raw - penalty):g}",
            "timestamp": as_utc(timestamp).isoformat() if timestamp else "",
            "hours_late": f"{late / 3600:.2f}" if policy.is_late(late) else "0",
        }
