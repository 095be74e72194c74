"""Helpers the book build needs: cache invalidation and student notebook downloads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import jupytext
import nbformat

PACKAGE_DIR = Path(__file__).parent


def package_digest() -> str:
    """Hash of every Python file in the package: what chapter outputs depend on."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def to_student_notebook(source: Path) -> nbformat.NotebookNode:
    """Read a MyST text notebook as an output-free .ipynb."""
    notebook = jupytext.read(source)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("jupytext", None)
    return notebook


def write_student_notebook(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(to_student_notebook(source), target)
