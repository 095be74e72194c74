"""The analytics pages: one per assignment (with its PNGs and summary.json) and one for the course.

The pages are opened from the file system, often offline: they load nothing (no
script, no font, no stylesheet from anywhere), their figures are PNG files beside
them, linked by relative paths, and their one stylesheet is inline. Every string
that came from the gradebook (student ids, reasons, grader names, criteria) is
escaped, since students choose some of them. The markup aims at WCAG 2.2 AA:
headings in order, tables with captions and scoped headers, text colours of at
least 4.5:1 on white, statuses written as words rather than shown as colours.
"""

from __future__ import annotations

import json
import os
from html import escape
from pathlib import Path
from typing import Any

from crossing_borders.analytics import data as gather
from crossing_borders.analytics.figures import Figure, Figures, draw_all
from crossing_borders.analytics.stats import format_stat
from crossing_borders.analytics.summary import STATUS_LABELS, STATUS_ORDER, summarise
from crossing_borders.autograde.report import Status

STYLE = """
body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #ffffff;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
a { color: #0b5394; }
a:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
table { border-collapse: collapse; margin: 1rem 0; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #6b6b6b; padding: 0.25rem 0.6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #eeeeee; }
img { max-width: 100%; height: auto; }
.note { color: #3d3d3d; }
"""


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def _num(value: float | None, name: str, digits: int = 2) -> str:
    raw = "" if value is None else repr(float(value))
    return (
        f'<td class="num" data-stat="{escape(name)}" data-value="{escape(raw)}">'
        f"{escape(format_stat(value, digits))}</td>"
    )


def _count(value: int, name: str) -> str:
    return f'<td class="num" data-stat="{escape(name)}" data-value="{value}">{value}</td>'


def _table(caption: str, head: list[str], rows: list[str]) -> str:
    cols = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return (
        f"<table>\n<caption>{escape(caption)}</caption>\n"
        f"<thead><tr>{cols}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
    )


def _figure(figure: Figure | None) -> str:
    if figure is None:
        return ""
    return (
        f'<figure>\n<img src="{escape(figure.file)}" alt="{escape(figure.alt)}">\n'
        f"<figcaption>{escape(figure.title)}</figcaption>\n</figure>\n"
    )


def _status_section(summary: dict[str, Any]) -> str:
    counts = summary["status"]
    rows = [
        f'<tr><th scope="row">{escape(STATUS_LABELS[s])}</th>{_count(counts[str(s)], str(s))}</tr>'
        for s in STATUS_ORDER
    ]
    rows.append(f'<tr><th scope="row">late (any status)</th>{_count(counts["late"], "late")}</tr>')
    out = ["<h2>Status</h2>\n"]
    out.append(
        _table(f"Status of {summary['students']} students' work", ["Status", "Students"], rows)
    )
    if summary["not_graded"]:
        rows = [
            f'<tr><th scope="row">{escape(w["student"])}</th>'
            f"<td>{escape(STATUS_LABELS.get(w['status'], w['status']))}</td>"
            f"<td>{escape(w['reason'])}</td></tr>"
            for w in summary["not_graded"]
        ]
        out.append(_table("Work not fully graded", ["Student", "Status", "Reason"], rows))
    if summary["late"]:
        rows = [
            f'<tr><th scope="row">{escape(w["student"])}</th>'
            f"{_num(w['hours_late'], 'hours_late')}</tr>"
            for w in summary["late"]
        ]
        out.append(_table("Late work", ["Student", "Hours late"], rows))
    return "".join(out)


def _totals_section(summary: dict[str, Any], figures: Figures) -> str:
    totals = summary["totals"]
    out = ["<h2>Score distribution</h2>\n"]
    if not totals["n"]:
        waiting = summary["status"][str(Status.NEEDS_MANUAL)]
        return out[0] + (
            f'<p class="note">No student\'s work is fully graded yet ({waiting} wait for a '
            "grader), so there is no distribution of totals.</p>\n"
        )
    out.append(
        '<p class="note">Totals of the students whose work is graded, after any late '
        f"penalty, out of {summary['max_score']:g} points.</p>\n"
    )
    out.append(
        _table(
            "Totals of graded work",
            ["n", "Mean", "Median", "Standard deviation (n - 1)"],
            [
                "<tr>"
                + _count(totals["n"], "n")
                + _num(totals["mean"], "mean")
                + _num(totals["median"], "median")
                + _num(totals["sd"], "sd")
                + "</tr>"
            ],
        )
    )
    out.append(_figure(figures.totals))
    return "".join(out)


