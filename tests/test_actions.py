"""Action items (linter/report/actions.py) and the A rules: factor references, lenient values, table rows in
all three input forms, legacy remediation steps, and the action-item findings of the tests/reports/actions-*
fixtures (their ``actions:`` key), in Markdown and in the rendered twin."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from linter.document import parse_document
from linter.lint import Options, lint_text
from linter.registry import all_rules
from linter.report import actions, extract, extract_reports, tables
from linter.report.actions import (
    canonical_kinds,
    canonical_status,
    due_date_of,
    factor_references,
    refers_to_all,
)

REPORTS = Path(__file__).parent / "reports"


def _report(text: str):
    document = parse_document(text, "case.md")
    (report,) = extract_reports(document)
    return report, document


# --- factor references --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Root Cause # 1", {1}),
    ("Root Cause 1", {1}),
    ("Root Cause #1", {1}),
    ("Contributing Factor #1", {1}),
    ("Contributing Factor 1", {1}),
    ("contributing factor 2 (the HSM runbook)", {2}),
    ("**Contributing Factor 2**", {2}),
    ("CF1", {1}),
    ("CF 1", {1}),
    ("CF#3", {3}),
    ("RC1", {1}),
    ("RC 2, RC 3", {2, 3}),
    ("#1", {1}),
    ("#1, #3", {1, 3}),
    ("1, 2", {1, 2}),
    ("1 and 3", {1, 3}),
    ("2", {2}),
    ("Factors 1 and 2", {1, 2}),
    ("Contributing Factors 1, 2 and 4", {1, 2, 4}),
    ("Root causes 1 & 2", {1, 2}),
    ("RC 2 and CF 3", {2, 3}),
    ("CF1-CF3", {1, 2, 3}),
    ("Factors 1 to 3", {1, 2, 3}),
    ("1-3", {1, 2, 3}),
    ("All", {1, 2, 3}),
    ("all contributing factors", {1, 2, 3}),
    ("Both root causes", {1, 2, 3}),
])
def test_factor_references(text: str, expected: set[int]) -> None:
    assert factor_references(text, (1, 2, 3)) == expected


@pytest.mark.parametrize("text", [
    "", "N/A", "Bug #1916402", "the 398-day limit", "Section 6.1.5 of the Baseline Requirements",
    "The profile editor", "2026-05-01", "v4.6",
])
def test_texts_that_name_no_factor(text: str) -> None:
    assert factor_references(text, (1, 2, 3)) == set()


def test_all_names_the_factors_it_is_given() -> None:
    assert factor_references("All") == set()
    assert factor_references("All", [1, 2, 5]) == {1, 2, 5}
    assert refers_to_all("**All**") and refers_to_all("every root cause")
    assert not refers_to_all("Contributing Factor 1") and not refers_to_all("Install the patch")


# --- values -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Prevent", ("Prevent",)),
    ("**Prevent**", ("Prevent",)),
    ("prevent.", ("Prevent",)),
    ("[Detect]", ("Detect",)),
    ("MITIGATE", ("Mitigate",)),
    ("Prevention", ("Prevent",)),
    ("Detection", ("Detect",)),
    ("Mitigation", ("Mitigate",)),
    ("Prevent / Detect", ("Prevent", "Detect")),
    ("Detect and prevent", ("Detect", "Prevent")),
    ("Mitigate (short term)", ("Mitigate",)),
    ("", ()),
    ("  ** **", ()),
    ("Fix", None),
    ("Corrective", None),
    ("Preventative maintenance of the HSM", None),
    ("N/A", None),
])
def test_canonical_kinds(text: str, expected) -> None:
    assert canonical_kinds(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ongoing", "Ongoing"),
    ("**ongoing**", "Ongoing"),
    ("Complete.", "Complete"),
    ("Completed", "Complete"),
    ("Completed on 2025-10-15", "Complete"),
    ("Complete, 2025-10-15", "Complete"),
    ("Delayed (was 2026-05-31)", "Delayed"),
    ("Delayed - new date 2026-01-31", "Delayed"),
    ("Canceled", "Canceled"),
    ("Cancelled", "Canceled"),
    ("", ""),
    ("In progress", None),
    ("Done", None),
    ("Open", None),
    ("2025-10-15", None),
    ("Completely redesigned", None),
])
def test_canonical_status(text: str, expected) -> None:
    assert canonical_status(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-31", (date(2026, 3, 31), True)),
    ("31.03.2026", (date(2026, 3, 31), True)),
    ("March 31, 2026", (date(2026, 3, 31), True)),
    ("31 March 2026", (date(2026, 3, 31), True)),
    ("**2026-03-31** (completed)", (date(2026, 3, 31), True)),
    ("6/30/2026", (date(2026, 6, 30), True)),
    ("30/6/2026", (date(2026, 6, 30), True)),
    ("3/4/2026", (None, True)),  # a date, whose order cannot be told
    ("TBD", (None, False)),
    ("Q3 2026", (None, False)),
    ("ASAP", (None, False)),
    ("ongoing", (None, False)),
    ("March 2026", (None, False)),
    ("", (None, False)),
])
def test_due_date_of(text: str, expected) -> None:
    assert due_date_of(text) == expected


# --- table rows ----------------------------------------------------------------------------------------------

INCIDENT = """\
## Incident Report

