"""Helpers for the exercises tests: the nbgrader sources and a scratch course to run them in."""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from crossing_borders.course.reflections import is_reflection
from crossing_borders.publish.site import copy_config, nbgrader

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
CONFIG = ROOT / "nbgrader_config.py"
COURSE_ID = "crossing-borders"

#: Assignment id -> notebook file, one per chapter (the issue's layout).
ASSIGNMENTS = {
    "ch01-talent-on-the-move": "ch01.ipynb",
    "ch02-reforms-and-sustainable-cinemas": "ch02.ipynb",
    "ch03-collaboration-and-governance": "ch03.ipynb",
    "ch04-audiences-and-authenticity": "ch04.ipynb",
    "ch05-stewardship-and-policy": "ch05.ipynb",
    "ch06-synthesis": "ch06.ipynb",
}


#: Per assignment, a module of answers for its questions (see exercise_answers/README.md).
ANSWERS_DIR = Path(__file__).resolve().parent / "exercise_answers"


@dataclass(frozen=True)
class AnswerSet:
    """Answers for one assignment's questions, keyed by the answer cell's grade_id.

    `wrong`: plausible wrong answers, each of which its question's tests must fail.
    `right`: correct answers in other forms or precisions, each of which must pass.
    """

    wrong: dict[str, list[str]]
    right: dict[str, list[str]]


def answer_set(assignment: str) -> AnswerSet:
    path = ANSWERS_DIR / f"{assignment.split('-')[0]}.py"
    spec = importlib.util.spec_from_file_location(f"answers_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return AnswerSet(wrong=module.WRONG, right=module.RIGHT)


def solutions(assignment: str) -> dict[str, str]:
    """The key: each answer cell's solution code (grade_id -> source, markers removed)."""
    notebook = nbformat.read(source_path(assignment), as_version=4)
    return {
        nbgrader_meta(c)["grade_id"]: re.sub(r"### (BEGIN|END) SOLUTION\n?", "", c.source).strip()
        for c in notebook.cells
        if c.cell_type == "code" and nbgrader_meta(c).get("solution")
    }


def question_points(assignment: str) -> dict[str, float]:
    """Points of each autograded question, keyed by its answer cell's grade_id."""
    notebook = nbformat.read(source_path(assignment), as_version=4)
    return {
        f"{nbgrader_meta(c)['grade_id']}_answer": float(nbgrader_meta(c)["points"])
        for c in autograded_cells(notebook)
    }


def passes_visible(assignment: str, answer_id: str, code: str) -> bool:
    """Whether an answer gets past its question's visible checks (run in-process)."""
    notebook = nbformat.read(source_path(assignment), as_version=4)
    cells = {nbgrader_meta(c).get("grade_id"): c for c in notebook.cells}
    test = cells[answer_id.removesuffix("_answer")].source
    visible = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", test, flags=re.S)
    namespace: dict = {}
    exec(cells["setup"].source, namespace)
    try:
        exec(code, namespace)
        exec(visible, namespace)
    except Exception:
        return False
    return True


def first_reflection(assignment: str) -> tuple[str, float]:
    """(grade_id, points) of the assignment's first written answer."""
    notebook = nbformat.read(source_path(assignment), as_version=4)
    cell = reflection_cells(notebook)[0]
    return nbgrader_meta(cell)["grade_id"], float(nbgrader_meta(cell)["points"])


def source_path(assignment: str) -> Path:
    return EXERCISES / assignment / ASSIGNMENTS[assignment]


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def autograded_cells(notebook) -> list:
    """Autograder test cells: graded code cells that are not answers."""
    return [
        c
        for c in notebook.cells
        if c.cell_type == "code"
        and nbgrader_meta(c).get("grade")
        and not nbgrader_meta(c).get("solution")
    ]


def reflection_cells(notebook) -> list:
    """Manually graded written answers: markdown cells that are graded solution cells."""
    return [c for c in notebook.cells if is_reflection(c)]


def points(cells) -> float:
    return float(sum(nbgrader_meta(c)["points"] for c in cells))


def make_course(base: Path, assignments) -> Path:
    """A scratch course directory: the course config and the chosen sources."""
    course = base / "course"
    course.mkdir(parents=True)
    copy_config(ROOT, course)
    for assignment in assignments:
        shutil.copytree(EXERCISES / assignment, course / "exercises" / assignment)
    return course


def environment(home: Path, exchange: Path | None = None) -> dict:
    """A clean environment for one person: their own HOME (and so nbgrader cache)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["HOME"] = str(home)
    env["PYTHONWARNINGS"] = "ignore"
    if exchange is not None:
        env["CROSSING_BORDERS_EXCHANGE"] = str(exchange)
    return env


def run(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return nbgrader(*args, cwd=cwd, env=env)


def in_parallel(calls) -> list:
    """Run zero-argument callables side by side (each one mostly waits on a subprocess)."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = [pool.submit(call) for call in calls]
        return [f.result() for f in futures]


def read_grades_csv(path: Path) -> dict[tuple[str, str], dict]:
    with open(path, newline="") as handle:
        return {(row["assignment"], row["student_id"]): row for row in csv.DictReader(handle)}


def words_of(sentence: str, words: int) -> str:
    """A written answer of exactly `words` words: `sentence` repeated and cut."""
    return " ".join((sentence * (words // len(sentence.split()) + 1)).split()[:words])


def set_answers(notebook_path: Path, answers: dict[str, str]) -> None:
    """Write a student's answers into the cells with these grade_ids."""
    notebook = nbformat.read(notebook_path, as_version=4)
    found = set()
    for cell in notebook.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
            found.add(grade_id)
    missing = set(answers) - found
    assert not missing, f"no cells with grade_id {missing} in {notebook_path}"
    nbformat.write(notebook, notebook_path)


def student_version(path: Path):
    """The student version nbgrader would release, made in-process (no gradebook needed)."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearOutput, ClearSolutions

    notebook = nbformat.read(path, as_version=4)
    resources: dict = {}
    for preprocessor in (ClearSolutions(), ClearHiddenTests(), ClearOutput()):
        notebook, resources = preprocessor.preprocess(notebook, resources)
    return notebook


def simulated_release(target: Path) -> Path:
    """release/<assignment>/<notebook>.ipynb for every assignment, made in-process."""
    for assignment, name in ASSIGNMENTS.items():
        (target / assignment).mkdir(parents=True, exist_ok=True)
        nbformat.write(student_version(source_path(assignment)), target / assignment / name)
    return target
