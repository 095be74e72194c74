"""A small nbgrader course made in code, and the broken and hostile submissions graded in it.

``make_course(root)`` writes ``nbgrader_config.py``, one source notebook
(``exercises/ps1/ps1.ipynb``: a read-only setup cell, two autograded answers
with visible and hidden tests, a manually graded Markdown answer) and runs
``nbgrader generate_assignment``. ``submit(course, student, variant)`` writes
``submitted/<student>/ps1/`` from the released notebook with honest answers,
then lets ``variant`` (one of :data:`VARIANTS`) damage or weaponise it.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

ASSIGNMENT = "ps1"
NOTEBOOK = "ps1"
SOLUTION_SECRET = "SOLUTION-SECRET-5b1f"
HIDDEN_SECRET = "HIDDEN-SECRET-9c2e"
MAX_SCORE = 5.0  # q1 tests 2 + q2 tests 1 + q3 manual 2
AUTO_MAX = 3.0

CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "demo"
c.CourseDirectory.root = {root!r}
c.CourseDirectory.source_directory = "exercises"
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
c.Execute.timeout = 30
c.ExportApp.plugin_class = "crossing_borders.course.export.CourseExport"
"""


def _meta(gid: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": gid,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


ANSWERS = {
    "q1-answer": "def mean(xs):\n    return sum(xs) / len(xs)",
    "q2-answer": "def scaled(xs):\n    return [SCALE * x for x in xs]",
    "q3-answer": "Because talent moves with the money, and the money moves with the talent.",
}


def source_notebook() -> nbformat.NotebookNode:
    nbf = nbformat.v4
    cells = [
        nbf.new_markdown_cell("# Problem set 1\nAnswer every question."),
        nbf.new_code_cell("SCALE = 2", metadata=_meta("setup", locked=True)),
        nbf.new_code_cell(
            "def mean(xs):\n    ### BEGIN SOLUTION\n"
            f"    # {SOLUTION_SECRET}\n    return sum(xs) / len(xs)\n    ### END SOLUTION",
            metadata=_meta("q1-answer", solution=True),
        ),
        nbf.new_code_cell(
            "assert mean([1, 2, 3]) == 2\n### BEGIN HIDDEN TESTS\n"
            f"# {HIDDEN_SECRET}\n"
            "assert type(mean([2, 4])) is float and mean([2, 4]) == 3.0\n"
            "### END HIDDEN TESTS",
            metadata=_meta("q1-tests", grade=True, locked=True, points=2),
        ),
        nbf.new_code_cell(
            "def scaled(xs):\n    ### BEGIN SOLUTION\n"
            "    return [SCALE * x for x in xs]\n    ### END SOLUTION",
            metadata=_meta("q2-answer", solution=True),
        ),
        nbf.new_code_cell(
            "assert scaled([1, 2]) == [2, 4]",
            metadata=_meta("q2-tests", grade=True, locked=True, points=1),
        ),
        nbf.new_markdown_cell(
            f"Talent follows money. ({SOLUTION_SECRET})",
            metadata=_meta("q3-answer", grade=True, solution=True, points=2),
        ),
    ]
    nb = nbf.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


@dataclass
class DemoCourse:
    root: Path

    @property
    def release(self) -> Path:
        return self.root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"

    def submitted(self, student: str) -> Path:
        return self.root / "submitted" / student / ASSIGNMENT


def nbgrader_cmd() -> list[str]:
    return [sys.executable, "-m", "nbgrader"]


def make_course(root: Path) -> DemoCourse:
    root.mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text(CONFIG.format(root=str(root)))
    src = root / "exercises" / ASSIGNMENT
    src.mkdir(parents=True, exist_ok=True)
    nbformat.write(source_notebook(), src / f"{NOTEBOOK}.ipynb")
    (src / "data.csv").write_text("x\n1\n2\n")
    done = subprocess.run(
        [*nbgrader_cmd(), "generate_assignment", ASSIGNMENT, "--force", "--log-level=ERROR"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"},
    )
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{done.stderr[-3000:]}")
    return DemoCourse(root)


def honest_notebook(course: DemoCourse) -> dict:
    nb = json.loads(course.release.read_text())
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in ANSWERS:
            cell["source"] = ANSWERS[gid]
    return nb


def _cell(nb: dict, gid: str) -> dict:
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid:
            return cell
    raise KeyError(gid)


def prepend_code(gid: str, code: str) -> Callable[[dict], dict]:
    def apply(nb: dict) -> dict:
        cell = _cell(nb, gid)
        cell["source"] = textwrap.dedent(code).strip() + "\n" + "".join(cell["source"])
        return nb

    return apply


def append_code(gid: str, code: str) -> Callable[[dict], dict]:
    def apply(nb: dict) -> dict:
        cell = _cell(nb, gid)
        cell["source"] = "".join(cell["source"]) + "\n" + textwrap.dedent(code).strip()
        return nb

    return apply


def _edit(gid: str, **changes: Any) -> Callable[[dict], dict]:
    def apply(nb: dict) -> dict:
        cell = _cell(nb, gid)
        for key, value in changes.items():
            if key == "nbgrader":
                cell["metadata"]["nbgrader"] = value
            elif key == "metadata_tags":
                cell["metadata"]["tags"] = value
            elif key.startswith("meta_"):
                cell["metadata"]["nbgrader"][key[5:]] = value
            else:
                cell[key] = value
        return nb

    return apply


def _chain(*steps: Callable[[dict], dict]) -> Callable[[dict], dict]:
    def apply(nb: dict) -> dict:
        for step in steps:
            nb = step(nb)
        return nb

    return apply


def _to_markdown(gid: str) -> Callable[[dict], dict]:
    def apply(nb: dict) -> dict:
        cell = _cell(nb, gid)
        cell["cell_type"] = "markdown"
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
        return nb

    return apply


def _delete(gid: str) -> Callable[[dict], dict]:
    def apply(nb: dict) -> dict:
        nb["cells"].remove(_cell(nb, gid))
        return nb

    return apply


def _wrong_mean(nb: dict) -> dict:
    _cell(nb, "q1-answer")["source"] = "def mean(xs):\n    return 0"
    return nb


READ_SECRETS = """
import glob, os
found = []
for pattern in ["{root}/gradebook.db", "{root}/exercises/*/*.ipynb", "{root}/*",
                "../../gradebook.db", "../../../exercises/*/*", "/proc/1/root/{root}/gradebook.db"]:
    for path in glob.glob(pattern) or [pattern]:
        try:
            with open(path, "rb") as f:
                found.append(f.read(20000).decode("latin-1"))
        except Exception as exc:
            print("cannot read", path, type(exc).__name__)
print("LEAK:", "".join(found))
"""

WRITE_OUTSIDE = """
import os, subprocess
targets = ["{root}/PWNED", "{root}/exercises/ps1/PWNED.py", "{root}/submitted/honest1/ps1/PWNED",
           "{root}/autograded/PWNED", "/tmp/cb-pwned-{tag}", "../PWNED", "/work/PWNED",
           os.path.expanduser("~/../PWNED")]
for t in targets:
    try:
        with open(t, "w") as f:
            f.write("pwned")
        print("wrote", t)
    except Exception as exc:
        print("cannot write", t, type(exc).__name__)
os.system("echo pwned > {root}/exercises/ps1/PWNED2.py 2>/dev/null; touch /tmp/cb-pwned2-{tag}")
"""

ALWAYS_EQUAL = """
class AlwaysEqual(float):
    def __eq__(self, other):
        return True
    __hash__ = float.__hash__

def mean(xs):
    return AlwaysEqual(0)
"""

OVER_MAX = """
get_ipython().input_transformers_post.append(lambda lines: lines + ["\\n1000000\\n"])
"""


def variants(root: Path, tag: str = "x") -> dict[str, Callable[[dict], Any]]:
    """Damaged or hostile submissions by name; each maps the honest notebook (a dict)
    to the submitted file content (dict -> JSON, bytes -> raw, or (filename, content))."""
    r = str(root)
    return {
        "honest": lambda nb: nb,
        "infinite_loop": prepend_code("q1-answer", "while True:\n    pass"),
        "sigint_ignored": prepend_code(
            "q2-answer",
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
        ),
        "huge_line": append_code("q1-answer", "print('x' * 100_000_000)"),
        "many_lines": append_code("q1-answer", "print('\\n'.join(map(str, range(2_000_000))))"),
        "import_error": prepend_code("q1-answer", "import crossing_borders_no_such_module"),
        "os_exit": append_code("q2-answer", "import os\nos._exit(1)"),
        "deleted_test": _delete("q1-tests"),
        "edited_test": _chain(_wrong_mean, _edit("q1-tests", source="pass")),
        "edited_readonly": _chain(
            _edit("setup", source="SCALE = 3"),
            _edit("q2-answer", source="def scaled(xs):\n    return [3 * x for x in xs]"),
        ),
        "test_to_markdown": _chain(_wrong_mean, _to_markdown("q1-tests")),
        "changed_points": _edit("q1-tests", meta_points=100),
        "renamed_id": _edit("q1-tests", meta_grade_id="q1-tests-renamed"),
        "duplicated_id": _edit("q2-tests", meta_grade_id="q1-tests"),
        "empty_id": _edit("q1-tests", meta_grade_id=""),
        "empty_nbgrader": _edit("q2-answer", nbgrader={}),
        "invalid_json": lambda nb: json.dumps(nb).encode()[:-40],
        "empty_file": lambda nb: b"",
        "wrong_name": lambda nb: ("ps1 (1).ipynb", nb),
        "widget_slider": append_code(
            "q1-answer", "import ipywidgets as widgets\nslider = widgets.IntSlider()\nslider"
        ),
        "read_secrets": append_code("q1-answer", READ_SECRETS.replace("{root}", r)),
        "write_outside": append_code(
            "q1-answer", WRITE_OUTSIDE.replace("{root}", r).replace("{tag}", tag)
        ),
        "always_equal": _edit("q1-answer", source=ALWAYS_EQUAL.strip()),
        "score_over_max": append_code("q2-answer", OVER_MAX),
        # nbclient skips cells tagged skip-execution: a skipped test has no output
        "skip_tag": _chain(_wrong_mean, _edit("q1-tests", metadata_tags=["skip-execution"])),
        # a failing test whose traceback is never shown must still fail
        "hide_tracebacks": _chain(
            _wrong_mean,
            prepend_code("q1-answer", "get_ipython().showtraceback = lambda *a, **k: None"),
        ),
    }


def submit(
    course: DemoCourse,
    student: str,
    variant: Callable[[dict], Any] | None = None,
    timestamp: str = "2030-01-01 12:00:00.000000 UTC",
) -> Path:
    """Write submitted/<student>/ps1/ (notebook, timestamp.txt, a data file)."""
    folder = course.submitted(student)
    folder.mkdir(parents=True, exist_ok=True)
    result = (variant or (lambda nb: nb))(copy.deepcopy(honest_notebook(course)))
    name = f"{NOTEBOOK}.ipynb"
    if isinstance(result, tuple):
        name, result = result
    if isinstance(result, dict):
        result = json.dumps(result, indent=1).encode()
    (folder / name).write_bytes(result)
    (folder / "timestamp.txt").write_text(timestamp)
    (folder / "notes.txt").write_text(f"work of {student}\n")
    return folder


class StampGradedBy(Preprocessor):
    """A preprocessor an instructor might add to nbgrader's autograde: it marks the notebook."""

    enabled = Bool(True)  # nbgrader runs only enabled preprocessors, stock autograde too

    def preprocess(self, nb, resources):
        nb.metadata["graded_by"] = "an instructor's own preprocessor"
        return nb, resources


WITH_OWN_PREPROCESSOR = """
from nbgrader.converters import Autograde
from grading_course import StampGradedBy

c.Autograde.autograde_preprocessors = [
    *Autograde.class_traits()["autograde_preprocessors"].default(),
    StampGradedBy,
]
"""
