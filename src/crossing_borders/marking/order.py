"""In which order graders meet the answers, and whether they see whose they are.

Grading in the order of the class list rewards the names early in the alphabet
with a fresher grader; the order here is pseudo-random and stable: each answer's
place comes from a hash of the course, assignment, question and student, so every
grader, on every day, sees the same order, and each question is shuffled anew.
With blind grading on, the page shows "Answer 4 of 12" and names the student only
once the grade is saved. Both are settings of `nbgrader_config.py`:

    c.MarkingSettings.blind = True      # names hidden until the grade is saved
    c.MarkingSettings.shuffle = True    # stable pseudo-random order (else by name)
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Iterable

from traitlets import Bool, Unicode
from traitlets.config import Configurable


class MarkingSettings(Configurable):
    blind = Bool(True, help="Hide each student's name until their grade is saved.").tag(config=True)
    shuffle = Bool(True, help="A stable pseudo-random grading order instead of by name.").tag(
        config=True
    )
    grader = Unicode(
        "", help="The name markings are saved under (default: the server's user)."
    ).tag(config=True)

    def grader_name(self) -> str:
        return self.grader or getpass.getuser()


def place(course_id: str, assignment: str, cell: str, student: str) -> str:
    seed = "\0".join((course_id, assignment, cell, student)).encode()
    return hashlib.blake2b(seed, digest_size=8).hexdigest()


def grading_order(
    students: Iterable[str], *, course_id: str, assignment: str, cell: str, shuffle: bool = True
) -> list[str]:
    """The students whose answer to `cell` graders meet, first to last."""
    names = sorted(set(students))
    if not shuffle:
        return names
    return sorted(names, key=lambda s: place(course_id, assignment, cell, s))


def answer_label(position: int, count: int) -> str:
    """What a blind grader sees instead of a name."""
    return f"Answer {position} of {count}"
