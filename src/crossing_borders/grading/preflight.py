"""Pre-flight: check every submitted notebook against the gradebook before grading.

A submission is either REFUSED (not graded, recorded with a reason; the batch
goes on) or accepted, possibly with RESTORATIONS (graded on the notebook as the
gradebook says it must be, each restoration noted in the report).

Refused (the notebook's identity or structure is in doubt, a human must look):

* the file is missing under its expected name, is not a regular file (a
  symlink, a folder), is empty, is larger than the limit, is not JSON, is not
  nbformat 4, or does not validate against the nbformat schema;
* a cell has an empty ``"nbgrader": {}`` object, an empty or missing
  ``grade_id`` on a cell with nbgrader flags, or nbgrader metadata that is not
  an object;
* a ``grade_id`` appears twice (a copied cell);
* a flagged cell carries a ``grade_id`` the gradebook does not know (renamed);
* a cell the gradebook knows is missing (a deleted test, answer or read-only
  cell, or one whose id was renamed or emptied).

Restored (graded with the gradebook's version, noted in the report):

* an edited test cell or read-only cell: its source comes back from the gradebook
  (nbgrader's OverwriteCells; hidden tests come back with it);
* a test cell turned into Markdown (or any cell whose type changed): the type
  and source come back;
* changed points, or flipped ``grade``/``solution``/``locked``/``task`` flags: the
  whole nbgrader metadata of every known cell is rewritten from the gradebook;
* nbgrader metadata without flags and with an unknown id (harmless): dropped.

Every check reads the gradebook only (never the student's metadata) for what
is expected.
"""

from __future__ import annotations

import json
import os
import stat
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.notebooknode import NotebookNode
from nbformat.v4.rwbase import rejoin_lines

MAX_NOTEBOOK_BYTES = 20 * 2**20
FLAGS = ("grade", "solution", "locked", "task")


@dataclass(frozen=True)
class CellSpec:
    grade_id: str
    cell_type: str
    locked: bool
    grade: bool
    solution: bool
    task: bool
    points: float | None
    source: str
    checksum: str | None

    @property
    def kind(self) -> str:
        if self.task:
            return "task cell"
        if self.grade and self.solution:
            return "manually graded answer cell"
        if self.grade:
            return "test cell"
        if self.solution:
            return "answer cell"
        return "read-only cell"

    def canonical_metadata(self) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "grade": self.grade,
            "grade_id": self.grade_id,
            "locked": self.locked,
            "schema_version": 3,
            "solution": self.solution,
        }
        if self.grade or self.task:
            meta["points"] = self.points
        if self.task:
            meta["task"] = True
        return meta


@dataclass
class NotebookSpec:
    name: str
    cells: dict[str, CellSpec]
    kernelspec: dict[str, Any] | None = None

    @property
    def max_score(self) -> float:
        return sum(c.points or 0.0 for c in self.cells.values() if c.grade or c.task)


@dataclass
class AssignmentSpec:
    name: str
    notebooks: dict[str, NotebookSpec]

    @property
    def max_score(self) -> float:
        return sum(nb.max_score for nb in self.notebooks.values())


@dataclass
class NotebookVerdict:
    name: str
    refusals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    nb: NotebookNode | None = None

    @property
    def ok(self) -> bool:
        return not self.refusals


@dataclass
class SubmissionVerdict:
    refusals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notebooks: dict[str, NotebookVerdict] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.refusals


