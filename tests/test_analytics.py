"""Grade analytics: a class graded in a gradebook built with nbgrader's API, and its report.

The class takes the real ch01 assignment's graded cells (three autograded tests
and the reflection crew_advice with its rubric). Every number the report prints
is recomputed here straight from the gradebook and the markings with numpy,
never with the analytics' own functions.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import numpy as np
import pytest
from conftest import venv_path

from crossing_borders import cli
from crossing_borders.analytics import stats
from crossing_borders.analytics.summary import summarise

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "ch01-talent-on-the-move"
SOURCE = ROOT / "exercises" / ASSIGNMENT / "ch01.ipynb"
NOTEBOOK = "ch01"
HOSTILE = "<script>x</script>"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "demo"
c.CourseDirectory.root = {root!r}
c.CourseDirectory.source_directory = "exercises"
c.ExportApp.plugin_class = "crossing_borders.course.export.CourseExport"
"""

# Auto scores per test cell (each worth 3) for the students with a graded submission.
AUTO = {
    "amara": (3, 3, 3),
    "bo": (3, 2, 3),
    "chen": (0, 1, 0),
    "dara": (3, 3, 2),
    "eli": (2, 2, 3),
    "fatou": (3, 0, 1),
    "gus": (1, 1, 1),
    "hana": (3, 3, 3),
    "ines": (2, 3, 2),
    "jo": (0, 0, 1),
    "kofi": (3, 1, 2),
    "lena": (2, 2, 2),
    HOSTILE: (1, 2, 0),
}
# Reflection levels per criterion (Reasoning, Counter-argument, Reading, Model).
LEVELS = {
    "amara": ("Strong", "Strong", "Strong", "Strong"),
    "bo": ("Adequate", "Strong", "Adequate", "Strong"),
    "chen": ("Developing", "Missing", "Missing", "Adequate"),
    "dara": ("Strong", "Adequate", "Strong", "Adequate"),
    "eli": ("Adequate", "Adequate", "Adequate", "Adequate"),
    "fatou": ("Developing", "Adequate", "Missing", "Missing"),
    "gus": ("Missing", "Missing", "Adequate", "Missing"),
    "hana": ("Strong", "Strong", "Adequate", "Strong"),
    "ines": ("Adequate", "Strong", "Strong", "Adequate"),
    "jo": ("Developing", "Missing", "Missing", "Missing"),
    "kofi": ("Strong", "Adequate", "Adequate", "Adequate"),
    "lena": ("Adequate", "Adequate", "Strong", "Missing"),
    HOSTILE: ("Developing", "Adequate", "Adequate", "Adequate"),
}
# A second grader's independent marking of five answers (saved first: the first
# grader's marking, saved after, is the grade).
SECOND = {
    "amara": ("Strong", "Strong", "Adequate", "Strong"),
    "bo": ("Adequate", "Strong", "Adequate", "Strong"),
    "chen": ("Missing", "Missing", "Missing", "Adequate"),
    "eli": ("Strong", "Adequate", "Adequate", "Missing"),
    "gus": ("Missing", "Missing", "Adequate", "Missing"),
}
WAITING = "mo"  # autograded, reflection not marked yet
LATE = HOSTILE
REFUSED = "nia"
MISSING = "omar"
DUE = datetime(2027, 2, 1, 17, 0)


@pytest.fixture(autouse=True)
def venv_on_path(monkeypatch):
    monkeypatch.setenv("PATH", venv_path())


def graded_cells() -> tuple[list[tuple[str, float]], str, float]:
    """(test cells with points, the reflection, its points) as the real notebook has them."""
    nb = nbformat.read(SOURCE, as_version=4)
    tests, reflections = [], []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade"):
            continue
        if cell.cell_type == "code" and not meta.get("solution"):
            tests.append((meta["grade_id"], float(meta["points"])))
        elif cell.cell_type == "markdown" and meta.get("solution"):
            reflections.append((meta["grade_id"], float(meta["points"])))
    assert len(tests) == 3 and len(reflections) == 1
    return tests, *reflections[0]


