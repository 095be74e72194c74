"""Walking the README and the guides as their readers do, on a clean clone.

A journey runs the commands a guide shows, in the guide's order, in a copy of the
repository that has nothing beside it (no ../shared, no virtual environment, no
build). The guides mark each shell block with a MyST comment naming its step:

    % journey: instructor-release
    ```bash
    make release ASSIGNMENT=ch01-talent-on-the-move
    ```

`guide_steps` reads them, so the test runs exactly the text a reader sees, and a
block without a name (one no test walks) fails the check.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_STEP = re.compile(
    r"^% journey: ([a-z0-9-]+)\s*\n```(?:bash|console|shell)\n(.*?)\n```", re.M | re.S
)
_FENCE = re.compile(r"^```(?:bash|console|shell)\n", re.M)


@dataclass(frozen=True)
class Step:
    name: str
    script: str


def guide_steps(path: Path) -> list[Step]:
    """The named shell blocks of a guide, in order; every shell block must be named."""
    text = path.read_text(encoding="utf-8")
    steps = [Step(m.group(1), m.group(2)) for m in _STEP.finditer(text)]
    blocks = len(_FENCE.findall(text))
    assert blocks == len(steps), f"{path.name}: {blocks - len(steps)} shell block(s) not named"
    return steps


@dataclass
class Timings:
    """Seconds per journey step, printed at the end of the run."""

    rows: list[tuple[str, str, float]] = field(default_factory=list)

    def add(self, journey: str, step: str, seconds: float) -> None:
        self.rows.append((journey, step, seconds))


TIMINGS = Timings()


def clean_environment(home: Path) -> dict[str, str]:
    """A person's shell: their own HOME, none of the test run's virtual environment."""
    venv = str(Path(sys.executable).parent)
    path = [p for p in os.environ["PATH"].split(os.pathsep) if p and p != venv]
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER", "VIRTUAL_ENV", "PYTHONPATH", "PYTEST", "CROSSING"))
    }
    env.update(PATH=os.pathsep.join(path), HOME=str(home))
    home.mkdir(parents=True, exist_ok=True)
    return env


def tracked_files(root: Path = ROOT) -> list[Path]:
    """Files of the repository a person wrote: tracked, or new and not ignored.

    Whatever a command leaves behind (builds, notebooks/, caches) is in .gitignore.
    """
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [p for p in (root / name for name in listed.split("\0") if name) if p.is_file()]


def make_clone(base: Path) -> Path:
    """A clone of the working tree (what git tracks or would track) with nothing beside it."""
    clone = base / "crossing-borders"
    for source in tracked_files():
        target = clone / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    git = ["git", "-c", "user.name=Journey", "-c", "user.email=journey@localhost"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=clone, check=True)
    subprocess.run([*git, "add", "-A"], cwd=clone, check=True)
    subprocess.run([*git, "commit", "-qm", "clone"], cwd=clone, check=True)
    assert not (base / "shared").exists()
    return clone


@dataclass
class Shell:
    """Runs a step's commands the way a person at a terminal would, and times them."""

    journey: str
    cwd: Path
    env: dict[str, str]

    def run(self, name: str, script: str, timeout: float = 900, check: bool = True):
        started = time.monotonic()
        proc = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,  # a terminal with nothing typed (and no test pipes)
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        TIMINGS.add(self.journey, name, time.monotonic() - started)
        if check:
            assert proc.returncode == 0, (
                f"{self.journey}: step {name!r} failed ({proc.returncode}):\n$ {script}\n"
                f"{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
            )
        return proc

    def step(self, step: Step, timeout: float = 900, check: bool = True):
        return self.run(step.name, step.script, timeout, check)


def set_calendar(
    calendar: Path, assignment: str, release: datetime, due: datetime, extended
) -> None:
    """Give `assignment` these dates in a course.toml, and two more days to `extended`."""
    text = re.sub(
        rf"(\[assignments\.{assignment}\]\n)release = \S+\ndue = \S+",
        lambda m: f"{m.group(1)}release = {release.isoformat()}\ndue = {due.isoformat()}",
        calendar.read_text(),
    )
    extensions = "".join(f"{who} = {{ days = 2 }}\n" for who in extended)
    calendar.write_text(text.replace("[extensions]\n", f"[extensions.{assignment}]\n{extensions}"))


def set_cell_timeout(clone: Path, seconds: int) -> None:
    """Set the course's per-cell time limit, as an instructor would in its configuration.

    The journeys use a short limit so the looping student costs seconds, not a minute.
    """
    config = clone / "deploy" / "student" / "nbgrader_config.py"
    text = config.read_text()
    line = "c.Execute.timeout = 60\n"
    assert line in text, f"{config} no longer sets c.Execute.timeout = 60"
    config.write_text(text.replace(line, f"c.Execute.timeout = {seconds}\n"))


def accepts_connections(port: int) -> bool:
    """Whether something listens on this loopback port now."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Lab:
    """A JupyterLab started with `make lab` or `make formgrader`, stopped with Ctrl-C."""

    process: subprocess.Popen
    url: str
    token: str
    log: Path

    def stop(self) -> dict[str, object]:
        """Ctrl-C, as a person stops it (twice if the first does not, as the README says).

        Jupyter Server asks to confirm a single Ctrl-C at a terminal, and one that lands
        while its extensions are still starting can leave it winding down for ever; a
        second Ctrl-C ends it either way.
        """
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            status = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                status = self.process.wait(timeout=45)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                raise
        time.sleep(1)
        leftovers = subprocess.run(
            ["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        listening = accepts_connections(int(self.url.rsplit(":", 1)[1]))
        return {"status": status, "leftovers": leftovers, "listening": listening}


def stopped_cleanly(outcome: dict[str, object]) -> bool:
    """Ctrl-C ended it (make exits by the signal or with 0), and nothing was left running."""
    return (
        outcome["status"] in (0, 130, -signal.SIGINT)
        and outcome["leftovers"] == []
        and outcome["listening"] is False
    )


def start_lab(shell: Shell, name: str, command: str, log: Path, via_make: bool = True) -> Lab:
    """Run `command` in the background and wait for JupyterLab's address.

    A make target takes the lab's options in LAB_FLAGS; `crossing-borders lab` directly.
    """
    port = free_port()
    flags = f"--no-browser --port {port}"
    started = time.monotonic()
    handle = log.open("w")
    process = subprocess.Popen(
        ["bash", "-c", f'{command} LAB_FLAGS="{flags}"' if via_make else f"{command} {flags}"],
        cwd=shell.cwd,
        env=shell.env,
        stdin=subprocess.DEVNULL,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        # As at a terminal, Ctrl-C interrupts (a test worker may have it ignored).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    pattern = re.compile(rf"http://127\.0\.0\.1:{port}/lab\?token=([0-9a-f]+)")
    while time.monotonic() - started < 300:
        match = pattern.search(log.read_text(errors="replace"))
        # Jupyter Server prints its address before its event loop binds the port.
        if match and accepts_connections(port):
            TIMINGS.add(shell.journey, name, time.monotonic() - started)
            return Lab(process, f"http://127.0.0.1:{port}", match.group(1), log)
        if process.poll() is not None:
            break
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError(f"{command} did not start JupyterLab:\n{log.read_text()[-4000:]}")


def readme_commands() -> list[str]:
    """Every `make ...` command the README shows in backticks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"`(make [a-z]+(?: [A-Z_]+=[^`]+)?)`", text)))


def iter_rows(csv_path: Path) -> Iterator[dict[str, str]]:
    import csv

    with csv_path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)
