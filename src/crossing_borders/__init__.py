"""Crossing Borders: teaching models, explorables and grading tools for the course."""

__version__ = "0.1.0"
