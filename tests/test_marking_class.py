"""A class of twelve marked by two graders through the marking page, then analysed and exported.

Each grader has their own server (as on a hub) and grades through the page's own
HTTP interface with their token: open an answer, choose a level per criterion, save.
Grader A marks every answer; grader B marks the first six of each reflection again
(a moderation round), so agreement can be measured and B's later marking is the
grade there. Then: feedback, a regrade, the analytics report, the LMS files, each
checked against the gradebook itself.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from hub_round import request
from journey import Lab, Shell, clean_environment, start_lab
from marking_class import (
    ASSIGNMENT,
    LATE,
    MISSING,
    NAMES,
    NOTEBOOK,
    REFLECTIONS,
    REFUSED,
    ClassCourse,
    build_class,
)
from nbgrader.api import Gradebook

from crossing_borders.course.reflections import reflections
from crossing_borders.marking import regrades, store
from crossing_borders.marking.order import grading_order

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
SECOND_ROUND = 6  # answers per reflection grader B marks again
COMMENT = "Name the mechanism before the example."


def rubrics(root: Path) -> dict:
    import nbformat

    nb = nbformat.read(root / "exercises" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    return {r.grade_id: r.rubric for r in reflections(nb, ASSIGNMENT)}


def levels_for(rubric, position: int, grader: str) -> dict[str, str]:
    """A grader's choice of level per criterion: varied, and B sometimes one lower than A."""
    chosen = {}
    for i, criterion in enumerate(rubric.criteria):
        index = (position + i) % len(criterion.levels)
        if grader == "grader-b" and (position + i) % 3 == 0:
            index = min(index + 1, len(criterion.levels) - 1)
        chosen[criterion.name] = criterion.levels[index].label
    return chosen


@dataclass
class Grader:
    name: str
    lab: Lab
    seen: dict[str, list[str]] = field(default_factory=dict)  # cell -> grade ids in order

    def request(self, path: str, body: dict | None = None) -> tuple[int, str]:
        method = "GET" if body is None else "POST"
        reply = request(f"{self.lab.url}{path}", self.lab.token, method, body=body)
        return reply.status, reply.text

    def answer(self, cell: str, position: int) -> tuple[str, str]:
        """The answer page and the save address it names."""
        status, page = self.request(
            f"/crossing-borders/marking/{ASSIGNMENT}/{NOTEBOOK}/{cell}/{position}"
        )
        assert status == 200, page[:500]
        save = html.unescape(re.search(r'data-save="([^"]+)"', page).group(1))
        self.seen.setdefault(cell, []).append(save.rsplit("/", 1)[1])
        return page, save

    def save(self, save: str, levels, comments=None, regrade=()) -> dict:
        body = {"levels": levels, "comments": comments or {}, "regrades": list(regrade)}
        status, text = self.request(save, body)
        assert status == 200, text
        return json.loads(text)


@dataclass
class Graded:
    course: ClassCourse
    pages: dict[tuple[str, str, int], str] = field(default_factory=dict)
    saved: dict[tuple[str, str, int], dict] = field(default_factory=dict)
    orders: dict[str, list[list[str]]] = field(default_factory=dict)


def grader_server(course: ClassCourse, name: str, base: Path) -> Lab:
    env = clean_environment(base / name)
    env.update(LOGNAME=name, USER=name, PATH=f"{BIN}{os.pathsep}{env['PATH']}")
    shell = Shell("marking", course.root, env)
    command = f"{BIN / 'crossing-borders'} lab --instructor"
    return start_lab(shell, f"lab {name}", command, base / f"{name}.log", via_make=False)


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> Graded:
    base = tmp_path_factory.mktemp("class")
    course = build_class(base)
    result = Graded(course)
    the_rubrics = rubrics(course.root)
    for name, count in (("grader-a", None), ("grader-b", SECOND_ROUND)):
        grader = Grader(name, grader_server(course, name, base))
        try:
            for cell in REFLECTIONS:
                rubric = the_rubrics[cell]
                positions = range(1, (count or len(NAMES) - 1) + 1)
                for position in positions:
                    page, save = grader.answer(cell, position)
                    result.pages[(name, cell, position)] = page
                    comments = {rubric.criteria[0].name: COMMENT} if position == 1 else {}
                    levels = levels_for(rubric, position, name)
                    result.saved[(name, cell, position)] = grader.save(save, levels, comments)
                result.orders.setdefault(cell, []).append(grader.seen[cell])
        finally:
            grader.lab.stop()
    return result


