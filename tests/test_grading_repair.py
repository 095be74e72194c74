"""Pre-flight: refuse only what cannot be graded; repair the rest, and say what was repaired."""

from __future__ import annotations

import copy
import json
import os

import nbformat
import pytest

from crossing_borders.autograde.repair import (
    AssignmentSpec,
    CellSpec,
    NotebookSpec,
    parse_notebook,
    repair_notebook,
    repair_submission,
)

HIDDEN = "\n### BEGIN HIDDEN TESTS\nassert f() != 2\n### END HIDDEN TESTS"


def cell_spec(gid, cell_type="code", **kw):
    base = dict(
        grade_id=gid,
        cell_type=cell_type,
        locked=False,
        grade=False,
        solution=False,
        task=False,
        points=None,
        source="",
        checksum=None,
    )
    base.update(kw)
    return CellSpec(**base)


SPEC = NotebookSpec(
    "hw",
    {
        "setup": cell_spec("setup", locked=True, source="X = 1"),
        "answer": cell_spec("answer", solution=True, source="# YOUR CODE HERE"),
        "tests": cell_spec(
            "tests", grade=True, locked=True, points=2.0, source="assert f() == 1" + HIDDEN
        ),
        "essay": cell_spec("essay", "markdown", grade=True, solution=True, points=3.0),
    },
)
RELEASED = {
    "setup": "X = 1",
    "answer": "# YOUR CODE HERE\nraise NotImplementedError()",
    "tests": "assert f() == 1",
    "essay": "YOUR ANSWER HERE",
}
ANSWERS = {"answer": "def f():\n    return 1", "essay": "My essay."}


def notebook(sources: dict[str, str]) -> dict:
    nbf = nbformat.v4
    cells = [nbf.new_markdown_cell("intro")]
    for gid, source in sources.items():
        s = SPEC.cells[gid]
        maker = nbf.new_code_cell if s.cell_type == "code" else nbf.new_markdown_cell
        cells.append(maker(source, metadata={"nbgrader": s.canonical_metadata()}))
    return json.loads(nbformat.writes(nbf.new_notebook(cells=cells)))


RELEASE = nbformat.reads(json.dumps(notebook(RELEASED)), as_version=4)


def student_nb() -> dict:
    return notebook({**RELEASED, **ANSWERS})


def by_id(nb, gid: str):
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == gid)


def repair(nb: dict):
    parsed = parse_notebook(json.dumps(nb).encode(), "hw.ipynb")
    return repair_notebook(parsed, SPEC, RELEASE)


def mutate(fn):
    nb = student_nb()
    fn(nb)
    return repair(nb)


def ids(nb) -> list[str | None]:
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]


def test_a_clean_notebook_needs_no_repair():
    nb, notes = repair(student_nb())
    assert notes == []
    assert ids(nb) == [None, "setup", "answer", "tests", "essay"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (b'{"cells": [', "not valid JSON"),
        (b"[1, 2]", "not a notebook"),
        (b'{"nbformat": 3, "cells": []}', "nbformat 3 is not supported"),
        (
            b'{"nbformat": 4, "nbformat_minor": 5, "cells": [7], "metadata": {}}',
            "not a valid notebook",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
)
def test_what_cannot_be_parsed_is_refused_with_the_reason(raw, reason):
    with pytest.raises(ValueError, match=reason):
        parse_notebook(raw, "hw.ipynb")


def test_stored_outputs_are_dropped_not_counted_against_the_limit():
    nb = student_nb()
    by_id(nb, "answer")["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": "x" * 5_000_000}
    ]
    parsed = parse_notebook(json.dumps(nb).encode(), "hw.ipynb", max_bytes=1_000_000)
    assert all(c.get("outputs") in (None, []) for c in parsed.cells)
    with pytest.raises(ValueError, match="without outputs, over the limit"):
        parse_notebook(json.dumps(nb).encode(), "hw.ipynb", max_bytes=100)


def test_a_deleted_test_cell_is_put_back_where_it_stood():
    nb, notes = mutate(lambda nb: nb["cells"].remove(by_id(nb, "tests")))
    assert ids(nb) == [None, "setup", "answer", "tests", "essay"]
    assert nb.cells[3].source == "assert f() == 1"
    assert notes == ["test cell 'tests' was missing: restored from the release"]


def test_a_deleted_answer_cell_comes_back_as_the_empty_answer_box():
    nb, notes = mutate(lambda nb: nb["cells"].remove(by_id(nb, "answer")))
    assert ids(nb) == [None, "setup", "answer", "tests", "essay"]
    assert "NotImplementedError" in nb.cells[2].source
    assert notes == [
        "answer cell 'answer' was missing: restored as the empty answer box from the release"
    ]


