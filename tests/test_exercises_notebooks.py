"""The nbgrader sources in exercises/: layout, hygiene, question design, rubrics, config.

Fast checks, no nbgrader run: the dry run and the lifecycle test do that. Test
cells are also executed in-process against the solutions (they must pass) and
against the obvious tricks (they must fail).
"""

from __future__ import annotations

import ast
import itertools
import math
import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from exercise_course import (
    ASSIGNMENTS,
    CONFIG,
    COURSE_ID,
    EXERCISES,
    ROOT,
    autograded_cells,
    nbgrader_meta,
    points,
    reflection_cells,
    source_path,
)
from nbgrader.nbgraderformat import MetadataValidator
from traitlets.config.loader import PyFileConfigLoader

from crossing_borders.course.objectives import chapter_for, chapter_objectives
from crossing_borders.course.rubric import parse_rubric

GRADE_ID = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def _notebook(assignment):
    return nbformat.read(source_path(assignment), as_version=4)


def _by_id(notebook):
    return {nbgrader_meta(c)["grade_id"]: c for c in notebook.cells if nbgrader_meta(c)}


def _solution(cell) -> str:
    return re.sub(r"### (BEGIN|END) SOLUTION\n?", "", cell.source)


def _load_config(monkeypatch, exchange: str | None = None):
    if exchange is None:
        monkeypatch.delenv("CROSSING_BORDERS_EXCHANGE", raising=False)
    else:
        monkeypatch.setenv("CROSSING_BORDERS_EXCHANGE", exchange)
    return PyFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config()


# --- layout and configuration ---------------------------------------------------------


def test_one_assignment_per_chapter():
    folders = sorted(p.name for p in EXERCISES.iterdir() if p.is_dir())
    assert folders == sorted(ASSIGNMENTS)
    for assignment, name in ASSIGNMENTS.items():
        assert sorted(p.name for p in (EXERCISES / assignment).iterdir()) == [name]
        chapter = ROOT / "chapters" / (assignment.removeprefix("ch") + ".md")
        assert chapter.exists(), f"{assignment} names no chapter ({chapter.name})"


def test_config_course_folders_and_timeouts(monkeypatch):
    c = _load_config(monkeypatch)
    assert c.CourseDirectory.course_id == COURSE_ID
    assert c.CourseDirectory.source_directory == "exercises"
    assert Path(c.Exchange.root) == ROOT / "exchange"
    assert 0 < c.Execute.timeout <= 120
    assert c.Execute.interrupt_on_timeout is True


def test_config_exchange_follows_the_environment(monkeypatch):
    c = _load_config(monkeypatch, "/srv/nbgrader/exchange")
    assert c.Exchange.root == "/srv/nbgrader/exchange"


def test_config_feedback_scrubs_outputs_then_clears_hidden_tests(monkeypatch):
    names = [pp.__name__ for pp in _load_config(monkeypatch).GenerateFeedback.preprocessors]
    # The late penalty is recomputed with every score in before the grades are read.
    assert names.index("SyncSchedule") < names.index("AssignLatePenalties")
    assert names.index("AssignLatePenalties") < names.index("GetGrades")
    assert names.index("ScrubTestOutputs") < names.index("ClearHiddenTests")


# --- each notebook -------------------------------------------------------------------

each = pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))


@each
def test_stored_without_outputs(assignment):
    """Sources are kept clean: no outputs, no execution counts, no stray metadata."""
    notebook = _notebook(assignment)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert set(notebook.metadata) <= {"kernelspec", "language_info"}


@each
def test_valid_nbgrader_metadata_and_grade_ids(assignment):
    notebook = _notebook(assignment)
    nbformat.validate(notebook)
    MetadataValidator().validate_nb(notebook)
    ids = [nbgrader_meta(c)["grade_id"] for c in notebook.cells if nbgrader_meta(c)]
    assert len(ids) == len(set(ids)) == len(notebook.cells), "every cell has a unique grade_id"
    assert all(GRADE_ID.match(i) for i in ids), ids


@each
def test_questions_reflections_and_points(assignment):
    notebook = _notebook(assignment)
    tests, reflections = autograded_cells(notebook), reflection_cells(notebook)
    assert 2 <= len(tests) <= 4
    assert 1 <= len(reflections) <= 2
    intro = notebook.cells[0].source
    assert f"worth {points(tests):g} points" in intro
    assert f"worth {points(reflections):g} points" in intro


@each
def test_headings_in_order(assignment):
    levels = [
        len(m.group(1))
        for c in _notebook(assignment).cells
        if c.cell_type == "markdown"
        for m in re.finditer(r"^(#+) ", c.source, re.M)
    ]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


