"""The formats for CI: SARIF against the SARIF 2.1.0 schema, GitHub workflow commands and the job summary,
Markdown, --statistics and --skip-no-report.

Set IRLINT_UPDATE_GOLDEN=1 to rewrite the golden files from the current code (then check them by eye).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from linter import __version__
from linter.cli import run
from linter.findings import Finding, Severity
from linter.formatters import FORMATTERS
from linter.formatters.github import annotation, escape_data, escape_property
from linter.formatters.markdown import escape_cell
from linter.formatters.outcome import Outcome
from linter.formatters.sarif import FINGERPRINT, format_results
from linter.lint import SourceResult
from linter.registry import all_rules
from linter.source_ref import SourceRef

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
WEAK = "examples/weak-report.md"
#: Together they draw findings of every category that linting a draft produces.
DRAFTS = (WEAK, "tests/reports/timeline-full-table/report.md")
DRAFT_CATEGORIES = {"structure", "timeline", "deadline", "root-cause", "remediation", "impact", "action-items"}


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch) -> None:
    """These tests choose the format themselves; a run on GitHub Actions must not change the default."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def irlint(capsys, *argv: str) -> tuple[int, str, str]:
    code = run([str(a) for a in argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def sarif_errors(document: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in Draft4Validator(SARIF_SCHEMA).iter_errors(document)]


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("IRLINT_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")


def finding(rule: str = "S007", line: int | None = 5, message: str = "bad value", excerpt: str = "12345",
            column: int | None = 3, end_column: int | None = 8, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(rule, "invalid-field-value", "structure", severity, message, line, column,
                   line, end_column if line else None, "summary", 0 if line else None, excerpt)


def test_every_format_can_be_asked_for(capsys, monkeypatch) -> None:
    """The command line offers every format the formatters name, and each name reaches its own formatter."""
    monkeypatch.chdir(REPO)
    outputs = {name: irlint(capsys, "check", "--exit-zero", "--format", name, WEAK) for name in FORMATTERS}
    assert all(code == 0 and out for code, out, _ in outputs.values())
    assert len({out for _, out, _ in outputs.values()}) == len(FORMATTERS)


# --- SARIF ----------------------------------------------------------------------------------------------


def test_vendored_schema_is_the_sarif_2_1_0_schema() -> None:
    assert SARIF_SCHEMA["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert SARIF_SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    Draft4Validator.check_schema(SARIF_SCHEMA)


@pytest.fixture
def drafts_sarif(capsys, monkeypatch) -> dict:
    monkeypatch.chdir(REPO)
    code, out, err = irlint(capsys, "check", "--format", "sarif", *DRAFTS)
    assert (code, err) == (1, "")
    return json.loads(out)


def test_sarif_of_drafts_with_every_category_matches_the_schema(drafts_sarif: dict) -> None:
    assert sarif_errors(drafts_sarif) == []
    (run_,) = drafts_sarif["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    assert {r["properties"]["tags"][0] for i, r in enumerate(rules)
            if any(result["ruleIndex"] == i for result in run_["results"])} == DRAFT_CATEGORIES
    assert run_["columnKind"] == "unicodeCodePoints"
    for result in run_["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert (artifact["uri"], artifact["uriBaseId"]) in {(path, "%SRCROOT%") for path in DRAFTS}
        region = location["physicalLocation"]["region"]
        assert region["startLine"] <= region["endLine"]
        if region["startLine"] == region["endLine"]:
            assert region["startColumn"] <= region["endColumn"]
    fingerprints = [result["partialFingerprints"][FINGERPRINT] for result in run_["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_rule_descriptors(drafts_sarif: dict) -> None:
    rules = {r["id"]: r for r in drafts_sarif["runs"][0]["tool"]["driver"]["rules"]}
    s004, c001 = rules["S004"], rules["C001"]
    assert s004["name"] == "section-order"
    assert s004["defaultConfiguration"] == {"level": "note"}
    assert s004["shortDescription"] == s004["fullDescription"] == {"text": "sections out of template order"}
    assert s004["helpUri"] == "https://github.com/irlint/irlint/blob/main/docs/rules.md#s004"
    assert c001["fullDescription"]["text"].startswith("The CCADB guidelines (1.0) say")
    assert rules["R005"]["defaultConfiguration"] == {"level": "warning"}


def test_golden_sarif(drafts_sarif: dict) -> None:
    """The version is normalised, and so is the list of rules: only those of the results stay, without their
    indexes (checked above), so that a rule added or reworded elsewhere leaves this file as it is."""
    (run_,) = drafts_sarif["runs"]
    driver = run_["tool"]["driver"]
    assert driver["version"] == __version__
    driver["version"] = "VERSION"
    used = {result["ruleId"] for result in run_["results"]}
    driver["rules"] = [rule for rule in driver["rules"] if rule["id"] in used]
    for result in run_["results"]:
        del result["ruleIndex"]
    golden("drafts.sarif", json.dumps(drafts_sarif, indent=2, ensure_ascii=False) + "\n")


def test_sarif_fingerprints_survive_lines_added_above(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "draft.md"
    text = (REPO / WEAK).read_text(encoding="utf-8")
    draft.write_text(text, encoding="utf-8")
    before = json.loads(irlint(capsys, "check", "--format", "sarif", "draft.md")[1])["runs"][0]["results"]
    heading, rest = text.split("\n", 1)
    draft.write_text(f"{heading}\n\n<!-- second draft, after review -->\n{rest}", encoding="utf-8")
    after = json.loads(irlint(capsys, "check", "--format", "sarif", "draft.md")[1])["runs"][0]["results"]

    def where(results: list) -> dict:
        return {r["partialFingerprints"][FINGERPRINT]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
                for r in results}

    moved = where(after)
    assert len(before) == len(after) > 10
    assert {fp: line + (2 if line > 1 else 0) for fp, line in where(before).items()} == moved


def test_sarif_fingerprints_tell_identical_excerpts_apart_by_their_order() -> None:
    twice = SourceResult(SourceRef.file("draft.md"), ("x",) * 9, (), (finding(line=5), finding(line=9)))
    results = json.loads(format_results(Outcome([twice], all_rules())))["runs"][0]["results"]
    first, second = (r["partialFingerprints"][FINGERPRINT] for r in results)
    assert first != second
    # The first one keeps its fingerprint when the second goes away, wherever it moves.
    alone = SourceResult(SourceRef.file("draft.md"), ("x",) * 9, (), (finding(line=7),))
    (result,) = json.loads(format_results(Outcome([alone], all_rules())))["runs"][0]["results"]
    assert result["partialFingerprints"][FINGERPRINT] == first


def test_sarif_of_bug_sources_stdin_and_files_elsewhere(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    outside = tmp_path.parent / "elsewhere.md"
    process = finding("S007", line=None, excerpt="")
    results = [SourceResult(SourceRef.of_comment(1904038, 4), ("a", "b", "c", "d", "e"), (), (finding(),)),
               SourceResult(SourceRef.of_bug(1904038), (), (), (process,)),
               SourceResult(SourceRef.stdin(), ("x",) * 5, (), (finding(),)),
               SourceResult(SourceRef.file(str(outside)), ("x",) * 5, (), (finding(),))]
    document = json.loads(format_results(Outcome(results, all_rules(), "https://bugzilla.example.org/")))
    assert sarif_errors(document) == []
    comment, bug, stdin, elsewhere = document["runs"][0]["results"]
    location = comment["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "https://bugzilla.example.org/show_bug.cgi?id=1904038#c4"}
    assert location["region"] == {"startLine": 5, "startColumn": 3, "endLine": 5, "endColumn": 8}
    assert bug["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "https://bugzilla.example.org/show_bug.cgi?id=1904038"}}}]
    assert "locations" not in stdin
    assert elsewhere["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": outside.as_uri()}


def test_sarif_through_the_cli_describes_rule_packs(capsys, monkeypatch, escaping_project: Path) -> None:
    monkeypatch.chdir(escaping_project)
    code, out, _ = irlint(capsys, "check", "--format", "sarif", DRAFT_NAME)
    assert code == 0
    document = json.loads(out)
    assert sarif_errors(document) == []
    (result,) = document["runs"][0]["results"]
    rule = document["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert rule["id"] == "U101" and "helpUri" not in rule  # no page of ours documents a user's rule
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "draft%2Cv2%3Afinal.md"


# --- GitHub workflow commands ---------------------------------------------------------------------------


def test_escape_data() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_data("%0A stays text") == "%250A stays text"


def test_escape_property() -> None:
    assert escape_property("reports/a,b:c.md") == "reports/a%2Cb%3Ac.md"
    assert escape_property("50%\n:,") == "50%25%0A%3A%2C"


def test_annotation_of_a_finding_without_a_line_names_the_file_only() -> None:
    assert annotation(SourceRef.file("draft.md"), finding(line=None, severity=Severity.WARNING, message="late")) == \
        "::warning file=draft.md,title=S007 invalid-field-value::late"


def test_annotation_of_a_bug_names_no_file() -> None:
    due = finding(line=None, severity=Severity.INFO, message="next update: due")
    assert annotation(SourceRef.of_bug(1904038), due) == \
        "::notice title=S007 invalid-field-value::bug:1904038: next update: due"
    assert annotation(SourceRef.of_comment(1904038, 4), finding()) == \
        "::error title=S007 invalid-field-value::bug:1904038#c4:5: bad value"


def test_annotation_across_lines_has_no_columns() -> None:
    spanning = Finding("A001", "action-items-malformed", "action-items", Severity.ERROR, "no table", 3, 1, 7, 4)
    assert annotation(SourceRef.file("d.md"), spanning) == \
        "::error file=d.md,line=3,endLine=7,title=A001 action-items-malformed::no table"


DRAFT_NAME = "draft,v2:final.md"


@pytest.fixture
def escaping_project(tmp_path: Path) -> Path:
    """A draft whose name has a comma and a colon, and a rule pack whose message has '%', ',', ':' and a
    line break."""
    (tmp_path / "house").mkdir()
    (tmp_path / ".irlint.yaml").write_text("rules-paths: [house]\n", encoding="utf-8")
    (tmp_path / "house" / "compliance-claim.yaml").write_text(
        'extends: existence\ncode: U101\nmessage: "\'{match}\' claims 100%, of everything:\\nsay what was checked"\n'
        'severity: warning\ncategory: impact\ndescription: |\n  "fully compliant" claims\ntokens:\n'
        '  - fully compliant\nexamples:\n  fail: ["We are fully compliant."]\n  pass: ["We checked them."]\n',
        encoding="utf-8")
    (tmp_path / DRAFT_NAME).write_text(
        "## Preliminary Incident Report\n\n### Summary\n\n"
        "- **Incident description:** Example CA issued 12 certificates; we are fully compliant now.\n"
        "- **Relevant policies:** TLS BR 7.1.2.7.\n- **Source of incident disclosure:** Self Reported\n",
        encoding="utf-8")
    return tmp_path


def test_github_format_escapes_through_the_cli(capsys, monkeypatch, escaping_project: Path) -> None:
    monkeypatch.chdir(escaping_project)
    code, out, err = irlint(capsys, "check", "--format", "github", DRAFT_NAME)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "::warning file=draft%2Cv2%3Afinal.md,line=5,col=71,endLine=5,endColumn=86,title=U101 compliance-claim::"
        "'fully compliant' claims 100%25, of everything:%0Asay what was checked",
        "irlint: 1 finding (0 error, 1 warning, 0 info) in 1 source",
    ]


def test_github_actions_gets_annotations_and_the_full_table_in_the_step_summary(capsys, monkeypatch,
                                                                                tmp_path: Path) -> None:
    monkeypatch.chdir(REPO)
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = irlint(capsys, "check", WEAK)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 18 and all(line.startswith(("::error file=", "::warning file=")) for line in lines[:17])
    assert lines[-1] == ("irlint: 17 findings (16 error, 1 warning, 0 info) in 1 source; GitHub annotates only the "
                         "first 10 of each kind in a step, the job summary lists them all")
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n### irlint\n\n| Source | Line | Rule | Severity | Message |\n")
    assert sum(line.startswith(f"| {WEAK} |") for line in written.splitlines()) == 17
    # The summary is appended to, run after run, as GitHub collects every step's.
    irlint(capsys, "check", "--format", "github", WEAK)
    assert summary.read_text(encoding="utf-8").count("### irlint") == 2


def test_step_summary_is_written_only_for_the_github_format(capsys, monkeypatch, tmp_path: Path) -> None:
    summary = tmp_path / "step_summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    irlint(capsys, "check", "--format", "sarif", REPO / WEAK)
    assert not summary.exists()


def test_unwritable_step_summary_is_an_error_after_the_annotations(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    code, out, err = irlint(capsys, "check", "--format", "github", REPO / WEAK)
    assert code == 2
    assert out.count("::error") == 16
    assert err.startswith(f"irlint: {tmp_path / 'missing' / 'summary.md'}: cannot write the step summary")


# --- Markdown -------------------------------------------------------------------------------------------


def test_golden_markdown_of_the_weak_report(capsys, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = irlint(capsys, "check", "--format", "markdown", WEAK)
    assert (code, err) == (1, "")
    golden("weak-report.markdown", out)


def test_markdown_cells_escape_pipes_line_breaks_and_markup() -> None:
    assert escape_cell("a | b\nc\r\nd *e* <img src=x>") == r"a \| b<br>c<br>d \*e\* \<img src=x>"


def test_markdown_links_bugs_and_says_when_there_is_nothing(capsys) -> None:
    result = SourceResult(SourceRef.of_comment(1904038, 4), ("x",) * 5, (), (finding(message="a|b"),))
    table = FORMATTERS["markdown"](Outcome([result], all_rules()))
    assert "| [bug:1904038#c4](https://bugzilla.mozilla.org/show_bug.cgi?id=1904038#c4) | 5 |" in table
    assert r"| error | a\|b |" in table
    assert FORMATTERS["markdown"](Outcome([SourceResult(SourceRef.file("clean.md"))])) == \
        "**0 findings** (0 error, 0 warning, 0 info) in 1 source\n"


# --- --statistics and --skip-no-report ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [None, "text", "concise"])
def test_statistics_counts_findings_per_rule(capsys, monkeypatch, fmt: str | None) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # asking for statistics outweighs the annotation default
    code, out, _ = irlint(capsys, "check", "--statistics", *(["--format", fmt] if fmt else []), *DRAFTS)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "T002  5  timeline-entry-no-time"
    # The weak example states its human-error cause twice (the analysis and "What didn't go well").
    assert lines[1:4] == ["C001  2  human-error-root-cause", "A002  1  action-item-invalid-kind",
                          "A004  1  action-item-no-due-date"]
    assert sum(int(line.split()[1]) for line in lines) == 19


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "markdown"])
def test_statistics_with_a_machine_format_is_a_usage_error(capsys, fmt: str) -> None:
    code, out, err = irlint(capsys, "check", "--statistics", "--format", fmt, REPO / WEAK)
    assert (code, out) == (2, "")
    assert err == f"irlint: --statistics prints a table in place of the findings: it cannot be combined with " \
                  f"--format {fmt}\n"


def test_statistics_of_a_clean_report_is_empty(capsys) -> None:
    assert irlint(capsys, "check", "--statistics", REPO / "tests" / "reports" / "full-clean" / "report.md") == \
        (0, "", "")


def test_skip_no_report_passes_files_without_a_report(capsys, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Our reports\n\nSee the files in this folder.\n", encoding="utf-8")
    shutil.copy(REPO / WEAK, tmp_path / "weak.md")
    assert irlint(capsys, "check", "--format", "concise", readme)[0] == 1  # S005 without the option
    code, out, err = irlint(capsys, "check", "--skip-no-report", "-v", "--format", "json", readme, tmp_path / "weak.md")
    assert code == 1
    assert [r["source"] for r in json.loads(out)["results"]] == [str(tmp_path / "weak.md")]
    assert err == f"irlint: {readme}: skipped, no incident report recognised\n"
