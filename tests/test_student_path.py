"""`make lab`: chapters and the Python primer become real notebooks in a folder the student owns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
from reading import ROOT, load_manifest

from crossing_borders.lab import prepare_notebooks, student_sources


def test_chapters_become_output_free_notebooks(tmp_path: Path) -> None:
    written = prepare_notebooks(student_sources(ROOT), tmp_path)
    assert sorted(p.name for p in written) == sorted(
        [*(Path(c).with_suffix(".ipynb").name for c in load_manifest().chapters), "python.ipynb"]
    )
    for path in written:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata.kernelspec.name == "python3"
        assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code")


def test_a_students_copy_is_never_overwritten(tmp_path: Path) -> None:
    prepare_notebooks(student_sources(ROOT), tmp_path)
    mine = tmp_path / "01-talent-on-the-move.ipynb"
    nb = nbformat.read(mine, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("My own notes."))
    nbformat.write(nb, mine)
    (tmp_path / "06-synthesis.ipynb").unlink()
    written = prepare_notebooks(student_sources(ROOT), tmp_path)
    assert [p.name for p in written] == ["06-synthesis.ipynb"]
    assert nbformat.read(mine, as_version=4).cells[-1].source == "My own notes."


def test_jupyterlab_is_installed_in_the_environment() -> None:
    lab = Path(sys.executable).with_name("jupyter-lab")
    result = subprocess.run([str(lab), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip().startswith("4.")
