"""``grade``: autograde an assignment for many students, safely, around nbgrader.

The run, in order:

1. take the course's run lock (a second concurrent run stops with a message);
2. check the sandbox (refuse to run when it is missing, unless
   ``--unsafe-no-sandbox``), back up the gradebook (timestamped SQLite copy),
   checksum every file of the submissions to grade;
3. grade the students in parallel, one forked process per student, at most
   ``jobs`` at a time, each under a wall-clock timeout (the process group is
   killed past it). For one student:

   a. pre-flight (:mod:`.preflight`): refuse a broken or tampered notebook with
      a reason, or note what will be restored;
   b. trusted stage: restore nbgrader metadata from the gradebook, then
      nbgrader's own ClearOutput, DeduplicateIds, OverwriteKernelspec,
      OverwriteCells (sources of read-only and test cells, cell types, points)
      and CheckCellMetadata;
   c. sandboxed stage (:mod:`.sandbox`): only the code cells' sources go into a
      bubblewrap sandbox, where nbclient runs them on an rlimited kernel as an
      unprivileged uid with no view of the course;
   d. trusted stage: the outputs that come back are validated and capped in
      bytes (:mod:`.outputs`) and in lines (nbgrader's LimitOutput), copied
      into the restored notebook; a test cell that did not run gets an error
      output (so it scores 0, never full marks); partial credit above a cell's
      maximum is clamped and flagged;

4. the parent alone writes the gradebook, one student at a time: nbgrader's
   SaveAutoGrades and AssignLatePenalties, then a clamp of any score above its
   maximum; the autograded folder is swapped in atomically;
5. check that no file under ``submitted/`` changed, write the CSV report and
   the status file, print the summary.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import shutil
import signal
import sqlite3
import sys
import time
import traceback
import warnings
from dataclasses import dataclass, field
from fnmatch import fnmatch
from multiprocessing.connection import wait as mp_wait
from pathlib import Path
from typing import Any

import nbformat

from crossing_borders.grading import report as rep
from crossing_borders.grading.lock import RunLock
from crossing_borders.grading.outputs import cap_outputs, error_output, sanitize_output
from crossing_borders.grading.preflight import (
    MAX_NOTEBOOK_BYTES,
    AssignmentSpec,
    CellSpec,
    check_submission,
    load_assignment_spec,
    read_regular_file,
    restore_metadata,
)
from crossing_borders.grading.sandbox import (
    SandboxConfig,
    check_sandbox,
    run_notebook,
)
from crossing_borders.schedule import format_duration

QUIET = logging.getLogger("crossing_borders.grading.nbgrader")
QUIET.addHandler(logging.NullHandler())
QUIET.propagate = False
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
    cell_timeout: float | None = None  # default: the course's Execute.timeout, else 30
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

    def path(self, kind: str, student: str, assignment: str) -> Path:
        folder = getattr(self.coursedir, f"{kind}_directory")
        return Path(self.coursedir.format_path(folder, student, assignment))

    def source(self, assignment: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.source_directory, ".", assignment))


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


# --------------------------------------------------------------------------------------
# the per-student pipeline (runs in a forked worker process)


@dataclass
class Job:
    student: str
    slot: int
    deadline: float
    scratch: Path
    staging: Path


class SubmissionFailed(Exception):
    pass


def _release_source_fn(config: Any):
    from nbgrader.preprocessors import ClearHiddenTests

    stripper = ClearHiddenTests(config=config, log=QUIET)

    def release_source(spec: CellSpec) -> str:
        cell = nbformat.v4.new_code_cell(spec.source)
        try:
            stripper._remove_hidden_test_region(cell)
        except RuntimeError:
            return spec.source
        return cell.source

    return release_source


def copy_extra_files(src: Path, dst: Path, ignore: list[str], notes: list[str]) -> None:
    """Copy a folder's non-notebook regular files; never follow a link."""
    count, total = 0, 0
    for dirpath, dirnames, filenames in os.walk(src, followlinks=False):
        rel = Path(dirpath).relative_to(src)
        dirnames[:] = [d for d in dirnames if not any(fnmatch(d, pat) for pat in ignore)]
        for name in filenames:
            if name.endswith(".ipynb") or any(fnmatch(name, pat) for pat in ignore):
                continue
            path = Path(dirpath) / name
            try:
                data = read_regular_file(path, MAX_EXTRA_BYTES - total)
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