def load_assignment_spec(db_url: str, assignment_id: str) -> AssignmentSpec:
    """What the gradebook says the assignment's notebooks must contain."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            assignment = gb.find_assignment(assignment_id)
        except MissingEntry:
            raise LookupError(
                f"assignment {assignment_id!r} is not in the gradebook: run "
                f"'nbgrader generate_assignment {assignment_id}' first"
            ) from None
        notebooks = {}
        for nb in assignment.notebooks:
            grade = {c.name: float(c.max_score) for c in nb.grade_cells}
            task = {c.name: float(c.max_score) for c in nb.task_cells}
            solution = {c.name for c in nb.solution_cells}
            cells = {}
            for sc in nb.source_cells:
                cells[sc.name] = CellSpec(
                    grade_id=sc.name,
                    cell_type=sc.cell_type,
                    locked=bool(sc.locked),
                    grade=sc.name in grade,
                    solution=sc.name in solution,
                    task=sc.name in task,
                    points=grade.get(sc.name, task.get(sc.name)),
                    source=sc.source or "",
                    checksum=sc.checksum,
                )
            kernelspec = json.loads(nb.kernelspec) if nb.kernelspec else None
            notebooks[nb.name] = NotebookSpec(nb.name, cells, kernelspec)
    if not notebooks:
        raise LookupError(f"assignment {assignment_id!r} has no notebooks in the gradebook")
    return AssignmentSpec(assignment_id, notebooks)


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """Read a regular file without following a symlink; OSError/ValueError on refusal."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise ValueError("is a symbolic link")
    if not stat.S_ISREG(st.st_mode):
        raise ValueError("is not a regular file")
    if st.st_size > max_bytes:
        raise ValueError(f"is {st.st_size} bytes, over the limit of {max_bytes}")
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"is over the limit of {max_bytes} bytes")
    return data


