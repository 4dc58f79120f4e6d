"""Data safety and CI behaviour, through the installed ``irlint`` command: outputs never replace inputs, -q and
--silent, paths that yield no file, a closed pipe, text without a template in folders, directives that split a
table, usage errors for bad filters and selections, UTF-16 files and files named twice."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bmo_data import add_synthetic_component

import linter.bugzilla.client as client_module
from linter.cli import run

REPO = Path(__file__).resolve().parent.parent
WEAK = REPO / "examples" / "weak-report.md"
CLEAN = REPO / "tests" / "reports" / "full-clean" / "report.md"
#: The console script pip installed beside this Python; `python -m linter` where there is none.
SCRIPT = Path(sys.executable).parent / "irlint"
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "linter"]
#: A report written freely, with no template: the CA speaking about its certificates, with a date.
NO_TEMPLATE = ("On 2026-03-02 we found that 12 certificates had been issued with an outdated organization name.\n\n"
               "The validation specialist made a mistake. We reminded staff to be more careful when reusing "
               "organization data, and our team will double-check it from now on.\n")


def irlint(cwd: Path, *argv: object, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The installed command, run in ``cwd``; it never prints a traceback."""
    done = subprocess.run([*COMMAND, *map(str, argv)], cwd=cwd, input=stdin, capture_output=True, text=True,
                          timeout=60)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    return done


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(WEAK, tmp_path / "weak.md")
    return tmp_path


# --- never write over an input -------------------------------------------------------------------------------


def test_check_refuses_to_write_its_output_over_an_input(work: Path) -> None:
    before = (work / "weak.md").read_bytes()
    done = irlint(work, "check", "weak.md", "-o", "weak.md")
    assert done.returncode == 2
    assert done.stderr == ("irlint: weak.md: refused: it is an input of this run (weak.md); name another output "
                           "file\n")
    assert (work / "weak.md").read_bytes() == before
    # Also through another name of the same file, and for a file found in a named folder.
    assert irlint(work, "check", "weak.md", "-o", "./weak.md").returncode == 2
    assert irlint(work, "check", ".", "-o", "weak.md").returncode == 2
    assert (work / "weak.md").read_bytes() == before
    assert irlint(work, "check", "weak.md", "-o", "out.txt").returncode == 1  # another file is fine


def test_render_and_parse_refuse_to_write_over_their_input(work: Path) -> None:
    shutil.copy(REPO / "examples" / "facts.yaml", work / "facts.yaml")
    before = (work / "facts.yaml").read_bytes()
    for argv in (("render", "facts.yaml", "-o", "facts.yaml"),
                 ("render", "facts.yaml", "-o", "r.md", "--certificates-csv", "facts.yaml"),
                 ("render", "facts.yaml", "-o", "r.md", "--certificates-csv", "r.md"),
                 ("parse", "facts.yaml", "-o", "facts.yaml")):
        done = irlint(work, *argv)
        assert done.returncode == 2, argv
        assert len(done.stderr.splitlines()) == 1, argv
    assert (work / "facts.yaml").read_bytes() == before
    assert irlint(work, "render", "facts.yaml", "-o", "report.md").returncode == 0


def test_new_refuses_an_existing_file_unless_forced(work: Path) -> None:
    draft = work / "draft.md"
    draft.write_text("my filled-in draft\n", encoding="utf-8")
    done = irlint(work, "new", "-o", "draft.md")
    assert done.returncode == 2
    assert done.stderr == "irlint: draft.md: exists: irlint new does not replace a file (--force does)\n"
    assert draft.read_text(encoding="utf-8") == "my filled-in draft\n"
    assert irlint(work, "new", "-o", "draft.md", "--force").returncode == 0
    assert draft.read_text(encoding="utf-8").startswith("## Full Incident Report")
    assert irlint(work, "new", "-o", "fresh.md").returncode == 0


# --- -q and --silent ----------------------------------------------------------------------------------------


