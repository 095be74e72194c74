"""Helpers the book build needs: cache invalidation and student notebook downloads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import jupytext
import nbformat

PACKAGE_DIR = Path(__file__).parent
#: The code the chapters run (their explorables and what those import); a change
#: anywhere else in the package, the grader's say, re-executes no chapter.
CHAPTER_PACKAGES = ("models", "plots", "explorables")
#: How the build's log line on the explorables' frames starts; `make bench` reads
#: its frame-precompute figures from that line.
FRAMES_READY = "explorable frames ready:"


def chapter_code() -> list[Path]:
    """The Python files the chapters run."""
    files = [PACKAGE_DIR / "__init__.py"]
    files += [p for name in CHAPTER_PACKAGES for p in (PACKAGE_DIR / name).rglob("*.py")]
    return sorted(files)


def package_digest() -> str:
    """Hash of the Python files the chapters run: what chapter outputs depend on."""
    h = hashlib.sha256()
    for path in chapter_code():
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
