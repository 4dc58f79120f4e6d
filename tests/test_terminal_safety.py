"""What irlint writes out: report text reaches the terminal inert, and --output replaces files, not link targets."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from linter.cli import run
from linter.formatters.github import escape_data
from linter.formatters.markdown import escape_cell
from linter.terminal import inert

CLEAR_SCREEN = "\x1b[2J"
LINK = "\x1b]8;;http://x\x1b\\click\x1b]8;;\x1b\\"
# A preliminary report whose invalid disclosure source (S007, quoted in the message) and whose lines (shown by
# the text format) carry a screen clear, an OSC 8 hyperlink, a colour, a bell, an 8-bit CSI and a bidi override.
HOSTILE = (
    "## Preliminary Incident Report\n\n### Summary\n\n"
    f"- **Incident description:** We were told {CLEAR_SCREEN}about it on 2025-05-06; see {LINK}.\n"
    "- **Relevant policies:** TLS BR 4.9.1.1\n"
    "- **Source of incident disclosure:** Sort of \x1b[31mself\x07 \x9b1mreported\u202e by us\n"
)
# Anything that starts a sequence a terminal acts on, or reorders the line around it.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.md"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "markdown"])
def test_report_text_is_printed_inert(capsys, hostile: Path, fmt: str) -> None:
    code = run(["check", "--format", fmt, str(hostile)])
    out = capsys.readouterr().out
    assert code == 1
    assert "S007" in out
    assert UNSAFE.search(out.replace("\n", "")) is None, repr(out)
    # The words stay readable; only what a terminal would act on is gone or replaced.
    assert "Sort of self" in out


def test_text_format_shows_the_line_without_its_escapes_and_points_at_the_value(capsys, hostile: Path) -> None:
    run(["check", "--format", "text", "--select", "S007", str(hostile)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "  7 | - **Source of incident disclosure:** Sort of self\ufffd reported\ufffd by us"
    # The carets count the places the line takes once shown: under the value, as long as it is.
    shown, carets = lines[1].split(" | ", 1)[1], lines[2].split(" | ", 1)[1]
    assert shown[len(carets) - len(carets.lstrip()):].startswith("Sort of self")
    assert len(carets.strip()) == len("Sort of self\ufffd reported\ufffd by us")


def test_the_description_line_loses_its_screen_clear_and_hyperlink(capsys, tmp_path: Path) -> None:
    # S007 only, on a report whose flagged line is the one with the link and the clear.
    path = tmp_path / "line.md"
    path.write_text(HOSTILE.replace("- **Source of incident disclosure:** Sort of", "- **Source of incident "
                                    f"disclosure:** {CLEAR_SCREEN}{LINK} Sort of"), encoding="utf-8")
    run(["check", "--format", "text", "--select", "S007", str(path)])
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "disclosure:** click Sort of self" in out


def test_a_file_name_with_escapes_is_printed_inert(capsys, tmp_path: Path) -> None:
    path = tmp_path / f"name{CLEAR_SCREEN}.md"
    path.write_text(HOSTILE, encoding="utf-8")
    for fmt in ("text", "concise", "github", "markdown"):
        run(["check", "--format", fmt, "--select", "S007", str(path)])
        assert "\x1b" not in capsys.readouterr().out, fmt


@pytest.mark.parametrize(("text", "shown"), [
    (CLEAR_SCREEN + "cleared", "cleared"),
    ("a \x1b[1;31mred\x1b[0m word", "a red word"),
    (f"see {LINK} here", "see click here"),
    ("\x1b]0;new title\x07after", "after"),  # OSC ended by BEL
    ("\x1b]52;c;cGFzdGU=\x1b\\copied", "copied"),  # a clipboard write, ended by ST
    ("\x9b2J8-bit CSI", "8-bit CSI"),
    ("\x1bcreset", "reset"),
    ("bell\x07, backspace\x08, DEL\x7f", "bell\ufffd, backspace\ufffd, DEL\ufffd"),
    ("\x1b]8;;http://never-ended", "8;;http://never-ended"),  # no terminator: only the introducer goes
    ("abc\u202edcba\u2066x\u2069", "abc\ufffddcba\ufffdx\ufffd"),
    ("tabs\tand\nline breaks stay", "tabs\tand\nline breaks stay"),
    ("plain text, Ünïcödé and emoji 🔒", "plain text, Ünïcödé and emoji 🔒"),
])
def test_inert(text: str, shown: str) -> None:
    assert inert(text) == shown


def test_github_escapes_carriage_returns_and_neutralises_the_rest() -> None:
    assert escape_data("a\r\nb\x1b[2Jc\x07") == "a%0D%0Abc\ufffd"


def test_markdown_cells_are_inert() -> None:
    assert escape_cell(f"x {LINK} y\r\nz\x07") == "x click y<br>z\ufffd"


# --- --output -----------------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_output_replaces_a_symlink_instead_of_writing_through_it(capsys, tmp_path: Path) -> None:
    """--output writes a temporary file beside the target and renames it over the target (os.replace): a
    symbolic link planted at the output path is replaced by the new file, and what it pointed to is untouched."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "findings.txt"
    link.symlink_to(victim)
    code = run(["check", "--format", "concise", "--output", str(link), str(Path(__file__).parent.parent
                                                                          / "examples" / "weak-report.md")])
    assert code == 1 and capsys.readouterr().out == ""
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not link.is_symlink() and link.is_file()
    assert "S001" in link.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.txt", "victim.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_output_through_a_symlinked_folder_lands_in_that_folder(capsys, tmp_path: Path) -> None:
    """Only the last component is replaced: a folder named through a link is the folder the user chose."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "via").symlink_to(real, target_is_directory=True)
    run(["parse", "--output", str(tmp_path / "via" / "out.json"),
         str(Path(__file__).parent.parent / "examples" / "preliminary-report.md")])
    assert (real / "out.json").is_file()