def test_quiet_prints_the_findings_and_nothing_else(work: Path) -> None:
    full = irlint(work, "check", "weak.md")
    quiet = irlint(work, "check", "-q", "weak.md")
    assert quiet.returncode == full.returncode == 1
    assert "weak.md:" in quiet.stdout and "findings (" not in quiet.stdout
    assert full.stdout == quiet.stdout + full.stdout.splitlines()[-1] + "\n"
    concise = irlint(work, "check", "-q", "--format", "concise", "weak.md")
    assert concise.stdout == irlint(work, "check", "--format", "concise", "weak.md").stdout
    assert irlint(work, "check", "-q", CLEAN).stdout == ""  # nothing to say: nothing said


@pytest.mark.parametrize("option", [["--silent"], ["-qq"], ["-q", "-q"]])
def test_silent_prints_nothing_and_the_exit_code_tells(work: Path, option: list[str]) -> None:
    done = irlint(work, "check", *option, "weak.md")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")
    irlint(work, "check", *option, "weak.md", "-o", "out.json", "--format", "json")
    assert json.loads((work / "out.json").read_text(encoding="utf-8"))["summary"]["findings"] > 0


# --- paths that yield no file -------------------------------------------------------------------------------


def test_a_named_folder_without_markdown_warns_and_nothing_at_all_exits_2(work: Path) -> None:
    (work / "empty").mkdir()
    (work / "notes").mkdir()
    (work / "notes" / "todo.txt").write_text("not Markdown\n", encoding="utf-8")
    done = irlint(work, "check", "empty", "notes")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "irlint: empty, notes: no file to lint (include: *.md, *.markdown)\n"
    done = irlint(work, "check", "--format", "concise", "empty", "weak.md")
    assert done.returncode == 1  # the other path is still linted
    assert done.stderr == "irlint: empty: warning: no Markdown file to lint in this folder\n"


def test_a_commit_of_non_report_markdown_still_passes_under_skip_no_report(work: Path) -> None:
    (work / "README.md").write_text("# Our reports\n\nSee the files in this folder.\n", encoding="utf-8")
    done = irlint(work, "check", "--skip-no-report", "README.md")
    assert (done.returncode, done.stderr) == (0, "")


# --- a closed pipe ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["rules"], ["rule", "R001"], ["check", "weak.md"], ["render", "--example"]])
def test_a_pipe_closed_early_ends_quietly(work: Path, argv: list[str]) -> None:
    process = subprocess.Popen([*COMMAND, *argv], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # irlint ... | head -0: the reader is gone before irlint writes (a pipe's buffer would
    # otherwise take the whole output, and the write would never fail)
    error = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in error and "BrokenPipe" not in error
    assert error == ""


# --- text without a template --------------------------------------------------------------------------------


def test_wording_of_a_report_without_template_is_linted_in_folders_and_under_skip_no_report(work: Path) -> None:
    folder = work / "reports"
    folder.mkdir()
    (folder / "plain.md").write_text(NO_TEMPLATE, encoding="utf-8")
    named = irlint(work, "check", "--format", "concise", "reports/plain.md")
    phrases = [line for line in named.stdout.splitlines() if " S005 " not in line]
    assert phrases, named.stdout  # what check FILE gives
    for argv in (["reports"], ["--skip-no-report", "reports/plain.md"]):
        done = irlint(work, "check", "--format", "concise", *argv)
        assert done.stdout.splitlines() == phrases, argv
        assert done.returncode == 1



def test_markdown_that_is_no_report_stays_skipped_in_folders(work: Path) -> None:
    folder = work / "docs"
    folder.mkdir()
    shutil.copy(REPO / "docs" / "rules.md", folder / "rules.md")  # the rules' own examples, by code
    (folder / "notes.md").write_text("# Notes\n\nWe should be more careful with our wiki.\n", encoding="utf-8")
    for argv in (["docs"], ["--skip-no-report", "docs/rules.md", "docs/notes.md"]):
        done = irlint(work, "check", *argv)
        assert done.returncode == 0, (argv, done.stdout[:300])
        assert done.stdout == "0 findings (0 error, 0 warning, 0 info) in 0 sources\n"


# --- a directive between two table rows ---------------------------------------------------------------------


def test_a_directive_that_splits_a_table_is_warned_about(work: Path) -> None:
    lines = (work / "weak.md").read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if "additional training" in line)
    split = [*lines[:row], "<!-- irlint-disable-next-line R001 -->", *lines[row:]]
    (work / "split.md").write_text("\n".join(split) + "\n", encoding="utf-8")
    done = irlint(work, "check", "--format", "concise", "split.md")
    assert f"irlint: split.md:{row + 1}: warning: this irlint directive ends the table" in done.stderr
    # The README's way: disable … enable around the table keeps it whole and suppresses the rule.
    header = row - 2
    end = next(i for i in range(row, len(lines)) if not lines[i].startswith("|"))
    around = [*lines[:header], "<!-- irlint-disable R001 -->", *lines[header:end], "<!-- irlint-enable R001 -->",
              *lines[end:]]
    (work / "around.md").write_text("\n".join(around) + "\n", encoding="utf-8")
    done = irlint(work, "check", "--format", "concise", "around.md")
    rules = [line.split(": ", 1)[1].split()[0] for line in done.stdout.splitlines()]
    assert "R001" not in rules and "A001" not in rules and {"A002", "A004"} <= set(rules)
    assert "warning" not in done.stderr


