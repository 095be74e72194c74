"""Command line of the grading tools, light to import (the heavy modules load on use).

``crossing_borders.cli`` wires it in as ``crossing-borders grade``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crossing_borders.grading.sandbox import SandboxConfig, SandboxLimits


def default_jobs() -> int:
    from crossing_borders.grading.batch import default_jobs as jobs

    return jobs()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", help="assignment name (a folder of the source directory)")
    parser.add_argument("--course-root", type=Path, default=Path("."), help="default: .")
    parser.add_argument("--student", action="append", dest="students", help="repeatable")
    parser.add_argument("--jobs", "-j", type=int, help="parallel students (default: 2 per core)")
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


def run_command(args: argparse.Namespace) -> int:
    from crossing_borders.grading.batch import GradeError, GradeOptions, grade
    from crossing_borders.grading.lock import GradeLocked
    from crossing_borders.grading.sandbox import SandboxUnavailable

    sandbox = SandboxConfig(
        enabled=not args.unsafe_no_sandbox,
        limits=SandboxLimits(memory_mb=args.memory_mb),
        max_cell_output_bytes=args.max_output_bytes,
    )
    options = GradeOptions(
        course_root=args.course_root,
        assignment=args.assignment,
        students=args.students,
        jobs=args.jobs or default_jobs(),
        timeout=args.timeout,
        cell_timeout=args.cell_timeout,
        sandbox=sandbox,
        only_changed=args.only_changed,
        progress=not args.no_progress,
    )
    try:
        report = grade(options)
    except (GradeLocked, SandboxUnavailable, GradeError) as exc:
        print(f"grade: refused: {exc}", file=sys.stderr)
        return 2
    return report.exit_code()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crossing_borders.grading.command")
    sub = parser.add_subparsers(dest="command", required=True)
    add_arguments(sub.add_parser("grade", help="autograde an assignment safely"))
    args = parser.parse_args(argv)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
