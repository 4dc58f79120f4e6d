"""Which comments of a bug hold incident reports, who speaks for the CA, and which reports to lint.

A CA posts a Preliminary report, then a Full one, later a Closure summary, and often an updated version of
each; reviewers and the community comment in between and sometimes quote a report. Only comments by accounts
that speak for the CA (and comment 0, whoever filed it) count as reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from linter.bugzilla.model import NOBODY, Bug, Comment
from linter.checks.base import ReportSource
from linter.parsed import ParsedSource, parse_source
from linter.report import Report
from linter.source_ref import SourceRef
from linter.sources import oversized

#: Mail domains of root programs: their people comment on every bug and never speak for the CA.
ROOT_PROGRAM_DOMAINS = frozenset({"mozilla.com", "mozilla.org"})
#: Domains shared by a CA and a root program: only the exact accounts count, not the whole domain.
SHARED_DOMAINS = frozenset({"google.com"})


@dataclass(frozen=True)
class ReportComment:
    """A comment (or a text attachment) of a bug, parsed once; it holds reports unless ``reports`` is empty."""

    #: The comment; for an attachment, one standing at the comment that attached it, with the attachment's
    #: creator, time and text.
    comment: Comment
    source: ParsedSource

    @property
    def ref(self) -> SourceRef:
        return self.source.ref

    @property
    def reports(self) -> tuple[Report, ...]:
        return self.source.reports

    @property
    def kinds(self) -> tuple[str, ...]:
        return self.source.kinds

    @property
    def attachment(self) -> int | None:
        return self.ref.attachment

    def for_rules(self) -> ReportSource:
        """What the rules that judge the bug see of it."""
        return ReportSource(self.ref, self.comment.count, self.kinds, self.source)


def ca_accounts(bug: Bug, extra: Iterable[str] = ()) -> frozenset[str]:
    """The accounts that speak for the CA before its reports are found: the assignee, accounts of the
    assignee's mail domain, and the accounts given on the command line."""
    accounts = {a.lower() for a in extra}
    assignee = bug.assigned_to.lower()
    if assignee and assignee != NOBODY:
        accounts.add(assignee)
        domain = assignee.rpartition("@")[2]
        if domain not in ROOT_PROGRAM_DOMAINS and domain not in SHARED_DOMAINS:
            accounts |= {c.creator.lower() for c in bug.comments if c.creator.lower().endswith("@" + domain)}
    return frozenset(accounts)


def find_reports(bug: Bug, accounts: frozenset[str]) -> list[ReportComment]:
    """Comments holding reports: comment 0, and later comments by the CA's accounts; then the CA's text
    attachments that hold reports, placed at the comment that attached them."""
    return [item for item in read_comments(bug, accounts) if item.reports]


def read_comments(bug: Bug, accounts: frozenset[str]) -> list[ReportComment]:
    """Every comment that may hold a report (comment 0, and what the CA's accounts posted), whether or not it
    holds one, and the text attachments of the CA's accounts that hold one; each parsed once, in comment order."""
    found = []
    for comment in bug.comments:
        # A text over the limits of a file is not a report (a pasted list, a log); it is not read, like a file.
        if comment.is_private or not comment.text.strip() or oversized(comment.text):
            continue
        if comment.count != 0 and comment.creator.lower() not in accounts:
            continue
        ref = SourceRef.of_comment(bug.id, comment.count)
        found.append(ReportComment(comment, parse_source(ref, comment.text, complete=True, as_of=bug.source_day(ref))))
    attached_by = {c.attachment_id: c for c in bug.comments if c.attachment_id}
    for attachment in bug.attachments:
        if attachment.text is None or attachment.is_obsolete or attachment.is_private \
                or attachment.creator.lower() not in accounts or not attachment.content_type.startswith("text/") \
                or oversized(attachment.text):
            continue
        # BMO marks the comment that attached a file; without the mark, it is the attacher's comment posted with
        # the file.
        at = attached_by.get(attachment.id) or next(
            (c for c in bug.comments if c.creator == attachment.creator and c.created is not None
             and c.created == attachment.created), None)
        ref = SourceRef.of_attachment(bug.id, attachment.id, at.count if at else None)
        source = parse_source(ref, attachment.text, complete=True, as_of=bug.source_day(ref))
        # Only an attachment that holds a report counts: the others are evidence (CSV lists, logs).
        if source.reports:
            found.append(ReportComment(Comment(attachment.id, at.count if at else len(bug.comments),
                                               attachment.creator, attachment.created, attachment.text), source))
    return sorted(found, key=lambda item: (item.comment.count, item.attachment or 0))


def posters(found: Iterable[ReportComment], accounts: frozenset[str]) -> frozenset[str]:
    """The accounts that posted reports: they speak for the CA too. Comment 0's poster only when nothing else
    is known: a bug a third party filed with the template must not make the reporter the CA."""
    found = list(found)
    later = {item.comment.creator.lower() for item in found if item.comment.count != 0}
    first = {item.comment.creator.lower() for item in found if item.comment.count == 0}
    return frozenset(later | (first if not (accounts | later) else set()))


def latest_of_each_kind(found: list[ReportComment]) -> list[ReportComment]:
    """The last comment holding each kind of report, in comment order: the later version supersedes."""
    latest: dict[str, ReportComment] = {}
    for item in found:
        for kind in item.kinds:
            latest[kind] = item
    chosen = {id(item) for item in latest.values()}
    return [item for item in found if id(item) in chosen]