def _sanitize(nb, nbspec, resources: dict, config: Any):
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearOutput,
        DeduplicateIds,
        OverwriteCells,
        OverwriteKernelspec,
    )

    restore_metadata(nb, nbspec)
    for cls in (
        ClearOutput,
        DeduplicateIds,
        OverwriteKernelspec,
        OverwriteCells,
        CheckCellMetadata,
    ):
        nb, resources = cls(config=config, log=QUIET).preprocess(nb, resources)
    return nb


@dataclass
class Merged:
    """What copying one notebook's sandbox results back found worth telling."""

    notes: list[str] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)  # one line per cell that was stopped
    out_of_time: bool = False  # the submission's own time ran out before every cell ran


def cell_label(cell) -> str:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return f"cell {grade_id!r}" if grade_id else "an unlabelled cell"


def merge_results(nb, code_indices: list[int], result: dict[str, Any], max_bytes: int) -> Merged:
    """Copy the sandbox's outputs into the trusted notebook."""
    from nbgrader import utils

    if "fatal" in result:
        raise SubmissionFailed(str(result["fatal"])[:500])
    cells = result.get("cells")
    if not isinstance(cells, list) or [c.get("index") for c in cells] != list(
        range(len(code_indices))
    ):
        raise SubmissionFailed("the sandbox returned a malformed result")
    merged = Merged()
    notes = merged.notes
    truncated = 0
    for position, res in zip(code_indices, cells, strict=True):
        cell = nb.cells[position]
        raw = res.get("outputs") if isinstance(res.get("outputs"), list) else []
        outs = []
        for out in raw:
            clean = sanitize_output(out)
            outs.append(clean or error_output("InvalidOutput", "malformed output from sandbox"))
        outs, dropped = cap_outputs(outs, max_bytes)
        reported = res.get("truncated_bytes")
        truncated += dropped > 0 or (isinstance(reported, int) and reported > 0)
        status = res.get("status")
        reason = str(res.get("reason", ""))[:300]
        has_error = any(o["output_type"] == "error" for o in outs)
        if status in ("ok", "error", "empty"):
            reply = res.get("reply") or {}
            if reply.get("status") == "error" and not has_error:
                # a kernel that hides tracebacks must not turn a failure into a pass
                outs.append(error_output(str(reply.get("ename") or "Error"), "see execute_reply"))
        elif status == "timeout":
            if not has_error:
                outs.append(error_output("CellTimeoutError", "the cell ran past its time limit"))
            merged.timeouts.append(
                f"{cell_label(cell)} did not finish within {result_timeout(result):g} s and was "
                "stopped"
            )
        elif status == "dead":
            outs.append(error_output("DeadKernelError", "the kernel died while running this cell"))
        else:  # not_executed, executor_error, anything unexpected
            if "time limit for the submission" in reason:
                merged.out_of_time = True
            outs = [error_output("CellNotExecuted", reason or "the cell did not run")]
        cell.outputs = [nbformat.from_dict(o) for o in outs]
        count = res.get("execution_count")
        cell.execution_count = count if isinstance(count, int) else None
        if utils.is_grade(cell) and status not in ("ok", "error", "empty"):
            notes.append(f"test {cell.metadata.nbgrader['grade_id']!r}: {status} ({reason})")
    for event in result.get("events", []):
        if isinstance(event, str) and not event.startswith("timing:"):
            notes.append(event[:300])
    if truncated:
        notes.append(f"output of {truncated} cell(s) truncated to {max_bytes} bytes")
    return merged


def result_timeout(result: dict[str, Any]) -> float:
    value = result.get("cell_timeout")
    return float(value) if isinstance(value, int | float) else 0.0


