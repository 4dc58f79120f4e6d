"""Report discovery in a bug: who speaks for the CA, which comments hold reports, which version is linted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bmo_data import bug, comment

from linter.bugs.discovery import ca_accounts, find_reports, latest_of_each_kind, posters
from linter.bugs.linting import lint_one_bug
from linter.bugzilla.model import Attachment, Bug
from linter.lint import Options

CA = "compliance@harrowgate.example"
COLLEAGUE = "pki-lead@harrowgate.example"
REVIEWER = "reviewer@mozilla.com"
PRELIMINARY = """\
## Preliminary Incident Report

### Summary

- **Incident description:** Harrowgate issued 4 OV certificates with unregistered organization names.
- **Relevant policies:** TLS Baseline Requirements, Section 3.2.2.2.
- **Source of incident disclosure:** Third Party Reported
"""
UPDATED = PRELIMINARY.replace("4 OV certificates", "5 OV certificates")
CLOSURE = """\
### Report Closure Summary

- **Incident Root Cause(s):** The validation form accepted free text.
- **Remediation description:** The organization name now comes from the registry extract.
- **Commitment summary:** Harrowgate checks every organization name against the registry.

All Action Items disclosed in this report have been completed as described, and we request its closure.
"""


def _bug(comments: list[tuple[int, str, str]], assigned_to: str = CA) -> Bug:
    rows = [comment(1, count, who, f"2026-02-0{count + 1}T10:00:00Z", text) for count, who, text in comments]
    return Bug.from_bmo(bug(1, summary="Harrowgate: x", assigned_to=assigned_to, creator=CA), rows)


@pytest.mark.parametrize(("assigned_to", "commenters", "expected"), [
    (CA, [COLLEAGUE, REVIEWER], {CA, COLLEAGUE}),  # the assignee's mail domain speaks for the CA
    ("nobody@mozilla.org", [COLLEAGUE], set()),
    ("gts-external@google.com", ["chrome-root-program@google.com"], {"gts-external@google.com"}),
    ("someone@mozilla.com", ["other@mozilla.com"], {"someone@mozilla.com"}),
])
def test_ca_accounts(assigned_to: str, commenters: list[str], expected: set[str]) -> None:
    subject = _bug([(0, CA, "Filed.")] + [(i + 1, who, "A comment.") for i, who in enumerate(commenters)],
                   assigned_to=assigned_to)
    assert ca_accounts(subject) == expected


def test_a_reviewer_quoting_a_report_is_not_a_report() -> None:
    subject = _bug([(0, CA, PRELIMINARY), (1, REVIEWER, "Quoting the CA:\n\n" + UPDATED)])
    found = find_reports(subject, ca_accounts(subject))
    assert [item.comment.count for item in found] == [0]
    assert posters(found, ca_accounts(subject)) == set()  # the CA is known already: the assignee


def test_the_latest_version_of_each_kind_is_linted_and_the_others_listed() -> None:
    subject = _bug([(0, CA, PRELIMINARY), (1, REVIEWER, "Questions?"), (2, COLLEAGUE, UPDATED), (3, CA, CLOSURE)])
    found = find_reports(subject, ca_accounts(subject))
    assert [(item.comment.count, item.kinds) for item in found] == [
        (0, ("preliminary",)), (2, ("preliminary",)), (3, ("closure",))]
    assert [item.comment.count for item in latest_of_each_kind(found)] == [2, 3]
    linted = lint_one_bug(subject, Options(), datetime(2026, 3, 1, tzinfo=UTC))
    assert [r.source.name for r in linted.results] == ["bug:1#c2", "bug:1#c3", "bug:1"]
    assert linted.others == ((0, ("preliminary",)),)
    every = lint_one_bug(subject, Options(), datetime(2026, 3, 1, tzinfo=UTC), all_reports=True)
    assert [r.source.name for r in every.results] == ["bug:1#c0", "bug:1#c2", "bug:1#c3", "bug:1"]


def test_a_report_posted_by_another_account_makes_it_a_ca_account() -> None:
    subject = _bug([(0, "filer@third-party.example", PRELIMINARY)], assigned_to="nobody@mozilla.org")
    linted = lint_one_bug(subject, Options(), datetime(2026, 3, 1, tzinfo=UTC))
    assert [r.source.name for r in linted.results] == ["bug:1#c0", "bug:1"]


V2_REPORT = """\
## Incident Report

