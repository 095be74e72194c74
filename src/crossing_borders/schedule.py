"""The course calendar in `course.toml`: release and due dates, late policy, extensions.

Everything that shows or applies a deadline reads it through `load_schedule`:
nbgrader (through the plugins in `grading.deadlines`), the site's exercise pages,
the feedback and the grade export. The module knows nothing of nbgrader; it turns
the file into checked values and says, in one place, how a date and a policy read.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SCHEDULE_FILE = "course.toml"
METHODS = ("none", "zero", "per_day")
_POLICY_KEYS = {"method", "percent_per_day", "max_days", "grace_minutes"}
_EXTENSION_UNITS = {"days", "hours"}


class ScheduleError(ValueError):
    """course.toml cannot be used as written; the message names the entry and the fix."""


@dataclass(frozen=True)
class LatePolicy:
    method: str = "none"
    percent_per_day: float = 0.0
    max_days: int = 0
    grace_minutes: float = 0.0

    def is_late(self, seconds_late: float) -> bool:
        return seconds_late > self.grace_minutes * 60

    def days_late(self, seconds_late: float) -> int:
        """Started days past the deadline (0 within the grace period)."""
        return math.ceil(seconds_late / 86400) if self.is_late(seconds_late) else 0

    def penalty(self, score: float, seconds_late: float) -> float:
        """Points taken from `score` for work handed in `seconds_late` after its deadline."""
        days = self.days_late(seconds_late)
        if days == 0 or self.method == "none" or score <= 0:
            return 0.0
        if self.method == "zero" or days > self.max_days:
            return score
        return round(score * min(1.0, days * self.percent_per_day / 100), 4)

    def describe(self) -> str:
        grace = (
            f" Work handed in within {self.grace_minutes:g} minutes of the deadline is on time."
            if self.grace_minutes
            else ""
        )
        if self.method == "none":
            rule = "Late work is accepted without penalty; its lateness is recorded."
        elif self.method == "zero":
            rule = "Late work scores 0."
        else:
            rule = (
                f"Each started day late takes {self.percent_per_day:g}% of the score; "
                f"work more than {self.max_days} days late scores 0."
            )
        return rule + grace


@dataclass(frozen=True)
class AssignmentDates:
    name: str
    release: datetime | None = None
    due: datetime | None = None


@dataclass(frozen=True)
class Schedule:
    course_id: str
    late_policy: LatePolicy = field(default_factory=LatePolicy)
    assignments: dict[str, AssignmentDates] = field(default_factory=dict)
    extensions: dict[tuple[str, str], timedelta] = field(default_factory=dict)

    def dates(self, assignment: str) -> AssignmentDates:
        return self.assignments.get(assignment, AssignmentDates(assignment))

    def extension(self, assignment: str, student: str) -> timedelta | None:
        return self.extensions.get((assignment, student))

    def due_for(self, assignment: str, student: str) -> datetime | None:
        due = self.dates(assignment).due
        extra = self.extension(assignment, student)
        return due + extra if due is not None and extra is not None else due

    def seconds_late(self, assignment: str, student: str, submitted: datetime) -> float:
        due = self.due_for(assignment, student)
        if due is None:
            return 0.0
        return max(0.0, (as_utc(submitted) - due).total_seconds())

    def students_with_extensions(self, assignment: str) -> list[str]:
        return sorted(s for a, s in self.extensions if a == assignment)


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; a naive time (as nbgrader stores them) is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def naive_utc(moment: datetime) -> datetime:
    """The form nbgrader's gradebook stores: UTC without a time zone."""
    return as_utc(moment).replace(tzinfo=None)


def format_when(moment: datetime) -> str:
    """A deadline as students read it: 'Monday 1 February 2027, 17:00 UTC'."""
    moment = as_utc(moment)
    return f"{moment:%A} {moment.day} {moment:%B %Y, %H:%M} UTC"


