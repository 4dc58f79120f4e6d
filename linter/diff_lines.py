"""--diff-only: which lines of a file changed since a git revision, and which findings fall on them."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from linter.findings import Finding

#: The new side of a hunk header of `git diff --unified=0`: "@@ -a,b +c,d @@", where ",b" and ",d" mean 1
#: when left out and "+c,0" is a deletion after line c.
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


class DiffError(Exception):
    """git cannot say what changed: one line naming the file or the revision."""


@dataclass(frozen=True)
class Changes:
    """How one file differs from the revision, in the file's current line numbers."""

    #: Inclusive (first, last) ranges of added or modified lines.
    ranges: tuple[tuple[int, int], ...] = ()
    #: Whether anything changed at all (a deletion leaves no range but counts).
    touched: bool = False
    #: The file is not in git: every line of it is new.
    untracked: bool = False

    def keeps(self, finding: Finding) -> bool:
        """A finding on a changed line, or with no line in a file that changed at all."""
        if not self.touched:
            return False
        if finding.line is None or self.untracked:
            return True
        last = max(finding.end_line or finding.line, finding.line)
        return any(first <= last and finding.line <= end for first, end in self.ranges)

    def kept(self, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        return tuple(finding for finding in findings if self.keeps(finding))


def parse_hunks(diff: str) -> Changes:
    """The changed lines of a one-file `git diff --unified=0`."""
    ranges = []
    touched = False
    for match in _HUNK.finditer(diff):
        touched = True
        start = int(match[1])
        length = 1 if match[2] is None else int(match[2])
        if length:
            ranges.append((start, start + length - 1))
    return Changes(tuple(ranges), touched)


def changes_since(revision: str, path: Path) -> Changes:
    """How ``path`` (as it is on disk) differs from ``revision`` in the git repository that holds it."""
    if revision.startswith("-"):  # git would take it for an option
        raise DiffError(f"not a git revision: {revision!r}")
    folder, name = path.absolute().parent, path.name
    if _git(folder, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise DiffError(f"{path}: not in a git work tree (--diff-only compares with a git revision)")
    if _git(folder, "ls-files", "--error-unmatch", "--", name).returncode != 0:
        return Changes(touched=True, untracked=True)
    diff = _git(folder, "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--unified=0", revision, "--", name)
    if diff.returncode != 0:
        reason = next((line for line in diff.stderr.splitlines() if line.strip()), "git diff failed")
        raise DiffError(f"{path}: {reason.removeprefix('fatal: ')}")
    return parse_hunks(diff.stdout)


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed; --diff-only needs it") from None
