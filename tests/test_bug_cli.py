"""`irlint bug` against the fake BMO: sources, the cache, request counts, failure modes and the API key."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import jsonschema
import pytest
from bmo_data import bug, comment, needinfo

import linter.bugzilla.client as client_module
from linter.cli import run
from linter.resources import load_schema

BUG = 1900001
CA = "compliance@harrowgate.example"
REVIEWER = "reviewer@community.example"
REPORT = (Path(__file__).parent / "reports" / "full-weak-language" / "report.md").read_text(encoding="utf-8")
PRELIMINARY = """\
## Preliminary Incident Report

### Summary

- **Incident description:** Harrowgate Certification issued 4 OV TLS certificates whose organizationName did not \
match the government business registry.
- **Relevant policies:** TLS Baseline Requirements, Section 3.2.2.2.
- **Source of incident disclosure:** Third Party Reported
"""


@pytest.fixture(autouse=True)
def fast_client(monkeypatch, tmp_path: Path):
    """No pacing or backoff waits, a short timeout, a private cache folder, and no key from the environment."""
    monkeypatch.setattr(client_module, "PACE", 0.0)
    monkeypatch.setattr(client_module, "BACKOFF", 0.0)
    monkeypatch.setattr(client_module, "DEFAULT_TIMEOUT", (1.0, 1.0))
    monkeypatch.delenv("BUGZILLA_API_KEY", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def served(fake_bmo):
    """A bug with a Preliminary report in comment 0, a reviewer's question, and a Full report by the CA."""
    fake_bmo.add_bug(
        bug(BUG, summary="Harrowgate Certification: OV certificates with unregistered organization names",
            status="ASSIGNED", whiteboard="[ca-compliance] [ov-misissuance] Next update 2026-02-20",
            creator=CA, assigned_to=CA, creation_time="2026-02-04T10:00:00Z",
            last_change_time="2026-02-06T10:05:00Z",
            flags=[needinfo(REVIEWER, CA, "2026-02-05T09:00:00Z")]),
        [comment(BUG, 0, CA, "2026-02-04T10:00:00Z", PRELIMINARY),
         comment(BUG, 1, REVIEWER, "2026-02-05T09:00:00Z", "Why did the validation tool accept a trading name?"),
         comment(BUG, 2, CA, "2026-02-06T10:00:00Z", REPORT)],
    )
    return fake_bmo


