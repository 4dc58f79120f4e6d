"""T006 timeline-missing-event: no entry for becoming aware, for the start, or for the end of the incident.

The guidelines' timeline must show when the incident began, when the CA became aware of it, and when it ended;
the deadlines are counted from these moments. When the timeline's wording leaves a moment unclear, what the
template itself says gives it (the 3.x Timeline summary's dates, the legacy report's first answer with its date,
Impact's "issued between X and Y"): T006 speaks only when none does. A preliminary report (a 2.0 report posted
as such) is silent: its timeline stops where the investigation stands, and the full report is judged.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.timeline.clocks import template_moments
from linter.findings import Severity

# What each moment may be called; the end of an incident is often its fix, revocation or issuance stop.
_MOMENTS = (
    ("becoming aware", {"aware", "cpr_received"}),
    ("the start of the incident", {"incident_start"}),
    ("the end of the incident", {"incident_end", "revoked", "fix_deployed", "issuance_stopped"}),
)
#: Fewer entries than this is a summary, not a timeline to judge for completeness.
_MIN_ENTRIES = 3


def check(context: Context):
    report = context.report
    if report.preliminary:
        return
    entries = [e for e in report.timeline.entries if e.tense == "past"]
    timeline = report.section("timeline")
    if len(entries) < _MIN_ENTRIES or timeline is None:
        return
    if report.cut_short and timeline.end_line >= report.end_line:
        return  # the copy stops inside the timeline
    events = {event for e in entries for event in (e.events or (e.event,))}
    missing = [name for name, kinds in _MOMENTS if not events & kinds]
    if missing:
        told = set(template_moments(context))
        missing = [name for name, kinds in _MOMENTS if not (events | told) & kinds]
    if missing:
        yield Hit(f"the timeline has no entry for {', '.join(missing)}", timeline.line, 1, section="timeline",
                  data={"missing": missing})


RULE = Rule(
    code="T006", name="timeline-missing-event", category="timeline", severity=Severity.WARNING,
    description="no timeline entry for becoming aware, for the start, or for the end of the incident",
    check=check,
    data_keys=("missing",),
    review=Review(
        ask=("The timeline needs an entry for {missing}, with its time (UTC): the deadlines are counted from these "
             "moments."),
        quote="none",
    ),
)