def _strip(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def check_notebook(
    raw: bytes,
    spec: NotebookSpec,
    release_source: Callable[[CellSpec], str] | None = None,
    max_bytes: int = MAX_NOTEBOOK_BYTES,
) -> NotebookVerdict:
    """Check one notebook's bytes against its gradebook spec (no side effect)."""
    verdict = NotebookVerdict(spec.name)
    refuse = verdict.refusals.append
    fname = f"{spec.name}.ipynb"
    if not raw.strip():
        refuse(f"{fname}: the file is empty")
        return verdict
    if len(raw) > max_bytes:
        refuse(f"{fname}: {len(raw)} bytes, over the limit of {max_bytes}")
        return verdict
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        refuse(f"{fname}: not valid JSON ({str(exc)[:160]})")
        return verdict
    if not isinstance(data, dict):
        refuse(f"{fname}: not a notebook (the JSON is not an object)")
        return verdict
    if data.get("nbformat") != 4:
        refuse(f"{fname}: nbformat {data.get('nbformat')!r} is not supported (need 4)")
        return verdict
    try:
        nb = rejoin_lines(nbformat.from_dict(data))
        with warnings.catch_warnings():  # nbformat repairs duplicate cell ids, with a warning
            warnings.simplefilter("ignore")
            nbformat.validate(nb)
    except Exception as exc:  # jsonschema's ValidationError and friends
        message = getattr(exc, "message", None) or str(exc)
        refuse(f"{fname}: not a valid notebook ({message.splitlines()[0][:200]})")
        return verdict

    seen: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        if "nbgrader" not in cell.get("metadata", {}):
            continue
        where = f"{fname} cell {index + 1}"
        meta = cell.metadata["nbgrader"]
        if not isinstance(meta, dict):
            refuse(f"{where}: nbgrader metadata is not an object")
            continue
        if not meta:
            refuse(
                f'{where}: empty "nbgrader": {{}} metadata (the cell\'s grading identity is gone)'
            )
            continue
        flagged = any(meta.get(k) for k in FLAGS)
        gid = meta.get("grade_id")
        if gid is not None and not isinstance(gid, str):
            refuse(f"{where}: grade_id is not a string")
            continue
        if not gid:
            if flagged or gid == "":
                refuse(f"{where}: {'empty' if gid == '' else 'missing'} grade_id")
            else:
                verdict.notes.append(f"{where}: stray nbgrader metadata without id dropped")
            continue
        if gid in seen:
            refuse(
                f"{fname}: grade_id {gid!r} is duplicated (cells {seen[gid] + 1} and {index + 1})"
            )
            continue
        seen[gid] = index
        if gid not in spec.cells:
            if flagged:
                refuse(f"{where}: grade_id {gid!r} is not in the gradebook (renamed?)")
            else:
                verdict.notes.append(f"{where}: unknown unflagged nbgrader id {gid!r} dropped")
            continue
        verdict.notes.extend(_differences(cell, spec.cells[gid], release_source))
    missing = [g for g in spec.cells if g not in seen]
    for gid in missing:
        refuse(f"{fname}: {spec.cells[gid].kind} {gid!r} is missing (deleted, renamed or emptied)")
    if verdict.ok:
        verdict.nb = nb
    return verdict


def _differences(
    cell: NotebookNode, spec: CellSpec, release_source: Callable[[CellSpec], str] | None
) -> list[str]:
    """What will be restored in a known cell, as notes for the report."""
    notes = []
    meta = cell.metadata["nbgrader"]
    label = f"{spec.kind} {spec.grade_id!r}"
    if cell.cell_type != spec.cell_type:
        notes.append(f"{label} was turned into {cell.cell_type}: restored as {spec.cell_type}")
    flags = {k: bool(meta.get(k, False)) for k in FLAGS}
    expected = {k: getattr(spec, k) for k in FLAGS}
    if flags != expected:
        changed = ", ".join(f"{k}={flags[k]}" for k in FLAGS if flags[k] != expected[k])
        notes.append(f"{label} had its nbgrader flags changed ({changed}): restored")
    if spec.grade or spec.task:
        try:
            points = float(meta.get("points"))
        except (TypeError, ValueError):
            points = None
        if points != spec.points:
            notes.append(
                f"{label}: points changed from {spec.points:g} to {meta.get('points')!r}: restored"
            )
    if spec.locked and cell.cell_type == spec.cell_type:
        expected_source = release_source(spec) if release_source else spec.source
        if _strip(cell.source) != _strip(expected_source):
            notes.append(f"{label} was edited: the original was restored")
    return notes


def check_submission(
    folder: Path,
    spec: AssignmentSpec,
    release_source: Callable[[CellSpec], str] | None = None,
    max_bytes: int = MAX_NOTEBOOK_BYTES,
) -> SubmissionVerdict:
    """Check a student's submitted assignment folder; never raises for its content."""
    verdict = SubmissionVerdict()
    try:
        if folder.is_symlink() or not folder.is_dir():
            verdict.refusals.append(f"{folder.name}: the submission is not a plain folder")
            return verdict
        present = sorted(p.name for p in folder.iterdir() if p.name.endswith(".ipynb"))
    except OSError as exc:
        verdict.refusals.append(f"the submission folder cannot be read: {exc}")
        return verdict
    expected = {f"{name}.ipynb": name for name in spec.notebooks}
    unexpected = [p for p in present if p not in expected]
    for fname, name in expected.items():
        if fname not in present:
            hint = f" (found instead: {', '.join(unexpected)})" if unexpected else ""
            verdict.refusals.append(f"expected notebook {fname} is missing{hint}")
            continue
        try:
            raw = read_regular_file(folder / fname, max_bytes)
        except (OSError, ValueError) as exc:
            verdict.refusals.append(f"{fname}: {exc}")
            continue
        nbv = check_notebook(raw, spec.notebooks[name], release_source, max_bytes)
        verdict.notebooks[name] = nbv
        verdict.refusals.extend(nbv.refusals)
        verdict.notes.extend(nbv.notes)
    if unexpected and not verdict.refusals:
        verdict.notes.append(f"ignored notebooks not in the assignment: {', '.join(unexpected)}")
    return verdict


def restore_metadata(nb: NotebookNode, spec: NotebookSpec) -> NotebookNode:
    """Rewrite the nbgrader metadata of every known cell from the gradebook.

    Run after :func:`check_notebook` accepted the notebook. Unknown, unflagged
    nbgrader metadata is dropped. nbgrader's OverwriteCells (run next) then
    restores cell types and the sources of read-only and test cells.
    """
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        gid = meta.get("grade_id") if isinstance(meta, dict) else None
        if gid in spec.cells:
            cell.metadata["nbgrader"] = nbformat.from_dict(spec.cells[gid].canonical_metadata())
        else:
            del cell.metadata["nbgrader"]
    return nb
