"""Where a file source is in the workspace, for the formats that point at files (GitHub annotations, SARIF)."""

from __future__ import annotations

import os
from pathlib import PurePath


def workspace_path(path: str) -> str | None:
    """The file's path from the current folder, '/'-separated, when it lies inside it; else None.

    Symbolic links are not followed: a link inside the workspace is where the user sees the file.
    """
    workspace = os.path.abspath(os.getcwd())
    absolute = os.path.abspath(path)
    try:
        inside = os.path.commonpath([workspace, absolute]) == workspace and absolute != workspace
    except ValueError:  # another drive
        return None
    if not inside:
        return None
    return PurePath(os.path.relpath(absolute, workspace)).as_posix()
