"""A bug whose report is an attached Markdown file, end to end against the fake BMO: every format points at the
attachment (never at a workspace file), the review treats it as the report of the comment that attached it, and
every comment or attachment of the bug is parsed once per run of ``bug``, ``review`` and ``scan``."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bmo_data import attachment, bug, comment

import linter.bugzilla.client as client_module
import linter.parsed as parsed_module
from linter.bugs.scan import scan
from linter.bugzilla.cache import Cache
from linter.bugzilla.client import Client
from linter.bugzilla.sync import sync
from linter.cli import run
from linter.lint import Options

BUG = 1900002
ATTACHMENT = 72
CA = "compliance@fenmoor-pki.example"
REVIEWER = "reviewer@community.example"
REPORTS = Path(__file__).parent / "reports"
FULL = (REPORTS / "full-weak-language" / "report.md").read_text(encoding="utf-8")
PRELIMINARY = (REPORTS / "preliminary-clean" / "report.md").read_text(encoding="utf-8")
SOURCE = f"bug:{BUG}/attachment:{ATTACHMENT}"


@pytest.fixture(autouse=True)
def fast_client(monkeypatch, tmp_path: Path):
    """No pacing or backoff waits, a private cache folder, and no key from the environment."""
    monkeypatch.setattr(client_module, "PACE", 0.0)
    monkeypatch.setattr(client_module, "BACKOFF", 0.0)
    monkeypatch.delenv("BUGZILLA_API_KEY", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def served(fake_bmo):
    """A Preliminary report in comment 0, a reviewer's question, and the Full report attached in comment 2."""
    fake_bmo.now = datetime(2026, 3, 1, tzinfo=UTC)
    fake_bmo.add_bug(
        bug(BUG, summary="Fenmoor PKI: OCSP responder certificate expired", creator=CA, assigned_to=CA,
            creation_time="2026-01-10T09:00:00Z", last_change_time="2026-01-20T09:00:00Z"),
        [comment(BUG, 0, CA, "2026-01-10T09:00:00Z", PRELIMINARY),
         comment(BUG, 1, REVIEWER, "2026-01-12T09:00:00Z", "When is the full report due?"),
         comment(BUG, 2, CA, "2026-01-20T09:00:00Z", "Our full report is attached.", attachment_id=ATTACHMENT)],
        [attachment(BUG, ATTACHMENT, "report.md", "text/markdown", FULL, creator=CA,
                    creation_time="2026-01-20T09:00:00Z")])
    return fake_bmo


@pytest.fixture
def parses(monkeypatch) -> Counter[str]:
    """How many times each source was parsed: every comment and attachment is parsed through linter.parsed."""
    counts: Counter[str] = Counter()
    original = parsed_module.parse_document

    def counting(text, name="<text>", **kwargs):
        counts[name] += 1
        return original(text, name, **kwargs)

    monkeypatch.setattr(parsed_module, "parse_document", counting)
    return counts


def irlint(capsys, fake, *argv: str) -> str:
    run(["bug", str(BUG), "--base-url", fake.url, "--date", "2026-03-01", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return out


def _attachment_url(fake) -> str:
    return f"{fake.url}/attachment.cgi?id={ATTACHMENT}"


def test_json_keeps_the_source_string(capsys, served) -> None:
    output = json.loads(irlint(capsys, served, "--format", "json"))
    assert [r["source"] for r in output["results"]] == [f"bug:{BUG}#c0", SOURCE, f"bug:{BUG}"]
    assert output["results"][1]["reports"][0]["kind"] == "full"


@pytest.mark.parametrize("form", ["text", "concise"])
def test_text_formats_name_the_attachment(capsys, served, form: str) -> None:
    lines = irlint(capsys, served, "--format", form).splitlines()
    assert any(line.startswith(f"{SOURCE}:") for line in lines)


def test_github_names_the_attachment_in_the_message_not_as_a_file(capsys, served) -> None:
    lines = [line for line in irlint(capsys, served, "--format", "github").splitlines() if SOURCE in line]
    assert lines
    assert not any("file=" in line for line in lines)
    assert all(f"::{SOURCE}:" in line for line in lines)


def test_sarif_locates_the_attachment_by_its_address(capsys, served) -> None:
    results = json.loads(irlint(capsys, served, "--format", "sarif"))["runs"][0]["results"]
    artifacts = [loc["physicalLocation"]["artifactLocation"] for r in results for loc in r.get("locations", ())]
    assert {"uri": _attachment_url(served)} in artifacts
    assert not any("attachment" in a["uri"] and "uriBaseId" in a for a in artifacts)


def test_markdown_links_the_attachment(capsys, served) -> None:
    out = irlint(capsys, served, "--format", "markdown")
    assert f"| [bug:{BUG}/attachment:{ATTACHMENT}]({_attachment_url(served)}) |" in out.replace("\\", "")


def test_html_links_the_attachment(capsys, served) -> None:
    out = irlint(capsys, served, "--format", "html")
    assert f"<a href=\"{_attachment_url(served)}\"" in out


def test_review_treats_the_attachment_as_the_report_of_its_comment(capsys, served, tmp_path: Path) -> None:
    draft = tmp_path / "review.md"
    run(["review", str(BUG), "--base-url", served.url, "--date", "2026-03-01", "-o", str(draft)])
    text = draft.read_text(encoding="utf-8")
    assert text.startswith("Thank you for the preliminary report in comment 0 and the full report in "
                           f"[attachment {ATTACHMENT}]({_attachment_url(served)}) (comment 2).")
    assert "I did not find an incident report" not in text
    assert "(full report in comment 2)" in text  # its findings are the report's, not process points


def test_bug_and_review_parse_each_comment_and_attachment_once(capsys, served, parses: Counter[str],
                                                               tmp_path: Path) -> None:
    # Comment 0 (the description) and the CA's comment 2 and attachment; the reviewer's comment is not read.
    read = {f"bug:{BUG}#c0", f"bug:{BUG}#c2", SOURCE}
    irlint(capsys, served, "--format", "json")
    assert parses == Counter(read)
    parses.clear()
    run(["review", str(BUG), "--base-url", served.url, "--date", "2026-03-01", "-o", str(tmp_path / "r.md")])
    assert parses == Counter(read)


def test_scan_parses_each_comment_and_attachment_once_then_nothing(served, parses: Counter[str],
                                                                   tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", served.url)
    try:
        sync(Client(served.url), cache)
        now = datetime(2026, 3, 1, tzinfo=UTC)
        first = scan(cache, Options(), now)
        assert parses == Counter({f"bug:{BUG}#c0", f"bug:{BUG}#c2", SOURCE})
        parses.clear()
        second = scan(cache, Options(), now)
        assert not parses
        assert [r.source for r in second.results] == [r.source for r in first.results]
    finally:
        cache.close()
