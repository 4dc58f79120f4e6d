"""T007 ambiguous-timestamp: a date whose day and month order, or a zone abbreviation, cannot be told.

6/3/2020 is 6 March in most of the world and June 3 in the United States; CST is China Standard Time (UTC+8)
and US Central Standard Time (UTC-6). irlint does not guess, and neither can a reader: write ISO 8601 dates and
UTC. A past event cannot come after the report, though: where only one order gives a day on or before the
report date, the date can be told and T007 is silent.
"""

from __future__ import annotations

from datetime import date

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.lazy_regex import lazy_compile


def check(context: Context):
    timeline = context.timeline
    if timeline.declaration_ambiguous:
        line = timeline.declaration_line
        yield Hit(f"the timeline's zone declaration is ambiguous: {timeline.declaration_ambiguous}", line, 1,
                  section="timeline", excerpt=context.document.lines[line - 1].strip())
    for entry in timeline.entries:
        if entry.ambiguous and not _told_by_the_report_date(entry, context):
            yield Hit(f"ambiguous timestamp: {entry.ambiguous}; write the date as YYYY-MM-DD and the zone as "
                      "UTC or an offset", entry.line, entry.stamp_column or 1, entry.line,
                      entry.stamp_end_column, "timeline", entry.text)


_NUMERIC_DATE = lazy_compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2((?:19|20)\d{2})(?![\d/.])")


def _told_by_the_report_date(entry, context: Context) -> bool:
    """Whether a past entry's date, ambiguous only in its day and month order, has one order alone that falls on
    or before the report date (a report date that is only today tells nothing)."""
    if "day and month order" not in entry.ambiguous or entry.tense != "past" or context.date_source == "today":
        return False
    found = _NUMERIC_DATE.search(entry.text)
    if found is None:
        return False
    first, second, year = int(found[1]), int(found[3]), int(found[4])
    readings = set()
    for month, day in ((first, second), (second, first)):
        try:
            readings.add(date(year, month, day))
        except ValueError:
            continue
    return len(readings) == 2 and sum(reading <= context.report_date for reading in readings) == 1


RULE = Rule(
    code="T007", name="ambiguous-timestamp", category="timeline", scope="text", severity=Severity.WARNING,
    description="a date whose day/month order or a zone abbreviation (CST, IST, BST) cannot be told",
    check=check,
    review=Review(
        ask=("Which date or time zone is meant here? Please write dates as YYYY-MM-DD and times in UTC: day/month "
             "order and abbreviations such as CST or IST can be read more than one way."),
    ),
)
