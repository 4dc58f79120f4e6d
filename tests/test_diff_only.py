"""--diff-only REF: the hunks of `git diff`, and findings only on the lines changed since REF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.cli import run
from linter.diff_lines import Changes, parse_hunks
from linter.findings import Finding, Severity

REPO = Path(__file__).resolve().parent.parent
WEAK = REPO / "examples" / "weak-report.md"
CLEAN = REPO / "tests" / "reports" / "full-clean" / "report.md"


def git(repo: Path, *args: str) -> str:
    """git with a configuration of its own: the machine's user settings must not change the tests."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "CA", "GIT_AUTHOR_EMAIL": "ca@example.org",
           "GIT_COMMITTER_NAME": "CA", "GIT_COMMITTER_EMAIL": "ca@example.org"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A repository whose first commit holds the weak report; the tests edit it after that."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above tmp_path is found
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = tmp_path / "reports"
    root.mkdir()
    git(root, "init", "--quiet")
    shutil.copy(WEAK, root / "draft.md")
    git(root, "add", "draft.md")
    git(root, "commit", "--quiet", "-m", "first draft")
    monkeypatch.chdir(root)
    return root


def concise(capsys, *argv: str | Path) -> tuple[int, list[str], str]:
    """Exit code, "LINE CODE" of each finding, standard error."""
    code = run(["check", "--format", "concise", *map(str, argv)])
    captured = capsys.readouterr()
    found = [" ".join(re.match(r".*:(\d+):\d+: (\S+) ", line).groups()) for line in captured.out.splitlines()]
    return code, found, captured.err


def edit(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")


# --- hunks ----------------------------------------------------------------------------------------------


def test_parse_hunks() -> None:
    diff = ("diff --git a/d.md b/d.md\n--- a/d.md\n+++ b/d.md\n"
            "@@ -3 +3 @@ heading\n-old\n+new\n"
            "@@ -10,0 +11,2 @@\n+added\n+added\n"
            "@@ -20,3 +21,0 @@\n-gone\n-gone\n-gone\n"
            "@@ -30,2 +28,3 @@\n-a\n-b\n+c\n+d\n+e\n"
            "+@@ -1 +99 @@ a line that only looks like a header\n")
    assert parse_hunks(diff) == Changes(((3, 3), (11, 12), (28, 30)), touched=True)
    assert parse_hunks("") == Changes()


def test_a_deletion_alone_touches_the_file_but_no_line() -> None:
    changes = parse_hunks("@@ -5,2 +4,0 @@\n-a\n-b\n")
    assert changes.touched and changes.ranges == ()


def _at(line: int | None, end_line: int | None = None) -> Finding:
    return Finding("S003", "empty-section", "structure", Severity.ERROR, "empty", line, 1, end_line or line, 2)


def test_which_findings_are_kept() -> None:
    changes = Changes(((10, 12),), touched=True)
    assert [changes.keeps(_at(n)) for n in (9, 10, 12, 13)] == [False, True, True, False]
    assert changes.keeps(_at(5, 10)) and not changes.keeps(_at(5, 9))  # a span that reaches a changed line
    assert changes.keeps(_at(None))  # no line: kept because the file changed
    assert not Changes().keeps(_at(None))
    assert Changes(touched=True, untracked=True).keeps(_at(40))


# --- through the command line ---------------------------------------------------------------------------


def test_only_findings_on_changed_lines(capsys, repo: Path) -> None:
    draft = repo / "draft.md"
    assert len(concise(capsys, "draft.md")[1]) == 17
    edit(draft, 5, "12345", "54321")  # still S007
    edit(draft, 51, "reminded staff", "reminded all staff")  # still R002 and R003
    code, found, err = concise(capsys, "--diff-only", "HEAD", "draft.md")
    assert (code, err) == (1, "")
    assert found == ["5 S007", "51 R002", "51 R003"]


def test_committed_changes_count_against_an_older_ref(capsys, repo: Path) -> None:
    edit(repo / "draft.md", 33, "human error", "a human error")
    git(repo, "commit", "--quiet", "-am", "second draft")
    assert concise(capsys, "--diff-only", "HEAD", "draft.md")[1] == []
    assert concise(capsys, "--diff-only", "HEAD~1", "draft.md")[1] == ["33 C001"]


def test_fixed_findings_leave_nothing_and_exit_0(capsys, repo: Path) -> None:
    edit(repo / "draft.md", 5, "12345", "A123456")
    assert concise(capsys, "--diff-only", "HEAD", "draft.md") == (0, [], "")


def test_unchanged_file_is_not_linted(capsys, repo: Path) -> None:
    code = run(["check", "--format", "json", "-v", "--diff-only", "HEAD", "draft.md"])
    captured = capsys.readouterr()
    assert code == 0
    assert '"results": []' in captured.out
    assert captured.err == "irlint: draft.md: skipped, unchanged since HEAD\n"


def test_untracked_file_is_changed_everywhere(capsys, repo: Path) -> None:
    shutil.copy(WEAK, repo / "new.md")
    code, found, _ = concise(capsys, "--diff-only", "HEAD", repo)  # a folder: draft.md unchanged, new.md new
    assert code == 1
    assert len(found) == 17


def test_file_outside_git_is_a_usage_error(capsys, repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    shutil.copy(WEAK, outside)
    code, found, err = concise(capsys, "--diff-only", "HEAD", outside)
    assert (code, found) == (2, [])
    assert err == f"irlint: {outside}: not in a git work tree (--diff-only compares with a git revision)\n"


@pytest.mark.parametrize(("ref", "message"), [
    ("no-such-branch", "draft.md: bad revision 'no-such-branch'"),
    ("--output=x", "not a git revision: '--output=x'"),
])
def test_bad_revision_is_a_usage_error(capsys, repo: Path, ref: str, message: str) -> None:
    edit(repo / "draft.md", 5, "12345", "54321")
    code = run(["check", f"--diff-only={ref}", "draft.md"])
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err == f"irlint: {message}\n"
    assert not (repo / "x").exists()


def test_missing_git_is_a_usage_error(capsys, repo: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-programs-here"))
    code = run(["check", "--diff-only", "HEAD", "draft.md"])
    assert code == 2
    assert capsys.readouterr().err == "irlint: git is not installed; --diff-only needs it\n"


def test_stdin_is_a_usage_error(capsys, repo: Path) -> None:
    code = run(["check", "--diff-only", "HEAD", "-"])
    assert code == 2
    assert capsys.readouterr().err == \
        "irlint: -: --diff-only compares files with a git revision, not standard input\n"
