"""Editing without a terminal: the editing page's configuration, check results on pull requests."""
