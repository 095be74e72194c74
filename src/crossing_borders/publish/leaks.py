"""Leak scanner: no solution and no hidden test from `exercises/` may reach a student.

It gathers every protected line of the nbgrader sources (the lines between
BEGIN/END SOLUTION, the lines between BEGIN/END HIDDEN TESTS, and the whole text
of a solution cell without markers, such as a model reflection answer) and looks
for each in every readable file under the folders it is given: the built site,
the release folder, the feedback folder.

Lines that carry no secret are skipped: short ones (under `min_length`
characters once whitespace is collapsed), pure syntax (no letter or digit), code
that only sets a name to None (`limit = None`, the start of a search any student
may write), and
lines that also appear in student-visible text (the rest of the exercises, or
any `public` folder such as chapters/). Text is compared after the same
normalisation on both sides: HTML tags dropped and entities decoded, JSON string
escapes and ANSI colours removed, Sphinx's smart quotes and dashes folded back,
Markdown emphasis marks dropped, whitespace collapsed. A reflection answer is
split into sentences, so one copied sentence is found too.

Usage:  crossing-borders leaks [--source exercises] [FOLDER ...]
(default folders: _build/html release feedback). Exit status 0: no leak; 1: leaks
found; 2: nothing to check against.

A student who writes a correct answer writes, often word for word, a line of the
solution; their feedback then shows it back to them. That is their own work, not a
leak: a line found in `feedback/<student>/<assignment>/<notebook>.html` that also
stands in the answers of `submitted/<student>/<assignment>/<notebook>.ipynb` (under
`--course-root`) is not reported.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

DEFAULT_TARGETS = ("_build/html", "release", "feedback")
MIN_LENGTH = 12
MAX_FILE_BYTES = 50_000_000
MARKERS = {
    "solution": ("BEGIN SOLUTION", "END SOLUTION"),
    "hidden test": ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
}

_TAG = re.compile(r"<[^>]*>")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_BLOCK_MARKER = re.compile(r"^(?:[-+]|\d+[.)]|#+|>)\s+")
_FOLD = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "*": None,
        "_": None,
        "`": None,
    }
)


@dataclass(frozen=True)
class Secret:
    """One protected line (`text` normalised for matching, `line` as written) and its origin."""

    text: str
    origin: str
    line: str = ""


@dataclass(frozen=True)
class Leak:
    """A protected line found in a file a student can see."""

    path: Path
    secret: Secret

    def __str__(self) -> str:
        line = self.secret.line or self.secret.text
        shown = line if len(line) <= 80 else line[:77] + "..."
        return f"{self.path}: {self.secret.origin}: {shown!r}"


def normalise(text: str) -> str:
    """Fold the differences a build introduces, so a copied line still matches."""
    text = html.unescape(_ANSI.sub("", text)).translate(_FOLD)
    text = re.sub(r"-{2,}", "-", text)
    return _SPACE.sub(" ", text).strip()


def _regions(source: str, begin: str, end: str) -> tuple[list[str], list[str]]:
    """Split a cell's lines into (inside the marked regions, outside), markers dropped."""
    inside, outside, within = [], [], False
    for line in source.split("\n"):
        if begin in line:
            within = True
        elif end in line:
            within = False
        elif within:
            inside.append(line)
        else:
            outside.append(line)
    return inside, outside


def _cell_parts(cell: nbformat.NotebookNode) -> Iterator[tuple[str, str]]:
    """(kind, text) for each line of a source cell: kind is a MARKERS key or 'public'."""
    meta = cell.metadata.get("nbgrader", {})
    rest = cell.source
    found_marker = False
    for kind, (begin, end) in MARKERS.items():
        if begin in rest:
            found_marker = True
            inside, outside = _regions(rest, begin, end)
            for line in inside:
                yield kind, line
            rest = "\n".join(outside)
    if meta.get("solution") and not found_marker:
        # nbgrader replaces a solution cell without markers as a whole.
        for line in rest.split("\n"):
            yield "solution", line
        return
    for line in rest.split("\n"):
        yield "public", line


def _pieces(line: str, markdown: bool) -> list[str]:
    text = normalise(line)
    if not markdown:
        return [text]
    # Rendered Markdown keeps the words, not the list, heading or quote markers.
    text = _BLOCK_MARKER.sub("", text)
    return [p for p in _SENTENCE.split(text) if p]


def _paragraphs(lines: list[str]) -> list[str]:
    """Markdown lines joined into the paragraphs and list items a page renders.

    A sentence wrapped over two source lines is one sentence on the page; matching
    line by line would look for fragments ("authenticity.") that any page contains.
    """
    blocks: list[list[str]] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            blocks.append([])
        elif _BLOCK_MARKER.match(stripped) or not blocks:
            blocks.append([stripped])
        else:
            blocks[-1].append(stripped)
    return [" ".join(block) for block in blocks if block]


def _worth_checking(text: str, min_length: int) -> bool:
    return len(text) >= min_length and any(ch.isalnum() for ch in text)


def _sets_none(line: str) -> bool:
    """Whether a code line only binds names to None, which reveals nothing."""
    try:
        tree = ast.parse(line.strip())
    except SyntaxError:
        return False
    return (
        len(tree.body) == 1
        and isinstance(tree.body[0], ast.Assign)
        and isinstance(tree.body[0].value, ast.Constant)
        and tree.body[0].value.value is None
    )