def test_the_readme_suppression_example_keeps_the_table_whole() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Inline suppression", 1)[1].split("```markdown\n", 1)[1].split("```", 1)[0]
    from linter.suppression import table_splits

    assert "| Prevent |" in example and table_splits(example.splitlines()) == []


# --- usage errors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_empty_selection_is_a_usage_error(work: Path, option: str) -> None:
    done = irlint(work, "check", option, "", "weak.md")
    assert done.returncode == 2
    assert done.stderr == f"irlint: {option} '': names no rule (give codes, prefixes, names or ALL)\n"


def test_scan_refuses_an_unknown_status(work: Path) -> None:
    done = irlint(work, "scan", "--status", "bogus", "--offline", "--cache-dir", work / "cache")
    assert done.returncode == 2
    assert done.stderr.startswith("irlint: --status 'bogus': not a Bugzilla status (UNCONFIRMED, NEW")
    assert len(done.stderr.splitlines()) == 1
    done = irlint(work, "scan", "--status", "open", "--offline", "--cache-dir", work / "cache")
    assert done.returncode == 2 and done.stderr.endswith("CLOSED); --open lists the open bugs\n")
    # A status in any case is accepted: what stops this scan is the cache it does not have.
    done = irlint(work, "scan", "--status", "resolved", "--offline", "--cache-dir", work / "cache")
    assert done.returncode == 2 and "--status" not in done.stderr and "no cache of" in done.stderr


