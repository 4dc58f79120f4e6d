"""Bugzilla: the REST client, the on-disk cache, and the bug model the process rules read."""
