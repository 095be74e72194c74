"""The site's "Exercises" part: student versions, made by nbgrader, never from the sources.

`generate_release` runs `nbgrader generate_assignment` for every assignment in a
scratch copy of the course (so the instructor's gradebook and release/ folder are
never touched) and returns the release folder. `publish_release` copies its
student notebooks into the folder the book includes, outputs stripped, with
myst-nb execution switched off per notebook: a student version raises
NotImplementedError where the answers go, so it must never run at build time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

SITE_FOLDER = "exercises_site"
#: Inside SITE_FOLDER, nbgrader's release the site was published from, kept as nbgrader
#: wrote it: the exercise pages build a student's download from it. (Hidden, so the
#: book never reads it as pages.)
RELEASE_FOLDER = ".release"
#: What configures nbgrader for the course: the instructor's and the students' config
#: and the calendar they read. Everything that runs nbgrader on a copy copies these.
CONFIG_FILES = ("nbgrader_config.py", "deploy/student/nbgrader_config.py", "course.toml")
#: The chapters' text: the student versions show the learning objectives from it.
CHAPTER_GLOB = "chapters/*.md"
FORBIDDEN = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def course_files(root: Path) -> list[Path]:
    """What generating a student version reads besides the notebooks, relative to root."""
    return [Path(name) for name in CONFIG_FILES] + sorted(
        p.relative_to(root) for p in root.glob(CHAPTER_GLOB)
    )


def copy_config(root: Path, course: Path) -> None:
    """Copy the files that configure nbgrader for this course into another course folder."""
    for name in course_files(root):
        target = course / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target)


def nbgrader(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run an nbgrader command with this interpreter; raise with its log when it fails."""
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def generate_release(root: Path, release_dir: Path) -> Path:
    """Write every assignment's student version into release_dir (replaced if present)."""
    root, release_dir = Path(root).resolve(), Path(release_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="cb-release-") as tmp:
        course = Path(tmp)
        shutil.copytree(
            root / "exercises",
            course / "exercises",
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
        copy_config(root, course)
        # One nbgrader run for all assignments: its start-up dominates the time.
        nbgrader("generate_assignment", "*", "--force", "--log-level=WARN", cwd=course)
        if release_dir.exists():
            shutil.rmtree(release_dir)
        shutil.copytree(course / "release", release_dir)
    return release_dir


def student_site_notebook(path: Path) -> nbformat.NotebookNode:
    """A released notebook as the site shows it: no outputs, never executed by the build."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        text = cell.source
        leaked = [marker for marker in FORBIDDEN if marker in text]
        if leaked:
            raise ValueError(f"{path} is not a student version: it contains {leaked[0]!r}")
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata["mystnb"] = {"execution_mode": "off"}
    return notebook


def publish_release(release_dir: Path, target_dir: Path) -> list[Path]:
    """Copy each release/<assignment>/<notebook>.ipynb to target_dir/<notebook>.ipynb.

    Notebooks already in target_dir that the release no longer has are removed, so
    the site never shows a withdrawn exercise. Returns the written paths.
    """
    target_dir = Path(target_dir)
    sources = released_notebooks(release_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    for stale in target_dir.glob("*.ipynb"):
        if stale.name not in sources:
            stale.unlink()
    written = []
    for name, source in sources.items():
        target = target_dir / name
        nbformat.write(student_site_notebook(source), target)
        written.append(target)
    return written


def released_notebooks(release_dir: Path) -> dict[str, Path]:
    """Each release/<assignment>/<notebook>.ipynb by its file name, which the site uses alone.

    The page of `<notebook>.ipynb` belongs to one assignment only when no two
    assignments release a notebook of the same name, so that is refused.
    """
    sources = sorted(Path(release_dir).glob("*/*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no released notebooks under {release_dir}")
    names = [p.name for p in sources]
    if len(set(names)) != len(names):
        raise ValueError(f"two assignments release notebooks with the same name: {names}")
    return {p.name: p for p in sources}
