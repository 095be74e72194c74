"""The instructor guide's `make hub`, walked on loopback with real Unix accounts.

One hub_term of chapter 1 on the hub: the instructor releases in the formgrader; three
students fetch, answer and submit in their own servers (one of them after the
deadline, and one also tries to hand in work in a classmate's name); the instructor
collects, the course's grading command grades, the instructor marks the reflections
on the marking page and returns feedback; each student fetches their own. Then the
boundaries are tried, as the students' own Unix users and with their own tokens, and
Ctrl-C must leave nothing behind: no process, account, folder or open port.
"""

from __future__ import annotations

import html
import http.cookiejar
import os
import pwd
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from exercise_course import first_reflection, solutions
from hub_round import (
    ASSIGNMENT,
    COURSE_ID,
    NOTEBOOK,
    Round,
    Trial,
    collect,
    hand_in,
    in_parallel,
    marker,
    open_round,
    release,
    request,
    run_as,
    start_trial,
)
from journey import ROOT, clean_environment, guide_steps, set_calendar
from nbgrader.api import Gradebook

from crossing_borders.hub.accounts import exists as accounts_exist

pytestmark = pytest.mark.slow
HUB_STEP = {s.name: s for s in guide_steps(ROOT / "guides" / "instructor.md")}["instructor-hub"]
REFLECTION, REFLECTION_POINTS = first_reflection(ASSIGNMENT)


def answers_for(student: str) -> dict[str, str]:
    words = " ".join(["The programme lowers the cost of working across traditions."] * 20)
    return {**solutions(ASSIGNMENT), REFLECTION: f"{marker(student)} {words}"}


def grade_as_root(trial: Trial) -> subprocess.CompletedProcess:
    """The course's own grading command, on the grading host (root, for the sandbox)."""
    env = {
        **os.environ,
        "CROSSING_BORDERS_HUB": "1",
        "CROSSING_BORDERS_EXCHANGE": str(trial.exchange),
    }
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("crossing-borders")),
            "grade",
            ASSIGNMENT,
            "--course-root",
            str(trial.course),
            "--no-progress",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


class Term:
    def __init__(self, trial: Trial, played: Round) -> None:
        self.trial, self.played = trial, played
        self.seen: dict[str, object] = {}


