"""Where a source is, for the formats that point at it: a path in the workspace, or a Bugzilla bug."""

from __future__ import annotations

import os
import re
from pathlib import PurePath

#: Sources of ``irlint bug``: ``bug:N`` for a bug's process, ``bug:N#cK`` for the report in comment K.
_BUG_SOURCE = re.compile(r"bug:(\d+)(?:#c(\d+))?")
STDIN = "-"


def bug_url(source: str, base_url: str) -> str | None:
    """The web address of a bug source, None for any other source."""
    match = _BUG_SOURCE.fullmatch(source)
    if match is None:
        return None
    comment = f"#c{match[2]}" if match[2] is not None else ""
    return f"{base_url.rstrip('/')}/show_bug.cgi?id={match[1]}{comment}"


def is_file(source: str) -> bool:
    return source != STDIN and _BUG_SOURCE.fullmatch(source) is None


def workspace_path(source: str) -> str | None:
    """The file's path from the current folder, '/'-separated, when it lies inside it; else None.

    Symbolic links are not followed: a link inside the workspace is where the user sees the file.
    """
    workspace = os.path.abspath(os.getcwd())
    absolute = os.path.abspath(source)
    try:
        inside = os.path.commonpath([workspace, absolute]) == workspace and absolute != workspace
    except ValueError:  # another drive
        return None
    if not inside:
        return None
    return PurePath(os.path.relpath(absolute, workspace)).as_posix()
