"""The command line through linter.cli.run(argv): exit codes, selection, bad input, sources and sub-commands."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest
import yaml

import linter.sources
from linter import __version__
from linter.cli import run
from linter.registry import all_rules

REPO = Path(__file__).resolve().parent.parent
CLEAN = REPO / "tests" / "reports" / "full-clean" / "report.md"
WEAK = REPO / "examples" / "weak-report.md"
PRELIMINARY = REPO / "examples" / "preliminary-report.md"
OUT_OF_ORDER = REPO / "tests" / "reports" / "full-out-of-order" / "report.md"  # only S004 (info) findings


def irlint(capsys, *argv: str) -> tuple[int, str, str]:
    """Run irlint; return (exit code, stdout, stderr). No command may ever print a traceback."""
    code = run([str(a) for a in argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "Traceback" not in captured.out
    return code, captured.out, captured.err


def concise_rules(out: str) -> list[str]:
    return [line.split(": ", 1)[1].split()[0] for line in out.splitlines()]


# --- exit codes and selection ---------------------------------------------------------------------------


def test_clean_file_exits_0(capsys) -> None:
    code, out, err = irlint(capsys, "check", CLEAN)
    assert code == 0
    assert out == "0 findings (0 error, 0 warning, 0 info) in 1 source\n"
    assert err == ""


def test_findings_exit_1(capsys) -> None:
    code, out, _ = irlint(capsys, "check", "--format", "concise", WEAK)
    assert code == 1
    assert concise_rules(out) == ["S001", "S002", "S007", "R005", "S003", "T002", "T002", "T002", "D003", "T002",
                                  "C001", "C001", "R001", "R002", "R003", "A002", "A004"]


def test_exit_zero_keeps_the_output(capsys) -> None:
    code, out, _ = irlint(capsys, "check", "--format", "concise", "--exit-zero", "--select", "S", WEAK)
    assert code == 0
    assert len(out.splitlines()) == 4


def test_info_findings_fail_only_with_fail_on_info(capsys) -> None:
    code, out, _ = irlint(capsys, "check", "--format", "concise", OUT_OF_ORDER)
    assert code == 0
    assert set(concise_rules(out)) == {"S004"}
    assert irlint(capsys, "check", "--fail-on", "warning", OUT_OF_ORDER)[0] == 0
    assert irlint(capsys, "check", "--fail-on", "info", OUT_OF_ORDER)[0] == 1


def test_select_one_rule(capsys) -> None:
    code, out, _ = irlint(capsys, "check", "--format", "concise", "--select", "S007", WEAK)
    assert code == 1
    assert concise_rules(out) == ["S007"]


def test_select_by_name_and_comma_list(capsys) -> None:
    code, out, _ = irlint(capsys, "check", "--format", "concise", "--select", "missing-section,S003", WEAK)
    assert code == 1
    assert concise_rules(out) == ["S001", "S003"]


def test_ignore_a_prefix(capsys) -> None:
    code, out, _ = irlint(capsys, "check", "--format", "concise", "--ignore", "S,T,A,D", "--ignore", "R", WEAK)
    assert code == 1
    assert concise_rules(out) == ["C001", "C001"]


def test_ignore_one_rule(capsys) -> None:
    code, out, _ = irlint(capsys, "check", "--format", "concise", "--select", "S", "--ignore", "S001",
                          "--ignore", "S002", WEAK)
    assert code == 1
    assert concise_rules(out) == ["S007", "S003"]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_code_is_a_usage_error(capsys, option: str) -> None:
    code, out, err = irlint(capsys, "check", option, "S999", WEAK)
    assert code == 2
    assert out == ""
    assert err == "irlint: unknown rule code or name: 'S999'\n"


def test_bad_date_is_a_usage_error(capsys) -> None:
    code, out, err = irlint(capsys, "check", "--date", "2025-13-01", WEAK)
    assert code == 2
    assert out == ""
    assert "not a YYYY-MM-DD date: '2025-13-01'" in err


def test_no_command_prints_help_and_exits_2(capsys) -> None:
    code, out, _ = irlint(capsys)
    assert code == 2
    assert "usage: irlint" in out


# --- bad input ------------------------------------------------------------------------------------------


def test_missing_file_is_an_error_but_the_others_are_linted(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    code, out, err = irlint(capsys, "check", "--format", "concise", "--select", "S", missing, WEAK)
    assert code == 2
    assert err == f"irlint: {missing}: no such file or folder\n"
    assert concise_rules(out) == ["S001", "S002", "S007", "S003"]
    assert all(line.startswith(f"{WEAK}:") for line in out.splitlines())


def test_binary_file_is_an_error_for_that_file_only(capsys, tmp_path: Path) -> None:
    binary = tmp_path / "scan.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, out, err = irlint(capsys, "check", "--format", "json", binary, CLEAN)
    assert code == 2
    assert err == f"irlint: {binary}: binary file, not a text report\n"
    assert [r["source"] for r in json.loads(out)["results"]] == [str(CLEAN)]


def test_non_utf8_file_is_an_error(capsys, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("## Preliminary Incident Report\n\nCertificats émis à tort\n".encode("latin-1"))
    code, _, err = irlint(capsys, "check", latin1)
    assert code == 2
    assert err.startswith(f"irlint: {latin1}: not UTF-8 text")
    assert err.count("\n") == 1


def test_oversized_file_is_an_error(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(linter.sources, "MAX_BYTES", 1024)
    big = tmp_path / "big.md"
    big.write_text("x" * 4096 + "\n", encoding="utf-8")
    code, _, err = irlint(capsys, "check", big)
    assert code == 2
    assert err.startswith(f"irlint: {big}: file is too large") and err.count("\n") == 1


def test_empty_file_is_a_report_with_nothing_in_it(capsys, tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    code, out, err = irlint(capsys, "check", "--format", "concise", empty)
    assert code == 1
    assert err == ""
    assert out.splitlines() == [f"{empty}:1:1: S005 no incident report recognised: no report heading, template "
                                "sections or legacy questions"]


def test_utf8_bom_and_crlf_are_accepted(capsys, tmp_path: Path) -> None:
    draft = tmp_path / "bom.md"
    draft.write_bytes(b"\xef\xbb\xbf" + CLEAN.read_bytes().replace(b"\n", b"\r\n"))
    assert irlint(capsys, "check", draft)[0] == 0


# --- standard input -------------------------------------------------------------------------------------


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))


def test_stdin(capsys, monkeypatch) -> None:
    _stdin(monkeypatch, WEAK.read_bytes())
    code, out, _ = irlint(capsys, "check", "--format", "concise", "-")
    assert code == 1
    assert out.splitlines()[2] == "-:5:33: S007 CCADB unique ID '12345' is not 'A' followed by six digits"


def test_stdin_binary_is_an_error(capsys, monkeypatch) -> None:
    _stdin(monkeypatch, b"\x00\x01\x02")
    code, _, err = irlint(capsys, "check", "-")
    assert code == 2
    assert err == "irlint: -: binary file, not a text report\n"


def test_stdin_without_a_report_gets_s005(capsys, monkeypatch) -> None:
    _stdin(monkeypatch, b"just a note\n")
    code, out, _ = irlint(capsys, "check", "--format", "concise", "-")
    assert code == 1
    assert concise_rules(out) == ["S005"]


# --- folders --------------------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A checkout: reports, a non-report Markdown file, a .gitignore'd file, a drafts folder, other files."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)  # the .gitignore search stops here
    (root / "sub").mkdir()
    (root / "drafts").mkdir()
    shutil.copy(WEAK, root / "weak.md")
    shutil.copy(PRELIMINARY, root / "sub" / "prelim.markdown")
    shutil.copy(WEAK, root / "drafts" / "draft.md")
    shutil.copy(WEAK, root / "ignored.md")
    shutil.copy(WEAK, root / "weak.txt")
    (root / "README.md").write_text("# Our reports\n\nSee the files in this folder.\n", encoding="utf-8")
    (root / ".gitignore").write_text("# generated\nignored.md\n", encoding="utf-8")
    return root


def _sources(out: str) -> list[str]:
    return [r["source"] for r in json.loads(out)["results"]]


def test_folder_lints_markdown_reports_and_honours_gitignore(capsys, folder: Path) -> None:
    code, out, err = irlint(capsys, "check", "--format", "json", folder)
    assert code == 1
    assert _sources(out) == [str(folder / "weak.md"), str(folder / "drafts" / "draft.md"),
                             str(folder / "sub" / "prelim.markdown")]
    assert err == ""  # README.md has no report: skipped silently, no S005


def test_folder_verbose_lists_skipped_files(capsys, folder: Path) -> None:
    _, _, err = irlint(capsys, "check", "-v", "--format", "json", folder)
    assert err == f"irlint: {folder / 'README.md'}: skipped, no incident report recognised\n"


@pytest.mark.parametrize("pattern", ["drafts", "drafts/", "drafts/*", "draft.md"])
def test_folder_exclude(capsys, folder: Path, pattern: str) -> None:
    code, out, _ = irlint(capsys, "check", "--format", "json", "--exclude", pattern, folder)
    assert code == 1
    assert _sources(out) == [str(folder / "weak.md"), str(folder / "sub" / "prelim.markdown")]


def test_folder_include(capsys, folder: Path) -> None:
    code, out, _ = irlint(capsys, "check", "--format", "json", "--include", "*.txt", folder)
    assert code == 1
    assert _sources(out) == [str(folder / "weak.txt")]


def test_named_file_without_report_gets_s005_even_inside_a_folder(capsys, folder: Path) -> None:
    code, out, _ = irlint(capsys, "check", "--format", "concise", folder / "README.md")
    assert code == 1
    assert concise_rules(out) == ["S005"]


def test_folder_honours_gitignore_negation(capsys, folder: Path) -> None:
    (folder / ".gitignore").write_text("*.md\n!weak.md\n", encoding="utf-8")
    _, out, _ = irlint(capsys, "check", "--format", "json", "--exit-zero", folder)
    assert str(folder / "weak.md") in _sources(out)


def test_parent_gitignore_patterns_are_relative_to_their_folder(capsys, folder: Path) -> None:
    (folder / ".gitignore").write_text("/sub/prelim.markdown\ndrafts/\n", encoding="utf-8")
    shutil.copy(WEAK, folder / "sub" / "kept.md")
    _, out, _ = irlint(capsys, "check", "--format", "json", "--exit-zero", folder / "sub")
    assert _sources(out) == [str(folder / "sub" / "kept.md")]


# --- --output -------------------------------------------------------------------------------------------


def test_output_writes_the_file_atomically(capsys, tmp_path: Path) -> None:
    target = tmp_path / "findings.json"
    target.write_text("old content", encoding="utf-8")
    code, out, err = irlint(capsys, "check", "--format", "json", "--select", "S", "--output", target, WEAK)
    assert code == 1
    assert out == "" and err == ""
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["summary"]["findings"] == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.json"]  # no temporary file left


def test_output_into_a_missing_folder_is_an_error(capsys, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.txt"
    code, _, err = irlint(capsys, "check", "--output", target, WEAK)
    assert code == 2
    assert err.startswith(f"irlint: {target}: cannot write") and err.count("\n") == 1
    assert not (tmp_path / "missing").exists()


def test_failed_output_leaves_no_temporary_file(capsys, tmp_path: Path) -> None:
    (tmp_path / "out.json").mkdir()
    code, _, err = irlint(capsys, "check", "--format", "json", "--output", tmp_path / "out.json", WEAK)
    assert code == 2 and "cannot write" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_output_file_has_ordinary_permissions(capsys, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        irlint(capsys, "check", "--output", tmp_path / "out.txt", WEAK)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o644


# --- parse, rules, rule, --version ----------------------------------------------------------------------


def test_parse_json(capsys) -> None:
    code, out, _ = irlint(capsys, "parse", PRELIMINARY, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["source"] == str(PRELIMINARY)
    (report,) = data["reports"]
    assert (report["kind"], report["template_version"], report["line"], report["heading_line"]) == \
        ("preliminary", "3.x", 1, 1)
    assert [s["key"] for s in report["sections"]] == ["summary"]
    assert [f["key"] for f in report["fields"]] == ["incident_description", "relevant_policies",
                                                    "source_of_disclosure"]
    assert report["fields"][2]["value"].splitlines()[0] == "Self Reported"
    assert report["fields"][2]["line"] == 6


def test_parse_yaml_equals_json(capsys) -> None:
    code, out, _ = irlint(capsys, "parse", WEAK, "--format", "yaml")
    assert code == 0
    as_yaml = yaml.safe_load(out)
    assert as_yaml["source"] == str(WEAK)
    assert [r["kind"] for r in as_yaml["reports"]] == ["full"]
    assert as_yaml["reports"][0]["fields"][0]["key"] == "ca_owner_ccadb_id"
    _, as_json, _ = irlint(capsys, "parse", WEAK, "--format", "json")
    assert as_yaml == json.loads(as_json)


def test_parse_stdin_and_output(capsys, monkeypatch, tmp_path: Path) -> None:
    _stdin(monkeypatch, PRELIMINARY.read_bytes())
    target = tmp_path / "parsed.yaml"
    code, out, _ = irlint(capsys, "parse", "-", "--format", "yaml", "--output", target)
    assert code == 0 and out == ""
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["reports"][0]["kind"] == "preliminary"


@pytest.mark.parametrize("make", ["missing", "folder", "binary"])
def test_parse_bad_input_exits_2(capsys, tmp_path: Path, make: str) -> None:
    path = tmp_path / "input.md"
    if make == "folder":
        path.mkdir()
    elif make == "binary":
        path.write_bytes(b"\x00" * 10)
    code, out, err = irlint(capsys, "parse", path)
    assert code == 2
    assert out == ""
    assert err.startswith(f"irlint: {path}: ") and err.count("\n") == 1


def test_rules_lists_every_rule_in_code_order(capsys) -> None:
    code, out, _ = irlint(capsys, "rules")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "CATEGORY", "SEVERITY", "APPLIES", "TO", "DESCRIPTION"]
    codes = [line.split()[0] for line in lines[1:]]
    assert codes == sorted(codes)
    assert codes == [rule.code for rule in all_rules()]
    assert "S004  section-order" in out


def test_rules_json(capsys) -> None:
    code, out, _ = irlint(capsys, "rules", "--format", "json")
    assert code == 0
    rules = {r["code"]: r for r in json.loads(out)}
    assert {f"S00{n}" for n in range(1, 8)} <= set(rules)
    assert rules["S004"]["severity"] == "info"
    assert rules["S002"]["applies_to"] == "closure, full, preliminary"


@pytest.mark.parametrize("name", ["S003", "s003", "empty-section"])
def test_rule_explains_one_rule(capsys, name: str) -> None:
    code, out, _ = irlint(capsys, "rule", name)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "S003 empty-section (structure, error)"
    assert "Applies to: all kinds." in lines
    assert "placeholder" in out


def test_rule_with_module_docstring_prints_it(capsys) -> None:
    _, out, _ = irlint(capsys, "rule", "S006")
    assert "CCADB Policy 6.1" in out and "30" in out


def test_unknown_rule_exits_2(capsys) -> None:
    code, out, err = irlint(capsys, "rule", "S999")
    assert code == 2
    assert out == ""
    assert err == "irlint: unknown rule code or name: 'S999'\n"


def test_version_in_process(capsys) -> None:
    code, out, _ = irlint(capsys, "--version")
    assert code == 0
    assert out == f"irlint {__version__}\n"


def test_python_m_linter_version() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-m", "linter", "--version"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout == f"irlint {__version__}\n"
    assert done.stderr == ""


def test_output_to_a_device_writes_into_it_and_keeps_it(capsys) -> None:
    assert irlint(capsys, "check", "--output", os.devnull, WEAK)[0] == 1
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
