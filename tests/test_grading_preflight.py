"""Pre-flight: every refusal has a clear reason, every restoration is noted."""

from __future__ import annotations

import copy
import json
import os

import nbformat
import pytest

from crossing_borders.grading.preflight import (
    AssignmentSpec,
    CellSpec,
    NotebookSpec,
    check_notebook,
    check_submission,
    restore_metadata,
)


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
            "tests",
            grade=True,
            locked=True,
            points=2.0,
            source="assert f() == 1\n### BEGIN HIDDEN TESTS\nassert f() != 2\n### END HIDDEN TESTS",
        ),
        "essay": cell_spec("essay", "markdown", grade=True, solution=True, points=3.0),
    },
)


def release_source(spec: CellSpec) -> str:
    return spec.source.split("\n### BEGIN HIDDEN TESTS")[0]


def student_nb() -> dict:
    nbf = nbformat.v4
    cells = [nbf.new_markdown_cell("intro")]
    for gid, source in [
        ("setup", "X = 1"),
        ("answer", "def f():\n    return 1"),
        ("tests", "assert f() == 1"),
        ("essay", "My essay."),
    ]:
        s = SPEC.cells[gid]
        maker = nbf.new_code_cell if s.cell_type == "code" else nbf.new_markdown_cell
        cells.append(maker(source, metadata={"nbgrader": s.canonical_metadata()}))
    return json.loads(nbformat.writes(nbf.new_notebook(cells=cells)))


def check(nb) -> tuple[list[str], list[str]]:
    raw = nb if isinstance(nb, bytes) else json.dumps(nb).encode()
    verdict = check_notebook(raw, SPEC, release_source)
    return verdict.refusals, verdict.notes


def by_id(nb: dict, gid: str) -> dict:
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == gid)


def test_clean_notebook_passes_without_notes():
    refusals, notes = check(student_nb())
    assert refusals == [] and notes == []


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (b'{"cells": [', "not valid JSON"),
        (b"[1, 2]", "the JSON is not an object"),
        (b'{"nbformat": 3, "cells": []}', "nbformat 3 is not supported"),
        (
            b'{"nbformat": 4, "nbformat_minor": 5, "cells": 7, "metadata": {}}',
            "not a valid notebook",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
)
def test_unreadable_files_are_refused(raw, reason):
    refusals, _ = check(raw)
    assert len(refusals) == 1 and reason in refusals[0], refusals


def test_oversized_file_is_refused():
    verdict = check_notebook(json.dumps(student_nb()).encode(), SPEC, max_bytes=100)
    assert "over the limit" in verdict.refusals[0]


def mutate(fn):
    nb = student_nb()
    fn(nb)
    return check(nb)


def test_deleted_test_cell_is_refused():
    refusals, _ = mutate(lambda nb: nb["cells"].remove(by_id(nb, "tests")))
    assert refusals == ["hw.ipynb: test cell 'tests' is missing (deleted, renamed or emptied)"]


def test_deleted_read_only_cell_is_refused():
    refusals, _ = mutate(lambda nb: nb["cells"].remove(by_id(nb, "setup")))
    assert "read-only cell 'setup' is missing" in refusals[0]


def test_duplicated_grade_id_is_refused():
    def dup(nb):
        nb["cells"].append(copy.deepcopy(by_id(nb, "answer")))

    refusals, _ = mutate(dup)
    assert refusals == ["hw.ipynb: grade_id 'answer' is duplicated (cells 3 and 6)"]


def test_renamed_grade_id_is_refused():
    refusals, _ = mutate(
        lambda nb: by_id(nb, "tests")["metadata"]["nbgrader"].update(grade_id="t2")
    )
    assert "grade_id 't2' is not in the gradebook (renamed?)" in refusals[0]
    assert "test cell 'tests' is missing" in refusals[1]


def test_empty_grade_id_is_refused():
    refusals, _ = mutate(lambda nb: by_id(nb, "tests")["metadata"]["nbgrader"].update(grade_id=""))
    assert refusals[0] == "hw.ipynb cell 4: empty grade_id"


def test_empty_nbgrader_metadata_is_refused():
    def empty(nb):
        by_id(nb, "answer")["metadata"]["nbgrader"] = {}

    refusals, _ = mutate(empty)
    assert 'empty "nbgrader": {} metadata' in refusals[0]
    assert "answer cell 'answer' is missing" in refusals[1]


