"""Bugs from Bugzilla through the cache: one search tells which cached bugs changed; only those are fetched.

Comment edits do not move a bug's last_change_time, so ``refresh`` fetches regardless.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from linter.bugzilla.cache import Cache
from linter.bugzilla.client import BUG_FIELDS, BugzillaError, Client
from linter.bugzilla.errors import AccessDenied, NotFound
from linter.bugzilla.model import Bug

#: Attachments whose text irlint reads for reports and certificate lists.
TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown", "text/csv")
#: Larger text attachments are left unread: a certificate list of this size is counted, not linted.
MAX_TEXT_BYTES = 2 * 1024 * 1024
#: A bug link in see_also, which also holds links to other trackers.
_SHOW_BUG = re.compile(r"show_bug\.cgi\?id=(\d+)")


def load_bugs(client: Client | None, cache: Cache, ids: Sequence[int], *, offline: bool = False,
              refresh: bool = False, fallback: Callable[[str], None] | None = None) -> list[Bug]:
    """The bugs ``ids`` (in that order), fetched where the cache lacks them or they changed.

    With ``fallback``, a failure to reach Bugzilla (or any answer other than Bugzilla's own word on the bug: it
    does not exist, or it is private) when every bug is cached gives the cached bugs, and ``fallback`` gets one
    line saying why and from when they are.
    """
    if offline or client is None:
        why = " (--offline)" if offline else ", and Bugzilla could not be reached"
        return [_cached(cache, bug_id, missing=f"bug {bug_id} is not in the cache{why}") for bug_id in ids]
    try:
        changed = _stale(client, cache, ids, refresh)
        if changed:
            _fetch(client, cache, changed)
    except (NotFound, AccessDenied):
        raise
    except BugzillaError as error:
        stored = [cache.stored_at(bug_id) for bug_id in ids]
        if fallback is None or None in stored:
            raise
        oldest = min(moment for moment in stored if moment is not None)
        named = ", ".join(f"bug {bug_id}" for bug_id in ids)
        fallback(f"{named}: {error}; using the copy cached {oldest[:16].replace('T', ' ')} UTC")
    return [_cached(cache, bug_id, missing=f"bug {bug_id}: Bugzilla's answers did not include it") for bug_id in ids]


def related_bugs(client: Client | None, cache: Cache, bug_id: int) -> list[tuple[int, str, str]]:
    """(id, day opened, summary) of the bugs the cached bug ``bug_id`` names in depends_on, blocks and see_also.

    One search answers for all of them. Offline (no client) the list is empty, rather than filled from whatever
    the cache happens to hold.
    """
    data = cache.bug_json(bug_id) or {}
    ids = [*data.get("depends_on", []), *data.get("blocks", []),
           *(int(number) for url in data.get("see_also", []) for number in _SHOW_BUG.findall(url))]
    if not ids or client is None:
        return []
    rows = client.search({"id": ",".join(map(str, ids)), "include_fields": "id,summary,creation_time"})
    return [(int(row["id"]), row.get("creation_time", "")[:10], row.get("summary", "")) for row in rows]


def _cached(cache: Cache, bug_id: int, missing: str) -> Bug:
    bug = cache.bug(bug_id)
    if bug is None:
        raise BugzillaError(missing)
    return bug


def _stale(client: Client, cache: Cache, ids: Sequence[int], refresh: bool) -> list[int]:
    """The ids to fetch; one search request answers for all of them."""
    rows = client.search({"id": ",".join(str(i) for i in ids), "include_fields": "id,last_change_time"})
    current = {int(row["id"]): row.get("last_change_time") for row in rows}
    for bug_id in ids:
        if bug_id not in current:
            client.bug(bug_id)  # search leaves out missing and private bugs: Bug.get says which (101, 102)
            raise BugzillaError(f"bug {bug_id}: Bugzilla's search does not return it")
    return [i for i in ids if refresh or cache.last_change_time(i) != current[i]]


def _fetch(client: Client, cache: Cache, ids: list[int]) -> None:
    rows = {int(row["id"]): row for row in client.search({"id": ",".join(map(str, ids)),
                                                          "include_fields": ",".join(BUG_FIELDS)})}
    comments = client.comments(ids)
    attachments = client.attachments(ids)
    for bug_id in ids:
        metadata = attachments.get(bug_id, [])
        # Each bug is stored in one transaction, so an interruption leaves finished bugs complete.
        cache.store(rows[bug_id], comments.get(bug_id, []), metadata)
        for attachment in metadata:
            if _readable(attachment) and cache.attachment_text(int(attachment["id"])) is None:
                data = client.attachments_data([int(attachment["id"])]).get(int(attachment["id"]))
                if data is None or len(data) > MAX_TEXT_BYTES:  # gone since, or larger than it declared
                    continue
                cache.store_attachment_text(int(attachment["id"]), data.decode("utf-8", errors="replace"))


def _readable(attachment: dict[str, Any]) -> bool:
    content_type = str(attachment.get("content_type", "")).split(";")[0].strip().lower()
    return (content_type in TEXT_TYPES and not attachment.get("is_private")
            and int(attachment.get("size") or 0) <= MAX_TEXT_BYTES)
