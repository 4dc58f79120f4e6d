"""P001 next-update-overdue: an open bug whose whiteboard "Next update" date has passed with no CA comment since.
The whiteboard's history is not read, so when the date was set is not known: a CA comment counts as the update
when it follows the first comment that names the date (usually the CA's request for it), or when it was posted
at most 7 days before the date or any time after it.

A root program may agree to a schedule other than weekly updates by writing "Next update YYYY-MM-DD" in the
whiteboard; the CA then owes its update on or before that date (Mozilla wiki "Keeping Us Informed" from 2019,
CCADB Incident Reporting Guidelines 1.0-3.x, MRSP 2.4). Nothing is due once the bug is resolved, once a root
program has announced it will close the bug ("[close on …]"), once the CA has posted its Closure summary or
requested closure. Without any account known to speak for the CA (no assignee, no report poster), the CA's
comments cannot be told apart and the rule stays silent.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.process.common import (
    WEEK,
    ca_comments,
    close_on,
    closure_posted,
    closure_requests,
    dated,
    is_meta,
    iso,
    next_update,
    own_text,
    sentences,
    when,
)
from linter.findings import Severity
from linter.timeline.dates import find_dates


def _names(text: str, day) -> bool:
    return any(found.value == day for found in find_dates(text)) or any(
        dated(sentence) == day for sentence in sentences(text))


def check(context: Context):
    facts = context.bug
    if facts is None or not facts.ca_accounts:
        return
    bug = facts.bug
    if not bug.is_open or is_meta(bug) or close_on(bug.whiteboard) or closure_posted(facts):
        return
    note = next_update(bug.whiteboard)
    if note is None or note.day is None or facts.now.date() <= note.day:
        return
    if closure_requests(facts):
        return
    ca = ca_comments(facts)
    anchor = next((c for c in bug.comments if _names(own_text(c.text), note.day)), None)
    if any(c.created.date() >= note.day - WEEK for c in ca):
        return
    if anchor is not None and any(c.count > anchor.count for c in ca):
        return
    last = ca[-1] if ca else None
    overdue = (facts.now.date() - note.day).days
    since = f"last CA comment: comment {last.count}, {when(last.created)}" if last else "no CA comment at all"
    yield Hit(f"the whiteboard's Next update date {note.day.isoformat()} passed {overdue} "
              f"day{'s' * (overdue != 1)} ago without a CA update ({since})", None, excerpt=note.text,
              data={"comment": None, "next_update": note.day.isoformat(), "days_overdue": overdue,
                    "last_ca_comment": last.count if last else None,
                    "last_ca_comment_time": iso(last.created) if last else None})


RULE = Rule(
    code="P001", name="next-update-overdue", category="process", severity=Severity.WARNING,
    description="open bug whose whiteboard 'Next update YYYY-MM-DD' has passed with no CA comment since",
    check=check, scope="bug",
    link="https://www.ccadb.org/cas/incident-report",
    data_keys=("comment", "next_update", "days_overdue", "last_ca_comment", "last_ca_comment_time"),
    review=Review(
        ask=("The whiteboard asks for the next update by {next_update}; that was {days_overdue} ago, and "
             "{last_update}. Please post an update, and say when the next one will come."),
        quote="none", order=1,
    ),
)