### Action Items

| Action Item | Kind | Due Date |
| ----------- | ---- | -------- |
| Reject CRL profiles with an interval above 10 days | Prevent | 2024-06-01 |
| Compare every CRL with the revocation database | Fix | TBD |
"""

FULL = """\
## Full Incident Report

### Root Cause Analysis

**Contributing Factor 1: The profile editor accepted any validity period**
- **Description:** The editor stored the validity without checking the 398-day maximum.

### Action Items

| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |
| ----------- | ---- | --------------------------- | ------------------- | -------- | ------ |
| Reject profiles above 398 days | Prevent | CF1 | A 399-day profile is refused | 2026-05-01 | Ongoing |
| Lint validity before signing | Detect | Contributing Factor 1 | Test certificate refused | Q3 | In progress |
"""

FULL_RENDERED = """\
Full Incident Report
Root Cause Analysis
Contributing Factor 1: The profile editor accepted any validity period
- Description: The editor stored the validity without checking the 398-day maximum.
Action Items
Action Item
Kind
Corresponding Root Cause(s)
Evaluation Criteria
Due Date
Status
Reject profiles above 398 days
Prevent
CF1
A 399-day profile is refused
2026-05-01
Ongoing
Lint validity before signing
Detect
Contributing Factor 1
Test certificate refused
Q3
In progress
"""


def test_rows_of_a_two_zero_table() -> None:
    report, document = _report(INCIDENT)
    first, second = report.action_items
    assert (first.line, first.description, first.kind, first.due_date_text, first.due_date, first.dated) == \
        (7, "Reject CRL profiles with an interval above 10 days", "Prevent", "2024-06-01", date(2024, 6, 1), True)
    assert first.root_causes is None and first.status is None and first.evaluation_criteria is None
    assert first.kinds == ("Prevent",) and second.kinds is None
    assert (second.due_date, second.dated) == (None, False)
    # Positions point at each cell's text, not at an earlier occurrence of the same word in the row.
    for item in (first, second):
        for key, text in (("description", item.description), ("kind", item.kind), ("due_date", item.due_date_text)):
            line, column = item.position(key)
            assert document.lines[line - 1][column - 1:column - 1 + len(text)] == text


def test_rows_of_a_three_x_table_and_its_rendered_twin() -> None:
    def fields(text: str):
        report, document = _report(text)
        items = report.action_items
        for item in items:
            for key in ("description", "kind", "root_causes", "evaluation_criteria", "due_date", "status"):
                value = getattr(item, "due_date_text" if key == "due_date" else key)
                line, column = item.position(key)
                assert document.lines[line - 1][column - 1:].startswith(value), (key, value)
        return [(i.description, i.kind, i.root_causes, i.evaluation_criteria, i.due_date_text, i.due_date, i.status,
                 i.canonical_status) for i in items]

    markdown = fields(FULL)
    assert markdown == fields(FULL_RENDERED)
    assert markdown[0] == ("Reject profiles above 398 days", "Prevent", "CF1", "A 399-day profile is refused",
                           "2026-05-01", date(2026, 5, 1), "Ongoing", "Ongoing")
    assert markdown[1][-1] is None  # "In progress" is not a template status


def test_each_audit_finding_has_its_own_table() -> None:
    text = (REPORTS / "actions-audit-v2-no-table" / "report.md").read_text(encoding="utf-8")
    report, document = _report(text)
    first, second = report.action_tables
    assert first.header == ("Action Item", "Kind", "Due Date") and first.line == 13 and len(first.rows) == 2
    assert first.keys == ("description", "kind", "due_date")
    assert second.header is None and second.rows == () and second.section.line == 26
    assert len(report.action_items) == 2


# --- legacy remediation steps ---------------------------------------------------------------------------------

LEGACY = """\
**1. How your CA first became aware of the problem**

On 2019-05-10 a researcher reported underscores in dNSNames of 9 certificates.

**2. A timeline of the actions your CA took in response.**

- 2019-05-10 09:00 UTC: Report received.

**7. List of steps your CA is taking to resolve the situation.**

We are taking the following steps. We revoked all 9 certificates on 2019-05-11. The underscore check has been
deployed to production. We will add a regression test for every profile rule. This will ensure that no
certificate will be issued with an underscore again.

**Short term**

