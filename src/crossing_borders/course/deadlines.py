"""course.toml's deadlines inside nbgrader: the gradebook, the release, the late penalty.

nbgrader already knows due dates (on the assignment), extensions (on a student's
submission) and late penalties (a plugin called by `AssignLatePenalties`); these
classes feed it the course calendar so that nbgrader's own commands apply it:

- `SyncSchedule` writes the assignment's due date and the student's extension into
  the gradebook before anything reads them (generate, autograde, feedback);
- `StampDueDate` writes the due date and the late policy into the student version;
- `CourseLatePolicy` is the late-submission plugin that applies the policy;
- `LatenessNote` opens the feedback with when the work came in and what that cost.

`nbgrader_config.py` wires them in; `CourseCalendar.path` names the file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Bool, Unicode
from traitlets.config import LoggingConfigurable

from crossing_borders.schedule import (
    Schedule,
    ScheduleError,
    format_duration,
    format_when,
    load_schedule,
    naive_utc,
)

DUE_MARKER = "**Due:**"


@cache
def _load(path: str, mtime: float) -> Schedule:
    return load_schedule(Path(path))


class CourseCalendar(LoggingConfigurable):
    """Where the course calendar is; every class below reads it through `schedule()`."""

    path = Unicode("", help="the course calendar (course.toml); empty: no calendar").tag(
        config=True
    )

    def schedule(self) -> Schedule:
        if not self.path:
            return Schedule(course_id="")
        path = Path(self.path).resolve()
        if not path.is_file():
            raise ScheduleError(f"the course calendar {path} does not exist")
        return _load(str(path), path.stat().st_mtime)


class CalendarStep(Preprocessor, CourseCalendar):
    """A preprocessor of nbgrader's pipelines that reads the calendar; always enabled."""

    enabled = Bool(True).tag(config=True)

    @staticmethod
    def ids(resources: dict) -> tuple[str, str, str]:
        """(assignment, student, gradebook URL) of the notebook being processed."""
        meta = resources["nbgrader"]
        return meta["assignment"], meta["student"], meta["db_url"]


class SyncSchedule(CalendarStep):
    """Copy the due date and this student's extension from course.toml into the gradebook."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        assignment, student, db_url = self.ids(resources)
        schedule = self.schedule()
        due = schedule.dates(assignment).due
        with Gradebook(db_url) as gb:
            if due is not None:
                gb.update_or_create_assignment(assignment, duedate=naive_utc(due))
            if student != ".":
                try:
                    submission = gb.find_submission(assignment, student)
                except MissingEntry:
                    submission = None
                if submission is not None:
                    submission.extension = schedule.extension(assignment, student)
                    gb.db.commit()
        return nb, resources


class StampDueDate(CalendarStep):
    """Put the due date and the late policy at the end of the notebook's first text cell."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        assignment = self.ids(resources)[0]
        schedule = self.schedule()
        due = schedule.dates(assignment).due
        first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
        if due is None or first is None or DUE_MARKER in first.source:
            return nb, resources
        first.source = (
            f"{first.source.rstrip()}\n\n{DUE_MARKER} {format_when(due)}. "
            f"{schedule.late_policy.describe()} If you have been granted an extension, "
            "your new deadline applies when your work is graded."
        )
        return nb, resources


class CourseLatePolicy(LateSubmissionPlugin, CourseCalendar):
    """nbgrader's late-submission plugin, applying course.toml's [late_policy]."""

    def late_submission_penalty(
        self, student_id: str, score: float, total_seconds_late: float
    ) -> float | None:
        penalty = self.schedule().late_policy.penalty(score, total_seconds_late)
        return penalty or None


class LatenessNote(CalendarStep):
    """Open the feedback with when the work was handed in, against which deadline."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        assignment, student, db_url = self.ids(resources)
        schedule = self.schedule()
        with Gradebook(db_url) as gb:
            submission = gb.find_submission(assignment, student)
            timestamp, late = submission.timestamp, submission.total_seconds_late
            notebook = resources["nbgrader"]["notebook"]
            stored = gb.find_submission_notebook(notebook, assignment, student)
            penalty = stored.late_submission_penalty or 0.0
        due = schedule.due_for(assignment, student)
        if due is None or timestamp is None:
            return nb, resources
        extra = schedule.extension(assignment, student)
        deadline = format_when(due)
        if extra is not None:
            deadline += f" (with your extension of {format_duration(extra.total_seconds())})"
        policy = schedule.late_policy
        if not policy.is_late(late):
            verdict = "on time."
        else:
            verdict = f"{format_duration(late)} after the deadline. {policy.describe()}"
            verdict += (
                f" Late penalty: {penalty:g} point(s)."
                if penalty
                else " No points were taken for lateness."
            )
        text = f"**Handed in** {format_when(timestamp)}; **due** {deadline}: {verdict}"
        nb.cells.insert(0, new_markdown_cell(text, metadata={"lateness": True}))
        return nb, resources
