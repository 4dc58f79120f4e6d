"""T005 timeline-invalid-date: a past event dated after the report date.

An event cannot have happened after the report that tells it; such a date is a typo (often the year, or the
day and month swapped). Planned and expected entries ("revocation expected to complete on ...") may lie ahead.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity


def check(context: Context):
    for entry in context.timeline.entries:
        if entry.day is not None and entry.tense == "past" and entry.day > context.report_date:
            yield Hit(f"past event dated {entry.day.isoformat()}, after the report date "
                      f"{context.report_date.isoformat()} ({context.date_source})", entry.line,
                      entry.stamp_column or 1, entry.line, entry.stamp_end_column, "timeline", entry.text,
                      {"date": entry.day.isoformat(), "report_date": context.report_date.isoformat()})


RULE = Rule(
    code="T005", name="timeline-invalid-date", category="timeline", scope="text", severity=Severity.ERROR,
    description="past-tense events dated after the report date (planned / expected entries are fine)",
    check=check,
    data_keys=("date", "report_date"),
    review=Review(
        ask="This is told as having happened, but it is dated after the report was posted. Is the date right?",
    ),
)