- Add a nightly comparison of linter versions
  across all signing servers.
- Adding alerting for failed lints (due 30.06.2019)
- The linter now rejects underscores.
- Done: the profile validation layer checks every label.
1. Step 5: We plan to migrate the linter within two weeks
"""


def _steps(text: str):
    report, document = _report(text)
    assert report.kind == "legacy"
    assert all(item.source == "step" for item in report.action_items)
    return list(report.action_items), document


def test_legacy_steps_are_sentences_and_list_items() -> None:
    steps, document = _steps(LEGACY)
    assert [(s.line, s.description) for s in steps] == [
        (11, "We revoked all 9 certificates on 2019-05-11."),
        (11, "The underscore check has been deployed to production."),
        (12, "We will add a regression test for every profile rule."),
        (12, "This will ensure that no certificate will be issued with an underscore again."),
        (17, "Add a nightly comparison of linter versions across all signing servers."),
        (19, "Adding alerting for failed lints (due 30.06.2019)"),
        (20, "The linter now rejects underscores."),
        (21, "Done: the profile validation layer checks every label."),
        (22, "Step 5: We plan to migrate the linter within two weeks"),
    ]
    # The announcement ("the following steps") and the bold sub-heading are not steps.
    for step in steps:
        line, column = step.position("description")
        first_words = step.description.split()[0]
        assert document.lines[line - 1][column - 1:].startswith(first_words)
    assert steps[1].end_line == 12 and steps[4].end_line == 18
    assert all(step.source == "step" and step.kind is None for step in steps)


def test_legacy_steps_done_or_committed() -> None:
    steps, _ = _steps(LEGACY)
    flags = [(s.done, s.commitment, s.dated) for s in steps]
    assert flags == [
        (True, False, True),    # We revoked ... on 2019-05-11
        (True, False, False),   # has been deployed
        (False, True, False),   # We will add
        (False, False, False),  # This will ensure: a consequence, not a commitment
        (False, True, False),   # Add ... (imperative list item)
        (False, True, True),    # Adding ... (due 30.06.2019)
        (True, False, False),   # now rejects
        (True, False, False),   # Done:
        (False, True, False),   # We plan to
    ]
    assert steps[5].due_date == date(2019, 6, 30) and steps[5].due_date_text == "30.06.2019"


def test_legacy_run_in_answer_and_table_rows() -> None:
    text = """\
**1. How your CA first became aware of the problem:** A researcher told us on 2019-05-10.

**2. A timeline of the actions your CA took in response:** On 2019-05-11 we revoked the certificates.

**7. List of steps your CA is taking:** We will deploy a fix by 2019-06-01. We will also retrain staff.

| Step | Status |
| ---- | ------ |
| Deploy the linter to all signing servers | Done |
| Alert on lint failures | Due 2019-07-01 |
"""
    steps, document = _steps(text)
    assert [(s.line, s.description) for s in steps] == [
        (5, "We will deploy a fix by 2019-06-01."),
        (5, "We will also retrain staff."),
        (9, "Deploy the linter to all signing servers | Done"),
        (10, "Alert on lint failures | Due 2019-07-01"),
    ]
    assert steps[0].position("description") == (5, document.lines[4].index("We will deploy") + 1)
    assert [(s.commitment, s.dated) for s in steps] == [(True, True), (True, False), (True, False), (True, True)]


# --- the rules ---------------------------------------------------------------------------------------------


def test_the_action_item_rules_say_why_and_where_they_apply() -> None:
    # Their codes, names and severities are pinned by docs/rules.md (tests/test_rules_doc.py).
    rules = {rule.code: rule for rule in all_rules() if rule.category == "action-items"}
    assert rules and all(rule.why for rule in rules.values())
    # Status and Corresponding Root Cause(s) are columns of the 3.x Full report's table only (a closure
    # summary has no table), and the rules follow the template declarations.
    for code in ("A003", "A006"):
        assert (rules[code].kinds, rules[code].versions) == ({"full"}, {"3.x"})


def test_tables_are_read_once_with_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each Action Items and Related Incidents section's table is read while the report is extracted; the
    # rules (A001-A006, S003, S010) work on what the report holds and read no table again.
    reads: list[int] = []

    def counting(document, first, last, columns):
        reads.append(first)
        return tables.read_table(document, first, last, columns)

    monkeypatch.setattr(actions, "read_table", counting)
    monkeypatch.setattr(extract, "read_table", counting)
    text = (REPORTS / "actions-full-gaps" / "report.md").read_text(encoding="utf-8")
    result = lint_text(text, "report.md", Options())
    [report] = result.reports
    assert any(f.rule.startswith("A") for f in result.findings)
    table_sections = [s.line for s in report.sections if s.key in ("action_items", "related_incidents")]
    assert sorted(reads) == table_sections
