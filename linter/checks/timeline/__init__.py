"""Timeline and deadline rules (T001-T007, D001-D003), read from the report's structured timeline."""

from __future__ import annotations

from linter.checks.base import Context
from linter.lazy_regex import lazy_compile
from linter.timeline.entries import TimelineEntry
from linter.timeline.timestamps import find_stamp, may_go_on

#: An entry the copied text stops inside is judged when this much text follows its timestamp, or when what
#: follows cannot go on with a zone or a time: a date and time stand at an entry's start, so once the event's
#: words have begun, what is missing stays missing.
_VISIBLE = 12
_SENTENCE_END = lazy_compile(r"[.!?]\s")


def whole_entries(context: Context) -> list[TimelineEntry]:
    """The timeline's entries, less one the copied text stops inside before what it shows can be judged."""
    cut = context.cut_short
    return [e for e in context.timeline.entries if not (cut and e.end_line >= context.end_line and _unfinished(e))]


def _unfinished(entry: TimelineEntry) -> bool:
    """A stamped entry with little text after its stamp that may still go on with a zone or a time, or an entry
    with no stamp before its first sentence ends ("2.1. After receiving the report on ..." may give its date
    next)."""
    if entry.precision is None:
        return _SENTENCE_END.search(entry.text) is None
    # The stamp as the entry's own text writes it (none, for an entry dated by the day header above it).
    written = find_stamp(entry.text)
    shown = entry.text[written.end:] if written is not None else entry.text
    return len(shown) < _VISIBLE and may_go_on(shown)

