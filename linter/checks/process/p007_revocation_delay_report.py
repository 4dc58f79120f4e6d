"""P007 revocation-delay-report: a revocation-delay bug's full report without an Analysis, or without the expected
and actual revocation completion times. Read from the bug's Full Incident Reports (3.x; the templates before had
neither): the latest one must have an Analysis with content (not empty, not a placeholder, not N/A); one of them
must say, with a date, when revocation is expected to complete or when it completed ("we expect to complete
revocation by 2025-06-30", a planned Timeline entry, "2025-07-01 09:00 UTC: all affected certificates were
revoked"); and once the expected date is more than 7 days past (one update interval), the actual completion must
be told, in a full report or in a CA comment.

MRSP 3.0 section 6.1.3 and the CCADB Incident Reporting Guidelines 3.x: when the whiteboard contains
"revocation-delay", the Impact section's Analysis field is required and MUST give the factors and rationale for
delaying revocation, with a substantiated explanation of the extensive harm to third parties, and the Timeline
MUST give the time(s) at which revocation is expected to complete and at which it actually completed. Reviewers
ask for exactly these (bug 1947691 comment 10). A missing or empty Analysis is also an S002 or S003 finding of
the report itself; this rule says why it matters here, where N/A is not an answer.
"""

from __future__ import annotations

from datetime import timedelta

from linter.checks.base import Context, Hit, Rule
from linter.checks.process.common import (
    ca_comments,
    dated,
    is_meta,
    is_revocation_delay,
    own_text,
    sentences,
    states_expected_completion,
    states_revocation_done,
)
from linter.checks.structure.s003_empty_section import placeholder_kind
from linter.document import parse_document
from linter.findings import Severity
from linter.report import extract_reports

#: How long past the expected completion the actual one may still be missing: one update interval.
GRACE = timedelta(days=7)


def _full_reports(facts):
    """(comment, document, report) of every Full Incident Report in the bug, in order."""
    by_count = {c.count: c for c in facts.bug.comments}
    seen = set()
    for number, kind in facts.reports:
        if kind != "full" or number in seen or number not in by_count:
            continue
        seen.add(number)
        comment = by_count[number]
        document = parse_document(comment.text, f"bug:{facts.bug.id}#c{number}", complete=True)
        for report in extract_reports(document, comment.created.date() if comment.created else None):
            if report.kind == "full":
                yield comment, document, report


def _statements(document, report):
    """(text, date or None) of every timeline entry and sentence of the report."""
    for entry in report.timeline.entries:
        yield entry.text, entry.day
    for sentence in sentences("\n".join(document.lines[report.line - 1:report.end_line])):
        yield sentence, dated(sentence)


def check(context: Context):
    facts = context.bug
    if facts is None:
        return
    bug = facts.bug
    if is_meta(bug) or not is_revocation_delay(bug.whiteboard):
        return
    found = list(_full_reports(facts))
    if not found:
        return
    expected, actual = [], []
    for _, document, report in found:
        for text, day in _statements(document, report):
            if day is None:
                continue
            if states_revocation_done(text):
                actual.append(day)
            elif states_expected_completion(text):
                expected.append(day)
    for comment in ca_comments(facts):
        for sentence in sentences(own_text(comment.text)):
            if states_revocation_done(sentence):
                actual.append(dated(sentence) or comment.created.date())
    latest, _, report = found[-1]
    analysis = report.field("analysis")
    verdict = "missing" if analysis is None else placeholder_kind(analysis.value, False)
    if verdict is not None:
        what = {"missing": "has no Analysis field", "empty": "leaves the Analysis empty"}.get(
            verdict, f"answers the Analysis with '{analysis.value[:60] if analysis else ''}'")
        yield Hit(f"the full report in comment {latest.count} {what}: in a revocation-delay bug it must explain "
                  "why revocation is delayed and the harm revoking on time would cause", None,
                  excerpt=analysis.value[:200] if analysis else "",
                  data={"comment": latest.count, "field": "analysis", "problem": verdict})
    if not expected and not actual:
        yield Hit(f"the full report in comment {latest.count} gives neither the time revocation is expected to "
                  "complete nor the time it completed", None,
                  data={"comment": latest.count, "expected": None, "actual": None})
    elif not actual and facts.now.date() - max(expected) > GRACE:
        due = max(expected)
        yield Hit(f"revocation was expected to complete by {due.isoformat()}, "
                  f"{(facts.now.date() - due).days} days ago, but no report or CA comment gives the time it "
                  "actually completed", None,
                  data={"comment": latest.count, "expected": due.isoformat(), "actual": None,
                        "days_past_expected": (facts.now.date() - due).days})


RULE = Rule(
    code="P007", name="revocation-delay-report", category="process", severity=Severity.ERROR,
    description="a revocation-delay report without an Analysis, or without expected and actual revocation "
                "completion times",
    check=check, scope="bug",
    link="https://www.ccadb.org/cas/incident-report",
)
