"""`crossing-borders`: the course's commands, beside nbgrader's own.

crossing-borders lab [--instructor]   JupyterLab for students (or instructors)
crossing-borders validate NOTEBOOK    nbgrader's validation, with an exit status
crossing-borders grade ASSIGNMENT     sandboxed batch autograding with a report
crossing-borders schedule             the course calendar and what has happened
"""

from __future__ import annotations

import argparse
import sys

from crossing_borders.grading import command as grading


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["validate"]:
        # nbgrader's own option parsing (its --help, --log-level, ...) handles the rest.
        from crossing_borders.grading.validation import main as validate

        return validate(argv[1:])
    parser = argparse.ArgumentParser(
        prog="crossing-borders",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("lab", help="open JupyterLab on the course (students: notebooks/)")
    lab.add_argument(
        "--instructor",
        action="store_true",
        help="open the course folder with nbgrader's formgrader instead of notebooks/",
    )
    lab.add_argument("--no-browser", action="store_true", help="print the address only")
    lab.add_argument("--port", type=int, help="port to listen on (default: JupyterLab's)")
    sub.add_parser("validate", help="check a notebook before submitting (exit 1 on failure)")
    grading.add_arguments(
        sub.add_parser("grade", help="autograde an assignment: pre-flight, sandbox, report")
    )
    sub.add_parser("schedule", help="print the course calendar beside what has happened")
    args = parser.parse_args(argv)
    if args.command == "lab":
        from crossing_borders.student import open_lab

        return open_lab(instructor=args.instructor, browser=not args.no_browser, port=args.port)
    if args.command == "grade":
        return grading.run_command(args)
    from crossing_borders.grading.calendar import print_schedule

    return print_schedule()


if __name__ == "__main__":
    sys.exit(main())