def gradebook(course: ClassCourse) -> Gradebook:
    return Gradebook(course.gradebook_url())


def test_each_cell_score_is_the_sum_of_its_criteria(marked):
    with gradebook(marked.course) as gb:
        current = store.current(gb, ASSIGNMENT)
        assert len(current) == 2 * (len(NAMES) - 1)  # every handed-in answer, both prompts
        for key, marking in current.items():
            grade = gb.find_grade(key.cell, key.notebook, key.assignment, key.student)
            assert grade.score == marking.total == sum(m.points for m in marking.marks)
            assert not grade.needs_manual_grade
            comment = gb.find_comment(key.cell, key.notebook, key.assignment, key.student)
            for mark in marking.marks:
                assert f"{mark.criterion}: {mark.level}" in comment.manual_comment
        # The second round is the grade where it happened; the first stays as history.
        doubled = {k: v for k, v in store.by_grader(gb, ASSIGNMENT).items() if len(v) == 2}
        assert len(doubled) == 2 * SECOND_ROUND
        for key, by in doubled.items():
            assert set(by) == {"grader-a", "grader-b"}
            assert current[key].grader == "grader-b"
            assert len(store.history(gb, key)) == 2


def test_names_stay_hidden_until_the_grade_is_saved(marked):
    ids_and_names = [*NAMES, *(n for pair in NAMES.values() for n in pair)]
    for (grader, cell, position), page in marked.pages.items():
        shown = [s for s in ids_and_names if re.search(rf"\b{re.escape(s)}\b", page)]
        assert shown == [], (grader, cell, position, shown)
        assert f"Answer {position} of {len(NAMES) - 1}" in page
        assert marked.saved[(grader, cell, position)]["student"] in NAMES


def test_the_order_is_stable_pseudo_random_and_the_same_for_both_graders(marked):
    with gradebook(marked.course) as gb:
        for cell in REFLECTIONS:
            first, second = marked.orders[cell]
            assert second == first[:SECOND_ROUND]
            students = [gb.find_grade_by_id(grade_id).notebook.student.id for grade_id in first]
            expected = grading_order(
                students, course_id="crossing-borders", assignment=ASSIGNMENT, cell=cell
            )
            assert students == expected
            assert students != sorted(students)
        orders = [
            [gb.find_grade_by_id(g).notebook.student.id for g in marked.orders[c][0]]
            for c in REFLECTIONS
        ]
    assert orders[0] != orders[1], "each reflection is shuffled anew"


def test_a_comment_written_once_is_offered_on_every_later_answer(marked):
    later = [p for (g, c, pos), p in marked.pages.items() if g == "grader-a" and pos > 1]
    assert later and all(html.escape(COMMENT) in page for page in later)
    first = marked.pages[("grader-a", REFLECTIONS[0], 1)]
    assert html.escape(COMMENT) not in first


def feedback_text(course: ClassCourse, student: str) -> str:
    page = course.root / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.read_text())))


