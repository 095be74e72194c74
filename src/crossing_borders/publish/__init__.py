"""What reaches students: the exercises on the site, and the check that no answer leaks."""
