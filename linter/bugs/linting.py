"""Linting a bug: its report comments (and attachments) as sources ``bug:N#cK`` (``bug:N/attachment:M``), and the
bug's process as source ``bug:N``. Each comment and attachment is parsed once, in the discovery, and linted as
parsed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from linter.bugs.discovery import ReportComment, ca_accounts, latest_of_each_kind, posters, read_comments
from linter.bugzilla.model import Bug
from linter.checks.base import BugFacts
from linter.lint import Options, SourceResult, lint_bug, lint_source
from linter.parsed import parse_source
from linter.registry import all_rules
from linter.source_ref import SourceRef


@dataclass(frozen=True)
class BugResult:
    """What linting one bug gave: one result per linted report comment, then the process result."""

    bug: Bug
    results: tuple[SourceResult, ...]
    #: Report comments found but not linted (superseded by a later version), as (comment, kinds).
    others: tuple[tuple[int, tuple[str, ...]], ...]
    #: What the bug rules saw: the CA's accounts and every report source, parsed (scan keeps them).
    facts: BugFacts | None = None


def lint_one_bug(bug: Bug, options: Options, now: datetime, *, all_reports: bool = False,
                 comment: int | None = None, extra_accounts: tuple[str, ...] = (),
                 strong_related: tuple[tuple[int, str, bool], ...] | None = None) -> BugResult:
    """``strong_related``: the earlier incidents most like this one, when a synced cache was read."""
    accounts = ca_accounts(bug, extra_accounts)
    read = read_comments(bug, accounts)
    found = [item for item in read if item.reports]
    accounts |= posters(found, accounts)
    facts = BugFacts(bug, now, accounts, tuple(item.for_rules() for item in found), strong_related=strong_related)
    if comment is not None:
        chosen = [item for item in found if item.comment.count == comment]
        if not chosen and not any(c.count == comment for c in bug.comments):
            raise LookupError(f"bug {bug.id} has no comment {comment}")
    else:
        chosen = found if all_reports else latest_of_each_kind(found)
    results = [_lint_comment(item, options, facts) for item in chosen]
    if comment is None:
        # Listed only where the CA's words are faulted: a bug's every early comment is not a source to report on.
        stated = (_lint_statement(item, options, facts) for item in statements_before_reports(read, accounts))
        results = [result for result in stated if result.findings] + results
    if comment is not None and not chosen:
        only = next(c for c in bug.comments if c.count == comment)
        # Parsed already when the discovery read it (comment 0, a CA comment); else read here, once.
        parsed = next((item.source for item in read if item.attachment is None and item.comment.count == comment),
                      None)
        if parsed is None:
            ref = SourceRef.of_comment(bug.id, only.count)
            parsed = parse_source(ref, only.text, complete=True, as_of=bug.source_day(ref))
        results.append(lint_source(parsed, _dated(options, only.created), bug=facts))
    process = lint_bug(facts, options)
    results.append(SourceResult(SourceRef.of_bug(bug.id), (), (), process))
    linted = {id(item) for item in chosen}
    others = tuple((item.comment.count, item.kinds) for item in found if id(item) not in linted)
    return BugResult(bug, tuple(results), others, facts)


#: Rules that judge what the CA says of the cause and the fix wherever it says it, and so also in a CA comment
#: posted before its report ("The root cause was an oversight by one operator; we have retrained the team.").
#: R004 is left out: a first comment's "we are looking into it" is the expected answer, not a vague remediation.
STATEMENT_CATEGORIES = frozenset({"root-cause", "remediation"})
_NOT_FOR_STATEMENTS = frozenset({"R004"})


def statements_before_reports(read: list[ReportComment], accounts: frozenset[str]) -> list[ReportComment]:
    """The CA's own comments (comment 0 included, when the CA filed it) that hold no report and come before its
    first report, in comment order: where a CA often first states the cause and what it will do."""
    first = min((item.comment.count for item in read if item.reports), default=None)
    return [item for item in read if not item.reports and item.attachment is None
            and item.comment.creator.lower() in accounts and (first is None or item.comment.count < first)]


def _lint_statement(item: ReportComment, options: Options, facts: BugFacts) -> SourceResult:
    codes = frozenset(rule.code for rule in all_rules(options.rules_paths)
                      if rule.category in STATEMENT_CATEGORIES and rule.scope == "text"
                      and rule.code not in _NOT_FOR_STATEMENTS)
    selected = codes if options.selected is None else codes & options.selected
    return lint_source(item.source, replace(_dated(options, item.comment.created), selected=selected), bug=facts)


def _lint_comment(item: ReportComment, options: Options, facts: BugFacts) -> SourceResult:
    return lint_source(item.source, _dated(options, item.comment.created), bug=facts)


def _dated(options: Options, created: datetime | None) -> Options:
    """The comment's creation time is the report date (for a bug, --date is "now", not the report date)."""
    return replace(options, report_date=created.date(), report_date_source="comment") if created is not None \
        else options
