"""Autograding a class: nbgrader's autograde pipeline, with execution in a bubblewrap sandbox."""
