"""Reflection drafts on the exercise pages, in Chromium with the outside world blocked.

A student drafts chapter 1's reflection by keyboard, sees the count against the
prompt's range, reloads and finds the draft kept, and downloads the notebook. The
download is checked as nbgrader and the course would check a hand-in: nbformat's
schema, `crossing-borders validate`, and grading with `crossing-borders grade` in a
scratch course made as the exercises tests make one.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from exercise_course import (
    autograded_cells,
    environment,
    first_reflection,
    make_course,
    nbgrader_meta,
    run,
    set_answers,
    solutions,
    source_path,
)
from page_checks import color_scheme, contrast, luminance, page_mode, settle

from crossing_borders import cli
from crossing_borders.course.validation import count_words, word_range
from crossing_borders.publish.site import RELEASE_FOLDER, SITE_FOLDER

pytestmark = pytest.mark.browser

ASSIGNMENT = "ch01-talent-on-the-move"
NOTEBOOK = "ch01.ipynb"
PAGE = f"{SITE_FOLDER}/ch01.html"
REFLECTION, _ = first_reflection(ASSIGNMENT)
BOX = f"#cb-draft-{REFLECTION}"
CRAFT = (
    "The fund should pay for both, because the reading's clash of methods falls on junior crew. "
)
DRAFT = (CRAFT * 12).strip() + "\nA second paragraph answers the union's objection."
TRICKY = [
    "",
    "   \n\t ",
    "A film's pacing -- cross-cultural, 40% of crews.",
    "**Bold** _text_ and `code`",
    "snake_case_name and __dunder__",
    "It’s rock-’n’-roll: don't-stop's end-",
    "0.54 net; 1,000 crew; 3.5x; v2.0-beta",
    "Café naïve déjà-vu Ærø",
    "Cafe\u0301 combining",
    "東京 映画 と 人材",
    "Кино и миграция талантов",
    "emoji 🎬 film 🎞️ reel",
    "x²³ ½ ⅓ Ⅻ ①",
    "hyphen-at-end- -start 'quoted' ‘single’",
    "tabs\tand\nnewlines\r\nand\u00a0nbsp",
    "e-mail: a.b@c.org https://example.org/path_to?x=1",
]


def release(term) -> dict:
    """nbgrader's release the site was built from, as nbgrader wrote it."""
    path = term.clone / SITE_FOLDER / RELEASE_FOLDER / ASSIGNMENT / NOTEBOOK
    return {"text": path.read_text(encoding="utf-8"), "notebook": json.loads(path.read_text())}


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element has the focus: it is reachable by keyboard alone."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never took the focus by Tab")


def download(page, folder: Path) -> Path:
    tab_to(page, ".cb-draft-download-button")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_the_page_counts_words_as_validate_does(open_page) -> None:
    page, watch = open_page(PAGE)
    counts = page.evaluate("(texts) => texts.map(window.CrossingBorders.drafts.countWords)", TRICKY)
    assert counts == [count_words(t) for t in TRICKY]
    assert watch.blocked == [] and watch.console_errors == []


def test_a_panel_for_each_reflection_with_its_range_and_rubric(open_page, term) -> None:
    page, _ = open_page(PAGE)
    answer = next(
        c
        for c in release(term)["notebook"]["cells"]
        if nbgrader_meta(c).get("grade_id") == REFLECTION
    )
    low, high = word_range(nbformat.from_dict(answer))
    panel = page.locator(f".cb-draft[data-grade-id='{REFLECTION}']")
    assert panel.is_visible()
    label = page.locator(f"label[for='cb-draft-{REFLECTION}']").inner_text()
    assert label.startswith("Draft your answer: Reflection:")
    assert f"{low} to {high} words" in panel.inner_text()
    assert "Rubric at a glance (10 points)" in panel.inner_text()
    assert page.locator(".cb-draft-download-button").count() == 1
    # The panel sits right after the answer box, below the prompt and its rubric table.
    follows = page.evaluate(
        "(s) => document.querySelector(s).closest('.cb-draft').previousElementSibling.textContent",
        BOX,
    )
    assert follows.strip() == "YOUR ANSWER HERE"


