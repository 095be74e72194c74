"""Benchmarks the course: build times, page weight, explorable update and swap times.

Prints figures only; the tests check behaviour. Targets (2 cores) are printed
beside each figure so a regression is visible at a glance.

Run with `make bench`. BENCH_UPDATES (60), BENCH_GRADING_STUDENTS (16) and
BENCH_HUB_STUDENTS (30) size its rounds; the suite's walk makes them small.
"""

from __future__ import annotations

import gzip
import html.parser
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
JB = [
    str(Path(sys.executable).with_name("jupyter-book")),
    "build",
    ".",
    "--builder",
    "html",
    "-W",
    "-n",
    "--keep-going",
]


def _copy_project(target: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _build(cwd: Path) -> tuple[float, float]:
    """Seconds the whole build took, and those its explorable frames took within it."""
    start = time.perf_counter()
    proc = subprocess.run(JB, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("build failed:\n" + (proc.stdout + proc.stderr)[-4000:])
    from crossing_borders.buildtools import FRAMES_READY

    found = re.search(rf"{re.escape(FRAMES_READY)} \d+ files in ([\d.]+) s", proc.stdout)
    if found is None:
        sys.exit("the build did not say how long the explorable frames took")
    return elapsed, float(found.group(1))


class _Assets(html.parser.HTMLParser):
    """What a page loads; `frames` names the attribute of the frame file the controller
    loads for each explorable (`data-frames` wide, `data-narrow-frames` on a phone)."""

    def __init__(self, frames: str) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.frames = frames

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get(self.frames):
            self.assets.append(f"../_explorables/{values[self.frames]}")
        if tag == "script" and values.get("src"):
            self.assets.append(values["src"])
        elif tag == "link" and values.get("rel") == "stylesheet" and values.get("href"):
            self.assets.append(values["href"])
        elif tag == "img" and values.get("src") and not values["src"].startswith("data:"):
            self.assets.append(values["src"])


def page_transfer_bytes(page: Path, frames: str = "data-frames") -> int:
    """Gzip bytes of a page plus every script, stylesheet, image and frame file it loads
    (first visit)."""
    parser = _Assets(frames)
    text = page.read_text(encoding="utf-8")
    parser.feed(text)
    total = len(gzip.compress(text.encode(), 6))
    for ref in dict.fromkeys(parser.assets):
        path = (page.parent / urlparse(ref).path).resolve()
        if path.is_file():
            total += len(gzip.compress(path.read_bytes(), 6))
    return total


def bench_build() -> Path:
    work = Path(tempfile.mkdtemp(prefix="cb-bench-"))
    _copy_project(work)
    cold, cold_frames = _build(work)
    chapter = work / "chapters" / "01-talent-on-the-move.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("## Commentary\n", "## Commentary\n\nBenchmark.\n", 1))
    warm, warm_frames = _build(work)
    site = work / "_build" / "html"
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"cold build                 {cold:7.1f} s    (target <= 60 s)")
    print(f"warm rebuild (prose edit)  {warm:7.1f} s    (target <= 10 s)")
    _print_frames(cold_frames, warm_frames)
    print(f"_build/html size           {size / 1e6:7.2f} MB")
    print("chapter page transfer (gzip, page + scripts + styles + images + frames):")
    for page in sorted((site / "chapters").glob("*.html")):
        kb = page_transfer_bytes(page) / 1e3
        print(f"  {page.name:44s} {kb:8.0f} kB  (target <= 1000 kB)")
    print("the same on a phone (below 40rem the controller loads the narrow frames instead):")
    for page in sorted((site / "chapters").glob("*.html")):
        kb = page_transfer_bytes(page, "data-narrow-frames") / 1e3
        print(f"  {page.stem + ' (phone)':44s} {kb:8.0f} kB  (target <= 1000 kB)")
    return work


def round_size(name: str, default: int) -> int:
    """How many updates or students a round has: `default`, or the environment's `name`.

    The suite's walk of `make bench` makes each round small. All sizes are read before
    the first round, so a bad value stops the bench at once, not minutes in.
    """
    value = os.environ.get(name, str(default))
    try:
        size = int(value)
    except ValueError:
        size = 0
    if size < 1:
        sys.exit(f"{name} must be a whole number of at least 1, not {value!r}")
    return size


def bench_updates(updates: int) -> None:
    """Each explorable's update time, the median of `updates` control changes."""
    from crossing_borders.explorables.catalog import CATALOG
    from crossing_borders.explorables.live import LiveExplorable

    print(
        "explorable update on a control change, model + redraw "
        f"(median of {updates}, after warm-up):"
    )
    for name, explorable in CATALOG.items():
        live = LiveExplorable(explorable)
        live.update()  # first draw pays one-off font and path caches
        times = []
        for i in range(updates):
            control = explorable.controls[i % len(explorable.controls)]
            widget = live.controls[control.name]
            following = control.values[(control.index(widget.value) + 1) % len(control.values)]
            start = time.perf_counter()
            widget.value = following  # the observer redraws synchronously
            times.append(time.perf_counter() - start)
        ms = statistics.median(times) * 1e3
        print(f"  {name:16s} {ms:6.1f} ms  (target <= 50 ms)")


def _print_frames(cold: float, warm: float) -> None:
    """The explorables' frames, timed inside the two builds above (drawn, then reused)."""
    from crossing_borders.explorables.catalog import CATALOG

    frames = sum(e.n_frames for e in CATALOG.values())
    print(
        f"frame precompute in the cold build ({frames} frames, 2 workers): {cold:5.1f} s "
        "(target <= 30 s)"
    )
    print(f"frame precompute in the warm rebuild (cache hit):           {warm:5.2f} s")


def bench_swaps(site: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from explorable_driver import median_swap_ms

    print("browser frame swap on a move to a new state (median per explorable):")
    print("  explorable        script   until decoded  (target <= 16 ms)")
    for name, (script, decoded) in median_swap_ms(site).items():
        print(f"  {name:16s} {script:6.2f} ms   {decoded:6.2f} ms")


def bench_selfchecks(site: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from selfcheck_driver import check_times_ms, summary

    times = check_times_ms(site)
    print(
        f"self-check answer, Check to feedback laid out ({len(times)} checks): "
        f"{summary(times)}  (target <= 16 ms)"
    )


def bench_grading(students: int) -> None:
    """Sandboxed grading throughput on chapter 1's exercise, beside stock nbgrader autograde.

    Half the students hand in the instructor's solved notebook, half the blank
    student version, in a scratch copy of the course. The same submissions are
    then graded by `nbgrader autograde` itself (one kernel at a time, no sandbox)
    for the ratio.
    """
    from crossing_borders.autograde.run import GradeOptions, grade
    from crossing_borders.publish.site import copy_config, nbgrader

    assignment = "ch01-talent-on-the-move"
    with tempfile.TemporaryDirectory(prefix="cb-bench-grade-") as tmp:
        course = Path(tmp) / "course"
        shutil.copytree(ROOT / "exercises" / assignment, course / "exercises" / assignment)
        copy_config(ROOT, course)
        nbgrader("generate_assignment", assignment, "--force", "--log-level=ERROR", cwd=course)
        solved = course / "exercises" / assignment / "ch01.ipynb"
        blank = course / "release" / assignment / "ch01.ipynb"
        for i in range(students):
            folder = course / "submitted" / f"student{i:02d}" / assignment
            folder.mkdir(parents=True)
            shutil.copy2(solved if i % 2 == 0 else blank, folder / "ch01.ipynb")
            (folder / "timestamp.txt").write_text("2027-01-30 12:00:00.000000 UTC")
        stock_course = Path(tmp) / "stock"
        shutil.copytree(course, stock_course)
        start = time.perf_counter()
        report = grade(
            GradeOptions(
                course_root=course, assignment=assignment, progress=False, stream=io.StringIO()
            )
        )
        ours = time.perf_counter() - start
        start = time.perf_counter()
        nbgrader("autograde", assignment, "--log-level=ERROR", cwd=stock_course)
        stock = time.perf_counter() - start
    statuses = {str(status): n for status, n in sorted(report.counts().items())}
    print(
        f"sandboxed grading, {students} chapter-1 submissions: {students / ours:5.2f} "
        f"submissions/s ({ours:.1f} s; statuses {statuses})  (target >= 1/s)"
    )
    print(
        f"stock nbgrader autograde, same submissions: {students / stock:5.2f} submissions/s "
        f"({stock:.1f} s); crossing-borders grade is {stock / ours:.2f}x its speed"
    )


def bench_hub(students: int) -> None:
    """One round on `make hub`: every student's server, the release, all hand in at once.

    The round is the hub load test's (tests/hub_round.py), timed here. Needs root (it
    makes Unix accounts).
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from hub_round import load_round, marker, start_trial
    from journey import clean_environment

    with tempfile.TemporaryDirectory(prefix="cb-bench-hub-") as tmp:
        env = clean_environment(Path(tmp) / "home")
        trial = start_trial(ROOT, "make hub", students, Path(tmp) / "hub.log", env)
        try:
            played = load_round(trial, lambda name: {"crew_advice": marker(name)})
        finally:
            trial.stop()
    intact = sum(marker(s.name) in played.collected.get(s.name, "") for s in played.students)
    print(f"hub round, {students} students on 127.0.0.1 (make hub):")
    for step, seconds in played.timings.items():
        print(f"  {step:44s} {seconds:7.1f} s")
    print(f"  submissions collected intact: {intact} of {students}  (target: all)")


def main() -> None:
    updates = round_size("BENCH_UPDATES", 60)
    graded = round_size("BENCH_GRADING_STUDENTS", 16)
    hub = round_size("BENCH_HUB_STUDENTS", 30)
    work = bench_build()
    bench_updates(updates)
    bench_swaps(work / "_build" / "html")
    bench_selfchecks(work / "_build" / "html")
    shutil.rmtree(work, ignore_errors=True)
    bench_grading(graded)
    bench_hub(hub)


if __name__ == "__main__":
    main()
