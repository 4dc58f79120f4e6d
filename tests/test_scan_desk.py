"""The reviewer's desk against the fake BMO: what changed between two syncs (scan --changes), a CA's history
(scan --ca NAME) and its charts, and the columns every format carries."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from bmo_data import REVIEWER, bug, comment

import linter.bugzilla.client as client_module
from linter.bugs.history import SERIES
from linter.cli import run
from linter.resources import load_schema

REPO = Path(__file__).resolve().parent.parent
CA = "ops@harrowgate.example"
FIRST = datetime(2026, 5, 1, 9, tzinfo=UTC)
SECOND = FIRST + timedelta(days=10)
FULL_REPORT = (REPO / "tests" / "reports" / "full-weak-language" / "report.md").read_text(encoding="utf-8")
PRELIMINARY = (REPO / "tests" / "reports" / "preliminary-clean" / "report.md").read_text(encoding="utf-8")


def _bug(fake, number: int, comments: list[tuple[str, datetime, str]], *, status: str = "ASSIGNED",
         created: datetime | None = None, changed: datetime | None = None, title: str = "") -> None:
    created = created or comments[0][1]
    fake.add_bug(bug(number, title or f"Harrowgate Trust Services: incident {number}", status=status,
                     creator=CA, creation_time=created, last_change_time=changed or comments[-1][1]),
                 [comment(number, count, who, when, text) for count, (who, when, text) in enumerate(comments)])


@pytest.fixture
def desk(fake_bmo, monkeypatch, tmp_path: Path):
    """Six bugs at the first sync, each about to change in one way before the second."""
    monkeypatch.setattr(client_module, "PACE", 0.0)
    monkeypatch.setattr(client_module, "BACKOFF", 0.0)
    fake_bmo.now = FIRST
    early = FIRST - timedelta(days=21)
    _bug(fake_bmo, 1900101, [(CA, early, PRELIMINARY), (REVIEWER, FIRST - timedelta(days=12), "Why so late?")])
    _bug(fake_bmo, 1900102, [(CA, FIRST - timedelta(days=3), "We found a problem and will report.")])
    _bug(fake_bmo, 1900103, [(CA, early, "Problem found."), (CA, FIRST - timedelta(days=1), "All done.")])
    _bug(fake_bmo, 1900104, [(CA, early, "Problem found."), (CA, early + timedelta(days=2), "Fixed.")],
         status="RESOLVED")
    _bug(fake_bmo, 1900105, [(CA, early, PRELIMINARY), (CA, FIRST - timedelta(days=2), "Working on it.")])
    common = ["--base-url", fake_bmo.url, "--cache-dir", str(tmp_path / "cache")]
    return fake_bmo, common


def irlint(capsys, *argv) -> tuple[int, str, str]:
    code = run([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _change_between_syncs(fake) -> None:
    """The CA answers in 1900101, 1900102 falls silent, 1900103 is closed, 1900104 reopened, 1900105 gets its
    Full report, and 1900106 is filed."""
    fake.now = SECOND
    moved = FIRST + timedelta(days=2)
    fake.add_comment(1900101, comment(1900101, 2, CA, moved, "Here is the answer: it took long to confirm."))
    fake.change_bug(1900101, last_change_time=moved)
    fake.change_bug(1900103, status="RESOLVED", resolution="FIXED", last_change_time=moved)
    fake.change_bug(1900104, status="REOPENED", resolution="", last_change_time=moved)
    fake.add_comment(1900105, comment(1900105, 2, CA, SECOND - timedelta(days=1), FULL_REPORT))
    fake.change_bug(1900105, last_change_time=SECOND - timedelta(days=1))
    _bug(fake, 1900106, [(CA, moved, "A new problem.")])


def test_changes_since_the_previous_sync(capsys, desk, tmp_path: Path) -> None:
    fake, common = desk
    code, out, err = irlint(capsys, "scan", "--changes", "--exit-zero", "--date", FIRST.date(), *common)
    assert code == 0, err
    assert out.startswith("no earlier sync to compare with")
    _change_between_syncs(fake)
    requests = len(fake.requests)
    code, out, err = irlint(capsys, "scan", "--changes", "--format", "json", "--exit-zero", "--date", SECOND.date(),
                            *common)
    assert code == 0, err
    document = json.loads(out)
    jsonschema.validate(document, load_schema("findings.schema.json"))
    changes = document["changes"]
    assert changes["since"] == "2026-05-01T09:00:00Z" and changes["until"] == "2026-05-11T09:00:00Z"
    kinds = {(item["bug"], item["kind"]) for item in changes["changes"]}
    # Reopened and silent since: its update is overdue too.
    assert kinds == {(1900106, "new-bug"), (1900104, "reopened"), (1900102, "overdue"), (1900104, "overdue"),
                     (1900105, "report"),
                     (1900101, "ca-comment"), (1900105, "ca-comment"), (1900101, "answered"), (1900103, "closed")}
    said = {(item["bug"], item["kind"]): item["text"] for item in changes["changes"]}
    assert said[1900101, "answered"] == "Answered: question in comment 1"
    assert said[1900105, "report"] == "Full report posted in comment 2"
    assert said[1900101, "ca-comment"] == "1 new CA comment (comment 2)"
    assert said[1900102, "overdue"].startswith("Update now overdue: No CA update for 13 days")
    # The changes came from the cache: the second scan asked only what a sync asks.
    assert all("/rest/bug/" not in r.path or "comment" in r.path or "attachment" in r.path
               for r in fake.requests[requests:])
    # A scan at the same mark (offline) still compares with the sync before; the text and CSV list the same.
    code, out, _ = irlint(capsys, "scan", "--changes", "--offline", "--exit-zero", "--date", SECOND.date(), *common)
    assert out.splitlines()[0].startswith("9 changes from the sync of 2026-05-01T09:00:00Z")
    assert "bug 1900106  Harrowgate Trust Services: New incident, ASSIGNED" in out
    code, out, _ = irlint(capsys, "scan", "--changes", "--offline", "--format", "csv", "--exit-zero", "--date",
                          SECOND.date(), *common)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(int(row["bug"]), row["kind"]) for row in rows} == kinds
    # The page says the same at its top.
    page = tmp_path / "desk.html"
    irlint(capsys, "scan", "--offline", "--format", "html", "-o", page, "--exit-zero", "--date", SECOND.date(), *common)
    text = page.read_text(encoding="utf-8")
    top = text[text.index('id="changes"'):text.index('id="history"')]
    assert "<h3>New incidents (1)</h3>" in top and "<h3>Updates newly overdue (2)</h3>" in top
    assert "Answered: question in comment 1" in top


def test_rows_carry_what_needs_attention_in_every_format(capsys, desk) -> None:
    fake, common = desk
    code, out, err = irlint(capsys, "scan", "--format", "json", "--exit-zero", "--date", FIRST.date(), *common)
    document = json.loads(out)
    jsonschema.validate(document, load_schema("findings.schema.json"))
    rows = {row["bug"]: row for row in document["bugs"]}
    # The missing Full report (an error) comes before the unanswered question (a warning).
    assert rows[1900101]["headline"] == "Full report missing 21 days after the Preliminary in comment 0 (due within 14)"
    assert rows[1900101]["headline_rule"] == "P003"
    assert rows[1900102]["headline"] == ""
    assert rows[1900101]["last_ca_comment"] == "2026-04-10" and rows[1900101]["open"] is True
    # Open bugs first, whatever their findings.
    assert [row["open"] for row in document["bugs"]] == sorted((row["open"] for row in document["bugs"]),
                                                               reverse=True)
    _, out, _ = irlint(capsys, "scan", "--format", "csv", "--offline", "--exit-zero", "--date", FIRST.date(), *common)
    rows_csv = {int(row["bug"]): row for row in csv.DictReader(io.StringIO(out))}
    assert rows_csv[1900101]["headline"] == rows[1900101]["headline"]
    assert {"headline_rule", "error", "warning", "info", "last_ca_comment", "created", "open"} <= set(rows_csv[1900101])
    _, out, _ = irlint(capsys, "scan", "--offline", "--exit-zero", "--date", FIRST.date(), *common)
    assert "WHAT NEEDS ATTENTION" in out.splitlines()[0]
    assert "Full report missing 21 days after the Preliminary in comment 0" in out


class _Charts(HTMLParser):
    """(chart id, title, [(label, value)]) of every inline SVG chart of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[tuple[str, str, list[tuple[str, float]]]] = []
        self._title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if tag == "svg":
            self.charts.append((attributes["id"], "", []))
        elif tag == "title" and self.charts and attributes.get("id", "").endswith("-title"):
            self._title = True
        elif tag == "rect" and attributes.get("class") == "bar":
            self.charts[-1][2].append((attributes["data-label"], float(attributes["data-value"])))

    def handle_data(self, data: str) -> None:
        if self._title:
            chart_id, _, bars = self.charts[-1]
            self.charts[-1] = (chart_id, data, bars)
            self._title = False


