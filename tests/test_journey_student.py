"""The student guide, walked here: `make lab`, fetch, work, validate, submit, feedback."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from journey import stopped_cleanly
from journey_fixtures import ASSIGNMENT, ME, NOTEBOOK, STUDENT_GUIDE

pytestmark = pytest.mark.slow


def test_the_guide_shows_each_step_once_in_the_order_a_student_takes():
    assert list(STUDENT_GUIDE) == [
        "student-fetch",
        "student-validate",
        "student-submit",
        "student-fetch-feedback",
    ]


def test_the_assignment_list_works_and_shows_no_instructor_tools(local_student):
    before = local_student.outputs["list-before"]
    assert before["errors"] == [] and before["console"] == [] and before["blocked"] == []
    assert before["menu"] == ["Assignment List"], "students see no formgrader or course list"
    assert "nbgrader-assignment-list" in before["panels"]
    assert not [p for p in before["panels"] if "create" in p.lower()]
    (released,) = before["lists"]["released"]
    assert ASSIGNMENT in released and "Fetch" in released
    after = local_student.outputs["list-after"]
    assert after["errors"] == []
    assert any(ASSIGNMENT in item for item in after["lists"]["downloaded"])
    assert any(ASSIGNMENT in item for item in after["lists"]["submitted"])
    assert stopped_cleanly(json.loads(local_student.outputs["lab-exit"]))


def test_the_fetched_notebook_gives_the_due_date_and_policy(local_student):
    notebook = local_student.clone / "notebooks" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    first = notebook.read_text()
    due = local_student.due
    assert f"{due:%A} {due.day} {due:%B %Y, %H:%M} UTC" in first
    assert "Each started day late takes 10% of the score" in first


def test_a_failing_validation_says_which_cell_and_why_and_exits_non_zero(local_student):
    out = local_student.outputs["validate-short"]
    assert local_student.outputs["validate-short-status"] == "1"
    assert "VALIDATION FAILED ON 1 CELL(S)" in out
    assert "'crew_advice' has 55 words: too short" in out
    assert "150 to 300 words" in out


def test_a_passing_validation_says_success(local_student):
    assert "Success! Your notebook passes all the tests." in local_student.outputs["validate"]


def test_submission_reaches_the_exchange(local_student):
    inbound = local_student.clone / "exchange" / "crossing-borders" / "inbound"
    assert ME in [p.name.split("+")[0] for p in inbound.iterdir()]


class _Page(HTMLParser):
    """The feedback page's visible text, and every address it would load."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.loads: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._hidden += tag in ("script", "style")
        for name, value in attrs:
            if value and (name == "src" or (tag == "link" and name == "href")):
                self.loads.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def feedback_page(term, student: str) -> _Page:
    home = term.clone / "notebooks" if student == ME else term.homes[student]
    (path,) = (home / ASSIGNMENT / "feedback").glob(f"*/{NOTEBOOK}.html")
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.text = [re.sub(r"\s+", " ", " ".join(page.text))]
    return page


def test_feedback_says_the_extension_was_used_and_loads_nothing_from_outside(feedback_returned):
    page = feedback_page(feedback_returned, ME)
    text = page.text[0]
    assert "(with your extension of 2 days 0 h 0 min)" in text and ": on time." in text
    assert "Use of the model: name the inputs behind your number." in text
    assert "Hidden test failed" in text  # question 2: the right form, not the right value
    for secret in ("BEGIN HIDDEN TESTS", "reference_mix", "Traceback"):
        assert secret not in text
    assert [src for src in page.loads if re.match(r"(https?:)?//", src)] == []
