"""The Canvas and Moodle import files: formats, scores, statuses kept, bad input refused.

A small gradebook is made with nbgrader's own API (two assignments, listed in
course.toml in the opposite of alphabetical order) with four rostered students:

- ana: both graded, `alpha` 1.5 days late (per_day 10 %: two started days, -20 %);
- ben: `zeta` autograded with the reflection still waiting for a grader; `alpha` missing;
- cleo: `zeta` refused and `alpha` failed by the last grading run (never in the gradebook's
  submissions);
- dan: on the roster, not in the gradebook at all.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import venv_path
from journey import guide_steps
from nbgrader.api import Gradebook
from traitlets.config import Config

from crossing_borders.autograde.report import Row, Status, StatusStore
from crossing_borders.course.export import CourseExport
from crossing_borders.course.lms import (
    CanvasExport,
    LmsExport,
    MoodleExport,
    RosterError,
    read_roster,
)

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "guides" / "instructor.md"
BIN = Path(sys.executable).parent
DUE = datetime(2027, 2, 1, 17, 0)
ORDER = ["zeta", "alpha"]  # course order, from course.toml
CANVAS_HEAD = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *ORDER]
MOODLE_HEAD = ["ID number", "Email address", "Full name"]
MOODLE_HEAD += [f"{a}{s}" for a in ORDER for s in ("", " (feedback)")]
ROSTER = """\
student_id,name,email,lms_id
ana,"Meyer, Ana",ana@example.org,1001
ben,"Okafor, Ben",ben@example.org,1002
cleo,"Silva, Cleo",cleo@example.org,1003
dan,"Weiss, Dan",dan@example.org,1004
"""
CALENDAR = """\
[course]
id = "demo"
[late_policy]
method = "per_day"
percent_per_day = 10
max_days = 5
[assignments.zeta]
due = 2027-02-01T17:00:00Z
[assignments.alpha]
due = 2027-02-01T17:00:00Z
"""
CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "demo"
c.CourseDirectory.root = {root!r}
c.CourseCalendar.path = {calendar!r}
c.ExportApp.plugin_class = "crossing_borders.course.export.CourseExport"
"""


def _submit(gb: Gradebook, assignment: str, student: str, auto: float, manual, late_days=0.0):
    gb.add_submission(assignment, student, timestamp=DUE + timedelta(days=late_days))
    autograded = gb.find_grade("auto", "nb", assignment, student)
    autograded.auto_score, autograded.needs_manual_grade = auto, False
    reflection = gb.find_grade("reflection", "nb", assignment, student)
    reflection.manual_score = manual
    reflection.needs_manual_grade = manual is None
    gb.db.commit()


@pytest.fixture(scope="module")
def gradebook_file(tmp_path_factory) -> Path:
    """The class's gradebook, made once (nbgrader's migrations are the slow part); each
    test works on its own copy."""
    path = tmp_path_factory.mktemp("lms-gradebook") / "gradebook.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", venv_path())
        with Gradebook(f"sqlite:///{path}", course_id="demo") as gb:
            for name in ORDER:
                gb.add_assignment(name, duedate=DUE)
                gb.add_notebook("nb", name)
                gb.add_grade_cell("auto", "nb", name, max_score=4, cell_type="code")
                gb.add_grade_cell("reflection", "nb", name, max_score=2, cell_type="markdown")
            for student in ("ana", "ben", "cleo"):
                gb.update_or_create_student(student)
            _submit(gb, "zeta", "ana", 4, 2)
            _submit(gb, "alpha", "ana", 3, 2, late_days=1.5)
            _submit(gb, "zeta", "ben", 3, None)
    return path


@pytest.fixture
def course(tmp_path, monkeypatch, gradebook_file: Path) -> Path:
    root = tmp_path / "course"
    root.mkdir()
    monkeypatch.setenv("PATH", venv_path())
    (root / "course.toml").write_text(CALENDAR)
    (root / "roster.csv").write_text(ROSTER)
    (root / "nbgrader_config.py").write_text(
        CONFIG.format(root=str(root), calendar=str(root / "course.toml"))
    )
    shutil.copy(gradebook_file, root / "gradebook.db")
    store = StatusStore(root / "grade-runs")
    store.update("zeta", [Row("cleo", "zeta", Status.REFUSED, reason="no notebook handed in")])
    store.update("alpha", [Row("cleo", "alpha", Status.FAILED, reason="time limit of 60 s")])
    monkeypatch.chdir(root)
    return root


