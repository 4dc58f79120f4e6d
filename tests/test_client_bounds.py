"""The Bugzilla client against hostile servers on this machine: where the API key goes, and how much one answer
may cost (size, time, pages). Each test reproduces an attack with a small server on a loopback address."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import requests
from bmo_data import attachment, bug, comment
from loopback import Handler, LoopbackServer, send_json

import linter.bugzilla.client as client_module
import linter.bugzilla.sync as sync_module
from linter.bugzilla.cache import Cache
from linter.bugzilla.client import BugzillaError, Client, UnsafeSetup
from linter.bugzilla.fetch import MAX_TEXT_BYTES
from linter.bugzilla.sync import sync
from linter.cli import run

KEY = "MARKER-key-5d1e"
#: How long a hostile server keeps sending at the most: far longer than the client lets it.
SERVER_LIMIT = 20.0

@pytest.fixture
def serve() -> Iterator[Callable[[str, Handler], LoopbackServer]]:
    servers: list[LoopbackServer] = []

    def start(host: str, handle: Handler) -> LoopbackServer:
        servers.append(LoopbackServer(host, handle))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def redirect_to(target: Callable[[], str]) -> Handler:
    def handle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target() + handler.path)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return handle


# --- where the key goes -----------------------------------------------------------------------------------------


def test_a_redirect_to_another_host_is_refused_and_gets_no_key(serve) -> None:
    other = serve("127.0.0.2", lambda h: send_json(h, {"bugs": []}))
    origin = serve("127.0.0.1", redirect_to(lambda: other.url))
    with pytest.raises(BugzillaError, match="redirected to http://127.0.0.2"):
        Client(origin.url, api_key=KEY, pace=0, retries=0).search({"id": "1"})
    assert [h.get("X-BUGZILLA-API-KEY") for h in origin.seen] == [KEY]
    assert other.seen == []


def test_without_a_key_a_redirect_elsewhere_is_followed(serve) -> None:
    other = serve("127.0.0.2", lambda h: send_json(h, {"bugs": [{"id": 1}]}))
    origin = serve("127.0.0.1", redirect_to(lambda: other.url))
    assert Client(origin.url, pace=0, retries=0).search({"id": "1"}) == [{"id": 1}]
    assert len(origin.seen) == len(other.seen) == 1
    assert "X-BUGZILLA-API-KEY" not in other.seen[0]


def test_a_redirect_on_the_same_host_keeps_the_key(serve) -> None:
    def handle(handler: BaseHTTPRequestHandler) -> None:
        if handler.path.startswith("/moved"):
            send_json(handler, {"bugs": [{"id": 7}]})
        else:
            redirect_to(lambda: "/moved")(handler)
    server = serve("127.0.0.1", handle)
    assert Client(server.url, api_key=KEY, pace=0, retries=0).search({"id": "7"}) == [{"id": 7}]
    assert [h.get("X-BUGZILLA-API-KEY") for h in server.seen] == [KEY, KEY]


def test_https_redirected_down_to_http_is_refused(monkeypatch) -> None:
    """No TLS server is needed: the session answers the first request with the downgrade itself."""
    calls: list[dict[str, str]] = []

    def fake_get(self, url, *, headers, **kwargs) -> requests.Response:
        calls.append(dict(headers))
        response = requests.Response()
        response.status_code, response.url = 301, url
        response.headers["Location"] = "http://bugzilla.example/rest/bug"
        response._content, response._content_consumed = b"", True
        return response

    monkeypatch.setattr(requests.Session, "get", fake_get)
    with pytest.raises(BugzillaError, match="redirected to http://bugzilla.example"):
        Client("https://bugzilla.example", api_key=KEY, pace=0, retries=0).search({})
    assert calls == [{"X-BUGZILLA-API-KEY": KEY}]


def test_plain_http_to_another_machine_needs_allow_insecure() -> None:
    with pytest.raises(UnsafeSetup, match="plain http"):
        Client("http://bugzilla.example", api_key=KEY)
    Client("http://bugzilla.example", api_key=KEY, allow_insecure=True)
    Client("http://bugzilla.example")  # no key, nothing to leak
    Client("http://127.0.0.1:9", api_key=KEY)
    Client("http://localhost:9", api_key=KEY)


def test_the_cli_refuses_plain_http_with_a_key(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BUGZILLA_API_KEY", KEY)
    code = run(["bug", "1", "--base-url", "http://bugzilla.example", "--cache-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "--allow-insecure" in err and KEY not in err and len(err.strip().splitlines()) == 1


def test_a_key_no_header_can_carry_is_a_usage_error(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BUGZILLA_API_KEY", "clé-€")
    code = run(["bug", "1", "--base-url", "http://127.0.0.1:9", "--cache-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "BUGZILLA_API_KEY" in err and "clé" not in err


# --- how much one answer may cost -------------------------------------------------------------------------------


def test_an_answer_over_the_cap_is_refused(serve) -> None:
    server = serve("127.0.0.1", lambda h: send_json(h, {"bugs": [], "pad": "x" * 300_000}))
    with pytest.raises(BugzillaError, match="at most 0.1 MB"):
        Client(server.url, pace=0, retries=0, max_answer_bytes=100_000).search({})


def test_an_endless_chunked_answer_stops_at_the_cap(serve) -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"[" * 65536
        ends = time.monotonic() + SERVER_LIMIT
        while time.monotonic() < ends:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    server = serve("127.0.0.1", endless)
    with pytest.raises(BugzillaError, match="over 1 MB"):
        Client(server.url, pace=0, retries=0, max_answer_bytes=1024 * 1024).search({})


def test_a_trickling_server_meets_the_deadline(serve) -> None:
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        ends = time.monotonic() + SERVER_LIMIT
        while time.monotonic() < ends:
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.2)
    server = serve("127.0.0.1", trickle)
    with pytest.raises(BugzillaError, match="no complete answer within 1 s"):
        Client(server.url, pace=0, retries=0, deadline=1.0, timeout=(1.0, 5.0)).search({})


class _Pages:
    """A search that answers every page with the same rows, or with rows that always move on."""

    def __init__(self, advancing: bool) -> None:
        self.advancing, self.calls = advancing, 0

    def search(self, params: dict) -> list[dict]:
        self.calls += 1
        first = (self.calls - 1) * 2 if self.advancing else 0
        return [{"id": first + 1}, {"id": first + 2}]


@pytest.mark.parametrize("advancing, reason, calls", [
    (False, "did not move past bug 2", 2),  # the second page repeats the first: stop there
    (True, "more than 5 pages", 5),  # pages that always move on: stop at the cap
])
def test_a_search_stops_when_its_pages_do_not_end(monkeypatch, advancing: bool, reason: str, calls: int) -> None:
    monkeypatch.setattr(sync_module, "PAGE", 2)
    monkeypatch.setattr(sync_module, "MAX_PAGES", 5)
    pages = _Pages(advancing)
    with pytest.raises(BugzillaError, match=reason):
        sync_module._search_all(pages, {})
    assert pages.calls == calls


def test_an_attachment_larger_than_it_declares_is_measured(fake_bmo, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(client_module, "PACE", 0.0)
    big = "serial\n" + "0a" * MAX_TEXT_BYTES
    lying = {**attachment(1900001, 7001, "certs.csv", "text/csv", big), "size": 100}
    honest = attachment(1900001, 7002, "few.csv", "text/csv", "serial\n0a\n")
    fake_bmo.add_bug(bug(1900001), [comment(1900001, 0, "ca@example.com", "2026-01-05T09:00:00Z", "report")],
                     [lying, honest])
    with Cache(tmp_path, fake_bmo.url) as cache:
        sync(Client(fake_bmo.url), cache)
        assert cache.attachment_text(7001) is None
        assert cache.attachment_text(7002) == "serial\n0a\n"
