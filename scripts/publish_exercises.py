"""Build the site's Exercises part from nbgrader's release output (run from the repository root).

1. `nbgrader generate_assignment` runs on a scratch copy of exercises/, so the
   instructor's gradebook.db and release/ are never touched;
2. each student notebook is copied to exercises_site/<notebook>.ipynb, outputs
   stripped and myst-nb execution switched off;
3. the leak scanner checks exercises_site/ against every solution and hidden test.

Exit status: 0 when published and clean, non-zero otherwise.
"""

from __future__ import annotations

import sys

from crossing_borders.grading.leaks import main as scan
from crossing_borders.grading.site import SITE_FOLDER
from crossing_borders.grading.site import main as publish


def main() -> int:
    return publish([]) or scan([SITE_FOLDER])


if __name__ == "__main__":
    sys.exit(main())
