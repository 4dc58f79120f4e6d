"""A damaged cache never loses bugs for good: found at the next sync, moved aside, filled again by a full sync;
`irlint cache check` and `irlint cache clear` for users; a scan that ends with fewer bugs than the cache held
says so."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from bmo_data import add_synthetic_component

import linter.bugzilla.client as client_module
from linter.bugzilla.cache import Cache, cache_file_name
from linter.bugzilla.client import Client
from linter.bugzilla.sync import sync
from linter.cli import run

BUGS = 300


@pytest.fixture
def synced(fake_bmo, monkeypatch, tmp_path: Path):
    """A component of BUGS bugs synced into a cache folder; returns (fake, ids, folder, cache file)."""
    monkeypatch.setattr(client_module, "PACE", 0.0)
    ids = add_synthetic_component(fake_bmo, BUGS)
    folder = tmp_path / "cache"
    with Cache(folder, fake_bmo.url) as cache:
        sync(Client(fake_bmo.url), cache)
        assert len(cache.bugs_json()) == BUGS
    return fake_bmo, ids, folder, folder / cache_file_name(fake_bmo.url)


def _zero_the_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 3)
        file.write(b"\0" * (size // 3))


def _scatter_bytes(path: Path) -> None:
    size, chance = path.stat().st_size, random.Random(7)
    with path.open("r+b") as file:
        for _ in range(200):
            file.seek(chance.randrange(size))
            file.write(bytes(chance.randrange(256) for _ in range(16)))


def _later_sync(fake, folder: Path, warnings: list[str]):
    with Cache(folder, fake.url, warn=warnings.append) as cache:
        stats = sync(Client(fake.url), cache)
        return stats, len(cache.bugs_json())


@pytest.mark.parametrize("damage", [_zero_the_middle, _scatter_bytes], ids=["zeroed-middle", "random-bytes"])
def test_a_damaged_cache_is_rebuilt_and_filled_again_by_the_next_sync(synced, damage) -> None:
    fake, ids, folder, path = synced
    damage(path)
    fake.change_bug(ids[0], whiteboard="[changed]")
    warnings: list[str] = []
    stats, held = _later_sync(fake, folder, warnings)
    assert stats.full and held == BUGS
    assert len(warnings) == 1 and "corrupt" in warnings[0] and "full sync" in warnings[0]
    # The mark is set again: the sync after that one is incremental and loses nothing.
    stats, held = _later_sync(fake, folder, warnings)
    assert not stats.full and held == BUGS and len(warnings) == 1


def test_damage_found_in_the_middle_of_a_sync_makes_it_a_full_one(synced, monkeypatch) -> None:
    fake, ids, folder, path = synced
    monkeypatch.setattr(Cache, "verify", lambda self: None)  # the damage is found by a read, not beforehand
    _zero_the_middle(path)
    warnings: list[str] = []
    stats, held = _later_sync(fake, folder, warnings)
    assert stats.full and held == BUGS and len(warnings) == 1
    monkeypatch.undo()
    stats, held = _later_sync(fake, folder, warnings)
    assert not stats.full and held == BUGS


def test_cache_check_says_ok_or_moves_a_damaged_cache_aside(synced, capsys) -> None:
    fake, ids, folder, path = synced
    common = ["--base-url", fake.url, "--cache-dir", str(folder)]
    assert run(["cache", "check", *common]) == 0
    out, err = capsys.readouterr()
    assert f"ok; {BUGS} bugs" in out and not err
    _scatter_bytes(path)
    assert run(["cache", "check", *common]) == 1
    out, err = capsys.readouterr()
    assert "corrupt" in err or "damaged" in err
    assert "Traceback" not in err and list(folder.glob(path.name + ".corrupt-*"))
    assert run(["cache", "check", *common]) == 0
    assert "ok; 0 bugs" in capsys.readouterr().out


def test_cache_clear_deletes_the_cache_and_what_was_moved_aside(synced, capsys) -> None:
    fake, ids, folder, path = synced
    (folder / (path.name + ".corrupt-20260101T000000Z")).write_bytes(b"old")
    other = folder / "unrelated.txt"
    other.write_text("kept")
    assert run(["cache", "clear", "--base-url", fake.url, "--cache-dir", str(folder)]) == 0
    assert "removed" in capsys.readouterr().out
    assert not path.exists() and not list(folder.glob(path.name + "*")) and other.exists()
    assert run(["cache", "clear", "--base-url", fake.url, "--cache-dir", str(folder)]) == 0
    assert "no cache" in capsys.readouterr().out


def test_a_scan_that_ends_with_fewer_bugs_than_the_cache_held_warns(synced, capsys) -> None:
    fake, ids, folder, path = synced
    for bug_id in ids[:5]:
        fake.change_bug(bug_id, component="Other")
    common = ["--base-url", fake.url, "--cache-dir", str(folder), "--date", "2026-06-01", "--refresh"]
    run(["scan", "--exit-zero", "-q", *common])
    err = capsys.readouterr().err
    assert f"held {BUGS} bugs" in err and f"holds {BUGS - 5}" in err
