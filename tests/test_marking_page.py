"""The rubric marking page, in an instructor's lab, driven by keyboard in Chromium.

A scratch course releases chapter 1; four students answer its reflection
(`crew_advice`), one of them (mallory) with markup meant to run; `crossing-borders
grade` grades them. `crossing-borders lab --instructor` then serves the marking
page (enabled by deploy/instructor's server configuration), and Chromium, with
every request that would leave loopback blocked, marks answers as a grader would:
digits choose levels, `s` saves. The gradebook (nbgrader's score, the store's
levels), regrades.csv and every response the page received are then checked.
"""

from __future__ import annotations

import getpass
import io
import json
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from exercise_course import ROOT, environment, make_course, run, set_answers
from journey import Shell, clean_environment, start_lab
from nbgrader.api import Gradebook
from page_checks import axe_violations

from crossing_borders.autograde.run import GradeOptions, grade, load_course
from crossing_borders.lab import INSTRUCTOR_CONFIG, STUDENT_CONFIG, lab_environment
from crossing_borders.marking import regrades, store
from crossing_borders.marking.order import MarkingSettings, grading_order
from crossing_borders.marking.page import answer_page
from crossing_borders.marking.service import Desk, answer_at, find_prompt
from crossing_borders.marking.store import CellKey

#: No skip without root: the grading sandbox refuses loudly, and this test fails with it.
pytestmark = [pytest.mark.slow, pytest.mark.browser]