def test_ca_history_charts_draw_the_values_of_the_ca_json(capsys, desk, tmp_path: Path) -> None:
    fake, common = desk
    _change_between_syncs(fake)
    fake.now = SECOND
    old = datetime(2024, 3, 1, tzinfo=UTC)
    _bug(fake, 1800001, [(CA, old, PRELIMINARY), (CA, old + timedelta(days=20), FULL_REPORT)], status="RESOLVED")
    _bug(fake, 1800002, [(CA, old, "Other CA problem.")], title="Fenmoor PKI: unrelated")
    code, out, err = irlint(capsys, "scan", "--ca", "Harrowgate", "--format", "json", "--exit-zero", "--date",
                            SECOND.date(), *common)
    assert code == 0, err
    document = json.loads(out)
    jsonschema.validate(document, load_schema("findings.schema.json"))
    history = document["history"]
    assert history["name"] == "Harrowgate" and history["bugs"] == 7
    assert history["years"] == [2024, 2025, 2026]
    assert history["series"]["incidents"] == [1, 0, 6]
    assert history["series"]["weak_analysis_share"][0] == 100.0
    assert history["series"]["median_days_to_full_report"][0] == 20.0
    assert history["series"]["repeats"] == [0, 0, 0] or history["totals"]["repeats"] is not None
    page = tmp_path / "ca.html"
    code, _, err = irlint(capsys, "scan", "--ca", "Harrowgate", "--format", "html", "-o", page, "--offline",
                          "--exit-zero", "--date", SECOND.date(), *common)
    assert code == 0, err
    parser = _Charts()
    parser.feed(page.read_text(encoding="utf-8"))
    drawn = {chart_id: (title, bars) for chart_id, title, bars in parser.charts}
    for key, heading, _ in SERIES:
        chart = f"chart-{key.replace('_', '-')}"
        values = history["series"][key]
        if all(value is None for value in values):
            assert chart not in drawn
            continue
        title, bars = drawn[chart]
        assert title == f"{heading}, by year filed"
        assert bars == [(str(year), float(value)) for year, value in zip(history["years"], values)
                        if value is not None]


def test_the_data_block_cannot_end_early_or_carry_markup(capsys, desk, tmp_path: Path) -> None:
    fake, common = desk
    hostile = "Harrowgate Trust Services: </script><script>window.pwned=1</script> \u202e & <!--"
    _bug(fake, 1900107, [(CA, FIRST - timedelta(days=1), "x")], title=hostile)
    page = tmp_path / "desk.html"
    irlint(capsys, "scan", "--format", "html", "-o", page, "--exit-zero", "--date", FIRST.date(), *common)
    text = page.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="desk-data">(.*?)</script>', text, re.S).group(1)
    assert "<" not in block and ">" not in block and "\u202e" not in block
    assert any(hostile in row for row in json.loads(block)["rows"])
