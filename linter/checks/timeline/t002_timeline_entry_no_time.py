"""T002 timeline-entry-no-time: a dated past event with no time of day.

The guidelines ask for a date-and-time-stamped timeline; reviewers send back timelines whose entries have only
dates (bug 1708516: a timeline "clearly defined ... as being both date and timestamped"). Deadlines are counted
in hours (24 hours, 5 days, 72 hours), so minutes matter. Planned entries may give a day only.

Background is left alone: an entry that only tells a requirement or document taking effect ("Ballot SC62 comes
into force") is context, not an action of the incident. An entry dated to a month only ("2017-10") is asked for
a time only when it tells an incident event: such a line is history, from which no deadline is measured. An
activity that goes on from a day ("since 2023-06-13 (ongoing): ...") has a start, not a moment.
"""

from __future__ import annotations

import re

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.timeline import whole_entries
from linter.findings import Severity
from linter.lazy_regex import lazy_compile

#: The event an entry names when it only tells a requirement or document taking effect (rules/_events.yaml).
BACKGROUND = "background"
#: An activity that goes on from a day ("since 2023-06-13 (ongoing): a call to each subscriber",
#: "2023-06-20 - ongoing: ..."): it has a start, not a moment, so no time of day is missing.
_ONGOING = lazy_compile(r"^\W{0,3}since\b|[(\[]\s{0,2}(?:still\s{1,3})?ongoing\s{0,2}[)\]]"
                      r"|[-\u2013\u2014]\s{0,3}ongoing\b", re.IGNORECASE)


def check(context: Context):
    for entry in whole_entries(context):
        if entry.tense != "past" or set(entry.events) == {BACKGROUND} or _ONGOING.search(entry.text):
            continue
        if entry.precision == "day":
            yield Hit("timeline entry has a date but no time of day: give the time, to the minute, with its zone",
                      entry.line, entry.stamp_column or 1, entry.line, entry.stamp_end_column, "timeline",
                      entry.text)
        elif entry.precision == "month" and entry.events:
            yield Hit("timeline entry has only a month: give the day and the time, to the minute, with its zone",
                      entry.line, entry.stamp_column or 1, entry.line, entry.stamp_end_column, "timeline",
                      entry.text)


RULE = Rule(
    code="T002", name="timeline-entry-no-time", category="timeline", scope="text", severity=Severity.ERROR,
    description="a dated past event with no time of day (minute granularity expected)", check=check,
    review=Review(
        ask="Please add the time (UTC) to each timeline entry, to the minute: the deadlines are counted in hours.",
    ),
)
