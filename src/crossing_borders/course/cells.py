"""Cell tags that change how a notebook runs are the course's to set, not the student's.

nbclient skips a code cell tagged ``skip-execution``; nbgrader would then score
a test cell that never ran as passed. `ClearExecutionTags` takes such tags off
every cell before nbgrader's autograde executes the notebook. (The course's
sandboxed grader never honours them either, so both graders agree.)
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, List, Unicode

EXECUTION_TAGS = ["skip-execution", "raises-exception"]


class ClearExecutionTags(Preprocessor):
    enabled = Bool(True).tag(config=True)
    tags = List(Unicode(), EXECUTION_TAGS, help="tags removed from every cell").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        tags = cell.get("metadata", {}).get("tags")
        if isinstance(tags, list):
            cell.metadata["tags"] = [t for t in tags if t not in self.tags]
        return cell, resources
