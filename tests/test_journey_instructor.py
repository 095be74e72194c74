"""The instructor guide, walked with a class of four: calendar, release, grade, feedback, export."""

from __future__ import annotations

import csv
import json
import re
import tomllib

import pytest
from journey import ROOT, iter_rows, stopped_cleanly
from journey_fixtures import (
    ANSWERS,
    ASSIGNMENT,
    AUTO,
    CELL_TIMEOUT,
    COMMENTS,
    FIRST,
    INSTRUCTOR_GUIDE,
    MANUAL,
    ME,
    NOTEBOOK,
    REFLECTION,
    REFLECTION_POINTS,
    REGRADED,
    ROSTER,
    TOTAL,
)
from test_journey_student import feedback_page

from crossing_borders.schedule import load_schedule

pytestmark = pytest.mark.slow


def test_the_guide_shows_each_step_once_in_the_order_an_instructor_takes():
    assert list(INSTRUCTOR_GUIDE) == [
        "instructor-schedule",
        "instructor-release",
        "instructor-collect",
        "instructor-grade",
        "instructor-formgrader",
        "instructor-feedback",
        "instructor-regrade-request",
        "instructor-regrade-feedback",
        "instructor-export",
        "instructor-export-lms",
        "instructor-analytics",
        "instructor-hub",
    ]


def test_the_guides_calendar_example_is_a_valid_course_toml(tmp_path):
    text = (ROOT / "guides" / "instructor.md").read_text()
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "course.toml"
    path.write_text('[course]\nid = "example"\n' + example)
    schedule = load_schedule(path)
    assert schedule.extension(ASSIGNMENT, "alice").days == 2
    assert tomllib.loads(example)["late_policy"]["method"] == "per_day"


def test_release_is_gated_by_the_leak_check_and_shows_in_the_schedule(released):
    before = released.outputs["schedule"]
    assert f"{ASSIGNMENT}" in before and "release due" in before
    assert "alice +2 days" in before
    out = released.outputs["release"]
    assert "leaks:" in out and "0 leak(s)" in out
    assert out.index("0 leak(s)") < out.index("nbgrader release_assignment")
    # One assignment released, the others not yet.
    outbound = released.clone / "exchange" / "crossing-borders" / "outbound"
    assert [p.name for p in outbound.iterdir()] == [ASSIGNMENT]


def test_grading_reports_every_student_and_what_happened(graded):
    out = graded.outputs["grade"]
    assert "graded: 1  needs_manual: 3  failed: 0  refused: 0" in out
    (report,) = (graded.clone / "grade-runs" / "reports").glob(f"{ASSIGNMENT}-*.csv")
    rows = {r["student_id"]: r for r in iter_rows(report)}
    assert sorted(rows) == sorted(ANSWERS)
    stopped = f"'{FIRST}' did not finish within {CELL_TIMEOUT} s and was stopped"
    assert stopped in rows["looper"]["reason"]
    assert "after the deadline" in rows["looper"]["notes"]
    assert "after the deadline" not in rows["alice"]["notes"]
    assert list((graded.clone / "grade-runs" / "backups").glob("gradebook-*.db"))


def test_reflections_are_marked_by_keys_blind_and_the_formgrader_agrees(manually_graded):
    seen = json.loads(manually_graded.outputs["formgrader"])
    assert "ch01-talent-on-the-move" in seen["overview"]
    assert sorted(seen["saved"]) == sorted(MANUAL)
    for student, status in seen["saved"].items():
        assert f"Saved {MANUAL[student]:g}/{REFLECTION_POINTS:g} for {student}" in status
    assert seen["named_before_save"] == [] and seen["outside"] == []
    graded = seen["formgrader"]
    assert graded["students"] == sorted(ANSWERS)
    assert all(graded["rubric_shown"].values())
    assert "Formgrader" in graded["menu"]
    for student, score in MANUAL.items():
        grade = graded["grades"][student]
        assert grade["manual_score"] == score and not grade["needs_manual_grade"]
        assert COMMENTS[student] in grade["comment"]  # one line per criterion, then this
    assert graded["blocked"] == []
    assert stopped_cleanly(seen["exit"])


def test_a_regrade_request_is_recorded_answered_and_returned(regraded):
    assert "Recorded R1: alice" in regraded.outputs["regrade-request"]
    assert "R1  open" in regraded.outputs["regrade-request"]
    seen = json.loads(regraded.outputs["regrade"])
    assert list(seen["saved"]) == ["alice"]
    with (regraded.clone / "regrades.csv").open() as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["status"], row["previous"], row["new"]) == ("regraded", "9", "10")
    assert "0 leak(s)" in regraded.outputs["regrade-feedback"]
    alice = feedback_page(regraded, "alice").text[0]
    assert "criterion by criterion: 10 of 10 points" in alice
    assert COMMENTS["alice"] in alice