def make_root(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "exercises" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(SOURCE, root / "exercises" / ASSIGNMENT / "ch01.ipynb")
    (root / "nbgrader_config.py").write_text(CONFIG.format(root=str(root)))
    return root


def add_assignment(gb) -> None:
    tests, reflection, points = graded_cells()
    gb.update_or_create_assignment(ASSIGNMENT, duedate=DUE)
    gb.update_or_create_notebook(NOTEBOOK, ASSIGNMENT)
    for name, pts in tests:
        gb.update_or_create_grade_cell(name, NOTEBOOK, ASSIGNMENT, max_score=pts, cell_type="code")
    gb.update_or_create_grade_cell(
        reflection, NOTEBOOK, ASSIGNMENT, max_score=points, cell_type="markdown"
    )
    gb.update_or_create_solution_cell(reflection, NOTEBOOK, ASSIGNMENT)


def submit(gb, student: str, auto: tuple[int, ...], late: bool = False) -> None:
    tests, reflection, _ = graded_cells()
    gb.update_or_create_student(student)
    when = DUE + (timedelta(hours=30) if late else -timedelta(hours=2))
    gb.add_submission(ASSIGNMENT, student, timestamp=when)
    for (name, _), score in zip(tests, auto, strict=True):
        grade = gb.find_grade(name, NOTEBOOK, ASSIGNMENT, student)
        grade.auto_score = float(score)
        grade.needs_manual_grade = False
    grade = gb.find_grade(reflection, NOTEBOOK, ASSIGNMENT, student)
    grade.needs_manual_grade = True
    gb.db.commit()


def rubric():
    from crossing_borders.course.reflections import reflections

    nb = nbformat.read(SOURCE, as_version=4)
    (found,) = reflections(nb, ASSIGNMENT)
    return found.rubric


def mark(gb, student: str, grader: str, levels: tuple[str, ...], when: datetime) -> None:
    from crossing_borders.marking.store import CellKey, Marking, marks_for, save

    r = rubric()
    _, reflection, _ = graded_cells()
    chosen = {c.name: level for c, level in zip(r.criteria, levels, strict=True)}
    comments = {r.criteria[0].name: f"Comment for {student} & co <b>"}
    key = CellKey(ASSIGNMENT, NOTEBOOK, reflection, student)
    save(gb, Marking(key, grader, marks_for(r, chosen, comments), saved_at=when), r)


def refuse(root: Path, student: str) -> None:
    from crossing_borders.autograde.report import StatusStore

    store = StatusStore(root / "grade-runs")
    store.folder.mkdir(parents=True)
    store.path(ASSIGNMENT).write_text(
        json.dumps({student: {"status": "refused", "reason": "no notebook was handed in"}})
    )


def db_url(root: Path) -> str:
    return f"sqlite:///{root / 'gradebook.db'}"


@pytest.fixture(scope="module")
def class_gradebook(tmp_path_factory) -> Path:
    """The class's gradebook, graded and marked by two graders, made once; each test
    gets a copy in its own course folder."""
    from nbgrader.api import Gradebook

    folder = tmp_path_factory.mktemp("analytics-gradebook")
    start = datetime(2027, 2, 3, 9, 0, tzinfo=UTC)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", venv_path())
        with Gradebook(db_url(folder)) as gb:
            add_assignment(gb)
            for student, auto in AUTO.items():
                submit(gb, student, auto, late=student == LATE)
            submit(gb, WAITING, (2, 2, 2))
            gb.update_or_create_student(MISSING)
            for i, (student, levels) in enumerate(SECOND.items()):
                mark(gb, student, "grader-b", levels, start + timedelta(minutes=i))
            for i, (student, levels) in enumerate(LEVELS.items()):
                mark(gb, student, "grader-a", levels, start + timedelta(hours=1, minutes=i))
    return folder / "gradebook.db"


@pytest.fixture
def graded_class(tmp_path, class_gradebook: Path) -> Path:
    root = make_root(tmp_path)
    shutil.copy(class_gradebook, root / "gradebook.db")
    refuse(root, REFUSED)
    return root


def run(root: Path, *args: str) -> int:
    return cli.main(["analytics", *args, "--course-root", str(root)])


# --- A direct computation from the gradebook -------------------------------------------


def direct(root: Path) -> dict:
    """Each student's cell scores and the numbers the report should show, with numpy."""
    from nbgrader.api import Gradebook

    from crossing_borders.marking.store import by_grader

    tests, reflection, _ = graded_cells()
    names = [n for n, _ in tests] + [reflection]
    with Gradebook(db_url(root)) as gb:
        maxes = {n: gb.find_grade_cell(n, NOTEBOOK, ASSIGNMENT).max_score for n in names}
        scores = {}
        for sub in gb.assignment_submissions(ASSIGNMENT):
            grades = {g.name: g for g in sub.notebooks[0].grades}
            scores[sub.student.id] = {
                n: (None if grades[n].needs_manual_grade else float(grades[n].score)) for n in names
            }
        pairs = [
            (by["grader-a"], by["grader-b"])
            for by in by_grader(gb, ASSIGNMENT).values()
            if {"grader-a", "grader-b"} <= set(by)
        ]
    complete = {s: v for s, v in scores.items() if None not in v.values()}
    out = {"difficulty": {}, "discrimination": {}}
    for n in names:
        answered = np.array([v[n] for v in scores.values() if v[n] is not None])
        out["difficulty"][n] = float(np.mean(answered / maxes[n]))
        q = np.array([v[n] for v in complete.values()])
        rest = np.array([sum(v.values()) for v in complete.values()]) - q
        out["discrimination"][n] = float(np.corrcoef(q, rest)[0, 1])
    totals = np.array([sum(v.values()) for v in complete.values()])
    out["totals"] = totals
    out["pairs"] = pairs
    return out


def quadratic_kappa(a: list[int], b: list[int], k: int) -> float:
    """Cohen's weighted kappa from its definition, written out independently."""
    n = len(a)
    observed = np.zeros((k, k))
    for x, y in zip(a, b, strict=True):
        observed[x, y] += 1 / n
    rows, cols = observed.sum(1), observed.sum(0)
    num = sum((i - j) ** 2 * observed[i, j] for i in range(k) for j in range(k))
    den = sum((i - j) ** 2 * rows[i] * cols[j] for i in range(k) for j in range(k))
    return 1 - num / den


class Page(HTMLParser):
    """The parts of a page the checks need: images, headings, stat cells, links."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict] = []
        self.headings: list[int] = []
        self.stats: list[tuple[str, str]] = []
        self.attrs_seen: list[dict] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attrs_seen.append(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "img":
            self.images.append(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


# --- The report ------------------------------------------------------------------


def test_report_numbers_match_a_direct_computation(graded_class, capsys):
    root = graded_class
    assert run(root, ASSIGNMENT) == 0
    page_path = root / "analytics" / ASSIGNMENT / "index.html"
    assert capsys.readouterr().out.strip() == str(page_path)
    summary = json.loads((page_path.parent / "summary.json").read_text())
    expect = direct(root)
    _, reflection, points = graded_cells()

    # Status counts agree with the export rows' rules.
    assert summary["status"] == {
        "graded": len(AUTO),
        "needs_manual": 1,
        "refused": 1,
        "failed": 0,
        "missing": 1,
        "late": 1,
    }
    assert [w["student"] for w in summary["late"]] == [LATE]
    assert summary["late"][0]["hours_late"] == pytest.approx(30.0)

    # Totals: graded students (late policy "none" here, so score = raw total).
    totals = summary["totals"]
    assert totals["n"] == len(AUTO) == len(expect["totals"])
    assert totals["mean"] == pytest.approx(float(np.mean(expect["totals"])))
    assert totals["median"] == pytest.approx(float(np.median(expect["totals"])))
    assert totals["sd"] == pytest.approx(float(np.std(expect["totals"], ddof=1)))
    assert sorted(totals["values"]) == sorted(expect["totals"].tolist())

    by_cell = {q["cell"]: q for q in summary["questions"]}
    assert set(by_cell) == set(expect["difficulty"])
    for cell, value in expect["difficulty"].items():
        assert by_cell[cell]["difficulty"] == pytest.approx(value), cell
        assert by_cell[cell]["discrimination"] == pytest.approx(expect["discrimination"][cell]), (
            cell
        )
    # The waiting student's autograded cells count for difficulty, not their reflection.
    assert by_cell[reflection]["n"] == len(AUTO)
    assert by_cell["no_support_limit"]["n"] == len(AUTO) + 1
    assert by_cell[reflection]["kind"] == "manual"

    # Criterion levels: counts of the current (grader-a) markings.
    (levels,) = summary["rubrics"]
    assert levels["n"] == len(LEVELS)
    r = rubric()
    for i, criterion in enumerate(levels["criteria"]):
        assert criterion["criterion"] == r.criteria[i].name
        counted = {lv["label"]: lv["count"] for lv in criterion["levels"]}
        for label in counted:
            assert counted[label] == sum(v[i] == label for v in LEVELS.values())

    # Agreement of grader-a and grader-b on the five double-marked answers.
    (pair,) = summary["agreement"]
    assert pair["graders"] == ["grader-a", "grader-b"] and pair["n"] == len(SECOND)
    a_tot = np.array([a.total for a, _ in expect["pairs"]])
    b_tot = np.array([b.total for _, b in expect["pairs"]])
    assert pair["exact_total"] == pytest.approx(float(np.mean(a_tot == b_tot)))
    assert pair["mean_abs_difference"] == pytest.approx(float(np.mean(np.abs(a_tot - b_tot))))
    assert pair["kappa_total"] == pytest.approx(
        quadratic_kappa(a_tot.astype(int).tolist(), b_tot.astype(int).tolist(), int(points) + 1)
    )
    for i, crit in enumerate(pair["criteria"]):
        c = r.criteria[i]
        index = {lv.label: j for j, lv in enumerate(c.levels)}
        a = [index[LEVELS[s][i]] for s in SECOND]
        b = [index[SECOND[s][i]] for s in SECOND]
        assert crit["exact"] == pytest.approx(np.mean(np.array(a) == np.array(b)))
        assert crit["kappa"] == pytest.approx(quadratic_kappa(a, b, len(c.levels)))

    # The page shows the same numbers as the JSON.
    html = page_path.read_text(encoding="utf-8")
    q = by_cell["no_support_limit"]
    row = re.search(r'<tr data-question="ch01/no_support_limit">.*?</tr>', html, re.S)[0]
    assert f'data-stat="difficulty" data-value="{q["difficulty"]!r}"' in row
    assert f">{q['difficulty']:.2f}<" in row
    assert f'data-stat="mean" data-value="{totals["mean"]!r}"' in html


def test_report_is_offline_accessible_and_escaped(graded_class):
    root = graded_class
    assert run(root, ASSIGNMENT) == 0
    assert run(root) == 0  # the course page, linking to the report
    folder = root / "analytics" / ASSIGNMENT
    pngs = sorted(folder.glob("*.png"))
    assert {p.name for p in pngs} == {"totals.png", "questions.png", "rubric-1.png"}
    for png in pngs:
        assert png.read_bytes()[:8] == PNG_MAGIC
    for path in (folder / "index.html", root / "analytics" / "index.html"):
        html = path.read_text(encoding="utf-8")
        page = read_page(path)
        assert page.lang == "en" and "<title>" in html
        assert page.headings[0] == 1
        assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False))
        assert not re.search(r"https?://", html)
        assert "<script" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
        for image in page.images:
            assert image.get("alt", "").strip()
            assert (path.parent / image["src"]).is_file()
        assert html.count("<table>") == html.count("<caption>")
        assert '<th scope="col">' in html
    report = read_page(folder / "index.html")
    assert len(report.images) == 3
    totals_alt = next(i["alt"] for i in report.images if i["src"] == "totals.png")
    summary = json.loads((folder / "summary.json").read_text())
    assert f"Histogram of {len(AUTO)} totals out of 19" in totals_alt
    assert f"mean {summary['totals']['mean']:.1f}" in totals_alt
    course = (root / "analytics" / "index.html").read_text()
    assert f'href="{ASSIGNMENT}/index.html"' in course
    assert 'data-status="refused"' in course and "missing" in course


def test_unknown_assignment_exits_non_zero_with_a_message(graded_class, capsys):
    assert run(graded_class, "ch99-nothing") == 2
    err = capsys.readouterr().err
    assert "no assignment 'ch99-nothing'" in err and ASSIGNMENT in err


def test_nothing_graded_yet_says_so(tmp_path, capsys):
    root = make_root(tmp_path)
    assert run(root, ASSIGNMENT) == 1
    assert "nothing of ch01-talent-on-the-move has been graded yet" in capsys.readouterr().err
    assert run(root) == 1
    assert "nothing has been graded yet" in capsys.readouterr().err
    assert not (root / "gradebook.db").exists()


def test_one_grader_only_has_no_agreement_section(tmp_path):
    from nbgrader.api import Gradebook

    from crossing_borders.analytics.data import load_assignment
    from crossing_borders.analytics.figures import draw_all
    from crossing_borders.analytics.report import assignment_page

    root = make_root(tmp_path)
    with Gradebook(db_url(root)) as gb:
        add_assignment(gb)
        for student in ("amara", "bo", "chen"):
            submit(gb, student, AUTO[student])
            mark(gb, student, "grader-a", LEVELS[student], datetime.now(UTC))
    summary = summarise(load_assignment(root, ASSIGNMENT))
    assert summary["agreement"] == []
    html = assignment_page(summary, draw_all(summary, tmp_path / "figs"))
    assert 'data-agreement="none"' in html and "One grader only" in html


# --- stats.py edge cases ---------------------------------------------------------


def test_constant_scores_have_no_discrimination():
    assert stats.discrimination([2, 2, 2, 2], [5, 7, 9, 11]) is None
    assert stats.format_stat(stats.discrimination([1, 1, 1], [3, 4, 5])) == "n/a"
    assert stats.discrimination([0, 1], [3, 4]) is None  # two students say nothing
    assert stats.pearson([1, 2, 3], [3, 3, 3]) is None


def test_discrimination_takes_the_question_out_of_the_total():
    q = [0, 1, 2, 3]
    rest = [4, 3, 2, 1]
    totals = [a + b for a, b in zip(q, rest, strict=True)]  # constant total
    assert stats.discrimination(q, totals) == pytest.approx(-1.0)


def test_kappa_edges():
    assert stats.weighted_kappa([0, 1, 2], [0, 1, 2], 3) == pytest.approx(1.0)
    assert stats.weighted_kappa([1, 1], [1, 1], 3) is None  # one category: undefined
    assert stats.weighted_kappa([], [], 3) is None
    assert stats.weighted_kappa([0, 2], [2, 0], 3) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        stats.weighted_kappa([0, 3], [0, 1], 3)


def test_one_grader_pairs_give_no_agreement():
    result = stats.agreement([], {"Reasoning": 4}, 10)
    assert result.n == 0 and result.kappa_total is None and result.exact_total is None


def test_summary_and_difficulty_edges():
    assert stats.summarise([]) == stats.Summary(0, None, None, None)
    one = stats.summarise([4.0])
    assert one.mean == 4.0 and one.sd is None
    assert stats.difficulty([], 3) is None and stats.difficulty([3, 0], 0) is None
    assert stats.difficulty([3, 0, 1.5], 3) == pytest.approx(0.5)
    assert stats.level_counts(["B", "A", "B", "Z"], ["A", "B", "C"]) == {
        "A": 1,
        "B": 2,
        "C": 0,
        "Z": 1,
    }
    assert stats.format_stat(-0.001) == "0.00" and stats.format_stat(None) == "n/a"
