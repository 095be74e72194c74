"""The course folder and the exchange of a hub, with the modes that keep students apart.

The course folder holds what only instructors may read (exercises/ with solutions
and hidden tests, the gradebook, submissions): it belongs to the instructors' group
with mode 2770 (the set-group-id bit keeps new files in the group). The exchange is
the one folder everyone writes to; nbgrader sets the modes inside it on release
(outbound 755, inbound 2733, feedback 711), and its root is 0777 as nbgrader creates
it. The code and the course's configuration stay in the repository, read-only.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
from pathlib import Path

from crossing_borders.publish.site import copy_config

COURSE_MODE = 0o2770
FILE_MODE = 0o660
EXCHANGE_MODE = 0o777


def lay_out_course(repo: Path, course: Path, owner: str, group: str) -> None:
    """A course folder with the configuration and the exercises, the instructors' alone."""
    course.mkdir(parents=True, exist_ok=True)
    copy_config(repo, course)
    shutil.copytree(repo / "exercises", course / "exercises", dirs_exist_ok=True)
    uid, gid = pwd.getpwnam(owner).pw_uid, grp.getgrnam(group).gr_gid
    for folder, dirs, files in os.walk(course):
        os.chown(folder, uid, gid)
        os.chmod(folder, COURSE_MODE)
        for name in files:
            path = os.path.join(folder, name)
            os.chown(path, uid, gid)
            os.chmod(path, FILE_MODE)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]


def make_exchange(exchange: Path) -> None:
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, EXCHANGE_MODE)
