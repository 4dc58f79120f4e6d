"""Property tests: the parser never raises and keeps its line spans consistent; dates are found exactly."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from linter.document import parse_document
from linter.lint import Options, lint_text
from linter.registry import all_rules
from linter.report import extract_reports
from linter.timeline.dates import _PATTERNS, find_dates

#: Rules that judge a text in which no report is recognised.
TEXT_SCOPE = frozenset(rule.code for rule in all_rules() if rule.scope == "text")

# Lines that make the extractor work: report headings, section headings in the three forms, field labels
# bold and plain, table rows, legacy questions, Bugzilla page chrome and comment markers.
REPORTISH_LINES = (
    "## Full Incident Report", "## Preliminary Incident Report", "## Incident Report", "## Audit Incident Report",
    "### Report Closure Summary", "Full Incident Report", "Incident Report",
    "### Summary", "### Impact", "### Timeline", "Timeline", "### Related Incidents", "### Root Cause Analysis",
    "Root Cause Analysis", "### Lessons Learned", "#### What went well", "What didn't go well",
    "### Action Items", "Action Items", "### Appendix", "#### Details of affected certificates",
    "- **Incident description:** x", "- **Incident description:**", "Incident description:",
    "- **CA Owner CCADB unique ID:** A123456", "- **CA Owner CCADB unique ID:** 42",
    "- **Timeline summary:**", "  - **Non-compliance start date:** 2025-01-02",
    "- **Relevant policies:** TLS BR 4.9.1.1", "- **Source of incident disclosure:** Self Reported",
    "Source of incident disclosure", "Third Party Reported",
    "- **Total number of certificates:** 5", "- **Analysis:** N/A", "- **Additional considerations:** TBD",
    "**Contributing Factor 1: cause**", "Contributing Factor #2", "- **Description:** y", "- **Detection:** z",
    "- **Incident Root Cause(s):** r", "- **Remediation description:** m", "- **Commitment summary:** c",
    "All Action Items disclosed in this report have been completed as described, and we request its closure.",
    "| a | b |", "|---|---|", "| Action Item | Kind | Due Date |", "| ----------- | ---- | -------- |",
    "| Fix it | Prevent | 2025-02-03 |", "Action Item\tKind\tDue Date", "Prevent",
    "1. How your CA first became aware of the problem", "2. A timeline of the actions your CA took",
    "3. Whether your CA has stopped issuing", "4 & 5. Affected certificates", "Steps", "Explanation",
    "Finding #1", "Issue Description:", "Root Cause of Issue:",
    "Comment 1•2 months ago", "Comment 12•3 years ago", "Updated•1 year ago", "Description", "Assignee",
    "(CA Program :: CA Certificate Compliance, task)", "(Reporter: someone, Assigned: someone)", "Categories",
    "Tracking", "People", "Details", "(In reply to Someone from comment #8)",
    "2025-03-04 10:00 UTC: something happened", "- 2025-03-05: revoked", "```", "> quoted", "<!-- c -->",
    "", "", "   ", "plain sentence.", "cut mid", "* * *", "---",
)

reportish_text = st.builds(
    lambda lines, ending: "\n".join(lines) + ending,
    st.lists(st.one_of(st.sampled_from(REPORTISH_LINES), st.text(max_size=30)), max_size=40),
    st.sampled_from(["", "\n", "\r\n", "\n\n"]),
)
any_text = st.one_of(st.text(), reportish_text)

CLOSURE_AFTER_BLANK_LINES = "\n\n- **Incident Root Cause(s):** x\n- **Remediation description:** y\n"


def _parse(text: str):
    document = parse_document(text, "prop.md")
    return document, extract_reports(document)


@settings(max_examples=300, deadline=None)
@given(any_text)
@example("")
@example("\x00\r\n\r")
@example("## Full Incident Report")
@example(CLOSURE_AFTER_BLANK_LINES)
def test_reports_span_lines_of_the_text(text: str) -> None:
    document, reports = _parse(text)
    count = len(document.lines)
    assert count >= 1
    assert [r.index for r in reports] == list(range(len(reports)))
    previous_end = 0
    for report in reports:
        assert report.kind in ("legacy", "incident", "audit", "preliminary", "full", "closure")
        assert 1 <= report.line <= report.end_line <= count
        assert report.line > previous_end, "reports overlap or are out of order"
        previous_end = report.end_line
        if report.heading_line is not None:
            assert report.heading_line <= report.end_line
        assert report.summary() == {"kind": report.kind, "template_version": report.template_version,
                                    "line": report.line, "end_line": report.end_line}


@settings(max_examples=300, deadline=None)
@given(any_text)
@example("### Report Closure Summary\n\n- **Incident Root Cause(s):** x\n")
@example(CLOSURE_AFTER_BLANK_LINES)
def test_sections_fields_and_rows_lie_within_their_report(text: str) -> None:
    document, reports = _parse(text)
    for report in reports:
        span = range(report.line, report.end_line + 1)
        for section in report.sections:
            assert section.line in span and section.end_line in span, (section.key, section.line, report.line)
            assert section.line <= section.end_line
        for found in report.fields:
            assert found.line in span and found.end_line in span
            assert found.line <= found.end_line
            assert found.column >= 1 and found.value_column >= 1
        for row in (*report.action_items, *report.related_incidents):
            assert row.line in span
        for factor in report.factors:
            assert factor.line in span


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_lint_never_raises_and_findings_point_into_the_text(text: str) -> None:
    result = lint_text(text, "prop.md", Options(today=date(2026, 11, 27)))
    count = len(result.lines)
    for finding in result.findings:
        assert finding.line is not None and 1 <= finding.line <= (finding.end_line or 0) <= count, finding
        assert finding.column is not None and finding.column >= 1, finding
        if finding.line == finding.end_line and finding.end_column is not None:
            assert finding.end_column >= finding.column, finding
        assert len(finding.excerpt) <= 200
        assert finding.report is None or 0 <= finding.report < len(result.reports)
    if not result.reports:
        # No report: S005, and only the rules that judge a whole text without one (a loose timeline, a cause).
        assert "S005" in {f.rule for f in result.findings}
        assert {f.rule for f in result.findings} - {"S005"} <= TEXT_SCOPE


def test_closure_summary_from_blank_lines_example_is_recognised() -> None:
    """The closure example above is a real closure report (its section once started on a blank line),
    so the property is not vacuous for it."""
    _, reports = _parse(CLOSURE_AFTER_BLANK_LINES)
    assert [(r.kind, r.line, r.end_line) for r in reports] == [("closure", 3, 4)]
    assert [(s.key, s.line, s.end_line) for s in reports[0].sections] == [("closure_summary", 3, 4)]


# --- dates ----------------------------------------------------------------------------------------------

filler = st.text(alphabet=st.characters(categories=("L", "Zs", "P"), exclude_characters="0123456789"),
                 max_size=20)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), reportish_text,
                 st.text(alphabet="0123456789-/. ,stndrhofMayJuneSept", max_size=40)))
def test_find_dates_returns_valid_dates_whose_text_holds_the_year(text: str) -> None:
    found = find_dates(text)
    assert [f.start for f in found] == sorted({f.start for f in found})
    for item in found:
        assert isinstance(item.value, date)
        assert 1900 <= item.value.year <= 2099
        assert 0 <= item.start < item.end <= len(text)
        assert str(item.value.year) in text[item.start:item.end]


def _dates_scanning_every_position(text: str) -> list[tuple[int, int]]:
    """The slow reference: every pattern over the whole text, first match at a position wins."""
    found: dict[int, int] = {}
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            # Impossible dates (2024-02-30) are skipped: find_dates on the match alone tells.
            if match.start() not in found and find_dates(match.group()):
                found[match.start()] = match.end()
    return sorted(found.items())


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["May", "5th", "of", "2024", "20", "24", "06.05.", "2024-05-06", "30,",
                                           "September", "1999"]),
                          st.text(alphabet=" \n\t.-/,", max_size=6)), max_size=20).map("".join))
@example("May 6, 2023 and May 7, 2024; 1.2.2024.3.2024, 6th of May 2024-05-06 2024. 1999")
def test_windowed_date_scan_finds_what_a_whole_text_scan_finds(text: str) -> None:
    """find_dates tries each form only next to a year; a scan of every position finds the same dates."""
    assert [(f.start, f.end) for f in find_dates(text)] == _dates_scanning_every_position(text)


@settings(max_examples=300, deadline=None)
@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), filler, filler)
def test_iso_dates_are_found_exactly(day: date, before: str, after: str) -> None:
    text = f"{before} {day.isoformat()} {after}"
    found = find_dates(text)
    assert [(f.value, text[f.start:f.end]) for f in found] == [(day, day.isoformat())]


@settings(max_examples=300, deadline=None)
@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), filler)
def test_written_out_and_dotted_dates_are_found(day: date, before: str) -> None:
    forms = (f"{MONTHS[day.month - 1]} {day.day}, {day.year}", f"{day.day} {MONTHS[day.month - 1]} {day.year}",
             f"{day.day:02d}.{day.month:02d}.{day.year}")
    for form in forms:
        text = f"{before} {form}: revoked"
        assert [(f.value, text[f.start:f.end]) for f in find_dates(text)] == [(day, form)], form


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
def test_slashed_day_month_dates_are_left_alone(day: date) -> None:
    assert find_dates(f"on {day.day}/{day.month}/{day.year} we revoked") == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["May", "5th", "of", "2024", "2024-05-06", "06.05.2024", "September 30,",
                                           "1999", "\n", "\n\n"]),
                          st.text(alphabet=" \n.-,", max_size=4)), max_size=20).map("".join),
       st.integers(1, 12), st.integers(0, 12))
def test_dates_of_some_lines_are_those_found_in_those_lines_alone(text: str, first: int, more: int) -> None:
    """The Document scans its whole text once; the dates of a range of lines are the ones a scan of those
    lines alone finds."""
    document = parse_document(text)
    first = min(first, len(document.lines))
    last = min(first + more, len(document.lines))
    offset = sum(len(line) + 1 for line in document.lines[:first - 1])
    alone = find_dates("\n".join(document.lines[first - 1:last]))
    assert [(f.value, f.start - offset, f.end - offset) for f in document.dates_between(first, last)] == \
        [(f.value, f.start, f.end) for f in alone]
