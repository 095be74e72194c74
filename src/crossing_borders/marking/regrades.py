"""Regrade requests: what a student asked, what the grader decided, in a file anyone can read.

A student asks (by mail, in class, through the course's forum) for a reflection to
be looked at again; the instructor records the request with

    crossing-borders regrade request STUDENT ASSIGNMENT CELL --reason "..."

which appends a row to `regrades.csv` in the course folder. The marking page shows
open requests above the answer they concern; saving a new marking there answers
the request: the row records who regraded, when, the score before and after, and
the earlier marking stays in the gradebook's history. `regrade list` prints the
file; the instructor then regenerates and releases that student's feedback.
"""

from __future__ import annotations

import csv
import os
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path

from crossing_borders.marking.store import CellKey

FILE_NAME = "regrades.csv"
OPEN, REGRADED = "open", "regraded"


class RegradeError(ValueError):
    """A request that cannot be recorded or answered; the message says why."""


@dataclass(frozen=True)
class Request:
    id: str
    received: str
    student: str
    assignment: str
    notebook: str
    cell: str
    reason: str
    status: str = OPEN
    answered: str = ""
    grader: str = ""
    previous: str = ""
    new: str = ""

    @property
    def key(self) -> CellKey:
        return CellKey(self.assignment, self.notebook, self.cell, self.student)


COLUMNS = [f.name for f in fields(Request)]


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def load(root: Path) -> list[Request]:
    path = root / FILE_NAME
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise RegradeError(f"{path}: expected the columns {', '.join(COLUMNS)}")
        return [Request(**row) for row in reader]


def _write(root: Path, requests: list[Request]) -> None:
    path = root / FILE_NAME
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(asdict(r) for r in requests)
    os.replace(tmp, path)


def answer_key(root: Path, student: str, assignment: str, cell: str) -> CellKey:
    """The answer a request names, checked: a reflection of the assignment, handed in."""
    from nbgrader.api import Gradebook, MissingEntry

    from crossing_borders.autograde.run import load_course
    from crossing_borders.course.reflections import reflection_ids

    sources = sorted((root / "exercises" / assignment).glob("*.ipynb"))
    if not sources:
        raise RegradeError(f"no assignment {assignment!r} in {root / 'exercises'}")
    notebook = next((nb.stem for nb in sources if cell in reflection_ids(nb)), None)
    if notebook is None:
        known = [g for nb in sources for g in reflection_ids(nb)]
        raise RegradeError(
            f"{cell!r} is not a reflection of {assignment} (its reflections: "
            f"{', '.join(known)}); autograded questions are regraded by `make grade`"
        )
    with Gradebook(load_course(root).coursedir.db_url) as gb:
        try:
            gb.find_submission_notebook(notebook, assignment, student)
        except MissingEntry:
            raise RegradeError(f"{student} has no graded submission of {assignment}") from None
    return CellKey(assignment, notebook, cell, student)


def render(requests: list[Request]) -> str:
    """The requests as a table, open ones first."""
    if not requests:
        return "No regrade requests."
    ordered = sorted(requests, key=lambda r: (r.status != OPEN, int(r.id[1:])))
    header = ["id", "status", "student", "assignment", "cell", "score", "reason"]
    rows = [
        [
            r.id,
            r.status,
            r.student,
            r.assignment,
            r.cell,
            f"{r.previous} -> {r.new}" if r.status == REGRADED else "-",
            r.reason,
        ]
        for r in ordered
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    )


def record(root: Path, key: CellKey, reason: str) -> Request:
    """Append a request; the caller has checked that the answer exists."""
    if not reason.strip():
        raise RegradeError("say what the student asks to be looked at again (--reason)")
    requests = load(root)
    request = Request(
        id=f"R{len(requests) + 1}",
        received=_now(),
        student=key.student,
        assignment=key.assignment,
        notebook=key.notebook,
        cell=key.cell,
        reason=reason.strip(),
    )
    _write(root, [*requests, request])
    return request


def open_for(root: Path, key: CellKey) -> list[Request]:
    return [r for r in load(root) if r.key == key and r.status == OPEN]


def answer(root: Path, request_id: str, grader: str, previous: float, new: float) -> Request:
    """Mark a request regraded, with the score before and after."""
    requests = load(root)
    for i, request in enumerate(requests):
        if request.id == request_id:
            if request.status != OPEN:
                raise RegradeError(f"request {request_id} was already {request.status}")
            requests[i] = replace(
                request,
                status=REGRADED,
                answered=_now(),
                grader=grader,
                previous=f"{previous:g}",
                new=f"{new:g}",
            )
            _write(root, requests)
            return requests[i]
    raise RegradeError(f"no regrade request {request_id} in {root / FILE_NAME}")
