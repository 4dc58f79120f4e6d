"""D003 report-late: from becoming aware to the first incident report, more than 72 hours.

CCADB Incident Reporting Guidelines (from 2023-10-17): a preliminary or full incident report is due within 72
hours of the CA Owner becoming aware of the incident.
"""

from __future__ import annotations

from datetime import date

from linter.checks.base import Context, Review, Rule
from linter.checks.timeline.clocks import became_aware, first_after, late, moments
from linter.findings import Severity

IN_FORCE = date(2023, 10, 17)


def check(context: Context):
    found = moments(context)
    aware = became_aware(found, context)
    if aware is None or aware.latest.date() < IN_FORCE:
        return
    posted = first_after(found, {"incident_report_posted"}, aware)
    if posted is not None:
        yield from late(aware, posted, 72, "first incident report posted", "the CCADB guidelines (72 hours)")


RULE = Rule(
    code="D003", name="report-late", category="deadline", severity=Severity.ERROR,
    description="becoming aware -> first incident report posted later than 72 h (CCADB, from 2023-10-17)",
    check=check,
    data_keys=("from", "to", "elapsed_hours", "limit_hours", "clock"),
    review=Review(
        ask=("Going by the timeline, the first report was posted {elapsed} after you became aware of the incident "
             "({from_time} to {to_time}); the guidelines ask for one within 72 hours. What delayed it?"),
    ),
)
