"""A small client for bugzilla.mozilla.org's REST API, made for BMO's limits.

BMO rate-limits anonymous Bug.get, comment and attachment calls. The call over the limit gets a JSON 400 with
code 32000, and then every path answers an HTML 429 for up to an hour, without Retry-After. So those calls are
paced (at most one per second), a rate-limit answer is never retried, and search (not rate-limited) does the
rest: bug fields and freshness. Connection errors and 5xx answers are retried with backoff; nothing else is.

The API key is sent only as the ``X-BUGZILLA-API-KEY`` header. It never goes into a URL, a message, a log
record or the cache.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any

from linter import __version__
from linter.bugzilla.base_url import DEFAULT_BASE_URL

#: (connect, read) seconds; BMO answers a bug with its comments in well under the read timeout.
DEFAULT_TIMEOUT = (5.0, 30.0)
#: Seconds between two rate-limited calls, and the first retry's wait (doubled at each retry).
PACE = 1.0
BACKOFF = 0.5
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


class BugzillaError(Exception):
    """A Bugzilla or network failure, as one line (exit 3)."""


class NotFound(BugzillaError):
    """BMO error 101: the bug does not exist."""


class AccessDenied(BugzillaError):
    """BMO error 102: the bug is not visible (private, or security-restricted)."""


class RateLimited(BugzillaError):
    """BMO's rate limit (JSON code 32000) or the block that follows it (HTML 429)."""


class Client:
    """GET requests to one Bugzilla instance."""

    def __init__(self, base_url: str = DEFAULT_BASE_URL, *, api_key: str | None = None,
                 timeout: tuple[float, float] | None = None, retries: int = 3, pace: float | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        import requests

        self.base_url = base_url.rstrip("/")
        self.timeout, self.retries = timeout or DEFAULT_TIMEOUT, retries
        self.pace = PACE if pace is None else pace
        self._sleep, self._clock = sleep, clock
        self._last_limited: float | None = None
        self._session = requests.Session()
        self._session.headers["User-Agent"] = f"irlint/{__version__} (CA incident report linter)"
        self._session.headers["Accept"] = "application/json"
        if api_key:
            self._session.headers["X-BUGZILLA-API-KEY"] = api_key
        #: Requests sent, by kind ("search", "limited"), for the benchmarks and the tests.
        self.sent = {"search": 0, "limited": 0}

    # --- endpoints ----------------------------------------------------------------------------------------

    def time(self) -> dict[str, Any]:
        return self._get("/rest/time", {}, limited=False)

    def search(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Bug.search (not rate-limited): the ``bugs`` rows; ids that are missing or private are left out."""
        return list(self._get("/rest/bug", params, limited=False).get("bugs", []))

    def bug(self, bug_id: int) -> dict[str, Any]:
        """Bug.get: raises NotFound or AccessDenied for a bug search silently left out."""
        bugs = self._get(f"/rest/bug/{bug_id}", {"include_fields": ",".join(BUG_FIELDS)}, limited=True)["bugs"]
        if not bugs:
            raise NotFound(f"bug {bug_id}: Bugzilla returned no bug")
        return bugs[0]

    def comments(self, bug_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        """Every comment of each bug, oldest first, in batches of BATCH bugs."""
        found: dict[int, list[dict[str, Any]]] = {}
        for batch in _batches(list(bug_ids)):
            params = {"ids": [str(i) for i in batch[1:]], "include_fields": _COMMENT_FIELDS}
            data = self._get(f"/rest/bug/{batch[0]}/comment", params, limited=True)
            for key, value in (data.get("bugs") or {}).items():
                found[int(key)] = list(value.get("comments", []))
        return found

    def attachments(self, bug_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        """Attachment metadata of each bug (without the data), in batches of BATCH bugs."""
        found: dict[int, list[dict[str, Any]]] = {}
        for batch in _batches(list(bug_ids)):
            params = {"ids": [str(i) for i in batch[1:]], "exclude_fields": "data"}
            data = self._get(f"/rest/bug/{batch[0]}/attachment", params, limited=True)
            for key, value in (data.get("bugs") or {}).items():
                found[int(key)] = list(value)
        return found

    def attachment_data(self, attachment_id: int) -> bytes:
        import base64
        import binascii

        data = self._get(f"/rest/bug/attachment/{attachment_id}", {}, limited=True)
        attachment = (data.get("attachments") or {}).get(str(attachment_id)) or {}
        try:
            return base64.b64decode(attachment.get("data") or "", validate=False)
        except (binascii.Error, ValueError):
            raise BugzillaError(f"attachment {attachment_id}: its data is not base64") from None

    # --- transport ----------------------------------------------------------------------------------------

    def _get(self, path: str, params: dict[str, Any], *, limited: bool) -> dict[str, Any]:
        import requests

        url = self.base_url + path
        for attempt in range(self.retries + 1):
            if limited:
                self._wait_for_pace()
            self.sent["limited" if limited else "search"] += 1
            try:
                response = self._session.get(url, params=params, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt < self.retries:
                    self._sleep(BACKOFF * 2 ** attempt)
                    continue
                raise BugzillaError(f"cannot reach {self.base_url}: {_reason(error)}") from None
            except requests.RequestException as error:
                raise BugzillaError(f"request to {self.base_url} failed: {_reason(error)}") from None
            if response.status_code >= 500 and attempt < self.retries:
                self._sleep(BACKOFF * 2 ** attempt)
                continue
            return self._answer(response, path)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _wait_for_pace(self) -> None:
        now = self._clock()
        if self._last_limited is not None and now - self._last_limited < self.pace:
            self._sleep(self.pace - (now - self._last_limited))
        self._last_limited = self._clock()

    def _answer(self, response, path: str) -> dict[str, Any]:
        status = response.status_code
        if status == 429:
            raise RateLimited(f"Bugzilla answered 429 Too Many Requests: {_RATE_LIMIT_HINT}")
        try:
            data = json.loads(response.text)
        except ValueError:
            kind = response.headers.get("Content-Type", "unknown type").split(";")[0]
            raise BugzillaError(f"Bugzilla answered {path} with HTTP {status} and {kind}, not JSON") from None
        if not isinstance(data, dict):
            raise BugzillaError(f"Bugzilla answered {path} with HTTP {status} and unexpected JSON")
        if data.get("error"):
            raise _error(data, path)
        if status >= 400:
            raise BugzillaError(f"Bugzilla answered {path} with HTTP {status}")
        return data

    # --- added for the component sync ---------------------------------------------------------------------

    def attachments_data(self, attachment_ids: Iterable[int]) -> dict[int, bytes]:
        """The decoded data of several attachments, BATCH per request (the path id plus repeated
        ``attachment_ids=``): one rate-limited call instead of one per attachment. Ids Bugzilla does not return
        (deleted, or moved where the caller cannot see) are left out."""
        import base64
        import binascii

        found: dict[int, bytes] = {}
        for batch in _batches(list(attachment_ids)):
            params = {"attachment_ids": [str(i) for i in batch[1:]], "include_fields": "id,data"}
            data = self._get(f"/rest/bug/attachment/{batch[0]}", params, limited=True)
            for key, attachment in (data.get("attachments") or {}).items():
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


def _reason(error: Exception) -> str:
    # requests' messages repeat the whole URL and pool details; the exception's type says enough.
    name = type(error).__name__
    return {"ConnectTimeout": "connection timed out", "ReadTimeout": "no answer before the timeout",
            "ConnectionError": "connection failed or was reset"}.get(name, name)


def _batches(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + BATCH] for i in range(0, len(ids), BATCH)]
