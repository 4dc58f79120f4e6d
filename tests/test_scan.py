"""Syncing the whole component against the fake BMO (request counts, interruption and resumption), and scanning it
with the findings cache (nothing linted twice, what changed linted again, the same results as ``irlint bug``)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from bmo_data import REVIEWER, SYNTHETIC_REPORT, add_synthetic_component, attachment, bug, comment

import linter.bugs.linting as linting_module
import linter.bugs.scan as scan_module
import linter.bugzilla.client as client_module
import linter.checks.phrases as phrases_module
import linter.parsed as parsed_module
from linter.bugs.linting import lint_one_bug
from linter.bugs.scan import ScanFilters, ca_name, scan
from linter.bugzilla.cache import Cache
from linter.bugzilla.client import Client, RateLimited
from linter.bugzilla.sync import sync
from linter.findings import Severity
from linter.lint import Options
from linter.registry import all_rules
from linter.resources import resource_dir

NOW = datetime(2026, 6, 1, tzinfo=UTC)
REPORTS = Path(__file__).parent / "reports"


@pytest.fixture(autouse=True)
def fast_client(monkeypatch):
    """No pacing or backoff waits, a short timeout, and no key from the environment."""
    monkeypatch.setattr(client_module, "PACE", 0.0)
    monkeypatch.setattr(client_module, "BACKOFF", 0.0)
    monkeypatch.setattr(client_module, "DEFAULT_TIMEOUT", (2.0, 5.0))
    monkeypatch.delenv("BUGZILLA_API_KEY", raising=False)


@pytest.fixture
def component(fake_bmo):
    """The fake BMO serving a component of 1,700 synthetic bugs (68 with a CSV, 131 with a PDF)."""
    fake_bmo.now = NOW
    return fake_bmo, add_synthetic_component(fake_bmo)


@pytest.fixture
def small(fake_bmo, tmp_path: Path):
    """40 bugs, every other one with a Preliminary report, synced into a cache."""
    fake_bmo.now = NOW
    ids = add_synthetic_component(fake_bmo, 40, report_every=2, text_attachment_every=5)
    cache = Cache(tmp_path / "cache", fake_bmo.url)
    sync(Client(fake_bmo.url), cache)
    yield fake_bmo, ids, cache
    cache.close()


@pytest.fixture
def linted(monkeypatch) -> list[str]:
    """The sources linted as reports: lint_one_bug lints each parsed report source through linting.lint_source (and
    the CA's comments before its first report, for their statements, which are not counted here)."""
    calls: list[str] = []
    original = linting_module.lint_source

    def counting(parsed, *args, **kwargs):
        if parsed.reports:
            calls.append(parsed.ref.name)
        return original(parsed, *args, **kwargs)

    monkeypatch.setattr(linting_module, "lint_source", counting)
    return calls


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The comments and attachments parsed (every source of a bug is parsed through linter.parsed)."""
    calls: list[str] = []
    original = parsed_module.parse_document

    def counting(text, name="<text>", **kwargs):
        calls.append(name)
        return original(text, name, **kwargs)

    monkeypatch.setattr(parsed_module, "parse_document", counting)
    return calls


def _kinds(requests) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for r in requests:
        if r.path == "/rest/time":
            kind = "time"
        elif r.path == "/rest/bug":
            kind = "search"
        elif r.path.startswith("/rest/bug/attachment/"):
            kind = "attachment texts"
        elif r.path.endswith("/comment"):
            kind = "comments"
        else:
            kind = r.path
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def _comment_batches(requests) -> list[frozenset[int]]:
    """The bugs each comment request asked for: the path id merged with the repeated ids= values."""
    return [frozenset({int(r.path.split("/")[3]), *map(int, r.query.get("ids", []))})
            for r in requests if r.path.endswith("/comment")]


def _comment_counts(cache: Cache, ids: list[int]) -> list[int]:
    return [len(cache.bug(bug_id).comments) for bug_id in ids]


def _expected_comment_counts(ids: list[int]) -> list[int]:
    return [i % 4 + 1 for i in range(len(ids))]  # add_synthetic_component: comment 0 and up to three more


# --- sync ------------------------------------------------------------------------------------------------------


def test_a_full_sync_takes_21_requests_and_an_unchanged_one_2(component, tmp_path: Path) -> None:
    fake, ids = component
    progress: list[tuple[int, int]] = []
    with Cache(tmp_path, fake.url) as cache:
        stats = sync(Client(fake.url), cache, progress=lambda done, total: progress.append((done, total)))
        assert _kinds(fake.requests) == {"time": 1, "search": 2, "comments": 17, "attachment texts": 1}
        assert stats.total_requests == 21 and stats.requests == {"search": 3, "limited": 18}
        assert (stats.full, stats.found, stats.fetched, stats.texts) == (True, 1700, 1700, 68)
        assert progress == [(0, 1700), *((min(n, 1700), 1700) for n in range(100, 1800, 100))]

        searches = [r for r in fake.requests if r.path == "/rest/bug"]
        assert [(s.param("limit"), s.param("order"), s.param("f1"), s.param("o1"), s.param("v1"))
                for s in searches] == [("1000", "bug_id", "bug_id", "greaterthan", "0"),
                                       ("1000", "bug_id", "bug_id", "greaterthan", str(ids[999]))]
        assert all(s.param("offset") is None and "attachments" in s.param("include_fields")
                   and s.param("exclude_fields") == "attachments.data" for s in searches)
        assert sorted(b for batch in _comment_batches(fake.requests) for b in batch) == ids

        assert _comment_counts(cache, ids) == _expected_comment_counts(ids)
        first = cache.bug(ids[0])
        assert [(a.file_name, a.text) for a in first.attachments] == [
            ("affected-certificates.csv", "serial\n00000000\n"), ("audit-letter.pdf", None)]
        assert "attachments" not in cache.bug_json(ids[0])  # the search row's attachments live in their table

        before = len(fake.requests)
        again = sync(Client(fake.url), cache)
        assert len(fake.requests) - before == again.total_requests == 2
        time_request, search = fake.requests[before:]
        assert (time_request.path, search.path) == ("/rest/time", "/rest/bug")
        assert search.param("last_change_time") == "2026-05-31T23:55:00Z"  # the mark less 5 minutes
        assert (again.full, again.found, again.fetched) == (False, 0, 0)


def test_only_the_bugs_changed_since_the_mark_are_fetched(fake_bmo, tmp_path: Path) -> None:
    fake_bmo.now = NOW
    ids = add_synthetic_component(fake_bmo, 300)
    with Cache(tmp_path, fake_bmo.url) as cache:
        sync(Client(fake_bmo.url), cache)
        fake_bmo.now = NOW + timedelta(hours=2)
        fake_bmo.add_comment(ids[7], comment(ids[7], 4, REVIEWER, NOW + timedelta(hours=1), "Any news?"))
        fake_bmo.change_bug(ids[7], last_change_time=NOW + timedelta(hours=1))
        before = len(fake_bmo.requests)
        stats = sync(Client(fake_bmo.url), cache)
        assert _kinds(fake_bmo.requests[before:]) == {"time": 1, "search": 1, "comments": 1}
        assert _comment_batches(fake_bmo.requests[before:]) == [{ids[7]}]
        assert (stats.found, stats.fetched) == (1, 1)
        assert cache.bug(ids[7]).comments[-1].text == "Any news?"

        # An edited comment does not move last_change_time: only --refresh sees it, and it fetches every bug.
        fake_bmo.edit_comment(ids[8], 0, "Edited description.")
        sync(Client(fake_bmo.url), cache)
        assert cache.bug(ids[8]).comments[0].text != "Edited description."
        before = len(fake_bmo.requests)
        stats = sync(Client(fake_bmo.url), cache, refresh=True)
        assert cache.bug(ids[8]).comments[0].text == "Edited description."
        assert stats.full and stats.fetched == 300
        # The texts are kept: the attachments did not change.
        assert _kinds(fake_bmo.requests[before:]) == {"time": 1, "search": 1, "comments": 3}


def test_an_interrupted_sync_resumes_where_it_stopped(component, tmp_path: Path) -> None:
    fake, ids = component
    fake.fail("rate_limit", path=f"/rest/bug/{ids[400]}/comment")  # the fifth batch of comments
    with Cache(tmp_path, fake.url) as cache:
        with pytest.raises(RateLimited):
            sync(Client(fake.url), cache)
        first_run = list(fake.requests)
        assert _kinds(first_run) == {"time": 1, "search": 2, "comments": 5}
        assert cache.pending_ids("CA Program::CA Certificate Compliance") == ids[400:]
        assert _comment_counts(cache, ids[:400]) == _expected_comment_counts(ids)[:400]
        assert cache.bug(ids[400]) is None

        fake.unblock()  # the hour has passed
        stats = sync(Client(fake.url), cache)
        second_run = fake.requests[len(first_run):]

    finished, refused = _comment_batches(first_run)[:-1], _comment_batches(first_run)[-1]
    resumed = _comment_batches(second_run)
    assert all(done.isdisjoint(batch) for done in finished for batch in resumed)  # no finished batch again
    assert resumed[0] == refused
    assert sorted(b for batch in [*finished, *resumed] for b in batch) == ids
    # The pending bugs first, then one search for changes since the interrupted sync began: no full search again.
    assert _kinds(second_run) == {"time": 1, "comments": 13, "attachment texts": 1, "search": 1}
    search = next(r for r in second_run if r.path == "/rest/bug")
    assert search.param("last_change_time") == "2026-05-31T23:55:00Z"
    assert (stats.resumed, stats.fetched, stats.full, stats.texts) == (1300, 1300, False, 68)
    with Cache(tmp_path, fake.url) as cache:
        assert _comment_counts(cache, ids) == _expected_comment_counts(ids)
        assert sum(a.text is not None for bug_id in ids for a in cache.bug(bug_id).attachments) == 68
        before = len(fake.requests)
        assert sync(Client(fake.url), cache).total_requests == 2
        assert _kinds(fake.requests[before:]) == {"time": 1, "search": 1}


def test_ctrl_c_between_batches_loses_nothing(fake_bmo, tmp_path: Path) -> None:
    fake_bmo.now = NOW
    ids = add_synthetic_component(fake_bmo, 450)

    def interrupt_after_two_batches(done: int, total: int) -> None:
        if done == 200:
            raise KeyboardInterrupt

    with Cache(tmp_path, fake_bmo.url) as cache:
        with pytest.raises(KeyboardInterrupt):
            sync(Client(fake_bmo.url), cache, progress=interrupt_after_two_batches)
        before = len(fake_bmo.requests)
        sync(Client(fake_bmo.url), cache)
        assert _comment_counts(cache, ids) == _expected_comment_counts(ids)
    first, second = _comment_batches(fake_bmo.requests[:before]), _comment_batches(fake_bmo.requests[before:])
    assert len(first) == 2 and len(second) == 3
    assert all(a.isdisjoint(b) for a in first for b in second)


def test_bugs_that_left_the_component_or_became_private_are_dropped(fake_bmo, tmp_path: Path) -> None:
    fake_bmo.now = NOW
    ids = add_synthetic_component(fake_bmo, 250, text_attachment_every=1)
    fake_bmo.fail("rate_limit", path=f"/rest/bug/{ids[100]}/comment")
    with Cache(tmp_path, fake_bmo.url) as cache:
        with pytest.raises(RateLimited):
            sync(Client(fake_bmo.url), cache)
        fake_bmo.unblock()
        fake_bmo.set_private(ids[150])  # pending: its batch fails as a whole, and a search says which bug vanished
        stats = sync(Client(fake_bmo.url), cache)
        assert stats.removed == 1 and cache.bug(ids[150]) is None and cache.bug(ids[151]) is not None
        assert cache.pending_ids("CA Program::CA Certificate Compliance") == []

        fake_bmo.change_bug(ids[3], component="CA Certificate Root Program", last_change_time=NOW)
        stats = sync(Client(fake_bmo.url), cache, refresh=True)
        assert stats.removed == 1 and cache.bug(ids[3]) is None
        assert len(scan(cache, Options(), NOW).rows) == 248


# --- scan ------------------------------------------------------------------------------------------------------


def _plain(result) -> tuple:
    """A result as the formatters see it; JSON makes tuples and lists alike, as in the JSON output."""
    return (result.source.name, result.error, result.lines, [r.summary() for r in result.reports],
            json.dumps([f.as_dict() for f in result.findings], sort_keys=True))


def test_a_second_scan_lints_and_parses_nothing(small, linted: list[str], parsed: list[str]) -> None:
    _, ids, cache = small
    first = scan(cache, Options(), NOW)
    assert len(linted) == 20 and first.linted == 40 and first.reused == 0
    linted.clear()
    parsed.clear()
    second = scan(cache, Options(), NOW)
    assert linted == [] and parsed == []
    assert (second.linted, second.reused) == (0, 40)
    assert [row.as_dict() for row in second.rows] == [row.as_dict() for row in first.rows]
    assert [_plain(r) for r in second.results] == [_plain(r) for r in first.results]
    assert all(row.cached for row in second.rows) and not any(row.cached for row in first.rows)


def test_a_changed_comment_is_linted_again(small, linted: list[str]) -> None:
    fake, ids, cache = small
    scan(cache, Options(), NOW)
    changed = SYNTHETIC_REPORT.format(ca="Harrowgate Trust Services", n=99).replace(
        "- **Source of incident disclosure:** Self Reported\n", "")
    fake.edit_comment(ids[2], 0, changed)
    sync(Client(fake.url), cache, refresh=True)  # comment edits do not move last_change_time
    linted.clear()
    result = scan(cache, Options(), NOW)
    assert linted == [f"bug:{ids[2]}#c0"]
    assert (result.linted, result.reused) == (1, 39)
    row = next(row for row in result.rows if row.id == ids[2])
    assert "99 OV certificates" in "\n".join(row.results[0].lines)
    assert [_plain(r) for r in row.results] == [_plain(r) for r in lint_one_bug(cache.bug(ids[2]), Options(),
                                                                              NOW).results]


def test_the_rule_configuration_and_the_build_are_part_of_the_key(small, linted: list[str], tmp_path: Path,
                                                                monkeypatch) -> None:
    _, ids, cache = small
    pack = tmp_path / "house"
    pack.mkdir()
    rule = pack / "claim.yaml"
    rule.write_text('extends: existence\ncode: U101\nmessage: "claim"\nseverity: warning\ncategory: impact\n'
                    'description: claims\ntokens:\n  - fully compliant\nexamples:\n  fail: ["We are fully compliant."]'
                    '\n  pass: ["We checked."]\n', encoding="utf-8")
    variants = [Options(), Options(selected=frozenset({"S001", "S002"})), Options(severity={"S002": Severity.INFO}),
                Options(rules_paths=(pack,)), Options(report_date=date(2026, 1, 1))]
    for options in variants:
        assert scan(cache, options, NOW).linted == 40
    for options in variants:
        assert scan(cache, options, NOW).linted == 0
    rule.write_text(rule.read_text(encoding="utf-8").replace('"claim"', '"a claim"'), encoding="utf-8")
    assert scan(cache, Options(rules_paths=(pack,)), NOW).linted == 40
    assert scan(cache, Options(), NOW, extra_accounts=("someone@harrowgate.example",)).linted == 40
    # "now" moves the process findings only: the reports are not linted again.
    assert scan(cache, Options(), NOW + timedelta(days=30)).linted == 0

    monkeypatch.setattr(scan_module, "lint_build", lambda: "9.9.9+other")
    assert scan(cache, Options(), NOW).linted == 40
    assert cache.prune_findings("9.9.9+other") == 0  # the other build's entries went at the scan's start


@pytest.fixture
def rules_copy(tmp_path: Path, monkeypatch) -> Path:
    """The built-in rules loaded from a copy of the rules folder, as a checkout whose rules/ is edited."""
    folder = tmp_path / "rules"
    shutil.copytree(Path(str(resource_dir("rules"))), folder)

    def copied(name: str):
        return folder if name == "rules" else resource_dir(name)

    monkeypatch.setattr(phrases_module, "resource_dir", copied)
    monkeypatch.setattr(scan_module, "resource_dir", copied)
    all_rules.cache_clear()
    yield folder
    all_rules.cache_clear()


def test_an_edited_built_in_rule_file_relints_the_bugs(small, linted: list[str], rules_copy: Path) -> None:
    _, ids, cache = small
    assert scan(cache, Options(), NOW).linted == 40
    assert scan(cache, Options(), NOW).linted == 0
    rule = rules_copy / "deflection.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("places the cause outside the CA",
                                                             "puts the cause outside the CA"), encoding="utf-8")
    all_rules.cache_clear()
    linted.clear()
    assert scan(cache, Options(), NOW).linted == 40
    assert len(linted) == 20


def test_scan_gives_what_irlint_bug_gives(fake_bmo, tmp_path: Path) -> None:
    ca, colleague = "compliance@harrowgate.example", "pki-lead@harrowgate.example"
    full = (REPORTS / "full-weak-language" / "report.md").read_text(encoding="utf-8")
    preliminary = (REPORTS / "preliminary-clean" / "report.md").read_text(encoding="utf-8")
    closure = (REPORTS / "closure-clean" / "report.md").read_text(encoding="utf-8")
    legacy = (REPORTS / "legacy-clean" / "report.md").read_text(encoding="utf-8")
    csv = "Precertificate SHA-256,Serial\nab,01\n"
    fake_bmo.add_bug(bug(1, "Harrowgate Trust Services: OV names not registered", creator=ca,
                         whiteboard="[ca-compliance] [ov-misissuance] Next update 2026-05-01",
                         creation_time="2026-02-01T09:00:00Z", last_change_time="2026-03-02T09:00:00Z"),
                     [comment(1, 0, ca, "2026-02-01T09:00:00Z", preliminary),
                      comment(1, 1, REVIEWER, "2026-02-03T09:00:00Z", "When is the full report due?"),
                      comment(1, 2, colleague, "2026-02-15T09:00:00Z", full),
                      comment(1, 3, ca, "2026-03-02T09:00:00Z", "", attachment_id=71)],
                     [attachment(1, 71, "certificates.csv", "text/csv", csv, creator=ca,
                                 creation_time="2026-03-02T09:00:00Z")])
    fake_bmo.add_bug(bug(2, "Fenmoor PKI: OCSP responder certificate expired", creator=REVIEWER,
                         assigned_to="compliance@fenmoor-pki.example", creation_time="2026-01-10T09:00:00Z"),
                     [comment(2, 0, REVIEWER, "2026-01-10T09:00:00Z", "Please post an incident report."),
                      comment(2, 1, "compliance@fenmoor-pki.example", "2026-01-12T09:00:00Z",
                              "Report attached.", attachment_id=72)],
                     [attachment(2, 72, "report.md", "text/markdown", full, creator="compliance@fenmoor-pki.example",
                                 creation_time="2026-01-12T09:00:00Z")])
    fake_bmo.add_bug(bug(3, "Quillon Trust: delayed revocation", status="RESOLVED", creator="q@quillon.example",
                         assigned_to="q@quillon.example", creation_time="2023-06-12T09:00:00Z",
                         last_change_time="2023-09-01T09:00:00Z"),
                     [comment(3, 0, "q@quillon.example", "2023-06-12T09:00:00Z", legacy),
                      comment(3, 1, "q@quillon.example", "2023-08-30T09:00:00Z", closure)])
    fake_bmo.now = NOW
    with Cache(tmp_path, fake_bmo.url) as cache:
        sync(Client(fake_bmo.url), cache)
        for attempt in ("linted", "cached"):
            result = scan(cache, Options(), NOW)
            assert {row.cached for row in result.rows} == {attempt == "cached"}
            for row in result.rows:
                expected = lint_one_bug(cache.bug(row.id), Options(), NOW).results
                assert [_plain(r) for r in row.results] == [_plain(r) for r in expected], (attempt, row.id)
        sources = [r.source.name for r in result.results]
        assert {"bug:1#c2", "bug:2/attachment:72", "bug:3#c1"} <= set(sources)
        assert {row.id: row.kinds for row in result.rows}[1] == ("preliminary", "full")
        assert {row.id: row.days_since_ca_comment for row in result.rows} == {1: 90, 2: 139, 3: 1005}  # whole days


@pytest.mark.parametrize(("filters", "expected"), [
    (ScanFilters(), lambda i, data: True),
    (ScanFilters(open=True), lambda i, data: i % 20 == 0),
    (ScanFilters(open=False), lambda i, data: i % 20 != 0),
    (ScanFilters(statuses=frozenset({"assigned"})), lambda i, data: data["status"] == "ASSIGNED"),
    (ScanFilters(since=date(2017, 2, 1)), lambda i, data: data["last_change_time"] >= "2017-02-01"),
    (ScanFilters(until=date(2017, 1, 10)), lambda i, data: data["creation_time"] < "2017-01-11"),
    (ScanFilters(whiteboard=("OCSP-failure",)), lambda i, data: "[ocsp-failure]" in data["whiteboard"]),
    (ScanFilters(whiteboard=("ca-compliance", "crl")), lambda i, data: "[crl-failure]" in data["whiteboard"]),
    (ScanFilters(ca=("fenmoor", "quillon trust")), lambda i, data: i % 7 in (1, 2)),
    (ScanFilters(assignee=("@harrowgate.",)), lambda i, data: i % 7 == 0),
    (ScanFilters(ids=frozenset({1_500_000, 1_500_003, 42})), lambda i, data: i in (0, 1)),
    (ScanFilters(component="CA Certificate Root Program"), lambda i, data: False),
])
def test_filters(small, filters: ScanFilters, expected) -> None:
    _, ids, cache = small
    stored = cache.bugs_json()
    wanted = {bug_id for i, bug_id in enumerate(ids) if expected(i, stored[bug_id])}
    result = scan(cache, Options(), NOW, filters=filters)
    assert {row.id for row in result.rows} == wanted
    assert result.missing == ((42,) if filters.ids else ())


def test_rows_are_sorted_by_attention_and_counted(small) -> None:
    _, ids, cache = small
    result = scan(cache, Options(), NOW)
    keys = [(-r.process_errors, -r.process_warnings, -r.errors,
             -(r.days_since_ca_comment if r.days_since_ca_comment is not None else float("inf"))) for r in result.rows]
    assert keys == sorted(keys)
    assert result.rows[0].process_errors + result.rows[0].process_warnings > 0
    findings = [f for r in result.results for f in r.findings]
    assert sum(c.findings for c in result.by_rule.values()) == len(findings)
    assert {code: c.findings for code, c in result.by_rule.items()} == \
        {code: sum(f.rule == code for f in findings) for code in {f.rule for f in findings}}
    assert sum(c.bugs for c in result.by_ca.values()) == 40 and sum(c.open for c in result.by_ca.values()) == 2
    assert [(c.ca, c.bugs) for c in result.by_ca.values()][:2] == [("Brackenridge Certification", 6),
                                                                    ("Fenmoor PKI", 6)]  # most bugs, then by name
    row = result.rows[0].as_dict()
    assert set(row) >= {"bug", "ca", "title", "status", "reports", "errors", "warnings", "process",
                        "days_since_ca_comment"}
    assert json.loads(json.dumps(result.summary()))["bugs"] == 40


@pytest.mark.parametrize(("summary", "name"), [
    ("Harrowgate Trust Services: CRL late", "Harrowgate Trust Services"),
    ("  Fenmoor PKI : OCSP: twice", "Fenmoor PKI"),
    ("No colon in this title", ""),
])
def test_ca_name(summary: str, name: str) -> None:
    assert ca_name(summary) == name


def test_texts_left_pending_are_fetched_next_time_and_refused_ones_given_up(fake_bmo, tmp_path: Path) -> None:
    fake_bmo.now = NOW
    ids = add_synthetic_component(fake_bmo, 120, text_attachment_every=1, pdf_every=0)
    fake_bmo.fail("rate_limit", path="/rest/bug/attachment/")
    with Cache(tmp_path, fake_bmo.url) as cache:
        with pytest.raises(RateLimited):
            sync(Client(fake_bmo.url), cache)
        assert _comment_counts(cache, ids) == _expected_comment_counts(ids)  # every bug stored, no text yet
        fake_bmo.unblock()
        fake_bmo.set_private(ids[5])  # its attachment can no longer be read: the batch of texts fails as a whole
        before = len(fake_bmo.requests)
        stats = sync(Client(fake_bmo.url), cache)
        # One batch refused, then one request per attachment, then the search for changes.
        assert _kinds(fake_bmo.requests[before:]) == {"time": 1, "attachment texts": 1 + 100 + 1, "search": 1}
        assert stats.texts == 119
        texts = {bug_id: [a.text for a in cache.bug(bug_id).attachments] for bug_id in ids}
        assert texts[ids[5]] == [None] and all(texts[b] == [f"serial\n{i:08x}\n"] for i, b in enumerate(ids) if i != 5)
        assert sync(Client(fake_bmo.url), cache).total_requests == 2


def test_the_fake_returns_extra_fields_only_when_asked(fake_bmo) -> None:
    """BMO's opt-in ``attachments``/``comments`` on search and Bug.get, which the sync relies on."""
    import requests

    add_synthetic_component(fake_bmo, 3, text_attachment_every=1, pdf_every=0)

    def rows(path: str, **params) -> list[dict]:
        return requests.get(fake_bmo.url + path, params=params, timeout=5).json()["bugs"]

    assert all("attachments" not in r and "comments" not in r for r in rows("/rest/bug", include_fields="_default"))
    first = rows("/rest/bug", include_fields="id,attachments", exclude_fields="attachments.data")[0]
    assert set(first) == {"id", "attachments"} and first["attachments"][0]["file_name"] == "affected-certificates.csv"
    assert "data" not in first["attachments"][0] and "size" in first["attachments"][0]
    assert rows("/rest/bug", include_fields="id,attachments.id")[0]["attachments"] == [{"id": 8_000_000}]
    (got,) = rows("/rest/bug/1500003", include_fields="_default,comments.count")
    assert got["comments"] == [{"count": 0}, {"count": 1}] and "attachments" not in got
    assert [r["id"] for r in rows("/rest/bug", f1="bug_id", o1="greaterthan", v1="1500000")] == [1500003, 1500006]
    assert requests.get(fake_bmo.url + "/rest/bug", params={"f1": "longdesc", "o1": "substring", "v1": "x"},
                        timeout=5).json()["error"] is True