def test_feedback_is_leak_free_and_says_what_happened(feedback_returned):
    assert "0 leak(s)" in feedback_returned.outputs["feedback"]
    assert "0 leak(s)" in feedback_returned.outputs["leaks"]
    looper = feedback_page(feedback_returned, "looper").text[0]
    assert f"did not finish within {CELL_TIMEOUT} seconds and was stopped" in looper
    assert (
        f"Not checked: the answer cell above did not finish within {CELL_TIMEOUT} seconds" in looper
    )
    assert re.search(r"14 h \d+ min after the deadline", looper)
    assert "Late penalty: 1 point(s)" in looper
    alice = feedback_page(feedback_returned, "alice").text[0]
    assert COMMENTS["alice"] in alice and "on time" in alice
    assert ANSWERS["alice"][REFLECTION] in alice


def test_the_export_is_final_and_true_for_every_student(exported):
    rows = {r["student_id"]: r for r in iter_rows(exported.clone / "grades.csv")}
    assert sorted(rows) == sorted(ANSWERS)
    for student, row in rows.items():
        assert row["assignment"] == ASSIGNMENT
        assert row["status"] == "graded", (student, row)
        assert "waiting" not in row["reason"]
        raw = AUTO[student] + REGRADED.get(student, 0.0)
        assert float(row["raw_score"]) == raw
        assert float(row["max_score"]) == TOTAL + REFLECTION_POINTS
    assert rows["looper"]["late_submission_penalty"] == "1"
    assert float(rows["looper"]["score"]) == AUTO["looper"] + REGRADED["looper"] - 1
    assert float(rows["looper"]["hours_late"]) > 13.9
    assert f"did not finish within {CELL_TIMEOUT} s" in rows["looper"]["reason"]
    for student in (ME, "alice"):
        assert rows[student]["extension"] == "2 days 0 h 0 min"
        assert rows[student]["hours_late"] == "0"
        assert rows[student]["late_submission_penalty"] == "0"
    assert rows["blank"]["score"] == "0" and rows["blank"]["status"] == "graded"


def test_nothing_a_student_handed_in_was_lost(feedback_returned):
    """Every submission is in submitted/ as handed in, and every student got feedback."""
    import nbformat

    for student, answers in ANSWERS.items():
        path = feedback_returned.clone / "submitted" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        cells = {
            c.metadata.get("nbgrader", {}).get("grade_id"): c.source
            for c in nbformat.read(path, as_version=4).cells
        }
        for grade_id, source in answers.items():
            assert cells[grade_id] == source, (student, grade_id)
        assert feedback_page(feedback_returned, student).text[0]


def test_the_canvas_file_carries_the_export_for_each_rostered_student(exported):
    with (exported.clone / "grades-canvas.csv").open(newline="") as handle:
        rows = {row["ID"]: row for row in csv.DictReader(handle)}
    grades = {r["student_id"]: r for r in iter_rows(exported.clone / "grades.csv")}
    assert sorted(rows) == sorted(str(n) for n in ROSTER.values())
    for student, lms_id in ROSTER.items():
        assert rows[str(lms_id)][ASSIGNMENT] == grades[student]["score"], student


def test_the_analytics_pages_are_written_and_say_what_the_gradebook_says(exported):
    out = exported.outputs["analytics"]
    folder = exported.clone / "analytics" / ASSIGNMENT
    assert str(folder / "index.html") in out or "analytics/" in out
    summary = json.loads((folder / "summary.json").read_text())
    grades = {r["student_id"]: r for r in iter_rows(exported.clone / "grades.csv")}
    assert summary["status"]["graded"] == len(ANSWERS)
    assert summary["status"]["late"] == 2  # blank and the looper; the others were extended
    assert sorted(summary["totals"]["values"]) == sorted(float(r["score"]) for r in grades.values())
    reflection = next(q for q in summary["questions"] if q["cell"] == REFLECTION)
    assert reflection["difficulty"] == pytest.approx(
        sum(REGRADED.values()) / (len(ANSWERS) * REFLECTION_POINTS)
    )
    course = (exported.clone / "analytics" / "index.html").read_text()
    for student in ANSWERS:
        assert student in course
