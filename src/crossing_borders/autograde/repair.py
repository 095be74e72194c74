"""Pre-flight: make every submitted notebook gradable, or say why it cannot be.

A submission is REFUSED only when there is nothing nbgrader could grade:
the expected notebook is missing (and no single other notebook stands in for it),
is not a regular file, is not JSON, is not an nbformat 4 notebook that validates,
or is larger than the limit once its stored outputs are dropped.

Everything else is REPAIRED, each repair noted in the report, and graded:

* stored outputs are dropped (grading makes its own);
* nbgrader metadata that is not an object, empty, without a usable ``grade_id``,
  with an id the gradebook does not know (a renamed cell), or repeating an id
  seen earlier in the notebook (a copied cell) is dropped: the cell stays, as a
  plain cell of the student's;
* the nbgrader metadata of every known cell is rewritten from the gradebook
  (changed points or flags);
* a known cell that is missing (deleted, renamed, emptied) is put back from the
  released notebook, where it stood: a test or read-only cell as released, an
  answer cell as the empty answer box (it scores what an empty answer scores);
* a notebook named otherwise (``ps1 (1).ipynb``), when it is the only notebook
  in place of the expected one, is graded under the expected name.

nbgrader's own sanitising (OverwriteCells and the rest) then restores the source
and type of every read-only and test cell from the gradebook. Every decision reads
the gradebook or the release, never the student's metadata, for what is expected.
"""

from __future__ import annotations

import json
import os
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.notebooknode import NotebookNode
from nbformat.v4.rwbase import rejoin_lines

