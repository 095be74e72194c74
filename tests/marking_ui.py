"""The marking page as a grader uses it: keys only, in Chromium, on a running lab.

`mark_answers` walks a reflection's answers in the page's order. The grader does
not know whose answer is on screen (blind marking), so `choose` decides from the
answer's text alone: which digit to press for each criterion and what to write in
the first criterion's comment box, or None to leave the answer for later.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from journey import Lab

Choice = tuple[list[int], str] | None


def digits_for(rubric, total: float) -> list[int]:
    """Digit keys (1 = the best level) whose levels add up to `total` points."""
    options = [range(len(c.levels)) for c in rubric.criteria]
    for picks in itertools.product(*options):
        points = sum(c.levels[i].points for c, i in zip(rubric.criteria, picks, strict=True))
        if points == total:
            return [i + 1 for i in picks]
    raise ValueError(f"no levels of this rubric add up to {total}")


def mark_answers(
    browser, lab: Lab, path: str, count: int, choose: Callable[[str], Choice]
) -> dict[str, Any]:
    """Open answers 1..count of `path` (assignment/notebook/cell) and mark the chosen ones."""
    context = browser.new_context()
    seen: dict[str, Any] = {"outside": [], "saved": {}, "named_before_save": []}
    try:
        page = context.new_page()

        def route(request_route) -> None:
            if request_route.request.url.startswith(lab.url):
                request_route.continue_()
            else:
                seen["outside"].append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        base = f"{lab.url}/crossing-borders/marking"
        page.goto(f"{base}/?token={lab.token}", wait_until="load")
        seen["overview"] = page.inner_text("main")
        for position in range(1, count + 1):
            page.goto(f"{base}/{path}/{position}", wait_until="load")
            answer = page.inner_text(".answer")
            choice = choose(answer)
            if choice is None:
                continue
            digits, comment = choice
            before = page.content()
            page.fill("#c0-comment", "")  # a regrade opens with the earlier comment
            page.focus("#c0-comment")
            page.keyboard.type(comment)
            page.focus("#c0-l1")
            for digit in digits:
                page.keyboard.press(str(digit))
            page.keyboard.press("s")
            page.locator("#status", has_text="Saved").wait_for()
            status = page.inner_text("#status")
            student = status.rsplit(" for ", 1)[1].strip().rstrip(".")
            seen["saved"][student] = status
            if student in before:
                seen["named_before_save"].append(student)
        return seen
    finally:
        context.close()