def test_draft_by_keyboard_survives_a_reload_and_downloads_as_a_gradable_notebook(
    open_page, term, tmp_path
) -> None:
    page, watch = open_page(PAGE)
    tab_to(page, BOX)
    page.keyboard.type("Too few words here.")
    count = page.locator(f"#cb-draft-{REFLECTION}-count")
    assert count.inner_text() == "4 words: 146 short of the 150 to 300 asked for."
    announce = page.locator(f".cb-draft[data-grade-id='{REFLECTION}'] [data-role='announce']")
    assert announce.inner_text() == "", "not announced on every keystroke"
    page.wait_for_timeout(1800)
    assert announce.inner_text() == count.inner_text(), "announced once typing pauses"
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(DRAFT)
    page.keyboard.type(" Done.")
    text = DRAFT + " Done."
    words = count_words(text)
    assert 150 <= words <= 300
    assert count.inner_text() == f"{words} words: within the 150 to 300 asked for."
    saved = page.locator(f"#cb-draft-{REFLECTION}-saved")
    assert saved.inner_text().startswith("Saved in this browser at")
    stored = page.evaluate(
        "(k) => window.CrossingBorders.store.get(k)", f"draft/{ASSIGNMENT}/{REFLECTION}"
    )
    assert stored["text"] == text and stored["at"]

    page.reload(wait_until="load")
    assert page.locator(BOX).input_value() == text
    assert count.inner_text() == f"{words} words: within the 150 to 300 asked for."

    path = download(page, tmp_path)
    assert path.name == NOTEBOOK
    status = page.locator("[data-role='download-status']").inner_text()
    assert status == f"Downloaded {NOTEBOOK} with 1 of 1 reflection drafted."
    assert watch.blocked == [] and watch.console_errors == []

    got = nbformat.read(path, as_version=4)
    nbformat.validate(got)
    released = release(term)["notebook"]["cells"]
    raw = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert len(raw) == len(released)
    for mine, theirs in zip(raw, released, strict=True):
        if nbgrader_meta(theirs).get("grade_id") == REFLECTION:
            assert "".join(mine["source"]) == text
            assert {k: v for k, v in mine.items() if k != "source"} == {
                k: v for k, v in theirs.items() if k != "source"
            }
        else:
            assert mine == theirs
    check_and_grade(path, text, term, tmp_path)


def check_and_grade(path: Path, text: str, term, tmp_path: Path) -> None:
    """Validate the download as the student guide says, then grade it as the course does."""
    validate = Path(sys.executable).with_name("crossing-borders")
    as_is = subprocess.run([validate, "validate", str(path)], capture_output=True, text=True)
    assert "VALIDATION FAILED" in as_is.stdout and as_is.returncode == 1  # questions unanswered
    assert f"written answer {REFLECTION!r}" not in as_is.stdout, "the draft is within range"
    finished = tmp_path / "finished" / NOTEBOOK
    finished.parent.mkdir()
    finished.write_bytes(path.read_bytes())
    set_answers(finished, solutions(ASSIGNMENT))
    done = subprocess.run([validate, "validate", str(finished)], capture_output=True, text=True)
    assert done.returncode == 0 and "Success!" in done.stdout, done.stdout + done.stderr

    course = make_course(tmp_path / "grading", [ASSIGNMENT])
    run("generate_assignment", ASSIGNMENT, cwd=course, env=environment(tmp_path / "instructor"))
    for student, notebook in {"drafter": path, "finisher": finished}.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_bytes(notebook.read_bytes())
        (folder / "timestamp.txt").write_text("2026-01-01 12:00:00.000000 UTC")
    code = cli.main(["grade", ASSIGNMENT, "--course-root", str(course), "--no-progress"])
    assert code == 0
    (report,) = sorted((course / "grade-runs" / "reports").glob(f"{ASSIGNMENT}-*.csv"))
    with report.open(newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    released = release(term)["notebook"]["cells"]
    key_points = sum(
        nbgrader_meta(c)["points"]
        for c in released
        if nbgrader_meta(c).get("grade") and c["cell_type"] == "code"
    )
    for student, auto in {"drafter": 0.0, "finisher": key_points}.items():
        row = rows[student]
        assert row["status"] == "needs_manual", row
        assert float(row["auto_score"]) == auto, row
        assert "restored" not in row["notes"] and "dropped" not in row["notes"], row
        graded = nbformat.read(course / "autograded" / student / ASSIGNMENT / NOTEBOOK, 4)
        cells = {nbgrader_meta(c)["grade_id"]: c for c in graded.cells if nbgrader_meta(c)}
        assert cells[REFLECTION].source == text
        # The tests that graded it are nbgrader's own, hidden tests and all.
        for cell in autograded_cells(nbformat.read(source_path(ASSIGNMENT), as_version=4)):
            assert cells[nbgrader_meta(cell)["grade_id"]].source == cell.source


def test_an_untouched_page_downloads_the_release_byte_for_byte(open_page, term, tmp_path) -> None:
    page, _ = open_page(PAGE)
    page.evaluate("() => window.CrossingBorders.store.clear('draft/')")
    page.reload(wait_until="load")
    path = download(page, tmp_path)
    assert path.read_text(encoding="utf-8") == release(term)["text"]


def test_drafts_go_into_the_students_own_copy_and_keep_its_other_answers(
    open_page, term, tmp_path
) -> None:
    """A student who already answered the questions loses nothing by drafting on the site."""
    own = tmp_path / "mine" / NOTEBOOK
    own.parent.mkdir()
    own.write_text(release(term)["text"], encoding="utf-8")
    set_answers(own, solutions(ASSIGNMENT) | {REFLECTION: "An old note to replace."})
    before = json.loads(own.read_text(encoding="utf-8"))["cells"]
    page, watch = open_page(PAGE)
    page.evaluate(
        "([k, t]) => window.CrossingBorders.store.set(k, {text: t, at: 'now'})",
        [f"draft/{ASSIGNMENT}/{REFLECTION}", CRAFT],
    )
    page.reload(wait_until="load")
    tab_to(page, "[data-role='merge']")  # reachable by keyboard
    with page.expect_download() as info:
        page.set_input_files("[data-role='merge']", str(own))
    merged = tmp_path / info.value.suggested_filename
    info.value.save_as(merged)
    assert merged.name == NOTEBOOK
    status = page.locator("[data-role='download-status']").inner_text()
    assert status.startswith(f"Downloaded {NOTEBOOK}: your copy with 1 draft put in")
    nbformat.validate(nbformat.read(merged, as_version=4))
    after = json.loads(merged.read_text(encoding="utf-8"))["cells"]
    for mine, was in zip(after, before, strict=True):
        if nbgrader_meta(was).get("grade_id") == REFLECTION:
            assert "".join(mine["source"]) == CRAFT
        else:
            assert mine == was  # the code answers, as the student left them

    other = tmp_path / "other.ipynb"
    other.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4}), encoding="utf-8")
    page.set_input_files("[data-role='merge']", str(other))
    page.wait_for_function(
        "() => document.querySelector(\"[data-role='download-status']\")"
        ".textContent.startsWith('other.ipynb could not')"
    )
    status = page.locator("[data-role='download-status']").inner_text()
    assert f"no answer cell for {REFLECTION}" in status and "unchanged" in status
    assert watch.blocked == [] and watch.console_errors == []


