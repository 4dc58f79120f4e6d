"""The Bugzilla cache: round trips, replacement, attachment texts, meta, per-instance files and damaged files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import platformdirs
import pytest

from linter.bugzilla.cache import Cache, CacheError, cache_file_name, default_cache_dir
from linter.bugzilla.model import Attachment, Bug

BASE = "https://bugzilla.example.test"
OTHER_BASE = "https://bugzilla-dev.example.test"
BUG_ID = 1900001
#: Stands for the API key the client sends as the X-BUGZILLA-API-KEY header; nothing here ever hands it to the cache.
API_KEY = "irlint-api-key-marker-5c0ffee"


def bmo_bug(bug_id: int = BUG_ID, **changes: Any) -> dict[str, Any]:
    bug = {
        "id": bug_id, "summary": "Example Trust Services: OCSP responder served stale responses",
        "status": "ASSIGNED", "resolution": "", "whiteboard": "[ca-compliance] [ocsp-failure]",
        "creator": "incidents@example-trust.test",
        "creator_detail": {"email": "incidents@example-trust.test", "real_name": "Example Trust Incidents"},
        "assigned_to": "incidents@example-trust.test", "component": "CA Certificate Compliance",
        "creation_time": "2025-03-04T10:00:00Z", "last_change_time": "2025-03-10T08:30:00Z",
        "flags": [{"name": "needinfo", "status": "?", "setter": "root-store@example.org",
                   "requestee": "incidents@example-trust.test", "creation_date": "2025-03-09T12:00:00Z"}],
        "cf_due_date": None, "see_also": ["https://example.test/audit/2025"],
    }
    bug.update(changes)
    return bug


def bmo_comments(bug_id: int = BUG_ID) -> list[dict[str, Any]]:
    return [
        {"id": 17000001, "bug_id": bug_id, "count": 0, "creator": "incidents@example-trust.test",
         "creation_time": "2025-03-04T10:00:00Z", "time": "2025-03-04T10:00:00Z",
         "raw_text": "## Incident Report\n\nPreliminary report, émis en UTF-8.", "text": "rendered",
         "attachment_id": None, "is_private": False, "tags": []},
        {"id": 17000002, "bug_id": bug_id, "count": 1, "creator": "incidents@example-trust.test",
         "creation_time": "2025-03-05T09:15:00Z", "raw_text": "Created attachment 9400001\nFull report",
         "attachment_id": 9400001, "is_private": False},
        # The older shape, without raw_text and creator.
        {"id": 17000003, "bug_id": bug_id, "count": 2, "author": "root-store@example.org",
         "time": "2025-03-09T12:00:00Z", "text": "Please explain the delay.", "is_private": True},
    ]


def bmo_attachments(bug_id: int = BUG_ID) -> list[dict[str, Any]]:
    return [
        {"id": 9400001, "bug_id": bug_id, "file_name": "report.md", "summary": "Full incident report",
         "content_type": "text/markdown", "size": 2048, "creation_time": "2025-03-05T09:15:00Z",
         "last_change_time": "2025-03-05T09:15:00Z", "creator": "incidents@example-trust.test",
         "is_obsolete": 0, "is_private": 0, "is_patch": 0, "flags": []},
        {"id": 9400002, "bug_id": bug_id, "file_name": "certs.csv", "description": "Affected certificates",
         "content_type": "text/csv", "size": 512, "creation_time": "2025-03-06T11:00:00Z",
         "last_change_time": "2025-03-07T11:00:00Z", "attacher": "incidents@example-trust.test",
         "is_obsolete": 1, "is_private": 0, "data": "c2VyaWFsLHJlYXNvbgo="},
    ]


def expected_bug(bug: dict[str, Any], comments: list[dict[str, Any]], attachments: list[dict[str, Any]],
                 texts: dict[int, str] | None = None) -> Bug:
    texts = texts or {}
    return Bug.from_bmo(bug, comments, tuple(Attachment.from_bmo(a, texts.get(a["id"])) for a in attachments))


@pytest.fixture
def warnings() -> list[str]:
    return []


@pytest.fixture
def cache(tmp_path: Path, warnings: list[str]):
    with Cache(tmp_path / "cache", BASE, warn=warnings.append) as opened:
        yield opened


def store_example(cache: Cache) -> None:
    cache.store(bmo_bug(), bmo_comments(), bmo_attachments())


# -- contents --------------------------------------------------------------------------------------------------


def test_round_trip_gives_the_model_of_the_bmo_data(cache: Cache):
    store_example(cache)
    cache.store_attachment_text(9400001, "# Incident Report\n\nFull text.")

    assert cache.bug(BUG_ID) == expected_bug(bmo_bug(), bmo_comments(), bmo_attachments(),
                                             {9400001: "# Incident Report\n\nFull text."})
    assert cache.bug_json(BUG_ID) == bmo_bug()
    assert cache.last_change_time(BUG_ID) == "2025-03-10T08:30:00Z"
    assert cache.attachment_text(9400001) == "# Incident Report\n\nFull text."
    assert cache.attachment_text(9400002) is None


def test_absent_data_is_none(cache: Cache):
    store_example(cache)
    cache.store_attachment_text(9499999, "an attachment never stored")

    assert cache.bug(BUG_ID + 1) is None
    assert cache.bug_json(BUG_ID + 1) is None
    assert cache.last_change_time(BUG_ID + 1) is None
    assert cache.attachment_text(9499999) is None
    assert cache.get_meta("last_sync") is None


def test_data_survives_reopening(tmp_path: Path):
    with Cache(tmp_path, BASE) as first:
        store_example(first)
        first.set_meta("last_sync", "2025-03-10T08:30:00Z")
    with Cache(tmp_path, BASE) as second:
        assert second.bug(BUG_ID) == expected_bug(bmo_bug(), bmo_comments(), bmo_attachments())
        assert second.get_meta("last_sync") == "2025-03-10T08:30:00Z"


def test_store_replaces_the_bug_its_comments_and_attachments(cache: Cache):
    store_example(cache)
    cache.store(bmo_bug(BUG_ID + 1), bmo_comments(BUG_ID + 1)[:1], [])
    bug = bmo_bug(status="RESOLVED", resolution="FIXED", last_change_time="2025-04-01T00:00:00Z", flags=[])
    comments = bmo_comments()[:2]
    attachments = bmo_attachments()[:1]

    cache.store(bug, comments, attachments)

    assert cache.bug(BUG_ID) == expected_bug(bug, comments, attachments)
    assert cache.bug_json(BUG_ID) == bug
    assert cache.last_change_time(BUG_ID) == "2025-04-01T00:00:00Z"
    assert cache.bug(BUG_ID + 1) == expected_bug(bmo_bug(BUG_ID + 1), bmo_comments(BUG_ID + 1)[:1], [])


def test_attachment_text_is_kept_when_the_attachment_is_unchanged(cache: Cache):
    store_example(cache)
    cache.store_attachment_text(9400001, "report text")
    cache.store_attachment_text(9400002, "serial,reason\n")

    cache.store(bmo_bug(last_change_time="2025-03-11T00:00:00Z"), bmo_comments(), bmo_attachments())

    assert cache.attachment_text(9400001) == "report text"
    assert cache.attachment_text(9400002) == "serial,reason\n"
    assert cache.bug(BUG_ID).attachments[0].text == "report text"


@pytest.mark.parametrize("change", [{"size": 4096}, {"last_change_time": "2025-03-12T00:00:00Z"}])
def test_attachment_text_is_dropped_when_the_attachment_changed(cache: Cache, change: dict[str, Any]):
    store_example(cache)
    cache.store_attachment_text(9400001, "old report text")
    cache.store_attachment_text(9400002, "serial,reason\n")
    attachments = bmo_attachments()
    attachments[0].update(change)

    cache.store(bmo_bug(), bmo_comments(), attachments)

    assert cache.attachment_text(9400001) is None
    assert cache.attachment_text(9400002) == "serial,reason\n"
    assert cache.bug(BUG_ID) == expected_bug(bmo_bug(), bmo_comments(), attachments, {9400002: "serial,reason\n"})


def test_attachment_text_goes_with_a_removed_attachment(cache: Cache):
    store_example(cache)
    cache.store_attachment_text(9400002, "serial,reason\n")

    cache.store(bmo_bug(), bmo_comments(), bmo_attachments()[:1])
    cache.store(bmo_bug(), bmo_comments(), bmo_attachments())

    assert cache.attachment_text(9400002) is None


def test_meta(cache: Cache):
    cache.set_meta("last_sync", "2025-03-10T08:30:00Z")
    cache.set_meta("last_sync", "2025-03-11T08:30:00Z")
    cache.set_meta("component", "CA Certificate Compliance")

    assert cache.get_meta("last_sync") == "2025-03-11T08:30:00Z"
    assert cache.get_meta("component") == "CA Certificate Compliance"
    with pytest.raises(ValueError, match="schema_version"):
        cache.set_meta("schema_version", "99")


def test_the_api_key_never_reaches_the_cache_files(tmp_path: Path):
    with Cache(tmp_path, BASE) as cache:
        store_example(cache)
        cache.store_attachment_text(9400001, "report text")
        cache.set_meta("last_sync", "2025-03-10T08:30:00Z")
        # While open, the newest pages may still be in the -wal file: read every file of the cache.
        contents = b"".join(path.read_bytes() for path in tmp_path.iterdir())

    assert bmo_bug()["summary"].encode() in contents  # the bytes do show what was stored, in clear
    assert API_KEY.encode() not in contents


# -- where the data lives --------------------------------------------------------------------------------------


def test_default_cache_dir_is_the_platform_user_cache():
    assert default_cache_dir() == platformdirs.user_cache_path("irlint")


def test_each_instance_has_its_own_file(tmp_path: Path):
    with Cache(tmp_path, BASE) as real, Cache(tmp_path, OTHER_BASE) as fake:
        store_example(real)
        assert fake.bug(BUG_ID) is None
        assert real.path != fake.path

    assert real.path.name == cache_file_name(BASE)
    assert cache_file_name(BASE) == cache_file_name(BASE + "/")
    assert sorted(p.name for p in tmp_path.glob("*.sqlite3")) == sorted([real.path.name, fake.path.name])
    assert all(p.name.startswith("bugzilla-") and len(p.name) == len("bugzilla-") + 12 + len(".sqlite3")
               for p in tmp_path.glob("*.sqlite3"))


def test_missing_folder_is_created_private(tmp_path: Path):
    folder = tmp_path / "deep" / "irlint"
    with Cache(folder, BASE):
        pass
    assert folder.is_dir()
    assert folder.stat().st_mode & 0o777 == 0o700


def test_two_caches_on_one_file_see_each_other(tmp_path: Path):
    with Cache(tmp_path, BASE) as writer, Cache(tmp_path, BASE) as reader:
        store_example(writer)
        assert reader.bug_json(BUG_ID) == bmo_bug()


def test_memory_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))

    with Cache.memory(BASE) as cache:
        store_example(cache)
        cache.store_attachment_text(9400001, "report text")
        cache.set_meta("last_sync", "2025-03-10T08:30:00Z")
        assert cache.path is None
        assert cache.bug(BUG_ID) == expected_bug(bmo_bug(), bmo_comments(), bmo_attachments(),
                                                 {9400001: "report text"})
        assert cache.get_meta("last_sync") == "2025-03-10T08:30:00Z"

    assert list(tmp_path.iterdir()) == []


def test_memory_caches_are_separate():
    with Cache.memory(BASE) as first, Cache.memory(BASE) as second:
        store_example(first)
        assert second.bug(BUG_ID) is None


# -- damage ----------------------------------------------------------------------------------------------------


def truncated_cache(path: Path) -> bytes:
    with Cache(path.parent, BASE) as cache:
        for bug_id in range(BUG_ID, BUG_ID + 40):
            cache.store(bmo_bug(bug_id), bmo_comments(bug_id), bmo_attachments(bug_id))
    data = path.read_bytes()
    assert len(data) > 8192
    return data[: len(data) // 2]


@pytest.mark.parametrize("damage", ["random bytes", "sqlite header then garbage", "truncated"])
def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path: Path, warnings: list[str], damage: str):
    path = tmp_path / cache_file_name(BASE)
    if damage == "random bytes":
        bad = os.urandom(3000)
    elif damage == "sqlite header then garbage":
        bad = b"SQLite format 3\x00" + b"\xff" * 4000
    else:
        bad = truncated_cache(path)
    path.write_bytes(bad)

    with Cache(tmp_path, BASE, warn=warnings.append) as cache:
        assert cache.bug(BUG_ID) is None
        store_example(cache)
        assert cache.bug(BUG_ID) == expected_bug(bmo_bug(), bmo_comments(), bmo_attachments())

    [aside] = tmp_path.glob(f"{path.name}.corrupt-*")
    assert aside.read_bytes() == bad
    assert aside.name[len(path.name):].startswith(".corrupt-20")
    assert warnings == [f"{path}: cache was corrupt; moved aside to {aside} and rebuilt; a full sync fills it again"]
    with Cache(tmp_path, BASE, warn=warnings.append) as reopened:
        assert reopened.bug_json(BUG_ID) == bmo_bug()
    assert len(warnings) == 1


def test_corruption_found_mid_run_rebuilds_and_retries(cache: Cache, warnings: list[str]):
    store_example(cache)
    corrupt = sqlite3.DatabaseError("database disk image is malformed")
    corrupt.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
    cache._conn = FailingConnection(cache._conn, corrupt, at_statement="SELECT")

    assert cache.bug(BUG_ID) is None  # a miss: the caller fetches the bug again
    store_example(cache)

    assert cache.bug_json(BUG_ID) == bmo_bug()
    assert len(warnings) == 1 and "cache was corrupt; moved aside to" in warnings[0]


@pytest.mark.parametrize("shape", ["older version", "foreign tables"])
def test_other_schema_is_rebuilt(tmp_path: Path, warnings: list[str], shape: str):
    path = tmp_path / cache_file_name(BASE)
    if shape == "older version":
        with Cache(tmp_path, BASE) as cache:
            store_example(cache)
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
        conn.close()
    else:
        conn = sqlite3.connect(path)
        conn.executescript("CREATE TABLE bugs (bug TEXT); CREATE TABLE meta (name TEXT); CREATE VIEW v AS SELECT 1;")
        conn.close()

    with Cache(tmp_path, BASE, warn=warnings.append) as cache:
        assert cache.bug(BUG_ID) is None
        store_example(cache)
        cache.set_meta("last_sync", "2025-03-10T08:30:00Z")
        assert cache.bug(BUG_ID) == expected_bug(bmo_bug(), bmo_comments(), bmo_attachments())
    assert warnings == []


class FailingConnection:
    """The cache's connection, except that the n-th statement of one kind raises."""

    def __init__(self, conn: sqlite3.Connection, error: BaseException, *, at_statement: str, nth: int = 1) -> None:
        self._conn, self._error, self._kind, self._left = conn, error, at_statement, nth

    def _count(self, sql: str) -> None:
        if sql.lstrip().upper().startswith(self._kind):
            self._left -= 1
            if self._left == 0:
                raise self._error

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._count(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._count(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def __enter__(self) -> sqlite3.Connection:
        return self._conn.__enter__()

    def __exit__(self, *exc_info: Any) -> Any:
        return self._conn.__exit__(*exc_info)


@pytest.mark.parametrize("error", [RuntimeError("network went away"), KeyboardInterrupt()])
def test_interrupted_store_leaves_the_previous_state(tmp_path: Path, error: BaseException):
    with Cache(tmp_path, BASE) as cache:
        store_example(cache)
        cache.store_attachment_text(9400001, "report text")
        real = cache._conn
        # The second INSERT comes after the bug row was replaced and the old comments deleted.
        cache._conn = FailingConnection(real, error, at_statement="INSERT", nth=2)
        with pytest.raises(type(error)):
            cache.store(bmo_bug(summary="half-written"), bmo_comments()[:1], [])
        cache._conn = real

        assert not real.in_transaction
        previous = expected_bug(bmo_bug(), bmo_comments(), bmo_attachments(), {9400001: "report text"})
        assert cache.bug(BUG_ID) == previous
        with Cache(tmp_path, BASE) as other:
            assert other.bug(BUG_ID) == previous

        cache.store(bmo_bug(summary="complete"), bmo_comments()[:1], [])
        assert cache.bug(BUG_ID).summary == "complete"


def assert_one_line_naming(error: pytest.ExceptionInfo[CacheError], path: Path) -> None:
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")


def test_cache_file_that_is_a_directory_is_an_error(tmp_path: Path, warnings: list[str]):
    path = tmp_path / cache_file_name(BASE)
    path.mkdir()
    with pytest.raises(CacheError) as error:
        Cache(tmp_path, BASE, warn=warnings.append)
    assert_one_line_naming(error, path)
    assert path.is_dir() and warnings == []


def test_folder_that_is_a_file_is_an_error(tmp_path: Path):
    folder = tmp_path / "irlint"
    folder.write_text("not a folder")
    with pytest.raises(CacheError) as error:
        Cache(folder / "cache", BASE)
    assert_one_line_naming(error, folder / "cache")


def permissions_bind(folder: Path) -> bool:
    probe = folder / "probe"
    try:
        probe.touch()
    except PermissionError:
        return True
    probe.unlink()
    return False


@pytest.mark.parametrize("existing", [False, True])
def test_read_only_folder_is_an_error(tmp_path: Path, existing: bool):
    folder = tmp_path / "cache"
    if existing:
        with Cache(folder, BASE) as cache:
            store_example(cache)
    else:
        folder.mkdir()
    folder.chmod(0o500)
    try:
        if not permissions_bind(folder):
            pytest.skip("folder permissions do not bind this user (root)")
        with pytest.raises(CacheError) as error:
            Cache(folder, BASE)
    finally:
        folder.chmod(0o700)
    assert_one_line_naming(error, folder)
