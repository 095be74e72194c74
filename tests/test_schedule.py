"""course.toml: the course calendar, its checks and the late policy."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from reading import ROOT

from crossing_borders.schedule import (
    LatePolicy,
    ScheduleError,
    format_duration,
    format_when,
    load_schedule,
)

DAY = 86400.0


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "course.toml"
    path.write_text('[course]\nid = "demo"\n' + text)
    return path


def test_the_course_calendar_covers_every_assignment_in_order():
    schedule = load_schedule(ROOT / "course.toml")
    folders = sorted(p.name for p in (ROOT / "exercises").iterdir() if p.is_dir())
    assert sorted(schedule.assignments) == folders
    dates = [schedule.assignments[a] for a in folders]
    assert all(d.release and d.due and d.release < d.due for d in dates)
    assert [d.due for d in dates] == sorted(d.due for d in dates)


def test_extensions_move_one_students_deadline(tmp_path):
    schedule = load_schedule(
        write(
            tmp_path,
            "[assignments.a]\ndue = 2027-02-01T17:00:00Z\n"
            "[extensions.a]\nalice = { days = 2 }\nbob = { hours = 36 }\n",
        )
    )
    due = datetime(2027, 2, 1, 17, tzinfo=UTC)
    assert schedule.due_for("a", "carol") == due
    assert schedule.due_for("a", "alice") == due + timedelta(days=2)
    assert schedule.due_for("a", "bob") == due + timedelta(hours=36)
    handed_in = due + timedelta(days=1)
    assert schedule.seconds_late("a", "carol", handed_in) == DAY
    assert schedule.seconds_late("a", "alice", handed_in) == 0.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[assignments.a]\ndue = 2027-02-01\n", "date-time with an offset"),
        ("[assignments.a]\ndue = 2027-02-01T17:00:00\n", "date-time with an offset"),
        (
            "[assignments.a]\nrelease = 2027-02-02T00:00:00Z\ndue = 2027-02-01T17:00:00Z\n",
            "is not after release",
        ),
        ("[assignments.a]\ndeadline = 2027-02-01T17:00:00Z\n", "unknown key(s) deadline"),
        ("[extensions.b]\nalice = { days = 1 }\n", "no such assignment"),
        ("[assignments.a]\n[extensions.a]\nalice = 2\n", "{ days = 2 }"),
        ("[assignments.a]\n[extensions.a]\nalice = { days = -1 }\n", "0 or more"),
        ('[late_policy]\nmethod = "half"\n', "method must be one of"),
        ('[late_policy]\nmethod = "per_day"\n', "percent_per_day between 0 and 100"),
        ("[late_policy]\nmax_days = 1.5\n", "whole number"),
        ("[calendar]\n", "unknown table(s) calendar"),
        ("[assignments\n", "not valid TOML"),
    ],
)
def test_mistakes_are_reported_with_where_they_are(tmp_path, text, message):
    with pytest.raises(ScheduleError, match=re.escape(message)):
        load_schedule(write(tmp_path, text))


def test_a_course_needs_an_id(tmp_path):
    path = tmp_path / "course.toml"
    path.write_text("[course]\n")
    with pytest.raises(ScheduleError, match=r"\[course\] needs an id"):
        load_schedule(path)


def test_per_day_policy_takes_a_share_per_started_day_then_everything():
    policy = LatePolicy("per_day", percent_per_day=10, max_days=5, grace_minutes=15)
    assert policy.penalty(10, 14 * 60) == 0  # within the grace period
    assert policy.penalty(10, 16 * 60) == 1.0  # one started day
    assert policy.penalty(10, 1.5 * DAY) == 2.0
    assert policy.penalty(10, 5 * DAY) == 5.0
    assert policy.penalty(10, 5 * DAY + 1) == 10  # more than max_days late
    assert policy.penalty(0, 3 * DAY) == 0


def test_other_policies():
    assert LatePolicy("none").penalty(10, 3 * DAY) == 0
    assert LatePolicy("zero").penalty(7, 60) == 7
    assert "scores 0" in LatePolicy("zero").describe()
    assert "without penalty" in LatePolicy("none").describe()


def test_dates_and_durations_read_as_people_write_them():
    assert format_when(datetime(2027, 2, 1, 17, tzinfo=UTC)) == "Monday 1 February 2027, 17:00 UTC"
    assert format_duration(14 * 3600) == "14 h 0 min"
    assert format_duration(2 * DAY + 3 * 3600 + 300) == "2 days 3 h 5 min"
    assert format_duration(61) == "2 min"