### Summary

Harrowgate issued 4 OV certificates with unregistered organization names.
"""


@pytest.mark.parametrize(("posted", "outdated"), [("2024-06-01T10:00:00Z", False), ("2026-02-01T10:00:00Z", True)])
def test_the_report_date_is_the_comment_s_creation_time(posted: str, outdated: bool) -> None:
    # The 2.0 template was superseded on 2025-03-01: S006 depends on when the comment was posted.
    subject = Bug.from_bmo(bug(1, summary="Harrowgate: x", assigned_to=CA, creator=CA),
                           [comment(1, 0, CA, posted, V2_REPORT)])
    (report_result, _) = lint_one_bug(subject, Options(), datetime(2026, 3, 1, tzinfo=UTC)).results
    assert ("S006" in {f.rule for f in report_result.findings}) is outdated


def test_a_past_event_after_the_comment_names_the_comment_as_the_report_date() -> None:
    text = ("## Incident Report\n\n### Timeline\n\nAll times are UTC.\n\n- 2024-05-02 10:00: We became aware.\n"
            "- 2024-07-09 10:00: We revoked the certificates.\n")
    subject = Bug.from_bmo(bug(1, summary="Harrowgate: x", assigned_to=CA, creator=CA),
                           [comment(1, 0, CA, "2024-06-01T10:00:00Z", text)])
    (report_result, _) = lint_one_bug(subject, Options(), datetime(2026, 3, 1, tzinfo=UTC)).results
    (t005,) = [f for f in report_result.findings if f.rule == "T005"]
    assert "2024-06-01 (comment)" in t005.message


def test_a_report_the_ca_attached_is_linted_as_its_own_source() -> None:
    rows = [comment(1, 0, CA, "2026-02-01T10:00:00Z", "Filed; the report is attached."),
            comment(1, 1, CA, "2026-02-02T10:00:00Z", "Preliminary report attached.", attachment_id=70)]
    attached = Attachment(70, "report.md", "Preliminary report", "text/markdown", len(PRELIMINARY),
                          datetime(2026, 2, 2, 10, 0, tzinfo=UTC), CA, False, False, PRELIMINARY)
    subject = Bug.from_bmo(bug(1, summary="Harrowgate: x", assigned_to=CA, creator=CA), rows, (attached,))
    linted = lint_one_bug(subject, Options(), datetime(2026, 3, 1, tzinfo=UTC))
    assert [r.source.name for r in linted.results] == ["bug:1/attachment:70", "bug:1"]
    assert linted.results[0].reports[0].kind == "preliminary"


NOTICE = """\
We are aware of the problem. The root cause was an oversight by one validation specialist, who did not notice
the mismatch. We have reminded all validation staff to be more careful. We are looking into it and will post a
report.
"""


def _statement_findings(comments: list[tuple[int, str, str]]) -> list[tuple[str, int]]:
    linted = lint_one_bug(_bug(comments), Options(), datetime(2026, 3, 1, tzinfo=UTC))
    return [(r.source.comment, f.rule) for r in linted.results if r.source.comment is not None for f in r.findings
            if not r.reports]


def test_a_ca_comment_before_its_report_is_read_for_the_cause_and_the_fix() -> None:
    # The cause and the fix as the CA first stated them, before any report: judged as in a report. A first
    # comment's "we are looking into it" is what is expected then, not a vague remediation (R004).
    found = _statement_findings([(0, REVIEWER, "Harrowgate issued certificates with unregistered names."),
                                 (1, CA, NOTICE), (2, CA, PRELIMINARY)])
    assert {rule for _, rule in found} == {"C001", "R002", "R003"}
    assert {comment for comment, _ in found} == {1}


@pytest.mark.parametrize(("comments", "why"), [
    ([(0, CA, PRELIMINARY), (1, CA, NOTICE)], "a comment after the CA's first report"),
    ([(0, CA, "Harrowgate issued certificates with unregistered names."), (1, REVIEWER, NOTICE)],
     "a reviewer's comment"),
])
def test_only_the_cas_comments_before_its_first_report_are_read_so(comments, why: str) -> None:
    assert _statement_findings(comments) == [], why
