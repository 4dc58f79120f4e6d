"""The persistent cache of Bugzilla data: one SQLite file per Bugzilla instance.

The cache holds only what BMO sent back (bugs, comments, attachment metadata and the texts of text attachments)
and a few bookkeeping values such as a sync high-water mark; request headers, and so API keys, never reach it.
Besides, it keeps what linting a bug's reports gave, keyed by a digest of everything that decides it (see
``linter.bugs.scan``), so that a scan of an unchanged component lints nothing again.
A cache is disposable: a corrupt file is moved aside and rebuilt, and a schema from another irlint version is
dropped and rebuilt, because everything in it can be fetched again.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from linter.bugzilla.errors import CacheError
from linter.bugzilla.index import IndexedBug, indexed
from linter.bugzilla.model import Attachment, Bug
from linter.terminal import inert

#: Bumped whenever a table changes shape; a cache written with another version is dropped and rebuilt.
SCHEMA_VERSION = 2

#: Another irlint process may hold the write lock while it stores a bug; waiting is better than failing.
BUSY_TIMEOUT_MS = 10_000

_SCHEMA_KEY = "schema_version"

_SCHEMA = (
    "CREATE TABLE bugs (id INTEGER PRIMARY KEY, last_change_time TEXT, json TEXT NOT NULL, stored_at TEXT NOT NULL)",
    "CREATE TABLE comments (bug_id INTEGER NOT NULL, count INTEGER NOT NULL, id INTEGER NOT NULL,"
    " creator TEXT NOT NULL, creation_time TEXT, raw_text TEXT NOT NULL, attachment_id INTEGER,"
    " is_private INTEGER NOT NULL, PRIMARY KEY (bug_id, count))",
    "CREATE TABLE attachments (id INTEGER PRIMARY KEY, bug_id INTEGER NOT NULL, file_name TEXT NOT NULL,"
    " summary TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, creation_time TEXT,"
    " last_change_time TEXT, creator TEXT NOT NULL, is_obsolete INTEGER NOT NULL, is_private INTEGER NOT NULL,"
    " text TEXT)",
    "CREATE INDEX attachments_by_bug ON attachments (bug_id)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Bugs a sync found changed but has not stored yet, as the search returned them: an interrupted sync goes on
    # from here without searching again.
    "CREATE TABLE sync_pending (scope TEXT NOT NULL, id INTEGER NOT NULL, json TEXT NOT NULL,"
    " PRIMARY KEY (scope, id))",
    # Attachments of stored bugs whose text a sync has still to fetch (many bugs' texts go in one request).
    "CREATE TABLE sync_pending_texts (scope TEXT NOT NULL, id INTEGER NOT NULL, size INTEGER NOT NULL,"
    " PRIMARY KEY (scope, id))",
    # Lint results by content digest; ``build`` is the irlint build that wrote them, so older ones can be dropped.
    "CREATE TABLE findings (key TEXT PRIMARY KEY, build TEXT NOT NULL, json TEXT NOT NULL)",
)

_T = TypeVar("_T")

#: The related-incidents index (``linter.bugzilla.index``), one row per bug, its rowid the bug id: an FTS5 table
#: where SQLite has FTS5 (BM25 ranking), else a plain table that a search reads whole. The unicode61 tokenizer
#: keeps hyphens in words, as the index's own tokens do ("ov-misissuance").
_INDEX_COLUMNS = ("ca", "created", "failure", "summary", "body")
_FULL_TEXT_INDEX = ("CREATE VIRTUAL TABLE IF NOT EXISTS related USING fts5(ca UNINDEXED, created UNINDEXED,"
                    " failure, summary, body, tokenize = \"unicode61 tokenchars '-'\")")
_FULL_TEXT_VOCABULARY = "CREATE VIRTUAL TABLE IF NOT EXISTS related_terms USING fts5vocab(related, 'row')"
_PLAIN_INDEX = ("CREATE TABLE IF NOT EXISTS related (rowid INTEGER PRIMARY KEY, ca TEXT, created TEXT,"
                " failure TEXT, summary TEXT, body TEXT)")
#: How much each field counts in the ranking: how the incident is filed, what happened, what the CA wrote after.
INDEX_WEIGHTS = {"failure": 2.0, "summary": 1.0, "body": 1.0}

#: Columns that hold JSON, and columns that hold text a damaged byte could leave undecodable.
_JSON_COLUMNS = (("bugs", "json"), ("sync_pending", "json"), ("findings", "json"))
_TEXT_COLUMNS = (("comments", "creator || raw_text || coalesce(creation_time, '')"),
                 ("attachments", "file_name || summary || content_type || creator || coalesce(text, '')"),
                 ("bugs", "coalesce(last_change_time, '') || stored_at"), ("meta", "key || value"))


def default_cache_dir() -> Path:
    """Where the CLI keeps its caches unless told otherwise (linter.rule_cache keeps the rules' data there too)."""
    return platformdirs.user_cache_path("irlint")


def cache_file_name(base_url: str) -> str:
    """The cache file of a Bugzilla instance, so that a test instance and BMO never share one."""
    # "https://bugzilla.mozilla.org" and "https://bugzilla.mozilla.org/" are the same instance.
    digest = hashlib.sha256(base_url.rstrip("/").encode("utf-8")).hexdigest()
    return f"bugzilla-{digest[:12]}.sqlite3"


def _warn_on_stderr(message: str) -> None:
    # The message names the cache's path, which the user chose and may hold anything.
    print(f"irlint: warning: {inert(message)}", file=sys.stderr)


def _is_corruption(error: Exception) -> bool:
    if isinstance(error, json.JSONDecodeError):
        return True  # a stored row that no longer reads
    # Extended result codes (e.g. SQLITE_CORRUPT_VTAB) carry the primary code in their low byte.
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    # Damage inside a row's text leaves the file's structure sound; sqlite3 then fails to decode the text, with
    # no result code, only this message.
    return isinstance(error, sqlite3.OperationalError) and str(error).startswith("Could not decode to UTF-8")


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _utc_now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def _transaction(conn: sqlite3.Connection, *, write: bool) -> Iterator[sqlite3.Connection]:
    # The connection is in autocommit mode, so every transaction is explicit: `with conn` commits on success and
    # rolls back on any exception, KeyboardInterrupt included. A writer takes the lock up front (IMMEDIATE) so that
    # what it read before writing is still true when it commits; readers get one consistent snapshot.
    with conn:
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        yield conn


class Cache:
    """Bugs, comments and attachments of one Bugzilla instance, kept between runs."""

    def __init__(self, folder: Path, base_url: str, *, warn: Callable[[str], None] = _warn_on_stderr) -> None:
        folder = Path(folder)
        self.base_url = base_url
        self.path: Path | None = folder / cache_file_name(base_url)
        self._warn = warn
        self._lock = threading.RLock()
        #: How many times this cache was found corrupt and rebuilt empty since it was opened: whoever read from it
        #: before (a sync that read its mark) must not trust what it read.
        self.rebuilds = 0
        try:
            # The cache holds bug data that may include security bugs; keep it to the user.
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise CacheError(f"{folder}: cannot create the cache folder: {error.strerror or error}") from error
        if not os.access(folder, os.W_OK | os.X_OK):
            raise CacheError(f"{folder}: the cache folder is not writable")
        if self.path.is_dir():
            raise CacheError(f"{self.path}: is a directory, not a cache file")
        try:
            self._conn = self._connect()
        except sqlite3.DatabaseError as error:
            if not _is_corruption(error):
                raise CacheError(f"{self.path}: cannot open the cache: {_one_line(error)}") from error
            self._rebuild_corrupt()

    @classmethod
    def memory(cls, base_url: str) -> Cache:
        """A cache with the same API that lives and dies with the process (--no-cache)."""
        cache = cls.__new__(cls)
        cache.base_url = base_url
        cache.path = None
        cache._warn = _warn_on_stderr
        cache._lock = threading.RLock()
        cache.rebuilds = 0
        cache._conn = cache._connect()
        return cache

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Cache({str(self.path) if self.path else ':memory:'!r}, {self.base_url!r})"

    # -- reading ---------------------------------------------------------------------------------------------

    def bug(self, bug_id: int) -> Bug | None:
        """The stored bug with its comments and attachments (texts included), or None when it is not stored."""

        def read(conn: sqlite3.Connection) -> Bug | None:
            with _transaction(conn, write=False):
                row = conn.execute("SELECT json FROM bugs WHERE id = ?", (bug_id,)).fetchone()
                if row is None:
                    return None
                comments = [dict(c) for c in conn.execute(
                    "SELECT id, count, creator, creation_time, raw_text, attachment_id, is_private"
                    " FROM comments WHERE bug_id = ? ORDER BY count", (bug_id,))]
                attachments = tuple(Attachment.from_bmo(dict(a), a["text"]) for a in conn.execute(
                    "SELECT id, file_name, summary, content_type, size, creation_time, creator, is_obsolete,"
                    " is_private, text FROM attachments WHERE bug_id = ? ORDER BY id", (bug_id,)))
                data = json.loads(row["json"])
            return Bug.from_bmo(data, comments, attachments)

        return self._run(read)

    def bug_json(self, bug_id: int) -> dict[str, Any] | None:
        """The bug as BMO sent it, or None when it is not stored."""
        return self._run(lambda conn: _json_or_none(conn.execute("SELECT json FROM bugs WHERE id = ?",
                                                                 (bug_id,)).fetchone()))

    def last_change_time(self, bug_id: int) -> str | None:
        """The stored bug's last_change_time exactly as BMO wrote it, or None when the bug is not stored."""
        row = self._fetchone("SELECT last_change_time FROM bugs WHERE id = ?", (bug_id,))
        return None if row is None else row["last_change_time"]

    def stored_at(self, bug_id: int) -> str | None:
        """When the bug was last stored (ISO 8601, UTC), or None when it is not stored."""
        row = self._fetchone("SELECT stored_at FROM bugs WHERE id = ?", (bug_id,))
        return None if row is None else row["stored_at"]

    def attachment_text(self, attachment_id: int) -> str | None:
        """The fetched text of an attachment, or None when it was never fetched or the attachment changed since."""
        row = self._fetchone("SELECT text FROM attachments WHERE id = ?", (attachment_id,))
        return None if row is None else row["text"]

    def get_meta(self, key: str) -> str | None:
        row = self._fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else row["value"]

    def bugs_json(self) -> dict[int, dict[str, Any]]:
        """Every stored bug as BMO sent it, by id (without comments and attachments)."""
        return self._run(lambda conn: {int(row["id"]): json.loads(row["json"])
                                       for row in conn.execute("SELECT id, json FROM bugs ORDER BY id")})

    def last_change_times(self) -> dict[int, str | None]:
        """The last_change_time of every stored bug, by id."""
        rows = self._run(lambda conn: conn.execute("SELECT id, last_change_time FROM bugs").fetchall())
        return {int(row["id"]): row["last_change_time"] for row in rows}

    def pending_ids(self, scope: str) -> list[int]:
        """The bugs an unfinished sync of ``scope`` has still to store, in id order."""
        rows = self._run(lambda conn: conn.execute("SELECT id FROM sync_pending WHERE scope = ? ORDER BY id",
                                                   (scope,)).fetchall())
        return [int(row["id"]) for row in rows]

    def pending_texts(self, scope: str) -> list[tuple[int, int]]:
        """(attachment id, size) of the texts an unfinished sync of ``scope`` has still to fetch, in id order."""
        rows = self._run(lambda conn: conn.execute("SELECT id, size FROM sync_pending_texts WHERE scope = ?"
                                                   " ORDER BY id", (scope,)).fetchall())
        return [(int(row["id"]), int(row["size"])) for row in rows]

    def pending_rows(self, scope: str, ids: list[int]) -> dict[int, dict[str, Any]]:
        """The search rows of these pending bugs, by id; ids no longer pending are left out."""
        if not ids:
            return {}

        def read(conn: sqlite3.Connection) -> dict[int, dict[str, Any]]:
            placeholders = ",".join("?" * len(ids))
            return {int(row["id"]): json.loads(row["json"]) for row in conn.execute(
                f"SELECT id, json FROM sync_pending WHERE scope = ? AND id IN ({placeholders})", (scope, *ids))}

        return self._run(read)

    def findings(self, keys: list[str]) -> dict[str, Any]:
        """The lint results stored under these keys, decoded; misses are left out."""
        found: dict[str, Any] = {}

        def read(conn: sqlite3.Connection) -> None:
            with _transaction(conn, write=False):
                # Chunks stay below SQLite's limit on bound parameters.
                for start in range(0, len(keys), 500):
                    chunk = keys[start:start + 500]
                    placeholders = ",".join("?" * len(chunk))
                    for row in conn.execute(f"SELECT key, json FROM findings WHERE key IN ({placeholders})", chunk):
                        found[row["key"]] = json.loads(row["json"])

        self._run(read)
        return found

    # -- writing ---------------------------------------------------------------------------------------------

    def store(self, bug: dict[str, Any], comments: list[dict[str, Any]], attachments: list[dict[str, Any]]) -> None:
        """Replace a bug, all its comments and its attachments' metadata, in one transaction.

        The bug dict is kept whole; of comments and attachments only the columns irlint reads are kept, so an
        attachment's base64 ``data`` never lands in the cache. An already fetched attachment text survives when
        the attachment's id, size and last_change_time are unchanged, since then its content is too.
        """

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn, write=True):
                _write_bug(conn, bug, comments, attachments)

        self._run(write)

    def store_attachment_text(self, attachment_id: int, text: str) -> None:
        """Keep the decoded text of an attachment whose metadata is stored; nothing happens for any other id."""
        self._execute("UPDATE attachments SET text = ? WHERE id = ?", (text, attachment_id))

    def set_meta(self, key: str, value: str) -> None:
        if key == _SCHEMA_KEY:
            raise ValueError(f"{key!r} is reserved for the cache itself")
        self._execute("INSERT INTO meta (key, value) VALUES (?, ?)"
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def delete_bugs(self, ids: list[int]) -> None:
        """Forget these bugs, their comments and their attachments, in one transaction."""

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn, write=True):
                conn.executemany("DELETE FROM sync_pending_texts WHERE id IN"
                                 " (SELECT id FROM attachments WHERE bug_id = ?)", [(i,) for i in ids])
                for table, column in (("comments", "bug_id"), ("attachments", "bug_id"), ("bugs", "id"),
                                      ("related", "rowid")):
                    conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])

        self._run(write)

    def begin_pending(self, scope: str, rows: list[dict[str, Any]], meta: dict[str, str]) -> None:
        """Queue search rows for a sync of ``scope`` and set its bookkeeping values, in one transaction."""
        encoded = [(scope, int(row["id"]), json.dumps(row, ensure_ascii=False, separators=(",", ":")))
                   for row in rows]

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn, write=True):
                conn.executemany("INSERT OR REPLACE INTO sync_pending (scope, id, json) VALUES (?, ?, ?)", encoded)
                _set_meta(conn, meta)

        self._run(write)

    def store_pending(self, scope: str, bugs: list[tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]],
                      wants_text: Callable[[dict[str, Any]], bool]) -> None:
        """Store fetched bugs (bug, comments, attachments' metadata) as ``store`` does and take them off the pending
        list of ``scope``, in one transaction: a sync interrupted at any moment finds each bug either stored or
        still pending. The attachments ``wants_text`` accepts whose stored text did not survive are queued in
        ``pending_texts`` in the same transaction, so that no text is forgotten either.
        """

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn, write=True):
                for bug, comments, attachments in bugs:
                    rows = _write_bug(conn, bug, comments, attachments)
                    conn.execute("DELETE FROM sync_pending WHERE scope = ? AND id = ?", (scope, int(bug["id"])))
                    conn.executemany("INSERT OR REPLACE INTO sync_pending_texts (scope, id, size) VALUES (?, ?, ?)",
                                     [(scope, row["id"], row["size"]) for row in rows
                                      if row["text"] is None and wants_text(row)])

        self._run(write)

    def store_pending_texts(self, scope: str, texts: dict[int, str], done: list[int]) -> None:
        """Keep fetched attachment texts and take the ``done`` ids (fetched, or not returned) off the text list of
        ``scope``, in one transaction."""

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn, write=True):
                conn.executemany("UPDATE attachments SET text = ? WHERE id = ?",
                                 [(text, attachment_id) for attachment_id, text in texts.items()])
                conn.executemany("DELETE FROM sync_pending_texts WHERE scope = ? AND id = ?",
                                 [(scope, attachment_id) for attachment_id in done])

        self._run(write)

    def drop_pending(self, scope: str, ids: list[int]) -> None:
        """Take bugs off the pending list of ``scope`` without storing them (they vanished from Bugzilla)."""

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn, write=True):
                conn.executemany("DELETE FROM sync_pending WHERE scope = ? AND id = ?", [(scope, i) for i in ids])

        self._run(write)

    def finish_sync(self, scope: str, expected: dict[str, str], meta: dict[str, str], drop: list[str]) -> bool:
        """Commit a finished sync of ``scope``: when nothing is pending and every ``expected`` meta value is still
        there (a cache rebuilt meanwhile lost them), set ``meta`` and delete the ``drop`` keys; else change nothing.
        Returns whether it committed."""

        def write(conn: sqlite3.Connection) -> bool:
            with _transaction(conn, write=True):
                for table in ("sync_pending", "sync_pending_texts"):
                    if conn.execute(f"SELECT 1 FROM {table} WHERE scope = ? LIMIT 1", (scope,)).fetchone():
                        return False
                for key, value in expected.items():
                    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
                    if row is None or row["value"] != value:
                        return False
                _set_meta(conn, meta)
                conn.executemany("DELETE FROM meta WHERE key = ?", [(key,) for key in drop])
                return True

        return self._run(write)

    def store_findings(self, build: str, entries: dict[str, Any]) -> None:
        """Keep lint results by key, JSON-encoded, in one transaction; ``build`` is the irlint build linting."""
        encoded = [(key, build, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
                   for key, value in entries.items()]

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn, write=True):
                conn.executemany("INSERT OR REPLACE INTO findings (key, build, json) VALUES (?, ?, ?)", encoded)

        self._run(write)

    def prune_findings(self, build: str) -> int:
        """Drop the lint results other irlint builds wrote (their keys can never match again); returns how many."""

        def write(conn: sqlite3.Connection) -> int:
            with _transaction(conn, write=True):
                return conn.execute("DELETE FROM findings WHERE build != ?", (build,)).rowcount

        return self._run(write)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- the related-incidents index ---------------------------------------------------------------------------

    def index_missing(self) -> int:
        """Index the stored bugs the index lacks (stored before it existed); returns how many."""
        unindexed = "SELECT id FROM bugs WHERE id NOT IN (SELECT rowid FROM related)"
        # Looked for without the write lock: every sync keeps the index whole, so there is mostly nothing to do.
        if self._fetchone(unindexed + " LIMIT 1", ()) is None:
            return 0

        def write(conn: sqlite3.Connection) -> int:
            with _transaction(conn, write=True):
                ids = [row[0] for row in conn.execute(unindexed)]
                for bug_id in ids:
                    bug = json.loads(conn.execute("SELECT json FROM bugs WHERE id = ?", (bug_id,)).fetchone()[0])
                    comments = [dict(c) for c in conn.execute(
                        "SELECT count, creator, raw_text, is_private FROM comments WHERE bug_id = ?", (bug_id,))]
                    _index_bug(conn, bug, comments)
                return len(ids)

        return self._run(write)

    def indexed_bugs(self, ids: list[int] | None = None) -> dict[int, IndexedBug]:
        """The index rows of these bugs (of every bug when None), by id."""

        def read(conn: sqlite3.Connection) -> dict[int, IndexedBug]:
            columns = f"rowid, {', '.join(_INDEX_COLUMNS)}"
            if ids is None:
                rows = conn.execute(f"SELECT {columns} FROM related").fetchall()
            else:
                rows = [row for start in range(0, len(ids), 500) for row in conn.execute(
                    f"SELECT {columns} FROM related WHERE rowid IN ({','.join('?' * len(ids[start:start + 500]))})",
                    ids[start:start + 500])]
            return {int(row[0]): IndexedBug(int(row[0]), *row[1:]) for row in rows}

        return self._run(read)

    def term_counts(self) -> tuple[int, dict[str, int]]:
        """How many bugs are indexed, and in how many of them each term appears."""
        if not self.full_text:
            rows = self.indexed_bugs().values()
            counts: dict[str, int] = {}
            for row in rows:
                for term in set(f"{row.failure} {row.summary} {row.body}".split()):
                    counts[term] = counts.get(term, 0) + 1
            return len(rows), counts

        def read(conn: sqlite3.Connection) -> tuple[int, dict[str, int]]:
            with _transaction(conn, write=False):
                total = conn.execute("SELECT COUNT(*) FROM related").fetchone()[0]
                return total, {row[0]: int(row[1]) for row in conn.execute("SELECT term, doc FROM related_terms")}

        return self._run(read)

    def search_index(self, query: list[str], limit: int) -> list[tuple[int, float]]:
        """The bugs whose indexed words best match ``query`` (terms as the index keeps them), best first, with
        their score (higher is better): FTS5's BM25 with INDEX_WEIGHTS, or the same idea over a plain scan."""
        if not query:
            return []
        if not self.full_text:
            return _plain_search(self.indexed_bugs().values(), query, limit)
        match = " OR ".join('"' + term.replace('"', '""') + '"' for term in query)
        weights = ", ".join(str(INDEX_WEIGHTS.get(column, 0.0)) for column in _INDEX_COLUMNS)
        return self._run(lambda conn: [(int(row[0]), -float(row[1])) for row in conn.execute(
            f"SELECT rowid, bm25(related, {weights}) AS rank FROM related WHERE related MATCH ? ORDER BY rank"
            " LIMIT ?", (match, limit))])

    # -- health ----------------------------------------------------------------------------------------------

    def problems(self, *, thorough: bool = True) -> list[str]:
        """What is wrong with the file, in SQLite's words ([] when nothing): its structure (``quick_check``, or the
        slower ``integrity_check`` that also compares indexes when ``thorough``) and every stored JSON value and
        text, which damage inside a row leaves unreadable while the structure stays sound."""
        pragma = "integrity_check" if thorough else "quick_check"

        def read(conn: sqlite3.Connection) -> list[str]:
            with _transaction(conn, write=False):
                found = [row[0] for row in conn.execute(f"PRAGMA {pragma}(20)") if row[0] != "ok"]
                if found:
                    return found
                for table, column in _JSON_COLUMNS:
                    for row in conn.execute(f"SELECT {column} FROM {table}"):
                        json.loads(row[0])
                for table, column in _TEXT_COLUMNS:
                    for _ in conn.execute(f"SELECT {column} FROM {table}"):
                        pass
            return []

        try:
            with self._lock:
                return read(self._conn)
        except (sqlite3.DatabaseError, json.JSONDecodeError) as error:
            if not _is_corruption(error):
                raise CacheError(f"{self._name()}: {_one_line(error)}") from error
            return [_one_line(error)]

    def verify(self) -> None:
        """Rebuild the cache now if it is damaged anywhere, rather than when a read runs into the damage: a sync
        that reads its mark and then loses the bugs it stands for would leave a cache holding only the changes."""
        if self.path is not None and self.problems(thorough=False):
            with self._lock:
                self._conn.close()
                self._rebuild_corrupt()

    def counts(self) -> dict[str, int]:
        """How many bugs, comments and attachments are stored."""
        return self._run(lambda conn: {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                                       for table in ("bugs", "comments", "attachments")})

    # -- plumbing --------------------------------------------------------------------------------------------

    def _name(self) -> str:
        return str(self.path) if self.path is not None else ":memory:"

    def _fetchone(self, sql: str, parameters: tuple[Any, ...]) -> sqlite3.Row | None:
        return self._run(lambda conn: conn.execute(sql, parameters).fetchone())

    def _execute(self, sql: str, parameters: tuple[Any, ...]) -> None:
        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn, write=True):
                conn.execute(sql, parameters)

        self._run(write)

    def _run(self, operation: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run one cache operation; a file found corrupt mid-run is rebuilt and the operation runs on the new one.

        On an empty cache a read finds nothing, which the caller treats as a miss and fetches again.
        """
        with self._lock:
            try:
                return operation(self._conn)
            except (sqlite3.DatabaseError, json.JSONDecodeError) as error:
                if self.path is None or not _is_corruption(error):
                    raise CacheError(f"{self._name()}: {_one_line(error)}") from error
            self._conn.close()
            self._rebuild_corrupt()
            try:
                return operation(self._conn)
            except (sqlite3.DatabaseError, json.JSONDecodeError) as error:
                raise CacheError(f"{self._name()}: {_one_line(error)}") from error

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._name(), isolation_level=None, check_same_thread=False)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # WAL lets a linting process read while another one stores; it is a no-op for :memory:.
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            # In WAL mode NORMAL still never corrupts; a power loss can only forget the last writes, and a cache
            # can afford that.
            conn.execute("PRAGMA synchronous = NORMAL")
            if _schema_version(conn) != str(SCHEMA_VERSION):
                with _transaction(conn, write=True):
                    # Checked again under the write lock: another process may have just built it.
                    if _schema_version(conn) != str(SCHEMA_VERSION):
                        _rebuild_schema(conn)
            self.full_text = _create_index(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _rebuild_corrupt(self) -> None:
        assert self.path is not None
        aside = self.path.with_name(f"{self.path.name}.corrupt-{_utc_now().strftime('%Y%m%dT%H%M%SZ')}")
        attempt = 1
        while aside.exists():
            aside = aside.with_name(f"{self.path.name}.corrupt-{_utc_now().strftime('%Y%m%dT%H%M%SZ')}-{attempt}")
            attempt += 1
        try:
            self.path.rename(aside)
            # A stale write-ahead log would otherwise be replayed into the new, empty database.
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.rename(aside.with_name(aside.name + suffix))
        except OSError as error:
            raise CacheError(f"{self.path}: cache is corrupt and cannot be moved aside: {error.strerror}") from error
        try:
            self._conn = self._connect()
        except sqlite3.DatabaseError as error:
            raise CacheError(f"{self.path}: cannot rebuild the corrupt cache: {_one_line(error)}") from error
        self.rebuilds += 1
        self._warn(f"{self.path}: cache was corrupt; moved aside to {aside} and rebuilt; a full sync fills it again")


def _json_or_none(row: sqlite3.Row | None) -> Any:
    return None if row is None else json.loads(row["json"])


def _schema_version(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (_SCHEMA_KEY,)).fetchone()
    except sqlite3.OperationalError as error:
        # A plain SQLITE_ERROR here means no meta table, or one of another shape: not our schema.
        if error.sqlite_errorcode == sqlite3.SQLITE_ERROR:
            return None
        raise
    return None if row is None else str(row["value"])


def _rebuild_schema(conn: sqlite3.Connection) -> None:
    objects = conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view')"
                           " AND name NOT LIKE 'sqlite_%'").fetchall()
    for kind, name in objects:
        quoted = '"' + name.replace('"', '""') + '"'
        conn.execute(f"DROP {kind.upper()} IF EXISTS {quoted}")
    for statement in _SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (_SCHEMA_KEY, str(SCHEMA_VERSION)))


def _set_meta(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    if _SCHEMA_KEY in values:
        raise ValueError(f"{_SCHEMA_KEY!r} is reserved for the cache itself")
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)"
                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value", list(values.items()))


def _kept_texts(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> dict[int, str]:
    """The stored texts that stay valid for these attachment rows: same id, size and last_change_time."""
    if not rows:
        return {}
    placeholders = ",".join("?" * len(rows))
    old = {r["id"]: r for r in conn.execute(f"SELECT id, size, last_change_time, text FROM attachments"
                                            f" WHERE text IS NOT NULL AND id IN ({placeholders})",
                                            [row["id"] for row in rows])}
    return {row["id"]: old[row["id"]]["text"] for row in rows
            if row["id"] in old and old[row["id"]]["size"] == row["size"]
            and old[row["id"]]["last_change_time"] == row["last_change_time"]}


def _write_bug(conn: sqlite3.Connection, bug: dict[str, Any], comments: list[dict[str, Any]],
               attachments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace one bug inside the caller's write transaction; returns the attachment rows as written."""
    bug_id = int(bug["id"])
    stored_at = _utc_now().strftime("%Y-%m-%dT%H:%M:%SZ")
    comment_rows = [_comment_row(bug_id, c) for c in comments]
    attachment_rows = [_attachment_row(bug_id, a) for a in attachments]
    kept = _kept_texts(conn, attachment_rows)
    conn.execute("DELETE FROM comments WHERE bug_id = ?", (bug_id,))
    conn.execute("DELETE FROM attachments WHERE bug_id = ?", (bug_id,))
    conn.execute("INSERT OR REPLACE INTO bugs (id, last_change_time, json, stored_at) VALUES (?, ?, ?, ?)",
                 (bug_id, bug.get("last_change_time"), json.dumps(bug, ensure_ascii=False, separators=(",", ":")),
                  stored_at))
    conn.executemany(
        "INSERT INTO comments (bug_id, count, id, creator, creation_time, raw_text, attachment_id,"
        " is_private) VALUES (:bug_id, :count, :id, :creator, :creation_time, :raw_text,"
        " :attachment_id, :is_private)", comment_rows)
    _index_bug(conn, bug, comments)
    for row in attachment_rows:
        row["text"] = kept.get(row["id"])
    # OR REPLACE: an attachment moved to this bug from another one still has its old row.
    conn.executemany(
        "INSERT OR REPLACE INTO attachments (id, bug_id, file_name, summary, content_type, size,"
        " creation_time, last_change_time, creator, is_obsolete, is_private, text) VALUES (:id,"
        " :bug_id, :file_name, :summary, :content_type, :size, :creation_time, :last_change_time,"
        " :creator, :is_obsolete, :is_private, :text)", attachment_rows)
    return attachment_rows


def _plain_search(rows, query: list[str], limit: int) -> list[tuple[int, float]]:
    """BM25's idea without FTS5: each query term found in a field adds the field's weight times the term's rarity,
    with diminishing returns for repeats."""
    rows = list(rows)
    wanted = set(query)
    fields = [(row.bug_id, [(INDEX_WEIGHTS[name], getattr(row, name).split()) for name in INDEX_WEIGHTS])
              for row in rows]
    docs: dict[str, int] = {}
    for _, parts in fields:
        for term in wanted & {word for _, words in parts for word in words}:
            docs[term] = docs.get(term, 0) + 1
    scores = []
    for bug_id, parts in fields:
        score = 0.0
        for weight, words in parts:
            counts: dict[str, int] = {}
            for word in words:
                if word in wanted:
                    counts[word] = counts.get(word, 0) + 1
            score += sum(weight * math.log(1 + len(rows) / docs[term]) * count / (count + 1.2)
                         for term, count in counts.items())
        if score > 0:
            scores.append((bug_id, score))
    return sorted(scores, key=lambda item: -item[1])[:limit]


def _index_bug(conn: sqlite3.Connection, bug: dict[str, Any], comments: list[dict[str, Any]]) -> None:
    row = indexed(bug, comments)
    conn.execute("DELETE FROM related WHERE rowid = ?", (row.bug_id,))
    conn.execute(f"INSERT INTO related (rowid, {', '.join(_INDEX_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
                 (row.bug_id, row.ca, row.created, row.failure, row.summary, row.body))


def _create_index(conn: sqlite3.Connection) -> bool:
    """Create the related-incidents index if it is missing; whether it is a full-text (FTS5) one."""
    existing = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'related'").fetchone()
    if existing is not None:
        return "fts5" in str(existing[0]).lower()
    with _transaction(conn, write=True):
        try:
            conn.execute(_FULL_TEXT_INDEX)
            conn.execute(_FULL_TEXT_VOCABULARY)
            return True
        except sqlite3.OperationalError as error:
            if "fts5" not in str(error):
                raise
            conn.execute(_PLAIN_INDEX)
            return False


def _comment_row(bug_id: int, data: dict[str, Any]) -> dict[str, Any]:
    # The same fallbacks as Comment.from_bmo, so that the row reads back as the Comment the dict would give.
    text = data.get("raw_text")
    if text is None:
        text = data.get("text") or ""
    return {"bug_id": bug_id, "count": int(data.get("count", 0)), "id": int(data["id"]),
            "creator": str(data.get("creator") or data.get("author") or ""),
            "creation_time": data.get("creation_time") or data.get("time"), "raw_text": text,
            "attachment_id": data.get("attachment_id"), "is_private": int(bool(data.get("is_private")))}


def _attachment_row(bug_id: int, data: dict[str, Any]) -> dict[str, Any]:
    # The same fallbacks as Attachment.from_bmo; the base64 ``data`` field is deliberately not among the columns.
    return {"id": int(data["id"]), "bug_id": bug_id, "file_name": str(data.get("file_name", "")),
            "summary": str(data.get("summary") or data.get("description") or ""),
            "content_type": str(data.get("content_type", "")), "size": int(data.get("size") or 0),
            "creation_time": data.get("creation_time"), "last_change_time": data.get("last_change_time"),
            "creator": str(data.get("creator") or data.get("attacher") or ""),
            "is_obsolete": int(bool(data.get("is_obsolete"))), "is_private": int(bool(data.get("is_private")))}
