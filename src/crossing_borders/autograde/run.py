"""``crossing-borders grade``: nbgrader's autograde for a whole class, sandboxed and in parallel.

The run, in order:

1. take the course's run lock (a second concurrent run stops with a message),
   check the sandbox (refuse to run when it is missing, unless
   ``--unsafe-no-sandbox``), back up the gradebook, checksum every file of the
   submissions to grade;
2. pre-flight (`repair.py`): each submission is repaired into a staging folder,
   or refused with the reason when nothing in it can be graded;
3. execution runs ahead: each staged notebook goes through the configured
   sanitising preprocessors (nbgrader's `Autograde.sanitize_preprocessors`) and
   its code cells into a sandbox, several at once (`execute.Runs`);
4. nbgrader's own `Autograde` converter then grades each student in turn, with
   its configured preprocessors, except that `SandboxedExecute` stands where its
   `Execute` stood: it writes the gradebook and ``autograded/`` as
   ``nbgrader autograde`` would, one student at a time;
5. check that no file under ``submitted/`` changed, write the CSV report and the
   status file, print the summary.

Any preprocessor an instructor configures for nbgrader's autograde applies here
too; only the execution step is swapped.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import logging
import os
import shutil
import sqlite3
import sys
import time
import warnings
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import nbformat

from crossing_borders.autograde import report as rep
from crossing_borders.autograde.execute import RUNS, Runs, SandboxedExecute, code_sources
from crossing_borders.autograde.lock import RunLock
from crossing_borders.autograde.repair import (
    MAX_NOTEBOOK_BYTES,
    load_assignment_spec,
    read_regular_file,
    repair_submission,
)
from crossing_borders.autograde.sandbox import SandboxConfig, check_sandbox
from crossing_borders.schedule import format_duration

MAX_EXTRA_FILES = 500
MAX_EXTRA_BYTES = 200 * 2**20


def default_jobs() -> int:
    """Two sandboxes per core: half of a small notebook's time is spent waiting on the kernel."""
    return 2 * max(1, os.cpu_count() or 1)


class GradeError(RuntimeError):
    """The run cannot start (no such assignment, no gradebook, ...)."""


@dataclass
class GradeOptions:
    course_root: Path
    assignment: str
    students: list[str] | None = None
    jobs: int = field(default_factory=default_jobs)
    timeout: float = 600.0  # wall clock per submission
    cell_timeout: float | None = None  # default: the course's Execute.timeout
    sandbox: SandboxConfig = field(default_factory=SandboxConfig)
    only_changed: bool = False
    progress: bool = True
    state_dir: Path | None = None  # default: <course root>/grade-runs
    max_notebook_bytes: int = MAX_NOTEBOOK_BYTES
    stream: Any = None  # where the summary goes (default stdout)


@dataclass
class Course:
    root: Path
    config: Any
    coursedir: Any

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    def folder(self, kind: str, student: str, assignment: str) -> Path:
        directory = getattr(self.coursedir, f"{kind}_directory")
        return Path(self.coursedir.format_path(directory, student, assignment))


