"""What irlint writes out: report text reaches the terminal inert, and --output replaces files, not link targets."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from bmo_data import bug, comment

import linter.bugzilla.client as client_module
from linter.bugzilla.cache import Cache, cache_file_name
from linter.cli import run
from linter.formatters.github import escape_data
from linter.formatters.markdown import escape_cell
from linter.generate import certificates_csv
from linter.spreadsheet import text_cell
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
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
RETITLE = "\x1b]0;pwned\x07"
# What a hostile Bugzilla puts in a title, a CA name or an error message: a screen clear, an OSC 8 link, an OSC 0
# window title, a right-to-left override and mark, and an 8-bit CSI.
FROM_BUGZILLA = f"{CLEAR_SCREEN}{LINK}{RETITLE}\u202e\u200f\x9b31m"



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


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_formats_escape_what_a_terminal_acts_on_and_keep_the_data(capsys, hostile: Path, fmt: str) -> None:
    run(["check", "--format", fmt, str(hostile)])
    out = capsys.readouterr().out
    assert UNSAFE.search(out.replace("\n", "")) is None, repr(out)
    # The same data: a JSON reader gets the characters back.
    assert "\x9b1mreported\u202e" in json.dumps(json.loads(out), ensure_ascii=False)


def test_parse_escapes_what_a_terminal_acts_on(capsys, hostile: Path) -> None:
    run(["parse", str(hostile)])
    out = capsys.readouterr().out
    assert UNSAFE.search(out.replace("\n", "")) is None, repr(out)
    assert "\x9b1mreported\u202e" in json.dumps(json.loads(out), ensure_ascii=False)


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
    ("marks\u200e\u200f\u061c", "marks\ufffd\ufffd\ufffd"),  # LRM, RLM and the Arabic letter mark
    ("\x9d0;title\x9cafter", "after"),  # OSC and ST in their 8-bit forms
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


# --- what Bugzilla sends, file names on standard error, rule packs ---------------------------------------------


def _shown(out: str) -> bool:
    """Whether ``out`` holds nothing a terminal would act on (its line breaks aside)."""
    return UNSAFE.search(out.replace("\n", "")) is None


@pytest.fixture
def hostile_bmo(fake_bmo, monkeypatch, tmp_path: Path):
    """A component of two bugs whose titles (and so their CA names) carry escape sequences, one of them linking to
    the other, with a crt.sh link broken by a screen clear in a comment; and the options to reach it."""
    monkeypatch.setattr(client_module, "PACE", 0.0)
    monkeypatch.setattr(client_module, "BACKOFF", 0.0)
    monkeypatch.delenv("BUGZILLA_API_KEY", raising=False)
    fake_bmo.add_bug(bug(1900001, summary=f"Old{FROM_BUGZILLA} CA: earlier{FROM_BUGZILLA} incident",
                         creation_time="2025-05-01T08:00:00Z"),
                     [comment(1900001, 0, raw_text="Something happened.")])
    fake_bmo.add_bug(bug(1900002, summary=f"Evil{FROM_BUGZILLA} CA: a{FROM_BUGZILLA} title",
                         creation_time="2026-02-04T10:17:00Z", depends_on=[1900001]),
                     [comment(1900002, 0, raw_text="See https://crt.sh/?id=1\x9b2J\u202e2 now.")])
    return fake_bmo, ["--base-url", fake_bmo.url, "--cache-dir", str(tmp_path / "cache")]


def test_the_scan_table_shows_titles_and_ca_names_inert(capsys, hostile_bmo) -> None:
    fake, options = hostile_bmo
    run(["scan", "--date", "2026-06-01", "--exit-zero", *options])
    out, err = capsys.readouterr()
    assert _shown(out) and _shown(err), repr(out + err)
    # What a terminal would act on is gone; what it would show stays. (The CA name ends at the link's colon.)
    assert "Evilclick\ufffd\ufffd CA: aclick\ufffd\ufffd title" in out
    by_ca = next(line for line in out.splitlines() if line.startswith("by CA: "))
    assert "Evil8;;http 1" in by_ca


@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_scan_csv_and_html_printed_to_a_terminal_are_inert(capsys, hostile_bmo, fmt: str) -> None:
    fake, options = hostile_bmo
    run(["scan", "--date", "2026-06-01", "--exit-zero", "--format", fmt, *options])
    out, err = capsys.readouterr()
    assert "Evil" in out and "\x1b" not in out and "\x9b" not in out and "\u202e" not in out, repr(out[:300])


@pytest.mark.parametrize("fmt", ["html"])
def test_a_bug_page_printed_to_a_terminal_is_inert(capsys, hostile_bmo, fmt: str) -> None:
    fake, options = hostile_bmo
    run(["bug", "1900002", "--date", "2026-06-01", "--exit-zero", "--format", fmt, *options])
    out, err = capsys.readouterr()
    assert "\x1b" not in out and "\x9b" not in out, repr(out[:300])


def test_a_new_draft_from_a_hostile_bug_is_inert(capsys, hostile_bmo) -> None:
    fake, options = hostile_bmo
    code = run(["new", "--kind", "full", "--bug", "1900002", *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert _shown(out), repr(out)
    # The title in the note and the timeline, the related bug's title, and the link from the comment.
    assert out.count("aclick\ufffd\ufffd title") == 2 and "earlierclick\ufffd\ufffd incident" in out
    assert "https://crt.sh/?id=1\ufffd2" in out


def test_a_bugzilla_error_message_is_printed_inert_on_one_line(capsys, hostile_bmo) -> None:
    fake, options = hostile_bmo
    fake.fail("101", path="/rest/bug", times=10, message=f"Bug{FROM_BUGZILLA} gone\nirlint: all clear")
    code = run(["bug", "1900002", *options])
    out, err = capsys.readouterr()
    assert code == 3
    assert _shown(err) and err.count("\n") == 1 and err.startswith("irlint: bug 1900002: "), repr(err)
    assert "gone irlint: all clear" in err


def test_file_names_in_error_lines_are_printed_inert(capsys, tmp_path: Path) -> None:
    name = f"evil{CLEAR_SCREEN}{RETITLE}\u202e\x9b2J.md"
    (tmp_path / name).write_bytes(b"\x00binary")
    code = run(["check", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert _shown(err) and err.count("\n") == 1 and "binary file" in err, repr(err)
    assert "evil" in err


def test_the_cache_warning_is_printed_inert(capsys, tmp_path: Path) -> None:
    folder = tmp_path / f"cache{CLEAR_SCREEN}{RETITLE}\u202e"
    folder.mkdir()
    (folder / cache_file_name("https://bugzilla.example")).write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with Cache(folder, "https://bugzilla.example") as cache:  # the default warning printer
        assert cache.bug(1) is None
    err = capsys.readouterr().err
    assert "cache was corrupt" in err and _shown(err), repr(err)


# A user rule whose message, description, explanation and example carry escape sequences (JSON is YAML).
HOSTILE_RULE = json.dumps({
    "extends": "existence", "code": "U101", "message": f"'{{match}}' is not a date{RETITLE}", "severity": "error",
    "category": "remediation", "tokens": ["going forward"],
    "description": f"going forward{CLEAR_SCREEN} instead of a date\u202e\n\nOur reviewers{LINK} want dates.",
    "examples": {"fail": ["Going forward we will check.\x9b2J"], "pass": ["From 2026-03-01 we check."]},
})


# (Rule codes and names are checked when a pack loads, as a code and a kebab-case file name: --statistics, which
# prints only those, has nothing to neutralise.)
@pytest.mark.parametrize("argv", [["rules"], ["rule", "U101"]])
def test_a_rule_pack_is_listed_and_explained_inert(capsys, tmp_path: Path, monkeypatch, argv) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "rule.yaml").write_text(HOSTILE_RULE, encoding="utf-8")
    (tmp_path / ".irlint.yaml").write_text("rules-paths: [house]\n", encoding="utf-8")
    (tmp_path / "draft.md").write_text("Going forward we will check every order.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run(argv)
    out, err = capsys.readouterr()
    assert "U101" in out, err
    assert _shown(out), repr(out)


# --- CSV: cells a spreadsheet would run -------------------------------------------------------------------------

FORMULA = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_would_run_is_written_as_text(start: str) -> None:
    assert text_cell(f"{start}1+2") == f"'{start}1+2"


@pytest.mark.parametrize("text", ["Example CA: late CRL", "1+2", " =1", "'quoted", ""])
def test_other_cells_are_written_as_they_are(text: str) -> None:
    assert text_cell(text) == text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_scan_csv_titles_and_ca_names_do_not_run(capsys, fake_bmo, monkeypatch, tmp_path: Path, start: str) -> None:
    monkeypatch.setattr(client_module, "PACE", 0.0)
    fake_bmo.add_bug(bug(1900003, summary=f"{start}Evil CA: {FORMULA}"), [comment(1900003, 0, raw_text="Hi.")])
    fake_bmo.add_bug(bug(1900004, summary=FORMULA), [comment(1900004, 0, raw_text="Hi.")])
    run(["scan", "--format", "csv", "--exit-zero", "--base-url", fake_bmo.url, "--cache-dir", str(tmp_path / "c")])
    rows = {row["bug"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["1900004"]["title"] == "'" + FORMULA
    # A carriage return is no text for a terminal either: made inert, it shows as U+FFFD and runs nothing.
    shown = "\ufffd" if start == "\r" else f"'{start}"
    assert rows["1900003"]["title"] == f"{shown}Evil CA: {FORMULA}"
    assert not any(rows[bug_id][key].startswith(("=", "+", "-", "@", "\t", "\r"))
                   for bug_id in rows for key in ("ca", "title", "status"))
    # irlint's own numbers are not text from Bugzilla: written as they are.
    assert rows["1900003"]["errors"].isdigit() and rows["1900003"]["days_since_ca_comment"].lstrip("-").isdigit()


def test_the_certificates_csv_does_not_run_what_a_certificate_says() -> None:
    row = {"precertificate_sha256": "N/A", "certificate_sha256": "ab" * 32, "subject": FORMULA,
           "issuer": "@SUM(1+9)*cmd|' /C calc'!A0", "not_before": "2026-03-02T08:14:00Z",
           "not_after": "2027-04-06T08:14:00Z", "serial": "0x1f", "dns_names": ["-x.example"], "is_revoked": True,
           "revocation_date": "2026-03-06T10:00:00Z", "revocation_reason": "+superseded"}
    (_, cells), = [list(csv.reader(io.StringIO(certificates_csv([row]))))]
    assert cells[2:4] == ["'" + FORMULA, "'@SUM(1+9)*cmd|' /C calc'!A0"]
    assert cells[7] == "'-x.example" and cells[10] == "'+superseded"
    assert cells[:2] == ["N/A", "ab" * 32] and cells[4] == "2026-03-02T08:14:00Z" and cells[6] == "1f"
