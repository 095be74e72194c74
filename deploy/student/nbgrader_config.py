"""nbgrader configuration for students: which course, and where its exchange is.

`make lab` puts this folder on JUPYTER_CONFIG_PATH, so JupyterLab's Assignment
List and the `nbgrader` commands typed in its terminal (fetch_assignment,
validate, submit, fetch_feedback) find the course. On a shared machine or a hub,
set CROSSING_BORDERS_EXCHANGE to the exchange the instructor releases to.
"""

import os
from pathlib import Path

from crossing_borders.schedule import load_schedule

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

COURSE = Path(__file__).resolve().parents[2]

c.CourseDirectory.course_id = load_schedule(COURSE / "course.toml").course_id
c.Exchange.root = os.environ.get("CROSSING_BORDERS_EXCHANGE", str(COURSE / "exchange"))

# Each cell gets a bounded time, here as when the work is graded; a stuck kernel
# is interrupted, so one endless loop does not stop the rest of the checks.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.Execute.execute_retries = 0
