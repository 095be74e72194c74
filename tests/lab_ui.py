"""What a person sees in JupyterLab and the formgrader, read through Chromium.

Each helper opens a page of a running `Lab` with every request that would leave
127.0.0.1 blocked and recorded, does what a person would do there, and returns
what the page showed, for the journey tests to check.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlparse

from journey import Lab

LISTS = {
    "released": "#released_assignments_list",
    "downloaded": "#fetched_assignments_list",
    "submitted": "#submitted_assignments_list",
}


def _open(browser, lab: Lab, path: str):
    context = browser.new_context()
    page = context.new_page()
    seen: dict[str, list[str]] = {"blocked": [], "errors": []}
    local = urlparse(lab.url).netloc

    def route(request_route) -> None:
        if urlparse(request_route.request.url).netloc == local:
            request_route.continue_()
        else:
            seen["blocked"].append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(f"{lab.url}{path}?token={lab.token}", wait_until="load")
    return context, page, seen


def _jupyterlab(browser, lab: Lab):
    context, page, seen = _open(browser, lab, "/lab")
    page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=120_000)
    page.wait_for_selector("#jp-main-dock-panel", timeout=120_000)
    return context, page, seen


def assignment_list(browser, lab: Lab) -> dict[str, Any]:
    """Open Nbgrader > Assignment List; what it lists, what the menus and sidebars offer."""
    context, page, seen = _jupyterlab(browser, lab)
    try:
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        menu = [t.strip() for t in page.locator(".lm-Menu-itemLabel").all_inner_texts()]
        page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
        page.wait_for_selector("#assignments", timeout=60_000)
        # The list is filled by a request to the server; wait until each part settled.
        page.wait_for_function(
            """() => ['released', 'fetched', 'submitted'].every(name =>
                 document.querySelector(`#${name}_assignments_list_loading`).hidden)""",
            timeout=60_000,
        )
        shown = {
            name: [t.strip() for t in page.locator(f"{css} .list_item").all_inner_texts()]
            for name, css in LISTS.items()
        }
        errors = [
            t.strip()
            for t in page.locator(".list_error:not([hidden]), .jp-Dialog").all_inner_texts()
            if t.strip()
        ]
        panels = page.locator("[data-id]").evaluate_all("els => els.map(e => e.dataset.id)")
        return {
            "menu": [m for m in menu if m],
            "lists": shown,
            "errors": errors,
            "panels": sorted(set(panels)),
            "blocked": seen["blocked"],
            "console": seen["errors"],
        }
    finally:
        context.close()


def formgrader_grades(
    browser, lab: Lab, assignment: str, notebook: str, cell: str
) -> dict[str, Any]:
    """What nbgrader's formgrader shows of one written answer per student.

    Each submission's page is opened (is the rubric above the answer?), and the
    score and comment the formgrader holds for the answer are read through its own
    API from its page, with its session, as its Manual Grading view reads them.
    """
    context, page, seen = _jupyterlab(browser, lab)
    try:
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        menu = [t.strip() for t in page.locator(".lm-Menu-itemLabel").all_inner_texts()]
        panels = page.locator("[data-id]").evaluate_all("els => els.map(e => e.dataset.id)")
        page.keyboard.press("Escape")
        base = f"{lab.url}/formgrader"
        api = _Api(page, base)
        submissions = api.get(f"/api/submitted_notebooks/{assignment}/{notebook}")
        rubric_shown = {}
        grades = {}
        for submission in submissions:
            student = submission["student"]
            view = context.new_page()
            view.goto(f"{base}/submissions/{submission['id']}/?token={lab.token}")
            view.wait_for_selector(f"#{cell}", timeout=60_000)
            rubric_shown[student] = "Rubric" in view.inner_text("body")
            view.close()
            grade = next(
                g
                for g in api.get(f"/api/grades?submission_id={submission['id']}")
                if g["name"] == cell
            )
            comment = next(
                c
                for c in api.get(f"/api/comments?submission_id={submission['id']}")
                if c["name"] == cell
            )
            grades[student] = {**grade, "comment": comment.get("manual_comment") or ""}
        return {
            "menu": [m for m in menu if m],
            "panels": sorted(set(panels)),
            "students": sorted(s["student"] for s in submissions),
            "rubric_shown": rubric_shown,
            "grades": grades,
            "blocked": seen["blocked"],
        }
    finally:
        context.close()


class _Api:
    """fetch() from inside a formgrader page, with the XSRF header tornado checks."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        script = """async ([url, method, body]) => {
            const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || '';
            const response = await fetch(url, {
                method, credentials: 'same-origin',
                headers: {'X-XSRFToken': decodeURIComponent(xsrf),
                          'Content-Type': 'application/json'},
                body: body === null ? undefined : body});
            if (!response.ok) throw new Error(method + ' ' + url + ': ' + response.status);
            return await response.json();
        }"""
        payload = None if body is None else json.dumps(body)
        return self.page.evaluate(script, [f"{self.base}{path}", method, payload])

    def get(self, path: str) -> Any:
        return self._call("GET", path)