def source_notebooks(source_dir: Path) -> list[Path]:
    return sorted(
        p for p in Path(source_dir).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def protected_lines(
    source_dir: Path | str,
    min_length: int = MIN_LENGTH,
    public: Iterable[Path | str] = (),
) -> list[Secret]:
    """Every non-trivial solution and hidden-test line of the nbgrader sources."""
    source_dir = Path(source_dir)
    candidates: dict[str, Secret] = {}
    public_text: list[str] = []
    for path in source_notebooks(source_dir):
        notebook = nbformat.read(path, as_version=4)
        rel = path.relative_to(source_dir)
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {cell.get('id')}")
            markdown = cell.cell_type == "markdown"
            parts: dict[str, list[str]] = {}
            for kind, line in _cell_parts(cell):
                if kind == "public":
                    public_text.append(normalise(line))
                else:
                    parts.setdefault(kind, []).append(line)
            for kind, lines in parts.items():
                for line in _paragraphs(lines) if markdown else lines:
                    if not markdown and _sets_none(line):
                        continue
                    for piece in _pieces(line, markdown):
                        if _worth_checking(piece, min_length) and piece not in candidates:
                            origin = f"{rel} [{grade_id}] {kind}"
                            candidates[piece] = Secret(piece, origin, line.strip())
    for folder in public:
        public_text.extend(text for _, text in _readable_texts([Path(folder)]))
    corpus = "\n".join(public_text)
    return [secret for text, secret in candidates.items() if text not in corpus]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _views(raw: str, suffix: str) -> list[str]:
    """The text of a file as a student could read it, in a few renderings."""
    texts = [raw]
    if suffix in {".ipynb", ".json"}:
        with contextlib.suppress(ValueError):
            texts = ["\n".join(_strings(json.loads(raw)))]
    else:
        # JSON embedded in HTML or JavaScript (search indexes, widget state, ...)
        texts.append(raw.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\"))
    texts += [_TAG.sub("", t) for t in list(texts) if "<" in t]
    return [normalise(t) for t in texts]


def _readable_texts(folders: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    for folder in folders:
        files = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in files:
            if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
                continue
            try:
                raw = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue  # images, fonts, databases: nothing a line of code can hide in
            yield path, "\n".join(_views(raw, path.suffix.lower()))


#: For a file a student can see, the normalised text of what that student wrote
#: (their own answers), or "" when the file is not theirs alone.
OwnWork = Callable[[Path], str]


def no_own_work(path: Path) -> str:
    return ""


def answers_text(notebook: Path) -> str:
    """The normalised text of the answer cells of a student's notebook."""
    try:
        nb = nbformat.read(notebook, as_version=4)
    except (OSError, ValueError):
        return ""
    answers = [c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    return "\n".join(normalise(line) for text in answers for line in text.split("\n"))


def course_own_work(course_root: Path) -> OwnWork:
    """Own work in nbgrader's layout: feedback/<student>/<assignment>/<nb>.html is made
    from submitted/<student>/<assignment>/<nb>.ipynb."""
    feedback = (Path(course_root) / "feedback").resolve()
    submitted = (Path(course_root) / "submitted").resolve()

    def own(path: Path) -> str:
        path = path.resolve()
        if not path.is_relative_to(feedback) or len(path.relative_to(feedback).parts) != 3:
            return ""
        student, assignment, name = path.relative_to(feedback).parts
        return answers_text(submitted / student / assignment / (Path(name).stem + ".ipynb"))

    return own


def scan(
    targets: Iterable[Path | str],
    source_dir: Path | str = "exercises",
    min_length: int = MIN_LENGTH,
    public: Iterable[Path | str] = (),
    secrets: list[Secret] | None = None,
    own_work: OwnWork = no_own_work,
) -> list[Leak]:
    """Every protected line of `source_dir` found in a file under `targets`."""
    if secrets is None:
        secrets = protected_lines(source_dir, min_length, public)
    return _search([Path(t) for t in targets if Path(t).exists()], secrets, own_work)[0]


def _search(
    folders: list[Path], secrets: list[Secret], own_work: OwnWork = no_own_work
) -> tuple[list[Leak], int]:
    leaks, files = [], 0
    for path, text in _readable_texts(folders):
        files += 1
        found = [s for s in secrets if s.text in text]
        if found:
            own = own_work(path)
            leaks += [Leak(path, s) for s in found if not (own and s.text in own)]
    return leaks, files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="crossing-borders leaks",
        description="Check that no solution or hidden test of the exercises reaches students.",
    )
    parser.add_argument("targets", nargs="*", default=list(DEFAULT_TARGETS), help="folders")
    parser.add_argument("--source", default="exercises", help="nbgrader source folder")
    parser.add_argument(
        "--public",
        action="append",
        default=None,
        help="folder of student-visible text whose lines are no secret (default: chapters)",
    )
    parser.add_argument("--min-length", type=int, default=MIN_LENGTH)
    parser.add_argument(
        "--course-root",
        type=Path,
        default=Path("."),
        help="where submitted/ is, to tell a student's own answers from leaks (default: .)",
    )
    args = parser.parse_args(argv)
    public = args.public if args.public is not None else ["chapters"]
    public = [p for p in public if Path(p).exists()]
    secrets = protected_lines(args.source, args.min_length, public)
    if not secrets:
        print(f"leaks: no protected lines found under {args.source}/; nothing to check")
        return 2
    checked = [t for t in args.targets if Path(t).exists()]
    for missing in sorted(set(args.targets) - set(checked)):
        print(f"leaks: {missing} does not exist; skipped")
    leaks, files = _search([Path(t) for t in checked], secrets, course_own_work(args.course_root))
    for leak in leaks:
        print(f"LEAK {leak}")
    print(
        f"leaks: {len(secrets)} protected lines from {args.source}/ checked against "
        f"{files} files in {', '.join(checked) or 'no folder'}: {len(leaks)} leak(s)"
    )
    return 1 if leaks else 0