def command(course: ClassCourse, program: str, *args: str) -> subprocess.CompletedProcess:
    """A command of the course's environment, run in the class's course folder; it must succeed."""
    proc = subprocess.run(
        [str(BIN / program), *args],
        cwd=course.root,
        env=course.env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def test_feedback_shows_the_level_and_comment_of_every_criterion(marked):
    course = marked.course
    command(course, "nbgrader", "generate_feedback", ASSIGNMENT)
    with gradebook(course) as gb:
        current = store.current(gb, ASSIGNMENT)
    for key, marking in current.items():
        text = feedback_text(course, key.student)
        table = text.split("Your rubric, criterion by criterion")
        assert len(table) == 3, key  # one table per reflection
        assert f"{marking.total:g} of 10 points" in text
        for mark in marking.marks:
            assert f"{mark.criterion} {mark.level} {mark.points:g} of" in text, (key, mark)
            if mark.comment:
                assert mark.comment in text


def test_a_regrade_changes_the_total_keeps_the_history_and_returns_new_feedback(marked):
    course = marked.course
    cell = REFLECTIONS[0]
    with gradebook(course) as gb:
        student = gb.find_grade_by_id(marked.orders[cell][0][-1]).notebook.student.id
        key = store.CellKey(ASSIGNMENT, NOTEBOOK, cell, student)
        before = store.history(gb, key)
    request = command(
        course,
        "crossing-borders",
        "regrade",
        "request",
        student,
        ASSIGNMENT,
        cell,
        "--reason",
        "My second paragraph weighs the other side.",
    )
    assert "Recorded R1" in request.stdout
    rubric = rubrics(course.root)[cell]
    best = {c.name: c.levels[0].label for c in rubric.criteria}
    grader = Grader("grader-a", grader_server(course, "grader-a", course.root.parent))
    try:
        page, save = grader.answer(cell, len(NAMES) - 1)
        assert "My second paragraph weighs the other side." in html.unescape(page)
        saved = grader.save(save, best, regrade=["R1"])
    finally:
        grader.lab.stop()
    assert saved["student"] == student and saved["total"] == rubric.total
    (row,) = regrades.load(course.root)
    assert (row.status, row.previous, row.new) == ("regraded", f"{before[-1].total:g}", "10")
    with gradebook(course) as gb:
        history = store.history(gb, key)
        assert history[:-1] == before and history[-1].regrade == "R1"
        assert gb.find_grade(cell, NOTEBOOK, ASSIGNMENT, student).score == rubric.total
    command(course, "nbgrader", "generate_feedback", ASSIGNMENT, "--student", student, "--force")
    assert "10 of 10 points" in feedback_text(course, student)


# --- What the gradebook says, computed here directly, for the reports to match -------


def direct_scores(course: ClassCourse) -> dict[str, dict[str, float]]:
    """Student -> {cell: score} for every marked cell, read straight from nbgrader."""
    scores: dict[str, dict[str, float]] = {}
    with gradebook(course) as gb:
        for submission in gb.assignment_submissions(ASSIGNMENT):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    scores.setdefault(submission.student.id, {})[grade.name] = float(grade.score)
    return scores


def test_the_lms_files_match_the_gradebook(marked):
    course = marked.course
    roster = course.root / "roster.csv"
    with roster.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "name", "email", "lms_id"])
        for number, (student, (first, last)) in enumerate(
            {**NAMES, MISSING: ("Mika", "Moreau")}.items(), start=1
        ):
            writer.writerow([student, f"{last}, {first}", f"{student}@example.edu", 5000 + number])
    command(course, "nbgrader", "export")
    with (course.root / "grades.csv").open() as handle:
        export = {row["student_id"]: row for row in csv.DictReader(handle)}
    totals = {s: sum(cells.values()) for s, cells in direct_scores(course).items()}
    for lms, exporter in (("canvas", "CanvasExport"), ("moodle", "MoodleExport")):
        target = course.root / f"grades-{lms}.csv"
        command(
            course,
            "nbgrader",
            "export",
            f"--exporter=crossing_borders.course.lms.{exporter}",
            f"--to={target}",
        )
        with target.open(newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(NAMES) + 1
        column = next(h for h in rows[0] if h.startswith(ASSIGNMENT) and "feedback" not in h)
        ids = "ID" if lms == "canvas" else "ID number"
        by_lms_id = {row[ids]: row[column] for row in rows}
        for number, student in enumerate([*NAMES, MISSING], start=1):
            cell = by_lms_id[str(5000 + number)]
            if student in (REFUSED, MISSING):
                assert cell == "", (lms, student)
                continue
            late = float(export[student]["late_submission_penalty"])
            assert float(cell) == pytest.approx(totals[student] - late), (lms, student)
            if student == LATE:
                assert late > 0


def test_the_analytics_match_a_direct_computation(marked):
    course = marked.course
    command(course, "crossing-borders", "analytics", ASSIGNMENT)
    folder = course.root / "analytics" / ASSIGNMENT
    page = (folder / "index.html").read_text()
    summary = json.loads((folder / "summary.json").read_text())
    assert not re.search(r"(src|href)=\"https?:", page)
    images = re.findall(r"<img [^>]*>", page)
    assert images and all(re.search(r'alt="[^"]{20,}"', img) for img in images)
    for img in images:
        src = re.search(r'src="([^"]+)"', img).group(1)
        assert (folder / src).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    scores = direct_scores(course)
    students = sorted(scores)
    with gradebook(course) as gb:
        cells = gb.find_notebook(NOTEBOOK, ASSIGNMENT).grade_cells
        maxima = {g.name: float(g.max_score) for g in cells}
        current = store.current(gb, ASSIGNMENT)
    raw = np.array([sum(scores[s].values()) for s in students])
    # course.toml: 10% a started day; the late student is 30 hours late, so two days.
    scored = np.array([t * (0.8 if s == LATE else 1.0) for s, t in zip(students, raw, strict=True)])
    totals = summary["totals"]
    assert sorted(totals["values"]) == pytest.approx(sorted(scored))
    assert totals["mean"] == pytest.approx(scored.mean())
    assert totals["median"] == pytest.approx(np.median(scored))
    assert totals["sd"] == pytest.approx(scored.std(ddof=1))
    assert summary["status"] == {
        "graded": len(NAMES) - 1,
        "needs_manual": 0,
        "refused": 1,
        "failed": 0,
        "missing": 1,
        "late": 1,
    }
    questions = {q["cell"]: q for q in summary["questions"]}
    assert set(questions) == set(maxima)
    for cell, top in maxima.items():
        own = np.array([scores[s][cell] for s in students])
        assert questions[cell]["difficulty"] == pytest.approx(own.mean() / top)
        expected = np.corrcoef(own, raw - own)[0, 1]
        assert questions[cell]["discrimination"] == pytest.approx(expected)
    for rubric in summary["rubrics"]:
        cell = rubric["reflection"].split("/")[1]
        for criterion in rubric["criteria"]:
            counted = {lv["label"]: lv["count"] for lv in criterion["levels"]}
            direct: dict[str, int] = {}
            for key, marking in current.items():
                if key.cell == cell:
                    level = marking.level_of(criterion["criterion"])
                    direct[level] = direct.get(level, 0) + 1
            assert {k: v for k, v in counted.items() if v} == direct
    pairs = {a["reflection"].split("/")[1]: a for a in summary["agreement"]}
    assert set(pairs) == set(REFLECTIONS)
    with gradebook(course) as gb:
        both = {k: v for k, v in store.by_grader(gb, ASSIGNMENT).items() if len(v) == 2}
    for cell, pair in pairs.items():
        shared = [v for k, v in both.items() if k.cell == cell]
        assert pair["n"] == len(shared) == SECOND_ROUND
        a = np.array([m["grader-a"].total for m in shared])
        b = np.array([m["grader-b"].total for m in shared])
        assert pair["exact_total"] == pytest.approx(np.mean(a == b))
        assert pair["mean_abs_difference"] == pytest.approx(np.abs(a - b).mean())
