"""Linting whole Bugzilla bugs: which comments and attachments hold reports, linting them with the bug's process,
and scanning the cached component. Built on linter.bugzilla (the REST adapter) and the lint pipeline."""
