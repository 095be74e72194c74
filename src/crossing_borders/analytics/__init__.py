"""Grade analytics: after grading, how an assignment went, as a page an instructor opens offline.

`make analytics ASSIGNMENT=...` (``crossing-borders analytics ASSIGNMENT``) writes
``analytics/<assignment>/index.html`` with its PNG figures and ``summary.json``;
without an assignment it writes the course's student-by-assignment table,
``analytics/index.html``. The modules, from data to page:

- `data`: reads the gradebook, the export rows and the marking store into dataclasses;
- `stats`: the statistics, pure functions over numbers;
- `summary`: one assignment's numbers, JSON-ready;
- `figures`: the PNGs and their alt text;
- `report`: the HTML pages and the files beside them.
"""
