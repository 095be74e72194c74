"""JupyterHub for the Crossing Borders course on one machine: real Unix users, one exchange.

Each person logs in with their Unix account (PAM) and gets their own single-user
server, started as that user (JupyterHub's LocalProcessSpawner, with the hub run
as root). Which server they get depends on their Unix group:

- instructors (Unix group `cb-instructors`): the course folder as their root, with
  nbgrader's formgrader and the course's marking page (deploy/instructor);
- students (Unix group `cb-students`): their home folder, with the Assignment List and
  validation only (deploy/student: no formgrader, course list or marking page).

nbgrader's file-system exchange sits in one shared folder; nbgrader's own modes keep
students apart there (a submission folder cannot be listed, and its name is not
guessable). The course folder is the instructors' group's alone (mode 2770), so
students can read neither the gradebook nor exercises/.

Everything is read from the environment, so the same file serves `make hub` (a
trial on 127.0.0.1 with demo accounts, crossing_borders.hub.trial) and a real host:

    CROSSING_BORDERS_COURSE      the course folder        (/srv/crossing-borders/course)
    CROSSING_BORDERS_EXCHANGE    the exchange             (/srv/crossing-borders/exchange)
    CROSSING_BORDERS_HUB_STATE   the hub's database etc.  (/srv/crossing-borders/hub)
    CROSSING_BORDERS_HUB_PORT    the public port on 127.0.0.1 (8000; +1 hub, +2 proxy API)
    CROSSING_BORDERS_INSTRUCTORS the instructors' Unix group   (cb-instructors)
    CROSSING_BORDERS_STUDENTS    the students' Unix group      (cb-students)
    CROSSING_BORDERS_HUB_TOKEN   optional: an API token for scripts (the trial's, the tests')
"""

import grp
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the hub runs from the course's environment
COURSE = Path(os.environ.get("CROSSING_BORDERS_COURSE", "/srv/crossing-borders/course"))
EXCHANGE = os.environ.get("CROSSING_BORDERS_EXCHANGE", "/srv/crossing-borders/exchange")
STATE = Path(os.environ.get("CROSSING_BORDERS_HUB_STATE", "/srv/crossing-borders/hub"))
PORT = int(os.environ.get("CROSSING_BORDERS_HUB_PORT", "8000"))
INSTRUCTORS = os.environ.get("CROSSING_BORDERS_INSTRUCTORS", "cb-instructors")
STUDENTS = os.environ.get("CROSSING_BORDERS_STUDENTS", "cb-students")

# --- Where it listens: loopback only -------------------------------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = PORT + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 2}"
# configurable-http-proxy from the npm registry, pinned in package-lock.json (make npm).
c.ConfigurableHTTPProxy.command = [str(REPO / "node_modules" / ".bin" / "configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every server it started
c.JupyterHub.cleanup_proxy = True

# --- Who may log in: the course's two Unix groups -----------------------------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {INSTRUCTORS, STUDENTS}
c.PAMAuthenticator.open_sessions = False  # no login sessions: containers have no logind

# --- Each person's server, as their own Unix user ------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180  # thirty servers starting at once on two cores
c.Spawner.http_timeout = 180


def is_instructor(name: str) -> bool:
    return name in grp.getgrnam(INSTRUCTORS).gr_mem


def course_server(spawner) -> None:
    """The instructor's server or the student's, from the person's Unix group."""
    instructor = is_instructor(spawner.user.name)
    role = "instructor" if instructor else "student"
    spawner.environment.update(
        PATH=os.pathsep.join([str(BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
        JUPYTER_CONFIG_PATH=str(REPO / "deploy" / role),
        CROSSING_BORDERS_EXCHANGE=EXCHANGE,
    )
    if instructor:
        # nbgrader finds the course's nbgrader_config.py on the configuration path (a
        # server starts in its user's home); with CROSSING_BORDERS_HUB it makes course
        # files group-shared and collects submissions only from their owners.
        paths = [str(REPO / "deploy" / "instructor"), str(COURSE)]
        spawner.environment["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
        spawner.environment["CROSSING_BORDERS_HUB"] = "1"
        spawner.notebook_dir = str(COURSE)
    else:
        spawner.notebook_dir = "~"


c.Spawner.pre_spawn_hook = course_server

# --- Scripts: an API token with the rights to act for users (the trial prints where) --
token = os.environ.get("CROSSING_BORDERS_HUB_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "course-scripts", "api_token": token}]
    c.JupyterHub.load_roles = [
        {
            "name": "course-scripts",
            "scopes": ["admin:users", "admin:servers", "tokens", "list:users"],
            "services": ["course-scripts"],
        }
    ]
