"""JupyterLab on the course: the student's notebooks folder, or the instructor's course root.

`make lab` (students) writes each chapter as an .ipynb into `notebooks/` and opens
JupyterLab there with the student side of nbgrader: the Assignment List and
Validate, no formgrader or course tools, and a terminal where `nbgrader` and
`crossing-borders` work without activating anything. `make formgrader`
(instructors) opens the course root, where nbgrader_config.py is, with the
formgrader.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat

from crossing_borders.buildtools import to_student_notebook

STUDENT_CONFIG = Path("deploy") / "student"
INSTRUCTOR_CONFIG = Path("deploy") / "instructor"
#: The marking page (crossing_borders.marking.server), served by the instructor's lab.
MARKING_PATH = "/crossing-borders/marking/"


#: Text notebooks a student gets to run: the chapters and the Python primer.
STUDENT_NOTEBOOKS = ("chapters/*.md", "appendix/python.md")


def student_sources(root: Path) -> list[Path]:
    return [p for pattern in STUDENT_NOTEBOOKS for p in sorted(root.glob(pattern))]


def prepare_notebooks(sources: list[Path], workspace: Path) -> list[Path]:
    """Write each text notebook as an .ipynb into workspace, never over a student's copy.

    A student's edits live in workspace/; the course sources stay untouched, so
    pulling course updates never conflicts with their work.
    """
    workspace.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        target = workspace / (source.stem + ".ipynb")
        if target.exists():
            continue
        nbformat.write(to_student_notebook(source), target)
        written.append(target)
    return written


def lab_environment(root: Path, instructor: bool = False, base: dict | None = None) -> dict:
    """The environment JupyterLab (and every terminal opened in it) runs with.

    This environment's scripts come first on PATH, and the role's configuration
    folder on JUPYTER_CONFIG_PATH: for students, the course id, the exchange and
    which nbgrader panels show; for both, no news feed that would reach outside.
    """
    env = dict(os.environ if base is None else base)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    folder = INSTRUCTOR_CONFIG if instructor else STUDENT_CONFIG
    paths = [str(root / folder), env.get("JUPYTER_CONFIG_PATH", "")]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in paths if p)
    return env


def student_exchange(root: Path) -> Path:
    """The exchange the student configuration names (read from that file, its one source)."""
    from traitlets.config.loader import PyFileConfigLoader

    folder = root / STUDENT_CONFIG
    config = PyFileConfigLoader("nbgrader_config.py", path=str(folder)).load_config()
    return Path(config.Exchange.root)


def ensure_exchange(exchange: Path) -> None:
    """Create a missing exchange as nbgrader's first release would (open to every user).

    nbgrader's Assignment List fails on a missing exchange instead of listing
    nothing; before the instructor's first release, a student should see an empty
    list. A shared exchange (CROSSING_BORDERS_EXCHANGE) is the hub's to create.
    """
    if not exchange.exists():
        exchange.mkdir(parents=True)
        exchange.chmod(0o777)


def lab_command(
    folder: Path, browser: bool = True, port: int | None = None, root_user: bool = False
) -> list[str]:
    jupyter = str(Path(sys.executable).with_name("jupyter"))
    argv = [jupyter, "lab", f"--ServerApp.root_dir={folder}"]
    if not browser:
        argv.append("--no-browser")
    if port is not None:
        argv.append(f"--port={port}")
    if root_user:
        argv.append("--allow-root")  # containers and CI machines often run as root
    return argv


def marking_hint(port: int | None) -> str:
    """Where the marking page is: the lab's own address (and login), at MARKING_PATH."""
    if port:
        where = f"http://localhost:{port}{MARKING_PATH} (same login as the lab)"
    else:
        where = f"{MARKING_PATH} on the lab's address printed below (same login)"
    return f"Reflections are marked criterion by criterion on the marking page: {where}."


def open_lab(
    root: Path | None = None,
    instructor: bool = False,
    browser: bool = True,
    port: int | None = None,
) -> int:
    root = (root or Path.cwd()).resolve()
    if instructor:
        folder = root
        print(f"Course folder {root}: Nbgrader > Formgrader grades the submissions.")
        print(marking_hint(port))
    else:
        if "CROSSING_BORDERS_EXCHANGE" not in os.environ:
            ensure_exchange(student_exchange(root))
        folder = root / "notebooks"
        written = prepare_notebooks(student_sources(root), folder)
        kept = len(list(folder.glob("*.ipynb"))) - len(written)
        print(
            f"notebooks/: {len(written)} notebook(s) written (the chapters and python.ipynb, "
            f"the Python primer), {kept} of yours kept as they are. "
            "Nbgrader > Assignment List fetches and submits the exercises."
        )
    argv = lab_command(folder, browser, port, root_user=os.geteuid() == 0)
    os.chdir(folder)
    sys.stdout.flush()  # exec discards what Python has not yet written to a pipe
    os.execve(argv[0], argv, lab_environment(root, instructor))
    return 0  # not reached: exec replaces this process
