"""Output formats: the JSON output against schemas/findings.schema.json, and golden text / concise output.

Set IRLINT_UPDATE_GOLDEN=1 to rewrite the golden files from the current code (then check them by eye).
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from linter import __version__
from linter.cli import run
from linter.formatters.text import ELLIPSIS, SLACK, WIDTH

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "schemas" / "findings.schema.json").read_text(encoding="utf-8"))
GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = sorted((REPO / "examples").glob("*.md"))
FIXTURES = sorted((REPO / "tests" / "reports").glob("*/report.md")) + sorted(
    (REPO / "tests" / "reports").glob("*/rendered.txt"))
WEAK = "examples/weak-report.md"


def _validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(SCHEMA)
    return Draft202012Validator(SCHEMA)


def _errors(instance) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(instance)]


def _check_json(capsys, *argv: str) -> tuple[int, dict]:
    code = run(["check", "--format", "json", *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, json.loads(captured.out)


# --- JSON output against its schema ---------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", EXAMPLES + FIXTURES, ids=lambda p: str(p.relative_to(REPO)))
def test_json_output_of_each_file_matches_the_schema(capsys, path: Path) -> None:
    code, output = _check_json(capsys, str(path))
    assert _errors(output) == []
    (result,) = output["results"]
    assert result["source"] == str(path)
    assert code == (1 if any(f["severity"] == "error" for f in result["findings"]) else 0)
    # What the schema cannot say: consistent positions, indexes and counts.
    for report in result["reports"]:
        assert report["line"] <= report["end_line"]
    lines = path.read_text(encoding="utf-8").splitlines()
    for finding in result["findings"]:
        assert finding["report"] is None or finding["report"] < len(result["reports"])
        assert 1 <= finding["line"] <= finding["end_line"] <= max(1, len(lines))
        if finding["line"] == finding["end_line"]:
            assert finding["end_column"] >= finding["column"]
    summary = output["summary"]
    assert summary["sources"] == 1
    assert summary["findings"] == len(result["findings"]) == summary["error"] + summary["warning"] + summary["info"]


def test_json_output_of_many_files_matches_the_schema(capsys, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    paths = [str(p.relative_to(REPO)) for p in EXAMPLES + FIXTURES]
    _, output = _check_json(capsys, "--exit-zero", *paths)
    assert _errors(output) == []
    assert output["irlint_version"] == __version__
    assert [r["source"] for r in output["results"]] == paths
    assert output["summary"]["sources"] == len(paths)
    assert output["summary"]["findings"] == sum(len(r["findings"]) for r in output["results"])
    kinds = {report["kind"] for r in output["results"] for report in r["reports"]}
    assert kinds == {"legacy", "incident", "audit", "preliminary", "full", "closure"}


def test_json_output_of_the_weak_report(capsys, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    code, output = _check_json(capsys, WEAK)
    assert code == 1
    (result,) = output["results"]
    assert result["reports"] == [{"kind": "full", "template_version": "3.x", "line": 1, "end_line": 56}]
    assert [(f["rule"], f["line"], f["column"], f["end_column"], f["section"]) for f in result["findings"]] == [
        ("S001", 1, 1, 1, None), ("S002", 3, 1, 1, "summary"), ("S007", 5, 33, 38, "summary"),
        ("R005", 20, 94, 121, "impact"), ("S003", 21, 3, 37, "impact"),
        *[("T002", line, 3, 13, "timeline") for line in (25, 26, 27)], ("D003", 28, 3, 13, "timeline"),
        ("T002", 28, 3, 13, "timeline"),
        ("C001", 33, 47, 58, "root_cause_analysis"), ("C001", 42, 32, 67, "lessons_learned"),
        ("R001", 50, 11, 39, "action_items"),
        ("R002", 51, 6, 20, "action_items"), ("R003", 51, 24, 39, "action_items"),
        ("A002", 52, 37, 40, "action_items"), ("A004", 52, 88, 90, "action_items")]
    s001, s002, s007 = result["findings"][:3]
    assert s001["data"] == {"section": "related_incidents"}
    assert s002["data"] == {"field": "source_of_disclosure"}
    assert s007["excerpt"] == "12345" and s007["report"] == 0
    assert output["summary"] == {"sources": 1, "findings": 17, "error": 16, "warning": 1, "info": 0}


def test_json_output_without_reports_has_an_empty_reports_list(capsys, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nNothing to report.\n", encoding="utf-8")
    code, output = _check_json(capsys, str(notes))
    assert code == 1
    assert _errors(output) == []
    assert output["results"][0]["reports"] == []
    assert [f["rule"] for f in output["results"][0]["findings"]] == ["S005"]


def _sample() -> dict:
    finding = {"rule": "R001", "name": "training-remediation", "category": "remediation", "severity": "error",
               "message": "training is the only remediation", "line": 88, "column": 3, "end_line": 88,
               "end_column": 41, "section": "action_items", "report": 0,
               "excerpt": "Provide additional training to validation staff", "data": {}}
    return {"irlint_version": "0.1.0",
            "results": [{"source": "draft.md",
                         "reports": [{"kind": "full", "template_version": "3.x", "line": 1, "end_line": 120}],
                         "findings": [finding]}],
            "summary": {"sources": 1, "findings": 1, "error": 1, "warning": 0, "info": 0}}


def test_schema_accepts_the_contract_example_a_process_finding_and_scan_bugs() -> None:
    assert _errors(_sample()) == []
    process = _sample()
    process["results"][0].update(source="bug:1904038", reports=[])
    process["results"][0]["findings"][0].update(
        rule="P001", name="next-update-overdue", category="process", severity="warning", line=None, column=None,
        end_line=None, end_column=None, section=None, report=None, excerpt="", data={"comment": 5})
    row = {"bug": 1904038, "ca": "Example Trust", "title": "Example Trust: late update", "status": "ASSIGNED",
           "open": True, "headline": "Next update overdue by 9 days (due 2026-05-20)", "headline_rule": "P001",
           "reports": ["preliminary"], "errors": 0, "warnings": 0, "process": 1, "process_errors": 0,
           "process_warnings": 1, "error": 0, "warning": 1, "info": 0, "days_since_ca_comment": 12,
           "last_ca_comment": "2026-05-17", "created": "2026-05-01", "full_report_days": None}
    process["bugs"] = [row]
    assert _errors(process) == []
    # A scan row is described whole: a column the schema does not know, or one missing, is an error.
    process["bugs"] = [{**row, "findings": 1}]
    assert _errors(process) != []


@pytest.mark.parametrize(("where", "key", "value"), [
    ((), "extra", 1),
    ((), "irlint_version", 1),
    (("results", 0), "extra", 1),
    (("results", 0, "reports", 0), "kind", "draft"),
    (("results", 0, "reports", 0), "line", 0),
    (("results", 0, "reports", 0), "extra", 1),
    (("results", 0, "findings", 0), "rule", "R01"),
    (("results", 0, "findings", 0), "rule", "r001"),
    (("results", 0, "findings", 0), "name", "Training_Remediation"),
    (("results", 0, "findings", 0), "category", "style"),
    (("results", 0, "findings", 0), "severity", "fatal"),
    (("results", 0, "findings", 0), "line", 0),
    (("results", 0, "findings", 0), "column", "3"),
    (("results", 0, "findings", 0), "end_column", 0),
    (("results", 0, "findings", 0), "section", 3),
    (("results", 0, "findings", 0), "report", -1),
    (("results", 0, "findings", 0), "excerpt", "x" * 201),
    (("results", 0, "findings", 0), "data", []),
    (("results", 0, "findings", 0), "extra", 1),
    (("summary",), "error", -1),
    (("summary",), "extra", 1),
])
def test_schema_rejects_what_the_contract_does_not_allow(where: tuple, key: str, value) -> None:
    instance = copy.deepcopy(_sample())
    target = instance
    for step in where:
        target = target[step]
    target[key] = value
    assert _errors(instance), f"{where}.{key} = {value!r} was accepted"


@pytest.mark.parametrize(("where", "key"), [
    ((), "summary"), (("results", 0), "reports"), (("results", 0, "findings", 0), "data"),
    (("results", 0, "findings", 0), "section"), (("summary",), "info"),
])
def test_schema_requires_every_contract_key(where: tuple, key: str) -> None:
    instance = copy.deepcopy(_sample())
    target = instance
    for step in where:
        target = target[step]
    del target[key]
    assert _errors(instance), f"{where}.{key} may be left out"


# --- golden text and concise output ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_golden_output_of_the_weak_report(capsys, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(REPO)
    code = run(["check", "--format", fmt, WEAK])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err == ""
    golden = GOLDEN / f"weak-report.{fmt}"
    if os.environ.get("IRLINT_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(captured.out, encoding="utf-8", newline="\n")
    assert captured.out == golden.read_text(encoding="utf-8")


def test_text_carets_underline_the_reported_columns(capsys, monkeypatch) -> None:
    """Independent of the golden file: every caret line underlines exactly [column, end_column)."""
    monkeypatch.chdir(REPO)
    run(["check", "--format", "json", WEAK])
    findings = json.loads(capsys.readouterr().out)["results"][0]["findings"]
    run(["check", "--format", "text", WEAK])
    out = capsys.readouterr().out.splitlines()
    lines = (REPO / WEAK).read_text(encoding="utf-8").splitlines()
    headers = [i for i, line in enumerate(out) if line.startswith(WEAK + ":")]
    assert len(headers) == len(findings)
    for index, finding in zip(headers, findings):
        quoted, carets = out[index + 1], out[index + 2]
        offset = quoted.index(" | ") + 3
        source = lines[finding["line"] - 1]
        assert quoted[:offset] == f"  {finding['line']} | "
        # A long line is cut after WIDTH places: every span of this report ends within them.
        assert quoted[offset:] == (source if len(source) <= WIDTH + SLACK else source[:WIDTH] + ELLIPSIS)
        start = carets.index("^") - offset + 1
        width = carets.count("^")
        assert start == finding["column"]
        if finding["end_column"] > finding["column"]:
            assert width == finding["end_column"] - finding["column"]
        else:  # a point: the rest of the line
            assert width == len(lines[finding["line"] - 1]) - finding["column"] + 1


def test_text_carets_stay_under_the_value_after_a_tab(capsys, tmp_path: Path) -> None:
    draft = tmp_path / "tab.md"
    draft.write_text("## Preliminary Incident Report\n\n### Summary\n\n"
                     "-\t**Incident description:** Ostrava Signing Services issued 12 certificates.\n"
                     "-\t**Relevant policies:** S/MIME BR 6.3.2.\n"
                     "-\t**Source of incident disclosure:** Customer\n", encoding="utf-8")
    assert run(["check", "--format", "text", "--select", "S007", str(draft)]) == 1
    out = capsys.readouterr().out.splitlines()
    quoted, carets = out[1], out[2]
    start, end = carets.index("^"), carets.rindex("^") + 1
    assert quoted[start:end] == "Customer"
