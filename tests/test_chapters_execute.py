"""Every chapter runs top to bottom in a plain kernel, as a student's copy would."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from reading import ROOT, load_manifest

from crossing_borders.buildtools import chapter_code, to_student_notebook
from crossing_borders.explorables import RENDER_MODE_ENV


@pytest.mark.parametrize("chapter", sorted(load_manifest().chapters))
def test_chapter_executes_live(chapter: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(RENDER_MODE_ENV, raising=False)
    notebook = to_student_notebook(ROOT / chapter)
    notebook.cells.append(nbformat.v4.new_code_cell(LOADED))
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    widget_views = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert widget_views, "the explorable should render as live widgets in a kernel"
    assert os.environ.get(RENDER_MODE_ENV) is None
    # The build re-executes chapters when this code changes, and only then.
    loaded = {Path(p) for p in json.loads(notebook.cells[-1].outputs[0]["text"])}
    assert loaded and loaded <= set(chapter_code()), loaded - set(chapter_code())


LOADED = """
import json, sys
print(json.dumps(sorted(
    m.__file__ for name, m in sys.modules.items()
    if name.split(".")[0] == "crossing_borders" and getattr(m, "__file__", None)
)))
"""
