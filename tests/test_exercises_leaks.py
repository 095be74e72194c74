"""The leak scanner: it gathers the right secrets, passes clean folders, finds planted leaks."""

from __future__ import annotations

import html
import json
import shutil

import nbformat
import pytest
from exercise_course import ASSIGNMENTS, EXERCISES, ROOT, simulated_release, source_path
from nbformat.v4 import new_markdown_cell
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from crossing_borders.publish.leaks import MIN_LENGTH, main, normalise, protected_lines, scan

CHAPTER_1 = "ch01-talent-on-the-move"


def _longest_line(code: str) -> str:
    """The longest code line that a report prints whole (reports cut lines at 80)."""
    lines = [line.strip() for line in code.split("\n")]
    code_lines = [x for x in lines if x and not x.startswith(("#", "from ", "import "))]
    return max((x for x in code_lines if len(x) <= 77), key=len)


def _question_lines() -> tuple[str, str, str]:
    """(grade_id, a hidden-test line, a solution line) of chapter 1's second question."""
    notebook = nbformat.read(source_path(CHAPTER_1), as_version=4)
    tests = [
        c for c in notebook.cells if c.metadata["nbgrader"].get("points") and c.cell_type == "code"
    ]
    cell = tests[1]
    grade_id = cell.metadata["nbgrader"]["grade_id"]
    hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
    answer = next(
        c for c in notebook.cells if c.metadata["nbgrader"]["grade_id"] == f"{grade_id}_answer"
    )
    solution = answer.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
    return grade_id, _longest_line(hidden), _longest_line(solution)


QUESTION, HIDDEN_LINE, SOLUTION_LINE = _question_lines()


@pytest.fixture(scope="module")
def secrets():
    return protected_lines(EXERCISES, public=[ROOT / "chapters"])


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return simulated_release(tmp_path_factory.mktemp("release") / "release")


def _grader_sentence() -> str:
    notebook = nbformat.read(source_path(CHAPTER_1), as_version=4)
    notes = next(c for c in notebook.cells if c.metadata["nbgrader"]["grade_id"] == "crew_advice")
    lines = notes.source.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("- Reading:"))
    bullet = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        bullet.append(line.strip())
    return " ".join(bullet)  # the list item as a page renders it: one paragraph


def test_gathers_solutions_hidden_tests_and_grader_notes(secrets):
    texts = {s.text for s in secrets}
    assert normalise(HIDDEN_LINE) in texts
    assert normalise(SOLUTION_LINE) in texts
    assert any("grader notes" in s.text.lower() for s in secrets)
    kinds = {s.origin.rsplit("] ", 1)[1] for s in secrets}
    assert kinds == {"solution", "hidden test"}
    assert {s.origin.split("/")[0] for s in secrets} == set(ASSIGNMENTS)


def test_skips_lines_that_carry_no_secret(secrets):
    for secret in secrets:
        assert len(secret.text) >= MIN_LENGTH
        assert any(ch.isalnum() for ch in secret.text)
    texts = {s.text for s in secrets}
    # A line students see elsewhere in the notebook is no secret, even inside a region.
    assert "import math" not in texts
    assert normalise("from crossing_borders.models.team_mix import team_mix") not in texts
    # Starting a search at None is what any student writes; it reveals no answer.
    assert normalise("no_support_limit = None") not in texts
    assert any(s.line.startswith("no_support_limit = ") for s in secrets)


def test_every_secret_is_found_in_the_sources_themselves(secrets):
    found = {leak.secret for leak in scan([EXERCISES], secrets=secrets)}
    assert found == set(secrets)


def test_a_clean_release_has_no_leak(secrets, release):
    assert scan([release], secrets=secrets) == []


def test_finds_a_hidden_test_planted_in_a_release_notebook(secrets, release, tmp_path):
    leaky = tmp_path / "release"
    shutil.copytree(release, leaky)
    path = leaky / "ch01-talent-on-the-move" / "ch01.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(new_markdown_cell(f'Hint: `{HIDDEN_LINE}` and "quotes"'))
    nbformat.write(notebook, path)
    leaks = scan([leaky], secrets=secrets)
    assert [(leak.path, leak.secret.text) for leak in leaks] == [(path, normalise(HIDDEN_LINE))]
    assert f"[{QUESTION}] hidden test" in str(leaks[0])