def plugin(cls: type[LmsExport], root: Path, **traits) -> LmsExport:
    config = Config()
    config.CourseCalendar.path = str(root / "course.toml")
    for name, value in traits.items():
        config.LmsExport[name] = value
    return cls(config=config)


def run_export(cls: type[LmsExport], root: Path, **traits) -> list[list[str]]:
    exporter = plugin(cls, root, **traits)
    exporter.to = str(root / "out.csv")
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="demo") as gb:
        exporter.export(gb)
    with (root / "out.csv").open(newline="") as handle:
        return list(csv.reader(handle))


def by_id(rows: list[list[str]], column: int) -> dict[str, list[str]]:
    return {row[column]: row for row in rows[1:]}


def course_scores(root: Path) -> dict[tuple[str, str], dict]:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="demo") as gb:
        rows = plugin(CanvasExport, root).rows(gb)
    return {(r["student_id"], r["assignment"]): r for r in rows}


def test_canvas_file_has_canvas_columns_scores_and_empty_ungraded_cells(course):
    rows = run_export(CanvasExport, course)
    assert rows[0] == CANVAS_HEAD
    canvas = by_id(rows, 1)  # the roster's LMS id is Canvas's user ID
    assert list(canvas) == ["1001", "1002", "1003", "1004"]  # roster order, every student
    assert canvas["1001"][:5] == ["Meyer, Ana", "1001", "", "", ""]
    assert canvas["1001"][5:] == ["6", "4"]  # alpha: 5 raw, 2 started days late -> -20 %
    expected = course_scores(course)  # the course export's score, after the late penalty
    assert canvas["1001"][5:] == [expected[("ana", a)]["score"] for a in ORDER]
    assert canvas["1002"][5:] == ["", ""]  # needs_manual and missing: not graded, not 0
    assert canvas["1003"][5:] == ["", ""]  # refused and failed
    assert canvas["1004"][5:] == ["", ""]  # not in the gradebook


def test_moodle_file_keeps_the_reason_beside_each_empty_grade(course):
    rows = run_export(MoodleExport, course)
    assert rows[0] == MOODLE_HEAD
    moodle = by_id(rows, 0)
    assert moodle["1001"][:3] == ["1001", "ana@example.org", "Meyer, Ana"]
    assert moodle["1001"][3] == "6" and moodle["1001"][5] == "4"
    ben = moodle["1002"]
    assert ben[3] == "" and ben[4].startswith("needs_manual: waiting for a grader: reflection")
    assert ben[5] == "" and ben[6] == "missing: nothing was handed in"
    cleo = moodle["1003"]
    assert cleo[3:] == [
        "",
        "refused: no notebook handed in",
        "",
        "failed: time limit of 60 s",
    ]
    assert moodle["1004"][3:] == ["", "not in the gradebook"] * 2


def test_missing_work_follows_the_instructors_policy(course):
    moodle = by_id(run_export(MoodleExport, course, missing="zero"), 0)
    assert moodle["1002"][5] == "0"  # missing -> 0 when the policy says so
    assert moodle["1002"][3] == "" and moodle["1003"][5] == ""  # never for the others