def load_course(root: Path) -> Course:
    """The course's nbgrader configuration (``nbgrader_config.py`` in its root)."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root).resolve()
    config = Config()
    if (root / "nbgrader_config.py").exists():
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    coursedir = CourseDirectory(config=config)
    if "root" not in config.get("CourseDirectory", {}):
        coursedir.root = str(root)
    return Course(root, config, coursedir)


def _config_value(config: Any, section: str, key: str, default: Any) -> Any:
    value = config.get(section, {}).get(key) if section in config else None
    return default if value is None else value


# ------------------------------------------------------------------ nbgrader's pipeline


def grading_config(course: Course, staging: Path, run_id: str) -> Any:
    """The course's configuration for nbgrader's Autograde, execution swapped.

    Submissions are read from the staging folder (repaired copies); everything
    else, preprocessors included, is what the course configured.
    """
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    config = copy.deepcopy(course.config)
    configured = Autograde(config=config).autograde_preprocessors
    steps = [SandboxedExecute if issubclass(p, Execute) else p for p in configured]
    if SandboxedExecute not in steps:
        raise GradeError("Autograde.autograde_preprocessors has no execution step to sandbox")
    config.Autograde.autograde_preprocessors = steps
    config.Autograde.force = True
    config.Autograde.create_student = True
    config.SandboxedExecute.run_id = run_id
    config.CourseDirectory.root = str(course.root)
    config.CourseDirectory.submitted_directory = str(staging)
    return config


def sanitized(config: Any, path: Path, resources: dict) -> nbformat.NotebookNode:
    """A staged notebook after the configured sanitising, as nbgrader will see it."""
    from nbgrader.converters import Autograde

    nb = nbformat.read(path, as_version=4)
    for step in Autograde(config=config).sanitize_preprocessors:
        nb, resources = step(config=config, log=QUIET).preprocess(nb, resources)
    return nb


#: nbgrader's own log while it grades: errors are collected per student (`_Errors`),
#: the rest (restored cells, late submissions) is in the report already.
QUIET = logging.getLogger("crossing_borders.autograde.nbgrader")
QUIET.propagate = False
QUIET.addHandler(logging.NullHandler())


class _Errors(logging.Handler):
    """nbgrader's error log lines for the student being graded."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def autograde_student(config: Any, assignment: str, student: str) -> list[str]:
    """nbgrader's Autograde converter for one student; its error lines (empty: success)."""
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.exc import SAWarning

    student_config = copy.deepcopy(config)
    student_config.CourseDirectory.student_id = student
    student_config.CourseDirectory.assignment_id = assignment
    errors = _Errors()
    QUIET.addHandler(errors)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SAWarning)  # nbgrader's own autoflush chatter
            coursedir = CourseDirectory(config=student_config)
            Autograde(coursedir=coursedir, config=student_config, log=QUIET).start()
    except Exception as exc:  # nbgrader raises NbGraderException after logging
        errors.lines.append(f"{type(exc).__name__}: {exc}")
    finally:
        QUIET.removeHandler(errors)
    return errors.lines


# ------------------------------------------------------------------ staging


def copy_extra_files(src: Path, dst: Path, ignore: list[str], notes: list[str]) -> None:
    """Copy a folder's non-notebook regular files; never follow a link."""
    count, total = 0, 0
    for dirpath, dirnames, filenames in os.walk(src, followlinks=False):
        rel = Path(dirpath).relative_to(src)
        dirnames[:] = [d for d in dirnames if not any(fnmatch(d, pat) for pat in ignore)]
        for name in filenames:
            if name.endswith(".ipynb") or any(fnmatch(name, pat) for pat in ignore):
                continue
            try:
                data = read_regular_file(Path(dirpath) / name, MAX_EXTRA_BYTES - total)
            except (OSError, ValueError) as exc:
                notes.append(f"file {rel / name} not copied: {exc}")
                continue
            count += 1
            total += len(data)
            if count > MAX_EXTRA_FILES:
                notes.append(f"more than {MAX_EXTRA_FILES} extra files: the rest not copied")
                return
            target = dst / rel / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _open_to_sandbox(folder: Path) -> None:
    """The sandbox's unprivileged user reads these files (nothing in them is secret)."""
    for dirpath, _, names in os.walk(folder):
        os.chmod(dirpath, 0o755)
        for name in names:
            os.chmod(os.path.join(dirpath, name), 0o644)


@dataclass
class Staged:
    student: str
    submission: Path  # the repaired copy nbgrader reads
    files: Path  # what the sandbox's working folder starts with
    notes: list[str]


def stage(course: Course, options: GradeOptions, spec, student: str, staging: Path):
    """Repair one submission into the staging folder: a `Staged`, or a refused `Row`."""
    assignment = options.assignment
    submitted = course.folder("submitted", student, assignment)
    release = course.folder("release", ".", assignment)
    repaired = repair_submission(
        submitted, spec, release if release.is_dir() else None, options.max_notebook_bytes
    )
    if not repaired.ok:
        row = rep.Row(student, assignment, rep.Status.REFUSED, reason="; ".join(repaired.refusals))
        row.notes = repaired.notes
        return row
    notes = list(repaired.notes)
    target = staging / "submitted" / student / assignment
    target.mkdir(parents=True)
    ignore = list(course.coursedir.ignore)
    copy_extra_files(submitted, target, ignore, notes)
    for name, nb in repaired.notebooks.items():
        nbformat.write(nb, target / f"{name}.ipynb")
    files = staging / "files" / student
    files.mkdir(parents=True)
    copy_extra_files(submitted, files, ignore, [])
    exclude = _config_value(course.config, "Autograde", "exclude_overwriting", {})
    source = course.folder("source", ".", assignment)
    copy_extra_files(source, files, [*ignore, *exclude.get(assignment, [])], [])
    _open_to_sandbox(files)
    return Staged(student, target, files, notes)


