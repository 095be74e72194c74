"""Which learning objective each exercise assesses, shown from the chapter's own list.

A chapter states its objectives once, as the bullet list under "Learning
objectives". An exercise's prompt cell names the ones it assesses by number in
its metadata (``crossing_borders.objectives: [2, 4]``), and `ShowObjectives`
writes their text under the prompt's heading when nbgrader generates the
student version. The objective's words therefore live in one place, the chapter,
and reach the notebook, the formgrader and the feedback from there.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode

HEADING = "Learning objectives"
#: A MyST role such as {term}`openness` or {ref}`text <label>`: keep the words shown.
_ROLE = re.compile(r"\{[a-z:-]+\}`([^`<]*?)\s*(?:<[^>]*>)?`")


def plain(text: str) -> str:
    """An objective as a reader sees it: roles reduced to their text."""
    return _ROLE.sub(r"\1", text).strip()


@cache
def chapter_objectives(chapter: Path) -> tuple[str, ...]:
    """The bullets under the chapter's "Learning objectives" heading, in order."""
    tokens = MarkdownIt().parse(chapter.read_text(encoding="utf-8"))
    found: list[str] = []
    inside = depth = 0
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            title = tokens[i + 1].content.strip()
            if inside and token.tag <= "h2":
                break
            inside = title == HEADING
        elif inside and token.type == "bullet_list_open":
            depth += 1
        elif inside and token.type == "bullet_list_close":
            depth -= 1
            if depth == 0:
                break
        elif inside and depth == 1 and token.type == "inline":
            found.append(plain(token.content))
    if not found:
        raise ValueError(f"{chapter}: no bullet list under a {HEADING!r} heading")
    return tuple(found)


def chapter_for(chapters: Path, assignment: str) -> Path:
    """The chapter an assignment belongs to: ch03-collaboration-... -> 03-collaboration-...md."""
    path = chapters / f"{assignment.removeprefix('ch')}.md"
    if not path.is_file():
        raise FileNotFoundError(f"assignment {assignment!r} has no chapter at {path}")
    return path


def objectives_line(objectives: tuple[str, ...], numbers: list[int], chapter: int) -> str:
    if not isinstance(numbers, list) or not all(
        isinstance(n, int) and 1 <= n <= len(objectives) for n in numbers
    ):
        raise ValueError(
            f"objectives {numbers!r}: chapter {chapter} has objectives 1 to {len(objectives)}"
        )
    chosen = [objectives[n - 1].rstrip(".") for n in numbers]
    label = "Objective" if len(chosen) == 1 else "Objectives"
    return f"*{label} assessed (chapter {chapter}): " + "; ".join(chosen) + ".*"


class ShowObjectives(Preprocessor):
    """Write the objectives a prompt assesses under its heading, from the chapter's list."""

    # nbconvert preprocessors are off unless enabled; this one is part of the course.
    enabled = Bool(True).tag(config=True)
    chapters = Unicode("chapters", help="the folder of the chapters' text").tag(config=True)

    def preprocess(self, nb, resources):
        prompts = [
            cell
            for cell in nb.cells
            if cell.cell_type == "markdown"
            and cell.metadata.get("crossing_borders", {}).get("objectives")
        ]
        if not prompts:
            return nb, resources
        assignment = resources.get("nbgrader", {}).get("assignment", "")
        chapter = chapter_for(Path(self.chapters), assignment)
        objectives = chapter_objectives(chapter)
        for cell in prompts:
            numbers = cell.metadata["crossing_borders"]["objectives"]
            line = objectives_line(objectives, numbers, int(chapter.name[:2]))
            if line in cell.source:
                continue  # generated twice: show it once
            heading, _, rest = cell.source.partition("\n")
            if heading.startswith("#"):
                cell.source = f"{heading}\n\n{line}\n{rest}"
            else:
                cell.source = f"{line}\n\n{cell.source}"
        return nb, resources
