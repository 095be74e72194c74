"""Helpers for the exercises tests: the nbgrader sources and a scratch course to run them in."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

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


#: Per assignment, answers a student could plausibly give (answer cell grade_id ->
#: source): each passes its question's visible checks and fails the hidden ones.
WRONG_ANSWERS = {
    "ch01-talent-on-the-move": {
        "best_share_answer": "best_share = float(team_mix(0.3, 4, 0.5).best_share)",
        "best_traditions_answer": "best_traditions = max(range(1, 6), "
        "key=lambda t: team_mix(0.6, t, 0.5).capability)",
        "adaptive_strategies_answer": 'adaptive_strategies = {"a", "c"}',
    },
    "ch02-reforms-and-sustainable-cinemas": {
        "audience_refinements_answer": 'audience_refinements = {"a", "c"}',
        "pressure_or_response_answer": "pressure_or_response = {'a': 'response', 'b': 'response', "
        "'c': 'pressure', 'd': 'response', 'e': 'response'}",
        "best_mentoring_answer": "kept = {r: skill_transfer(0.2, 6, r, 0.0).kept_skill "
        "for r in range(1, 11)}\nbest_mentoring = min(kept, key=kept.get)",
    },
    "ch03-collaboration-and-governance": {
        "shared_ownership_answer": "shared_ownership = {'a': 'preserves', 'b': 'access', "
        "'c': 'access', 'd': 'access', 'e': 'access', 'f': 'neither'}",
        "governance_practices_answer": 'governance_practices = {"a", "c"}',
        "qualifying_deals_answer": 'qualifying_deals = {"b"}',
    },
    "ch04-audiences-and-authenticity": {
        "workplace_dialogue_answer": 'workplace_dialogue = {"a", "b"}',
        "delicate_balance_answer": 'delicate_balance = {"want": "b", "deserve": "a"}',
        "balance_points_answer": "balance_points = (reception(0.5, 1.0, 0.8).balance, "
        "reception(0.5, 1.0, 0.0).balance)",
    },
    "ch05-stewardship-and-policy": {
        "policy_instruments_answer": 'policy_instruments = {"a", "b", "d"}',
        "stewardship_themes_answer": "stewardship_themes = {'a': 'distribution', 'b': 'heritage', "
        "'c': 'heritage', 'd': 'distribution', 'e': 'heritage', 'f': 'policy'}",
        "employment_gap_answer": "employment_gap = policy_lab(0.25, 0.25, 0.25, 0.25).final[0] "
        "- policy_lab(0.7, 0.1, 0.1, 0.1).final[0]",
    },
    "ch06-synthesis": {
        "core_balance_answer": 'core_balance = {"a", "b"}',
        "lesson_conditions_answer": 'lesson_conditions = {"a"}',
        "stewardship_by_horizon_answer": "stewardship_by_horizon = tuple("
        "openness_map(0.5, 0.5, years).best[1] for years in (20, 3))",
    },
}


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
    return [
        c
        for c in notebook.cells
        if c.cell_type == "markdown"
        and nbgrader_meta(c).get("grade")
        and nbgrader_meta(c).get("solution")
    ]


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
