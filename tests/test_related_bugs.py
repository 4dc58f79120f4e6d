"""The bugs a bug links to (depends on, blocks, see also), for the Related Incidents table of ``irlint new``."""

from __future__ import annotations

import pytest
from bmo_data import bug

import linter.bugzilla.client as client_module
from linter.bugzilla.cache import Cache
from linter.bugzilla.client import Client
from linter.bugzilla.fetch import load_bugs, related_bugs

BUG = 1900778


@pytest.fixture
def linked(fake_bmo, monkeypatch):
    """Bug 1900778 depends on one bug, blocks another and names a third and a GitHub issue in see also."""
    monkeypatch.setattr(client_module, "PACE", 0.0)
    fake_bmo.add_bug(bug(1900777, summary="Earlier Trust: CRL served late", creation_time="2025-05-01T08:00:00Z"))
    fake_bmo.add_bug(bug(1900779, summary="Later Trust: OCSP outage", creation_time="2026-03-01T08:00:00Z"))
    fake_bmo.add_bug(bug(1900780, summary="Other Trust: late revocation", creation_time="2024-11-30T23:59:00Z"))
    fake_bmo.add_bug(bug(BUG, summary="Harrowgate Certification: OV names not in the registry",
                         depends_on=[1900777], blocks=[1900779],
                         see_also=[f"{fake_bmo.url}/show_bug.cgi?id=1900780", "https://github.com/example/ca/issues/3"]))
    return fake_bmo


def test_one_search_answers_for_every_linked_bug(linked) -> None:
    client = Client(linked.url)
    with Cache.memory(linked.url) as cache:
        load_bugs(client, cache, [BUG])
        before = len(linked.requests)
        related = related_bugs(client, cache, BUG)
        asked = linked.requests[before:]
    assert sorted(related) == [(1900777, "2025-05-01", "Earlier Trust: CRL served late"),
                               (1900779, "2026-03-01", "Later Trust: OCSP outage"),
                               (1900780, "2024-11-30", "Other Trust: late revocation")]
    assert [request.path for request in asked] == ["/rest/bug"]
    assert sorted(asked[0].query["id"][0].split(",")) == ["1900777", "1900779", "1900780"]


def test_offline_there_are_none_and_nothing_is_asked(linked) -> None:
    with Cache.memory(linked.url) as cache:
        load_bugs(Client(linked.url), cache, [BUG])
        before = len(linked.requests)
        assert related_bugs(None, cache, BUG) == []
    assert len(linked.requests) == before


def test_a_bug_that_links_nowhere_asks_nothing(fake_bmo, monkeypatch) -> None:
    monkeypatch.setattr(client_module, "PACE", 0.0)
    fake_bmo.add_bug(bug(BUG, summary="Harrowgate Certification: OV names not in the registry"))
    client = Client(fake_bmo.url)
    with Cache.memory(fake_bmo.url) as cache:
        load_bugs(client, cache, [BUG])
        before = len(fake_bmo.requests)
        assert related_bugs(client, cache, BUG) == []
    assert len(fake_bmo.requests) == before
