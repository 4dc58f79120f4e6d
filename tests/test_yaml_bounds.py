"""Hostile YAML (configuration, rule packs, facts): an alias bomb, deep nesting, an endless stream and schema errors
that would echo the file meet one line and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from linter import yaml_input
from linter.cli import run

REPO = Path(__file__).resolve().parent.parent
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
DEEP = "a: " + "[" * 5000 + "]" * 5000 + "\n"


@pytest.mark.parametrize("text, reason", [
    (BOMB, "more than 200,000 values, aliases expanded"),
    (DEEP, "nested deeper than 64 levels"),
    ("a: &a [*a]\n", "an alias refers to a value that contains it"),
    ("x: " + "y" * (yaml_input.MAX_BYTES + 1), "larger than"),
])
def test_bounds(text: str, reason: str) -> None:
    with pytest.raises(yaml_input.BoundExceeded, match=reason):
        yaml_input.load(text)


def test_ordinary_aliases_still_load() -> None:
    assert yaml_input.load("base: &b [one, two]\nmore: *b\n") == {"base": ["one", "two"], "more": ["one", "two"]}


def _one_line_exit_2(capsys, argv: list[str], reason: str) -> None:
    code = run(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and reason in err and "Traceback" not in err


@pytest.mark.parametrize("text, reason", [(BOMB, "values, aliases expanded"), (DEEP, "nested deeper")])
def test_a_hostile_config(tmp_path: Path, capsys, text: str, reason: str) -> None:
    config = tmp_path / "irlint.yaml"
    config.write_text(text)
    (tmp_path / "r.md").write_text("# nothing\n")
    _one_line_exit_2(capsys, ["check", str(tmp_path / "r.md"), "--config", str(config)], reason)


def test_a_deeply_nested_pyproject(tmp_path: Path, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.irlint]\nselect = " + "[" * 100_000 + "]" * 100_000 + "\n")
    (tmp_path / "r.md").write_text("# nothing\n")
    _one_line_exit_2(capsys, ["check", str(tmp_path / "r.md"), "--config", str(tmp_path / "pyproject.toml")],
                     str(tmp_path / "pyproject.toml"))


@pytest.mark.parametrize("text, reason", [(BOMB, "values, aliases expanded"), (DEEP, "nested deeper")])
def test_a_hostile_rule_pack(tmp_path: Path, capsys, text: str, reason: str) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "bomb.yaml").write_text(text)
    (tmp_path / "irlint.yaml").write_text(f"rules-paths: [{pack}]\n")
    (tmp_path / "r.md").write_text("# nothing\n")
    _one_line_exit_2(capsys, ["check", str(tmp_path / "r.md"), "--config", str(tmp_path / "irlint.yaml")], reason)


def test_a_rule_schema_error_does_not_echo_the_file(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    marker = "\x1b]0;SECRET-TITLE\x07" + "z" * 5000
    (pack / "odd.yaml").write_text(yaml.safe_dump({"code": "Z001", "message": [marker]}))
    (tmp_path / "irlint.yaml").write_text(f"rules-paths: [{pack}]\n")
    (tmp_path / "r.md").write_text("# nothing\n")
    code = run(["check", str(tmp_path / "r.md"), "--config", str(tmp_path / "irlint.yaml")])
    err = capsys.readouterr().err
    assert code == 2 and "SECRET-TITLE" not in err and "zzzz" not in err and len(err) < 300


def test_render_from_an_endless_stdin_stops_at_the_cap() -> None:
    """`irlint render - < /dev/zero` reads one byte past the cap, then says so."""
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run([sys.executable, "-m", "linter", "render", "-"], stdin=zero, capture_output=True,
                              text=True, timeout=60, cwd=REPO)
    assert done.returncode == 2 and "larger than" in done.stderr and "Traceback" not in done.stderr


def test_a_hostile_facts_file(tmp_path: Path, capsys) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text(DEEP)
    code = run(["render", str(facts)])
    err = capsys.readouterr().err
    assert code == 2 and "nested deeper" in err and "Traceback" not in err