def test_refused_storage_is_said_and_the_page_asks_before_a_draft_is_lost(browser, site_url):
    context = browser.new_context()
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('refused', 'SecurityError'); }});"
    )
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page.goto(f"{site_url}/{PAGE}", wait_until="load")
    saved = page.locator(f"#cb-draft-{REFLECTION}-saved")
    assert saved.get_attribute("role") == "alert"
    assert saved.inner_text().startswith("Not saved: this browser refuses to store your draft")
    tab_to(page, BOX)
    page.keyboard.type("Kept only in this visit.")
    assert saved.inner_text().startswith("Not saved")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    context.close()


COLOURS = """() => {
  const pick = (selector, background) => {
    const element = document.querySelector(selector);
    const style = getComputedStyle(element);
    const behind = getComputedStyle(background ? document.querySelector(background) : element);
    return [selector, style.color, behind.backgroundColor];
  };
  return [
    pick("label[for^='cb-draft-']", ".cb-draft"),
    pick(".cb-draft-help", ".cb-draft"),
    pick(".cb-draft-count", ".cb-draft"),
    pick(".cb-draft-saved", ".cb-draft"),
    pick(".cb-draft-rubric li", ".cb-draft"),
    pick(".cb-draft-full", ".cb-draft"),
    pick(".cb-draft textarea"),
    pick(".cb-draft-download-button"),
  ];
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_panel_follows_the_theme_with_aa_contrast(open_page, theme) -> None:
    # The reader's system scheme from the first paint, as a reader arrives: switching the
    # theme after load would read the button's colours halfway through its transition.
    page, _ = open_page(PAGE, before=color_scheme(theme))
    assert page_mode(page) == theme
    page.locator(BOX).fill("A few words.")
    settle(page)
    found = page.evaluate(COLOURS)
    low = {sel: round(contrast(fg, bg), 2) for sel, fg, bg in found if contrast(fg, bg) < 4.5}
    assert low == {}, f"{theme}: text under 4.5:1 contrast"
    backgrounds = {bg for _sel, _fg, bg in found}
    assert not any("0, 0, 0, 0" in bg for bg in backgrounds), "every colour is set by the theme"
    box = dict((sel, bg) for sel, _fg, bg in found)[".cb-draft textarea"]
    assert (luminance(box) < 0.2) == (theme == "dark"), f"{theme}: the text box is {box}"


def test_the_download_works_from_a_site_opened_from_disk(browser, site, term, tmp_path) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto((site / PAGE).as_uri(), wait_until="load")
    page.locator(BOX).fill(DRAFT)
    path = download(page, tmp_path)
    cells = {nbgrader_meta(c).get("grade_id"): c for c in nbformat.read(path, 4).cells}
    assert cells[REFLECTION].source == DRAFT
    context.close()
