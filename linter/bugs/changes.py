"""What changed in the component since the previous sync, as a reviewer asks it each morning: new incidents, new CA
comments, new reports, updates that became overdue, questions that got their answer, bugs closed or reopened.

Nothing is asked of Bugzilla: each scan keeps, in the cache, a small state of every bug it scanned under the sync
mark the cache was at (the CA's comments, the reports, the questions still unanswered, whether an update is
overdue, the status), and the state kept under the mark before it is what "previous" means. A scan at the same
mark (--offline, or nothing synced in between) adds to the current state and still compares with the previous
one. Only the latest two states are kept: a few hundred kilobytes for the whole component.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from linter.bugzilla.model import parse_time

#: The process rules whose finding means an update is overdue now.
OVERDUE_RULES = frozenset({"P001", "P006"})

if TYPE_CHECKING:
    from linter.bugs.scan import BugRow
    from linter.bugzilla.cache import Cache

#: The kinds of change, in the order a reviewer reads them.
KINDS = ("new-bug", "reopened", "overdue", "report", "ca-comment", "answered", "closed")


@dataclass(frozen=True)
class Change:
    bug: int
    ca: str
    title: str
    kind: str
    #: The change in words: "2 new CA comments (comments 7, 8)".
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"bug": self.bug, "ca": self.ca, "title": self.title, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Changes:
    #: The sync marks (Bugzilla's time when each sync began) compared: None when there is no earlier state.
    since: str | None
    until: str | None
    items: tuple[Change, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"since": self.since, "until": self.until, "changes": [item.as_dict() for item in self.items]}


def state_of(row: BugRow) -> dict[str, Any]:
    """What the next scan compares a bug with."""
    return {"status": f"{row.status} {row.resolution}".strip(), "open": row.is_open,
            "ca_comments": list(row.ca_comment_numbers), "reports": [list(item) for item in row.reports],
            "unanswered": list(row.unanswered), "overdue": row.overdue}


def track(cache: Cache, key: str, mark: str | None, rows: Sequence[BugRow]) -> Changes:
    """Keep the rows' states under ``mark`` (the cache's sync mark) and say what changed since the previous one."""
    if mark is None:  # a cache no sync has filled: nothing to compare with, nothing to keep
        return Changes(None, None)
    kept = _read(cache.get_meta(key))
    current, previous = kept.get("current"), kept.get("previous")
    if current is not None and current.get("mark") != mark:
        previous, current = current, None
    now = {str(row.id): state_of(row) for row in rows}
    states = dict(current["bugs"]) if current is not None else {}
    states.update(now)
    cache.set_meta(key, json.dumps({"previous": previous, "current": {"mark": mark, "bugs": states}},
                                   separators=(",", ":")))
    if previous is None:
        return Changes(None, mark)
    return Changes(previous.get("mark"), mark, tuple(compare(previous.get("mark"), previous["bugs"], rows, now)))


def _read(value: str | None) -> dict[str, Any]:
    try:
        kept = json.loads(value) if value else {}
    except ValueError:
        return {}
    return kept if isinstance(kept, dict) else {}


def compare(mark: str | None, before: dict[str, Any], rows: Iterable[BugRow],
            now: dict[str, Any]) -> list[Change]:
    """The changes of each row since its state ``before`` to its state ``now`` (both by bug id as text), most
    telling kinds first."""
    since = parse_time(mark) if mark else None
    found = [Change(row.id, row.ca, row.title, kind, text)
             for row in rows for kind, text in _said(row, before.get(str(row.id)), now[str(row.id)], since)]
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(found, key=lambda change: (order[change.kind], change.bug))


def _said(row: BugRow, old: dict[str, Any] | None, now: dict[str, Any],
          since: datetime | None) -> list[tuple[str, str]]:
    """(kind, words) of each change of one bug from its state ``old`` to ``now``."""
    if old is None:
        # Not scanned before: new when filed since, else only outside the filters of the scans before.
        new = since is not None and row.created is not None and row.created >= since
        return [("new-bug", f"New incident, {now['status']}")] if new else []
    said = []
    if old.get("open") and not now["open"]:
        said.append(("closed", f"Closed: {now['status']}"))
    elif not old.get("open") and now["open"]:
        said.append(("reopened", f"Reopened: {now['status']}"))
    comments = sorted(set(now["ca_comments"]) - set(old.get("ca_comments") or ()))
    if comments:
        said.append(("ca-comment", f"{_count(len(comments), 'new CA comment')} ({_list('comment', comments)})"))
    for comment, kind in (item for item in now["reports"] if item not in (old.get("reports") or ())):
        said.append(("report", f"{str(kind).capitalize()} report posted in comment {comment}"))
    if now["overdue"] and not old.get("overdue"):
        said.append(("overdue", f"Update now overdue: {row.headline}" if row.headline_rule in OVERDUE_RULES
                     else "Update now overdue"))
    answered = [question for question in old.get("unanswered") or () if question not in now["unanswered"]]
    if answered:
        said.append(("answered", f"Answered: {', '.join(answered)}"))
    return said


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def _list(noun: str, numbers: Sequence[int]) -> str:
    return f"{noun}{'s' * (len(numbers) != 1)} {', '.join(map(str, numbers))}"