def test_scan_ids_not_in_the_component_exit_2_and_quiet_scan_and_bug(fake_bmo, monkeypatch, work: Path,
                                                                     capsys) -> None:
    monkeypatch.setattr(client_module, "PACE", 0.0)
    monkeypatch.setattr(client_module, "BACKOFF", 0.0)
    ids = add_synthetic_component(fake_bmo, 8, report_every=4)
    common = ["--base-url", fake_bmo.url, "--cache-dir", str(work / "cache"), "--date", "2026-06-01"]
    assert run(["scan", "--exit-zero", *common]) == 0  # the sync, in this process (its pacing is off)
    capsys.readouterr()
    done = irlint(work, "scan", "--offline", "--exit-zero", "--format", "csv", "--ids", f"{ids[0]},999999", *common)
    assert done.returncode == 2
    # Beside the labelled progress lines, one line names the missing bug.
    assert [line for line in done.stderr.splitlines() if line.startswith("irlint:")] == [
        "irlint: --ids: not in the synced component: 999999"]
    assert str(ids[0]) in done.stdout
    # -q: the rows and nothing else (no summary lines); --silent: nothing.
    full = irlint(work, "scan", "--offline", "--exit-zero", *common).stdout
    quiet = irlint(work, "scan", "--offline", "--exit-zero", "-q", *common).stdout
    assert "by rule:" in full and "by rule:" not in quiet and quiet.splitlines() == full.splitlines()[:len(ids) + 1]
    done = irlint(work, "scan", "--offline", "--silent", *common)
    assert (done.stdout, done.stderr) == ("", "")
    # irlint bug from the cache: -q prints the findings without the summary line, --silent nothing.
    full = irlint(work, "bug", ids[0], "--offline", "--exit-zero", *common).stdout
    quiet = irlint(work, "bug", ids[0], "--offline", "--exit-zero", "-q", *common).stdout
    assert "findings (" in full and "findings (" not in quiet and quiet and full.startswith(quiet)
    assert irlint(work, "bug", ids[0], "--offline", "--silent", *common).stdout == ""


def test_bugzilla_errors_stay_exit_3_with_the_reason(fake_bmo, work: Path) -> None:
    done = irlint(work, "bug", "999999", "--base-url", fake_bmo.url, "--no-cache")
    assert done.returncode == 3
    assert done.stderr.startswith("irlint: bug 999999: ") and len(done.stderr.splitlines()) == 1
    (private,) = add_synthetic_component(fake_bmo, 1)
    fake_bmo.set_private(private)
    done = irlint(work, "bug", private, "--base-url", fake_bmo.url, "--no-cache")
    assert done.returncode == 3
    assert done.stderr.startswith(f"irlint: bug {private}: You are not authorized")
    assert len(done.stderr.splitlines()) == 1


# --- UTF-16, and a file named twice -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_is_named_as_such(work: Path, encoding: str) -> None:
    data = WEAK.read_text(encoding="utf-8").encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = "\ufeff".encode(encoding) + data
    (work / "u16.md").write_bytes(data)
    done = irlint(work, "check", "u16.md")
    assert done.returncode == 2
    assert done.stderr == "irlint: u16.md: UTF-16 text, not UTF-8: save it as UTF-8\n"


def test_a_file_named_twice_is_linted_once(work: Path) -> None:
    once = json.loads(irlint(work, "check", "--format", "json", "weak.md").stdout)
    for argv in (["weak.md", "weak.md"], ["weak.md", "./weak.md"], [".", "weak.md"]):
        twice = json.loads(irlint(work, "check", "--format", "json", *argv).stdout)
        assert len(twice["results"]) == 1, argv
        assert twice["summary"] == once["summary"], argv


# --- the README's first steps -------------------------------------------------------------------------------


def test_the_readme_says_why_the_first_command_exits_1_and_how_to_run_irlint(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    assert ".venv/bin/irlint check examples/" in first
    done = irlint(tmp_path, "check", REPO / "examples")
    assert done.returncode == 1 and "weak-report.md" in done.stdout and "full-report.md:" not in done.stdout
    after = readme.split(first, 1)[1][:600]
    assert "exits 1" in after and "weak-report.md" in after
    assert ". .venv/bin/activate" in after and ".venv/bin/irlint" in after


def test_the_output_never_replaces_the_configuration(work: Path) -> None:
    (work / ".irlint.yaml").write_text("ignore: [S004]\n", encoding="utf-8")
    done = irlint(work, "check", "weak.md", "-o", ".irlint.yaml")
    assert done.returncode == 2 and "refused: it is an input of this run" in done.stderr
    assert (work / ".irlint.yaml").read_text(encoding="utf-8") == "ignore: [S004]\n"
