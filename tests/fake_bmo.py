"""A fake bugzilla.mozilla.org REST server for the test suite.

A real HTTP/1.1 server on 127.0.0.1 (``http.server.ThreadingHTTPServer`` in a daemon thread) that answers the
read-only endpoints irlint uses in BMO's exact JSON shapes, fails on demand the ways BMO and its front ends fail,
and records every request. It only ever listens on 127.0.0.1 and never reads files.

Endpoints: ``GET /rest/time``, ``GET /rest/bug`` (Bug.search), ``GET /rest/bug/<id>`` (Bug.get),
``GET /rest/bug/<id>/comment``, ``GET /rest/bug/<id>/attachment``, ``GET /rest/bug/attachment/<aid>``; anything
else answers error 32614 (HTTP 404). See ``FakeBMO`` for the knobs.

What it models on purpose (BMO's behaviour, see the research notes on the REST API):

- Bug.search silently omits missing and private bugs, caps every answer at 10,000 rows, wants ``limit`` with
  ``offset`` (error 50), drops ``offset`` when ``limit=0``, and ignores ``order`` columns it does not know (the
  rows then come in insertion order); it reads the custom-search charts ``fN``/``oN``/``vN`` on ``bug_id``,
  ``creation_ts`` and ``delta_ts`` (other fields answer an error rather than being silently ignored);
- Bug.get and Bug.search return the extra fields ``comments`` and ``attachments`` only when ``include_fields``
  names them (or ``_extra``, ``_all``, or one of their sub-fields such as ``attachments.id``); sub-fields are
  chosen and dropped with prefixes: ``exclude_fields=attachments.data`` leaves the base64 bodies out;
- Bug.get, comments and attachments fail as a whole on one unknown (101, HTTP 404) or private (102, HTTP 401) id,
  merge the path id with repeated ``ids=`` values and do not split a comma string; comments honour
  ``skip_private=1``;
- private comments and private attachments are left out (the caller is never an insider);
- a request target longer than 8 KiB answers a plain-text 414 (Varnish);
- the rate limit answers HTTP 400 JSON code 32000 once and then blocks the client: every later request to any path
  answers HTTP 429 text/html "Too Many Requests ... You will be unblocked in 60 minutes." without Retry-After.
"""

from __future__ import annotations

import copy
import json
import re
import socket
import struct
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

DOCUMENTATION = "https://bmo.readthedocs.io/en/latest/api/"
#: BMO's ``max_search_results``: the most rows one Bug.search answers.
MAX_SEARCH_RESULTS = 10_000
#: Varnish in front of BMO rejects a longer request target (path + query) with a plain-text 414.
MAX_TARGET_LENGTH = 8192
JSON_TYPE = "application/json; charset=UTF-8"
HTML_TYPE = "text/html; charset=UTF-8"

FAIL_MODES = frozenset({"500", "502", "rate_limit", "blocked", "truncated", "html", "reset", "slow", "101", "102"})
OPEN_STATUSES = frozenset({"UNCONFIRMED", "NEW", "ASSIGNED", "REOPENED"})
# HTTP status per error code (BMO's REST_STATUS_CODE_MAP; everything else is 400).
_HTTP_STATUS = {51: 404, 101: 404, 102: 401, 110: 401, 304: 401, 410: 401, 32614: 404}
# User fields whose ``*_detail`` object comes along when the field itself is asked for.
_USER_FIELDS = ("creator", "assigned_to", "qa_contact", "cc", "mentors", "triage_owner")
# Search columns ``order`` knows (with BMO's old names and shortcuts) and the bug field each sorts on.
_ORDER_COLUMNS = {
    "bug_id": "id", "bug number": "id",
    "opendate": "creation_time", "creation_ts": "creation_time",
    "changeddate": "last_change_time", "delta_ts": "last_change_time", "last updated": "last_change_time",
}

BLOCKED_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><title>Too Many Requests</title></head>
<body>
<h1>Too Many Requests</h1>
<p>
  We\u2019re sorry, but you have sent too many requests to us recently.
  You will be unblocked in 60 minutes.
