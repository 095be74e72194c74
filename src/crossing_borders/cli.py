"""Command-line entry points that the Makefile calls."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crossing-borders", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("lab", help="copy the chapters into notebooks/ and open JupyterLab there")
    args = parser.parse_args(argv)
    if args.command == "lab":
        from crossing_borders.student import open_lab

        return open_lab()
    return 2


if __name__ == "__main__":
    sys.exit(main())
