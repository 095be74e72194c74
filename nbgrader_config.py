"""nbgrader configuration for the Crossing Borders course (the instructor's side).

nbgrader reads this file when a command runs in the repository root, and so does
the formgrader that `make formgrader` opens. It keeps nbgrader's own folder
conventions except the source folder's name:

    exercises/<assignment>/<notebook>.ipynb   instructor sources (solutions, hidden tests)
    release/    submitted/    autograded/    feedback/    gradebook.db

Dates, the late policy and extensions live in `course.toml`, read here and by the
course's plugins. The exchange (where released assignments, submissions and
feedback travel) is the folder `exchange/` beside this file unless
CROSSING_BORDERS_EXCHANGE names another one, for example a shared
/srv/nbgrader/exchange. Students use `deploy/student/nbgrader_config.py`.
"""

import os
import sys
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.converters import Autograde, GenerateAssignment
from nbgrader.preprocessors import AssignLatePenalties, ClearHiddenTests, GetGrades

from crossing_borders.course.cells import ClearExecutionTags
from crossing_borders.course.deadlines import (
    CourseLatePolicy,
    LatenessNote,
    StampDueDate,
    SyncSchedule,
)
from crossing_borders.course.export import CourseExport
from crossing_borders.course.feedback import OFFLINE_TEMPLATES, ScrubTestOutputs
from crossing_borders.course.objectives import ShowObjectives
from crossing_borders.marking.feedback import RubricMarks

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

HERE = Path(__file__).resolve().parent

# nbgrader runs `alembic` by name when it first creates gradebook.db. Put this
# environment's scripts on PATH, so `.venv/bin/nbgrader ...` works without
# activating the environment (otherwise the first command fails half-way and
# leaves a gradebook that later migrations cannot upgrade).
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])

# --- What students see too: course id, exchange, time limits ----------------------
# The student side's configuration, loaded first so both sides agree on the course
# id, the exchange (here unless CROSSING_BORDERS_EXCHANGE says otherwise) and how
# long a cell may run.
load_subconfig("nbgrader_config.py", path=str(HERE / "deploy" / "student"))  # noqa: F821

# --- The course folder -------------------------------------------------------------
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.source_directory = "exercises"
# Only notebooks are course material; editor and OS clutter never travels.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", ".DS_Store"]
# --- On a hub (deploy/jupyterhub sets CROSSING_BORDERS_HUB=1 for instructors) -------
# Instructors share the course folder through their Unix group, so what nbgrader
# writes is made group-writable; every student is a Unix user, so a submission is
# collected only from the student who owns it (crossing_borders.course.exchange).
ON_HUB = os.environ.get("CROSSING_BORDERS_HUB") == "1"
c.CourseDirectory.groupshared = ON_HUB
if ON_HUB:
    c.ExchangeFactory.collect = "crossing_borders.course.exchange.OwnedCollect"
c.CourseCalendar.path = str(HERE / "course.toml")

# --- Student versions: the due date and the objectives go into each one ------------
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"
c.ShowObjectives.chapters = str(HERE / "chapters")
c.GenerateAssignment.preprocessors = [
    SyncSchedule,
    StampDueDate,
    ShowObjectives,  # the objectives each prompt assesses, in the chapter's words
    *GenerateAssignment.class_traits()["preprocessors"].default(),
]

# --- Deadlines: course.toml's due dates, extensions and late policy ---------------
c.Autograde.sanitize_preprocessors = [
    SyncSchedule,
    ClearExecutionTags,  # a test tagged skip-execution must still run
    *Autograde.class_traits()["sanitize_preprocessors"].default(),
]
c.AssignLatePenalties.plugin_class = CourseLatePolicy

# --- Feedback: never show hidden tests, their source or their tracebacks --------
# nbgrader's default feedback pipeline is [GetGrades, CSSHTMLHeaderPreprocessor]:
# it renders the autograded notebook, whose test cells were restored from the
# gradebook with their hidden regions and whose failing asserts carry a traceback.
# The late penalty is recomputed first, with the reflections' scores in it.
# ScrubTestOutputs replaces every output of a test cell with a neutral message
# (it runs first, while the hidden region is still there to tell which part
# failed); ClearHiddenTests then removes the hidden regions from the source.
# RubricMarks puts each reflection's marks, criterion by criterion, under the answer.
c.GenerateFeedback.preprocessors = [
    SyncSchedule,
    AssignLatePenalties,
    GetGrades,
    RubricMarks,
    ScrubTestOutputs,
    LatenessNote,
    ClearHiddenTests,
    CSSHTMLHeaderPreprocessor,
]
# --- Pages that show students' work: the formgrader and the feedback -------------
# Nothing a student wrote may run as script or load anything there: outputs and
# Markdown answers are sanitised against an allow-list (crossing_borders.course.sanitize).
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.filters = {
    "clean_html": "crossing_borders.course.sanitize.clean_html",
    "markdown2html": "crossing_borders.course.sanitize.markdown2html",
}
# Neither page loads MathJax from a CDN: nbconvert finds the course's template
# folder first on JUPYTER_PATH, and its mathjax macro loads nothing. (Neither
# template can be chosen by configuration alone: the formgrader fixes its own.)
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    [OFFLINE_TEMPLATES, *filter(None, [os.environ.get("JUPYTER_PATH")])]
)

# --- Export: `nbgrader export` writes grades.csv with status and lateness ---------
c.ExportApp.plugin_class = CourseExport
