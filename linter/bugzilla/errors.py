"""What can go wrong between irlint and Bugzilla or its cache, each as one line for the user.

Nothing here imports anything: the command line catches these without loading the client."""

from __future__ import annotations


class BugzillaError(Exception):
    """A Bugzilla or network failure, as one line (exit 3)."""


class NotFound(BugzillaError):
    """BMO error 101: the bug does not exist."""


class AccessDenied(BugzillaError):
    """BMO error 102: the bug is not visible (private, or security-restricted)."""


class RateLimited(BugzillaError):
    """BMO's rate limit (JSON code 32000) or the block that follows it (HTML 429)."""


class CacheError(Exception):
    """The cache cannot be used (unwritable folder or file, locked or unreadable file): exit 2, one line."""
