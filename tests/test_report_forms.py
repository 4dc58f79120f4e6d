"""Forms real reports take that the template text does not: questions indented as mail clients write them, title
variants, 2.0 reports under a "Preliminary Incident Report" heading, 1.0 audit parts run in with their answers.
Each form with the near-misses that must not be read as it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.document import CODE, TEXT, parse_document
from linter.lint import Options, lint_text
from linter.parsed import parse_source
from linter.report import extract_reports, read_indented
from linter.report import vocabulary as vocab
from linter.report.headings import heading_of, title_variants
from linter.source_ref import SourceRef


def _reports(text: str, as_of: date | None = None):
    return extract_reports(parse_document(text), as_of)


def _shape(text: str, as_of: date | None = None) -> list[tuple[str, str, list[str]]]:
    return [(r.kind, r.template_version, [s.key for s in r.sections if s.parent is None])
            for r in _reports(text, as_of)]


# --- indented blocks -----------------------------------------------------------------------------------------

MAIL_QUESTIONS = """\
Report for the serial number entropy problem.

1.      How your CA first became aware of the problem, and the time and date.

On 2019-03-08 at 10:00 UTC, from the mailing list.

2.      A timeline of the actions your CA took in response.

2019-03-08 10:00 UTC: we became aware of the problem.
"""


def test_questions_indented_by_a_mail_client_are_the_report() -> None:
    assert _shape(MAIL_QUESTIONS) == [("legacy", "1.0", ["how_aware", "timeline"])]


def test_a_report_indented_line_by_line_is_read() -> None:
    tabbed = "\n".join("\t" + line if line else "" for line in MAIL_QUESTIONS.splitlines()) + "\n"
    assert _shape(tabbed) == [("legacy", "1.0", ["how_aware", "timeline"])]


def test_fenced_questions_stay_code() -> None:
    fenced = "Our form asks:\n\n```\n" + MAIL_QUESTIONS + "```\n"
    document = read_indented(parse_document(fenced))
    assert _reports(fenced) == ()
    assert all(kind == CODE for kind in document.kinds[3:-1] if kind != "blank")


def test_an_indented_log_with_one_title_word_stays_code() -> None:
    text = ("The responder logged:\n\n    Summary\n    status=unknown serial=0x1f\n    Analysis: cache miss\n\n"
            "We are looking into it.\n")
    document = read_indented(parse_document(text))
    assert document.kinds[2] == CODE and document.kinds[4] == CODE
    assert _reports(text) == ()


def test_an_indented_quote_of_prose_stays_code() -> None:
    text = "The documentation says:\n\n    If the resolver cannot validate a response, it returns SERVFAIL.\n"
    assert read_indented(parse_document(text)).kinds[2] == CODE


def test_an_indented_block_with_two_titles_is_text() -> None:
    text = "    Summary\n\n    We misissued 3 certificates.\n\n    Impact\n\n    3 certificates.\n"
    document = read_indented(parse_document(text))
    assert document.kinds[0] == TEXT and document.indented == ()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["    Summary", "    Timeline", "```", "text", "", "\tline", "    x = 1",
                                 "    1.      How your CA first became aware of the problem"]), max_size=12))
def test_reading_indented_blocks_changes_only_indented_lines(lines: list[str]) -> None:
    document = parse_document("\n".join(lines) + "\n")
    read = read_indented(document)
    inside = {n for first, last in document.indented for n in range(first, last + 1)}
    for number, (before, after) in enumerate(zip(document.kinds, read.kinds), 1):
        assert before == after or (number in inside and before == CODE)


# --- title variants ------------------------------------------------------------------------------------------


def _section(line: str, *, markdown: bool = False) -> str | None:
    return next((h.key for h in heading_of(line, markdown_heading=markdown) if h.role == "section"), None)


def test_title_variants() -> None:
    assert _section("### Timeline (All times are UTC+8)", markdown=True) == "timeline"
    assert _section("Timeline (all times UTC)") == "timeline"
    assert _section("**Timeline** (UTC)") == "timeline"
    assert _section("Root Cause") == "root_cause_analysis"
    assert _section("3. Root Causes") == "root_cause_analysis"
    assert _section("**Lesson Learned**") == "lessons_learned"
    assert _section("## Impact - none", markdown=True) == "impact"
    assert _section("## Remediation & Reporting", markdown=True) == "action_items"
    assert [h.role for h in heading_of("## Incident Report: OCSP outage", markdown_heading=True)] == ["marker"]
    assert [h.key for h in heading_of("Preliminary Incident Report (update)")] == ["preliminary"]


def test_notes_after_a_dash_or_colon_on_a_plain_line_are_answers() -> None:
    assert _section("Impact - none") is None
    assert _section("Impact: three certificates") is None
    assert _section("Timeline of the changes we made to the profile") is None
    assert heading_of("Incident report for the issue above, according to the wiki") == []


TITLES = sorted(vocab.SECTION_TITLES)
NOTES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789+ ", min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TITLES), NOTES, st.sampled_from(["### ", "**", ""]))
def test_a_note_in_parentheses_keeps_the_title(title: str, note: str, mark: str) -> None:
    line = f"{mark}{title.title()}{'**' if mark == '**' else ''} ({note})"
    assert _section(line, markdown=mark == "### ") == vocab.SECTION_TITLES[title]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TITLES), NOTES)
def test_a_dash_note_on_a_plain_line_is_no_heading(title: str, note: str) -> None:
    assert _section(f"{title.title()} - {note}") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_variants_start_with_the_title_as_written(whole: str) -> None:
    forms = title_variants(whole, marked=True)
    assert forms[0] == whole and all(len(form) <= len(whole) + 4 * whole.count("&") for form in forms)


TIMELINE_WITH_NOTE = """\
## Incident Report

