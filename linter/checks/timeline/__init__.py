"""Timeline and deadline rules (T001-T007, D001-D003), read from the report's structured timeline."""

from __future__ import annotations

from linter.checks.base import Context
from linter.timeline.entries import TimelineEntry

#: An entry the copied text stops inside is judged only when this much text follows its timestamp: a date and
#: time stand at an entry's start, so once the event's words have begun, what is missing stays missing.
_VISIBLE = 12


def whole_entries(context: Context) -> list[TimelineEntry]:
    """The timeline's entries, less a short one the copied text stops inside."""
    cut = context.cut_short
    return [e for e in context.timeline.entries
            if not (cut and e.end_line >= context.end_line and _after_stamp(e) < _VISIBLE)]


def _after_stamp(entry: TimelineEntry) -> int:
    stamp_length = (entry.stamp_end_column or 0) - (entry.stamp_column or 0)
    return len(entry.text) - stamp_length