def test_nbgrader_export_with_the_exporter_option(course):
    """As `make export LMS=canvas` runs it: nbgrader's own alias, in the course folder."""
    done = subprocess.run(
        [
            str(BIN / "nbgrader"),
            "export",
            "--exporter=crossing_borders.course.lms.CanvasExport",
            "--to",
            "grades-canvas.csv",
        ],
        cwd=course,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "1 student(s) still wait for a grader" in done.stderr
    assert "Not graded: zeta cleo (refused: no notebook handed in)" in done.stderr
    with (course / "grades-canvas.csv").open(newline="") as handle:
        assert list(csv.reader(handle)) == run_export(CanvasExport, course)


@pytest.mark.parametrize(
    "roster, message",
    [
        (None, "(?s)no roster at .*student_id,name,email,lms_id"),
        ("student_id,name,lms_id\nana,Ana,1\n", "lacks the column\\(s\\) email"),
        (ROSTER + "ana,Again,a@example.org,1009\n", "duplicate student_id: ana"),
        (ROSTER + "eve,Eve,e@example.org,1001\n", "duplicate lms_id: 1001"),
        ("student_id,name,email,lms_id\nana,Ana,a@example.org,\n", "empty lms_id on line"),
        (
            "student_id,name,email,lms_id\nana,Ana,a@example.org,1\n",
            "2 gradebook student\\(s\\) not on the roster: ben, cleo",
        ),
    ],
)
def test_bad_input_is_a_clear_error_and_the_old_file_stays(course, roster, message):
    roster_file = course / "roster.csv"
    roster_file.unlink()
    if roster is not None:
        roster_file.write_text(roster)
    exporter = plugin(MoodleExport, course)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="demo") as gb:
        with pytest.raises(RosterError, match=message):
            exporter.table(gb)
        (course / "out.csv").write_text("the earlier export\n")
        exporter.to = str(course / "out.csv")
        with pytest.raises(SystemExit) as stopped:
            exporter.export(gb)
    assert stopped.value.code == 1
    assert (course / "out.csv").read_text() == "the earlier export\n"
    assert [p.name for p in course.iterdir() if ".tmp-" in p.name] == []


def test_unrostered_students_can_be_left_out_on_purpose(course):
    (course / "roster.csv").write_text("student_id,name,email,lms_id\nana,Ana,a@example.org,1\n")
    rows = run_export(CanvasExport, course, allow_unrostered=True)
    assert [r[1] for r in rows[1:]] == ["1"]


def test_a_bad_roster_fails_the_command_and_keeps_the_old_file(course):
    (course / "roster.csv").unlink()
    (course / "grades-moodle.csv").write_text("kept\n")
    done = subprocess.run(
        [
            str(BIN / "nbgrader"),
            "export",
            "--exporter=crossing_borders.course.lms.MoodleExport",
            "--to=grades-moodle.csv",
            "--LmsExport.roster=class-list.csv",
        ],
        cwd=course,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "no roster at" in done.stderr and "class-list.csv" in done.stderr
    assert "Nothing was written to grades-moodle.csv" in done.stderr
    assert (course / "grades-moodle.csv").read_text() == "kept\n"


def test_make_export_knows_its_lms_choices():
    wrong = subprocess.run(
        ["make", "--no-print-directory", "export", "LMS=nonsense"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert wrong.returncode != 0
    assert "unknown LMS=nonsense; choose one of: canvas moodle" in wrong.stdout + wrong.stderr
    planned = subprocess.run(
        ["make", "-n", "--no-print-directory", "export", "LMS=moodle", "ROSTER=class.csv"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert planned.returncode == 0, planned.stderr
    assert (
        "nbgrader export --exporter=crossing_borders.course.lms.MoodleExport "
        "--to=grades-moodle.csv --LmsExport.roster=class.csv"
    ) in planned.stdout
    plain = subprocess.run(
        ["make", "-n", "--no-print-directory", "export"], cwd=REPO, capture_output=True, text=True
    )
    assert plain.stdout.strip().endswith(".venv/bin/nbgrader export")


def test_plain_export_is_still_the_course_export():
    assert not issubclass(CourseExport, LmsExport) and issubclass(CanvasExport, CourseExport)


def test_the_guide_shows_the_canvas_command_and_a_roster_the_export_reads(tmp_path):
    steps = {s.name: s for s in guide_steps(GUIDE)}
    assert steps["instructor-export-lms"].script.strip() == "make export LMS=canvas"
    example = GUIDE.read_text().split("```csv\n", 1)[1].split("```", 1)[0]
    (tmp_path / "roster.csv").write_text(example)
    roster = read_roster(tmp_path / "roster.csv")
    assert [s.lms_id for s in roster] == ["40213", "40214"] and roster[0].name == "Meyer, Anna"
