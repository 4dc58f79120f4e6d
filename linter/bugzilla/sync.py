"""A whole Bugzilla component into the cache, in as few requests as BMO allows.

A first sync costs the database time, the component's bugs by pages of PAGE with their attachments' metadata
(search is not rate-limited, and its ``attachments`` extra field saves a rate-limited call per hundred bugs), the
comments of BATCH bugs per request, and then the texts of the text attachments of all those bugs, BATCH per
request: 21 requests for the 1,700 bugs of CA Certificate Compliance. A later sync searches only the bugs changed
since the high-water mark of the last completed one and fetches those; when nothing changed that is two requests.

The high-water mark is BMO's ``db_time`` read before the sync starts (a bug changed while it runs is then found
again next time, never missed), stored only when the sync completes. An interrupted sync (a rate limit, a network
failure, Ctrl-C) leaves the bugs it found but did not store, and the texts it did not fetch, as pending lists in
the cache; the next sync fetches those first, without searching again or refetching what was already stored, and
then looks for changes since the interrupted sync began.

Comment edits do not move a bug's last_change_time, so only ``refresh`` sees them: it fetches every bug again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from linter.bugzilla.cache import Cache
from linter.bugzilla.client import BATCH, BUG_FIELDS, AccessDenied, BugzillaError, Client, NotFound
from linter.bugzilla.fetch import MAX_TEXT_BYTES, _readable
from linter.bugzilla.model import parse_time

DEFAULT_PRODUCT = "CA Program"
DEFAULT_COMPONENT = "CA Certificate Compliance"
#: Bugs per search page (BMO caps an answer at 10,000; 1,000 keeps each answer a few megabytes).
PAGE = 1000
#: Pages of one search at the most: 200,000 bugs, a hundred times the component.
MAX_PAGES = 200
#: How far before the last sync's start the next one looks: BMO's search may read a lagging replica, and a
#: transaction committed just after ``db_time`` was read may carry an earlier timestamp.
SAFETY_MARGIN = timedelta(minutes=5)
#: Most bytes of attachment text asked for in one request (base64 makes the answer a third larger).
MAX_TEXT_REQUEST_BYTES = 8 * 1024 * 1024

Progress = Callable[[int, int], None]


@dataclass
class SyncStats:
    """What one sync did."""

    #: The whole component was searched (first sync, or ``refresh``), not only the changes.
    full: bool = False
    #: Bugs an interrupted sync had left pending, stored first.
    resumed: int = 0
    #: Rows the search returned (the whole component, or the bugs changed since the mark).
    found: int = 0
    #: Bugs fetched and stored (``resumed`` included).
    fetched: int = 0
    #: Rows skipped because the cache already held that version of the bug.
    unchanged: int = 0
    #: Bugs dropped from the cache: no longer in the component (moved, or now private), or gone mid-sync.
    removed: int = 0
    #: Attachment texts fetched.
    texts: int = 0
    #: Requests sent, by the client's kinds ("search": not rate-limited, "limited": paced), retries included.
    requests: dict[str, int] = field(default_factory=dict)
    #: The new high-water mark (BMO's db_time when the sync started).
    mark: str = ""

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())


def scope_key(product: str, component: str) -> str:
    """How the cache names a component's sync state."""
    return f"{product}::{component}"


def sync(client: Client, cache: Cache, *, product: str = DEFAULT_PRODUCT, component: str = DEFAULT_COMPONENT,
         refresh: bool = False, progress: Progress | None = None) -> SyncStats:
    """Bring the cache up to date with every bug of ``product`` / ``component``.

    ``progress(done, total)`` is called as bugs are stored (``total`` counts the bugs still to fetch; it starts
    again once when an interrupted sync was finished first). Raises BugzillaError (RateLimited included) and
    CacheError; whatever was stored before stays stored and the next sync goes on from there.
    """
    cache.verify()
    rebuilds = cache.rebuilds
    stats = _sync(client, cache, product, component, refresh, progress)
    if cache.rebuilds != rebuilds:
        # Damage found mid-sync emptied the cache after this sync had read its mark: everything it skipped as
        # stored is gone. Fetch the whole component now, rather than leave a cache that holds only the changes.
        stats = _sync(client, cache, product, component, True, progress)
    return stats


def _sync(client: Client, cache: Cache, product: str, component: str, refresh: bool,
          progress: Progress | None) -> SyncStats:
    scope = scope_key(product, component)
    mark_key, pending_key, pending_full_key = (f"sync.mark:{scope}", f"sync.pending_mark:{scope}",
                                               f"sync.pending_full:{scope}")
    rebuilds = cache.rebuilds
    before = dict(client.sent)
    stats = SyncStats()
    started = _db_time(client)
    stats.mark = started
    try:
        base = cache.get_meta(mark_key)
        covered_full = False
        pending_mark = cache.get_meta(pending_key)
        if pending_mark is not None:
            stats.resumed = _drain(client, cache, scope, progress, stats)
            base, covered_full = pending_mark, cache.get_meta(pending_full_key) == "1"
        stats.full = base is None or (refresh and not covered_full)
        rows = _search_all(client, _search_params(product, component, None if stats.full else base))
        stats.found = len(rows)
        stored = cache.last_change_times()
        changed = [row for row in rows
                   if refresh or int(row["id"]) not in stored or stored[int(row["id"])] != row.get("last_change_time")]
        stats.unchanged = len(rows) - len(changed)
        if stats.full:
            stats.removed += _remove_departed(cache, product, component, {int(row["id"]) for row in rows})
        cache.begin_pending(scope, changed, {pending_key: started, pending_full_key: "1" if stats.full else "0"})
        _drain(client, cache, scope, progress, stats)
        # A cache rebuilt meanwhile (found corrupt) may hold only what was stored since: then no mark, and the next
        # sync is full.
        if cache.rebuilds == rebuilds:
            cache.finish_sync(scope, expected={pending_key: started}, meta={mark_key: started},
                              drop=[pending_key, pending_full_key])
    finally:
        stats.requests = {kind: client.sent[kind] - before.get(kind, 0) for kind in client.sent}
    return stats