def test_a_duplicated_grade_id_keeps_the_first_and_restores_the_other():
    def dup(nb):
        by_id(nb, "tests")["metadata"]["nbgrader"]["grade_id"] = "setup"

    nb, notes = mutate(dup)
    assert "grade_id 'setup' is duplicated" in notes[0]
    assert ids(nb) == [None, "setup", "answer", None, "tests", "essay"]
    assert notes[1] == "test cell 'tests' was missing: restored from the release"


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        ({"grade_id": "t2", "grade": True, "locked": True, "points": 9}, "'t2' is not in the "),
        ({"grade_id": "", "grade": True}, "empty grade_id"),
        ({}, 'empty "nbgrader": {} metadata'),
        ("grade", "nbgrader metadata that is not an object"),
    ],
)
def test_an_unusable_label_is_dropped_and_the_cell_it_held_restored(metadata, reason):
    def relabel(nb):
        by_id(nb, "tests")["metadata"]["nbgrader"] = copy.deepcopy(metadata)

    nb, notes = mutate(relabel)
    assert reason in notes[0] and "kept as the student's own" in notes[0]
    assert ids(nb) == [None, "setup", "answer", None, "tests", "essay"]


def test_edits_to_read_only_and_test_cells_are_noted_for_nbgrader_to_restore():
    _, notes = mutate(lambda nb: by_id(nb, "tests").update(source="pass"))
    assert notes == ["test cell 'tests' was edited: the original was restored"]
    _, notes = mutate(lambda nb: by_id(nb, "setup").update(source="X = 2"))
    assert notes == ["read-only cell 'setup' was edited: the original was restored"]


def test_changed_points_and_flags_are_rewritten_from_the_gradebook():
    def cheat(nb):
        by_id(nb, "tests")["metadata"]["nbgrader"].update(points=99, grade=False)

    nb, notes = mutate(cheat)
    assert dict(nb.cells[3].metadata.nbgrader) == SPEC.cells["tests"].canonical_metadata()
    assert any("flags changed (grade=False)" in n for n in notes)
    assert any("points changed from 2 to 99" in n for n in notes)


def test_a_test_turned_into_markdown_is_noted():
    def to_md(nb):
        cell = by_id(nb, "tests")
        cell["cell_type"] = "markdown"
        del cell["outputs"], cell["execution_count"]

    _, notes = mutate(to_md)
    assert notes == ["test cell 'tests' was turned into markdown: restored as code"]


def write_submission(folder, files: dict[str, bytes]):
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


ASSIGNMENT = AssignmentSpec("a1", {"hw": SPEC})


@pytest.fixture
def release_dir(tmp_path):
    folder = tmp_path / "release"
    folder.mkdir()
    nbformat.write(RELEASE, folder / "hw.ipynb")
    return folder


def test_a_lone_notebook_under_another_name_is_graded_as_the_expected_one(tmp_path, release_dir):
    data = json.dumps(student_nb()).encode()
    folder = write_submission(tmp_path / "a1", {"hw (1).ipynb": data})
    out = repair_submission(folder, ASSIGNMENT, release_dir)
    assert out.ok and list(out.notebooks) == ["hw"]
    assert "graded hw (1).ipynb as hw.ipynb" in out.notes[0]


def test_two_stand_ins_are_refused(tmp_path, release_dir):
    data = json.dumps(student_nb()).encode()
    folder = write_submission(tmp_path / "a1", {"a.ipynb": data, "b.ipynb": data})
    out = repair_submission(folder, ASSIGNMENT, release_dir)
    assert out.refusals == [
        "expected notebook hw.ipynb is missing (found instead: a.ipynb, b.ipynb)"
    ]


def test_an_extra_notebook_is_ignored_with_a_note(tmp_path, release_dir):
    data = json.dumps(student_nb()).encode()
    folder = write_submission(tmp_path / "a1", {"hw.ipynb": data, "scratch.ipynb": data})
    out = repair_submission(folder, ASSIGNMENT, release_dir)
    assert out.ok and "ignored notebooks not in the assignment: scratch.ipynb" in out.notes


def test_a_symlinked_notebook_is_refused(tmp_path, release_dir):
    target = tmp_path / "elsewhere.ipynb"
    target.write_text(json.dumps(student_nb()))
    folder = write_submission(tmp_path / "a1", {})
    os.symlink(target, folder / "hw.ipynb")
    out = repair_submission(folder, ASSIGNMENT, release_dir)
    assert out.refusals == ["hw.ipynb: is a symbolic link"] and out.notebooks == {}


def test_an_unreadable_notebook_is_refused_with_its_reason(tmp_path, release_dir):
    folder = write_submission(tmp_path / "a1", {"hw.ipynb": b'{"cells": ['})
    out = repair_submission(folder, ASSIGNMENT, release_dir)
    assert len(out.refusals) == 1 and "hw.ipynb: not valid JSON" in out.refusals[0]
