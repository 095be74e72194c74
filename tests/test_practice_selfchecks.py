"""Self-checks as authors declare them: parsing, refusals, and the chapters' own checks."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest
from exercise_course import ASSIGNMENTS, source_path

from crossing_borders.models import policy_lab as lab
from crossing_borders.models.coproduction import coproduction
from crossing_borders.models.openness_map import openness_map
from crossing_borders.models.policy_lab import policy_lab_split
from crossing_borders.models.reception import reception
from crossing_borders.models.skill_transfer import skill_transfer
from crossing_borders.models.team_mix import team_mix
from crossing_borders.practice.declarations import (
    KINDS,
    SelfCheck,
    SelfCheckError,
    declared_in,
    parse_selfcheck,
)
from crossing_borders.practice.progress import chapter_drafts

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]-*.md"))

SINGLE = """
question: Which one?
options:
  - text: This
    right: true
    why: Because.
  - text: That
    why: Not that.
"""


def chapter_checks() -> dict[str, list[SelfCheck]]:
    return {p.stem: declared_in(p.read_text(encoding="utf-8"), p.name) for p in CHAPTERS}


def test_a_single_choice_check_reads_its_options_and_which_is_right() -> None:
    check = parse_selfcheck("pick-one", "single", SINGLE, "ch.md")
    assert [(o.text, o.right, o.why) for o in check.options] == [
        ("This", True, "Because."),
        ("That", False, "Not that."),
    ]


def test_a_number_check_takes_its_answer_from_the_named_fact() -> None:
    body = """
