"""One batch of broken and hostile submissions, graded together, with honest ones.

The batch must complete; every hostile fixture gets its expected outcome (refused
only when nothing in it can be graded, repaired and graded otherwise); the honest
students' grades are the same as when they were graded alone; nothing under
submitted/ or exercises/ changes; no secret reaches an output; no score exceeds its
maximum; every submission appears in the report with its status.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import time
import uuid
from pathlib import Path

import grading_course as dc
import nbformat
import pytest

from crossing_borders import cli
from crossing_borders.autograde import run as grader
from crossing_borders.autograde.lock import GradeLocked, RunLock
from crossing_borders.autograde.sandbox import SandboxConfig, SandboxUnavailable
from crossing_borders.publish.site import nbgrader

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.geteuid() != 0 and os.environ.get("CI") != "true",
        reason="the grading sandbox needs root (under CI this never skips)",
    ),
]

HONEST = ["honest1", "honest2", "honest3"]
CELL_TIMEOUT = 4
TIMEOUT = 25
MAX_CELL_BYTES = 100_000
TAG = uuid.uuid4().hex[:8]

# variant -> (status, total autograded score, substring of the reason / notes / flags)
EXPECTED = {
    "infinite_loop": ("needs_manual", 1.0, "'q1-answer' did not finish within 4 s and was stopped"),
    "sigint_ignored": ("needs_manual", 2.0, "the kernel stayed busy after an earlier cell"),
    "huge_line": ("needs_manual", 3.0, "truncated to 100000 bytes"),
    "many_lines": ("needs_manual", 3.0, "truncated to 100000 bytes"),
    "import_error": ("needs_manual", 1.0, ""),
    "os_exit": ("needs_manual", 2.0, "kernel died"),
    "deleted_test": ("needs_manual", 3.0, "test cell 'q1-tests' was missing: restored"),
    "edited_test": (
        "needs_manual",
        1.0,
        "test cell 'q1-tests' was edited: the original was restored",
    ),
    "edited_readonly": ("needs_manual", 2.0, "read-only cell 'setup' was edited"),
    "test_to_markdown": ("needs_manual", 1.0, "turned into markdown: restored as code"),
    "changed_points": ("needs_manual", 3.0, "points changed from 2 to 100: restored"),
    "renamed_id": ("needs_manual", 3.0, "grade_id 'q1-tests-renamed' is not in the gradebook"),
    "duplicated_id": ("needs_manual", 3.0, "grade_id 'q1-tests' is duplicated"),
    "empty_id": ("needs_manual", 3.0, "empty grade_id"),
    # the answer box comes back empty (and defines scaled() again): q2's test fails
    "empty_nbgrader": ("needs_manual", 2.0, "'q2-answer' was missing: restored as the empty"),
    "invalid_json": ("refused", None, "not valid JSON"),
    "empty_file": ("refused", None, "the file is empty"),
    "wrong_name": ("needs_manual", 3.0, "graded ps1 (1).ipynb as ps1.ipynb"),
    "widget_slider": ("needs_manual", 3.0, ""),
    "read_secrets": ("needs_manual", 3.0, ""),
    "write_outside": ("needs_manual", 3.0, ""),
    "always_equal": ("needs_manual", 1.0, ""),
    "score_over_max": ("needs_manual", 3.0, "partial credit '1000000' outside 0 to 1: clamped"),
    # a test tagged skip-execution still runs (and fails)
    "skip_tag": ("needs_manual", 1.0, ""),
    "hide_tracebacks": ("needs_manual", 1.0, ""),
}


def options(course, **kw):
    defaults = dict(
        course_root=course.root,
        assignment=dc.ASSIGNMENT,
        jobs=3,
        timeout=TIMEOUT,
        cell_timeout=CELL_TIMEOUT,
        progress=False,
        stream=io.StringIO(),
    )
    defaults.update(kw)
    return grader.GradeOptions(**defaults)


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def gradebook_grades(course, student):
    db = sqlite3.connect(course.root / "gradebook.db")
    rows = db.execute(
        """select base_cell.name, grade.auto_score, grade.manual_score, grade_cells.max_score
           from grade join base_cell on grade.cell_id = base_cell.id
           join grade_cells on grade_cells.id = grade.cell_id
           join submitted_notebook on grade.notebook_id = submitted_notebook.id
           join submitted_assignment on submitted_notebook.assignment_id = submitted_assignment.id
           where submitted_assignment.student_id = ? order by base_cell.name""",
        (student,),
    ).fetchall()
    db.close()
    return rows


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return dc.make_course(tmp_path_factory.mktemp("grading") / "course")


@pytest.fixture(scope="module")
def baseline(course):
    for student in HONEST:
        dc.submit(course, student)
    report = grader.grade(options(course))
    return report, {s: gradebook_grades(course, s) for s in HONEST}


@pytest.fixture(scope="module")
def run(course, baseline):
    for name, variant in dc.variants(course.root, TAG).items():
        if name != "honest":
            dc.submit(course, name, variant)
    before = {
        "submitted": digest(course.root / "submitted"),
        "exercises": digest(course.root / "exercises"),
    }
    started = time.monotonic()
    report = grader.grade(options(course))
    elapsed = time.monotonic() - started
    after = {
        "submitted": digest(course.root / "submitted"),
        "exercises": digest(course.root / "exercises"),
    }
    return report, elapsed, before, after


def autograded(course, student) -> nbformat.NotebookNode:
    return nbformat.read(course.root / "autograded" / student / "ps1" / "ps1.ipynb", as_version=4)


def output_text(nb) -> str:
    return json.dumps([c.get("outputs", []) for c in nb.cells])


def test_baseline_grades_the_honest_students(baseline):
    report, grades = baseline
    assert {r.student_id: (r.status, r.auto_score) for r in report.rows} == {
        s: ("needs_manual", 3.0) for s in HONEST
    }
    assert all(g[0] for g in grades.values())


def test_the_whole_batch_completes(run):
    report, elapsed, *_ = run
    assert sorted(r.student_id for r in report.rows) == sorted([*EXPECTED, *HONEST])
    assert elapsed < 180


@pytest.mark.parametrize("variant", sorted(EXPECTED))
def test_outcome(run, variant):
    report = run[0]
    status, auto, text = EXPECTED[variant]
    row = report.row(variant)
    everything = " | ".join([row.reason, *row.notes, *row.flags])
    assert row.status == status, everything
    assert row.auto_score == auto, everything
    assert text in everything
    if status == "refused":
        assert row.score is None and row.reason


def test_honest_grades_unchanged_by_the_hostile_batch(course, baseline, run):
    report = run[0]
    for student in HONEST:
        assert report.row(student).status == "needs_manual"
        assert report.row(student).auto_score == 3.0
        assert gradebook_grades(course, student) == baseline[1][student]


def test_submitted_and_exercises_are_never_modified(run):
    report, _, before, after = run
    assert before == after
    assert report.integrity_errors == []


def test_nothing_written_outside_the_sandbox(course, run):
    assert not list(course.root.rglob("PWNED*"))
    assert not Path(f"/tmp/cb-pwned-{TAG}").exists()
    assert not Path(f"/tmp/cb-pwned2-{TAG}").exists()
    assert not Path("/work/PWNED").exists()
    text = output_text(autograded(course, "write_outside"))
    assert f"cannot write {course.root}/exercises/ps1/PWNED.py" in text


def student_output_text(nb) -> str:
    """Outputs of every cell but the test cells (whose tracebacks quote their own source)."""
    return json.dumps(
        [
            c.get("outputs", [])
            for c in nb.cells
            if not (c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code")
        ]
    )


def test_secrets_never_reach_outputs(course, run):
    report = run[0]
    for row in report.rows:
        if row.status == "refused":
            continue
        nb = autograded(course, row.student_id)
        text = output_text(nb)
        assert dc.SOLUTION_SECRET not in text, row.student_id
        assert "SQLite format 3" not in text, row.student_id
        assert dc.HIDDEN_SECRET not in student_output_text(nb), row.student_id
    text = output_text(autograded(course, "read_secrets"))
    assert f"cannot read {course.root}/gradebook.db FileNotFoundError" in text


def test_floods_are_capped_in_bytes(course, run):
    for student in ("huge_line", "many_lines"):
        nb = autograded(course, student)
        for cell in nb.cells:
            size = len(json.dumps(cell.get("outputs", [])))
            assert size < MAX_CELL_BYTES * 1.2, (student, size)
        assert "output truncated" in output_text(nb).lower()
        path = course.root / "autograded" / student / "ps1" / "ps1.ipynb"
        assert path.stat().st_size < 400_000


def test_tests_that_did_not_run_score_zero(course, run):
    nb = autograded(course, "sigint_ignored")
    q2 = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q2-tests")
    assert q2.outputs[0].ename == "CellNotExecuted"


def test_no_score_exceeds_its_maximum(course, run):
    db = sqlite3.connect(course.root / "gradebook.db")
    over = db.execute(
        """select grade.id from grade join grade_cells on grade.cell_id = grade_cells.id
           where grade.auto_score > grade_cells.max_score
              or grade.manual_score > grade_cells.max_score or grade.auto_score < 0"""
    ).fetchall()
    db.close()
    assert over == []
    assert run[0].row("changed_points").max_score == dc.MAX_SCORE


def test_report_csv_lists_every_submission(run):
    report = run[0]
    with open(report.csv_path) as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert set(rows) == {r.student_id for r in report.rows}
    assert rows["invalid_json"]["status"] == "refused" and rows["invalid_json"]["score"] == ""
    assert rows["honest1"]["status"] == "needs_manual" and rows["honest1"]["auto_score"] == "3"
    assert "refused: 2" in grader.rep.summary(report)


def test_gradebook_backed_up_before_the_run(run):
    backup = Path(run[0].backup)
    assert backup.exists()
    db = sqlite3.connect(backup)
    names = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
    db.close()
    assert {"grade", "submitted_assignment"} <= names


def test_a_second_concurrent_run_is_refused(course, run):
    with RunLock(course.root / "grade-runs" / "grade.lock"), pytest.raises(GradeLocked):
        grader.grade(options(course, students=["honest1"]))


def test_refuses_when_the_sandbox_is_missing(course, run):
    before = digest(course.root / "autograded")
    with pytest.raises(SandboxUnavailable, match="bubblewrap"):
        grader.grade(options(course, sandbox=SandboxConfig(bwrap="/nonexistent/bwrap")))
    assert digest(course.root / "autograded") == before


def test_timeout_is_a_failure_not_a_zero(course, run):
    slow = dc.append_code("q1-answer", "import time\ntime.sleep(6)")
    dc.submit(course, "slowpoke", slow)
    report = grader.grade(options(course, students=["slowpoke"], timeout=8, cell_timeout=7))
    row = report.row("slowpoke")
    assert row.status == "failed" and "time limit" in row.reason and row.score is None
    rows = export(course)
    assert rows["slowpoke"]["status"] == "failed" and rows["slowpoke"]["score"] == ""
    assert "time limit" in rows["slowpoke"]["reason"]
    assert rows["invalid_json"]["status"] == "refused" and rows["invalid_json"]["score"] == ""
    assert rows["honest1"]["status"] == "needs_manual" and rows["honest1"]["raw_score"] == "3"
    assert "waiting for a grader" in rows["honest1"]["reason"]


def export(course) -> dict[str, dict[str, str]]:
    """`nbgrader export`, as an instructor runs it, read back by student."""
    nbgrader("export", cwd=course.root)
    with (course.root / "grades.csv").open(newline="") as handle:
        return {r["student_id"]: r for r in csv.DictReader(handle)}


def test_a_stopped_answer_cell_is_the_reason_and_grading_a_reflection_updates_status(course, run):
    """The status in the export is read from the gradebook, the reason from the run."""
    looping = dc.append_code("q1-answer", "while True:\n    pass")
    dc.submit(course, "looper", looping)
    report = grader.grade(options(course, students=["looper"], cell_timeout=3))
    row = report.row("looper")
    assert row.status == "needs_manual"
    assert "'q1-answer' did not finish within 3 s and was stopped" in row.reason
    before = export(course)["looper"]
    assert before["status"] == "needs_manual" and "did not finish" in before["reason"]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        grade = gb.find_grade("q3-answer", dc.NOTEBOOK, dc.ASSIGNMENT, "looper")
        grade.manual_score = 1.0  # what the formgrader stores when a grader scores it
        grade.needs_manual_grade = False
        gb.db.commit()
    after = export(course)["looper"]
    assert after["status"] == "graded" and "waiting" not in after["reason"]
    assert float(after["score"]) == float(before["score"]) + 1.0


def test_command_line_grade_and_export(course, run, tmp_path, capsys):
    code = cli.main(
        [
            "grade",
            "ps1",
            "--course-root",
            str(course.root),
            "--student",
            "honest2",
            "--no-progress",
            "--cell-timeout",
            "10",
        ]
    )
    assert code == 0
    assert "needs_manual: 1" in capsys.readouterr().out
    rows = export(course)
    assert rows["honest2"]["status"] == "needs_manual"
    assert rows["empty_file"]["status"] == "refused" and rows["empty_file"]["score"] == ""


def test_unsafe_opt_out_runs_but_says_so(course, run, capsys):
    report = grader.grade(
        options(course, students=["honest3"], sandbox=SandboxConfig(enabled=False))
    )
    assert report.unsandboxed and report.row("honest3").auto_score == 3.0
    assert "UNSANDBOXED" in grader.rep.summary(report)
    assert "--unsafe-no-sandbox" in capsys.readouterr().err


def test_a_preprocessor_the_instructor_configures_runs_in_the_sandboxed_grader(tmp_path):
    """The grader takes nbgrader's pipeline from the configuration; only execution differs."""
    course = dc.make_course(tmp_path / "course")
    config = course.root / "nbgrader_config.py"
    config.write_text(config.read_text() + dc.WITH_OWN_PREPROCESSOR)
    dc.submit(course, "honest1")
    report = grader.grade(options(course))
    assert report.row("honest1").auto_score == 3.0
    graded = autograded(course, "honest1")
    assert graded.metadata["graded_by"] == "an instructor's own preprocessor"
