"""Links and special files: a folder walk reads regular files only, and links whose file lies inside the folder;
a named link to a file outside the current folder is refused; a named pipe (``<(cat x)``, ``/dev/fd/N``) is the
user's intent and is read (docs/security.md, "Links and special files")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linter.cli import run
from linter.sources import InputError, Skipped, Source, collect, read_source

REPO = Path(__file__).resolve().parent.parent
WEAK = REPO / "examples" / "weak-report.md"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
needs_links = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checked folder ``repo`` (the current folder) with a report, and a private file beside it, outside."""
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / ".git").mkdir()  # the .gitignore search stops here
    shutil.copy(WEAK, repo / "report.md")
    (tmp_path / "private").mkdir()
    shutil.copy(WEAK, tmp_path / "private" / "secret.md")
    monkeypatch.chdir(repo)
    return repo


def _check(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    """Exit code, the sources in the JSON results, and the lines on standard error."""
    code = run(["check", "--format", "json", *argv])
    captured = capsys.readouterr()
    return code, [r["source"] for r in json.loads(captured.out)["results"]], captured.err.splitlines()


@needs_fifo
def test_a_fifo_in_a_folder_is_skipped_without_being_opened(tree: Path, monkeypatch) -> None:
    os.mkfifo(tree / "pipe.md")
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *args, **kw: opened.append(str(path)) or real_open(path, *args, **kw))
    found = collect(["."], [], [])
    assert [str(s) for s in found if isinstance(s, Skipped)] == ["pipe.md: skipped, not a regular file (a named pipe)"]
    assert [s.name for s in found if isinstance(s, Source)] == ["report.md"]
    assert not [path for path in opened if path.endswith("pipe.md")]


@needs_fifo
def test_a_skipped_name_is_said_inert(capsys, tree: Path) -> None:
    os.mkfifo(tree / "\x1b]0;owned\x07pipe.md")
    _, sources, errors = _check(capsys, "--exit-zero", ".")
    assert sources == ["report.md"] and len(errors) == 1
    assert "skipped, not a regular file" in errors[0] and "\x1b" not in errors[0] and "\x07" not in errors[0]


@needs_fifo
def test_a_fifo_in_a_checked_folder_does_not_hold_irlint_check(tree: Path) -> None:
    os.mkfifo(tree / "pipe.md")
    # No writer ever opens the pipe: reading it would wait for ever. The timeout only ends a run that hangs.
    done = subprocess.run([sys.executable, "-m", "linter", "check", "--format", "concise", "--exit-zero", "."],
                          cwd=tree, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0
    assert done.stderr == "irlint: pipe.md: skipped, not a regular file (a named pipe)\n"
    assert "report.md:" in done.stdout


@needs_fifo
def test_a_file_that_became_a_pipe_after_the_walk_is_not_waited_for(tree: Path) -> None:
    os.mkfifo(tree / "late.md")
    with pytest.raises(InputError, match=r"late\.md: not a regular file"):
        read_source(Source("late.md", Path("late.md"), explicit=False))


@needs_links
def test_a_link_out_of_the_folder_is_skipped_and_a_link_inside_is_kept(capsys, tree: Path) -> None:
    (tree / "leak.md").symlink_to(tree.parent / "private" / "secret.md")
    (tree / "sub" / "same.md").symlink_to(tree / "report.md")
    code, sources, err = _check(capsys, "--exit-zero", ".")
    assert code == 0
    assert sources == ["report.md", str(Path("sub") / "same.md")]
    assert err == ["irlint: leak.md: skipped, a link to a file outside the folder checked"]


@needs_links
def test_a_named_link_to_a_file_outside_the_current_folder_is_refused(capsys, tree: Path) -> None:
    (tree / "leak.md").symlink_to(tree.parent / "private" / "secret.md")
    code, sources, err = _check(capsys, "leak.md", "report.md")
    assert code == 2
    assert sources == ["report.md"]  # the other files are still linted
    assert err == ["irlint: leak.md: refused: a link to a file outside the current folder "
                   "(name the file itself to read it)"]


@needs_links
def test_a_named_link_to_a_file_in_its_own_folder_is_read(capsys, tree: Path) -> None:
    (tree.parent / "private" / "alias.md").symlink_to("secret.md")
    code, sources, err = _check(capsys, "--exit-zero", str(tree.parent / "private" / "alias.md"))
    assert (code, sources, err) == (0, [str(tree.parent / "private" / "alias.md")], [])


@needs_links
def test_a_named_file_outside_the_current_folder_is_read(capsys, tree: Path) -> None:
    secret = str(tree.parent / "private" / "secret.md")
    assert _check(capsys, "--exit-zero", secret) == (0, [secret], [])


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd on this platform")
def test_a_named_pipe_from_process_substitution_is_read(capsys, tree: Path) -> None:
    """``irlint check <(cat report.md)`` names /dev/fd/N, a link to a pipe outside the current folder."""
    reader, writer = os.pipe()
    os.write(writer, WEAK.read_bytes())  # the report fits the pipe's buffer
    os.close(writer)
    try:
        code, sources, err = _check(capsys, "--exit-zero", f"/dev/fd/{reader}")
    finally:
        os.close(reader)
    assert (code, sources, err) == (0, [f"/dev/fd/{reader}"], [])


@needs_links
def test_a_named_link_to_a_folder_outside_the_current_folder_is_refused(capsys, tree: Path) -> None:
    (tree / "elsewhere").symlink_to(tree.parent / "private", target_is_directory=True)
    code, sources, err = _check(capsys, "elsewhere", "report.md")
    assert (code, sources) == (2, ["report.md"])
    assert err == ["irlint: elsewhere: refused: a link to a folder outside the current folder "
                   "(name the folder itself to read it)"]


@needs_links
def test_a_loop_of_links_is_a_one_line_error_not_a_traceback(capsys, tree: Path) -> None:
    (tree / "one.md").symlink_to("two.md")
    (tree / "two.md").symlink_to("one.md")
    code, sources, err = _check(capsys, ".")
    assert (code, sources) == (2, ["report.md"])
    assert [line.split(": cannot read: ")[0] for line in err] == ["irlint: one.md", "irlint: two.md"]


@needs_links
def test_a_named_file_inside_a_linked_folder_that_leads_outside_is_refused(capsys, tree: Path) -> None:
    (tree / "docs").symlink_to(tree.parent / "private")
    code, sources, errors = _check(capsys, "docs/secret.md", "report.md")
    assert sources == ["report.md"] and code == 2
    assert errors == ["irlint: docs/secret.md: refused: a link to a file outside the current folder "
                      "(name the file itself to read it)"]


def test_an_unreadable_gitignore_is_one_line_for_its_folder(capsys, tree: Path, monkeypatch) -> None:
    (tree / "sub" / "x.md").write_text("# x\n", encoding="utf-8")
    (tree / "sub" / ".gitignore").write_text("*.tmp\n", encoding="utf-8")
    real_read_text = Path.read_text

    def read_text(self, *args, **kwargs):
        if self.name == ".gitignore":
            raise PermissionError(13, "Permission denied")
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    found = collect(["sub", "report.md"], [], [])
    assert [str(item) for item in found if isinstance(item, InputError)] == [
        f"{tree / 'sub' / '.gitignore'}: cannot read: Permission denied"]
    assert [item.name for item in found if isinstance(item, Source)] == ["report.md"]