def test_non_object_nbgrader_metadata_is_refused():
    def bad(nb):
        by_id(nb, "answer")["metadata"]["nbgrader"] = "grade"

    refusals, _ = mutate(bad)
    assert "nbgrader metadata is not an object" in refusals[0]


def test_stray_unflagged_metadata_is_dropped_not_refused():
    def stray(nb):
        nb["cells"][0]["metadata"]["nbgrader"] = {
            "grade": False,
            "solution": False,
            "locked": False,
            "grade_id": "cell-123",
            "schema_version": 3,
        }

    refusals, notes = mutate(stray)
    assert refusals == [] and "unknown unflagged nbgrader id 'cell-123' dropped" in notes[0]


def test_edited_test_cell_is_restored():
    refusals, notes = mutate(lambda nb: by_id(nb, "tests").update(source="pass"))
    assert refusals == []
    assert notes == ["test cell 'tests' was edited: the original was restored"]


def test_visible_test_without_hidden_part_is_not_an_edit():
    refusals, notes = check(student_nb())
    assert refusals == [] and notes == []


def test_edited_read_only_cell_is_restored():
    refusals, notes = mutate(lambda nb: by_id(nb, "setup").update(source="X = 2"))
    assert refusals == [] and notes == [
        "read-only cell 'setup' was edited: the original was restored"
    ]


def test_test_cell_turned_into_markdown_is_restored():
    def to_md(nb):
        cell = by_id(nb, "tests")
        cell["cell_type"] = "markdown"
        del cell["outputs"], cell["execution_count"]

    refusals, notes = mutate(to_md)
    assert refusals == []
    assert notes == ["test cell 'tests' was turned into markdown: restored as code"]


def test_changed_points_are_restored():
    refusals, notes = mutate(
        lambda nb: by_id(nb, "tests")["metadata"]["nbgrader"].update(points=99)
    )
    assert refusals == [] and notes == ["test cell 'tests': points changed from 2 to 99: restored"]


def test_flipped_grade_flag_is_restored():
    refusals, notes = mutate(
        lambda nb: by_id(nb, "tests")["metadata"]["nbgrader"].update(grade=False)
    )
    assert refusals == []
    assert any("flags changed (grade=False)" in n for n in notes)


def test_restore_metadata_rewrites_from_the_gradebook():
    nb = student_nb()
    meta = by_id(nb, "tests")["metadata"]["nbgrader"]
    meta.update(points=99, grade=False, solution=True)
    nb["cells"][0]["metadata"]["nbgrader"] = {"grade_id": "stray", "grade": False}
    node = restore_metadata(nbformat.from_dict(nb), SPEC)
    assert dict(node.cells[3].metadata.nbgrader) == SPEC.cells["tests"].canonical_metadata()
    assert "nbgrader" not in node.cells[0].metadata


def write_submission(folder, files: dict[str, bytes]):
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


ASSIGNMENT = AssignmentSpec("a1", {"hw": SPEC})


def test_wrong_file_name_is_refused(tmp_path):
    folder = write_submission(tmp_path / "a1", {"hw-copy.ipynb": json.dumps(student_nb()).encode()})
    verdict = check_submission(folder, ASSIGNMENT, release_source)
    assert verdict.refusals == [
        "expected notebook hw.ipynb is missing (found instead: hw-copy.ipynb)"
    ]


def test_extra_notebook_is_ignored_with_a_note(tmp_path):
    data = json.dumps(student_nb()).encode()
    folder = write_submission(tmp_path / "a1", {"hw.ipynb": data, "scratch.ipynb": data})
    verdict = check_submission(folder, ASSIGNMENT, release_source)
    assert verdict.ok and "ignored notebooks not in the assignment: scratch.ipynb" in verdict.notes


def test_symlinked_notebook_is_refused(tmp_path):
    target = tmp_path / "elsewhere.ipynb"
    target.write_text(json.dumps(student_nb()))
    folder = write_submission(tmp_path / "a1", {})
    os.symlink(target, folder / "hw.ipynb")
    verdict = check_submission(folder, ASSIGNMENT, release_source)
    assert verdict.refusals == ["hw.ipynb: is a symbolic link"]


def test_good_submission_carries_the_parsed_notebook(tmp_path):
    folder = write_submission(tmp_path / "a1", {"hw.ipynb": json.dumps(student_nb()).encode()})
    verdict = check_submission(folder, ASSIGNMENT, release_source)
    assert verdict.ok and verdict.notebooks["hw"].nb.cells[2].source.startswith("def f")
