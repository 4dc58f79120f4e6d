"""T003 timeline-no-timezone: times with neither a zone on the entry nor a declaration for the timeline.

The guidelines ask for times in UTC or with their offset. Without a zone a time names no instant: a deadline
measured from it could be off by up to a day.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.timeline import whole_entries
from linter.findings import Severity


def check(context: Context):
    timeline = context.timeline
    if timeline.declaration_line is not None:
        return  # a declaration, even an ambiguous one (T007 speaks about that), covers every entry
    unzoned = [e for e in whole_entries(context) if e.time is not None and e.zone is None]
    if unzoned:
        first = unzoned[0]
        yield Hit(f"{len(unzoned)} timeline time(s) have no zone and the timeline declares none: write UTC "
                  "(or the offset) on each entry, or state 'All times are UTC'", first.line,
                  first.stamp_column or 1, first.line, first.stamp_end_column, "timeline", first.text,
                  {"entries": [e.line for e in unzoned]})


RULE = Rule(
    code="T003", name="timeline-no-timezone", category="timeline", scope="text", severity=Severity.WARNING,
    description="times with neither UTC / offset on the entry nor a declaration (\"All times are UTC\")",
    check=check,
    data_keys=("entries",),
    review=Review(
        ask=("Which time zone are these times in? Please give them in UTC or with their offset, or declare the zone "
             "once (\"All times are UTC\")."),
    ),
)