def irlint(capsys, *argv) -> tuple[int, str, str]:
    code = run([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def _bug(fake, *argv: str) -> list[str]:
    return ["bug", str(BUG), "--base-url", fake.url, "--date", "2026-03-01", *argv]


def test_reports_and_process_findings_as_json(capsys, served) -> None:
    code, out, err = irlint(capsys, *_bug(served, "--format", "json"))
    assert code == 1, err
    output = json.loads(out)
    jsonschema.validate(output, load_schema("findings.schema.json"))
    sources = [r["source"] for r in output["results"]]
    assert sources == [f"bug:{BUG}#c0", f"bug:{BUG}#c2", f"bug:{BUG}"]
    full = output["results"][1]
    assert full["reports"][0]["kind"] == "full"
    assert {"C001", "R001", "R002"} <= {f["rule"] for f in full["findings"]}
    process = output["results"][2]["findings"]
    assert process and all(f["line"] is None and "comment" in f["data"] for f in process)


def test_an_unchanged_bug_costs_one_search_the_second_time(capsys, served) -> None:
    irlint(capsys, *_bug(served))
    before = len(served.requests)
    irlint(capsys, *_bug(served))
    again = served.requests[before:]
    assert [(r.path, sorted(r.query)) for r in again] == [("/rest/bug", ["id", "include_fields"])]
    irlint(capsys, *_bug(served, "--offline"))
    assert len(served.requests) == before + 1


def test_refresh_fetches_again(capsys, served) -> None:
    irlint(capsys, *_bug(served))
    before = served.rate_limited_count
    irlint(capsys, *_bug(served, "--refresh"))
    assert served.rate_limited_count > before


def test_no_cache_writes_nothing(capsys, served, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    irlint(capsys, *_bug(served, "--no-cache", "--cache-dir", cache))
    assert not cache.exists()


@pytest.mark.parametrize("mode", ["rate_limit", "blocked"])
def test_a_rate_limit_answer_is_not_retried_and_stops(capsys, served, mode: str) -> None:
    served.fail(mode, path=f"/rest/bug/{BUG}/comment")
    code, out, err = irlint(capsys, *_bug(served))
    assert code == 3
    assert err.count("\n") == 1 and "up to an hour" in err and "BUGZILLA_API_KEY" in err
    assert served.count(f"/rest/bug/{BUG}/comment") == 1


@pytest.mark.parametrize(("mode", "message"), [
    ("101", "does not exist"), ("102", "private"), ("truncated", "not JSON"), ("html", "text/html"),
])
def test_bugzilla_errors_are_one_line_and_exit_3(capsys, served, mode: str, message: str) -> None:
    served.fail(mode, path="/rest/bug", times=10)
    code, out, err = irlint(capsys, *_bug(served))
    assert code == 3
    assert err.startswith(f"irlint: bug {BUG}: ") and err.count("\n") == 1 and message in err


@pytest.mark.parametrize("mode", ["500", "502", "reset"])
def test_server_errors_and_resets_are_retried(capsys, served, mode: str) -> None:
    served.fail(mode, path=f"/rest/bug/{BUG}/comment", times=2)
    code, _, err = irlint(capsys, *_bug(served))
    assert code == 1 and err == ""
    assert served.count(f"/rest/bug/{BUG}/comment") == 3


def test_a_slow_answer_times_out_after_the_retries(capsys, served) -> None:
    served.slow_seconds = 1.5
    served.fail("slow", path=f"/rest/bug/{BUG}/comment", times=10)
    code, _, err = irlint(capsys, *_bug(served))
    assert code == 3 and "no answer before the timeout" in err


def test_a_failure_leaves_the_cache_intact(capsys, served) -> None:
    assert irlint(capsys, *_bug(served))[0] == 1
    served.fail("500", path="/rest/bug", times=50)
    assert irlint(capsys, *_bug(served, "--refresh"))[0] == 3
    code, out, _ = irlint(capsys, *_bug(served, "--offline", "--format", "json"))
    assert code == 1 and len(json.loads(out)["results"]) == 3


def test_offline_without_the_bug_in_the_cache(capsys, served) -> None:
    code, _, err = irlint(capsys, *_bug(served, "--offline"))
    assert code == 3 and "not in the cache" in err


def test_the_api_key_goes_only_in_its_header(capsys, served, monkeypatch, caplog, tmp_path: Path) -> None:
    marker = "MARKER-api-key-7f3a9c"
    monkeypatch.setenv("BUGZILLA_API_KEY", marker)
    caplog.set_level(logging.DEBUG)
    cache = tmp_path / "cache"
    served.fail("500", path=f"/rest/bug/{BUG}/comment", times=4)  # the first try and its three retries
    code, out, err = irlint(capsys, *_bug(served, "--cache-dir", cache))
    assert code == 3
    code, out2, err2 = irlint(capsys, *_bug(served, "--cache-dir", cache, "--format", "json"))
    assert all(r.headers.get("X-BUGZILLA-API-KEY") == marker for r in served.requests)
    assert all(marker not in f"{r.path}?{r.query}" for r in served.requests)
    for text in (out, err, out2, err2, caplog.text):
        assert marker not in text
    for file in cache.rglob("*"):
        if file.is_file():
            assert marker.encode() not in file.read_bytes()


def test_user_agent_names_irlint(capsys, served) -> None:
    irlint(capsys, *_bug(served))
    assert all(r.headers.get("User-Agent", "").startswith("irlint/") for r in served.requests)


def test_all_reports_and_one_comment(capsys, served) -> None:
    _, out, _ = irlint(capsys, *_bug(served, "--format", "json", "--comment", "1"))
    assert [r["source"] for r in json.loads(out)["results"]] == [f"bug:{BUG}#c1", f"bug:{BUG}"]
    code, _, err = irlint(capsys, *_bug(served, "--comment", "9"))
    assert code == 2 and "no comment 9" in err


@pytest.mark.skipif(os.environ.get("IRLINT_LIVE") != "1", reason="live Bugzilla test: set IRLINT_LIVE=1")
@pytest.mark.network
def test_live_bugzilla(capsys, tmp_path: Path) -> None:
    code, out, err = irlint(capsys, "bug", "1904038", "--format", "json", "--cache-dir", tmp_path)
    assert code in (0, 1), err
    assert json.loads(out)["results"][-1]["source"] == "bug:1904038"


def test_review_drafts_a_comment_and_exits_0(capsys, served, tmp_path: Path) -> None:
    draft = tmp_path / "review.md"
    code, out, err = irlint(capsys, "review", str(BUG), "--base-url", served.url, "--date", "2026-03-01",
                            "-o", draft)
    assert code == 0 and out == "" and err == ""
    text = draft.read_text(encoding="utf-8")
    assert text.startswith("Thank you for the preliminary report in comment 0 and the full report in comment 2.")
    assert "2026-02-20" in text  # the overdue "Next update" comes first
    assert "P001" in text.rstrip().splitlines()[-1]  # codes only in the footer


# --- Bugzilla out of reach: the cached copy, with a warning ------------------------------------------------------


def test_bug_falls_back_to_the_cache_when_bugzilla_cannot_be_reached(capsys, served) -> None:
    assert irlint(capsys, *_bug(served, "--format", "json"))[0] == 1
    served.fail("reset", times=50)
    code, out, err = irlint(capsys, *_bug(served, "--format", "json"))
    assert code == 3  # a network error, as the contract says; the results from the cache are still printed
    assert len(json.loads(out)["results"]) == 3
    assert err.count("\n") == 1
    assert err.startswith(f"irlint: bug {BUG}: cannot reach {served.url}") and "using the copy cached 20" in err


def test_after_one_fallback_the_other_bugs_come_from_the_cache_without_asking(capsys, served) -> None:
    other = BUG + 1
    served.add_bug(bug(other, summary="Harrowgate Certification: another incident", creator=CA, assigned_to=CA,
                       creation_time="2026-02-04T10:00:00Z"),
                   [comment(other, 0, CA, "2026-02-04T10:00:00Z", PRELIMINARY)])
    two = ["bug", str(BUG), str(other), "--base-url", served.url, "--date", "2026-03-01"]
    assert irlint(capsys, *two, "--exit-zero")[0] == 0
    served.fail("reset", times=50)
    before = len(served.requests)
    code, out, err = irlint(capsys, *two, "--format", "json")
    assert code == 3 and err.count("\n") == 1
    assert {r["source"] for r in json.loads(out)["results"]} >= {f"bug:{BUG}", f"bug:{other}"}
    assert len(served.requests) - before == 4  # one search and its three retries, for the first bug only


def test_a_bug_not_cached_when_bugzilla_cannot_be_reached_says_so(capsys, served) -> None:
    served.fail("reset", times=50)
    code, out, err = irlint(capsys, "bug", str(BUG), "--base-url", served.url)
    assert code == 3 and err.count("\n") == 1 and f"cannot reach {served.url}" in err


def test_bugzillas_own_answer_on_a_cached_bug_is_not_overridden_by_the_cache(capsys, served) -> None:
    assert irlint(capsys, *_bug(served))[0] == 1
    served.set_private(BUG)
    code, out, err = irlint(capsys, *_bug(served))
    assert code == 3 and err.count("\n") == 1 and "private bug" in err and "cached" not in err


def test_review_falls_back_to_the_cache_when_bugzilla_cannot_be_reached(capsys, served, tmp_path: Path) -> None:
    review = ["review", str(BUG), "--base-url", served.url, "--date", "2026-03-01"]
    code, fresh, _ = irlint(capsys, *review)
    assert code == 0
    served.fail("reset", times=50)
    code, out, err = irlint(capsys, *review)
    assert code == 3 and out == fresh
    assert err.count("\n") == 1 and "using the copy cached" in err


def test_after_a_fallback_a_bug_the_cache_lacks_says_why(capsys, served) -> None:
    assert irlint(capsys, *_bug(served))[0] == 1
    served.fail("reset", times=50)
    other = BUG + 1
    code, out, err = irlint(capsys, "bug", str(BUG), str(other), "--base-url", served.url, "--format", "json")
    assert code == 3 and len(json.loads(out)["results"]) == 3
    assert f"bug {other} is not in the cache, and Bugzilla could not be reached" in err and err.count("\n") == 2


def test_color_in_the_text_format_only(capsys, served, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    code, out, _ = irlint(capsys, *_bug(served, "--color", "always"))
    assert code == 1 and "\x1b[1;31m[error]\x1b[0m" in out
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in irlint(capsys, *_bug(served))[1]
    assert "\x1b[" not in irlint(capsys, *_bug(served, "--color", "never"))[1]
    assert "\x1b[" not in irlint(capsys, *_bug(served, "--format", "json", "--color", "always"))[1]
