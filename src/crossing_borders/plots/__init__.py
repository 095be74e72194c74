"""Plot functions: each draws one model result onto an Axes it is given."""
