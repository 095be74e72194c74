"""A course round on a running `make hub`, played through HTTP as each person would.

`start_trial` runs the guide's `make hub` and reads what it prints (accounts, folders,
where the API token is). `HubClient` acts with that token only where a person could
not act for themselves (making each account's own token); everything else goes
through each person's own server with their own token: the instructor's formgrader
and marking page, the students' Assignment List (fetch, submit, fetch feedback) and
Jupyter's contents API (open and save a notebook). `make bench` times a round with
thirty students, and the hub journey checks one with three.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

COURSE_ID = "crossing-borders"
ASSIGNMENT = "ch01-talent-on-the-move"
NOTEBOOK = "ch01"


def free_ports(count: int = 3) -> int:
    """A port p with p .. p + count - 1 free on 127.0.0.1 (the hub, its API, the proxy's)."""
    for _ in range(200):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            base = sock.getsockname()[1]
        if base + count > 65535:
            continue
        try:
            for port in range(base, base + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free ports")


@dataclass
class Trial:
    process: subprocess.Popen
    url: str
    log: Path
    accounts: dict[str, str]  # name -> password
    instructor: str
    students: list[str]
    course: Path
    exchange: Path
    token: str

    def stop(self, timeout: float = 120) -> int:
        """Ctrl-C, as a person stops it; returns make's status once the trial has cleaned up.

        make may exit by the signal at once while the trial still removes accounts:
        wait until nothing of its process group is left.
        """
        os.killpg(self.process.pid, signal.SIGINT)
        status = self.process.wait(timeout=timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            group = subprocess.run(
                ["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True
            )
            if not group.stdout.split():
                break
            time.sleep(0.5)
        return status


def start_trial(repo: Path, command: str, students: int, log: Path, env: dict) -> Trial:
    port = free_ports()
    flags = f"--students {students} --port {port}"
    handle = log.open("w")
    process = subprocess.Popen(
        ["bash", "-c", f'{command} HUB_FLAGS="{flags}"'],
        cwd=repo,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 900  # the first run makes .venv-hub
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if "Stop with Ctrl-C." in text:
            return _parse(process, text, log)
        if process.poll() is not None:
            break
        time.sleep(0.5)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=120)
    raise AssertionError(f"{command} did not start the hub:\n{log.read_text()[-5000:]}")


def _parse(process, text: str, log: Path) -> Trial:
    url = re.search(r"\(a trial\): (http://127\.0\.0\.1:\d+)/", text).group(1)
    rows = re.findall(r"^  (instructor|student) +(\S+) +password (\S+)$", text, re.M)
    course, exchange = re.search(r"^Course folder (\S+)  exchange (\S+)$", text, re.M).groups()
    token_file = re.search(r"^API token for scripts: (\S+)$", text, re.M).group(1)
    return Trial(
        process=process,
        url=url,
        log=log,
        accounts={name: password for _, name, password in rows},
        instructor=next(name for role, name, _ in rows if role == "instructor"),
        students=[name for role, name, _ in rows if role == "student"],
        course=Path(course),
        exchange=Path(exchange),
        token=Path(token_file).read_text().strip(),
    )


@dataclass
class Response:
    status: int
    text: str

    def json(self):
        return json.loads(self.text)


def request(url: str, token: str, method: str = "GET", body=None, form=None) -> Response:
    headers = {"Authorization": f"token {token}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=300) as response:
            return Response(response.status, response.read().decode(errors="replace"))
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode(errors="replace"))


@dataclass
class Person:
    """Someone on the hub with their own token, talking to their own server."""

    name: str
    token: str
    hub: str
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def server(self) -> str:
        return f"{self.hub}/user/{self.name}"

    def call(self, path: str, method: str = "GET", **kwargs) -> Response:
        return request(f"{self.server}{path}", self.token, method, **kwargs)

    def ok(self, path: str, method: str = "GET", **kwargs):
        response = self.call(path, method, **kwargs)
        assert response.status in (200, 201), (self.name, method, path, response.text[:2000])
        return response.json() if response.text.strip() else None

    # --- the student side: nbgrader's Assignment List and Jupyter's contents API ---
    def assignments(self) -> list[dict]:
        return self.ok(f"/assignments?course_id={COURSE_ID}")["value"]

    def act(self, action: str) -> object:
        form = {"assignment_id": ASSIGNMENT, "course_id": COURSE_ID}
        return self.ok(f"/assignments/{action}", "POST", form=form)

    def notebook(self, path: str) -> dict:
        return self.ok(f"/api/contents/{urllib.parse.quote(path)}?content=1")["content"]

    def save(self, path: str, content: dict) -> None:
        body = {"type": "notebook", "format": "json", "content": content}
        self.ok(f"/api/contents/{urllib.parse.quote(path)}", "PUT", body=body)


@dataclass
class HubClient:
    url: str
    token: str

    def hub(self, path: str, method: str = "GET", body=None) -> Response:
        return request(f"{self.url}/hub/api{path}", self.token, method, body=body)

    def person(self, name: str) -> Person:
        """The account's own token, made once as an administrator would."""
        made = self.hub("/users", "POST", body={"usernames": [name]})
        assert made.status in (201, 409), made.text
        token = self.hub(f"/users/{name}/tokens", "POST", body={"note": "course round"})
        assert token.status == 201, token.text
        return Person(name, token.json()["token"], self.url)

    def start(self, people: list[Person], timeout: float = 600) -> float:
        """Start everyone's server, each with their own token; seconds until all answer."""
        started = time.monotonic()
        for person in people:
            response = request(
                f"{self.url}/hub/api/users/{person.name}/server", person.token, "POST"
            )
            assert response.status in (201, 202), (person.name, response.text)
        waiting = {p.name for p in people}
        while waiting and time.monotonic() - started < timeout:
            for name in sorted(waiting):
                state = self.hub(f"/users/{name}").json()
                server = state.get("servers", {}).get("", {})
                if server.get("ready"):
                    waiting.discard(name)
            time.sleep(1)
        assert not waiting, f"servers not ready after {timeout} s: {sorted(waiting)}"
        return time.monotonic() - started


def answer(notebook: dict, answers: dict[str, str]) -> dict:
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return notebook


def in_parallel(calls) -> list:
    with ThreadPoolExecutor(max_workers=max(len(calls), 1)) as pool:
        return [f.result() for f in [pool.submit(call) for call in calls]]


def marker(student: str) -> str:
    """Words only this student writes, to tell every submission apart."""
    return f"Written by {student} for the round."


def run_as(user: str, *argv: str) -> subprocess.CompletedProcess:
    """A command as one of the trial's Unix users (what their own server could run)."""
    return subprocess.run(["runuser", "-u", user, "--", *argv], capture_output=True, text=True)


@dataclass
class Round:
    """Everyone on the hub, each with their own token and a running server."""

    client: HubClient
    instructor: Person
    students: list[Person]
    timings: dict[str, float] = field(default_factory=dict)
    collected: dict[str, str] = field(default_factory=dict)  # student -> submitted notebook

    def timed(self, name: str, call):
        started = time.monotonic()
        result = call()
        self.timings[name] = time.monotonic() - started
        return result


def open_round(trial: Trial) -> Round:
    client = HubClient(trial.url, trial.token)
    people = [client.person(name) for name in [trial.instructor, *trial.students]]
    played = Round(client, people[0], people[1:])
    played.timings["servers started"] = client.start(people)
    return played


def release(played: Round) -> None:
    """The instructor makes the student version and releases it, in the formgrader."""
    made = played.instructor.ok(f"/formgrader/api/assignment/{ASSIGNMENT}/assign", "POST")
    assert made["success"], made
    released = played.instructor.ok(f"/formgrader/api/assignment/{ASSIGNMENT}/release", "POST")
    assert released["success"], released


def hand_in(student: Person, answers: dict[str, str]) -> None:
    """Fetch in the Assignment List, answer in the notebook, submit."""
    student.act("fetch")
    path = f"{ASSIGNMENT}/{NOTEBOOK}.ipynb"
    student.save(path, answer(student.notebook(path), answers))
    student.act("submit")


def collect(played: Round) -> dict:
    collected = played.instructor.ok(f"/formgrader/api/assignment/{ASSIGNMENT}/collect", "POST")
    assert collected["success"], collected
    return collected


def load_round(trial: Trial, answers_for) -> Round:
    """Everyone hands in at once; the instructor collects. Timed, for make bench and the test."""
    played = open_round(trial)
    played.timed("release", lambda: release(played))
    calls = [lambda s=s: hand_in(s, answers_for(s.name)) for s in played.students]
    played.timed("fetch, answer and submit, all at once", lambda: in_parallel(calls))
    played.timed("collect", lambda: collect(played))
    played.timings["whole round"] = sum(played.timings.values())
    for folder in (trial.course / "submitted").iterdir():
        notebook = folder / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        played.collected[folder.name] = notebook.read_text()
    return played
