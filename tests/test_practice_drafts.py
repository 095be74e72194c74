"""The drafting panels' facts come from the released notebook itself (no browser needed)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import nbformat
import pytest
from exercise_course import ASSIGNMENTS, simulated_release

from crossing_borders.course.rubric import parse_rubric
from crossing_borders.course.validation import word_range
from crossing_borders.practice.drafts import (
    Reflection,
    download_html,
    panel_html,
    reflections,
    release_of,
    release_script,
)
from crossing_borders.publish.site import RELEASE_FOLDER, SITE_FOLDER


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return simulated_release(tmp_path_factory.mktemp("drafts") / "release")


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_every_reflection_gets_the_range_and_rubric_of_its_own_prompt(release, assignment):
    notebook = nbformat.read(release / assignment / ASSIGNMENTS[assignment], as_version=4)
    found = reflections(notebook, assignment)
    assert found, "every chapter has at least one reflection"
    for reflection in found:
        answer = notebook.cells[reflection.index]
        assert answer.metadata.nbgrader.grade_id == reflection.grade_id
        assert reflection.words == word_range(answer) is not None
        assert reflection.rubric == parse_rubric(notebook.cells[reflection.index - 1].source)
        assert reflection.rubric.total == answer.metadata.nbgrader.points


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[str] = []
        self.label_for: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "aria-describedby" in attrs:
            self.described += attrs["aria-describedby"].split()
        if tag == "label":
            self.label_for.append(attrs["for"])


def test_the_panel_labels_its_box_and_shows_the_prompt_text_only_as_text(release):
    assignment = "ch01-talent-on-the-move"
    notebook = nbformat.read(release / assignment / "ch01.ipynb", as_version=4)
    (reflection,) = reflections(notebook, assignment)
    hostile = Reflection(assignment, 'q"><script>x</script>', 3, (10, 20), reflection.rubric)
    page = panel_html(hostile, "Reflection: <img src=x onerror=alert(1)>")
    assert "<script>" not in page and "<img" not in page
    parsed = Ids()
    parsed.feed(panel_html(reflection, "Reflection: whom should the fund pay?"))
    assert parsed.label_for == [f"cb-draft-{reflection.grade_id}"]
    assert set(parsed.described) <= parsed.ids and len(parsed.described) == 3
    assert "<code>team_mix</code>" in panel_html(reflection, "R"), "inline Markdown rendered"
    assert 'data-release="ch01-release.js"' in download_html("ch01.ipynb")


def test_release_of_names_the_assignment_of_an_exercise_page_only(release, tmp_path):
    kept = tmp_path / SITE_FOLDER / RELEASE_FOLDER
    kept.parent.mkdir()
    (tmp_path / SITE_FOLDER / RELEASE_FOLDER).symlink_to(release)
    found = release_of(tmp_path, f"{SITE_FOLDER}/ch03")
    assert found == kept / "ch03-collaboration-and-governance" / "ch03.ipynb"
    assert release_of(tmp_path, "chapters/01-talent-on-the-move") is None
    assert release_of(tmp_path, f"{SITE_FOLDER}/index") is None


def test_the_release_script_carries_the_notebook_text_unchanged(release):
    path = release / "ch01-talent-on-the-move" / "ch01.ipynb"
    script = release_script(path)
    literal = re.search(r'cb\.releases\["ch01\.ipynb"\] = (".*");\n', script)
    assert json.loads(literal.group(1)) == path.read_text(encoding="utf-8")