</p>
</body>
</html>
"""
HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><title>Bugzilla Main Page</title></head>
<body><h1>Bugzilla</h1><p>This is not JSON.</p></body>
</html>
"""
ERROR_500_PAGE = "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>" \
                 "<body><h1>Internal Server Error</h1></body></html>\n"
ERROR_502_PAGE = "<!DOCTYPE html>\n<html><head><title>502 Server Error</title></head>" \
                 "<body><h1>Error: Server Error</h1><p>The server encountered a temporary error.</p></body></html>\n"


class Headers(Mapping[str, str]):
    """Request headers, looked up case-insensitively (repeated headers are joined with ", ")."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._data: dict[str, tuple[str, str]] = {}
        for name, value in items:
            key = name.lower()
            if key in self._data:
                value = f"{self._data[key][1]}, {value}"
                name = self._data[key][0]
            self._data[key] = (name, value)

    def __getitem__(self, name: str) -> str:
        return self._data[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._data

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._data.values())

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


@dataclass(frozen=True)
class Recorded:
    """One request as the fake received it."""

    method: str
    #: The decoded path without the query string, e.g. "/rest/bug/1900001/comment".
    path: str
    #: The query string as ``urllib.parse.parse_qs`` (with blank values kept) gives it.
    query: dict[str, list[str]]
    headers: Headers
    #: The raw request target (path and query as sent).
    target: str = ""
    #: Whether the request went to an endpoint BMO rate-limits (Bug.get, comments, attachments).
    rate_limited: bool = False

    def param(self, name: str) -> str | None:
        """The first value of a query parameter, or None."""
        values = self.query.get(name)
        return values[0] if values else None


class BMOError(Exception):
    """A BMO error envelope ``{"error": true, "code", "message", "documentation"}``."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def status(self) -> int:
        return _HTTP_STATUS.get(self.code, 400)

    def body(self) -> dict[str, Any]:
        return {"error": True, "code": self.code, "message": self.message, "documentation": DOCUMENTATION}


@dataclass
class _Rule:
    mode: str
    path: str
    remaining: int
    #: The error message of a "101" or "102" answer, when not BMO's own (what a hostile server could send).
    message: str | None = None


@dataclass
class _Response:
    status: int
    body: bytes
    content_type: str = JSON_TYPE
    headers: dict[str, str] = field(default_factory=dict)