# ------------------------------------------------------------------ the run


def grade(options: GradeOptions) -> rep.RunReport:
    """Grade one assignment for every (or the listed) student. See the module doc."""
    started = time.monotonic()
    course = load_course(options.course_root)
    state = Path(options.state_dir or course.root / "grade-runs")
    run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + f"-{os.getpid()}"
    db = course.db_url
    if db.startswith("sqlite:///") and not Path(db[len("sqlite:///") :]).exists():
        raise GradeError(f"no gradebook at {db}: run nbgrader generate_assignment first")
    with RunLock(state / "grade.lock"):
        _check_sandbox(course, options)
        try:
            spec = load_assignment_spec(course.db_url, options.assignment)
        except LookupError as exc:
            raise GradeError(str(exc)) from None
        report = rep.RunReport(options.assignment, run_id, unsandboxed=not options.sandbox.enabled)
        report.backup = backup_gradebook(course, state / "backups", run_id)
        students = _students(course, options)
        before = {
            s: tree_digest(course.folder("submitted", s, options.assignment)) for s in students
        }
        if options.only_changed:
            known = rep.StatusStore(state).load(options.assignment)
            students = [s for s in students if not _unchanged(known.get(s), before[s])]
        staging = state / "staging" / run_id
        staging.mkdir(parents=True)
        try:
            rows = _grade_all(course, options, spec, students, staging, run_id, started)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            with contextlib.suppress(OSError):
                staging.parent.rmdir()
        for row in rows:
            row.submission_sha256 = _submission_sha(before[row.student_id])
        for s in students:
            if tree_digest(course.folder("submitted", s, options.assignment)) != before[s]:
                report.integrity_errors.append(f"files under submitted/{s}/ changed during the run")
        report.rows = rows
        report.elapsed = time.monotonic() - started
        csv_path = state / "reports" / f"{options.assignment}-{run_id}.csv"
        rep.write_csv(rows, csv_path)
        report.csv_path = str(csv_path)
        rep.StatusStore(state).update(options.assignment, rows)
        rep.summary(report, options.stream or sys.stdout)
    return report


def _check_sandbox(course: Course, options: GradeOptions) -> None:
    if not options.sandbox.enabled:
        print(
            "WARNING: --unsafe-no-sandbox: student code runs as this user, with access to "
            "the course, the gradebook and the network",
            file=sys.stderr,
        )
        return
    protected = [course.root]
    exchange = _config_value(course.config, "Exchange", "root", None)
    if exchange:
        protected.append(Path(exchange))
    invisible = [
        course.root / "nbgrader_config.py",
        course.folder("source", ".", options.assignment),
        course.folder("submitted", ".", "."),
    ]
    check_sandbox(options.sandbox, protected, invisible)


def _students(course: Course, options: GradeOptions) -> list[str]:
    submitted = course.folder("submitted", ".", ".")
    found = sorted(
        p.name
        for p in (submitted.iterdir() if submitted.is_dir() else [])
        if not p.name.startswith(".") and (p / options.assignment).exists()
    )
    if options.students:
        unknown = sorted(set(options.students) - set(found))
        if unknown:
            raise GradeError(f"no submission of {options.assignment} for: {', '.join(unknown)}")
        found = [s for s in found if s in set(options.students)]
    return found


def _unchanged(known: dict | None, digests: dict[str, str]) -> bool:
    return bool(
        known
        and known.get("status") in (rep.Status.GRADED, rep.Status.NEEDS_MANUAL)
        and known.get("submission_sha256") == _submission_sha(digests)
    )


