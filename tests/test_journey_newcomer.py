"""A newcomer on a fresh clone: `make book`, `make lab`, `make test` in any order.

`make test` cannot run inside itself, so the journey checks instead that what each
command leaves behind (`_build/`, `notebooks/` with JupyterLab's checkpoints,
`.pytest_cache/`) breaks none of the others: after `make lab` and a test run, the
book still builds without a warning and the source checks still pass.
"""

from __future__ import annotations

import json
import urllib.request

import pytest
from journey import readme_commands, start_lab, stopped_cleanly

pytestmark = pytest.mark.slow


def test_make_book_on_a_fresh_clone_sets_everything_up(book_build, term):
    """The first command creates the environment, builds the site and checks it for leaks."""
    assert not (term.base / "shared").exists()
    assert book_build.returncode == 0, book_build.log[-5000:]
    assert (term.clone / ".venv" / ".installed-stamp").exists()
    assert "0 leak(s)" in book_build.log
    assert f"open {term.clone}/_build/html/index.html" in book_build.log
    assert book_build.warnings == []


@pytest.fixture(scope="module")
def after_lab_and_tests(term, site):
    """`make lab`, a checkpoint saved, Ctrl-C; then a test run in the clone."""
    shell = term.shell("newcomer", "newcomer")
    lab = start_lab(shell, "make lab", "make lab", term.base / "newcomer-lab.log")
    try:
        request = urllib.request.Request(
            f"{lab.url}/api/contents/01-talent-on-the-move.ipynb/checkpoints",
            method="POST",
            headers={"Authorization": f"token {lab.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            checkpoint = json.load(response)
    finally:
        stopped = lab.stop()
    tests = shell.run(
        "pytest (leaves .pytest_cache)",
        ".venv/bin/python -m pytest -q tests/test_reading.py tests/test_schedule.py -k 'not built'",
    )
    return {"checkpoint": checkpoint, "stopped": stopped, "tests": tests.stdout, "shell": shell}


def test_make_lab_writes_the_chapters_and_stops_cleanly(after_lab_and_tests, term):
    notebooks = term.clone / "notebooks"
    # Every chapter and the Python primer, as the README's "Run locally" promises.
    expected = [*(term.clone / "chapters").glob("*.md"), term.clone / "appendix" / "python.md"]
    assert sorted(p.name for p in notebooks.glob("*.ipynb")) == sorted(
        c.with_suffix(".ipynb").name for c in expected
    )
    assert after_lab_and_tests["checkpoint"]["id"]
    assert (notebooks / ".ipynb_checkpoints").is_dir()
    assert stopped_cleanly(after_lab_and_tests["stopped"]), after_lab_and_tests["stopped"]
    assert (term.clone / ".pytest_cache").is_dir()
    assert " passed" in after_lab_and_tests["tests"]


def test_leftovers_break_neither_the_book_nor_the_checks(after_lab_and_tests, term):
    shell = after_lab_and_tests["shell"]
    rebuilt = shell.run("make book (again, after lab and tests)", "make book")
    log = rebuilt.stdout + rebuilt.stderr
    assert "WARNING" not in log and "0 leak(s)" in log
    shell.run("make lint", "make lint")
    again = shell.run(
        "source checks (after book and lab)",
        ".venv/bin/python -m pytest -q -p no:cacheprovider tests/test_reading.py -k 'not built'",
    )
    assert " passed" in again.stdout


def test_make_clean_keeps_the_students_notebooks(after_lab_and_tests, term):
    shell = after_lab_and_tests["shell"]
    notebook = term.clone / "notebooks" / "01-talent-on-the-move.ipynb"
    before = notebook.read_bytes()
    shell.run("make clean", "make clean")
    assert not (term.clone / "_build").exists()
    assert notebook.read_bytes() == before


def test_every_readme_command_is_walked_by_a_journey():
    walked = {
        "make book",  # newcomer, first command
        "make test",  # this run; its leftovers are checked above
        "make lab",  # newcomer and student
        "make lint",
        "make clean",
        "make schedule",  # instructor
        "make release ASSIGNMENT=ch01-talent-on-the-move",
        "make grade ASSIGNMENT=ch01-talent-on-the-move",
        "make formgrader",
        "make export",
        "make export LMS=canvas",
        "make analytics ASSIGNMENT=ch01-talent-on-the-move",
        "make hub",  # test_journey_hub.py, test_hub_load.py
        "make leaks",
        "make bench",  # test_bench.py
    }
    assert set(readme_commands()) <= walked, set(readme_commands()) - walked