def _json_response(status: int, obj: Any) -> _Response:
    return _Response(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"))


def _error_response(error: BMOError) -> _Response:
    return _json_response(error.status, error.body())


def _html(status: int, page: str) -> _Response:
    return _Response(status, page.encode("utf-8"), HTML_TYPE)


def _split(values: Iterable[str]) -> list[str]:
    """Comma lists (possibly repeated) as one list of stripped, non-empty items."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _parse_time(value: str) -> datetime:
    text = value.strip()
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise BMOError(56, f"'{value}' is not a legal date.")


def _int_param(query: Mapping[str, list[str]], name: str) -> int | None:
    values = query.get(name)
    if not values:
        return None
    try:
        return int(values[0])
    except ValueError:
        raise BMOError(52, f"The value '{values[0]}' in the {name} field is not a number.") from None


class _FieldFilter:
    """BMO's include_fields / exclude_fields (``filter_wants``): comma lists, exclude wins, unknown names ignored."""

    def __init__(self, query: Mapping[str, list[str]], aliases: Mapping[str, str] | None = None) -> None:
        self.include = set(_split(query.get("include_fields", [])))
        self.exclude = set(_split(query.get("exclude_fields", [])))
        # A companion key (``creator_detail``, ``author``, ...) comes along with the key it belongs to and goes
        # with it when that key is excluded; it can also be asked for by its own name.
        self.aliases = dict(aliases or {})

    def _wants(self, key: str) -> bool:
        base = self.aliases.get(key)
        if key in self.exclude or (base is not None and base in self.exclude):
            return False
        if not self.include or self.include & {"_default", "_all"}:
            return True
        return key in self.include or (base is not None and base in self.include)

    def apply(self, obj: Mapping[str, Any]) -> dict[str, Any]:
        return {key: copy.deepcopy(value) for key, value in obj.items() if self._wants(key)}


class _ExtraFields:
    """The opt-in bug fields ``comments`` and ``attachments`` (BMO's ``extra`` fields) and their sub-fields."""

    def __init__(self, query: Mapping[str, list[str]]) -> None:
        self.include = set(_split(query.get("include_fields", [])))
        self.exclude = set(_split(query.get("exclude_fields", [])))

    def wants(self, name: str) -> bool:
        if name in self.exclude:
            return False
        return (name in self.include or bool(self.include & {"_extra", "_all"})
                or any(item.startswith(name + ".") for item in self.include))

    def sub_filter(self, name: str, aliases: Mapping[str, str]) -> _FieldFilter:
        prefix = name + "."
        inner = {"include_fields": [i[len(prefix):] for i in self.include if i.startswith(prefix)],
                 "exclude_fields": [e[len(prefix):] for e in self.exclude if e.startswith(prefix)]}
        return _FieldFilter(inner, aliases)


_BUG_ALIASES = {f"{f}_detail": f for f in _USER_FIELDS}
_COMMENT_ALIASES = {"author": "creator", "time": "creation_time"}
_ATTACHMENT_ALIASES = {"attacher": "creator", "creator_detail": "creator", "description": "summary"}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = False

    def __init__(self, fake: FakeBMO) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out or are reset by design make the handler's writes fail: not worth a traceback.
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeBMO/1.0"
    timeout = 30
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Without this, headers and body in separate segments meet delayed ACKs: 40 ms per request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.fake._lock:
            self.server.fake._connections.add(self.connection)

    def finish(self) -> None:
        with self.server.fake._lock:
            self.server.fake._connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.fake._handle(self)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send(self, response: _Response, *, truncate: bool = False) -> None:
        body = response.body[: len(response.body) // 2] if truncate else response.body
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        # end_headers() without its flush: headers and body leave in one write.
        self._headers_buffer.append(b"\r\n")
        self.wfile.write(b"".join(self._headers_buffer) + body)
        self._headers_buffer = []

    def reset(self) -> None:
        """Drop the connection with a TCP reset and no response at all."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass


class FakeBMO:
    """A fake BMO REST server on 127.0.0.1; use it through the ``fake_bmo`` fixture.

    Knobs (plain attributes):

    - ``now``: the server clock for ``/rest/time`` (a datetime; naive means UTC). Unset, it follows the wall clock.
    - ``slow_seconds``: how long the "slow" failure waits before answering (default 3).
    - ``rate_limit``: None (default) or N: the (N+1)-th anonymous request (no API key) to a rate-limited endpoint
      trips BMO's rate limit (400/32000, then blocked). Requests with an API key are never rate-limited.
    - ``api_keys``: None (default: any key is accepted) or the set of valid keys; another key answers error 306.
    - ``max_target_length``: 8192 (Varnish's limit) or None to accept any request target.
    - ``blocked``: True once the rate limit has tripped; ``unblock()`` lifts it (the hour has passed).

    Observations: ``requests`` (every request, in order), ``count(prefix)``, ``rate_limited_count`` (requests to
    the rate-limited endpoints Bug.get, comments and attachments, whatever they were answered), ``last``.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._closing = threading.Event()
        self._connections: set[socket.socket] = set()
        self._bugs: dict[int, dict[str, Any]] = {}
        self._comments: dict[int, list[dict[str, Any]]] = {}
        self._attachments: dict[int, list[dict[str, Any]]] = {}
        self._private: set[int] = set()
        self._rules: list[_Rule] = []
        self._anonymous_limited = 0
        self._now: datetime | None = None
        self.requests: list[Recorded] = []
        self.rate_limited_count = 0
        self.slow_seconds: float = 3.0
        self.rate_limit: int | None = None
        self.api_keys: set[str] | None = None
        self.max_target_length: int | None = MAX_TARGET_LENGTH
        self.blocked = False
        self._server = _Server(self)
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01},
                                        name=f"FakeBMO:{port}", daemon=True)
        self._thread.start()

    # -- state ------------------------------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """The server's clock (UTC)."""
        return self._now if self._now is not None else datetime.now(UTC).replace(microsecond=0)

    @now.setter
    def now(self, value: datetime | None) -> None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        self._now = value.astimezone(UTC) if value is not None else None

    def add_bug(self, bug: dict[str, Any], comments: Iterable[dict[str, Any]] = (),
                attachments: Iterable[dict[str, Any]] = ()) -> None:
        """Add (or replace) a bug with its comments (oldest first) and attachments, all in BMO's shapes.

        The dicts are copied. When comments are given, ``comment_count`` is set to their number.
        """
        data = copy.deepcopy(dict(bug))
        bug_id = int(data["id"])
        comment_list = [copy.deepcopy(dict(c)) for c in comments]
        attachment_list = [copy.deepcopy(dict(a)) for a in attachments]
        if comment_list:
            data["comment_count"] = len(comment_list)
        with self._lock:
            self._bugs[bug_id] = data
            self._comments[bug_id] = comment_list
            self._attachments[bug_id] = attachment_list

    def add_comment(self, bug_id: int, comment: dict[str, Any]) -> None:
        """Append a comment to a bug already added (bumps ``comment_count``, not ``last_change_time``)."""
        with self._lock:
            self._comments[bug_id].append(copy.deepcopy(dict(comment)))
            self._bugs[bug_id]["comment_count"] = len(self._comments[bug_id])

    def add_attachment(self, bug_id: int, attachment: dict[str, Any]) -> None:
        """Append an attachment to a bug already added."""
        with self._lock:
            self._attachments[bug_id].append(copy.deepcopy(dict(attachment)))

    def change_bug(self, bug_id: int, **fields: Any) -> None:
        """Change fields of a bug already added (``last_change_time=...``, ``component=...``); datetimes are
        written the way BMO writes them. Nothing else moves: pass ``last_change_time`` as BMO would bump it."""
        with self._lock:
            for name, value in fields.items():
                if isinstance(value, datetime):
                    value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                self._bugs[bug_id][name] = copy.deepcopy(value)

    def edit_comment(self, bug_id: int, count: int, raw_text: str) -> None:
        """Edit a comment's text as BMO's comment editing does: the bug's ``last_change_time`` does not move."""
        with self._lock:
            for item in self._comments[bug_id]:
                if item["count"] == count:
                    # ``text`` keeps BMO's generated prefix ("Created attachment N ..."), if any.
                    old_text, old_raw = item.get("text") or "", item.get("raw_text") or ""
                    prefix = old_text[:len(old_text) - len(old_raw)] if old_raw else \
                        (old_text + "\n\n" if old_text else "")
                    item["raw_text"], item["text"] = raw_text, prefix + raw_text
                    return
        raise KeyError(f"bug {bug_id} has no comment {count}")

    def set_private(self, bug_id: int) -> None:
        """Make a bug invisible: Bug.get / comments / attachments answer error 102 (HTTP 401), search omits it."""
        with self._lock:
            self._private.add(int(bug_id))

    def fail(self, mode: str, *, path: str = "", times: int = 1, message: str | None = None) -> None:
        """Make the next ``times`` requests whose path starts with ``path`` fail in the given way.

        Modes: "500", "502" (HTML error pages), "rate_limit" (HTTP 400 JSON code 32000, then every request is
        blocked), "blocked" (HTTP 429 HTML page, no Retry-After), "truncated" (HTTP 200 JSON cut in the middle,
        with a matching Content-Length), "html" (HTTP 200 text/html), "reset" (TCP reset, no response),
        "slow" (wait ``slow_seconds``, then answer normally), "101", "102" (BMO's not-found / access-denied
        errors; ``message`` replaces BMO's message in them). Rules queue up; a request uses the first one whose
        path matches.
        """
        if mode not in FAIL_MODES:
            raise ValueError(f"unknown failure mode {mode!r}; expected one of {sorted(FAIL_MODES)}")
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._rules.append(_Rule(mode, path, times, message))

    def unblock(self) -> None:
        """Lift the block the rate limit put on the client (as if the hour had passed)."""
        with self._lock:
            self.blocked = False
            self._anonymous_limited = 0

    def count(self, path_prefix: str = "") -> int:
        """How many requests so far had a path starting with ``path_prefix``."""
        with self._lock:
            return sum(1 for r in self.requests if r.path.startswith(path_prefix))

    @property
    def last(self) -> Recorded:
        """The most recent request."""
        with self._lock:
            return self.requests[-1]

    def close(self) -> None:
        """Stop the server and drop every open connection (a sleeping "slow" answer wakes up and is dropped)."""
        if self._closing.is_set():
            return
        self._closing.set()
        self._server.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeBMO:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- request handling --------------------------------------------------------------------------------------

    def _handle(self, handler: _Handler) -> None:
        target = handler.path
        parts = urlsplit(target)
        path = unquote(parts.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        route, args = self._route(handler.command, path)
        limited = route in {"get", "comments", "attachments", "attachment"}
        headers = Headers(handler.headers.items())
        too_long = self.max_target_length is not None and len(target.encode()) > self.max_target_length
        with self._lock:
            self.requests.append(Recorded(handler.command, path, query, headers, target, limited))
            if limited:
                self.rate_limited_count += 1
            blocked = self.blocked
            rule = self._take_rule(path) if not (too_long or blocked) else None

        if too_long:
            handler.send(_Response(414, b"URI Too Long\n", "text/plain; charset=UTF-8"))
            return
        if blocked:
            handler.send(_html(429, BLOCKED_PAGE))
            return

        truncate = False
        if rule is not None:
            if rule.mode == "reset":
                handler.reset()
                return
            if rule.mode == "slow":
                self._closing.wait(self.slow_seconds)
                if self._closing.is_set():
                    handler.reset()
                    return
            elif rule.mode == "truncated":
                truncate = True
            else:
                handler.send(self._failure(rule, path, query))
                return

        handler.send(self._answer(handler.command, path, route, args, query, headers, limited), truncate=truncate)

    def _take_rule(self, path: str) -> _Rule | None:
        for rule in self._rules:
            if path.startswith(rule.path):
                rule.remaining -= 1
                if rule.remaining == 0:
                    self._rules.remove(rule)
                return rule
        return None

    def _failure(self, rule: _Rule, path: str, query: Mapping[str, list[str]]) -> _Response:
        mode = rule.mode
        if mode == "500":
            return _html(500, ERROR_500_PAGE)
        if mode == "502":
            return _html(502, ERROR_502_PAGE)
        if mode == "html":
            return _html(200, HTML_PAGE)
        if mode == "blocked":
            return _html(429, BLOCKED_PAGE)
        if mode == "rate_limit":
            return self._trip_rate_limit()
        bug_id = self._first_id(path, query)
        if mode == "101":
            return _error_response(BMOError(101, rule.message or f"Bug {bug_id} does not exist."))
        denied = self._access_denied(bug_id, authenticated=False)
        return _error_response(BMOError(102, rule.message) if rule.message else denied)

    def _trip_rate_limit(self) -> _Response:
        with self._lock:
            self.blocked = True
        return _error_response(BMOError(32000, "You have exceeded the rate limit."))

    @staticmethod
    def _first_id(path: str, query: Mapping[str, list[str]]) -> str:
        match = re.match(r"^/rest/bug/(?:attachment/)?([^/]+)", path)
        if match:
            return match.group(1)
        ids = _split(query.get("id", [])) or query.get("ids", [])
        return ids[0] if ids else "0"

    @staticmethod
    def _access_denied(bug_id: Any, *, authenticated: bool) -> BMOError:
        message = f"You are not authorized to access bug {bug_id}."
        if not authenticated:
            message += " To see this bug, you must first log in to an account with the appropriate permissions."
        return BMOError(102, message)

    @staticmethod
    def _route(method: str, path: str) -> tuple[str, list[str]]:
        if method != "GET":
            return "unknown", []
        if path == "/rest/time":
            return "time", []
        if path == "/rest/bug":
            return "search", []
        parts = path.split("/")[3:] if path.startswith("/rest/bug/") else []
        if len(parts) == 2 and parts[0] == "attachment" and parts[1]:
            return "attachment", [parts[1]]
        if len(parts) == 1 and parts[0]:
            return "get", [parts[0]]
        if len(parts) == 2 and parts[0] and parts[1] == "comment":
            return "comments", [parts[0]]
        if len(parts) == 2 and parts[0] and parts[1] == "attachment":
            return "attachments", [parts[0]]
        return "unknown", []

    def _answer(self, method: str, path: str, route: str, args: list[str], query: Mapping[str, list[str]],
                headers: Headers, limited: bool) -> _Response:
        key = headers.get("X-BUGZILLA-API-KEY") or next(
            (query[name][0] for name in ("api_key", "Bugzilla_api_key") if query.get(name)), None)
        try:
            if key is not None and self.api_keys is not None and key not in self.api_keys:
                raise BMOError(306, "The API key you specified is invalid. Please check that you typed it correctly.")
            if limited and key is None and self.rate_limit is not None:
                with self._lock:
                    self._anonymous_limited += 1
                    tripped = self._anonymous_limited > self.rate_limit
                if tripped:
                    return self._trip_rate_limit()
            with self._lock:
                authenticated = key is not None
                if route == "time":
                    return _json_response(200, self._time())
                if route == "search":
                    return _json_response(200, self._search(query))
                if route == "get":
                    return _json_response(200, self._get(args[0], query, authenticated))
                if route == "comments":
                    return _json_response(200, self._comments_of(args[0], query, authenticated))
                if route == "attachments":
                    return _json_response(200, self._attachments_of(args[0], query, authenticated))
                if route == "attachment":
                    return _json_response(200, self._attachment_by_id(args[0], query, authenticated))
            raise BMOError(32614, f"A REST API resource was not found for '{method} {self.url}{path}'.")
        except BMOError as error:
            return _error_response(error)

    # -- endpoints --------------------------------------------------------------------------------------------

    def _time(self) -> dict[str, Any]:
        stamp = self.now.strftime("%Y-%m-%dT%H:%M:%SZ")
        return {"db_time": stamp, "web_time": stamp, "web_time_utc": stamp,
                "tz_name": "UTC", "tz_offset": "+0000", "tz_short_name": "UTC"}

    def _resolve(self, value: str) -> int | None:
        """A path or ``ids`` value (bug number or alias) as a known bug id, else None."""
        text = value.strip()
        if text.isdigit() and int(text) in self._bugs:
            return int(text)
        for bug_id, bug in self._bugs.items():
            if text and bug.get("alias") == text:
                return bug_id
        return None

    def _check(self, value: str, authenticated: bool) -> int:
        bug_id = self._resolve(value)
        if bug_id is None:
            raise BMOError(101, f"Bug {value} does not exist.")
        if bug_id in self._private:
            raise self._access_denied(bug_id, authenticated=authenticated)
        return bug_id

    @staticmethod
    def _merged_ids(path_id: str, query: Mapping[str, list[str]]) -> list[str]:
        # The path id merged with repeated ids= values, each taken whole (a comma string is not split).
        merged: list[str] = []
        for value in [path_id, *query.get("ids", [])]:
            if value not in merged:
                merged.append(value)
        return merged

    def _get(self, path_id: str, query: Mapping[str, list[str]], authenticated: bool) -> dict[str, Any]:
        permissive = (query.get("permissive") or ["0"])[0] in {"1", "true"}
        fields = _FieldFilter(query, _BUG_ALIASES)
        bugs: list[dict[str, Any]] = []
        faults: list[dict[str, Any]] = []
        for value in self._merged_ids(path_id, query):
            try:
                bug_id = self._check(value, authenticated)
                bugs.append(self._with_extras(bug_id, fields.apply(self._bugs[bug_id]), query))
            except BMOError as error:
                if not permissive:
                    raise
                faults.append({"id": value, "faultString": error.message, "faultCode": error.code})
        return {"bugs": bugs, "faults": faults}

    def _comments_of(self, path_id: str, query: Mapping[str, list[str]], authenticated: bool) -> dict[str, Any]:
        skip_private = (query.get("skip_private") or ["0"])[0] in {"1", "true"}
        new_since = _parse_time(query["new_since"][0]) if query.get("new_since") else None
        fields = _FieldFilter(query, _COMMENT_ALIASES)
        out: dict[str, Any] = {}
        for value in self._merged_ids(path_id, query):
            try:
                bug_id = self._check(value, authenticated)
            except BMOError:
                if skip_private:
                    continue
                raise
            comments = []
            for c in self._comments.get(bug_id, []):
                if c.get("is_private"):
                    continue
                if new_since is not None and _parse_time(c["creation_time"]) <= new_since:
                    continue
                comments.append(fields.apply(c))
            out[str(bug_id)] = {"comments": comments}
        return {"bugs": out, "comments": {}}

    def _attachments_of(self, path_id: str, query: Mapping[str, list[str]],
                        authenticated: bool) -> dict[str, Any]:
        fields = _FieldFilter(query, _ATTACHMENT_ALIASES)
        out: dict[str, Any] = {}
        for value in self._merged_ids(path_id, query):
            bug_id = self._check(value, authenticated)
            out[str(bug_id)] = [fields.apply(a) for a in self._attachments.get(bug_id, []) if not a.get("is_private")]
        return {"bugs": out, "attachments": {}}

    def _attachment_by_id(self, path_id: str, query: Mapping[str, list[str]],
                          authenticated: bool) -> dict[str, Any]:
        fields = _FieldFilter(query, _ATTACHMENT_ALIASES)
        out: dict[str, Any] = {}
        wanted = [path_id, *(v for v in query.get("attachment_ids", []) if v != path_id)]
        for value in wanted:
            found = next(((bug_id, a) for bug_id, atts in self._attachments.items() for a in atts
                          if str(a.get("id")) == value.strip()), None)
            if found is None:
                continue  # BMO's new_from_list silently drops unknown attachment ids
            bug_id, att = found
            self._check(str(bug_id), authenticated)
            if att.get("is_private"):
                raise BMOError(304, f"Sorry, you are not authorized to access attachment #{att['id']}.")
            out[str(att["id"])] = fields.apply(att)
        return {"bugs": {}, "attachments": out}

    def _search(self, query: Mapping[str, list[str]]) -> dict[str, Any]:
        limit = _int_param(query, "limit")
        offset = _int_param(query, "offset")
        if offset is not None and limit is None:
            raise BMOError(50, "The function Bug.search requires a limit argument, and that argument was not set.")
        rows = [bug for bug_id, bug in self._bugs.items() if bug_id not in self._private and _matches(bug, query)]
        if (query.get("count_only") or ["0"])[0] in {"1", "true"}:
            return {"bug_count": len(rows)}
        rows = _ordered(rows, _split(query.get("order", [])))
        if not limit or limit > MAX_SEARCH_RESULTS:
            if limit == 0:
                offset = None  # BMO drops the offset along with limit=0
            limit = MAX_SEARCH_RESULTS
        start = max(offset or 0, 0)
        fields = _FieldFilter(query, _BUG_ALIASES)
        return {"bugs": [self._with_extras(int(bug["id"]), fields.apply(bug), query)
                         for bug in rows[start:start + limit]]}

    def _with_extras(self, bug_id: int, row: dict[str, Any], query: Mapping[str, list[str]]) -> dict[str, Any]:
        extras = _ExtraFields(query)
        if extras.wants("comments"):
            fields = extras.sub_filter("comments", _COMMENT_ALIASES)
            row["comments"] = [fields.apply(c) for c in self._comments.get(bug_id, []) if not c.get("is_private")]
        if extras.wants("attachments"):
            fields = extras.sub_filter("attachments", _ATTACHMENT_ALIASES)
            row["attachments"] = [fields.apply(a) for a in self._attachments.get(bug_id, [])
                                  if not a.get("is_private")]
        return row


def _words(value: str) -> list[str]:
    return [w.lower() for w in re.split(r"[\s,]+", value) if w]


def _text_match(text: str, value: str, kind: str) -> bool:
    text = (text or "").lower()
    if kind == "substring":
        return value.lower() in text
    if kind == "anywordssubstr":
        return any(w in text for w in _words(value))
    return all(w in text for w in _words(value))  # allwordssubstr, BMO's default for whiteboard and summary


def _matches(bug: Mapping[str, Any], query: Mapping[str, list[str]]) -> bool:
    ids = _split(query.get("id", []))
    if ids and str(bug.get("id")) not in ids:
        return False
    for name in ("product", "component"):
        values = query.get(name)
        if values and bug.get(name) not in values:
            return False
    statuses = [*query.get("status", []), *query.get("bug_status", [])]
    if statuses and not any(_status_match(bug, s) for s in statuses):
        return False
    resolutions = query.get("resolution")
    if resolutions and (bug.get("resolution") or "---") not in ["---" if r == "" else r for r in resolutions]:
        return False
    for name, field_name, type_param in (("whiteboard", "whiteboard", "status_whiteboard_type"),
                                         ("status_whiteboard", "whiteboard", "status_whiteboard_type"),
                                         ("summary", "summary", "short_desc_type"),
                                         ("short_desc", "summary", "short_desc_type")):
        kind = (query.get(type_param) or ["allwordssubstr"])[0]
        values = query.get(name)
        if values and not any(_text_match(bug.get(field_name, ""), v, kind) for v in values):
            return False
    for name in ("creator", "assigned_to"):
        values = [*query.get(name, []), *(query.get("reporter", []) if name == "creator" else [])]
        if values and not any(_text_match(bug.get(name, ""), v, "anywordssubstr") for v in values):
            return False
    for name in ("creation_time", "last_change_time"):
        values = query.get(name)
        if values and _parse_time(bug[name]) < _parse_time(values[0]):
            return False
    return all(_chart_match(bug, query, number) for number in _chart_numbers(query))


# Chart fields the fake can compare, with the bug field they read and how a value is parsed.
_CHART_FIELDS: dict[str, tuple[str, Any]] = {
    "bug_id": ("id", int),
    "creation_ts": ("creation_time", _parse_time),
    "delta_ts": ("last_change_time", _parse_time),
}
_CHART_OPERATORS = {
    "equals": lambda a, b: a == b, "notequals": lambda a, b: a != b,
    "greaterthan": lambda a, b: a > b, "greaterthaneq": lambda a, b: a >= b,
    "lessthan": lambda a, b: a < b, "lessthaneq": lambda a, b: a <= b,
}


def _chart_numbers(query: Mapping[str, list[str]]) -> list[str]:
    return sorted({m.group(1) for name in query if (m := re.fullmatch(r"f(\d+)", name))}, key=int)


def _chart_match(bug: Mapping[str, Any], query: Mapping[str, list[str]], number: str) -> bool:
    field_name = (query.get(f"f{number}") or [""])[0]
    operator = (query.get(f"o{number}") or [""])[0]
    value = (query.get(f"v{number}") or [""])[0]
    if field_name not in _CHART_FIELDS or operator not in _CHART_OPERATORS:
        raise BMOError(32000, f"FakeBMO does not model the chart {field_name!r} {operator!r}.")
    key, parse = _CHART_FIELDS[field_name]
    try:
        wanted = parse(value)
    except ValueError:
        raise BMOError(52, f"The value '{value}' in the {field_name} field is not a number.") from None
    return _CHART_OPERATORS[operator](parse(str(bug[key])), wanted)


def _status_match(bug: Mapping[str, Any], status: str) -> bool:
    is_open = bool(bug.get("is_open", bug.get("status") in OPEN_STATUSES))
    if status == "__open__":
        return is_open
    if status == "__closed__":
        return not is_open
    if status == "__all__":
        return True
    return bug.get("status") == status


def _ordered(rows: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """Rows sorted by the known ``order`` columns; unknown columns are dropped, as BMO does (no ORDER BY)."""
    keys: list[tuple[str, bool]] = []
    for item in order:
        match = re.fullmatch(r"(.+?)(?:\s+(asc|desc))?", item.strip(), re.IGNORECASE)
        column = _ORDER_COLUMNS.get(match.group(1).lower()) if match else None
        if column:
            keys.append((column, (match.group(2) or "asc").lower() == "desc"))
    for column, descending in reversed(keys):
        empty: Any = 0 if column == "id" else ""
        rows = sorted(rows, key=lambda bug, c=column, e=empty: bug.get(c) or e, reverse=descending)
    return rows
