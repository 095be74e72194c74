"""`crossing-borders`: the course's commands, beside nbgrader's own.

crossing-borders lab [--instructor]    JupyterLab for students (or the formgrader)
crossing-borders validate NOTEBOOK     nbgrader's validation, with an exit status
crossing-borders grade ASSIGNMENT      nbgrader's autograde, sandboxed and in parallel
crossing-borders schedule              the course calendar and what has happened
crossing-borders leaks [FOLDER ...]    no solution or hidden test in what students see
crossing-borders regrade request|list  students' regrade requests (regrades.csv)
crossing-borders hub                   a JupyterHub trial on 127.0.0.1 with demo accounts (root)
crossing-borders analytics [ASSIGNMENT] grade analytics: one assignment's report, or the course's
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: Commands whose own parser takes the rest of the command line.
PASS_THROUGH = {"validate", "leaks"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["validate"]:
        from crossing_borders.course.validation import main as validate

        return validate(argv[1:])
    if argv[:1] == ["leaks"]:
        from crossing_borders.publish.leaks import main as leaks

        return leaks(argv[1:])
    args = parser().parse_args(argv)
    if args.command == "lab":
        from crossing_borders.lab import open_lab

        return open_lab(instructor=args.instructor, browser=not args.no_browser, port=args.port)
    if args.command == "grade":
        return grade(args)
    if args.command == "regrade":
        return regrade(args)
    if args.command == "hub":
        from crossing_borders.hub.trial import run_trial

        return run_trial(Path.cwd(), args.students, args.port)
    if args.command == "analytics":
        return analytics(args)
    from crossing_borders.course.status import print_schedule

    return print_schedule()


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="crossing-borders",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("lab", help="open JupyterLab on the course (students: notebooks/)")
    lab.add_argument(
        "--instructor",
        action="store_true",
        help="open the course folder with nbgrader's formgrader instead of notebooks/",
    )
    lab.add_argument("--no-browser", action="store_true", help="print the address only")
    lab.add_argument("--port", type=int, help="port to listen on (default: JupyterLab's)")
    for name in sorted(PASS_THROUGH):
        sub.add_parser(name, help=f"see: crossing-borders {name} --help")
    add_grade_arguments(sub.add_parser("grade", help="autograde an assignment, sandboxed"))
    sub.add_parser("schedule", help="print the course calendar beside what has happened")
    add_regrade_arguments(sub.add_parser("regrade", help="record or list regrade requests"))
    hub = sub.add_parser("hub", help="the course on JupyterHub on 127.0.0.1, until Ctrl-C")
    hub.add_argument("--students", type=int, default=3, help="demo student accounts (default 3)")
    hub.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    report = sub.add_parser(
        "analytics", help="write grade analytics: an assignment's report or the course's table"
    )
    report.add_argument(
        "assignment", nargs="?", help="assignment name; without it, the whole course's table"
    )
    report.add_argument("--course-root", type=Path, default=Path("."), help="default: .")
    report.add_argument("--to", type=Path, help="output folder (default: <course root>/analytics)")
    return top


def add_regrade_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    request = actions.add_parser("request", help="record a student's request")
    request.add_argument("student")
    request.add_argument("assignment")
    request.add_argument("cell", help="the reflection's grade id, for example crew_advice")
    request.add_argument("--reason", required=True, help="what the student asks, in brief")
    request.add_argument("--course-root", type=Path, default=Path("."), help="default: .")
    listing = actions.add_parser("list", help="print the requests, open ones first")
    listing.add_argument("--course-root", type=Path, default=Path("."), help="default: .")


def regrade(args: argparse.Namespace) -> int:
    from crossing_borders.marking import regrades

    root = args.course_root.resolve()
    try:
        if args.action == "request":
            key = regrades.answer_key(root, args.student, args.assignment, args.cell)
            request = regrades.record(root, key, args.reason)
            print(
                f"Recorded {request.id}: {key.student}, {key.assignment}, {key.cell}. "
                "It shows above the answer on the marking page."
            )
            return 0
        print(regrades.render(regrades.load(root)))
        return 0
    except regrades.RegradeError as exc:
        print(f"regrade: {exc}", file=sys.stderr)
        return 2


def add_grade_arguments(parser: argparse.ArgumentParser) -> None:
    from crossing_borders.autograde.sandbox import SandboxLimits

    parser.add_argument("assignment", help="assignment name (a folder of the source directory)")
    parser.add_argument("--course-root", type=Path, default=Path("."), help="default: .")
    parser.add_argument("--student", action="append", dest="students", help="repeatable")
    parser.add_argument("--jobs", "-j", type=int, help="sandboxes at once (default: 2 per core)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per submission")
    parser.add_argument("--cell-timeout", type=float, help="seconds per cell (default: config)")
    parser.add_argument("--memory-mb", type=int, default=SandboxLimits.memory_mb)
    parser.add_argument("--max-output-bytes", type=int, default=100_000, help="per cell")
    parser.add_argument("--only-changed", action="store_true", help="skip unchanged, graded ones")
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument(
        "--unsafe-no-sandbox",
        action="store_true",
        help="run student code unsandboxed, as this user (only on a throwaway machine)",
    )


def grade(args: argparse.Namespace) -> int:
    from crossing_borders.autograde.lock import GradeLocked
    from crossing_borders.autograde.run import GradeError, GradeOptions, default_jobs
    from crossing_borders.autograde.run import grade as grade_assignment
    from crossing_borders.autograde.sandbox import (
        SandboxConfig,
        SandboxLimits,
        SandboxUnavailable,
    )

    options = GradeOptions(
        course_root=args.course_root,
        assignment=args.assignment,
        students=args.students,
        jobs=args.jobs or default_jobs(),
        timeout=args.timeout,
        cell_timeout=args.cell_timeout,
        sandbox=SandboxConfig(
            enabled=not args.unsafe_no_sandbox,
            limits=SandboxLimits(memory_mb=args.memory_mb),
            max_cell_output_bytes=args.max_output_bytes,
        ),
        only_changed=args.only_changed,
        progress=not args.no_progress,
    )
    try:
        report = grade_assignment(options)
    except (GradeLocked, SandboxUnavailable, GradeError) as exc:
        print(f"grade: refused: {exc}", file=sys.stderr)
        return 2
    return report.exit_code()


def analytics(args: argparse.Namespace) -> int:
    from crossing_borders.analytics.data import AnalyticsError, NothingGraded
    from crossing_borders.analytics.report import write_assignment_report, write_course_report

    to = args.to or args.course_root / "analytics"
    try:
        if args.assignment:
            page = write_assignment_report(args.course_root, args.assignment, to)
        else:
            page = write_course_report(args.course_root, to)
    except NothingGraded as exc:
        print(f"analytics: {exc}", file=sys.stderr)
        return 1
    except AnalyticsError as exc:
        print(f"analytics: {exc}", file=sys.stderr)
        return 2
    print(page)
    return 0
