"""The text format as a terminal user sees it, through the installed ``irlint`` command: --color with NO_COLOR and
FORCE_COLOR (colour only in the text format on standard output), and long source lines cut around the span."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from linter.formatters.text import ELLIPSIS, SLACK, WIDTH

REPO = Path(__file__).resolve().parent.parent
#: The console script pip installed beside this Python; `python -m linter` where there is none.
SCRIPT = Path(sys.executable).parent / "irlint"
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "linter"]
ESC = "\x1b["
#: No report, one 318-character line: S005 spans all of it, R002 spans "reminded staff" at its start.
LONG_START = "We reminded staff " + "w" * 300 + "\n"
#: R002 in the middle of a 400-character line.
LONG_MIDDLE = "x" * 200 + " we reminded staff " + "y" * 181 + "\n"


def _env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}
    return {**env, **variables}


def irlint(cwd: Path, *argv: object, **variables: str) -> subprocess.CompletedProcess:
    """The installed command with standard output on a pipe; it never prints a traceback."""
    done = subprocess.run([*COMMAND, *map(str, argv)], cwd=cwd, capture_output=True, text=True, timeout=60,
                          env=_env(**variables))
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    return done


def on_terminal(cwd: Path, *argv: object, **variables: str) -> str:
    """What the installed command prints with standard output on a terminal (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([*COMMAND, *map(str, argv)], cwd=cwd, stdout=follower,
                                   stderr=subprocess.DEVNULL, env=_env(**variables))
    finally:
        os.close(follower)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the command closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        process.wait(timeout=60)
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "draft.md").write_text(LONG_START, encoding="utf-8")
    return tmp_path


# --- colour --------------------------------------------------------------------------------------------------


def test_auto_colours_a_terminal_only(work: Path) -> None:
    coloured = on_terminal(work, "check", "draft.md")
    assert f"{ESC}1;31m[error]{ESC}0m" in coloured and f"{ESC}1mR002{ESC}0m" in coloured
    assert f"{ESC}1;31m^^^^^^^^^^^^^^{ESC}0m" in coloured  # the carets under "reminded staff"
    piped = irlint(work, "check", "draft.md")
    assert piped.returncode == 1 and "R002 [error]" in piped.stdout and ESC not in piped.stdout
    # Without its escapes, the coloured output is the plain one.
    plain = coloured
    for code in ("1", "1;31", "1;33", "1;36", "34", "0"):
        plain = plain.replace(f"{ESC}{code}m", "")
    assert plain == piped.stdout


def test_no_color_turns_auto_off(work: Path) -> None:
    assert ESC not in on_terminal(work, "check", "draft.md", NO_COLOR="1")
    assert ESC in on_terminal(work, "check", "draft.md", NO_COLOR="")  # set but empty: not asked for


def test_force_color_colours_a_pipe(work: Path) -> None:
    assert ESC in irlint(work, "check", "draft.md", FORCE_COLOR="1").stdout
    assert ESC in irlint(work, "check", "draft.md", FORCE_COLOR="1", NO_COLOR="1").stdout
    assert ESC not in irlint(work, "check", "draft.md", FORCE_COLOR="0").stdout


def test_the_flag_wins_over_the_environment(work: Path) -> None:
    assert ESC in irlint(work, "check", "--color", "always", "draft.md").stdout
    assert ESC in irlint(work, "check", "--color", "always", "draft.md", NO_COLOR="1").stdout
    assert ESC not in irlint(work, "check", "--color", "never", "draft.md", FORCE_COLOR="1").stdout
    assert ESC not in on_terminal(work, "check", "--color", "never", "draft.md")


@pytest.mark.parametrize("fmt", ["concise", "json", "sarif", "github", "markdown", "html"])
def test_colour_only_in_the_text_format(work: Path, fmt: str) -> None:
    done = irlint(work, "check", "--format", fmt, "--color", "always", "draft.md", FORCE_COLOR="1")
    assert done.returncode == 1 and done.stdout and ESC not in done.stdout


