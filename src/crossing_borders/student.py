"""The student's local path: chapters as real notebooks in a folder of their own."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nbformat

from crossing_borders.buildtools import to_student_notebook


def prepare_notebooks(chapters: Path, workspace: Path) -> list[Path]:
    """Write each chapter as an .ipynb into workspace, never overwriting a student's copy.

    A student's edits live in workspace/; the course sources stay untouched, so
    pulling course updates never conflicts with their work.
    """
    workspace.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(chapters.glob("*.md")):
        target = workspace / (source.stem + ".ipynb")
        if target.exists():
            continue
        nbformat.write(to_student_notebook(source), target)
        written.append(target)
    return written


def open_lab(root: Path | None = None) -> int:
    root = root or Path.cwd()
    workspace = root / "notebooks"
    written = prepare_notebooks(root / "chapters", workspace)
    kept = len(list(workspace.glob("*.ipynb"))) - len(written)
    print(
        f"notebooks/: {len(written)} chapter notebook(s) written, {kept} of yours kept as they are."
    )
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or "jupyter"
    argv = [jupyter, "lab", f"--notebook-dir={workspace}"]
    if os.geteuid() == 0:
        argv.append("--allow-root")  # containers and CI machines often run as root
    os.execv(jupyter, argv)
    return 0  # not reached: exec replaces this process
