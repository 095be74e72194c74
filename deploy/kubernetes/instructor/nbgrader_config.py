"""nbgrader configuration added for instructors on Zero to JupyterHub.

The hub puts this folder first on instructors' JUPYTER_CONFIG_PATH (values.yaml,
hub.extraConfig). nbgrader then reads the course folder's own nbgrader_config.py,
which leaves both settings below alone:

- the gradebook lives in a database every instructor's server reaches, named by
  CROSSING_BORDERS_DB_URL (for PostgreSQL, postgresql+psycopg2://user:password@host/db);
- the course folder is shared by the instructors' group, so nbgrader writes group-writable
  files (c.CourseDirectory.groupshared).
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

c.CourseDirectory.db_url = os.environ["CROSSING_BORDERS_DB_URL"]
c.CourseDirectory.groupshared = True
