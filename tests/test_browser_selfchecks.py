"""Self-checks and the progress page in Chromium, driven from the keyboard as a reader would.

Each test opens pages in a fresh browser context, so its progress starts empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crossing_borders.practice.facts import team_mix_peak_share

CHAPTER_1 = "chapters/01-talent-on-the-move.html"
CHAPTER_2 = "chapters/02-reforms-and-sustainable-cinemas.html"
CHAPTER_3 = "chapters/03-collaboration-and-governance.html"
STORE = "crossing-borders/v1/"


def _clean(watch) -> None:
    assert watch.blocked == [] and watch.failed == [] and watch.console_errors == []


def _feedback(page, check: str) -> str:
    region = page.locator(f"#cb-sc-{check} .cb-sc-feedback")
    assert region.get_attribute("role") == "status"
    assert region.get_attribute("aria-live") == "polite"
    return region.inner_text()


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def _focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent")


def _saved(page, key: str):
    return page.evaluate("(key) => JSON.parse(localStorage.getItem(key))", STORE + key)


@pytest.mark.browser
def test_a_choice_answered_wrong_then_right_by_keyboard_is_explained_and_kept(
    open_page, site: Path
) -> None:
    page, watch = open_page(CHAPTER_1)
    check = "adaptive-strategies"
    page.locator(f"#cb-sc-{check}-0").focus()
    page.keyboard.press("ArrowDown")  # the second option: a tempting wrong one
    page.keyboard.press("Tab")
    assert _focused_text(page) == "Check"
    page.keyboard.press("Enter")
    wrong = _feedback(page, check)
    assert wrong.startswith("Not yet.") and "removing the difference" in wrong

    page.keyboard.press("Tab")
    assert _focused_text(page) == "Try again"
    page.keyboard.press("Enter")
    assert _feedback(page, check) == ""
    assert _focused_id(page) == f"cb-sc-{check}-0"
    assert page.locator(f"#cb-sc-{check} input:checked").count() == 0

    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    right = _feedback(page, check)
    assert right.startswith("Correct.") and "make working across traditions cheaper" in right
    page_name = "chapters/01-talent-on-the-move"
    assert _saved(page, f"selfcheck/{page_name}/{check}")["correct"] is True

    page.reload(wait_until="load")
    assert page.locator(f"#cb-sc-{check}-0").is_checked()
    assert _feedback(page, check).startswith("Correct.")
    _clean(watch)


@pytest.mark.browser
def test_a_number_read_from_the_model_is_judged_against_the_models_value(
    open_page, site: Path
) -> None:
    page, watch = open_page(CHAPTER_1)
    check = "peak-share"
    field = page.locator(f"#cb-sc-{check}-value")
    assert page.locator(f"label[for='cb-sc-{check}-value']").inner_text().startswith("Your answer")
    field.focus()
    page.keyboard.type("50")
    page.keyboard.press("Enter")
    assert _feedback(page, check).startswith("Not yet. Read the end of the sentence")
    page.locator(f"#cb-sc-{check} .cb-sc-retry").focus()
    page.keyboard.press("Enter")
    assert _focused_id(page) == f"cb-sc-{check}-value" and field.input_value() == ""
    page.keyboard.type(f"{team_mix_peak_share():.0f}")
    page.keyboard.press("Enter")
    assert _feedback(page, check).startswith(
        f"Correct. The model gives {team_mix_peak_share():.0f}%."
    )
    _clean(watch)


@pytest.mark.browser
def test_a_check_with_several_right_answers_says_how_many_are_missing(
    open_page, site: Path
) -> None:
    page, watch = open_page(CHAPTER_3)
    check = "thresholds-settle"
    page.locator(f"#cb-sc-{check}-0").focus()
    page.keyboard.press("Space")
    page.locator(f"#cb-sc-{check} .cb-sc-check").focus()
    page.keyboard.press("Enter")
    wrong = _feedback(page, check)
    assert wrong.startswith("Not yet. Yes: the minimum stops any partner from being a token.")
    assert wrong.endswith("One right answer is not chosen yet.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert _focused_id(page) == f"cb-sc-{check}-0"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.locator(f"#cb-sc-{check} .cb-sc-check").focus()
    page.keyboard.press("Enter")
    assert _feedback(page, check).startswith("Correct.")
    _clean(watch)


@pytest.mark.browser
def test_an_ordering_is_put_right_with_its_move_buttons(open_page, site: Path) -> None:
    page, watch = open_page(CHAPTER_2)
    check = "virtuous-circle"
    page.locator(f"#cb-sc-{check} .cb-sc-check").focus()
    page.keyboard.press("Enter")
    assert "lines are in their place" in _feedback(page, check)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Try again: focus goes to the first move button
    assert page.evaluate("document.activeElement.className") == "cb-sc-up"
    items = page.locator(f"#cb-sc-{check} .cb-sc-item")
    for target in range(items.count()):
        shown = [int(items.nth(i).get_attribute("data-item")) for i in range(items.count())]
        position = shown.index(target)
        items.nth(position).locator(".cb-sc-up").focus()
        for _ in range(position - target):
            page.keyboard.press("Enter")  # focus stays on the moved line's button
    moved = page.locator(f"#cb-sc-{check} .cb-sc-moved").inner_text()
    assert moved.endswith("of 4.")
    page.locator(f"#cb-sc-{check} .cb-sc-check").focus()
    page.keyboard.press("Enter")
    assert _feedback(page, check).startswith("Correct. Each step feeds the next")
    page.reload(wait_until="load")
    assert _feedback(page, check).startswith("Correct.")
    _clean(watch)


@pytest.mark.browser
def test_the_progress_page_counts_checks_and_drafts_and_clears_them(open_page, site: Path) -> None:
    page, watch = open_page(CHAPTER_1)
    page.locator("#cb-sc-adaptive-strategies-0").check()
    page.locator("#cb-sc-adaptive-strategies .cb-sc-check").click()
    page.locator("#cb-sc-friction-costs-3").check()  # a wrong answer is not "done"
    page.locator("#cb-sc-friction-costs .cb-sc-check").click()
    page.evaluate(
        "window.CrossingBorders.store.set('draft/ch01-talent-on-the-move/crew_advice',"
        " {text: 'The fund should pay for', at: 'now'})"
    )
    _clean(watch)

    progress, watch = open_page("progress.html")
    rows = progress.locator("tr[data-chapter]")
    assert rows.count() == 6
    first = rows.nth(0)
    assert first.locator("th a").inner_text().startswith("1. Talent on the move")
    assert first.locator(".cb-progress-checks").inner_text() == "1/4"
    assert first.locator(".cb-progress-drafts").inner_text() == "1/1"
    assert rows.nth(2).locator(".cb-progress-drafts").inner_text() == "0/2"

    progress.locator(".cb-progress-start").focus()
    progress.keyboard.press("Enter")
    assert _focused_text(progress) == "Cancel"
    progress.keyboard.press("Shift+Tab")
    assert _focused_text(progress) == "Yes, clear my progress"
    progress.keyboard.press("Enter")
    assert "cleared" in progress.locator(".cb-progress-status").inner_text()
    assert first.locator(".cb-progress-checks").inner_text() == "0/4"
    assert first.locator(".cb-progress-drafts").inner_text() == "0/1"
    kept = progress.evaluate("Object.keys(localStorage)")
    assert not [k for k in kept if k.startswith((STORE + "selfcheck/", STORE + "draft/"))]
    _clean(watch)

    page.reload(wait_until="load")
    assert page.locator("#cb-sc-adaptive-strategies input:checked").count() == 0
    assert _feedback(page, "adaptive-strategies") == ""


@pytest.mark.browser
def test_without_javascript_each_check_reads_with_its_answer_behind_a_reveal(
    browser, site_url: str, site: Path
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    page.goto(f"{site_url}/{CHAPTER_1}")
    check = page.locator("#cb-sc-peak-share")
    assert check.locator("legend").is_visible()
    assert not check.locator(".cb-sc-check").is_visible()
    answer = check.locator("details.cb-sc-answer")
    answer.locator("summary").click()
    assert f"{team_mix_peak_share():.0f}%." in answer.inner_text()
    context.close()


@pytest.mark.browser
def test_when_the_browser_refuses_storage_the_pages_say_progress_lasts_this_visit(
    open_page, site: Path
) -> None:
    page, _ = open_page(CHAPTER_1)
    refuse = (
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('refused', 'SecurityError'); }})"
    )
    page.context.add_init_script(refuse)
    page.reload(wait_until="load")
    assert page.evaluate("window.CrossingBorders.store.persistent") is False
    note = page.locator("#cb-sc-peak-share .cb-sc-note")
    assert "kept only for this visit" in note.inner_text()
    page.locator("#cb-sc-peak-share-value").fill("19")
    page.locator("#cb-sc-peak-share .cb-sc-check").click()
    assert _feedback(page, "peak-share").startswith("Correct.")
    # The theme's own scripts log errors when storage is refused; the course's do not fail.

    progress, _ = open_page("progress.html")
    assert progress.locator(".cb-progress-memory").is_visible()
    assert progress.locator(".cb-progress-start").is_visible()
