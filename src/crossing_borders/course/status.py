"""`crossing-borders schedule`: course.toml's calendar beside what nbgrader has done.

One table, one row per assignment: when it is (or was) to be released and due,
whether it is in the exchange, how many students submitted and were autograded,
and who has an extension. nbgrader's own API answers the questions about the
exchange and the course folders, so the table agrees with the formgrader.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from crossing_borders.schedule import (
    Schedule,
    ScheduleError,
    as_utc,
    format_duration,
    load_schedule,
)


def _short(moment: datetime | None) -> str:
    return as_utc(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


def state(released: bool, release: datetime | None, now: datetime) -> str:
    if released:
        return "released"
    if release is not None and release <= now:
        return "release due"
    return "not released"


def rows(schedule: Schedule, api, now: datetime) -> list[list[str]]:
    released = set(api.get_released_assignments())
    names = sorted(set(schedule.assignments) | set(api.get_source_assignments()))
    table = []
    for name in names:
        dates = schedule.dates(name)
        extensions = [
            f"{student} +{format_duration(schedule.extension(name, student).total_seconds())}"
            for student in schedule.students_with_extensions(name)
        ]
        table.append(
            [
                name,
                _short(dates.release),
                _short(dates.due),
                state(name in released, dates.release, now),
                str(len(api.get_submitted_students(name))),
                str(len(api.get_autograded_students(name))),
                ", ".join(extensions) or "-",
            ]
        )
    return table


def render(schedule: Schedule, table: list[list[str]]) -> str:
    header = [
        "assignment",
        "release (UTC)",
        "due (UTC)",
        "state",
        "submitted",
        "graded",
        "extensions",
    ]
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    lines = [
        f"Course {schedule.course_id}. Late work: {schedule.late_policy.describe()}",
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    return "\n".join(lines)


def print_schedule(root: Path | None = None, stream: TextIO | None = None) -> int:
    from nbgrader.apps.api import NbGraderAPI

    from crossing_borders.autograde.run import load_course

    root = Path(root or Path.cwd())
    stream = stream or sys.stdout
    try:
        schedule = load_schedule(root / "course.toml")
    except ScheduleError as exc:
        print(f"schedule: {exc}", file=sys.stderr)
        return 2
    course = load_course(root)
    api = NbGraderAPI(course.coursedir, config=course.config)
    print(render(schedule, rows(schedule, api, datetime.now(UTC))), file=stream)
    return 0