@pytest.fixture(scope="module")
def hub_term(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.fail("the hub journey makes Unix accounts: `make test` runs as root in CI")
    base = tmp_path_factory.mktemp("hub")
    env = clean_environment(base / "home")
    trial = start_trial(ROOT, HUB_STEP.script, 3, base / "hub.log", env)
    try:
        played = open_round(trial)
        yield _play(Term(trial, played))
    finally:
        if trial.process.poll() is None:  # the last test stops it, as a person would
            trial.stop()


def _play(hub_term: Term) -> Term:
    trial, played = hub_term.trial, hub_term.played
    first, second, late = played.students
    now = datetime.now(UTC).replace(microsecond=0)
    set_calendar(  # due an hour ago; the first two students have two more days
        trial.course / "course.toml",
        ASSIGNMENT,
        now - timedelta(days=2),
        now - timedelta(hours=1),
        [first.name, second.name],
    )
    release(played)
    hub_term.seen["listed"] = {s.name: s.assignments() for s in played.students}
    in_parallel([lambda s=s: hand_in(s, answers_for(s.name)) for s in (first, second)])
    # The first student also hands in a notebook in the second one's name, later.
    inbound = trial.exchange / COURSE_ID / "inbound"
    forged = inbound / f"{second.name}+{ASSIGNMENT}+2099-01-01 00:00:00.000000 UTC+forged"
    hub_term.seen["forge"] = run_as(first.name, "mkdir", str(forged))
    hand_in(late, answers_for(late.name))
    hub_term.seen["inbound"] = sorted(p.name for p in inbound.iterdir())
    hub_term.seen["collect"] = collect(played)
    hub_term.seen["grade"] = grade_as_root(trial)
    hub_term.seen["marked"] = _mark(played)
    for action in ("generate_feedback", "release_feedback"):
        hub_term.seen[action] = played.instructor.ok(
            f"/formgrader/api/assignment/{ASSIGNMENT}/{action}", "POST"
        )
    for student in played.students:
        student.act("fetch_feedback")
    hub_term.seen["feedback"] = {s.name: _feedback(s) for s in played.students}
    hub_term.seen["boundaries"] = _try_boundaries(hub_term)
    return hub_term


def _mark(played: Round) -> dict[str, dict]:
    """Every reflection on the marking page: the best level on every criterion."""
    saved = {}
    for position in range(1, len(played.students) + 1):
        page = played.instructor.call(
            f"/crossing-borders/marking/{ASSIGNMENT}/{NOTEBOOK}/{REFLECTION}/{position}"
        ).text
        save = html.unescape(re.search(r'data-save="([^"]+)"', page).group(1))
        criteria = [html.unescape(c) for c in re.findall(r'data-criterion="([^"]+)"', page)]
        best = re.findall(r'<input type="radio" id="c(\d+)-l1" name="c\d+" value="([^"]+)"', page)
        levels = {criteria[int(i)]: html.unescape(label) for i, label in best}
        reply = played.instructor.call(
            save.split(f"/user/{played.instructor.name}", 1)[1],
            "POST",
            body={"levels": levels, "comments": {}, "regrades": []},
        )
        assert reply.status == 200, reply.text
        result = reply.json()
        saved[result["student"]] = result
    return saved


def _feedback(student) -> str:
    listing = student.ok(f"/api/contents/{ASSIGNMENT}/feedback")["content"]
    (stamp,) = [entry["name"] for entry in listing]
    path = urllib.parse.quote(f"{ASSIGNMENT}/feedback/{stamp}/{NOTEBOOK}.html")
    page = student.ok(f"/api/contents/{path}?content=1")
    return page["content"]


def _try_boundaries(hub_term: Term) -> dict[str, object]:
    trial, played = hub_term.trial, hub_term.played
    first, second, _ = played.students
    course, exchange = trial.course, trial.exchange / COURSE_ID
    home = Path(pwd.getpwnam(second.name).pw_dir)
    own = next(p for p in (exchange / "inbound").iterdir() if p.name.startswith(f"{second.name}+"))
    tries = {
        "list inbound": ["ls", str(exchange / "inbound")],
        "list feedback": ["ls", str(exchange / "feedback")],
        "read the gradebook": ["cat", str(course / "gradebook.db")],
        "list exercises": ["ls", str(course / "exercises")],
        "read a classmate's notebook": ["cat", str(home / ASSIGNMENT / f"{NOTEBOOK}.ipynb")],
        "list a classmate's home": ["ls", str(home)],
    }
    results = {name: run_as(first.name, *argv) for name, argv in tries.items()}
    http = {
        "the instructor's server": request(
            f"{first.hub}/user/{played.instructor.name}/api/contents", first.token
        ),
        "a classmate's server": request(
            f"{first.hub}/user/{second.name}/api/contents", first.token
        ),
        "the formgrader, on their own server": first.call("/formgrader/api/assignments"),
        "the marking page, on their own server": first.call("/crossing-borders/marking/"),
        "a path out of their home": first.call("/api/contents/..%2F..%2Fetc"),
    }
    return {"shell": results, "http": http, "classmate's folder name": own.name}


def leftovers(trial: Trial) -> dict[str, list]:
    """What is left of the trial: processes of its users, accounts, folders, open ports."""
    names = [trial.instructor, *trial.students]
    accounts = [n for n in names if accounts_exist(n)]
    processes = []
    for name in accounts:
        found = subprocess.run(["pgrep", "-u", name], capture_output=True, text=True)
        processes += found.stdout.split()
    port = int(trial.url.rsplit(":", 1)[1])
    open_ports = []
    for number in (port, port + 1, port + 2):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", number)) == 0:
                open_ports.append(number)
    folders = [str(p) for p in (trial.course, trial.exchange) if p.exists()]
    return {"accounts": accounts, "processes": processes, "folders": folders, "ports": open_ports}


# --------------------------------------------------------------------------- the tests


def test_the_printed_logins_work_and_a_wrong_password_does_not(hub_term):
    trial = hub_term.trial

    def login(password: str) -> int:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(f"{trial.url}/hub/login").read()
        xsrf = next(c.value for c in jar if c.name == "_xsrf")
        form = urllib.parse.urlencode(
            {"username": trial.instructor, "password": password, "_xsrf": xsrf}
        ).encode()
        try:
            with opener.open(f"{trial.url}/hub/login", data=form) as response:
                return response.status if "/hub/login" not in response.url else 403
        except urllib.error.HTTPError as error:
            return error.code

    assert login(trial.accounts[trial.instructor]) == 200
    assert login("not-the-password") == 403


def test_students_see_the_release_and_only_the_student_side(hub_term):
    for student, listing in hub_term.seen["listed"].items():
        assert [a["assignment_id"] for a in listing] == [ASSIGNMENT], student
        assert listing[0]["status"] == "released"
    http = hub_term.seen["boundaries"]["http"]
    assert http["the formgrader, on their own server"].status == 404
    assert http["the marking page, on their own server"].status == 404


def test_every_submission_is_collected_as_its_author_handed_it_in(hub_term):
    trial, played = hub_term.trial, hub_term.played
    assert hub_term.seen["forge"].returncode == 0, "a student can write into inbound"
    second = played.students[1].name
    assert (
        f"claims to be from {second} but belongs to {played.students[0].name}"
        in (hub_term.seen["collect"]["log"])
    )
    for student in played.students:
        path = trial.course / "submitted" / student.name / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        text = path.read_text()
        assert marker(student.name) in text
        others = [s.name for s in played.students if s is not student]
        assert not any(marker(o) in text for o in others)
    genuine = [n for n in hub_term.seen["inbound"] if not n.endswith("+forged")]
    assert len(genuine) == len(played.students)
    for name in genuine:  # nbgrader's names end in 12 random characters: not guessable
        assert re.search(r"\+[A-Za-z0-9_-]{12}$", name), name


def test_the_course_grader_grades_and_the_late_submission_is_recorded_late(hub_term):
    grade = hub_term.seen["grade"]
    assert grade.returncode == 0, grade.stdout[-3000:] + grade.stderr[-3000:]
    late = hub_term.played.students[2].name
    with Gradebook(f"sqlite:///{hub_term.trial.course / 'gradebook.db'}") as gb:
        lateness = {
            s.name: gb.find_submission(ASSIGNMENT, s.name).total_seconds_late
            for s in hub_term.played.students
        }
    assert lateness[late] > 3000
    assert all(seconds == 0 for name, seconds in lateness.items() if name != late)


def test_reflections_marked_on_the_page_and_each_student_gets_their_own_feedback(hub_term):
    marked = hub_term.seen["marked"]
    assert sorted(marked) == sorted(s.name for s in hub_term.played.students)
    assert all(r["total"] == REFLECTION_POINTS for r in marked.values())
    assert (
        hub_term.seen["generate_feedback"]["success"]
        and hub_term.seen["release_feedback"]["success"]
    )
    for student, page in hub_term.seen["feedback"].items():
        assert marker(student) in page
        assert f"criterion by criterion: {REFLECTION_POINTS:g} of" in page
        others = [s.name for s in hub_term.played.students if s.name != student]
        assert not any(marker(o) in page for o in others)


def test_a_student_cannot_reach_what_is_not_theirs(hub_term):
    shell = hub_term.seen["boundaries"]["shell"]
    for attempt, result in shell.items():
        assert result.returncode != 0, attempt
        assert "Permission denied" in result.stderr, (attempt, result.stderr)
    http = hub_term.seen["boundaries"]["http"]
    assert http["the instructor's server"].status == 403
    assert http["a classmate's server"].status == 403
    assert http["a path out of their home"].status in (400, 403, 404)


def test_ctrl_c_leaves_nothing_behind(hub_term):
    trial = hub_term.trial
    status = trial.stop()
    log = trial.log.read_text(errors="replace")
    assert status in (0, 130, -signal.SIGINT), log[-3000:]  # make exits by Ctrl-C
    assert "Stopped. Nothing of the trial is left." in log
    assert leftovers(trial) == {"accounts": [], "processes": [], "folders": [], "ports": []}