def test_never_colour_in_a_file_or_the_statistics(work: Path) -> None:
    done = irlint(work, "check", "--color", "always", "-o", "out.txt", "draft.md", FORCE_COLOR="1")
    written = (work / "out.txt").read_text(encoding="utf-8")
    assert done.returncode == 1 and "R002 [error]" in written and ESC not in written
    assert ESC not in irlint(work, "check", "--statistics", "--color", "always", "draft.md").stdout


def test_bad_color_value_is_a_usage_error(work: Path) -> None:
    done = irlint(work, "check", "--color", "sometimes", "draft.md")
    assert done.returncode == 2 and "--color" in done.stderr and "sometimes" in done.stderr


def test_bug_takes_color_too(work: Path) -> None:
    assert "--color {auto,always,never}" in irlint(work, "bug", "--help").stdout


# --- long lines ----------------------------------------------------------------------------------------------


def _snippet(out: str, rule: str) -> tuple[str, str]:
    """The source line and the caret line printed under the finding of ``rule``."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if f" {rule} [" in line)
    return lines[at + 1].split(" | ", 1)[1], lines[at + 2].split(" | ", 1)[1]


def test_a_long_line_is_cut_and_the_carets_stay_on_it(work: Path) -> None:
    out = irlint(work, "check", "draft.md").stdout
    # S005 covers the whole 318-character line: the carets cover what the line shows, not 318 places.
    source, carets = _snippet(out, "S005")
    assert source == LONG_START[:WIDTH] + ELLIPSIS
    assert carets == "^" * WIDTH
    source, carets = _snippet(out, "R002")
    assert carets == "   " + "^" * len("reminded staff")
    assert source[3:17] == "reminded staff"


def test_a_span_in_the_middle_of_a_long_line(work: Path) -> None:
    (work / "draft.md").write_text(LONG_MIDDLE, encoding="utf-8")
    source, carets = _snippet(irlint(work, "check", "draft.md").stdout, "R002")
    assert source.startswith(ELLIPSIS) and source.endswith(ELLIPSIS) and len(source) == WIDTH + 2
    assert source[len(carets) - len("reminded staff"):len(carets)] == "reminded staff"
    assert carets.strip() == "^" * len("reminded staff")


def test_a_span_at_the_end_of_a_long_line(work: Path) -> None:
    (work / "draft.md").write_text("z" * 300 + " we reminded staff\n", encoding="utf-8")
    source, carets = _snippet(irlint(work, "check", "draft.md").stdout, "R002")
    assert source.startswith(ELLIPSIS) and source.endswith("we reminded staff") and len(source) == WIDTH + 1
    assert carets == " " * (WIDTH + 1 - len("reminded staff")) + "^" * len("reminded staff")


@pytest.mark.parametrize("length", [18, WIDTH, WIDTH + SLACK])
def test_a_short_line_is_not_cut(work: Path, length: int) -> None:
    line = "We reminded staff." + "w" * (length - 18)
    (work / "draft.md").write_text(line + "\n", encoding="utf-8")
    source, carets = _snippet(irlint(work, "check", "draft.md").stdout, "S005")
    assert source == line and carets == "^" * length


def test_the_readme_shows_what_irlint_prints(work: Path) -> None:
    (work / "draft.md").write_text("We reminded staff to double-check the organization name of every request before "
                                   "approval, as from today on all of our validation specialists will receive a "
                                   "monthly reminder by mail.\n",
                                   encoding="utf-8")
    shown = _snippet(irlint(work, "check", "--select", "R002", "draft.md").stdout, "R002")
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(readme) if line.startswith("draft.md:1:4: R002 [error]"))
    assert (readme[at + 1].split(" | ", 1)[1], readme[at + 2].split(" | ", 1)[1]) == shown