def test_finds_leaks_the_way_a_built_site_renders_them(secrets, tmp_path):
    """Syntax highlighting, entities, smart quotes and JSON escapes do not hide a line."""
    site = tmp_path / "_build" / "html"
    site.mkdir(parents=True)
    code = highlight(f"{SOLUTION_LINE}\n", PythonLexer(), HtmlFormatter())
    (site / "code.html").write_text(f"<html><body>{code}</body></html>")
    # Sphinx drops the list marker and curls the quotes; an ellipsis becomes one character.
    sentence = _grader_sentence().removeprefix("- ").replace("...", "…")
    curly = "".join(
        ("“" if n % 2 else "”") + part if n else part for n, part in enumerate(sentence.split('"'))
    )
    (site / "prose.html").write_text(f"<ul><li><p>{html.escape(curly)}</p></li></ul>")
    (site / "index.js").write_text("Search.setIndex(" + json.dumps({"t": HIDDEN_LINE}) + ")")
    (site / "logo.png").write_bytes(bytes(range(256)))
    found = {(leak.path.name, leak.secret.text) for leak in scan([site], secrets=secrets)}
    assert ("code.html", normalise(SOLUTION_LINE)) in found
    assert ("index.js", normalise(HIDDEN_LINE)) in found
    assert any(name == "prose.html" for name, _ in found)


def test_main_reports_and_sets_the_exit_status(release, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main([str(release), str(tmp_path / "missing")]) == 0
    out = capsys.readouterr().out
    assert "0 leak(s)" in out and "does not exist; skipped" in out

    planted = tmp_path / "feedback" / "ch01.html"
    planted.parent.mkdir()
    planted.write_text(f"<pre>{html.escape(HIDDEN_LINE)}</pre>")
    assert main([str(release), str(planted.parent)]) == 1
    out = capsys.readouterr().out
    assert "LEAK" in out and HIDDEN_LINE in out and "1 leak(s)" in out

    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--source", str(empty), str(release)]) == 2


def test_a_students_own_correct_answer_in_their_feedback_is_no_leak(tmp_path, capsys):
    """A student who wrote a solution line sees it in their feedback; another's would leak."""
    course = tmp_path / "course"
    feedback = course / "feedback" / "dana" / "ch01-talent-on-the-move" / "ch01.html"
    feedback.parent.mkdir(parents=True)
    feedback.write_text(f"<pre>{html.escape(SOLUTION_LINE)}</pre>")
    own = course / "submitted" / "dana" / "ch01-talent-on-the-move" / "ch01.ipynb"
    own.parent.mkdir(parents=True)
    notebook = nbformat.read(source_path("ch01-talent-on-the-move"), as_version=4)
    for cell in notebook.cells:
        if cell.metadata["nbgrader"].get("solution") and cell.cell_type == "code":
            cell.source = cell.source.replace("### BEGIN SOLUTION\n", "").replace(
                "\n### END SOLUTION", ""
            )
    nbformat.write(notebook, own)
    args = ["--source", str(EXERCISES), "--course-root", str(course), str(course / "feedback")]
    assert main(args) == 0, capsys.readouterr().out
    # The same line in a feedback file made from someone else's notebook is a leak.
    other = course / "feedback" / "eve" / "ch01-talent-on-the-move" / "ch01.html"
    other.parent.mkdir(parents=True)
    other.write_text(feedback.read_text())
    assert main(args) == 1
    assert "eve" in capsys.readouterr().out


def test_a_sentence_wrapped_over_lines_is_one_secret_not_its_fragments(tmp_path):
    """Grader notes wrap at 88 columns; a page renders the sentence whole."""
    notes = nbformat.v4.new_markdown_cell(
        "**Grader notes**\n\n- A local-language film reaches both audiences only from 0.33\n"
        "  to 0.47 authenticity with subtitles.\n  The domestic core gains most.\n"
    )
    notes.metadata["nbgrader"] = {"grade_id": "notes", "solution": True, "grade": True}
    notebook = nbformat.v4.new_notebook(cells=[notes])
    nbformat.write(notebook, tmp_path / "a.ipynb")
    texts = {s.text for s in protected_lines(tmp_path)}
    assert (
        "A local-language film reaches both audiences only from 0.33 to 0.47 authenticity "
        "with subtitles." in texts
    )
    assert "The domestic core gains most." in texts
    assert not any(t in {"to 0.47 authenticity with subtitles.", "The domestic"} for t in texts)
