"""`make hub`: the course on JupyterHub, on 127.0.0.1, with demo accounts, until Ctrl-C.

It does on one machine what a course host does once: an instructor and a few
students as real Unix accounts (with passwords PAM checks), the course folder and
the exchange with their modes, then `jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`.
It prints each account's password and where the hub is. Ctrl-C stops the hub
(which stops every server and the proxy it started), then removes the accounts,
their homes and the trial's folders: nothing is left running or behind.

Creating accounts needs root; the hub's spawner needs it too, to start each server
as its user.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from crossing_borders.hub import accounts
from crossing_borders.hub.course import lay_out_course, make_exchange

CONFIG = Path("deploy") / "jupyterhub" / "jupyterhub_config.py"
PROXY = Path("node_modules") / ".bin" / "configurable-http-proxy"


class TrialError(RuntimeError):
    """The trial cannot start; the message says what to do."""


@dataclass
class Trial:
    repo: Path
    students: int = 3
    port: int = 8000
    base: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cb-hub-")))
    #: Names of this trial's own: two trials (or a trial beside real accounts) never meet.
    tag: str = field(
        default_factory=lambda: secrets.choice("abcdefghjkmnpqrstuvwxyz") + secrets.token_hex(2)
    )
    people: list[accounts.Account] = field(default_factory=list)
    groups_made: list[str] = field(default_factory=list)
    hub: subprocess.Popen | None = None

    @property
    def instructors(self) -> str:
        return f"cb-{self.tag}-instructors"

    @property
    def students_group(self) -> str:
        return f"cb-{self.tag}-students"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def folders(self) -> dict[str, Path]:
        return {
            "course": self.base / "course",
            "exchange": self.base / "exchange",
            "state": self.base / "state",
        }

    def check(self) -> None:
        if os.geteuid() != 0:
            raise TrialError("it creates Unix accounts and starts servers as them: run it as root")
        if not (self.repo / PROXY).exists():
            raise TrialError("configurable-http-proxy is missing: run `make npm` first")
        if not 1 <= self.students <= 99:
            raise TrialError("--students takes 1 to 99")
        closed = [str(p) for p in (self.repo, *self.repo.parents) if not p.stat().st_mode & 0o001]
        if closed:
            raise TrialError(
                "every user's server runs from this repository, but other users cannot "
                f"enter {', '.join(closed)}: clone it where they can (for example /srv or /opt)"
            )

    def set_up(self) -> str:
        """Accounts, course folder, exchange; returns the API token for scripts."""
        os.chmod(self.base, 0o755)
        for group in (self.instructors, self.students_group):
            if accounts.ensure_group(group):
                self.groups_made.append(group)
        wanted = [(f"teacher-{self.tag}", self.instructors)]
        wanted += [
            (f"student{i:02d}-{self.tag}", self.students_group) for i in range(1, self.students + 1)
        ]
        for name, group in wanted:
            account = accounts.Account(name, secrets.token_urlsafe(9), group)
            accounts.create(account)
            self.people.append(account)
        folders = self.folders()
        lay_out_course(self.repo, folders["course"], self.people[0].name, self.instructors)
        make_exchange(folders["exchange"])
        folders["state"].mkdir(mode=0o700)
        token = secrets.token_hex(32)
        token_file = folders["state"] / "api-token"
        token_file.write_text(token)
        token_file.chmod(0o600)
        return token

    def start(self, token: str) -> None:
        folders = self.folders()
        env = {
            **os.environ,
            "CROSSING_BORDERS_COURSE": str(folders["course"]),
            "CROSSING_BORDERS_EXCHANGE": str(folders["exchange"]),
            "CROSSING_BORDERS_HUB_STATE": str(folders["state"]),
            "CROSSING_BORDERS_HUB_PORT": str(self.port),
            "CROSSING_BORDERS_HUB_TOKEN": token,
            "CROSSING_BORDERS_INSTRUCTORS": self.instructors,
            "CROSSING_BORDERS_STUDENTS": self.students_group,
        }
        hub = Path(sys.executable).with_name("jupyterhub")
        log = (folders["state"] / "jupyterhub.log").open("w")
        self.hub = subprocess.Popen(
            [str(hub), "-f", str(self.repo / CONFIG)],
            cwd=folders["state"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # stopped by us, after Ctrl-C reached this process
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.hub.poll() is not None:
                raise TrialError(f"the hub stopped; see {folders['state'] / 'jupyterhub.log'}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=5):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise TrialError("the hub did not answer within 120 s")

    def logins(self) -> str:
        lines = [
            f"Crossing Borders on JupyterHub (a trial): {self.url}/",
            "Log in as one of these Unix accounts (made for this trial, removed when it stops):",
        ]
        for person in self.people:
            role = "instructor" if person.group == self.instructors else "student"
            lines.append(f"  {role:10s}  {person.name:16s}  password {person.password}")
        folders = self.folders()
        lines += [
            f"Course folder {folders['course']}  exchange {folders['exchange']}",
            f"API token for scripts: {folders['state'] / 'api-token'}",
            "Stop with Ctrl-C.",
        ]
        return "\n".join(lines)

    def stop(self) -> None:
        """The hub first (it stops the servers and the proxy), then accounts and folders."""
        if self.hub is not None and self.hub.poll() is None:
            for sig, wait in ((signal.SIGINT, 60), (signal.SIGTERM, 15), (signal.SIGKILL, 5)):
                os.killpg(self.hub.pid, sig)
                try:
                    self.hub.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        for person in self.people:
            accounts.remove(person.name)
        for group in self.groups_made:
            accounts.remove_group(group)
        shutil.rmtree(self.base, ignore_errors=True)


def run_trial(repo: Path, students: int, port: int) -> int:
    trial = Trial(repo.resolve(), students, port)
    stopping = False

    def interrupted(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    try:
        trial.check()
    except TrialError as exc:
        shutil.rmtree(trial.base, ignore_errors=True)
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    previous = {sig: signal.signal(sig, interrupted) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        trial.start(trial.set_up())
        print(trial.logins(), flush=True)
        while not stopping and trial.hub is not None and trial.hub.poll() is None:
            time.sleep(0.3)
        return 0 if stopping else 1
    except (TrialError, accounts.AccountError) as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    finally:
        print(
            "Stopping the hub, its servers and proxy; removing the trial's accounts...", flush=True
        )
        trial.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print("Stopped. Nothing of the trial is left.", flush=True)
