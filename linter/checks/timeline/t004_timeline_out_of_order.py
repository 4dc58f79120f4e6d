"""T004 timeline-out-of-order: entries not in chronological order.

A timeline is a sequence; an entry earlier than the one before it usually means a wrong date, which reviewers
then question.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity


def check(context: Context):
    previous = None
    for entry in context.timeline.entries:
        if not entry.readings and (entry.day is None or entry.ambiguous):
            continue  # no date, or a zone or time that cannot be read: nothing to compare for sure
        # A date whose day and month order cannot be told ("07/02/2022") is out of order only when it is under
        # either order: a timeline writes all its dates one way.
        if previous is not None and all(_earlier(entry, previous, order) for order in (0, 1)):
            yield Hit(f"timeline entry {_when(entry, previous)} comes after one {_when(previous, entry)} "
                      f"(line {previous.line})", entry.line,
                      entry.stamp_column or 1, entry.line, entry.stamp_end_column, "timeline", entry.text,
                      {"previous_line": previous.line})
            continue
        previous = entry


def _earlier(entry, previous, order: int) -> bool:
    """Whether ``entry`` is before ``previous``, the ambiguous dates read month first (order 0) or day first (1).
    Instants are compared when both have one; else days, and on the same day the times of a clock the two share
    (the same zone written, or none on either): a month-dated entry ("2017-10") is only as precise as its month,
    and a day without a time is neither before nor after a time of that day."""
    if entry.instant and previous.instant and not (entry.readings or previous.readings):
        return entry.instant < previous.instant
    day, before = _day(entry, order), _day(previous, order)
    if "month" in (entry.precision, previous.precision):
        return (day.year, day.month) < (before.year, before.month)
    if day != before:
        return day < before
    same_clock = entry.zone == previous.zone
    return bool(same_clock and entry.time and previous.time and entry.time < previous.time)


def _day(entry, order: int):
    return entry.readings[order] if entry.readings else entry.day


def _when(entry, other) -> str:
    """"dated 2024-05-06", or "at 09:41:34" beside an entry of the same day."""
    if all(_day(entry, order) == _day(other, order) for order in (0, 1)) and entry.time:
        return f"at {entry.time.isoformat()}"
    return "dated " + (entry.day.isoformat() if entry.day else " or ".join(day.isoformat() for day in entry.readings))


RULE = Rule(
    code="T004", name="timeline-out-of-order", category="timeline", scope="text", severity=Severity.WARNING,
    description="timeline entries not in chronological order", check=check,
    data_keys=("previous_line",),
    review=Review(
        ask=("This entry is out of chronological order. Is its date right? Please correct it, or move it to its "
             "place."),
    ),
)