def format_duration(seconds: float) -> str:
    """'2 days 3 h 5 min', '14 h 0 min', '4 min': how late, or how long an extension."""
    minutes = math.ceil(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if days or hours:
        parts.append(f"{hours} h")
    parts.append(f"{minutes} min")
    return " ".join(parts)


def find_schedule(start: Path) -> Path:
    """course.toml in `start` or the nearest folder above it."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / SCHEDULE_FILE).is_file():
            return folder / SCHEDULE_FILE
    raise ScheduleError(f"no {SCHEDULE_FILE} in {start} or any folder above it")


def load_schedule(path: Path | str) -> Schedule:
    """Read and check course.toml; every mistake is reported with where it is."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScheduleError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleError(f"{path} is not valid TOML: {exc}") from None
    where = path.name
    course = _table(data, "course", where)
    course_id = course.get("id")
    if not isinstance(course_id, str) or not course_id.strip():
        raise ScheduleError(f'{where}: [course] needs an id, for example id = "crossing-borders"')
    assignments = {
        name: _assignment(name, _table(entry, None, f"{where} [assignments.{name}]"), where)
        for name, entry in _table(data, "assignments", where).items()
    }
    extensions = {}
    for assignment, students in _table(data, "extensions", where).items():
        label = f"{where} [extensions.{assignment}]"
        if assignment not in assignments:
            raise ScheduleError(f"{label}: no such assignment in [assignments]")
        for student, amount in _table(students, None, label).items():
            extensions[(assignment, student)] = _extension(amount, f"{label} {student}")
    unknown = set(data) - {"course", "late_policy", "assignments", "extensions"}
    if unknown:
        raise ScheduleError(f"{where}: unknown table(s) {', '.join(sorted(unknown))}")
    return Schedule(course_id, _policy(data, where), assignments, extensions)


def _table(data: dict[str, Any], key: str | None, where: str) -> dict[str, Any]:
    value = data if key is None else data.get(key, {})
    if not isinstance(value, dict):
        raise ScheduleError(f"{where}: {key or 'this entry'} should be a table")
    return value


def _moment(value: Any, label: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ScheduleError(
            f"{label} should be a date-time with an offset, for example 2027-02-01T17:00:00Z"
        )
    return value.astimezone(UTC)


def _assignment(name: str, entry: dict[str, Any], where: str) -> AssignmentDates:
    label = f"{where} [assignments.{name}]"
    unknown = set(entry) - {"release", "due"}
    if unknown:
        raise ScheduleError(f"{label}: unknown key(s) {', '.join(sorted(unknown))}")
    release = _moment(entry.get("release"), f"{label} release")
    due = _moment(entry.get("due"), f"{label} due")
    if release and due and due <= release:
        raise ScheduleError(f"{label}: due ({due:%Y-%m-%d %H:%M}) is not after release")
    return AssignmentDates(name, release, due)


def _extension(amount: Any, label: str) -> timedelta:
    if not isinstance(amount, dict) or not amount or set(amount) - _EXTENSION_UNITS:
        raise ScheduleError(f"{label}: write the extension as {{ days = 2 }} or {{ hours = 36 }}")
    values = {unit: amount.get(unit, 0) for unit in _EXTENSION_UNITS}
    if any(type(v) not in (int, float) or v < 0 for v in values.values()):
        raise ScheduleError(f"{label}: days and hours must be numbers of 0 or more")
    extra = timedelta(days=values["days"], hours=values["hours"])
    if extra <= timedelta(0):
        raise ScheduleError(f"{label}: an extension must be longer than 0")
    return extra


def _policy(data: dict[str, Any], where: str) -> LatePolicy:
    entry = _table(data, "late_policy", where)
    label = f"{where} [late_policy]"
    unknown = set(entry) - _POLICY_KEYS
    if unknown:
        raise ScheduleError(f"{label}: unknown key(s) {', '.join(sorted(unknown))}")
    method = entry.get("method", "none")
    if method not in METHODS:
        raise ScheduleError(f"{label}: method must be one of {', '.join(METHODS)}")
    numbers = {k: entry.get(k, 0) for k in ("percent_per_day", "max_days", "grace_minutes")}
    for key, value in numbers.items():
        if type(value) not in (int, float) or value < 0:
            raise ScheduleError(f"{label}: {key} must be a number of 0 or more")
    if method == "per_day" and not (0 < numbers["percent_per_day"] <= 100):
        raise ScheduleError(f"{label}: per_day needs percent_per_day between 0 and 100")
    if type(numbers["max_days"]) is not int:
        raise ScheduleError(f"{label}: max_days must be a whole number")
    return LatePolicy(
        method,
        float(numbers["percent_per_day"]),
        numbers["max_days"],
        float(numbers["grace_minutes"]),
    )
