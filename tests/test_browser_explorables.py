"""Static explorables on the built site follow the mouse and the keyboard, offline.

Every control of every explorable is moved to both ends and back, by pointer and
by key; after each move the image and the summary must be what the Python model
and plot give for the values the controls now show.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from explorable_driver import Checker, click_range_at, explorable_roots, press

from crossing_borders.explorables.catalog import CATALOG

FORGET_SWAP = "r => { delete r.dataset.swapMs; }"


def _move_and_check(page, root, checker: Checker, action, name: str, expected) -> None:
    root.evaluate(FORGET_SWAP)
    action()
    params = checker.check(page, root)
    assert params[name] == expected, f"{name}: expected {expected!r}, page shows {params[name]!r}"


def _exercise_control(page, root, checker: Checker, element) -> None:
    control = checker.explorable.control(element.get_attribute("name"))
    first, last, default = control.values[0], control.values[-1], control.default
    is_range = element.evaluate("el => el.type") == "range"
    second = control.values[min(1, len(control.values) - 1)]
    step, back = ("ArrowRight", "ArrowLeft") if is_range else ("ArrowDown", "ArrowUp")
    if is_range:
        pointer = [
            (lambda: click_range_at(page, element, 1.0), last),
            (lambda: click_range_at(page, element, 0.0), first),
        ]
    else:
        # A native <select> opens an OS popup that no page script can click into;
        # choosing an option is what a pointer does there.
        pointer = [
            (lambda: element.select_option(str(len(control.values) - 1)), last),
            (lambda: element.select_option("0"), first),
        ]
    keyboard = [
        (lambda: press(page, element, "End"), last),
        (lambda: press(page, element, "Home"), first),
        (lambda: press(page, element, step), second),
        (lambda: press(page, element, back), first),
    ]
    for action, expected in [*pointer, *keyboard]:
        _move_and_check(page, root, checker, action, control.name, expected)
    # back to the default, by keyboard, so the next control starts from the declared state
    for _ in range(control.index(default)):
        root.evaluate(FORGET_SWAP)
        press(page, element, step)
    params = checker.check(page, root, moved=control.index(default) > 0)
    assert params[control.name] == default


@pytest.mark.browser
def test_every_explorable_follows_pointer_and_keyboard(open_page, site: Path) -> None:
    seen = set()
    for chapter in sorted((site / "chapters").glob("*.html")):
        page, watch = open_page(f"chapters/{chapter.name}")
        page.wait_for_selector(".cb-explorable.cb-ready")
        roots = explorable_roots(page)
        assert roots, f"{chapter.name} has no working explorable"
        for root in roots:
            name = root.get_attribute("data-explorable")
            checker = Checker.for_name(name)
            assert checker.check(page, root, moved=False) == checker.explorable.defaults
            elements = root.query_selector_all(".cb-controls input, .cb-controls select")
            assert len(elements) == len(checker.explorable.controls)
            for element in elements:
                _exercise_control(page, root, checker, element)
            seen.add(name)
        assert watch.blocked == [] and watch.console_errors == [] and watch.failed == []
        page.close()
    assert seen == set(CATALOG), f"explorables never shown on a page: {set(CATALOG) - seen}"


@pytest.mark.browser
def test_controls_are_labelled_and_summary_is_live(open_page, site: Path) -> None:
    page, _ = open_page("chapters/01-talent-on-the-move.html")
    page.wait_for_selector(".cb-explorable.cb-ready")
    for element in page.query_selector_all(".cb-controls input, .cb-controls select"):
        ident = element.get_attribute("id")
        label = page.query_selector(f'label[for="{ident}"]')
        assert label is not None and label.inner_text().strip()
    assert page.get_attribute(".cb-summary", "aria-live") == "polite"
    # Tab reaches the first control: the controls are in the keyboard order.
    page.focus("body")
    reached = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id"))
    inputs = page.query_selector_all(".cb-controls input[id], .cb-controls select[id]")
    controls = {e.get_attribute("id") for e in inputs}
    assert len(controls) == len(CATALOG["team_mix"].controls)
    assert controls <= reached


@pytest.mark.browser
def test_without_scripts_the_default_frame_still_shows(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/chapters/01-talent-on-the-move.html")
    explorable = CATALOG["team_mix"]
    img = page.query_selector(".cb-explorable img.cb-frame")
    from crossing_borders.explorables.render import Renderer

    expected = Renderer(explorable).frame(explorable.defaults)
    assert img.get_attribute("alt") == expected.summary
    assert page.query_selector(".cb-controls").get_attribute("hidden") is not None
    context.close()


@pytest.mark.browser
def test_every_try_button_sets_its_state_and_the_answer_reveals(open_page, site: Path) -> None:
    seen = set()
    for chapter in sorted((site / "chapters").glob("*.html")):
        page, watch = open_page(f"chapters/{chapter.name}")
        page.wait_for_selector(".cb-explorable.cb-ready")
        for root in explorable_roots(page):
            checker = Checker.for_name(root.get_attribute("data-explorable"))
            explorable = checker.explorable
            buttons = root.query_selector_all("button.cb-try-set")
            assert len(buttons) == len(explorable.tries)
            for button, t in zip(buttons, explorable.tries, strict=True):
                assert button.is_visible()
                root.evaluate(FORGET_SWAP)
                before = root.get_attribute("data-frame-key")
                # By keyboard, as a reader without a mouse would.
                button.focus()
                page.keyboard.press("Enter")
                moved = explorable.frame_key(t.settings) != before
                params = checker.check(page, root, moved=moved)
                assert params == explorable.validate(t.settings), (t.question, params)
                answer = button.evaluate_handle("b => b.closest('li').querySelector('details')")
                assert not answer.evaluate("d => d.open")
                answer.evaluate("d => d.querySelector('summary').click()")
                assert answer.evaluate("d => d.open")
                assert answer.evaluate("d => d.innerText").endswith(t.answer(explorable))
            seen.add(explorable.name)
        assert watch.blocked == [] and watch.console_errors == [] and watch.failed == []
        page.close()
    assert seen == set(CATALOG)


@pytest.mark.browser
def test_how_the_model_works_is_collapsed_and_its_equations_draw_offline(
    open_page, site: Path
) -> None:
    page, watch = open_page("chapters/03-collaboration-and-governance.html")
    page.wait_for_selector(".cb-explorable.cb-ready")
    how = page.query_selector(".cb-explorable details.cb-how")
    assert not how.evaluate("d => d.open")
    how.query_selector("summary").click()
    images = how.query_selector_all("img.cb-math")
    explorable = CATALOG["coproduction"]
    assert len(images) == len(explorable.how.equations) + len(explorable.how.terms)
    for image in images:
        assert image.evaluate("i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0")
        assert image.get_attribute("alt")
    assert watch.blocked == [] and watch.failed == []
