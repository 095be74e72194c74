"""`make bench`, as the README shows it: it runs, and prints every figure beside its target.

The figures themselves are not checked here (tests check behaviour, not timings);
this walks the command so it keeps working. Here each explorable is updated 12 times
(BENCH_UPDATES), the grading round has four students (BENCH_GRADING_STUDENTS) and the hub
round three (BENCH_HUB_STUDENTS); test_hub_load.py plays the thirty.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest
from reading import ROOT


@pytest.mark.slow
def test_make_bench_prints_each_figure_beside_its_target():
    proc = subprocess.run(
        ["make", "bench"],
        cwd=ROOT,
        env={
            **os.environ,
            "BENCH_UPDATES": "12",
            "BENCH_GRADING_STUDENTS": "4",
            "BENCH_HUB_STUDENTS": "3",
        },
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = proc.stdout
    assert proc.returncode == 0, (out + proc.stderr)[-4000:]
    figures = (
        "cold build",
        "warm rebuild (prose edit)",
        "frame precompute in the cold build",
        "self-check answer",
        "sandboxed grading",
    )
    for figure in figures:
        line = next(line for line in out.splitlines() if line.startswith(figure))
        assert "(target" in line, line
    pages = re.findall(r"^  (\d\d-[a-z-]+\.html) +\d+ kB  \(target <= 1000 kB\)$", out, re.M)
    assert len(pages) == 6
    updates = re.findall(r"^  ([a-z_]+) +[\d.]+ ms  \(target <= 50 ms\)$", out, re.M)
    assert len(updates) == 6
    assert "(median of 12, after warm-up)" in out
    assert "target <= 16 ms" in out
    statuses = re.search(r"statuses (\{[^}]*\})", out).group(1)
    assert ast.literal_eval(statuses) == {"graded": 2, "needs_manual": 2}
    assert "sandboxed grading, 4 chapter-1 submissions" in out
    assert "hub round, 3 students on 127.0.0.1 (make hub):" in out
    assert "submissions collected intact: 3 of 3  (target: all)" in out


@pytest.mark.parametrize(
    ("name", "value"), [("BENCH_UPDATES", "0"), ("BENCH_GRADING_STUDENTS", "four")]
)
def test_a_bad_round_size_stops_the_bench_before_any_round(name: str, value: str):
    proc = subprocess.run(
        [sys.executable, "scripts/bench.py"],
        cwd=ROOT,
        env={**os.environ, name: value},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert f"{name} must be a whole number of at least 1, not {value!r}" in proc.stderr
    assert "cold build" not in proc.stdout