### Summary

We published a CRL late.

### Impact

None.

### Timeline (All times are UTC+8)

- 2024-03-04 10:20: we became aware of the problem.
- 2024-03-04 11:12: a fresh CRL was published.

### Root Cause

The job failed.
"""


def test_a_note_on_the_timeline_heading_declares_its_zone() -> None:
    report, = _reports(TIMELINE_WITH_NOTE)
    assert [s.key for s in report.sections] == ["summary", "impact", "timeline", "root_cause_analysis"]
    assert report.timeline.declared_offset == timedelta(hours=8)
    assert report.timeline.entries[0].instant.isoformat() == "2024-03-04T02:20:00+00:00"


# --- preliminary reports of the 2.0 era ------------------------------------------------------------------------

PRELIMINARY_SUMMARY = """\
## Preliminary Incident Report

### Summary

We found 12 certificates with a wrong country code; the full report will follow.
"""
PRELIMINARY_SECTIONS = PRELIMINARY_SUMMARY + """
### Impact

12 certificates.

### Timeline

- 2024-09-02 10:00 UTC: we became aware of the problem.
"""
PRELIMINARY_FIELDS = """\
## Preliminary Incident Report

### Summary

- **Incident description:** We found 12 certificates with a wrong country code.
- **Relevant policies:** TLS BR 7.1.4
- **Source of incident disclosure:** Self Reported
"""


def test_a_preliminary_report_before_the_three_x_templates_is_a_two_zero_report() -> None:
    report, = _reports(PRELIMINARY_SUMMARY, date(2024, 9, 3))
    assert (report.kind, report.template_version, report.preliminary) == ("incident", "2.0", True)
    assert _shape(PRELIMINARY_SECTIONS) == [("incident", "2.0", ["summary", "impact", "timeline"])]


def test_a_preliminary_report_since_the_three_x_templates_is_one() -> None:
    assert _shape(PRELIMINARY_SUMMARY, date(2025, 6, 2)) == [("preliminary", "3.x", ["summary"])]
    assert _shape(PRELIMINARY_SECTIONS, date(2025, 6, 2))[0][:2] == ("preliminary", "3.x")
    # Undated and holding only its summary: nothing says it is older than the template it names.
    assert _shape(PRELIMINARY_SUMMARY)[0][:2] == ("preliminary", "3.x")


def test_three_x_fields_make_a_three_x_preliminary_report_whatever_its_date() -> None:
    assert _shape(PRELIMINARY_FIELDS, date(2025, 1, 20))[0][:2] == ("preliminary", "3.x")
    assert _shape(PRELIMINARY_FIELDS + "\n### Impact\n\n12 certificates, issued 2024-05-01.\n")[0][:2] \
        == ("preliminary", "3.x")


# --- 1.0 audit reports ------------------------------------------------------------------------------------------


def test_audit_parts_run_in_after_the_issue_number() -> None:
    text = ("Issue #1: Access reviews\nIssue #1 Description: Not documented for Q3.\n"
            "Issue #1 Root Cause of Issue: A spreadsheet kept by one person.\n"
            "Issue #1 Remediation Plan for this Issue:\n- Use tickets (Complete, 2023-04-03).\n")
    report, = _reports(text)
    assert (report.kind, report.template_version) == ("audit", "1.0")
    assert [(s.key, s.group, s.body) for s in report.sections] == [
        ("finding", 1, "Not documented for Q3."), ("root_cause_analysis", 1, "A spreadsheet kept by one person."),
        ("action_items", 1, "- Use tickets (Complete, 2023-04-03).")]


def test_prose_about_a_root_cause_is_no_audit_part() -> None:
    assert heading_of("The root cause of issue: a missing check") == []
    assert heading_of("Issue #3 root causes were discussed in the meeting: see the minutes, which list them all") == []
    assert _reports("The root cause of issue 4: a missing check.\nRemediation plan: none yet.\n") == ()


def test_an_incident_report_titled_preliminary_announces_the_full_report() -> None:
    text = ("## Incident Report (Preliminary)\n\n### Summary\n\nWe misissued 3 certificates.\n\n### Impact\n\n"
            "3 certificates.\n\n### Timeline\n\n- 2024-07-29 10:00 UTC: we became aware of the problem.\n")
    report, = _reports(text)
    assert (report.kind, report.preliminary) == ("incident", True)
    report, = _reports(text.replace(" (Preliminary)", ""))
    assert (report.kind, report.preliminary) == ("incident", False)


def test_the_bug_history_names_a_two_zero_preliminary_report_preliminary() -> None:
    parsed = parse_source(SourceRef.of_comment(1, 0), PRELIMINARY_SECTIONS, complete=True, as_of=date(2024, 9, 3))
    assert [r.kind for r in parsed.reports] == ["incident"] and parsed.kinds == ("preliminary",)


def test_the_analysis_of_a_two_zero_preliminary_report_is_not_judged_shallow() -> None:
    analysis = "\n### Root Cause Analysis\n\nThe investigation is ongoing.\n"
    options = Options(selected=frozenset({"C002"}), report_date=date(2024, 9, 3))
    assert [f.rule for f in lint_text(PRELIMINARY_SECTIONS + analysis, "p.md", options).findings] == []
    full = PRELIMINARY_SECTIONS.replace("## Preliminary Incident Report", "## Incident Report") + analysis
    assert [f.rule for f in lint_text(full, "f.md", options).findings] == ["C002"]


def test_a_zone_declared_before_the_questions_holds_for_the_timeline() -> None:
    unzoned = MAIL_QUESTIONS.replace("2019-03-08 10:00 UTC: we", "2019-03-08 10:00: we")
    declared = "All times below are in UTC+8.\n\n" + unzoned
    report, = _reports(declared)
    assert report.timeline.declared_offset == timedelta(hours=8)
    assert report.timeline.entries[0].instant.isoformat() == "2019-03-08T02:00:00+00:00"
    # Written inside the timeline, a declaration wins over the opening one.
    inside = declared.replace("2019-03-08 10:00: we", "All times are UTC.\n\n2019-03-08 10:00: we")
    assert _reports(inside)[0].timeline.declared_offset == timedelta(0)
    # A time in the opening lines that declares nothing leaves the timeline undeclared.
    assert _reports(MAIL_QUESTIONS)[0].timeline.declared_offset is None
