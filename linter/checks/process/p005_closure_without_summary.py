"""P005 closure-without-summary: closure requested, or the bug resolved, without a Closure summary (from
2025-03-01). Closure is requested by a CA comment asking, for now, that the bug be closed ("we request its
closure", "we request that this bug be closed", "please close this bug"). The finding points at the first such
request made on or after 2025-03-01; a bug resolved FIXED on or after that date with no request is a finding of
the whole bug. Any Closure summary posted in the bug answers both.

The CCADB Incident Reporting Guidelines 3.x (from 2025-03-01): when all Action Items are complete, the CA MUST
post a Closure Report using the "Report Closure Summary" template (and, from 3.1, set needinfo to
incident-reporting@ccadb.org) to ask for closure. A CA that asked for closure before 2025-03-01 did so under the
older guidelines and is left alone. The time a bug was resolved is not among its fields: its last comment stands
for it (its last change moves with any later edit, such as a whiteboard clean-up); a bug resolved other than
FIXED (invalid, duplicate), or in which no report was found, owed no closure summary.
"""

from __future__ import annotations

from datetime import UTC, datetime

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.process.common import closure_posted, closure_requests, is_meta, iso, when
from linter.findings import Severity

IN_FORCE = datetime(2025, 3, 1, tzinfo=UTC)


def check(context: Context):
    facts = context.bug
    if facts is None:
        return
    bug = facts.bug
    if is_meta(bug) or closure_posted(facts):
        return
    requests = closure_requests(facts)
    request = next((c for c in requests if c.created >= IN_FORCE), None)
    if request is not None:
        yield Hit(f"comment {request.count} ({when(request.created)}) requests closure, but no Closure summary "
                  "was posted (CCADB 3.x: request closure with a Report Closure Summary)", None,
                  data={"comment": request.count, "requested": iso(request.created),
                        "requests": [c.count for c in requests if c.created >= IN_FORCE]})
        return
    if bug.is_open or bug.resolution != "FIXED" or requests or not facts.reports:
        return
    dated = [c.created for c in bug.comments if c.created is not None]
    resolved = max(dated) if dated else bug.last_change
    if resolved is None or resolved < IN_FORCE:
        return
    yield Hit(f"the bug was resolved FIXED (last comment {when(resolved)}) without a Closure summary", None,
              data={"comment": None, "resolved": iso(resolved), "resolution": bug.resolution})


RULE = Rule(
    code="P005", name="closure-without-summary", category="process", severity=Severity.ERROR,
    description="closure requested or bug resolved without a closure summary (from 2025-03-01)",
    check=check, scope="bug",
    link="https://www.ccadb.org/cas/incident-report",
    data_keys=("comment",),
    optional_data_keys=("resolved", "resolution", "requested", "requests"),
    review=Review(
        ask={
            "requested": "{comments} asks for the bug to be closed, but no closure summary has been posted. Please "
                         "post one with the template's Report Closure Summary, and set needinfo to "
                         "incident-reporting@ccadb.org.",
            "resolved": "The bug was resolved without a closure summary. Please post one with the template's Report "
                        "Closure Summary.",
        },
        quote="none", order=7,
        variant=lambda data: "requested" if data.get("comment") is not None else "resolved",
    ),
)