def _grade_all(course, options, spec, students, staging, run_id, started) -> list[rep.Row]:
    config = grading_config(course, staging / "submitted", run_id)
    cell_timeout = float(
        options.cell_timeout or _config_value(course.config, "Execute", "timeout", 30)
    )
    runs = Runs(options.sandbox, cell_timeout, options.timeout, max(1, options.jobs))
    progress = rep.Progress(len(students), enabled=options.progress)
    rows: list[rep.Row] = []
    staged: list[Staged] = []
    for student in students:
        outcome = stage(course, options, spec, student, staging)
        if isinstance(outcome, rep.Row):
            rows.append(outcome)
            progress.update(outcome, time.monotonic(), started)
            continue
        staged.append(outcome)
    RUNS[run_id] = (runs, {s.student: s.files for s in staged})
    try:
        for item in staged:  # sanitise in this thread (it reads the gradebook), run ahead
            for path in sorted(item.submission.glob("*.ipynb")):
                resources = _resources(course, options.assignment, item.student, path.stem)
                nb = sanitized(config, path, resources)
                runs.start(item.student, path.stem, code_sources(nb), item.files)
        for item in staged:
            row = _autograde(course, config, options, spec, item, runs, run_id)
            rows.append(row)
            progress.update(row, time.monotonic(), started)
    except BaseException:  # Ctrl-C or a bug: stop every sandbox that has not started
        runs.pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        RUNS.pop(run_id, None)
        runs.close()
    return rows


def _resources(course: Course, assignment: str, student: str, notebook: str) -> dict:
    return {
        "unique_key": notebook,
        "nbgrader": {
            "student": student,
            "assignment": assignment,
            "notebook": notebook,
            "db_url": course.db_url,
        },
    }


def _autograde(course, config, options, spec, item: Staged, runs: Runs, run_id) -> rep.Row:
    t0 = time.monotonic()
    row = rep.Row(item.student, options.assignment, rep.Status.FAILED, run_id=run_id)
    row.max_score = spec.max_score
    row.notes = list(item.notes)
    errors = autograde_student(config, options.assignment, item.student)
    findings = runs.findings_for(item.student)
    row.notes += findings.notes
    row.flags += findings.flags
    if errors:
        row.reason = findings.failure or f"nbgrader could not grade it: {errors[-1][:300]}"
        _log_errors(course, options, run_id, item.student, errors)
    else:
        outcome = gradebook_outcome(course, options.assignment, item.student)
        row.status = rep.Status.NEEDS_MANUAL if outcome["needs_manual"] else rep.Status.GRADED
        row.score, row.max_score = outcome["score"], outcome["max_score"]
        row.auto_score = outcome["auto_score"]
        row.notes += outcome["late"]
        row.reason = "; ".join(findings.timeouts)
    row.seconds = time.monotonic() - t0
    row.graded_at = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    return row


def _log_errors(course, options, run_id, student, errors: list[str]) -> None:
    state = Path(options.state_dir or course.root / "grade-runs")
    state.mkdir(parents=True, exist_ok=True)
    with (state / "errors.log").open("a") as log:
        log.write(f"--- {run_id} {student}\n" + "\n".join(errors)[-8000:] + "\n")


def gradebook_outcome(course: Course, assignment: str, student: str) -> dict[str, Any]:
    """What nbgrader stored for one student's submission."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.coursedir.course_id) as gb:
        sub = gb.find_submission(assignment, student)
        penalty = sum(nb.late_submission_penalty or 0.0 for nb in sub.notebooks)
        late = []
        if sub.total_seconds_late > 0:
            late.append(
                f"handed in {format_duration(sub.total_seconds_late)} after the deadline"
                f" (late penalty so far: {penalty:g})"
            )
        return {
            "late": late,
            "score": float(sub.score),
            "max_score": float(sub.max_score),
            "auto_score": sum(g.auto_score or 0.0 for nb in sub.notebooks for g in nb.grades),
            "needs_manual": bool(sub.needs_manual_grade),
        }


# ------------------------------------------------------------------ nothing lost


def backup_gradebook(course: Course, folder: Path, run_id: str) -> str:
    url = course.db_url
    if not url.startswith("sqlite:///"):
        return ""
    db = Path(url[len("sqlite:///") :])
    if not db.exists():
        return ""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"gradebook-{run_id}.db"
    src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    with contextlib.closing(src), contextlib.closing(dst):
        src.backup(dst)
    return str(target)


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file (and link target) under a folder, by relative path."""
    digests = {}
    for dirpath, _, names in os.walk(folder, followlinks=False):
        for name in names:
            path = Path(dirpath) / name
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                digests[rel] = "link:" + os.readlink(path)
                continue
            h = hashlib.sha256()
            with path.open("rb") as f:
                for block in iter(lambda f=f: f.read(1 << 20), b""):
                    h.update(block)
            digests[rel] = h.hexdigest()
    return digests


def _submission_sha(digests: dict[str, str]) -> str:
    h = hashlib.sha256()
    for rel in sorted(digests):
        h.update(f"{rel}\0{digests[rel]}\n".encode())
    return h.hexdigest()