def limit_lines(limit_output, nb, resources):
    """nbgrader's LimitOutput (lines), except that it never drops the last stderr.

    LimitOutput stops keeping streams after ``max_lines`` lines, stderr included;
    nbgrader scores a test cell with stderr 0, so dropping it could turn a
    failing test into a pass.
    """
    had_stderr = [
        any(o.get("output_type") == "stream" and o.get("name") == "stderr" for o in c.outputs)
        if c.cell_type == "code"
        else False
        for c in nb.cells
    ]
    nb, _ = limit_output.preprocess(nb, resources)
    for cell, had in zip(nb.cells, had_stderr, strict=True):
        if had and not any(
            o.get("output_type") == "stream" and o.get("name") == "stderr" for o in cell.outputs
        ):
            marker = {"output_type": "stream", "name": "stderr", "text": "... [stderr truncated]\n"}
            cell.outputs.append(nbformat.from_dict(marker))
    return nb


def clamp_partial_credit(nb) -> list[str]:
    """Partial credit over a cell's maximum is clamped (nbgrader would crash on it)."""
    from nbgrader import utils

    flags = []
    for cell in nb.cells:
        if not (utils.is_grade(cell) and cell.cell_type == "code") or utils.is_solution(cell):
            continue
        try:
            utils.determine_grade(cell, QUIET)
        except ValueError:
            maximum = float(cell.metadata.nbgrader["points"])
            for out in cell.outputs:
                if out.output_type == "execute_result":
                    shown = out.data.get("text/plain")
                    out.data = {"text/plain": f"{maximum:g}"}
                    flags.append(
                        f"{cell.metadata.nbgrader['grade_id']!r}: partial credit {shown!r} over "
                        f"the maximum {maximum:g}: clamped"
                    )
                    break
        except Exception as exc:  # unexpected: score it 0 rather than crash the batch
            cell.outputs.append(nbformat.from_dict(error_output("GradingError", str(exc)[:200])))
            flags.append(f"{cell.metadata.nbgrader['grade_id']!r}: could not be scored: {exc}")
    return flags


def grade_one(
    course: Course, options: GradeOptions, spec: AssignmentSpec, job: Job
) -> dict[str, Any]:
    """Pre-flight, sanitize, execute (sandboxed), merge. Returns a picklable result."""
    from nbgrader.preprocessors import LimitOutput

    started = time.monotonic()
    assignment = options.assignment
    folder = course.path("submitted", job.student, assignment)
    verdict = check_submission(
        folder, spec, _release_source_fn(course.config), options.max_notebook_bytes
    )
    if not verdict.ok:
        return {
            "status": rep.REFUSED,
            "reason": "; ".join(verdict.refusals),
            "notes": verdict.notes,
        }
    notes = list(verdict.notes)
    flags: list[str] = []
    timeouts: list[str] = []
    files = job.scratch / job.student / "files"
    files.mkdir(parents=True)
    os.chmod(files, 0o755)
    ignore = list(course.coursedir.ignore)
    copy_extra_files(folder, files, ignore, notes)
    exclude = set(
        _config_get(course.config, "Autograde", "exclude_overwriting", {}).get(assignment, [])
    )
    source_notes: list[str] = []
    copy_extra_files(course.source(assignment), files, [*ignore, *exclude], source_notes)
    for dirpath, _, names in os.walk(files):
        os.chmod(dirpath, 0o755)
        for name in names:
            os.chmod(os.path.join(dirpath, name), 0o644)
    cell_timeout = options.cell_timeout or _config_get(course.config, "Execute", "timeout", 30)
    max_bytes = options.sandbox.max_cell_output_bytes
    stage = job.staging / job.student / assignment
    stage.mkdir(parents=True)
    limit_output = LimitOutput(config=course.config, log=QUIET)
    for name, nbv in verdict.notebooks.items():
        nb = nbv.nb
        resources = {
            "unique_key": name,
            "nbgrader": {
                "student": job.student,
                "assignment": assignment,
                "notebook": name,
                "db_url": course.db_url,
            },
        }
        nb = _sanitize(nb, spec.notebooks[name], resources, course.config)
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        request = {
            "cells": [{"index": k, "source": nb.cells[i].source} for k, i in enumerate(code)],
            "cell_timeout": float(cell_timeout),
        }
        remaining = job.deadline - time.monotonic()
        if remaining < 5:
            raise SubmissionFailed(f"time limit of {options.timeout:g} s reached before {name}")
        result = run_notebook(request, files, options.sandbox, job.slot, remaining)
        result.setdefault("cell_timeout", float(cell_timeout))
        merged = merge_results(nb, code, result, max_bytes)
        if merged.out_of_time:
            raise SubmissionFailed(
                f"{name}: time limit of {options.timeout:g} s per submission reached before "
                "every cell ran (raise --timeout?)"
            )
        notes.extend(f"{name}: {n}" for n in merged.notes)
        timeouts.extend(f"{name}: {t}" for t in merged.timeouts)
        nb = limit_lines(limit_output, nb, resources)
        flags.extend(clamp_partial_credit(nb))
        nbformat.write(nb, stage / f"{name}.ipynb")
    copy_extra_files(files, stage, [], notes)
    return {
        "status": "executed",
        "stage": str(stage),
        "notes": notes,
        "flags": flags,
        "timeouts": timeouts,
        "seconds": time.monotonic() - started,
    }


