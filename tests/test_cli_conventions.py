"""Conventions users of ruff and Vale expect, through the installed ``irlint`` command: every sub-command's --help
describes each argument and ends with examples, mistyped rule codes, options and sub-commands get a "did you
mean", and each linted file takes the configuration nearest up from its own folder (--show-settings shows it)."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linter.cli import _parser

REPO = Path(__file__).resolve().parent.parent
WEAK = REPO / "examples" / "weak-report.md"
#: The console script pip installed beside this Python; `python -m linter` where there is none.
SCRIPT = Path(sys.executable).parent / "irlint"
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "linter"]


def irlint(cwd: Path, *argv: object, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The installed command, run in ``cwd``; it never prints a traceback."""
    done = subprocess.run([*COMMAND, *map(str, argv)], cwd=cwd, input=stdin, capture_output=True, text=True,
                          timeout=60)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    return done


def _commands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


COMMANDS = sorted(_commands())


def rules_of(out: str) -> list[str]:
    return [line.split(": ", 1)[1].split()[0] for line in out.splitlines()]


# --- --help ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", COMMANDS)
def test_the_command_line_of_one_command_is_the_whole_ones_part(name: str) -> None:
    """run() builds only the command it runs: its parser takes the same arguments and prints the same help."""
    alone = next(a for a in _parser(name)._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert list(alone) == [name]
    whole = _commands()[name]
    assert alone[name].format_help() == whole.format_help()
    assert [vars(action) | {"container": None} for action in alone[name]._actions] == \
        [vars(action) | {"container": None} for action in whole._actions]




def test_every_argument_of_every_sub_command_has_a_help_text() -> None:
    missing = [f"{name} {action.option_strings or action.metavar or action.dest}"
               for name, parser in _commands().items() for action in parser._actions if not action.help]
    assert missing == []


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_each_sub_command_names_every_option_and_ends_with_examples(tmp_path: Path, command: str) -> None:
    done = irlint(tmp_path, command, "--help")
    assert done.returncode == 0, done.stderr
    parser = _commands()[command]
    for action in parser._actions:
        for option in action.option_strings:
            assert option in done.stdout, option
    examples = done.stdout.split("\nexamples:\n", 1)[1].splitlines()
    # Printed as written (RawDescriptionHelpFormatter): each example a command line of its own.
    assert examples and all(line.startswith(f"  irlint {command}") for line in examples)


# --- did you mean ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("argv", "expected"), [
    (["check", "--select", "R0001", "weak.md"], "irlint: unknown rule code or name: 'R0001'; did you mean R001?"),
    (["check", "--ignore", "trainng-remediation", "weak.md"],
     "irlint: unknown rule code or name: 'trainng-remediation'; did you mean training-remediation?"),
    (["rule", "S0003"], "irlint: unknown rule code or name: 'S0003'; did you mean S003?"),
    (["chek", "weak.md"], "did you mean check?"),
    (["check", "--selct", "R", "weak.md"], "unrecognized arguments: --selct; did you mean --select?"),
    (["check", "--outptu=x.txt", "weak.md"], "did you mean --output?"),
    (["scan", "--opn"], "did you mean --open?"),
    (["check", "--format", "jsn", "weak.md"], "did you mean json?"),
])
def test_a_mistyped_name_gets_a_did_you_mean(tmp_path: Path, argv: list[str], expected: str) -> None:
    shutil.copy(WEAK, tmp_path / "weak.md")
    done = irlint(tmp_path, *argv)
    assert done.returncode == 2
    assert done.stdout == ""
    assert expected in done.stderr.splitlines()[-1]


def test_a_mistyped_code_in_the_configuration_gets_a_did_you_mean(tmp_path: Path) -> None:
    shutil.copy(WEAK, tmp_path / "weak.md")
    (tmp_path / ".irlint.yaml").write_text("ignore: [R0004]\n", encoding="utf-8")
    done = irlint(tmp_path, "check", "weak.md")
    assert done.returncode == 2
    assert done.stderr.endswith(".irlint.yaml: ignore: unknown rule code or name: 'R0004'; did you mean R004?\n")


def test_nothing_close_gets_no_suggestion(tmp_path: Path) -> None:
    done = irlint(tmp_path, "rule", "S999")
    assert done.returncode == 2
    assert done.stderr == "irlint: unknown rule code or name: 'S999'\n"


