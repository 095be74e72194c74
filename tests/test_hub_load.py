"""Thirty students hand in at once on `make hub`: every submission collected, none mixed up.

The round is the one `make bench` times (hub_round.load_round): every account's
server started with its own token, the release, then all thirty fetch, answer and
submit at the same moment, and the instructor collects. The timings go into the
journey summary at the end of the run; nothing here asserts a time.
"""

from __future__ import annotations

import pytest
from hub_round import load_round, marker, start_trial
from journey import ROOT, TIMINGS, clean_environment, guide_steps
from test_journey_hub import answers_for, leftovers

pytestmark = pytest.mark.slow
STUDENTS = 30
HUB_STEP = {s.name: s for s in guide_steps(ROOT / "guides" / "instructor.md")}["instructor-hub"]


def test_thirty_students_submit_at_once_and_every_submission_is_collected(tmp_path):
    env = clean_environment(tmp_path / "home")
    trial = start_trial(ROOT, HUB_STEP.script, STUDENTS, tmp_path / "hub.log", env)
    try:
        played = load_round(trial, answers_for)
    finally:
        trial.stop()
    for step, seconds in played.timings.items():
        TIMINGS.add("hub load", f"{STUDENTS} students: {step}", seconds)
    assert len(played.students) == STUDENTS
    report = played.collected  # read from submitted/ before the trial was stopped
    for student in played.students:
        assert marker(student.name) in report[student.name], student.name
    assert sorted(report) == sorted(s.name for s in played.students)
    assert leftovers(trial) == {"accounts": [], "processes": [], "folders": [], "ports": []}
