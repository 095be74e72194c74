"""nbgrader configuration for the Crossing Borders course (the instructor's side).

nbgrader reads this file when a command runs in the repository root. Everything
here keeps nbgrader's own folder conventions except the source folder's name:

    exercises/<assignment>/<notebook>.ipynb   instructor sources (solutions, hidden tests)
    release/    submitted/    autograded/    feedback/    gradebook.db

The exchange (where released assignments, submissions and feedback travel) is
the folder `exchange/` beside this file unless CROSSING_BORDERS_EXCHANGE names
another one, for example a shared /srv/nbgrader/exchange on a JupyterHub.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

from crossing_borders.grading.feedback import ScrubTestOutputs

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

HERE = Path(__file__).resolve().parent

# --- The course and its folders -------------------------------------------------
c.CourseDirectory.course_id = "crossing-borders"
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.source_directory = "exercises"
# Only notebooks are course material; editor and OS clutter never travels.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", ".DS_Store"]

# --- Exchange: local by default, shared when the environment says so -----------
c.Exchange.root = os.environ.get("CROSSING_BORDERS_EXCHANGE", str(HERE / "exchange"))

# --- Student versions -------------------------------------------------------------
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE (150-300 words)"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# --- Execution: each cell gets a bounded time, a stuck kernel is interrupted ----
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.Execute.execute_retries = 0

# --- Feedback: never show hidden tests, their source or their tracebacks --------
# nbgrader's default feedback pipeline is [GetGrades, CSSHTMLHeaderPreprocessor]:
# it renders the autograded notebook, whose test cells were restored from the
# gradebook with their hidden regions and whose failing asserts carry a traceback.
# ScrubTestOutputs replaces every output of a test cell with a neutral message
# (it runs first, while the hidden region is still there to tell which part
# failed); ClearHiddenTests then removes the hidden regions from the source.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    ScrubTestOutputs,
    ClearHiddenTests,
    CSSHTMLHeaderPreprocessor,
]
