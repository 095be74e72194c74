"""`crossing-borders`: the entry points the Makefile calls, beside nbgrader's own CLI."""

from __future__ import annotations

import argparse
import sys

from crossing_borders.grading import command as grading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crossing-borders", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("lab", help="copy the chapters into notebooks/ and open JupyterLab there")
    grading.add_arguments(
        sub.add_parser("grade", help="autograde an assignment: pre-flight, sandbox, report")
    )
    grading.add_export_arguments(
        sub.add_parser("export-grades", help="export grades as CSV with a status column")
    )
    args = parser.parse_args(argv)
    if args.command == "lab":
        from crossing_borders.student import open_lab

        return open_lab()
    if args.command == "grade":
        return grading.run_command(args)
    return grading.run_export_command(args)


if __name__ == "__main__":
    sys.exit(main())
