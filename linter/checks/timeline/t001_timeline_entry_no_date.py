"""T001 timeline-entry-no-date: a timeline entry with no date, and no day header above it.

The CCADB guidelines define the timeline as "a date-and-time-stamped sequence of all relevant events"; an entry
without a date cannot be placed in it, and the deadlines cannot be measured from it.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.timeline import whole_entries
from linter.findings import Severity


def check(context: Context):
    for entry in whole_entries(context):
        if entry.day is None and entry.ambiguous is None:
            yield Hit(f"timeline entry has no date: {entry.text[:60]!r}", entry.line, 1, section="timeline",
                      excerpt=entry.text)


RULE = Rule(
    code="T001", name="timeline-entry-no-date", category="timeline", scope="text", severity=Severity.ERROR,
    description="a timeline entry with no date (and no enclosing day header)", check=check,
    review=Review(
        ask="When did this happen? Please give each timeline entry its date and time (UTC).",
    ),
)
