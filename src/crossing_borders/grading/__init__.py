"""Grading: from a submitted notebook to a returned grade, and what students may see on the way."""
