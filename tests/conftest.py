"""Shared fixtures."""

from collections.abc import Iterator

import pytest
from fake_bmo import FakeBMO


@pytest.fixture
def fake_bmo() -> Iterator[FakeBMO]:
    """A fake bugzilla.mozilla.org REST server on 127.0.0.1 (see tests/fake_bmo.py), closed after the test."""
    fake = FakeBMO()
    try:
        yield fake
    finally:
        fake.close()
