"""The site's Exercises part: student versions from nbgrader's release, never the sources."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from exercise_course import ASSIGNMENTS, EXERCISES, ROOT, nbgrader_meta, simulated_release
from nbformat.v4 import new_output

from crossing_borders.publish.leaks import protected_lines, scan
from crossing_borders.publish.site import generate_release, publish_release

SITE_NAMES = sorted(ASSIGNMENTS.values())


@pytest.fixture
def release(tmp_path):
    return simulated_release(tmp_path / "release")


def test_publishes_one_notebook_per_assignment(release, tmp_path):
    written = publish_release(release, tmp_path / "exercises_site")
    assert sorted(p.name for p in written) == SITE_NAMES
    assert sorted(p.name for p in (tmp_path / "exercises_site").iterdir()) == SITE_NAMES


def test_site_versions_never_execute_and_carry_no_outputs(release, tmp_path):
    path = release / "ch01-talent-on-the-move" / "ch01.ipynb"
    notebook = nbformat.read(path, as_version=4)
    code = next(c for c in notebook.cells if c.cell_type == "code")
    code.outputs = [new_output("stream", name="stdout", text="left over\n")]
    code.execution_count = 7
    nbformat.write(notebook, path)
    publish_release(release, tmp_path / "site")
    for name in SITE_NAMES:
        published = nbformat.read(tmp_path / "site" / name, as_version=4)
        assert published.metadata["mystnb"] == {"execution_mode": "off"}
        for cell in published.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
        # nbgrader's cell metadata stays, so a downloaded copy is still gradable.
        assert all(nbgrader_meta(c) for c in published.cells)


def test_withdrawn_exercises_disappear_from_the_site(release, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "ch99.ipynb").write_text("{}")
    (site / "index.md").write_text("# Exercises\n")
    publish_release(release, site)
    assert not (site / "ch99.ipynb").exists()
    assert (site / "index.md").exists(), "only notebooks are managed"


def test_refuses_an_instructor_version(release, tmp_path):
    source = EXERCISES / "ch02-reforms-and-sustainable-cinemas" / "ch02.ipynb"
    shutil.copy2(source, release / "ch02-reforms-and-sustainable-cinemas" / "ch02.ipynb")
    with pytest.raises(ValueError, match="not a student version"):
        publish_release(release, tmp_path / "site")


def test_refuses_an_empty_release(tmp_path):
    with pytest.raises(FileNotFoundError):
        publish_release(tmp_path, tmp_path / "site")


@pytest.mark.slow
def test_build_path_end_to_end(tmp_path):
    """nbgrader generate_assignment on a scratch copy, then publish: no leak on the way."""
    instructor_files = [ROOT / "gradebook.db", ROOT / "release"]
    before = {p: p.stat().st_mtime_ns for p in instructor_files if p.exists()}
    release = generate_release(ROOT, tmp_path / "release")
    assert sorted(p.name for p in release.iterdir()) == sorted(ASSIGNMENTS)
    written = publish_release(release, tmp_path / "exercises_site")
    assert sorted(p.name for p in written) == SITE_NAMES
    secrets = protected_lines(EXERCISES, public=[ROOT / "chapters"])
    assert scan([release, tmp_path / "exercises_site"], secrets=secrets) == []
    after = {p: p.stat().st_mtime_ns for p in instructor_files if p.exists()}
    assert after == before, "the instructor's gradebook and release/ stay untouched"