def _questions_section(summary: dict[str, Any], figures: Figures) -> str:
    out = [
        "<h2>Questions</h2>\n",
        '<p class="note">Difficulty: the mean fraction of the points reached by the answers '
        "graded so far (1 is easy). Discrimination: the Pearson correlation of the question's "
        "score with the rest of the total (the total without that question) over the students "
        'whose work is graded; "n/a" where it is undefined, for instance when everyone scored '
        "the same.</p>\n",
    ]
    rows = [
        f'<tr data-question="{escape(q["key"])}"><th scope="row">{escape(q["key"])}</th>'
        f"<td>{'graded by hand' if q['kind'] == 'manual' else 'autograded'}</td>"
        f'<td class="num">{q["max_score"]:g}</td>'
        + _count(q["n"], "n")
        + _num(q["mean"], "mean")
        + _num(q["difficulty"], "difficulty")
        + _num(q["discrimination"], "discrimination")
        + "</tr>"
        for q in summary["questions"]
    ]
    out.append(
        _table(
            "Difficulty and discrimination per graded cell",
            ["Cell", "Graded", "Points", "Answers", "Mean score", "Difficulty", "Discrimination"],
            rows,
        )
    )
    out.append(_figure(figures.questions))
    return "".join(out)


def _rubrics_section(summary: dict[str, Any], figures: Figures) -> str:
    out = ["<h2>Rubric criteria</h2>\n"]
    if not summary["rubrics"]:
        return out[0] + '<p class="note">This assignment has no reflection with a rubric.</p>\n'
    for rubric in summary["rubrics"]:
        out.append(f"<h3>{escape(rubric['reflection'])}</h3>\n")
        if not rubric["n"]:
            out.append('<p class="note">No answer has been marked on the rubric yet.</p>\n')
            continue
        labels: list[str] = []
        for c in rubric["criteria"]:
            labels += [lv["label"] for lv in c["levels"] if lv["label"] not in labels]
        rows = []
        for c in rubric["criteria"]:
            counts = {lv["label"]: lv["count"] for lv in c["levels"]}
            cells = "".join(
                _count(counts[label], f"level:{label}")
                if label in counts
                else '<td class="num">not a level</td>'
                for label in labels
            )
            rows.append(
                f'<tr data-criterion="{escape(c["criterion"])}">'
                f'<th scope="row">{escape(c["criterion"])}</th>{cells}</tr>'
            )
        out.append(
            _table(
                f"Answers per level reached, {rubric['n']} answers marked",
                ["Criterion", *labels],
                rows,
            )
        )
        out.append(_figure(figures.rubrics.get(rubric["reflection"])))
    return "".join(out)


def _agreement_section(summary: dict[str, Any]) -> str:
    out = ["<h2>Grader agreement</h2>\n"]
    if not summary["agreement"]:
        return out[0] + (
            '<p class="note" data-agreement="none">One grader only: no answer was marked '
            "by two graders, so there is no agreement to report.</p>\n"
        )
    out.append(
        '<p class="note">On the answers both graders marked, each grader\'s newest marking. '
        "Exact agreement is the share of those answers with the same total or level; the kappa "
        "is Cohen's weighted kappa with quadratic weights (1 perfect, 0 chance), on the "
        "totals (whole points) or on each criterion's levels.</p>\n"
    )
    for pair in summary["agreement"]:
        first, second = pair["graders"]
        out.append(f"<h3>{escape(pair['reflection'])}: {escape(first)} and {escape(second)}</h3>\n")
        rows = [
            "<tr>"
            + _count(pair["n"], "n")
            + _num(pair["exact_total"], "exact_total")
            + _num(pair["mean_abs_difference"], "mean_abs_difference")
            + _num(pair["kappa_total"], "kappa_total")
            + "</tr>"
        ]
        out.append(
            _table(
                "Agreement on totals",
                ["Answers", "Exact agreement", "Mean absolute difference (points)", "Kappa"],
                rows,
            )
        )
        rows = [
            f'<tr data-criterion="{escape(c["criterion"])}">'
            f'<th scope="row">{escape(c["criterion"])}</th>'
            + _num(c["exact"], "exact")
            + _num(c["kappa"], "kappa")
            + "</tr>"
            for c in pair["criteria"]
        ]
        out.append(
            _table("Agreement per criterion", ["Criterion", "Exact level agreement", "Kappa"], rows)
        )
    return "".join(out)


