"""Layouts real reports take that heading recognition missed: titles in capitals with a note after a dash,
questions numbered "1/", a hash glued to a title, audit reports posted as "Initial", and custom audit layouts
(a root cause and a remediation plan under an audit's opinion). Each with near-misses that must stay as they are."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.document import parse_document
from linter.lint import Options, lint_text
from linter.report import extract_reports
from linter.report import vocabulary as vocab
from linter.report.headings import heading_of


def _shape(text: str) -> list[tuple[str, list[str]]]:
    return [(r.kind, [s.key for s in r.sections if s.parent is None])
            for r in extract_reports(parse_document(text))]


def _section(line: str) -> str | None:
    return next((h.key for h in heading_of(line) if h.role == "section"), None)


# --- titles in capitals ----------------------------------------------------------------------------------------

CAPITALS_REPORT = """\
Steps to reproduce:

SUMMARY
A batch of TLS certificates carried an expired policy OID.

IMPACT
Sixty certificates, all since revoked.

TIMELINE – all times UTC
2024-02-03 08:10 - our nightly lint flagged the first certificate.
2024-02-03 11:40 - issuance stopped.

ROOT CAUSE ANALYSIS
The profile kept the retired OID after the policy update.
"""


def test_titles_in_capitals_with_a_dash_note_open_sections() -> None:
    assert _shape(CAPITALS_REPORT) == [("incident", ["summary", "impact", "timeline", "root_cause_analysis"])]


def test_a_capitals_title_ending_in_a_bare_dash_is_the_title() -> None:
    assert _section("TIMELINE - ") == "timeline"
    assert _section("Timeline -") == "timeline"
    assert _section("IMPACT —") == "impact"


def test_a_note_after_a_capitals_title_is_no_answer_on_a_mixed_case_line() -> None:
    # The dash note reads as a note only under a title written in capitals: "Impact - none" stays an answer.
    assert _section("Impact - none") is None
    assert _section("Timeline - we have not started it yet") is None


def test_capitals_in_running_text_are_no_heading() -> None:
    assert _section("TLS certificates were affected - see below") is None
    assert _section("SUMMARY OF THE CALL WITH THE AUDITOR") is None
    assert _shape("NOTE - the summary, impact and timeline will follow in a later comment.\n") == []


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(vocab.SECTION_TITLES)),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789+ ", min_size=1, max_size=30).filter(str.strip),
       st.sampled_from(["-", "–", "—"]))
def test_a_capitals_title_keeps_its_key_whatever_its_dash_note(title: str, note: str, dash: str) -> None:
    assert _section(f"{title.upper()} {dash} {note}") == vocab.SECTION_TITLES[title]


# --- legacy questions numbered "1/" ---------------------------------------------------------------------------

SLASH_NUMBERED = """\
Please find our incident report below.

1/ How your CA first became aware of the problem.
A customer wrote to our support desk.

2/ A timeline of the actions your CA took in response.
2019-06-02 09:12 UTC: the customer's mail arrived.
2019-06-02 10:30 UTC: the certificate was revoked.

3/ Whether your CA has stopped, or has not yet stopped, issuing certificates with the problem.
Issuance was stopped the same day.
"""


def test_questions_numbered_with_a_slash_make_a_legacy_report() -> None:
    assert _shape(SLASH_NUMBERED) == [("legacy", ["how_aware", "timeline", "issuance_stopped"])]


def test_a_fraction_or_date_is_no_numbering() -> None:
    assert heading_of("1/4 of the timeline entries had no zone") == []
    assert heading_of("1/2/2019 the summary was posted") == []


# --- a hash glued to a title ----------------------------------------------------------------------------------

def test_a_hash_glued_to_a_capital_title_is_a_heading() -> None:
    assert _section("#ROOT CAUSE") == "root_cause_analysis"
    assert _section("#Timeline") == "timeline"


def test_a_hashtag_or_bug_number_is_no_heading() -> None:
    assert heading_of("#1 in our list") == []
    assert heading_of("#summary of the call") == []


# --- audit reports --------------------------------------------------------------------------------------------

INITIAL_AUDIT = """\
## Initial Audit Incident Report
This is the initial report for the findings of our 2025 audit; the full report follows within two weeks.

### Finding #1
The access review of the RA system was not performed in the third quarter.
"""


def test_an_initial_audit_incident_report_is_an_audit_report() -> None:
    # Its opening paragraph sits under its own heading: no finding is made of it.
    assert _shape(INITIAL_AUDIT) == [("audit", ["finding"])]
    assert _shape(INITIAL_AUDIT.replace("Initial", "Full")) == [("audit", ["finding"])]


CUSTOM_AUDIT = """\
Qualified opinion in our annual WebTrust BR audit report of March 2024

The auditor found that one intermediate certificate lacked a required extension.

#ROOT CAUSE
The intermediate was created in 2012, before the requirement existed, and its profile was never reviewed.

#REMEDIATION PLAN
The intermediate will be revoked and replaced by 2024-06-30.
"""


def test_a_root_cause_and_remediation_plan_under_an_audit_opinion_is_an_audit_report() -> None:
    # The opinion stated above the parts is the finding: no section is missing.
    assert _shape(CUSTOM_AUDIT) == [("audit", ["finding", "root_cause_analysis", "action_items"])]
    finding = extract_reports(parse_document(CUSTOM_AUDIT))[0].sections[0]
    assert (finding.line, finding.end_line) == (1, 3)
    plain = CUSTOM_AUDIT.replace("#ROOT CAUSE", "Root Cause").replace("#REMEDIATION PLAN", "Remediation Plan")
    assert _shape(plain)[0][0] == "audit"


def test_a_mail_naming_a_root_cause_and_an_audit_in_passing_is_no_report() -> None:
    mail = ("Thanks for the update. Our audit report is due next month; we will look at the root cause and the\n"
            "remediation plan with the auditor then.\n")
    assert _shape(mail) == []


def test_a_root_cause_and_remediation_without_an_audit_stay_no_audit_report() -> None:
    text = CUSTOM_AUDIT.replace("Qualified opinion in our annual WebTrust BR audit report of March 2024",
                                "A note on the intermediate certificate")
    assert all(kind != "audit" for kind, _ in _shape(text))


def test_an_initial_audit_report_announces_the_full_report() -> None:
    initial = extract_reports(parse_document(INITIAL_AUDIT))[0]
    full = extract_reports(parse_document(INITIAL_AUDIT.replace("Initial ", "")))[0]
    assert initial.preliminary and not full.preliminary


def test_sections_still_to_come_in_an_initial_audit_report_are_not_missing() -> None:
    options = Options(report_date=date(2025, 1, 10))
    assert "S001" not in {f.rule for f in lint_text(INITIAL_AUDIT, "a.md", options).findings}
    full = INITIAL_AUDIT.replace("Initial ", "")
    assert "S001" in {f.rule for f in lint_text(full, "a.md", options).findings}
