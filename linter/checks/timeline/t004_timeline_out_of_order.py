"""T004 timeline-out-of-order: entries not in chronological order.

A timeline is a sequence; an entry earlier than the one before it usually means a wrong date, which reviewers
then question.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity


def check(context: Context):
    previous = None
    for entry in context.report.timeline.entries:
        if entry.day is None or entry.ambiguous:
            continue
        # Compare instants when both have one; otherwise days, which cannot be out of order within one day.
        if previous is not None:
            earlier = (entry.instant < previous.instant) if entry.instant and previous.instant \
                else _calendar(entry, previous) < _calendar(previous, entry)
            if earlier:
                yield Hit(f"timeline entry dated {entry.day.isoformat()} comes after one dated "
                          f"{previous.day.isoformat()} (line {previous.line})", entry.line,
                          entry.stamp_column or 1, entry.line, entry.stamp_end_column, "timeline", entry.text,
                          {"previous_line": previous.line})
                continue
        previous = entry


def _calendar(entry, other) -> tuple[int, ...]:
    """What can be compared of an entry's date: a month-dated entry ("2017-10") is only as precise as its
    month, so a day within that month is neither before nor after it."""
    day = entry.day
    if "month" in (entry.precision, other.precision):
        return (day.year, day.month)
    return (day.year, day.month, day.day)


RULE = Rule(
    code="T004", name="timeline-out-of-order", category="timeline", severity=Severity.WARNING,
    description="timeline entries not in chronological order", check=check,
    data_keys=("previous_line",),
    review=Review(
        ask=("This entry is out of chronological order. Is its date right? Please correct it, or move it to its "
             "place."),
    ),
)
