"""T007 ambiguous-timestamp: a date whose day and month order, or a zone abbreviation, cannot be told.

6/3/2020 is 6 March in most of the world and June 3 in the United States; CST is China Standard Time (UTC+8)
and US Central Standard Time (UTC-6). irlint does not guess, and neither can a reader: write ISO 8601 dates and
UTC.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity


def check(context: Context):
    timeline = context.report.timeline
    if timeline.declaration_ambiguous:
        line = timeline.declaration_line
        yield Hit(f"the timeline's zone declaration is ambiguous: {timeline.declaration_ambiguous}", line, 1,
                  section="timeline", excerpt=context.document.lines[line - 1].strip())
    for entry in timeline.entries:
        if entry.ambiguous:
            yield Hit(f"ambiguous timestamp: {entry.ambiguous}; write the date as YYYY-MM-DD and the zone as "
                      "UTC or an offset", entry.line, entry.stamp_column or 1, entry.line,
                      entry.stamp_end_column, "timeline", entry.text)


RULE = Rule(
    code="T007", name="ambiguous-timestamp", category="timeline", severity=Severity.WARNING,
    description="a date whose day/month order or a zone abbreviation (CST, IST, BST) cannot be told",
    check=check,
    review=Review(
        ask=("Which date or time zone is meant here? Please write dates as YYYY-MM-DD and times in UTC: day/month "
             "order and abbreviations such as CST or IST can be read more than one way."),
    ),
)
