"""The guard of tests/conftest.py: a test cannot reach beyond loopback, and a refused address is never sent to."""

from __future__ import annotations

import socket
from typing import NoReturn

import pytest
import requests

#: Addresses no test may reach: private (RFC 1918), documentation (TEST-NET-1, RFC 5737; 2001:db8::/32, RFC 3849).
OUTSIDE = [("10.255.255.1", 80), ("192.0.2.1", 443), ("2001:db8::1", 443)]


@pytest.fixture
def unreachable(network_guard, monkeypatch) -> list[str]:
    """Put a tripwire in place of the real calls: were the guard to let an address through, nothing is sent and
    the test fails. Returns the list of refusals, which the test empties once it has read them (the guard fails
    a test at teardown for any refusal left in it)."""
    def tripped(*args: object, **kwargs: object) -> NoReturn:
        pytest.fail(f"the guard let a call through to the network: {args!r}")
    for name in ("real_connect", "real_connect_ex", "real_sendto", "real_create_connection", "real_getaddrinfo"):
        monkeypatch.setattr(network_guard, name, tripped)
    return network_guard.refused


def _refusal(call) -> str:
    with pytest.raises(pytest.fail.Exception) as refused:
        call()
    return str(refused.value)


@pytest.mark.parametrize(("host", "port"), OUTSIDE)
def test_a_connection_beyond_loopback_fails_the_test_before_it_is_made(unreachable, host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        message = _refusal(lambda: sock.connect((host, port)))
        assert _refusal(lambda: sock.connect_ex((host, port)))
    assert f"connect to {host}:{port} refused" in message and "loopback" in message
    assert unreachable == [f"connect to {host}:{port}", f"connect_ex to {host}:{port}"]
    unreachable.clear()


def test_a_datagram_beyond_loopback_is_not_sent(unreachable) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        assert _refusal(lambda: sock.sendto(b"x", ("192.0.2.1", 53)))
        assert _refusal(lambda: sock.sendto(b"x", 0, ("192.0.2.1", 53)))
    assert unreachable == ["sendto to 192.0.2.1:53"] * 2
    unreachable.clear()


def test_a_name_is_not_even_looked_up(unreachable) -> None:
    assert "bugzilla.mozilla.org" in _refusal(lambda: socket.getaddrinfo("bugzilla.mozilla.org", 443))
    assert _refusal(lambda: socket.create_connection(("bugzilla.mozilla.org", 443)))
    assert unreachable == ["look-up of 'bugzilla.mozilla.org'", "create_connection to bugzilla.mozilla.org:443"]
    unreachable.clear()


def test_an_http_client_that_catches_connection_errors_cannot_hide_it(unreachable) -> None:
    # requests wraps an OSError from connect into its own ConnectionError; the refusal is not an OSError.
    assert _refusal(lambda: requests.get("http://192.0.2.1/rest/bug/1", timeout=1))
    assert unreachable
    unreachable.clear()


def test_loopback_still_works(fake_bmo) -> None:
    assert requests.get(f"{fake_bmo.url}/rest/time", timeout=5).status_code == 200
    for host in ("127.0.0.1", "localhost"):
        with socket.create_connection((host, int(fake_bmo.url.rsplit(":", 1)[1])), timeout=5):
            pass


@pytest.mark.network
def test_a_test_marked_network_is_not_guarded(network_guard) -> None:
    assert socket.socket.connect is network_guard.real_connect
    assert socket.getaddrinfo is network_guard.real_getaddrinfo
