"""P004 revocation-delay-update-gap: more than 7 days between two CA updates in a revocation-delay bug, one
whose whiteboard holds a "revocation-delay" tag ("[leaf-revocation-delay]", "[ca-revocation-delay]") or the
older "[delayed-revocation-leaf]" / "[delayed-revocation-ca]". The gaps judged are those between consecutive CA
comments, from the CA's first comment until the delay ends: the first CA comment that says revocation is complete
("all affected certificates have been revoked"), its closure request, or its Closure summary.

The CCADB Incident Reporting Guidelines 3.x: when the whiteboard contains "revocation-delay", the CA SHOULD update
the bug every 3 days and MUST at least every 7 days, with the number of certificates revoked, not yet revoked,
and expired, and an estimate for completing the remaining revocations (before 3.x, weekly updates were due in
every open bug). Reviewers hold delayed-revocation bugs to heightened scrutiny (bug 1947691 comment 10). A gap
during which someone named the date of the next update ("next update on 2025-05-02") and that ended by that date
was agreed. The silence since the last CA comment of an open bug is P006's (or P001's) finding, not this rule's.
Without any account known to speak for the CA, its updates cannot be told apart and the rule stays silent.
"""

from __future__ import annotations

from itertools import pairwise

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.process.common import (
    WEEK,
    ca_comments,
    days,
    is_meta,
    is_revocation_delay,
    iso,
    mentions_next_update,
    own_text,
    requests_closure,
    sentences,
    states_revocation_done,
    when,
)
from linter.findings import Severity
from linter.report.templates import kind_is


def _delay_ends(facts, ca):
    """The time the revocation delay ended, as far as the CA's comments tell, else None."""
    closures = {n for n, kind in facts.reports if kind_is(kind, lambda template: template.is_closure)}
    for comment in ca:
        if comment.count in closures or requests_closure(comment.text) or any(
                states_revocation_done(s) for s in sentences(own_text(comment.text))):
            return comment.created
    return None


def check(context: Context):
    facts = context.bug
    if facts is None or not facts.ca_accounts:
        return
    bug = facts.bug
    if is_meta(bug) or not is_revocation_delay(bug.whiteboard):
        return
    ca = sorted(ca_comments(facts), key=lambda c: c.created)
    end = _delay_ends(facts, ca)
    for before, after in pairwise(ca):
        if end is not None and before.created >= end:
            break
        gap = after.created - before.created
        if gap <= WEEK:
            continue
        between = [c for c in bug.comments if c.created is not None and before.created <= c.created < after.created]
        if any(day >= after.created.date() for c in between for day in mentions_next_update(c.text)):
            continue
        yield Hit(f"{days(gap)} days between CA updates in a revocation-delay bug, from comment {before.count} "
                  f"({when(before.created)}) to comment {after.count} ({when(after.created)}); at most 7 days allowed",
                  None, data={"comment": after.count, "previous_comment": before.count, "from": iso(before.created),
                              "to": iso(after.created), "gap_days": days(gap)})


RULE = Rule(
    code="P004", name="revocation-delay-update-gap", category="process", severity=Severity.WARNING,
    description="a revocation-delay bug with more than 7 days between CA updates",
    check=check, scope="bug",
    link="https://www.ccadb.org/cas/incident-report",
    data_keys=("comment", "previous_comment", "from", "to", "gap_days"),
    review=Review(
        ask=("There were {gaps}. While revocation is delayed, please update the bug at least every 7 days (every 3 "
             "is expected) with the number of certificates revoked, not yet revoked and expired, and when the "
             "remaining revocations will be complete."),
        quote="none", order=3,
    ),
)