def _db_time(client: Client) -> str:
    value = client.time().get("db_time")
    if not isinstance(value, str) or parse_time(value) is None:
        raise BugzillaError(f"Bugzilla's /rest/time gave no usable db_time: {str(value)[:40]!r}")
    return value


def _search_params(product: str, component: str, mark: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {"product": product, "component": component,
                              "include_fields": ",".join((*BUG_FIELDS, "attachments")),
                              "exclude_fields": "attachments.data"}
    if mark is not None:
        since = parse_time(mark) - SAFETY_MARGIN
        params["last_change_time"] = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    return params


def _search_all(client: Client, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every row of a search, by pages of PAGE in bug id order.

    Pages follow the last id seen (a ``bug_id greaterthan`` chart) rather than an offset: a bug leaving the
    component while the pages are read would shift every later offset and make the sync skip a bug.
    """
    rows: list[dict[str, Any]] = []
    last = 0
    for _ in range(MAX_PAGES):
        page = client.search({**params, "limit": PAGE, "order": "bug_id",
                              "f1": "bug_id", "o1": "greaterthan", "v1": str(last)})
        rows.extend(page)
        if len(page) < PAGE:
            return rows
        highest = max(int(row["id"]) for row in page)
        # A server that ignores the chart sends the same page forever: stop instead of asking again.
        if highest <= last:
            raise BugzillaError(f"Bugzilla's search did not move past bug {last}: it ignores the bug id filter")
        last = highest
    raise BugzillaError(f"Bugzilla's search gave more than {MAX_PAGES} pages of {PAGE} bugs; stopped there")


def _remove_departed(cache: Cache, product: str, component: str, found: set[int]) -> int:
    """Forget cached bugs of the component that a full search no longer returns."""
    departed = [bug_id for bug_id, data in cache.bugs_json().items()
                if data.get("product") == product and data.get("component") == component and bug_id not in found]
    if departed:
        cache.delete_bugs(departed)
    return len(departed)


def _drain(client: Client, cache: Cache, scope: str, progress: Progress | None, stats: SyncStats) -> int:
    """Fetch and store every pending bug of ``scope``, BATCH at a time, then the pending attachment texts;
    returns how many bugs were pending."""
    ids = cache.pending_ids(scope)
    if progress is not None:
        progress(0, len(ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        rows = cache.pending_rows(scope, batch)
        comments, gone = _comments(client, batch)
        if gone:
            cache.drop_pending(scope, sorted(gone))
            cache.delete_bugs(sorted(gone))
            stats.removed += len(gone)
        bugs = [rows[bug_id] for bug_id in batch if bug_id in rows and bug_id not in gone]
        cache.store_pending(scope, [(row, comments.get(int(row["id"]), []), list(row.pop("attachments", None) or ()))
                                    for row in bugs], _readable)
        stats.fetched += len(bugs)
        if progress is not None:
            progress(start + len(batch), len(ids))
    _drain_texts(client, cache, scope, stats)
    return len(ids)


def _drain_texts(client: Client, cache: Cache, scope: str, stats: SyncStats) -> None:
    """Fetch the pending attachment texts of ``scope``: up to BATCH and MAX_TEXT_REQUEST_BYTES per request."""
    groups: list[list[int]] = []
    size = 0
    for attachment_id, length in cache.pending_texts(scope):
        if not groups or len(groups[-1]) == BATCH or size + length > MAX_TEXT_REQUEST_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(attachment_id)
        size += length
    for group in groups:
        try:
            found = client.attachments_data(group)
        except BugzillaError as error:
            if not _refused(error):
                raise
            # One attachment made private, or whose bug was, fails the whole request: ask one by one, and give
            # up on those refused (a text irlint cannot see is left unread, as for a private attachment).
            found = {}
            for attachment_id in group:
                try:
                    found.update(client.attachments_data([attachment_id]))
                except BugzillaError as error:
                    if not _refused(error):
                        raise
        # The size the attachment declared is not trusted: what came is measured.
        texts = {attachment_id: data.decode("utf-8", errors="replace") for attachment_id, data in found.items()
                 if len(data) <= MAX_TEXT_BYTES}
        cache.store_pending_texts(scope, texts, group)
        stats.texts += len(texts)


def _refused(error: BugzillaError) -> bool:
    """Bugzilla answered that the caller may not have it (101, 102, or 304 for a private attachment): asking
    again will not help, unlike a rate limit or a network failure."""
    if isinstance(error, NotFound | AccessDenied):
        return True
    return type(error) is BugzillaError and str(error).startswith("Bugzilla error 304 ")


def _comments(client: Client, batch: list[int]) -> tuple[dict[int, list[dict[str, Any]]], set[int]]:
    """The comments of a batch, and the ids that vanished since the search (deleted, or made private).

    One such id fails the whole request (101 or 102); a search, which is not rate-limited and silently leaves
    such bugs out, tells which, and the request is sent again without them.
    """
    try:
        return client.comments(batch), set()
    except (NotFound, AccessDenied):
        visible = {int(row["id"]) for row in client.search({"id": ",".join(map(str, batch)), "include_fields": "id"})}
        gone = set(batch) - visible
        if not gone:
            raise
        remaining = [bug_id for bug_id in batch if bug_id in visible]
        return (client.comments(remaining) if remaining else {}), gone
