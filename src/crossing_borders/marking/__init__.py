"""Grading reflections criterion by criterion: the marks, the order, regrades, the page.

`store` keeps each criterion's level beside nbgrader's score; `order` decides in
which order graders meet the answers and whether names show; `regrades` records
students' requests; `server` is the marking page, a Jupyter server extension that
`make formgrader` loads beside nbgrader's formgrader.
"""