def _config_get(config: Any, section: str, key: str, default: Any) -> Any:
    if section not in config or key not in config[section]:
        return default
    value = config[section][key]
    return default if value is None else value


def _worker(conn, course, options, spec, job) -> None:
    os.setpgrp()  # the parent kills this whole group (bwrap included) on timeout
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = grade_one(course, options, spec, job)
    except SubmissionFailed as exc:
        result = {"status": rep.FAILED, "reason": str(exc)}
    except Exception as exc:
        result = {
            "status": rep.FAILED,
            "reason": f"internal error: {type(exc).__name__}: {exc}"[:500],
            "traceback": traceback.format_exc()[-4000:],
        }
    try:
        conn.send(result)
    finally:
        conn.close()
        os._exit(0)


# --------------------------------------------------------------------------------------
# the parent: gradebook writes, one at a time


def commit(course: Course, assignment: str, student: str, stage: Path) -> dict[str, Any]:
    """Save one student's autograded notebooks into the gradebook and autograded/."""
    with warnings.catch_warnings():  # nbgrader's own SQLAlchemy autoflush chatter
        warnings.simplefilter("ignore")
        return _commit(course, assignment, student, stage)


def _commit(course: Course, assignment: str, student: str, stage: Path) -> dict[str, Any]:
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    from crossing_borders.grading.deadlines import SyncSchedule

    flags: list[str] = []
    timestamp = course.coursedir.get_existing_timestamp(
        str(course.path("submitted", student, assignment))
    )
    with Gradebook(course.db_url, course.coursedir.course_id) as gb:
        gb.update_or_create_student(student)
        if timestamp:
            gb.update_or_create_submission(assignment, student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(assignment, student)
    for path in sorted(stage.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        resources = {
            "nbgrader": {
                "student": student,
                "assignment": assignment,
                "notebook": path.stem,
                "db_url": course.db_url,
            }
        }
        for cls in (SyncSchedule, SaveAutoGrades, AssignLatePenalties):
            nb, resources = cls(config=course.config, log=QUIET).preprocess(nb, resources)
    with Gradebook(course.db_url, course.coursedir.course_id) as gb:
        sub = gb.find_submission(assignment, student)
        for nb in sub.notebooks:
            for grade in nb.grades:
                maximum = float(grade.max_score)
                for attr in ("auto_score", "manual_score"):
                    value = getattr(grade, attr)
                    if value is None:
                        continue
                    if value > maximum or value < 0:
                        fixed = min(max(float(value), 0.0), maximum)
                        setattr(grade, attr, fixed)
                        flags.append(
                            f"{grade.name}: {attr} {value:g} out of [0, {maximum:g}]: clamped"
                        )
        gb.db.commit()
        sub = gb.find_submission(assignment, student)
        auto = sum(g.auto_score or 0.0 for nb in sub.notebooks for g in nb.grades)
        penalty = sum(nb.late_submission_penalty or 0.0 for nb in sub.notebooks)
        late = []
        if sub.total_seconds_late > 0:
            late.append(
                f"handed in {format_duration(sub.total_seconds_late)} after the deadline"
                f" (late penalty so far: {penalty:g})"
            )
        outcome = {
            "late": late,
            "score": float(sub.score),
            "max_score": float(sub.max_score),
            "auto_score": auto,
            "needs_manual": bool(sub.needs_manual_grade),
            "flags": flags,
        }
    final = course.path("autograded", student, assignment)
    final.parent.mkdir(parents=True, exist_ok=True)
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    shutil.move(str(stage), str(final))
    shutil.rmtree(old, ignore_errors=True)
    return outcome


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


def find_students(course: Course, assignment: str) -> list[str]:
    submitted = Path(course.coursedir.format_path(course.coursedir.submitted_directory, ".", "."))
    if not submitted.is_dir():
        return []
    return sorted(
        p.name
        for p in submitted.iterdir()
        if not p.name.startswith(".") and (p / assignment).exists()
    )


def grade(options: GradeOptions) -> rep.RunReport:
    """Grade one assignment for every (or the listed) student. See the module doc."""
    started = time.monotonic()
    course = load_course(options.course_root)
    state = Path(options.state_dir or course.root / "grade-runs")
    run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + f"-{os.getpid()}"
    stream = options.stream or sys.stdout
    if not course.root.is_dir():
        raise GradeError(f"no course folder at {course.root}")
    db = course.db_url
    if db.startswith("sqlite:///") and not Path(db[len("sqlite:///") :]).exists():
        raise GradeError(f"no gradebook at {db}: run nbgrader generate_assignment first")
    with RunLock(state / "grade.lock"):
        protected = [course.root]
        exchange = _config_get(course.config, "Exchange", "root", None)
        if exchange:
            protected.append(Path(exchange))
        invisible = [
            course.root / "nbgrader_config.py",
            course.source(options.assignment),
            Path(course.coursedir.format_path(course.coursedir.submitted_directory, ".", ".")),
        ]
        if options.sandbox.enabled:
            check_sandbox(options.sandbox, protected, invisible)
        else:
            print(
                "WARNING: --unsafe-no-sandbox: student code runs as this user, with access to "
                "the course, the gradebook and the network",
                file=sys.stderr,
            )
        try:
            spec = load_assignment_spec(course.db_url, options.assignment)
        except LookupError as exc:
            raise GradeError(str(exc)) from None
        report = rep.RunReport(options.assignment, run_id, unsandboxed=not options.sandbox.enabled)
        report.backup = backup_gradebook(course, state / "backups", run_id)
        students = find_students(course, options.assignment)
        if options.students:
            unknown = sorted(set(options.students) - set(students))
            if unknown:
                raise GradeError(f"no submission of {options.assignment} for: {', '.join(unknown)}")
            students = [s for s in students if s in set(options.students)]
        before = {s: tree_digest(course.path("submitted", s, options.assignment)) for s in students}
        store = rep.StatusStore(state)
        if options.only_changed:
            known = store.load(options.assignment)
            students = [
                s
                for s in students
                if not (
                    known.get(s, {}).get("status") in (rep.GRADED, rep.NEEDS_MANUAL)
                    and known[s].get("submission_sha256") == _submission_sha(before[s])
                )
            ]
        scratch = Path(f"/tmp/cb-grade-{run_id}")
        scratch.mkdir(mode=0o700)
        staging = state / "staging" / run_id
        staging.mkdir(parents=True)
        try:
            rows = _run_pool(course, options, spec, students, scratch, staging, run_id, started)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            shutil.rmtree(staging, ignore_errors=True)
            with contextlib.suppress(OSError):
                staging.parent.rmdir()
        for row in rows:
            row.submission_sha256 = _submission_sha(before[row.student_id])
        after = {s: tree_digest(course.path("submitted", s, options.assignment)) for s in students}
        for s in students:
            if before[s] != after[s]:
                report.integrity_errors.append(f"files under submitted/{s}/ changed during the run")
        report.rows = rows
        report.elapsed = time.monotonic() - started
        csv_path = state / "reports" / f"{options.assignment}-{run_id}.csv"
        rep.write_csv(rows, csv_path)
        report.csv_path = str(csv_path)
        store.update(options.assignment, rows)
        rep.summary(report, stream)
    return report


def _run_pool(course, options, spec, students, scratch, staging, run_id, started) -> list:
    ctx = multiprocessing.get_context("fork")
    pending = list(students)
    free = list(range(max(1, options.jobs)))
    running: dict[Any, tuple] = {}
    rows: list[rep.Row] = []
    progress = rep.Progress(len(students), enabled=options.progress)
    grace = 10.0

    def finish(student: str, result: dict[str, Any], seconds: float) -> None:
        row = rep.Row(student, options.assignment, result.get("status", rep.FAILED), run_id=run_id)
        row.reason = result.get("reason", "")
        row.notes = list(result.get("notes", []))
        row.flags = list(result.get("flags", []))
        row.seconds = seconds
        row.graded_at = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        row.max_score = spec.max_score
        if "traceback" in result:
            with (staging.parent.parent / "errors.log").open("a") as log:
                log.write(f"--- {run_id} {student}\n{result['traceback']}\n")
            row.notes.append(f"traceback in {staging.parent.parent / 'errors.log'}")
        if row.status == "executed":
            try:
                outcome = commit(course, options.assignment, student, Path(result["stage"]))
            except Exception as exc:
                row.status = rep.FAILED
                row.reason = f"could not save to the gradebook: {type(exc).__name__}: {exc}"[:500]
            else:
                row.flags += outcome["flags"]
                row.notes += outcome["late"]
                row.score, row.max_score = outcome["score"], outcome["max_score"]
                row.auto_score = outcome["auto_score"]
                row.status = rep.NEEDS_MANUAL if outcome["needs_manual"] else rep.GRADED
                row.reason = "; ".join(result.get("timeouts", []))
        rows.append(row)
        progress.update(row, time.monotonic(), started)

    def start_next() -> None:
        while pending and free:
            student = pending.pop(0)
            slot = free.pop(0)
            deadline = time.monotonic() + options.timeout
            job = Job(student, slot, deadline, scratch, staging)
            parent_conn, child_conn = ctx.Pipe(duplex=False)
            proc = ctx.Process(
                target=_worker, args=(child_conn, course, options, spec, job), daemon=False
            )
            proc.start()
            child_conn.close()
            running[parent_conn] = (proc, student, slot, time.monotonic(), deadline)

    try:
        _loop(pending, running, free, start_next, finish, scratch, options, grace)
    except BaseException:  # Ctrl-C or a bug: take every worker (and its sandbox) down
        for proc, *_ in running.values():
            _kill_group(proc)
        raise
    return rows


def _loop(pending, running, free, start_next, finish, scratch, options, grace) -> None:
    while pending or running:
        start_next()
        ready = mp_wait(list(running), timeout=0.25)
        now = time.monotonic()
        done: list[tuple[str, dict[str, Any], float]] = []
        for conn in list(running):
            proc, student, slot, t0, deadline = running[conn]
            result = None
            if conn in ready:
                try:
                    result = conn.recv()
                except (EOFError, OSError):
                    proc.join(timeout=5)
                    result = {
                        "status": rep.FAILED,
                        "reason": f"the grading process died (exit code {proc.exitcode})",
                    }
            elif now > deadline + grace:
                _kill_group(proc)
                result = {
                    "status": rep.FAILED,
                    "reason": f"timed out: still running after {options.timeout:g} s",
                }
            if result is None:
                continue
            del running[conn]
            conn.close()
            proc.join(timeout=10)
            if proc.is_alive():
                _kill_group(proc)
                proc.join()
            free.append(slot)
            done.append((student, result, now - t0))
        start_next()  # keep the workers busy while the gradebook is written
        for student, result, seconds in done:
            finish(student, result, seconds)
            shutil.rmtree(scratch / student, ignore_errors=True)


def _kill_group(proc) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.kill()


# --------------------------------------------------------------------------------------
# benchmark


def measure_throughput(
    n_students: int = 20, jobs: int | None = None, workdir: Path | None = None
) -> float:
    """Submissions per second for ``n_students`` honest submissions of the demo course."""
    import tempfile

    from crossing_borders.grading import democourse

    with tempfile.TemporaryDirectory(prefix="cb-bench-", dir=workdir) as tmp:
        course = democourse.make_course(Path(tmp) / "course")
        for i in range(n_students):
            democourse.submit(course, f"student{i:03d}")
        report = grade(
            GradeOptions(
                course_root=course.root,
                assignment=democourse.ASSIGNMENT,
                jobs=jobs or default_jobs(),
                progress=False,
                stream=open(os.devnull, "w"),  # noqa: SIM115
            )
        )
        return report.throughput


if __name__ == "__main__":
    from crossing_borders.grading.command import main

    sys.exit(main())
