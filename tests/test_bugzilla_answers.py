"""Malformed Bugzilla answers meet one line and exit 3, never a traceback; the cache stays untouched."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from bmo_data import bug, comment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loopback import LoopbackServer, send_json

import linter.bugzilla.cache as cache_module
import linter.bugzilla.client as client_module
from linter.bugzilla.answers import SHAPES, checked
from linter.bugzilla.cache import Cache
from linter.bugzilla.errors import BugzillaError
from linter.bugzilla.model import Attachment, Bug, Comment
from linter.cli import run

BUG_ID = 1900001


class Canned(LoopbackServer):
    """A server answering each path with a JSON body: ``by_path`` (the first key that ends the path, before the
    query) else ``body``."""

    def __init__(self) -> None:
        self.body = "{}"
        self.by_path: dict[str, str] = {}
        super().__init__("127.0.0.1", self._answer)

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.partition("?")[0]
        send_json(handler, next((b for end, b in self.by_path.items() if path.endswith(end)), self.body))


@pytest.fixture
def canned(monkeypatch) -> Iterator[Canned]:
    monkeypatch.setattr(client_module, "PACE", 0.0)
    monkeypatch.setattr(client_module, "BACKOFF", 0.0)
    monkeypatch.delenv("BUGZILLA_API_KEY", raising=False)
    server = Canned()
    yield server
    server.close()


GOOD_ROW = {"id": BUG_ID, "summary": "CA: title", "status": "NEW", "last_change_time": "2026-01-05T09:00:00Z"}

MALFORMED = {
    "bugs is null": {"bugs": None},
    "id not a number": {"bugs": [{**GOOD_ROW, "id": "12x"}]},
    "flags as a string": {"bugs": [{**GOOD_ROW, "flags": "needinfo"}]},
    "time as an integer": {"bugs": [{**GOOD_ROW, "last_change_time": 1767600000}]},
    "comment count as text": {"bugs": [{**GOOD_ROW, "comment_count": "many"}]},
    "a list, not an object": [GOOD_ROW],
}


@pytest.mark.parametrize("answer", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_search_answer_is_one_line(canned: Canned, answer: Any) -> None:
    canned.body = json.dumps(answer)
    with pytest.raises(BugzillaError) as raised:
        client_module.Client(canned.url, retries=0).search({"id": str(BUG_ID)})
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("shape, answer", [
    ("comments", {"bugs": {str(BUG_ID): {"comments": [{"count": 0, "raw_text": "no id"}]}}}),
    ("comments", {"bugs": {"\x1b]0;owned\x07": {"comments": []}}}),
    ("attachments", {"bugs": {str(BUG_ID): [{"id": 5, "size": "100"}]}}),
    ("attachment data", {"attachments": None}),
])
def test_other_malformed_answers_are_refused(shape: str, answer: Any) -> None:
    with pytest.raises(BugzillaError) as raised:
        checked(shape, answer, "/rest/x")
    assert "\n" not in str(raised.value) and "\x1b" not in str(raised.value)


def test_the_cli_says_one_line_and_leaves_the_cache_untouched(canned: Canned, capsys, tmp_path: Path) -> None:
    canned.body = json.dumps({"bugs": [{**GOOD_ROW, "flags": "needinfo"}]})
    code = run(["bug", str(BUG_ID), "--base-url", canned.url, "--cache-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 3 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    with Cache(tmp_path, canned.url) as cache:
        assert cache.bug(BUG_ID) is None


def test_lone_surrogates_in_a_title_and_a_comment_are_replaced(canned: Canned, capsys, tmp_path: Path) -> None:
    # json.dumps writes a lone surrogate as the escape "\ud800", as a hostile server may.
    canned.by_path = {
        "/rest/bug": json.dumps({"bugs": [bug(BUG_ID, summary="CA: broken \ud800 title")]}),
        "/comment": json.dumps({"bugs": {str(BUG_ID): {"comments": [
            comment(BUG_ID, 0, "ca@example.com", "2026-01-05T09:00:00Z", "text \udfff here")]}}}),
        "/attachment": json.dumps({"bugs": {str(BUG_ID): []}}),
    }
    code = run(["bug", str(BUG_ID), "--base-url", canned.url, "--cache-dir", str(tmp_path), "--format", "json"])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    with Cache(tmp_path, canned.url) as cache:
        cached = cache.bug(BUG_ID)
    assert cached.summary == "CA: broken \ufffd title" and cached.comments[0].text == "text \ufffd here"


def test_a_cache_that_cannot_be_written_is_exit_2(fake_bmo, monkeypatch, capsys, tmp_path: Path) -> None:
    """Root may write any file, so the read-only database is what SQLite says of one."""
    monkeypatch.setattr(client_module, "PACE", 0.0)
    monkeypatch.delenv("BUGZILLA_API_KEY", raising=False)
    fake_bmo.add_bug(bug(BUG_ID), [comment(BUG_ID, 0, "ca@example.com", "2026-01-05T09:00:00Z", "text")])
    with Cache(tmp_path, fake_bmo.url):
        pass  # the file exists, then turns read-only

    real = cache_module._transaction

    def read_only(conn, *, write: bool = False):
        if write:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real(conn, write=write)

    monkeypatch.setattr(cache_module, "_transaction", read_only)
    code = run(["bug", str(BUG_ID), "--base-url", fake_bmo.url, "--cache-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "readonly" in err


# --- random answers of BMO's shapes -----------------------------------------------------------------------------

_leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**13), st.text(max_size=12),
                  st.sampled_from(["2026-01-05T09:00:00Z", "2026-13-45T99:99:99Z", "\ud800", "1", ""]))


def _shaped(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values that mostly follow ``schema``'s structure, with any leaf at any place."""
    kind = schema.get("type")
    if depth > 4:
        return _leaf
    if kind == "object" and "properties" in schema:
        fields = {name: _shaped(sub, depth + 1) for name, sub in schema["properties"].items()}
        return st.one_of(st.fixed_dictionaries({}, optional=fields), _leaf)
    if kind == "object":
        values = _shaped(schema.get("additionalProperties", {}), depth + 1)
        keys = st.one_of(st.integers(0, 10**6).map(str), st.text(max_size=4))
        return st.one_of(st.dictionaries(keys, values, max_size=3), _leaf)
    if kind == "array":
        return st.one_of(st.lists(_shaped(schema.get("items", {}), depth + 1), max_size=3), _leaf)
    return _leaf


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_answers_meet_one_line_or_build_the_model(data) -> None:
    shape = data.draw(st.sampled_from(sorted(SHAPES)))
    answer = data.draw(_shaped(SHAPES[shape]))
    try:
        clean = checked(shape, answer, "/rest/x")
    except BugzillaError as error:
        assert "\n" not in str(error)
        return
    if shape == "bugs":
        for row in clean["bugs"]:
            made = Bug.from_bmo(row, [], tuple(Attachment.from_bmo(a) for a in row.get("attachments", [])))
            json.dumps(made.summary).encode("utf-8")
    elif shape == "comments":
        for entry in clean["bugs"].values():
            for item in entry["comments"]:
                Comment.from_bmo(item).text.encode("utf-8")
    elif shape == "attachments":
        for items in clean["bugs"].values():
            for item in items:
                Attachment.from_bmo(item)