MAX_READ_BYTES = 200 * 2**20  # the most read from disk, stored outputs included
MAX_NOTEBOOK_BYTES = 20 * 2**20  # the most graded, once stored outputs are dropped
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
            return "written answer cell"
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
class Repaired:
    """A submission made gradable (``notebooks``), or refused (``refusals``)."""

    refusals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notebooks: dict[str, NotebookNode] = field(default_factory=dict)

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
            cells = {
                sc.name: CellSpec(
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
                for sc in nb.source_cells
            }
            notebooks[nb.name] = NotebookSpec(nb.name, cells)
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


def parse_notebook(raw: bytes, fname: str, max_bytes: int = MAX_NOTEBOOK_BYTES) -> NotebookNode:
    """A valid nbformat 4 notebook without its stored outputs; ValueError says why not."""
    if not raw.strip():
        raise ValueError(f"{fname}: the file is empty")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"{fname}: not valid JSON ({str(exc)[:160]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ValueError(f"{fname}: not a notebook (no list of cells)")
    if data.get("nbformat") != 4:
        raise ValueError(f"{fname}: nbformat {data.get('nbformat')!r} is not supported (need 4)")
    for cell in data["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    size = len(json.dumps(data))
    if size > max_bytes:
        raise ValueError(f"{fname}: {size} bytes without outputs, over the limit of {max_bytes}")
    try:
        nb = rejoin_lines(nbformat.from_dict(data))
        with warnings.catch_warnings():  # nbformat repairs duplicate cell ids, with a warning
            warnings.simplefilter("ignore")
            nbformat.validate(nb)
    except Exception as exc:  # jsonschema's ValidationError and friends
        message = getattr(exc, "message", None) or str(exc)
        raise ValueError(
            f"{fname}: not a valid notebook ({message.splitlines()[0][:200]})"
        ) from None
    return nb


def _known_id(
    cell: NotebookNode, spec: NotebookSpec, seen: set[str], where: str
) -> tuple[str | None, str | None]:
    """(grade_id, None) for a cell the gradebook knows, not seen before in the notebook.

    Other nbgrader metadata is dropped from the cell: (None, a note saying why).
    A cell without nbgrader metadata is the student's own: (None, None).
    """
    meta = cell.get("metadata", {}).get("nbgrader")
    if meta is None:
        return None, None
    gid = meta.get("grade_id") if isinstance(meta, dict) else None
    reason = None
    if not isinstance(meta, dict):
        reason = "nbgrader metadata that is not an object"
    elif not meta:
        reason = 'empty "nbgrader": {} metadata'
    elif not isinstance(gid, str) or not gid:
        reason = f"{'empty' if gid == '' else 'missing'} grade_id"
    elif gid in seen:
        reason = f"grade_id {gid!r} is duplicated"
    elif gid not in spec.cells:
        reason = f"grade_id {gid!r} is not in the gradebook"
    if reason is None:
        return gid, None
    del cell.metadata["nbgrader"]
    return None, f"{where}: {reason}: the cell was kept as the student's own"


def _differences(cell: NotebookNode, spec: CellSpec, released: str) -> list[str]:
    """What nbgrader will restore in a known cell, as notes for the report.

    `released` is the cell's source as the student received it (without hidden tests).
    """
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
    if spec.locked and cell.cell_type == spec.cell_type and _strip(cell.source) != _strip(released):
        notes.append(f"{label} was edited: the original was restored")
    return notes


def _strip(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def repair_notebook(
    nb: NotebookNode, spec: NotebookSpec, release: NotebookNode | None
) -> tuple[NotebookNode, list[str]]:
    """Make one parsed notebook structurally what the gradebook expects (see the module)."""
    fname = f"{spec.name}.ipynb"
    notes: list[str] = []
    seen: set[str] = set()
    released = {_gid(c): c.source for c in (release.cells if release else [])}
    for index, cell in enumerate(nb.cells):
        gid, note = _known_id(cell, spec, seen, f"{fname} cell {index + 1}")
        if gid is None:
            notes.extend(filter(None, [note]))
            continue
        seen.add(gid)
        notes.extend(_differences(cell, spec.cells[gid], released.get(gid, spec.cells[gid].source)))
        cell.metadata["nbgrader"] = nbformat.from_dict(spec.cells[gid].canonical_metadata())
    missing = [gid for gid in spec.cells if gid not in seen]
    if missing:
        if release is None:
            raise ValueError(f"{fname}: cells {missing} are missing and no release to restore")
        notes.extend(_put_back(nb, missing, spec, release))
    return nb, notes


def _put_back(
    nb: NotebookNode, missing: list[str], spec: NotebookSpec, release: NotebookNode
) -> list[str]:
    """Insert each missing cell from the release before the next cell the student kept."""
    order = [_gid(c) for c in release.cells if _gid(c) in spec.cells]
    notes = []
    for gid in missing:
        template = next((c for c in release.cells if _gid(c) == gid), None)
        if template is None:
            raise ValueError(f"{spec.name}.ipynb: {gid!r} is missing and not in the release")
        cell = nbformat.from_dict(json.loads(json.dumps(template)))
        cell.metadata["nbgrader"] = nbformat.from_dict(spec.cells[gid].canonical_metadata())
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        later = order[order.index(gid) + 1 :]
        position = next((i for i, c in enumerate(nb.cells) if _gid(c) in later), len(nb.cells))
        nb.cells.insert(position, cell)
        what = "restored as the empty answer box" if spec.cells[gid].solution else "restored"
        notes.append(f"{spec.cells[gid].kind} {gid!r} was missing: {what} from the release")
    return notes


def _gid(cell: NotebookNode) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def repair_submission(
    folder: Path,
    spec: AssignmentSpec,
    release_dir: Path | None,
    max_bytes: int = MAX_NOTEBOOK_BYTES,
) -> Repaired:
    """Read and repair a student's submitted assignment folder; never raises for its content."""
    out = Repaired()
    try:
        if folder.is_symlink() or not folder.is_dir():
            out.refusals.append(f"{folder.name}: the submission is not a plain folder")
            return out
        present = sorted(p.name for p in folder.iterdir() if p.name.endswith(".ipynb"))
    except OSError as exc:
        out.refusals.append(f"the submission folder cannot be read: {exc}")
        return out
    expected = [f"{name}.ipynb" for name in spec.notebooks]
    others = [p for p in present if p not in expected]
    for name in spec.notebooks:
        fname = f"{name}.ipynb"
        if fname not in present:
            if len(others) == 1 and len(expected) == 1:
                fname = others.pop()
                out.notes.append(f"graded {fname} as {name}.ipynb (the only notebook handed in)")
            else:
                hint = f" (found instead: {', '.join(others)})" if others else ""
                out.refusals.append(f"expected notebook {name}.ipynb is missing{hint}")
                continue
        try:
            raw = read_regular_file(folder / fname, MAX_READ_BYTES)
            nb = parse_notebook(raw, fname, max_bytes)
            release = _read_release(release_dir, name)
            out.notebooks[name], notes = repair_notebook(nb, spec.notebooks[name], release)
            out.notes.extend(notes)
        except (OSError, ValueError) as exc:
            out.refusals.append(str(exc) if fname in str(exc) else f"{fname}: {exc}")
    if others and out.ok:
        out.notes.append(f"ignored notebooks not in the assignment: {', '.join(others)}")
    if not out.ok:
        out.notebooks.clear()
    return out


def _read_release(release_dir: Path | None, name: str) -> NotebookNode | None:
    path = release_dir / f"{name}.ipynb" if release_dir else None
    return nbformat.read(path, as_version=4) if path and path.exists() else None
