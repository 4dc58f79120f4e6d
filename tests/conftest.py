"""Shared fixtures, and the guard that keeps every test off the network."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Generator, Iterator
from typing import Any

import pytest
from fake_bmo import FakeBMO

#: The marker of a test that may reach the network (the live Bugzilla test, skipped unless IRLINT_LIVE=1).
NETWORK_MARKER = "network"
#: Whether the test itself failed: then the refusal was reported already, and teardown does not repeat it.
_CALL_FAILED = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{NETWORK_MARKER}: the test may open connections beyond loopback")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed


class NetworkGuard:
    """Refuses every connection, datagram and name look-up beyond loopback (127.0.0.0/8, ::1).

    A refusal raises pytest's failure, which ``except Exception`` in the code under test does not swallow (a
    client that retries connection errors would otherwise turn it into an ordinary error message), and it is
    kept in ``refused``, so that the test still fails at teardown if something caught it anyway or it happened
    on another thread. The real functions are looked up on the guard at each call and only after the address
    has passed, so a refused address never reaches the operating system.
    """

    def __init__(self) -> None:
        #: What was refused, one line each.
        self.refused: list[str] = []
        self.real_connect: Callable[..., Any] = socket.socket.connect
        self.real_connect_ex: Callable[..., Any] = socket.socket.connect_ex
        self.real_sendto: Callable[..., Any] = socket.socket.sendto
        self.real_create_connection: Callable[..., Any] = socket.create_connection
        self.real_getaddrinfo: Callable[..., Any] = socket.getaddrinfo

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        guard = self

        def connect(sock: socket.socket, address: Any) -> None:
            guard.check(sock.family, address, "connect")
            return guard.real_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            guard.check(sock.family, address, "connect_ex")
            return guard.real_connect_ex(sock, address)

        def sendto(sock: socket.socket, data: bytes, *rest: Any) -> int:
            guard.check(sock.family, rest[-1], "sendto")  # sendto(data, address) or sendto(data, flags, address)
            return guard.real_sendto(sock, data, *rest)

        def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
            guard.check_host(address[0], f"create_connection to {address[0]}:{address[1]}")
            return guard.real_create_connection(address, *args, **kwargs)

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list:
            if host is not None:  # None asks for the local wildcard or loopback address: no look-up
                guard.check_host(host, f"look-up of {host!r}")
            return guard.real_getaddrinfo(host, port, *args, **kwargs)

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
        monkeypatch.setattr(socket.socket, "sendto", sendto)
        monkeypatch.setattr(socket, "create_connection", create_connection)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    def check(self, family: int, address: Any, call: str) -> None:
        """Refuse ``address`` unless it is loopback; other families (Unix sockets) are not the network."""
        if family in (socket.AF_INET, socket.AF_INET6):
            self.check_host(address[0], f"{call} to {address[0]}:{address[1]}")

    def check_host(self, host: str | bytes, what: str) -> None:
        if not _is_loopback(host):
            self.refused.append(what)
            pytest.fail(f"network access in a test: {what} refused; tests may only reach loopback "
                        f"(127.0.0.0/8, ::1), such as the fake BMO", pytrace=False)


def _is_loopback(host: str | bytes) -> bool:
    """Whether ``host`` is a loopback address, or the name localhost, which resolves without asking anyone."""
    name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
    if name.lower() in ("localhost", "localhost."):
        return True
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])  # an IPv6 scope (fe80::1%eth0) is not part of it
    except ValueError:
        return False  # a name: resolving it would already ask a DNS server
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is IPv4 loopback
    return (mapped or address).is_loopback


@pytest.fixture(autouse=True, scope="session")
def own_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """irlint keeps the shipped rules' data in the user's cache folder: the tests, and the commands they start,
    keep theirs in a folder of the session instead of the real one."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture(autouse=True)
def network_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    """Fail the test if it opens a connection beyond loopback; ``@pytest.mark.network`` opts out."""
    guard = NetworkGuard()
    if request.node.get_closest_marker(NETWORK_MARKER) is None:
        guard.install(monkeypatch)
    yield guard
    if guard.refused and not request.node.stash.get(_CALL_FAILED, False):
        pytest.fail("network access in a test: " + "; ".join(guard.refused) + " (refused)", pytrace=False)


@pytest.fixture
def fake_bmo() -> Iterator[FakeBMO]:
    """A fake bugzilla.mozilla.org REST server on 127.0.0.1 (see tests/fake_bmo.py), closed after the test."""
    fake = FakeBMO()
    try:
        yield fake
    finally:
        fake.close()
