"""A small client for bugzilla.mozilla.org's REST API, made for BMO's limits.

BMO rate-limits anonymous Bug.get, comment and attachment calls. The call over the limit gets a JSON 400 with
code 32000, and then every path answers an HTML 429 for up to an hour, without Retry-After. So those calls are
paced (at most one per second), a rate-limit answer is never retried, and search (not rate-limited) does the
rest: bug fields and freshness. Connection errors and 5xx answers are retried with backoff; nothing else is.

The API key is sent only as the ``X-BUGZILLA-API-KEY`` header, and only to the configured scheme, host and port:
a redirect elsewhere (another host, or https down to http) is refused while a key is set, and a plain-http base
URL other than this machine's is refused with a key unless the user allows it. It never goes into a URL, a
message, a log record or the cache.

Every answer is bounded: a whole request (connect, headers, body, redirects) must finish within a deadline, and a
body is read in chunks up to a size cap, so a server that trickles or never ends cannot hold irlint or fill its
memory. Worst case of one call: ``(retries + 1) * deadline`` plus the backoff waits (0.5 + 1 + 2 s by default);
a deadline overrun is not retried, so in practice one call ends within about one deadline.
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from linter import __version__
from linter.bugzilla.answers import checked
from linter.bugzilla.base_url import DEFAULT_BASE_URL
from linter.bugzilla.errors import AccessDenied, BugzillaError, NotFound, RateLimited
from linter.terminal import escaped

#: (connect, read) seconds; BMO answers a bug with its comments in well under the read timeout.
DEFAULT_TIMEOUT = (5.0, 30.0)
#: Seconds between two rate-limited calls, and the first retry's wait (doubled at each retry).
PACE = 1.0
BACKOFF = 0.5
#: Seconds one request may take from connecting to the last byte of its answer, redirects included.
DEADLINE = 120.0
#: Bytes of one answer at the most (after content decoding): BMO's largest, 100 bugs' comments, is a few MB.
MAX_ANSWER_BYTES = 64 * 1024 * 1024
#: Redirects followed for one request; BMO itself sends none to API clients.
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: Bugs per comment or attachment request (the path id plus repeated ids=), as BMO's own clients batch.
BATCH = 100
#: Bug fields the process rules, report discovery and `new --bug` read (flags carry needinfo requests; see_also,
#: depends_on and blocks name related incidents).
BUG_FIELDS = ("id", "summary", "status", "resolution", "whiteboard", "product", "component", "creator",
              "assigned_to", "creation_time", "last_change_time", "flags", "comment_count", "is_open",
              "see_also", "depends_on", "blocks")
_COMMENT_FIELDS = "id,bug_id,count,creator,creation_time,raw_text,text,is_private,attachment_id"
_RATE_LIMIT_HINT = ("this address may be blocked by Bugzilla for up to an hour; an API key in BUGZILLA_API_KEY "
                    "lifts the limit")


class UnsafeSetup(ValueError):
    """A base URL or API key irlint will not use as given (exit 2): the message says why, never the key."""


class _Timeout(Exception):
    """The request did not finish within the deadline; the worker is told to stop reading."""


class Client:
    """GET requests to one Bugzilla instance."""

    def __init__(self, base_url: str = DEFAULT_BASE_URL, *, api_key: str | None = None,
                 timeout: tuple[float, float] | None = None, retries: int = 3, pace: float | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 allow_insecure: bool = False, deadline: float = DEADLINE,
                 max_answer_bytes: int = MAX_ANSWER_BYTES) -> None:

        self.base_url = base_url.rstrip("/")
        self._origin = _origin(self.base_url)
        if self._origin is None:
            raise UnsafeSetup(f"--base-url {escaped(base_url)}: not an http:// or https:// address")
        self._key_header = _key_header(api_key) if api_key else {}
        if self._key_header and self._origin[0] == "http" and not allow_insecure and not _is_loopback(self._origin[1]):
            raise UnsafeSetup(f"--base-url {escaped(self.base_url)}: refusing to send the API key over plain http "
                              "to another machine; use https, or --allow-insecure")
        self.timeout, self.retries = timeout or DEFAULT_TIMEOUT, retries
        self.deadline, self.max_answer_bytes = deadline, max_answer_bytes
        self.pace = PACE if pace is None else pace
        self._sleep, self._clock = sleep, clock
        self._last_limited: float | None = None
        self._session = _session()
        #: Requests sent, by kind ("search", "limited"), for the benchmarks and the tests.
        self.sent = {"search": 0, "limited": 0}

    # --- endpoints ----------------------------------------------------------------------------------------

    def time(self) -> dict[str, Any]:
        return self._get("/rest/time", {}, limited=False, shape="time")

    def search(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Bug.search (not rate-limited): the ``bugs`` rows; ids that are missing or private are left out."""
        return self._get("/rest/bug", params, limited=False, shape="bugs")["bugs"]

    def bug(self, bug_id: int) -> dict[str, Any]:
        """Bug.get: raises NotFound or AccessDenied for a bug search silently left out."""
        bugs = self._get(f"/rest/bug/{bug_id}", {"include_fields": ",".join(BUG_FIELDS)}, limited=True,
                         shape="bugs")["bugs"]
        if not bugs:
            raise NotFound(f"bug {bug_id}: Bugzilla returned no bug")
        return bugs[0]

    def comments(self, bug_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        """Every comment of each bug, oldest first, in batches of BATCH bugs."""
        found: dict[int, list[dict[str, Any]]] = {}
        for batch in _batches(list(bug_ids)):
            params = {"ids": [str(i) for i in batch[1:]], "include_fields": _COMMENT_FIELDS}
            data = self._get(f"/rest/bug/{batch[0]}/comment", params, limited=True, shape="comments")
            for key, value in data["bugs"].items():
                found[int(key)] = value["comments"]
        return found

    def attachments(self, bug_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        """Attachment metadata of each bug (without the data), in batches of BATCH bugs."""
        found: dict[int, list[dict[str, Any]]] = {}
        for batch in _batches(list(bug_ids)):
            params = {"ids": [str(i) for i in batch[1:]], "exclude_fields": "data"}
            data = self._get(f"/rest/bug/{batch[0]}/attachment", params, limited=True, shape="attachments")
            for key, value in data["bugs"].items():
                found[int(key)] = value
        return found

    # --- transport ----------------------------------------------------------------------------------------

    def _get(self, path: str, params: dict[str, Any], *, limited: bool, shape: str) -> dict[str, Any]:
        import requests

        url = self.base_url + path
        for attempt in range(self.retries + 1):
            if limited:
                self._wait_for_pace()
            self.sent["limited" if limited else "search"] += 1
            try:
                status, content_type, body = self._exchange(url, params)
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt < self.retries:
                    self._sleep(BACKOFF * 2 ** attempt)
                    continue
                raise BugzillaError(f"cannot reach {self.base_url}: {_reason(error)}") from None
            except requests.RequestException as error:
                raise BugzillaError(f"request to {self.base_url} failed: {_reason(error)}") from None
            if status >= 500 and attempt < self.retries:
                self._sleep(BACKOFF * 2 ** attempt)
                continue
            return checked(shape, self._answer(status, content_type, body, path), path)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _exchange(self, url: str, params: dict[str, Any]) -> tuple[int, str, bytes]:
        """One request within the deadline. It runs in a daemon thread because a read blocked on a socket
        cannot be interrupted otherwise; a thread still stuck there when the deadline passes is abandoned and
        stops at its next chunk (or its socket timeout)."""
        outcome: dict[str, Any] = {}
        stop = threading.Event()

        def work() -> None:
            try:
                outcome["answer"] = self._follow(url, params, stop)
            except BaseException as error:  # handed to the caller's thread, which raises it
                outcome["error"] = error

        worker = threading.Thread(target=work, name="irlint-bugzilla-request", daemon=True)
        worker.start()
        worker.join(self.deadline)
        if worker.is_alive():
            stop.set()
            # The abandoned thread may still read from its connection: later requests get a session of their own
            # (requests' sessions are not safe across threads).
            self._session = _session()
            raise BugzillaError(f"{self.base_url} sent no complete answer within {self.deadline:g} s")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["answer"]

    def _follow(self, url: str, params: dict[str, Any] | None, stop: threading.Event) -> tuple[int, str, bytes]:
        """GET ``url``, following redirects only where the API key may go, and read the body within the cap."""
        for _ in range(MAX_REDIRECTS + 1):
            headers = self._key_header if _origin(url) == self._origin else {}
            response = self._session.get(url, params=params, headers=headers, timeout=self.timeout,
                                         allow_redirects=False, stream=True)
            with response:
                location = response.headers.get("Location")
                if response.status_code not in _REDIRECTS or not location:
                    return response.status_code, response.headers.get("Content-Type", ""), self._body(response, stop)
            target = urljoin(response.url, location)
            if self._key_header and _origin(target) != self._origin:
                where = _origin(target)
                shown = f"{where[0]}://{where[1]}" if where else "an address that is not http(s)"
                raise BugzillaError(f"{self.base_url} redirected to {escaped(shown)}: the API key is sent only to "
                                    "the --base-url's own scheme and host, so the redirect was not followed")
            url, params = target, None  # the Location carries the query string
        raise BugzillaError(f"{self.base_url} redirected more than {MAX_REDIRECTS} times")

    def _body(self, response, stop: threading.Event) -> bytes:
        cap = self.max_answer_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise BugzillaError(f"{self.base_url} announced an answer of {_megabytes(int(declared))} MB; "
                                f"irlint reads at most {_megabytes(cap)} MB")
        chunks, size = [], 0
        for chunk in response.iter_content(_CHUNK):
            if stop.is_set():
                raise _Timeout
            size += len(chunk)
            if size > cap:
                raise BugzillaError(f"{self.base_url} sent an answer over {_megabytes(cap)} MB; irlint reads at "
                                    "most that much")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_for_pace(self) -> None:
        now = self._clock()
        if self._last_limited is not None and now - self._last_limited < self.pace:
            self._sleep(self.pace - (now - self._last_limited))
        self._last_limited = self._clock()

    def _answer(self, status: int, content_type: str, body: bytes, path: str) -> dict[str, Any]:
        if status == 429:
            raise RateLimited(f"Bugzilla answered 429 Too Many Requests: {_RATE_LIMIT_HINT}")
        try:
            data = json.loads(body)
        except ValueError:
            kind = escaped(content_type.split(";")[0].strip() or "unknown type")[:60]
            raise BugzillaError(f"Bugzilla answered {path} with HTTP {status} and {kind}, not JSON") from None
        if not isinstance(data, dict):
            raise BugzillaError(f"Bugzilla answered {path} with HTTP {status} and unexpected JSON")
        if data.get("error"):
            raise _error(data, path)
        if status >= 400:
            raise BugzillaError(f"Bugzilla answered {path} with HTTP {status}")
        return data

    def attachments_data(self, attachment_ids: Iterable[int]) -> dict[int, bytes]:
        """The decoded data of several attachments, BATCH per request (the path id plus repeated
        ``attachment_ids=``): one rate-limited call instead of one per attachment. Ids Bugzilla does not return
        (deleted, or moved where the caller cannot see) are left out."""
        import base64
        import binascii

        found: dict[int, bytes] = {}
        for batch in _batches(list(attachment_ids)):
            params = {"attachment_ids": [str(i) for i in batch[1:]], "include_fields": "id,data"}
            data = self._get(f"/rest/bug/attachment/{batch[0]}", params, limited=True, shape="attachment data")
            for key, attachment in data["attachments"].items():
                try:
                    found[int(key)] = base64.b64decode(attachment.get("data") or "", validate=False)
                except (binascii.Error, ValueError):
                    raise BugzillaError(f"attachment {key}: its data is not base64") from None
        return found


def _error(data: dict[str, Any], path: str) -> BugzillaError:
    code, message = data.get("code"), " ".join(str(data.get("message", "")).split())
    if code == 32000 and "rate limit" in message.lower():
        return RateLimited(f"Bugzilla's rate limit was exceeded: {_RATE_LIMIT_HINT}")
    if code == 101:
        return NotFound(message or f"{path}: does not exist")
    if code == 102:
        return AccessDenied(f"{message[:160] or 'access denied'} (a private bug needs an API key with access)")
    return BugzillaError(f"Bugzilla error {code} on {path}: {message[:200]}")


def _session():
    import requests

    session = requests.Session()
    # The key is never a session header: requests would send it along every redirect to any host.
    session.headers["User-Agent"] = f"irlint/{__version__} (CA incident report linter)"
    session.headers["Accept"] = "application/json"
    return session


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL: where the API key may go. None for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _key_header(api_key: str) -> dict[str, str]:
    # http.client sends header values as Latin-1 and refuses line breaks: say so now, without the key.
    if any(ord(c) > 0xFF or c in "\r\n\0" for c in api_key):
        raise UnsafeSetup("BUGZILLA_API_KEY holds characters an HTTP header cannot carry")
    return {"X-BUGZILLA-API-KEY": api_key.strip()}


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


def _reason(error: Exception) -> str:
    # requests' messages repeat the whole URL and pool details; the exception's type says enough.
    name = type(error).__name__
    return {"ConnectTimeout": "connection timed out", "ReadTimeout": "no answer before the timeout",
            "ConnectionError": "connection failed or was reset"}.get(name, name)


def _batches(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + BATCH] for i in range(0, len(ids), BATCH)]