question: Where does net benefit peak?
answer: team_mix_peak_share
tolerance: 1
decimals: 0
unit: "%"
explanation: Why it is right.
hint: Where to look.
"""
    check = parse_selfcheck("peak", "number", body, "ch.md")
    assert check.answer == pytest.approx(100 * team_mix(0.3, 3, 0.5).best_share)
    assert (check.tolerance, check.unit, check.shown_answer) == (1.0, "%", "19")


@pytest.mark.parametrize(
    ("kind", "body", "problem"),
    [
        ("single", SINGLE.replace("right: true", "right: false"), "no option is marked"),
        ("matching", SINGLE, "unknown kind 'matching'"),
        (
            "number",
            "question: Q?\nanswer: team_mix_peak_share\nexplanation: E.\nhint: H.\n",
            "tolerance",
        ),
        (
            "number",
            "question: Q?\nanswer: made_up\ntolerance: 1\nexplanation: E.\nhint: H.\n",
            "made_up",
        ),
        (
            "number",
            "question: Q?\nanswer: at_start\ntolerance: 1\nexplanation: E.\nhint: H.\n",
            "no arguments",
        ),
        (
            "single",
            SINGLE.replace("why: Not that.", "right: true\n    why: Not that."),
            "exactly one",
        ),
        ("order", "question: Q?\nitems: [a, b]\nexplanation: E.\nhint: H.\n", "at least three"),
        ("single", "question: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_bad_declaration_is_refused_naming_the_file_and_the_check(kind, body, problem) -> None:
    with pytest.raises(SelfCheckError) as refused:
        parse_selfcheck("the-check", kind, body, "chapters/07-x.md:12")
    message = str(refused.value)
    assert message.startswith("chapters/07-x.md:12: self-check 'the-check': ")
    assert problem in message


def test_a_repeated_id_on_one_page_is_refused() -> None:
    block = "```{selfcheck} twice\n:kind: single\n" + SINGLE.lstrip() + "```\n\n"
    with pytest.raises(
        SelfCheckError, match=r"page\.md: self-check 'twice': this id is used twice"
    ):
        declared_in(block + block, "page.md")


def _sphinx(tmp_path: Path, pages: dict[str, str]) -> subprocess.CompletedProcess:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["myst_parser", "crossing_borders.practice.selfchecks"]\n'
        'myst_enable_extensions = ["colon_fence"]\n'
    )
    (source / "index.md").write_text(
        "# Index\n\n```{toctree}\n"
        + "\n".join(p for p in pages if p != "index")
        + "\n```\n"
        + pages.get("index", "")
    )
    for name, text in pages.items():
        if name != "index":
            (source / f"{name}.md").write_text(text)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(source),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )


def test_the_build_fails_on_a_bad_declaration_and_names_the_file_and_check(tmp_path: Path) -> None:
    bad = (
        "# Bad\n\n```{selfcheck} no-right\n:kind: single\n"
        + SINGLE.replace("right: true", "right: false").lstrip()
        + "```\n"
    )
    proc = _sphinx(tmp_path, {"bad": bad})
    assert proc.returncode != 0
    assert "bad.md" in proc.stderr and "self-check 'no-right': no option is marked" in proc.stderr


def test_the_build_renders_a_form_and_adds_the_script_only_where_checks_are(tmp_path: Path) -> None:
    good = "# Good\n\n```{selfcheck} pick-one\n:kind: single\n" + SINGLE.lstrip() + "```\n"
    proc = _sphinx(tmp_path, {"good": good, "plain": "# Plain\n\nNo checks here.\n"})
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "out" / "good.html").read_text()
    assert re.search(r'<fieldset><legend>Which one\?</legend>.*type="radio"', page)
    assert 'role="status" aria-live="polite"' in page
    assert 'data-page="good"' in page and 'data-selfcheck="pick-one"' in page
    assert "selfcheck.js" in page and "practice.css" in page
    plain = (tmp_path / "out" / "plain.html").read_text()
    assert "selfcheck.js" not in plain and "practice.css" not in plain
    assert (tmp_path / "out" / "_static" / "selfcheck.js").is_file()


def test_every_chapter_has_three_to_six_checks_one_using_the_model_and_every_kind_is_used() -> None:
    checks = chapter_checks()
    assert len(checks) == 6
    for chapter, declared in checks.items():
        assert 3 <= len(declared) <= 6, chapter
        assert any(c.kind == "number" for c in declared), f"{chapter}: no check reads the model"
    assert set(Counter(c.kind for cs in checks.values() for c in cs)) == set(KINDS)


#: Each numeric check's value, computed here from the model at the explorable's start.
MODEL_VALUES = {
    "peak-share": lambda: 100 * team_mix(0.3, 3, 0.5).best_share,
    "kept-skill": lambda: skill_transfer(0.2, 6, 3, 0.0).kept_skill,
    "bilateral-ceiling": lambda: 100 * max(coproduction(0.9, 0.0, 0.5).limits),
    "budget-multiple": lambda: coproduction(0.7, 0.0, 0.7).budget_multiple,
    "international-peak": lambda: 100 * reception(0.5, 0.5, 0.5).best_international,
    "distinctiveness-change": lambda: policy_lab_split(0.6, 0.5, 0.5).changes[4],
    "balanced-health": lambda: openness_map(0.5, 0.5, 10, 0.5).presets["balanced"][2],
}


def test_numeric_answers_are_the_models_values_and_their_shown_figure_passes() -> None:
    numbers = {c.check_id: c for cs in chapter_checks().values() for c in cs if c.kind == "number"}
    assert set(numbers) == set(MODEL_VALUES)
    for check_id, value in MODEL_VALUES.items():
        check = numbers[check_id]
        assert check.answer == pytest.approx(value()), check_id
        # A reader who types the figure the page shows is judged right.
        assert abs(float(check.shown_answer) - check.answer) <= check.tolerance, check_id


def test_the_programme_order_is_the_models_order_of_speeds() -> None:
    check = next(c for c in chapter_checks()["05-stewardship-and-policy"] if c.kind == "order")
    key = dict(zip(lab.PROGRAMMES, lab.SPEED, strict=True))
    speeds = [lab.SPEED[key[item]] for item in check.items]
    assert speeds == sorted(speeds, reverse=True) and len(set(speeds)) == len(speeds)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_no_self_check_repeats_a_graded_exercise_prompt() -> None:
    prompts: set[tuple[str, ...]] = set()
    for assignment in ASSIGNMENTS:
        notebook = nbformat.read(source_path(assignment), as_version=4)
        for cell in notebook.cells:
            prompts |= _shingles(cell.source)
    assert prompts
    for chapter, checks in chapter_checks().items():
        for check in checks:
            texts = [check.question, *(o.text for o in check.options), *check.items]
            shared = set().union(*map(_shingles, texts)) & prompts
            assert not shared, f"{chapter} {check.check_id} repeats an exercise: {shared}"


def test_each_chapter_counts_the_reflections_of_its_exercise() -> None:
    assert chapter_drafts(ROOT, "chapters/01-talent-on-the-move") == [
        "draft/ch01-talent-on-the-move/crew_advice"
    ]
    assert chapter_drafts(ROOT, "chapters/03-collaboration-and-governance") == [
        "draft/ch03-collaboration-and-governance/school_mentors",
        "draft/ch03-collaboration-and-governance/fair_deal",
    ]
