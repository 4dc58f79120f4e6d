"""Related and repeat incidents: the index a sync keeps, the two groups, the window, the formats, the fallback."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from bmo_data import bug, comment

import linter.bugzilla.cache as cache_module
import linter.bugzilla.client as client_module
from linter.bugzilla.cache import Cache
from linter.bugzilla.client import Client
from linter.bugzilla.sync import sync
from linter.cli import run
from linter.formatters.related import format_markdown
from linter.lint import Options, lint_text
from linter.related import related_to_bug, related_to_text, same_ca, strong_matches, strong_matches_of

REPO = Path(__file__).resolve().parent.parent

#: (id, CA, created, title, tags, what comment 0 says)
INCIDENTS = [
    (1900101, "Harrowgate Trust", "2026-01-05", "OCSP responder served stale responses",
     "[ocsp-failure]", "Our OCSP responder cluster served stale responses after a cache node kept old data."),
    (1900102, "Harrowgate Trust", "2021-03-01", "OCSP responder stale responses after failover",
     "[ocsp-failure]", "After a failover the OCSP responder served stale responses from an old cache node."),
    (1900103, "Lindqvist CA", "2025-06-10", "Stale OCSP responses from a responder cache",
     "[ocsp-failure]", "A responder cache node returned stale OCSP responses for revoked certificates."),
    (1900104, "Lindqvist CA", "2022-02-01", "OCSP responses stale after responder cache fault",
     "[ocsp-failure]", "A responder cache fault gave stale OCSP responses."),
    (1900105, "Moreau PKI", "2025-09-01", "Certificates with an invalid stateOrProvinceName",
     "[ov-misissuance]", "Subscriber addresses were copied without checking the stateOrProvinceName field."),
]


def _add(fake) -> None:
    for bug_id, ca, created, title, tags, text in INCIDENTS:
        fake.add_bug(bug(bug_id, f"{ca}: {title}", whiteboard=f"[ca-compliance] {tags}",
                         creation_time=f"{created}T09:00:00Z"),
                     [comment(bug_id, 0, creation_time=f"{created}T09:00:00Z", raw_text=text)])


@pytest.fixture
def synced(fake_bmo, monkeypatch, tmp_path: Path):
    monkeypatch.setattr(client_module, "PACE", 0.0)
    _add(fake_bmo)
    folder = tmp_path / "cache"
    with Cache(folder, fake_bmo.url) as cache:
        sync(Client(fake_bmo.url), cache)
    return fake_bmo, folder


def test_a_sync_indexes_every_bug_by_what_went_wrong(synced) -> None:
    fake, folder = synced
    with Cache(folder, fake.url) as cache:
        rows = cache.indexed_bugs()
        assert sorted(rows) == [row[0] for row in sorted(INCIDENTS)]
        first = rows[1900101]
        assert first.ca == "Harrowgate Trust" and first.created == "2026-01-05"
        assert "ocsp-failure" in first.failure.split() and "stale" in first.summary.split()
        # The CA's own name is not a word of its incidents: it must not make them all look alike.
        assert "harrowgate" not in f"{first.failure} {first.summary} {first.body}".split()


def test_a_changed_bug_is_indexed_again_and_nothing_else(synced) -> None:
    fake, folder = synced
    with Cache(folder, fake.url) as cache:
        before = cache.indexed_bugs()
    fake.change_bug(1900105, summary="Moreau PKI: Certificates with a wrong localityName",
                    last_change_time=fake.now)
    with Cache(folder, fake.url) as cache:
        stats = sync(Client(fake.url), cache)
        after = cache.indexed_bugs()
    assert stats.fetched == 1
    assert "localityname" in after[1900105].failure.split()
    assert {k: v for k, v in after.items() if k != 1900105} == {k: v for k, v in before.items() if k != 1900105}


def test_the_same_cas_earlier_incident_is_a_repeat_whatever_its_age(synced) -> None:
    fake, folder = synced
    with Cache(folder, fake.url) as cache:
        found = related_to_bug(cache, 1900101)
    assert [item.bug_id for item in found.same_ca] == [1900102]
    assert found.same_ca[0].strong and "stale" in found.same_ca[0].matched and "ocsp" in found.same_ca[0].matched


def test_other_cas_only_within_the_window_before_the_report(synced) -> None:
    fake, folder = synced
    with Cache(folder, fake.url) as cache:
        two_years = related_to_bug(cache, 1900101)
        five_years = related_to_bug(cache, 1900101, years=5)
        earlier = related_to_bug(cache, 1900103)
    # 1900104 (2022) is outside two years of 2026-01-05, inside five; the unrelated 1900105 is ranked below.
    assert [item.bug_id for item in two_years.other_cas][:1] == [1900103]
    assert 1900104 not in {item.bug_id for item in two_years.other_cas}
    assert 1900104 in {item.bug_id for item in five_years.other_cas}
    # An incident filed after the subject is not one it could have considered.
    assert 1900101 not in {item.bug_id for item in earlier.other_cas + earlier.same_ca}


def test_the_strong_matches_of_many_bugs_read_the_term_counts_once(synced, monkeypatch) -> None:
    fake, folder = synced
    with Cache(folder, fake.url) as cache:
        one_by_one = {bug_id: strong_matches(cache, bug_id) for bug_id, *_ in INCIDENTS}
        reads = []
        term_counts = cache.term_counts
        monkeypatch.setattr(cache, "term_counts", lambda: reads.append(1) or term_counts())
        together = strong_matches_of(cache, [*one_by_one, 1])  # bug 1 is not in the cache: left out
    assert together == one_by_one and len(reads) == 1
    assert together[1900101][0][:1] == (1900102,) and together[1900101][0][2]  # the CA's own earlier incident


def test_a_draft_is_matched_by_its_words_and_its_ca(synced) -> None:
    fake, folder = synced
    draft = "## Full Incident Report\n\n### Summary\n\nOur OCSP responder served stale responses from a cache node.\n"
    with Cache(folder, fake.url) as cache:
        found = related_to_text(cache, draft, "draft.md", ca="Lindqvist CA", day=date(2026, 3, 1))
    assert [item.bug_id for item in found.same_ca][:1] == [1900103]
    assert 1900101 in {item.bug_id for item in found.other_cas}
    # Template words do not make the query: what went wrong does.
    assert "summary" not in found.query and "stale" in found.query


def test_the_markdown_rows_lint_clean_inside_a_full_report(synced) -> None:
    fake, folder = synced
    with Cache(folder, fake.url) as cache:
        table = format_markdown(related_to_bug(cache, 1900101), fake.url)
    report = (REPO / "examples" / "full-report.md").read_text(encoding="utf-8")
    start = report.index("### Related Incidents")
    end = report.index("### Root Cause Analysis")
    replaced = report[:start] + table + "\n" + report[end:]
    options = Options(today=date(2026, 3, 1))
    assert ([f.rule for f in lint_text(replaced, "full.md", options).findings]
            == [f.rule for f in lint_text(report, "full.md", options).findings])


def test_without_fts5_a_plain_scan_ranks_the_same_incidents(fake_bmo, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(client_module, "PACE", 0.0)
    # An SQLite built without FTS5 answers "no such module: fts5" to the CREATE VIRTUAL TABLE.
    monkeypatch.setattr(cache_module, "_FULL_TEXT_INDEX", "CREATE VIRTUAL TABLE related USING fts5_absent(a)")
    _add(fake_bmo)
    with Cache(tmp_path, fake_bmo.url) as cache:
        sync(Client(fake_bmo.url), cache)
        assert not cache.full_text
        found = related_to_bug(cache, 1900101)
    assert [item.bug_id for item in found.same_ca] == [1900102]
    assert [item.bug_id for item in found.other_cas][:1] == [1900103]


def test_a_cache_from_before_the_index_is_indexed_when_asked(tmp_path: Path) -> None:
    with Cache(tmp_path, "https://bugzilla.example") as cache:
        for bug_id, ca, created, title, _tags, text in INCIDENTS:
            cache.store(bug(bug_id, f"{ca}: {title}", creation_time=f"{created}T09:00:00Z"),
                        [comment(bug_id, 0, raw_text=text)], [])
        cache._conn.execute("DELETE FROM related")  # as an older irlint left it
        assert related_to_bug(cache, 1900101).same_ca[0].bug_id == 1900102


@pytest.mark.parametrize(("one", "other", "same"), [
    ("Example Trust", "Example Trust Inc.", True),
    ("Example Trust Services", "Example Trust", True),
    ("Example Trust", "Other Trust", False),
    ("", "Example", False),
])
def test_same_ca(one: str, other: str, same: bool) -> None:
    assert same_ca(one, other) is same


def test_the_cli_prints_both_groups_and_json(synced, capsys) -> None:
    fake, folder = synced
    common = ["--base-url", fake.url, "--cache-dir", str(folder), "--offline"]
    assert run(["related", "1900101", *common]) == 0
    out = capsys.readouterr().out
    assert "Other CAs, 2 years before 2026-01-05" in out and "bug 1900103" in out and "bug 1900102" in out
    assert run(["related", "1900101", "--format", "json", *common]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["same_ca"][0]["bug"] == 1900102 and data["other_cas"][0]["bug"] == 1900103


@pytest.mark.parametrize("argv", [["related"], ["related", "1900101", "--file", "x.md"], ["related", "1999999"]])
def test_the_cli_says_what_is_wrong_in_one_line(synced, capsys, argv) -> None:
    fake, folder = synced
    assert run([*argv, "--base-url", fake.url, "--cache-dir", str(folder), "--offline"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("irlint: related") or "not in the cache" in err
    assert len(err.strip().splitlines()) == 1


def test_new_from_a_bug_suggests_the_related_incidents_to_confirm(synced, capsys) -> None:
    fake, folder = synced
    assert run(["new", "--bug", "1900101", "--base-url", fake.url, "--cache-dir", str(folder), "--offline"]) == 0
    draft = capsys.readouterr().out
    table = draft[draft.index("### Related Incidents"):draft.index("### Root Cause Analysis")]
    rows = [line for line in table.splitlines() if line.startswith("| [")]
    assert rows[0].startswith("| [1900102]") and "suggested by irlint related" in rows[0] and "stale" in rows[0]
    assert any(row.startswith("| [1900103]") for row in rows)


def test_irlint_bug_says_when_a_full_report_lists_none_of_the_strong_matches(fake_bmo, monkeypatch, tmp_path,
                                                                              capsys) -> None:
    monkeypatch.setattr(client_module, "PACE", 0.0)
    _add(fake_bmo)
    report = ("## Full Incident Report\n\n### Summary\n\nOur OCSP responder served stale responses after a cache "
              "node kept old data.\n\n### Related Incidents\n\n| Bug | Date | Description |\n|---|---|---|\n"
              "| [1900105](https://bugzilla.example/show_bug.cgi?id=1900105) | 2025-09-01 | unrelated |\n")
    fake_bmo.add_bug(bug(1900106, "Harrowgate Trust: OCSP responder served stale responses again",
                         whiteboard="[ca-compliance] [ocsp-failure]", creation_time="2026-02-01T09:00:00Z"),
                     [comment(1900106, 0, creation_time="2026-02-01T09:00:00Z", raw_text=report)])
    common = ["--base-url", fake_bmo.url, "--cache-dir", str(tmp_path), "--date", "2026-02-02", "--format", "json"]
    run(["bug", "1900106", *common])  # no synced component yet: nothing to compare with
    assert "S011" not in capsys.readouterr().out
    run(["scan", "-qq", *common[:-2]])
    capsys.readouterr()
    run(["bug", "1900106", *common])
    found = [f for result in json.loads(capsys.readouterr().out)["results"] for f in result["findings"]
             if f["rule"] == "S011"]
    assert len(found) == 1 and 1900101 in found[0]["data"]["bugs"]


def test_review_asks_what_is_different_from_the_strong_matches(fake_bmo, monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setattr(client_module, "PACE", 0.0)
    _add(fake_bmo)
    report = "## Full Incident Report\n\n### Summary\n\nOur OCSP responder served stale responses from a cache node.\n"
    fake_bmo.add_bug(bug(1900106, "Harrowgate Trust: OCSP responder served stale responses again",
                         whiteboard="[ca-compliance] [ocsp-failure]", creation_time="2026-02-01T09:00:00Z"),
                     [comment(1900106, 0, creation_time="2026-02-01T09:00:00Z", raw_text=report)])
    common = ["--base-url", fake_bmo.url, "--cache-dir", str(tmp_path), "--date", "2026-02-02"]
    run(["scan", "-qq", *common])
    capsys.readouterr()
    assert run(["review", "1900106", *common]) == 0
    draft = capsys.readouterr().out
    assert "What is different this time" in draft and "show_bug.cgi?id=1900101" in draft