def assignment_page(summary: dict[str, Any], figures: Figures) -> str:
    name = summary["assignment"]
    body = (
        f"<h1>Grade report: {escape(name)}</h1>\n"
        f'<p><a href="../index.html">All assignments</a>. {summary["students"]} students; '
        f"the assignment is worth {summary['max_score']:g} points. The numbers are also in "
        '<a href="summary.json">summary.json</a>.</p>\n'
        + _status_section(summary)
        + _totals_section(summary, figures)
        + _questions_section(summary, figures)
        + _rubrics_section(summary, figures)
        + _agreement_section(summary)
    )
    return _page(f"Grade report: {name}", body)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_assignment_report(root: Path, assignment: str, to: Path) -> Path:
    """Write <to>/<assignment>/index.html, its PNGs and summary.json; return the page's path.

    The course page beside it is refreshed too, so the link between them always works.
    """
    if "/" in assignment or assignment in ("", ".", ".."):
        raise gather.AnalyticsError(f"{assignment!r} is not an assignment name")
    summary = summarise(gather.load_assignment(root, assignment))
    folder = to / assignment
    figures = draw_all(summary, folder)
    _write(folder / "summary.json", json.dumps(summary, indent=1, sort_keys=True) + "\n")
    page = folder / "index.html"
    _write(page, assignment_page(summary, figures))
    write_course_report(root, to)  # the page links to it, and it now links to this page
    return page


def course_page(course: gather.CourseData, reports: set[str]) -> str:
    """The student-by-assignment table; each cell says the status in words and the score."""
    head = "".join(
        f'<th scope="col"><a href="{escape(a)}/index.html">{escape(a)}</a></th>'
        if a in reports
        else f'<th scope="col">{escape(a)}</th>'
        for a in course.assignments
    )
    rows = []
    for student in course.students:
        cells = []
        for assignment in course.assignments:
            work = course.rows.get((student, assignment))
            if work is None:
                cells.append("<td>not listed</td>")
                continue
            label = STATUS_LABELS.get(work.status, work.status)
            score = f" {work.score:g}" if work.score is not None else ""
            late = " (late)" if work.late else ""
            cells.append(
                f'<td data-status="{escape(work.status)}" data-score="'
                f'{"" if work.score is None else work.score}">{escape(label)}{score}{late}</td>'
            )
        rows.append(f'<tr><th scope="row">{escape(student)}</th>{"".join(cells)}</tr>')
    table = (
        "<table>\n<caption>Status and score (after any late penalty) of each student's work"
        '</caption>\n<thead><tr><th scope="col">Student</th>'
        + head
        + "</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
    )
    body = (
        "<h1>Grade report: the course</h1>\n"
        f"<p>{len(course.students)} students, {len(course.assignments)} assignments in the "
        "gradebook. An assignment's name links to its report where one has been made "
        "(make analytics ASSIGNMENT=...).</p>\n<h2>Students and assignments</h2>\n" + table
    )
    return _page("Grade report: the course", body)


def write_course_report(root: Path, to: Path) -> Path:
    """Write <to>/index.html, the whole course's table; return its path."""
    course = gather.load_course_rows(root)
    reports = {a for a in course.assignments if (to / a / "index.html").is_file()}
    page = to / "index.html"
    _write(page, course_page(course, reports))
    return page
