"""P006 update-overdue: an open bug with no "Next update" date and no CA comment for more than 7 days, measured
from the CA's last comment (from comment 0 when the CA has not commented at all) to now.

Mozilla's wiki ("Keeping Us Informed", 2019) and the CCADB Incident Reporting Guidelines (1.0-3.x) ask for an
update at least every week while the bug is open, unless a root program agreed to another schedule by setting a
"Next update" date in the whiteboard (then P001 judges the bug; a date that cannot be read for sure still means
a schedule was agreed). Nothing is due once a root program announced the bug's closing date ("[close on …]"),
once the CA posted its Closure summary (3.1: "unless a Closure Report has been posted"), or once it requested
closure (the wiki: weekly updates "until you confirm that the resolution steps have been completed").
Without any account known to speak for the CA (no assignee, no report poster), its comments cannot be told
apart and the rule stays silent.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.process.common import (
    WEEK,
    ca_comments,
    close_on,
    closure_posted,
    closure_requests,
    days,
    is_meta,
    iso,
    next_update,
    when,
)
from linter.findings import Severity


def check(context: Context):
    facts = context.bug
    if facts is None or not facts.ca_accounts:
        return
    bug = facts.bug
    if (not bug.is_open or is_meta(bug) or close_on(bug.whiteboard) or next_update(bug.whiteboard) is not None
            or closure_posted(facts)):
        return
    ca = ca_comments(facts)
    last = ca[-1] if ca else None
    if last is not None:
        since = last.created
    else:
        first = next((c for c in bug.comments if c.created is not None), None)
        since = first.created if first is not None else bug.created
    if since is None or facts.now - since <= WEEK or closure_requests(facts):
        return
    silent = days(facts.now - since)
    what = (f"the last CA comment is comment {last.count} ({when(last.created)})" if last is not None
            else f"the CA has not commented since the bug was filed ({when(since)})")
    yield Hit(f"no CA comment for {silent} days and no Next update date in the whiteboard: {what}; updates are due "
              "at least every 7 days", None,
              data={"comment": last.count if last is not None else None, "since": iso(since), "days": silent})


RULE = Rule(
    code="P006", name="update-overdue", category="process", severity=Severity.WARNING,
    description="open bug with no 'Next update' date and no CA comment for more than 7 days",
    check=check, scope="bug",
    link="https://www.ccadb.org/cas/incident-report",
    data_keys=("comment", "since", "days"),
    review=Review(
        ask=("There has been no update for {silent_days}: {last_update}. Please post an update; without a Next "
             "update date in the whiteboard, updates are due at least every 7 days."),
        quote="none", order=2,
    ),
)
