"""The course inside nbgrader: its calendar, late policy, export, feedback, checks and safety.

Everything here is an nbgrader plugin, preprocessor or template that
`nbgrader_config.py` (the instructor's) or `deploy/student/nbgrader_config.py`
(the students') configures, so nbgrader's own commands apply the course's rules.
"""