@each
def test_one_question_uses_the_chapter_model(assignment):
    cells = _by_id(_notebook(assignment))
    imports = re.findall(r"from crossing_borders\.models\.\w+ import (.+)", cells["setup"].source)
    assert imports, "the setup cell imports the chapter's model"
    names = {n.strip() for line in imports for n in line.split(",")}
    solutions = " ".join(_solution(c) for c in cells.values() if nbgrader_meta(c)["solution"])
    assert any(re.search(rf"\b{n}\(", solutions) for n in names)


@each
def test_each_question_is_answer_then_test(assignment):
    notebook = _notebook(assignment)
    for i, cell in enumerate(notebook.cells):
        if cell in autograded_cells(notebook):
            grade_id = nbgrader_meta(cell)["grade_id"]
            answer = notebook.cells[i - 1]
            assert nbgrader_meta(answer)["grade_id"] == f"{grade_id}_answer"
            assert nbgrader_meta(answer)["solution"] and not nbgrader_meta(answer)["grade"]
            assert answer.source.startswith("### BEGIN SOLUTION\n")
            assert answer.source.endswith("### END SOLUTION")
            assert nbgrader_meta(notebook.cells[i - 2])["locked"], "a read-only prompt first"


@each
def test_test_cells_are_well_formed(assignment):
    """Docstring first; visible checks through crossing_borders.checks; hidden asserts."""
    for cell in autograded_cells(_notebook(assignment)):
        tree = ast.parse(cell.source)
        first = tree.body[0]
        assert isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
        assert first.value.value.startswith("Checks `"), "the docstring says what it checks"
        hidden = HIDDEN.findall(cell.source)
        assert len(hidden) == 1 and "assert " in hidden[0]
        visible = HIDDEN.sub("", cell.source)
        # Visible checks catch slips with a message that says how to fix them, and ask
        # for no Python beyond the primer: any kind of number is a number.
        assert "from crossing_borders.checks import" in visible
        assert not re.search(r"type\(\w+\) is|isinstance\(", cell.source)
        assert not re.search(r"==\s*-?\d+\.\d", cell.source), "numbers compare with close()"
        # An expression last would print a value, which nbgrader reads as partial credit.
        assert not isinstance(tree.body[-1], ast.Expr)


@each
def test_solutions_pass_their_tests(assignment):
    cells = _by_id(_notebook(assignment))
    namespace: dict = {}
    exec(cells["setup"].source, namespace)
    for cell in autograded_cells(_notebook(assignment)):
        grade_id = nbgrader_meta(cell)["grade_id"]
        exec(_solution(cells[f"{grade_id}_answer"]), namespace)
        exec(cell.source, namespace)


class _Agreeable:
    """Equal to everything, ordered before and after everything, of every length."""

    def __eq__(self, other):
        return True

    __le__ = __ge__ = __lt__ = __gt__ = __eq__

    def __ne__(self, other):
        return False

    def __hash__(self):
        return 0

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 2

    def __float__(self):
        return 0.5

    def __getitem__(self, key):
        return self


