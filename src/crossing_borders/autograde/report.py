"""What a grading run did, for the instructor and for the grade export.

Every run writes ``<state>/reports/<assignment>-<run id>.csv`` (one row per
submission: graded, needs_manual, failed or refused, with the reason), prints
a terminal summary, and updates ``<state>/status/<assignment>.json``, the last
known status of every student's submission. The grade export
(:mod:`.export`) reads it, so a failed or refused submission exports with an
empty score and its reason, never as a 0.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO


class Status(StrEnum):
    """What happened to one student's submission (written as its value)."""

    GRADED = "graded"  # every point decided
    NEEDS_MANUAL = "needs_manual"  # autograded; some cells wait for a grader
    FAILED = "failed"  # could not be graded (time limit, sandbox, internal error)
    REFUSED = "refused"  # pre-flight found nothing gradable (see the reason)
    MISSING = "missing"  # nothing handed in (export only)


STATUSES = (Status.GRADED, Status.NEEDS_MANUAL, Status.FAILED, Status.REFUSED)

REPORT_FIELDS = [
    "student_id",
    "assignment",
    "status",
    "score",
    "max_score",
    "auto_score",
    "reason",
    "notes",
    "flags",
    "seconds",
    "run_id",
    "graded_at",
    "submission_sha256",
]


@dataclass
class Row:
    student_id: str
    assignment: str
    status: Status
    score: float | None = None
    max_score: float | None = None
    auto_score: float | None = None
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    seconds: float = 0.0
    run_id: str = ""
    graded_at: str = ""
    submission_sha256: str = ""

    def csv_row(self) -> dict[str, Any]:
        row = asdict(self)
        row["status"] = self.status.value
        row["notes"] = " | ".join(self.notes)
        row["flags"] = " | ".join(self.flags)
        row["seconds"] = f"{self.seconds:.2f}"
        for key in ("score", "max_score", "auto_score"):
            row[key] = "" if row[key] is None else f"{row[key]:g}"
        return row


@dataclass
class RunReport:
    assignment: str
    run_id: str
    rows: list[Row] = field(default_factory=list)
    elapsed: float = 0.0
    backup: str = ""
    csv_path: str = ""
    integrity_errors: list[str] = field(default_factory=list)
    unsandboxed: bool = False

    def counts(self) -> Counter:
        return Counter(r.status for r in self.rows)

    @property
    def throughput(self) -> float:
        return len(self.rows) / self.elapsed if self.elapsed else 0.0

    def row(self, student: str) -> Row:
        return next(r for r in self.rows if r.student_id == student)

    def exit_code(self) -> int:
        if self.integrity_errors:
            return 3
        return 1 if any(r.status in (Status.FAILED, Status.REFUSED) for r in self.rows) else 0


def write_csv(rows: Iterable[Row], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=REPORT_FIELDS)
        writer.writeheader()
        for row in sorted(rows, key=lambda r: r.student_id):
            writer.writerow(row.csv_row())
    os.replace(tmp, path)


def summary(report: RunReport, stream: TextIO | None = None) -> str:
    """The terminal summary; printed to ``stream`` when given."""
    counts = report.counts()
    lines = [
        f"grade {report.assignment} (run {report.run_id}): {len(report.rows)} submissions in "
        f"{report.elapsed:.1f} s ({report.throughput:.2f}/s)",
        "  " + "  ".join(f"{s}: {counts.get(s, 0)}" for s in STATUSES),
    ]
    if report.unsandboxed:
        lines.append("  WARNING: student code ran UNSANDBOXED (--unsafe-no-sandbox)")
    for row in sorted(report.rows, key=lambda r: (r.status, r.student_id)):
        if row.status in (Status.FAILED, Status.REFUSED):
            lines.append(f"  {row.status.value.upper():8} {row.student_id}: {row.reason}")
    for row in sorted(report.rows, key=lambda r: r.student_id):
        if row.flags:
            lines.append(f"  FLAGGED  {row.student_id}: {' | '.join(row.flags)}")
    for err in report.integrity_errors:
        lines.append(f"  INTEGRITY ERROR: {err}")
    if report.backup:
        lines.append(f"  gradebook backup: {report.backup}")
    if report.csv_path:
        lines.append(f"  report: {report.csv_path}")
    text = "\n".join(lines)
    if stream is not None:
        print(text, file=stream)
    return text


class StatusStore:
    """Last known grading status per student and assignment (JSON, atomic writes)."""

    def __init__(self, state_dir: Path):
        self.folder = state_dir / "status"

    def path(self, assignment: str) -> Path:
        return self.folder / f"{assignment}.json"

    def load(self, assignment: str) -> dict[str, dict[str, Any]]:
        try:
            return json.loads(self.path(assignment).read_text())
        except (OSError, ValueError):
            return {}

    def update(self, assignment: str, rows: Iterable[Row]) -> None:
        data = self.load(assignment)
        for row in rows:
            data[row.student_id] = {**asdict(row), "status": row.status.value}
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.path(assignment).with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
        os.replace(tmp, self.path(assignment))


class Progress:
    """A plain-text progress bar on stderr (one line per submission when not a tty)."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.counts: Counter = Counter()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started: float | None = None

    def update(self, row: Row, now: float, started: float) -> None:
        self.done += 1
        self.counts[row.status] += 1
        if not self.enabled:
            return
        rate = self.done / max(now - started, 1e-6)
        eta = (self.total - self.done) / rate if rate else 0
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "." * (width - filled)
        counts = " ".join(f"{s}={self.counts.get(s, 0)}" for s in STATUSES)
        text = f"[{bar}] {self.done}/{self.total} {counts} {rate:.2f}/s eta {eta:.0f}s"
        if self.tty:
            end = "\n" if self.done == self.total else ""
            self.stream.write("\r" + text + end)
        else:
            detail = f" ({row.reason})" if row.reason else ""
            self.stream.write(f"{text}  {row.student_id}: {row.status}{detail}\n")
        self.stream.flush()
