"""P003 full-report-late: no full incident report within 14 days of the initial disclosure. The initial
disclosure is the first report found in the bug (a CA's preliminary report, or a third party's report in comment
0), else comment 0. A full report is a 3.x Full Incident Report, a 2.0 Incident Report or Audit Incident Report
(not a 2.0 report that calls itself preliminary: the bug's report list names it a preliminary report), or a
report on the seven legacy topics.

The CCADB Incident Reporting Guidelines 2.0 (from 2023-10-17) say "the full incident report must be posted
within two weeks of the incident"; 3.x (from 2025-03-01): a Full Incident Report MUST be posted within 14 days
of the initial incident disclosure. Before 2023-10-17 the wiki only expected a report "as soon as possible", so
bugs disclosed earlier are left alone, as are tracking bugs and bugs resolved as anything but FIXED (invalid,
duplicate: no report was owed). A FIXED bug whose last comment came before the deadline was closed in time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from linter.checks.base import BugFacts, Context, Hit, Review, Rule
from linter.checks.process.common import days, is_meta, iso, when
from linter.findings import Severity
from linter.report.templates import kinds_where

if TYPE_CHECKING:  # a check of a file loads none of the Bugzilla model
    from linter.bugzilla.model import Comment

IN_FORCE = datetime(2023, 10, 17, tzinfo=UTC)
LIMIT = timedelta(days=14)
FULL_KINDS = kinds_where(lambda template: template.is_full)


def first_full_report(facts: BugFacts) -> Comment | None:
    """The first comment of the bug that holds a Full report (or a legacy one, which is full), with its time."""
    by_count = {c.count: c for c in facts.bug.comments if c.created is not None}
    return next((by_count[n] for n, kind in facts.reports if kind in FULL_KINDS and n in by_count), None)


def check(context: Context):
    facts = context.bug
    if facts is None:
        return
    bug = facts.bug
    if is_meta(bug) or (not bug.is_open and bug.resolution != "FIXED"):
        return
    by_count = {c.count: c for c in bug.comments if c.created is not None}
    first_report = next(((n, kind) for n, kind in facts.reports if n in by_count), None)
    first = by_count[first_report[0]] if first_report else by_count.get(0)
    disclosed = first.created if first is not None else bug.created
    if disclosed is None or disclosed < IN_FORCE:
        return
    due = disclosed + LIMIT
    full = first_full_report(facts)
    # The kind of report that disclosed the incident (None: the bug itself did), for the scan's row wording.
    data = {"disclosure_comment": first.count if first is not None else None, "disclosed": iso(disclosed),
            "due": iso(due), "disclosure_kind": first_report[1] if first_report else None}
    if full is not None:
        if full.created > due:
            elapsed = days(full.created - disclosed)
            yield Hit(f"the first full report (comment {full.count}) came {elapsed} days after the initial "
                      f"disclosure ({_where(first)}, {when(disclosed)}); it was due within 14 days",
                      None, data={"comment": full.count, **data, "full_report": iso(full.created),
                                  "elapsed_days": elapsed})
        return
    ended = facts.now
    if not bug.is_open:
        # The resolution's time is not in the bug's fields: its last comment, else its last change, stands for it.
        dated = [c.created for c in bug.comments if c.created is not None]
        ended = max(dated) if dated else (bug.last_change or facts.now)
    if ended <= due:
        return
    elapsed = days(ended - disclosed)
    still = "and none was posted before the bug was resolved" if not bug.is_open else f"{elapsed} days have passed"
    yield Hit(f"no full report within 14 days of the initial disclosure ({_where(first)}, {when(disclosed)}): "
              f"due {when(due)}, {still}", None,
              data={"comment": first.count if first is not None else None, **data, "full_report": None,
                    "elapsed_days": elapsed, "open": bug.is_open})


def _where(comment) -> str:
    return f"comment {comment.count}" if comment is not None else "bug filed"


RULE = Rule(
    code="P003", name="full-report-late", category="process", severity=Severity.ERROR,
    description="no full report within 14 days of the initial disclosure (2.0: two weeks), from 2023-10-17",
    check=check, scope="bug",
    link="https://www.ccadb.org/cas/incident-report",
    data_keys=("comment", "disclosure_comment", "disclosed", "due", "full_report", "elapsed_days", "disclosure_kind"),
    optional_data_keys=("open",),
    review=Review(
        ask={
            "late": "The full report in {full_report} came {elapsed_days} after the initial disclosure in "
                    "{disclosure}; the guidelines ask for it within 14 days. What delayed it?",
            "missing": "The full report was due by {due}, 14 days after the initial disclosure in {disclosure}, and "
                       "has not been posted. When will it be?",
        },
        quote="none", order=5,
        variant=lambda data: "late" if data.get("full_report") else "missing",
    ),
)
