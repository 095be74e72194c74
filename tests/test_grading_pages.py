"""Nothing a student wrote runs, or loads anything, in the formgrader or in feedback.

A hostile student (mallory) answers chapter 1 with code whose outputs carry every
kind of active or loading markup, and writes the same markup into the written
answer. The submission is graded by `crossing-borders grade`, its feedback made by
`nbgrader generate_feedback`, both with the course's configuration. Chromium then
opens the formgrader's view of the submission (inside an instructor's JupyterLab
session) and the feedback page, with every request that would leave 127.0.0.1
blocked and recorded, and checks that no payload ran, nothing was fetched from
outside, and the student's own words are still there for the grader to read.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import sys
import threading

import pytest
from exercise_course import environment, make_course, run, set_answers
from journey import Shell, clean_environment, start_lab

from crossing_borders.autograde.run import GradeOptions, grade

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(
        os.geteuid() != 0 and os.environ.get("CI") != "true",
        reason="the grading sandbox needs root (under CI this never skips)",
    ),
]

ASSIGNMENT = "ch01-talent-on-the-move"
OWN_WORDS = "MALLORYS OWN WORDS: the fund should pay for the programme."
EVIL = "http://evil.example"
PAYLOAD = f"""
<script>window.__pwned = "script tag"</script>
<img src="x" onerror="window.__pwned = 'event handler'">
<a href="javascript:window.__pwned = 'javascript url'">a javascript: link</a>
<a href="data:text/html,<script>parent.__pwned = 'data url'</script>">a data: link</a>
<iframe src="data:text/html,<script>parent.__pwned = 'data iframe'</script>"></iframe>
<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned = 'svg onload'">
  <script>window.__pwned = "svg script"</script></svg>
<iframe src="{EVIL}/frame"></iframe>
<object data="{EVIL}/object"></object>
<embed src="{EVIL}/embed">
<style>@import url({EVIL}/import.css); body {{ background: url({EVIL}/body.png) }}</style>
<div style="background-image: url({EVIL}/div.png)">a styled div</div>
<img src="{EVIL}/track.png" alt="a tracking pixel">
<link rel="stylesheet" href="{EVIL}/link.css">
<meta http-equiv="refresh" content="0; url={EVIL}/refresh">
<form action="{EVIL}/form"><input name="q"><button>send</button></form>
<table><tr><th>kept</th></tr><tr><td>a table cell</td></tr></table>
"""
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned = \'svg output\'">'
    '<script>window.__pwned = "svg output script"</script>'
    f'<image href="{EVIL}/svg-image.png"/></svg>'
)
ANSWER = f"""
from IPython.display import HTML, SVG, Javascript, Markdown, display

PAYLOAD = {PAYLOAD!r}
display(HTML(PAYLOAD))
display(HTML(PAYLOAD), metadata={{"isolated": True}})
display(Markdown(PAYLOAD))
display(Javascript("window.__pwned = 'javascript output'"))
display({{"image/svg+xml": {SVG!r}}}, raw=True)
display({{"text/html": PAYLOAD, "text/plain": "plain"}}, raw=True)
no_support_limit = 0.6
"""
REFLECTION = f"""{OWN_WORDS}

{PAYLOAD}

[a markdown link](javascript:window.__pwned='markdown link') and
![an image]({EVIL}/markdown.png)
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    course = make_course(base, [ASSIGNMENT])
    env = environment(base / "home")
    run("generate_assignment", ASSIGNMENT, cwd=course, env=env)
    submitted = course / "submitted" / "mallory" / ASSIGNMENT
    submitted.mkdir(parents=True)
    notebook = submitted / "ch01.ipynb"
    notebook.write_bytes((course / "release" / ASSIGNMENT / "ch01.ipynb").read_bytes())
    set_answers(notebook, {"no_support_limit_answer": ANSWER, "crew_advice": REFLECTION})
    report = grade(GradeOptions(course, ASSIGNMENT, progress=False, stream=io.StringIO()))
    assert report.row("mallory").status == "needs_manual", report.row("mallory").reason
    run("generate_feedback", ASSIGNMENT, cwd=course, env=env)
    return course


def watch(page, loopback: str) -> dict[str, list[str]]:
    """Record dialogs and every request that would leave loopback (and block those)."""
    seen: dict[str, list[str]] = {"outside": [], "dialogs": []}

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(loopback) or url.startswith("data:"):
            request_route.continue_()
        else:
            seen["outside"].append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    return seen


def check(page, seen) -> None:
    page.wait_for_timeout(1500)  # onload and onerror handlers would have fired by now
    for frame in page.frames:
        assert frame.evaluate("window.__pwned === undefined || window.__pwned === null")
    assert seen["outside"] == [] and seen["dialogs"] == []
    text = page.inner_text("body")
    assert OWN_WORDS in text, "the student's own words must stay readable"
    assert "a table cell" in text
    dangerous = page.evaluate(
        """() => document.querySelectorAll(
            'a[href^="javascript"], a[href^="data"], iframe[src^="http"], object, embed,'
            + ' form[action], img[src^="http"], link[href*="evil"], meta[http-equiv]'
        ).length"""
    )
    assert dangerous == 0


def test_the_feedback_page_runs_and_loads_nothing_the_student_wrote(course, browser):
    (feedback,) = (course / "feedback" / "mallory" / ASSIGNMENT).glob("ch01.html")
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(feedback.parent)
    )
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    loopback = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    try:
        page = context.new_page()
        seen = watch(page, loopback)
        page.goto(f"{loopback}/ch01.html", wait_until="load")
        check(page, seen)
    finally:
        context.close()
        server.shutdown()


def test_the_formgrader_shows_the_submission_without_running_it(course, browser, tmp_path):
    shell = Shell("hostile", course, clean_environment(tmp_path / "instructor"))
    crossing_borders = os.path.join(os.path.dirname(sys.executable), "crossing-borders")
    lab = start_lab(
        shell,
        "formgrader",
        f"{crossing_borders} lab --instructor",
        tmp_path / "lab.log",
        via_make=False,
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        seen = watch(page, lab.url)
        page.goto(f"{lab.url}/lab?token={lab.token}", wait_until="load")  # the session
        listing = page.evaluate(
            """async (url) => (await fetch(url)).json()""",
            f"{lab.url}/formgrader/api/submitted_notebooks/{ASSIGNMENT}/ch01",
        )
        (submission,) = listing
        page.goto(f"{lab.url}/formgrader/submissions/{submission['id']}/", wait_until="load")
        page.wait_for_selector("#crew_advice")
        check(page, seen)
    finally:
        context.close()
        lab.stop()
