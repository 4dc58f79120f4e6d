"""Linting a bug: its report comments as sources ``bug:N#cK``, and the bug's process as source ``bug:N``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from linter.bugs.discovery import ReportComment, ca_accounts, find_reports, latest_of_each_kind, posters
from linter.bugzilla.model import Bug
from linter.checks.base import BugFacts
from linter.lint import Options, SourceResult, lint_bug, lint_text


@dataclass(frozen=True)
class BugResult:
    """What linting one bug gave: one result per linted report comment, then the process result."""

    bug: Bug
    results: tuple[SourceResult, ...]
    #: Report comments found but not linted (superseded by a later version), as (comment, kinds).
    others: tuple[tuple[int, tuple[str, ...]], ...]


def lint_one_bug(bug: Bug, options: Options, now: datetime, *, all_reports: bool = False,
                 comment: int | None = None, extra_accounts: tuple[str, ...] = ()) -> BugResult:
    accounts = ca_accounts(bug, extra_accounts)
    found = find_reports(bug, accounts)
    accounts |= posters(found, accounts)
    facts = BugFacts(bug, now, accounts, tuple((item.comment.count, kind) for item in found for kind in item.kinds))
    if comment is not None:
        chosen = [item for item in found if item.comment.count == comment]
        texts = chosen or [c for c in bug.comments if c.count == comment]
        if not texts:
            raise LookupError(f"bug {bug.id} has no comment {comment}")
    else:
        chosen = found if all_reports else latest_of_each_kind(found)
    results = [_lint_comment(bug, item, options, facts) for item in chosen]
    if comment is not None and not chosen:
        only = next(c for c in bug.comments if c.count == comment)
        results.append(lint_text(only.text, f"bug:{bug.id}#c{only.count}", _dated(options, only.created), bug=facts,
                                 complete=True))
    process = lint_bug(facts, options)
    results.append(SourceResult(f"bug:{bug.id}", (), (), process))
    linted = {id(item) for item in chosen}
    others = tuple((item.comment.count, item.kinds) for item in found if id(item) not in linted)
    return BugResult(bug, tuple(results), others)


def _lint_comment(bug: Bug, item: ReportComment, options: Options, facts: BugFacts) -> SourceResult:
    return lint_text(item.comment.text, item.source, _dated(options, item.comment.created), bug=facts,
                     complete=True)


def _dated(options: Options, created: datetime | None) -> Options:
    """The comment's creation time is the report date (for a bug, --date is "now", not the report date)."""
    return replace(options, report_date=created.date()) if created is not None else options