ASSIGNMENT = "ch01-talent-on-the-move"
NOTEBOOK = "ch01"
CELL = "crew_advice"
HOSTILE = (
    "MALLORY WROTE THIS. <script>window.__pwned = 'script'</script>\n\n"
    "<img src=x onerror=\"window.__pwned = 'onerror'\">\n"
)
ANSWERS = {
    "ingrid": "The fund should pay for the adaptation programme: it lowers the friction.",
    "tomasz": "Apprenticeships first, because the union's case is about the long run.",
    "wanjiru": "Both, weighed by the model's price against the friction it removes.",
    "mallory": HOSTILE,
}
STUDENTS = sorted(ANSWERS)
BANKED = "Name the inputs behind your number."
REASON = "My counter-argument was in the second paragraph."


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("marking")
    course = make_course(base, [ASSIGNMENT])
    shutil.copytree(ROOT / INSTRUCTOR_CONFIG, course / INSTRUCTOR_CONFIG)
    env = environment(base / "home")
    run("generate_assignment", ASSIGNMENT, cwd=course, env=env)
    for student, text in ANSWERS.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        notebook = folder / f"{NOTEBOOK}.ipynb"
        notebook.write_bytes((course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_bytes())
        set_answers(notebook, {CELL: text})
    report = grade(GradeOptions(course, ASSIGNMENT, progress=False, stream=io.StringIO()))
    for student in ANSWERS:
        assert report.row(student).status == "needs_manual", report.row(student).reason
    return course


@pytest.fixture(scope="module")
def desk(course) -> Desk:
    return Desk.load(course)


@pytest.fixture(scope="module")
def order(desk) -> list[str]:
    return grading_order(
        STUDENTS, course_id=desk.course_id, assignment=ASSIGNMENT, cell=CELL, shuffle=True
    )


@pytest.fixture(scope="module")
def lab(course, tmp_path_factory):
    home = tmp_path_factory.mktemp("instructor")
    shell = Shell("marking", course, clean_environment(home))
    crossing_borders = os.path.join(os.path.dirname(sys.executable), "crossing-borders")
    lab = start_lab(
        shell, "marking page", f"{crossing_borders} lab --instructor", home / "lab.log", False
    )
    yield lab
    lab.stop()


class Visit:
    """One Chromium page on the lab: outside requests blocked, every response body kept."""

    def __init__(self, context, lab) -> None:
        self.lab = lab
        self.page = context.new_page()
        self.outside: list[str] = []
        self.bodies: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("response", self._keep)

    def _route(self, route) -> None:
        if route.request.url.startswith(self.lab.url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _keep(self, response) -> None:
        try:
            self.bodies.append(response.text())
        except Exception:  # redirects have no body
            self.bodies.append("")

    def open(self, path: str = "", position: int | None = None):
        where = f"{ASSIGNMENT}/{NOTEBOOK}/{CELL}/{position}" if position else path
        url = f"{self.lab.url}/crossing-borders/marking/{where}?token={self.lab.token}"
        self.page.goto(url, wait_until="load")
        return self.page

    def named(self, student: str) -> bool:
        """Whether anything the page received or shows names the student."""
        return any(student in body for body in self.bodies) or student in self.page.content()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def gradebook(course: Path) -> Gradebook:
    coursedir = load_course(course).coursedir
    return Gradebook(coursedir.db_url, course_id=coursedir.course_id)


def key(student: str) -> CellKey:
    return CellKey(ASSIGNMENT, NOTEBOOK, CELL, student)


def rubric(desk):
    return find_prompt(desk, ASSIGNMENT, NOTEBOOK, CELL).rubric


def press_levels(page, digits: list[int]) -> None:
    for digit in digits:
        page.keyboard.press(str(digit))


def wait_saved(page) -> str:
    page.locator("#status", has_text="Saved").wait_for()  # (the page's CSP forbids eval)
    return page.inner_text("#status")


@pytest.fixture(scope="module")
def first_saved(course, desk, lab, order, browser):
    """The first answer marked by keyboard alone: a comment, digits, then `s`."""
    context = browser.new_context()
    try:
        visit = Visit(context, lab)
        page = visit.open(position=1)
        before = {s: visit.named(s) for s in STUDENTS}
        page.focus("#c0-comment")
        page.keyboard.type(BANKED)
        page.focus("#c0-l1")
        digits = [2, 1, 3, 2]
        press_levels(page, digits[:2])
        focused = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                return {id: el.id, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
        )
        press_levels(page, digits[2:])
        on_save = page.evaluate("document.activeElement.id")
        page.keyboard.press("s")
        status = wait_saved(page)
        return {
            "student": order[0],
            "named_before": before,
            "named_after": visit.named(order[0]),
            "digits": digits,
            "focused": focused,
            "on_save": on_save,
            "status": status,
            "outside": visit.outside,
        }
    finally:
        context.close()


def test_only_the_instructor_lab_loads_the_marking_page(tmp_path):
    def enabled(folder: Path) -> bool | None:
        config = json.loads((ROOT / folder / "jupyter_server_config.json").read_text())
        return config["ServerApp"]["jpserver_extensions"].get("crossing_borders.marking.server")

    assert enabled(INSTRUCTOR_CONFIG) is True
    assert enabled(STUDENT_CONFIG) is False
    env = lab_environment(tmp_path, instructor=True, base={"PATH": "/usr/bin"})
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(tmp_path / INSTRUCTOR_CONFIG)


def test_digit_keys_choose_levels_and_save_the_sum_into_the_gradebook(first_saved, course, desk):
    levels = [
        c.levels[d - 1] for c, d in zip(rubric(desk).criteria, first_saved["digits"], strict=True)
    ]
    total = sum(level.points for level in levels)
    student = first_saved["student"]
    assert first_saved["focused"]["id"] == "c2-l1", "after two digits, the third criterion"
    assert first_saved["focused"]["outline"] != "none" and first_saved["focused"]["width"] >= 2
    assert first_saved["on_save"] == "save", "after the last criterion, focus is on Save"
    assert first_saved["status"] == f"Saved {total:g}/{rubric(desk).total:g} for {student}."
    with gradebook(course) as gb:
        assert gb.find_grade(CELL, NOTEBOOK, ASSIGNMENT, student).manual_score == total
        marking = store.current(gb, ASSIGNMENT)[key(student)]
    assert [m.level for m in marking.marks] == [level.label for level in levels]
    assert marking.marks[0].comment == BANKED
    assert marking.grader == getpass.getuser()
    assert first_saved["outside"] == []


def test_blind_names_no_one_before_the_save_and_the_student_after(first_saved):
    assert not any(first_saved["named_before"].values()), first_saved["named_before"]
    assert first_saved["named_after"]


def test_the_order_is_stable_and_is_the_grading_order(lab, context, course, order):
    visit = Visit(context, lab)
    loads = []
    for _ in range(2):
        ids = []
        for position in range(1, len(STUDENTS) + 1):
            page = visit.open(position=position)
            ids.append(page.get_attribute("#marking", "data-grade"))
            assert page.inner_text(".position").startswith(f"Answer {position} of {len(STUDENTS)}")
        loads.append(ids)
    assert loads[0] == loads[1]
    page = visit.open(position=1)
    page.keyboard.press("n")
    page.wait_for_url(f"**/{CELL}/2")
    assert page.get_attribute("#marking", "data-grade") == loads[0][1]
    page.keyboard.press("p")
    page.wait_for_url(f"**/{CELL}/1")
    with gradebook(course) as gb:
        students = [gb.find_grade_by_id(i).notebook.student.id for i in loads[0]]
    assert students == order


def test_without_blind_marking_the_page_names_the_student(course, order):
    desk = Desk.load(course)
    seeing = replace(desk, settings=MarkingSettings(blind=False))
    prompt = find_prompt(seeing, ASSIGNMENT, NOTEBOOK, CELL)
    answer = answer_at(seeing, prompt, 1)
    assert answer.shown_student == order[0]
    assert f": {order[0]}</span>" in answer_page("/m/", "/s/", "/save", answer)
    assert answer_at(desk, prompt, 1).shown_student is None


def test_the_comment_bank_offers_a_comment_from_an_earlier_answer(first_saved, lab, context):
    page = Visit(context, lab).open(position=2)
    options = page.eval_on_selector_all("#c0-bank option", "os => os.map(o => o.value)")
    assert BANKED in options
    page.select_option("#c0-bank", BANKED)
    assert page.input_value("#c0-comment") == BANKED


def test_a_hostile_answer_shows_as_text_and_runs_nothing(lab, context, order):
    visit = Visit(context, lab)
    page = visit.open(position=order.index("mallory") + 1)
    page.wait_for_timeout(1000)  # an onerror handler would have fired by now
    assert page.evaluate("window.__pwned === undefined")
    text = page.inner_text(".answer")
    assert "MALLORY WROTE THIS." in text
    assert "<script>" in text and "onerror" in text
    assert page.eval_on_selector_all(".answer img, .answer script", "els => els.length") == 0
    assert visit.outside == []


def test_a_criterion_left_unchosen_is_refused_with_an_alert_and_nothing_saved(
    lab, context, course, order
):
    student = order[2]
    with gradebook(course) as gb:
        before = len(store.markings(gb, ASSIGNMENT))
    visit = Visit(context, lab)
    page = visit.open(position=3)
    page.keyboard.press("1")  # the first criterion only
    page.keyboard.press("s")
    alert = page.wait_for_selector("[role=alert]:not(:empty)")
    assert "Not saved" in alert.inner_text() and "choose a level for" in alert.inner_text()
    assert not visit.named(student), "a refused save reveals no one"
    assert page.inner_text("#status") == ""
    with gradebook(course) as gb:
        assert len(store.markings(gb, ASSIGNMENT)) == before
        assert gb.find_grade(CELL, NOTEBOOK, ASSIGNMENT, student).manual_score is None


def test_a_regrade_request_shows_and_saving_answers_it(lab, context, course, desk, order):
    student = order[3]
    first = store.Marking(
        key(student),
        "earlier",
        store.marks_for(rubric(desk), {c.name: c.levels[-1].label for c in rubric(desk).criteria}),
    )
    with gradebook(course) as gb:
        store.save(gb, first, rubric(desk))
    request = regrades.record(course, key(student), REASON)
    page = Visit(context, lab).open(position=4)
    assert f"Request {request.id}" in page.inner_text(".requests")
    assert REASON in page.inner_text(".requests")
    assert page.is_checked(f"#regrade-{request.id}")
    assert page.is_checked("#c0-l4"), "the current marking's levels are shown"
    page.focus("#c0-l1")
    press_levels(page, [1, 1, 1, 1])
    page.keyboard.press("Control+Enter")
    wait_saved(page)
    (answered,) = [r for r in regrades.load(course) if r.id == request.id]
    assert (answered.status, answered.previous, answered.new) == ("regraded", "0", "10")
    assert regrades.open_for(course, key(student)) == []
    with gradebook(course) as gb:
        history = store.history(gb, key(student))
    assert [m.total for m in history] == [0, 10] and history[-1].regrade == request.id


SPOOF = """async ([url, body]) => {
    const xsrf = document.cookie.split('; ').find(c => c.startsWith('_xsrf='));
    const response = await fetch(url, {method: 'POST', body: JSON.stringify(body),
      headers: {'X-XSRFToken': decodeURIComponent(xsrf.slice(6))}});
    return response.status; }"""


def test_the_grader_cannot_be_named_by_the_request(lab, context, course, desk, order):
    page = Visit(context, lab).open(position=2)
    save_url = page.get_attribute("#marking", "data-save")
    levels = {c.name: c.levels[0].label for c in rubric(desk).criteria}
    assert page.evaluate(SPOOF, [save_url, {"levels": levels, "grader": "eve"}]) == 400
    assert page.evaluate(SPOOF, [f"{save_url}?grader=eve", {"levels": levels}]) == 200
    with gradebook(course) as gb:
        assert store.current(gb, ASSIGNMENT)[key(order[1])].grader == getpass.getuser()


def test_the_overview_counts_answers_graded_and_waiting(first_saved, lab, context, course):
    visit = Visit(context, lab)
    page = visit.open()
    with gradebook(course) as gb:
        graded = sum(k.cell == CELL for k in store.current(gb, ASSIGNMENT))
    row = page.eval_on_selector_all(
        "tbody tr", "rows => rows.map(r => [...r.children].map(c => c.textContent))"
    )
    assert [CELL, NOTEBOOK, "4", str(graded), str(4 - graded)] in row
    assert not any(visit.named(s) for s in STUDENTS)
    printed = lab.log.read_text()
    port = lab.url.rsplit(":", 1)[1]
    assert f"marking page: http://localhost:{port}/crossing-borders/marking/" in printed
    assert "Crossing Borders marking page at /crossing-borders/marking/" in printed
    page.click(f"text={CELL}")
    page.wait_for_selector("#marking")
    assert "Not graded yet." in page.inner_text("#marking-form"), "opens at one waiting"


@pytest.mark.parametrize("width", [1280, 320])
def test_the_pages_pass_axe_and_fit_a_narrow_screen(lab, browser, first_saved, width):
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 800})
    try:
        visit = Visit(context, lab)
        found = {}
        for name, path in [("index", ""), ("answer", f"{ASSIGNMENT}/{NOTEBOOK}/{CELL}/2")]:
            page = visit.open(path)
            found[name] = axe_violations(page)
            found[f"{name} overflow"] = page.evaluate(
                "document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth"
            )
        page = visit.open(position=3)  # never saved: one level chosen is refused
        page.keyboard.press("1")
        page.keyboard.press("s")
        page.wait_for_selector("[role=alert]:not(:empty)")
        found["refused"] = axe_violations(page)
        headings = page.eval_on_selector_all("h1, h2, h3", "hs => hs.map(h => h.tagName)")
    finally:
        context.close()
    assert found == {
        "index": [],
        "index overflow": False,
        "answer": [],
        "answer overflow": False,
        "refused": [],
    }
    assert headings[0] == "H1" and set(headings[1:]) == {"H2"}
