"""A class of twelve in a scratch course: handed in, autograded, ready for two graders.

The assignment is ch03 (two reflections, so per-question and per-criterion figures
have more than one row). Students differ in what they got right, in how long they
wrote and in when they handed in, so every figure of the analytics has something to
show: one hands in late, one hands in a notebook that cannot be graded, one hands in
nothing at all.
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from exercise_course import (
    ROOT,
    answer_set,
    environment,
    make_course,
    run,
    set_answers,
    solutions,
    words_of,
)

from crossing_borders.autograde.run import GradeOptions, grade

ASSIGNMENT = "ch03-collaboration-and-governance"
NOTEBOOK = "ch03"
REFLECTIONS = ("school_mentors", "fair_deal")
DUE = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)

#: Student id -> (first name, last name); s12 hands in a broken notebook.
NAMES = {
    "s01": ("Ada", "Achebe"),
    "s02": ("Bo", "Berg"),
    "s03": ("Chidi", "Cruz"),
    "s04": ("Dana", "Diallo"),
    "s05": ("Eero", "Endo"),
    "s06": ("Farah", "Fontaine"),
    "s07": ("Goran", "Gallo"),
    "s08": ("Hana", "Haddad"),
    "s09": ("Ivo", "Ibsen"),
    "s10": ("Jun", "Jansen"),
    "s11": ("Kemi", "Kowalski"),
    "s12": ("Lior", "Lund"),
}
REFUSED = "s12"
MISSING = "s13"  # on the class list, handed in nothing
LATE = "s05"
SENTENCE = (
    "The mentors matter because the reading says collaboration moves methods between "
    "traditions, and the model shows control follows the cost share as well as the posts. "
)


def reflection(words: int) -> str:
    return words_of(SENTENCE, words)


def answers_of(number: int) -> dict[str, str]:
    """Student number n gets the first n % 4 questions right and writes 150 + 10 n words."""
    key = solutions(ASSIGNMENT)
    wrong = answer_set(ASSIGNMENT).wrong
    right_count = number % (len(key) + 1)
    answers = {
        grade_id: code if i < right_count else wrong[grade_id][number % len(wrong[grade_id])]
        for i, (grade_id, code) in enumerate(key.items())
    }
    for i, cell in enumerate(REFLECTIONS):
        answers[cell] = reflection(150 + 10 * number + 5 * i)
    return answers


@dataclass
class ClassCourse:
    root: Path
    env: dict
    students: list[str]

    def gradebook_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"


def build_class(base: Path) -> ClassCourse:
    """Release, twelve hand-ins (one broken, one late), a missing thirteenth, autograde."""
    root = make_course(base, [ASSIGNMENT])
    # The instructor's lab configuration too: it loads the marking page.
    shutil.copytree(ROOT / "deploy", root / "deploy", dirs_exist_ok=True)
    (root / "course.toml").write_text(
        '[course]\nid = "crossing-borders"\n\n'
        f"[assignments.{ASSIGNMENT}]\n"
        f"release = {(DUE - timedelta(days=7)).isoformat().replace('+00:00', 'Z')}\n"
        f"due = {DUE.isoformat().replace('+00:00', 'Z')}\n\n"
        '[late_policy]\nmethod = "per_day"\npercent_per_day = 10\nmax_days = 5\n'
        "grace_minutes = 0\n"
    )
    env = environment(base / "home")
    run("generate_assignment", ASSIGNMENT, cwd=root, env=env)
    release = root / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    roster = [
        {"id": s, "first_name": first, "last_name": last, "email": f"{s}@example.edu"}
        for s, (first, last) in {**NAMES, MISSING: ("Mika", "Moreau")}.items()
    ]
    (base / "students.json").write_text(json.dumps(roster))
    for number, student in enumerate(NAMES, start=1):
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        notebook = folder / f"{NOTEBOOK}.ipynb"
        if student == REFUSED:
            notebook.write_text("{ this is not a notebook")
        else:
            shutil.copy(release, notebook)
            set_answers(notebook, answers_of(number))
        handed_in = DUE + (timedelta(hours=30) if student == LATE else -timedelta(hours=number))
        stamp = handed_in.strftime("%Y-%m-%d %H:%M:%S.%f %Z")
        (folder / "timestamp.txt").write_text(stamp)
    run("db", "student", "import", str(_students_csv(base, roster)), cwd=root, env=env)
    report = grade(GradeOptions(root, ASSIGNMENT, progress=False, stream=io.StringIO()))
    assert report.row(REFUSED).status == "refused", report.row(REFUSED).reason
    return ClassCourse(root, env, sorted(NAMES))


def _students_csv(base: Path, roster: list[dict]) -> Path:
    path = base / "students.csv"
    lines = ["id,first_name,last_name,email"]
    lines += [f"{r['id']},{r['first_name']},{r['last_name']},{r['email']}" for r in roster]
    path.write_text("\n".join(lines) + "\n")
    return path