# --- the configuration hierarchy ------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """team/ with its own configuration (phrase rules only, R004 ignored), other/ with none."""
    (tmp_path / "team" / "sub").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    shutil.copy(WEAK, tmp_path / "team" / "sub" / "a.md")
    shutil.copy(WEAK, tmp_path / "other" / "b.md")
    (tmp_path / "team" / ".irlint.yaml").write_text("select: [R]\nignore: [R004]\n", encoding="utf-8")
    return tmp_path


def test_each_file_takes_the_configuration_nearest_its_own_folder(tree: Path) -> None:
    done = irlint(tree, "check", "--format", "concise", "team/sub/a.md", "other/b.md")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    team = [line for line in lines if line.startswith("team/")]
    other = [line for line in lines if line.startswith("other/")]
    assert rules_of("\n".join(team)) == ["R005", "R001", "R002", "R003"]
    assert {"S001", "T002", "C001", "R001"} <= set(rules_of("\n".join(other)))


def test_a_folder_is_linted_with_its_own_configuration_from_anywhere(tree: Path) -> None:
    from_root = irlint(tree, "check", "--format", "concise", "team")
    from_inside = irlint(tree / "team" / "sub", "check", "--format", "concise", "a.md")
    assert rules_of(from_root.stdout) == rules_of(from_inside.stdout) == ["R005", "R001", "R002", "R003"]


def test_config_option_applies_to_every_file(tree: Path) -> None:
    (tree / "only-c.yaml").write_text("select: [C001]\n", encoding="utf-8")
    done = irlint(tree, "check", "--format", "concise", "--config", "only-c.yaml", "team/sub/a.md", "other/b.md")
    assert rules_of(done.stdout) == ["C001", "C001", "C001", "C001"]


def test_stdin_takes_the_configuration_of_the_current_folder(tree: Path) -> None:
    done = irlint(tree / "team", "check", "--format", "concise", "-", stdin=WEAK.read_text(encoding="utf-8"))
    assert rules_of(done.stdout) == ["R005", "R001", "R002", "R003"]


def test_show_settings_prints_the_resolved_configuration_and_where_it_came_from(tree: Path) -> None:
    done = irlint(tree, "check", "--show-settings", "team/sub/a.md", "other/b.md")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    team, other = done.stdout.split("other/b.md:\n")
    config = (tree / "team" / ".irlint.yaml").resolve()
    assert team.startswith("team/sub/a.md:\n")
    assert (f"  configuration: {config} (the nearest one up from {(tree / 'team' / 'sub').resolve()})\n"
            in team)
    assert "  select: R\n" in team and "  ignore: R004\n" in team
    assert "  rules that run (7): R001 R002 R003 R005 R006 R007 R008\n" in team
    assert "  configuration: none found (the defaults)\n" in other
    assert "  select: ALL (default)\n" in other
    assert " S001 " in other.splitlines()[-1]


def test_show_settings_includes_the_command_line_selection(tree: Path) -> None:
    done = irlint(tree, "check", "--show-settings", "--select", "C001", "team/sub/a.md")
    assert "  command line: --select C001 --ignore -\n" in done.stdout
    assert done.stdout.endswith("  rules that run (1): C001\n")


def test_show_settings_of_a_missing_path_is_a_usage_error(tree: Path) -> None:
    done = irlint(tree, "check", "--show-settings", "team/nope.md")
    assert done.returncode == 2
    assert (done.stdout, done.stderr) == ("", "irlint: team/nope.md: no such file or folder\n")


def test_a_folder_is_walked_with_the_include_and_exclude_of_its_own_configuration(tree: Path) -> None:
    shutil.copy(WEAK, tree / "team" / "skipped.md")
    (tree / "team" / ".irlint.yaml").write_text("select: [R001]\nexclude: [skipped.md]\n", encoding="utf-8")
    done = irlint(tree, "check", "--format", "concise", "team", "other/b.md")
    assert [line.split(":")[0] for line in done.stdout.splitlines() if " R001 " in line] == [
        "team/sub/a.md", "other/b.md"]


def test_top_level_help_has_examples_and_points_to_each_command_help(tmp_path: Path) -> None:
    done = irlint(tmp_path, "--help")
    assert done.returncode == 0
    assert "\nexamples:\n  irlint check draft.md" in done.stdout
    assert "irlint COMMAND --help" in done.stdout
