"""Configuration through the command line: user rule packs, selection, severities, per-file ignores, errors."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from linter.cli import run

USER_RULE = """\
extends: existence
code: U101
message: "'{match}' is not a date: give one"
severity: error
category: remediation
description: |
  "going forward" instead of a date

  Our reviewers want dates.
tokens:
  - going forward
examples:
  fail: ["Going forward we will check."]
  pass: ["From 2026-03-01 we check."]
"""
DRAFT = "Going forward we will check every order.\nThere is no security impact.\n"


def irlint(capsys, *argv: str) -> tuple[int, str, str]:
    code = run([str(a) for a in argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project folder with a draft and a user rule pack, irlint run from inside it."""
    (tmp_path / "house-rules").mkdir()
    (tmp_path / "house-rules" / "no-going-forward.yaml").write_text(USER_RULE, encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "draft.md").write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _pyproject(project: Path, body: str) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.irlint]\n" + textwrap.dedent(body),
                                            encoding="utf-8")


def _rules(out: str) -> list[str]:
    return [f["rule"] for r in json.loads(out)["results"] for f in r["findings"]]


def test_a_user_rule_pack_configured_in_pyproject_fires(capsys, project: Path) -> None:
    _pyproject(project, 'rules-paths = ["house-rules"]\n')
    code, out, _ = irlint(capsys, "check", "--format", "json", "drafts/draft.md")
    assert code == 1
    assert _rules(out) == ["S005", "U101", "R005"]
    code, out, _ = irlint(capsys, "rules")
    assert "U101  no-going-forward" in out and "[" + str(project / "house-rules") + "]" in out
    code, out, _ = irlint(capsys, "rule", "U101")
    assert code == 0 and "Our reviewers want dates." in out and "Going forward we will check." in out


def test_select_ignore_and_severity_from_the_configuration(capsys, project: Path) -> None:
    (project / ".irlint.yaml").write_text(textwrap.dedent("""\
        rules-paths: [house-rules]
        select: [U]
        extend-select: [impact-minimisation]
        severity: {R005: info}
        """), encoding="utf-8")
    code, out, _ = irlint(capsys, "check", "--format", "json", "drafts/draft.md")
    findings = [f for r in json.loads(out)["results"] for f in r["findings"]]
    assert [(f["rule"], f["severity"]) for f in findings] == [("U101", "error"), ("R005", "info")]
    # --select on the command line replaces the configured selection.
    code, out, _ = irlint(capsys, "check", "--format", "json", "--select", "R005", "drafts/draft.md")
    assert _rules(out) == ["R005"]


def test_per_file_ignores(capsys, project: Path) -> None:
    _pyproject(project, '[tool.irlint.per-file-ignores]\n"drafts/*.md" = ["R005", "S"]\n')
    code, out, _ = irlint(capsys, "check", "--format", "json", "drafts/draft.md")
    assert code == 0 and _rules(out) == []


def test_an_explicit_config_file(capsys, project: Path) -> None:
    (project / "elsewhere.yaml").write_text("ignore: [S005]\n", encoding="utf-8")
    code, out, _ = irlint(capsys, "check", "--format", "json", "--config", "elsewhere.yaml", "drafts/draft.md")
    assert _rules(out) == ["R005"]


@pytest.mark.parametrize(("config", "message"), [
    ("select: [Q999]\n", ".irlint.yaml: select: unknown rule code or name: 'Q999'"),
    ("severity: {no-such-rule: info}\n", ".irlint.yaml: severity: unknown rule code or name: 'no-such-rule'"),
    ("per-file-ignores: {'*.md': [X9]}\n", ".irlint.yaml: per-file-ignores '*.md': unknown rule code or name"),
    ("selekt: [S]\n", "unknown key 'selekt'"),
    ("rules-paths: [missing]\n", "rules path is not a folder"),
])
def test_configuration_errors_exit_2_with_one_line(capsys, project: Path, config: str, message: str) -> None:
    (project / ".irlint.yaml").write_text(config, encoding="utf-8")
    for argv in (["check", "drafts/draft.md"], ["rules"]):
        code, out, err = irlint(capsys, *argv)
        assert code == 2 and out == ""
        assert message in err and err.startswith("irlint: ") and err.count("\n") == 1


def test_a_broken_user_rule_exits_2_naming_the_file(capsys, project: Path) -> None:
    (project / "house-rules" / "no-going-forward.yaml").write_text(USER_RULE.replace("tokens:", "tokenz:"),
                                                                    encoding="utf-8")
    _pyproject(project, 'rules-paths = ["house-rules"]\n')
    code, _, err = irlint(capsys, "check", "drafts/draft.md")
    assert code == 2
    assert err == f"irlint: {project / 'house-rules' / 'no-going-forward.yaml'}: unknown key 'tokenz'\n"


def test_a_user_rule_may_not_take_a_built_in_code(capsys, project: Path) -> None:
    (project / "house-rules" / "no-going-forward.yaml").write_text(USER_RULE.replace("U101", "R001"),
                                                                    encoding="utf-8")
    _pyproject(project, 'rules-paths = ["house-rules"]\n')
    code, _, err = irlint(capsys, "check", "drafts/draft.md")
    assert code == 2 and "code R001 is already used by training-remediation (built-in)" in err


def test_command_line_select_replaces_the_configured_selection(capsys, project: Path) -> None:
    (project / ".irlint.yaml").write_text("extend-select: [R]\nignore: [R005]\n", encoding="utf-8")
    _, out, _ = irlint(capsys, "check", "--format", "json", "--select", "R005", "drafts/draft.md")
    assert _rules(out) == ["R005"]


@pytest.mark.parametrize("severity", ["{R: info, R005: error}", "{R005: error, R: info}"])
def test_the_most_specific_severity_wins(capsys, project: Path, severity: str) -> None:
    (project / ".irlint.yaml").write_text(f"severity: {severity}\n", encoding="utf-8")
    _, out, _ = irlint(capsys, "check", "--format", "json", "--select", "R005", "drafts/draft.md")
    assert [f["severity"] for r in json.loads(out)["results"] for f in r["findings"]] == ["error"]


def test_a_user_rule_may_not_take_a_built_in_name(capsys, project: Path) -> None:
    (project / "house-rules" / "deflection.yaml").write_text(USER_RULE, encoding="utf-8")
    (project / "house-rules" / "no-going-forward.yaml").unlink()
    _pyproject(project, 'rules-paths = ["house-rules"]\n')
    code, _, err = irlint(capsys, "check", "drafts/draft.md")
    assert code == 2 and "name deflection is already used by deflection (built-in)" in err