class _FloatEq(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class _SetEq(set):
    def __eq__(self, other):
        return True

    __hash__ = None


class _DictEq(dict):
    def __eq__(self, other):
        return True


class _TupleEq(tuple):
    def __eq__(self, other):
        return True

    __hash__ = tuple.__hash__


TRICKS = {
    "equal to everything": _Agreeable(),
    "a bool for an int": True,
    "a float that equals anything": _FloatEq(0.5),
    "a set that equals anything": _SetEq({"a"}),
    "a dict that equals anything": _DictEq(a="a"),
    "a tuple that equals anything": _TupleEq((_FloatEq(0.5), _FloatEq(0.5))),
    "nan": math.nan,
    "none": None,
}


@each
def test_tests_resist_obvious_tricks(assignment):
    """No answer built to fool a comparison earns a point."""
    cells = _by_id(_notebook(assignment))
    namespace: dict = {}
    exec(cells["setup"].source, namespace)
    for cell in autograded_cells(_notebook(assignment)):
        name = nbgrader_meta(cell)["grade_id"]  # each question's variable has its grade_id
        assert re.search(rf"\b{name}\b", cell.source)
        for label, trick in TRICKS.items():
            namespace[name] = trick
            with pytest.raises(Exception):  # noqa: B017 (any failure scores zero)
                exec(cell.source, namespace)
                pytest.fail(f"{name}: {label} passed the tests")


def _prompts(notebook) -> list:
    """Each question's and reflection's prompt: the read-only Markdown cell before its answer."""
    cells = notebook.cells
    answers = [
        i
        for i, c in enumerate(cells)
        if nbgrader_meta(c).get("solution") and nbgrader_meta(c)["grade_id"] != "setup"
    ]
    return [cells[i - 1] for i in answers]


@each
def test_reflections_have_a_rubric_made_for_their_prompt(assignment):
    """Analytic rubric right above each written answer: levels with points, reasoning first."""
    notebook = _notebook(assignment)
    for i, cell in enumerate(notebook.cells):
        if cell not in reflection_cells(notebook):
            continue
        prompt = notebook.cells[i - 1]
        assert prompt.cell_type == "markdown" and nbgrader_meta(prompt)["locked"]
        low, high = cell.metadata["crossing_borders"]["words"]
        assert f"{low}-{high} words" in prompt.source
        rubric = parse_rubric(prompt.source)
        assert rubric.total == nbgrader_meta(cell)["points"]
        kinds = {c.kind for c in rubric.criteria}
        assert {"Reasoning", "Counter-argument"} <= kinds, kinds
        # Analysis outweighs compliance: reasoning and the counter-argument weigh at
        # least as much as citing the reading and the model together.
        assert rubric.weight("Reasoning", "Counter-argument") >= rubric.weight("Reading", "Model")
        for criterion in rubric.criteria:
            descriptors = [level.descriptor for level in criterion.levels]
            assert len(set(descriptors)) == len(descriptors), criterion.name
            assert not re.search(r"\(\d+-\d+\)", " ".join(descriptors)), "one score per level"
        assert len(rubric.full_marks.split()) >= 12


def test_no_two_rubrics_are_the_same():
    """Criteria are written for their prompt: no rubric repeats another's criteria."""
    seen: dict[tuple[str, ...], str] = {}
    for assignment in ASSIGNMENTS:
        notebook = _notebook(assignment)
        for i, cell in enumerate(notebook.cells):
            if cell in reflection_cells(notebook):
                rubric = parse_rubric(notebook.cells[i - 1].source)
                names = tuple(c.name for c in rubric.criteria)
                assert names not in seen, f"{assignment} repeats the rubric of {seen.get(names)}"
                seen[names] = assignment


@each
def test_every_objective_is_assessed_and_every_prompt_names_its_objectives(assignment):
    notebook = _notebook(assignment)
    chapter = chapter_for(ROOT / "chapters", assignment)
    objectives = chapter_objectives(chapter)
    assessed: set[int] = set()
    for prompt in _prompts(notebook):
        numbers = prompt.metadata.get("crossing_borders", {}).get("objectives")
        assert numbers, f"{nbgrader_meta(prompt)['grade_id']} names no objective"
        assert all(1 <= n <= len(objectives) for n in numbers), numbers
        assessed |= set(numbers)
    missing = [objectives[n - 1] for n in range(1, len(objectives) + 1) if n not in assessed]
    assert not missing, f"objectives no question or reflection assesses: {missing}"


@each
def test_at_most_one_question_checks_the_reading_by_recall(assignment):
    kinds = [
        prompt.metadata["crossing_borders"].get("kind")
        for prompt in _prompts(_notebook(assignment))
        if nbgrader_meta(prompt)["grade_id"].removesuffix("_prompt")
        in {nbgrader_meta(c)["grade_id"] for c in autograded_cells(_notebook(assignment))}
    ]
    assert set(kinds) <= {"recall", "model"}, kinds
    assert kinds.count("recall") <= 1 and kinds.count("model") >= 1


def _constructs(code: str) -> set[str]:
    """The kinds of Python statement and expression a piece of code uses."""
    skip = {"Module", "Load", "Store", "alias", "arguments", "arg", "keyword"}
    names = {type(node).__name__ for node in ast.walk(ast.parse(code))}
    return names - skip


def test_the_python_primer_teaches_every_construct_the_answers_use():
    """An answer needs nothing the primer (appendix/python.md) does not show."""
    primer = jupytext.read(ROOT / "appendix" / "python.md")
    taught = set().union(*(_constructs(c.source) for c in primer.cells if c.cell_type == "code"))
    for assignment in ASSIGNMENTS:
        for cell in _notebook(assignment).cells:
            if cell.cell_type == "code" and nbgrader_meta(cell).get("solution"):
                extra = _constructs(_solution(cell)) - taught
                assert not extra, f"{nbgrader_meta(cell)['grade_id']} uses {sorted(extra)}"
