"""The structured timeline of a report: entries, instants, precision, tense and event types, in every form."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from linter.checks.timeline.clocks import first, last
from linter.cli import run
from linter.document import parse_document
from linter.lint import Options, lint_text
from linter.report import extract_reports


def _timeline(markdown: str):
    (report,) = extract_reports(parse_document(textwrap.dedent(markdown)))
    return report.timeline


def _summary(timeline) -> list[tuple]:
    return [(e.line, e.instant.isoformat() if e.instant else None, e.precision, e.tense, e.event)
            for e in timeline.entries]


def test_a_2020_report_timeline_reads_to_instants_and_events() -> None:
    timeline = _timeline("""\
        2. A timeline of the actions your CA took in response.

        - 25-Jun-2020 14:43 UTC - Email was received at our problem reporting address.
        - 25-Jun-2020 15:12 UTC - Replied to the reporter with our preliminary findings.
        - 26-Jun-2020 09:00 UTC - The subscriber is told the certificate will be revoked.
        - 29-Jun-2020 02:37 UTC - Certificate revoked.

        3. Whether your CA has stopped issuing certificates with the problem.

        It has.
        """)
    assert _summary(timeline) == [
        (3, "2020-06-25T14:43:00+00:00", "minute", "past", "cpr_received"),
        (4, "2020-06-25T15:12:00+00:00", "minute", "past", "cpr_response"),
        (5, "2020-06-26T09:00:00+00:00", "minute", "planned", "other"),
        (6, "2020-06-29T02:37:00+00:00", "minute", "past", "revoked"),
    ]
    first = timeline.entries[0]
    assert (first.stamp_column, first.stamp_end_column) == (3, 24)


def test_2_0_day_headers_and_a_declaration() -> None:
    timeline = _timeline("""\
        ## Incident Report

        ### Timeline

        All times are UTC+8.

        2024-05-06:
        - 14:22 A community member reports that a revoked certificate is missing from the CRL.
        - 15:05 The pruning step is identified as the cause.

        2024-05-07: Fixing the generator
        - 08:45 Release 3.8.2 deployed.
        """)
    assert timeline.declaration_line == 5 and timeline.declared_offset.total_seconds() == 8 * 3600
    assert _summary(timeline) == [
        (8, "2024-05-06T06:22:00+00:00", "time", "past", "cpr_received"),
        (9, "2024-05-06T07:05:00+00:00", "time", "past", "other"),
        (12, "2024-05-07T00:45:00+00:00", "time", "past", "fix_deployed"),
    ]


MARKDOWN_TABLE = """\
### Timeline

| Date | Time (UTC) | Event |
| --- | --- | --- |
| 2024-05-06 | 14:22 | We become aware of the incident. |
| 2024-05-07 | 08:45 | Issuance stopped. |
"""
# The same table as a reader copies it from the bug page: one cell per line, pipes gone.
RENDERED_TABLE = """\
Timeline

Date
Time (UTC)
Event
2024-05-06
14:22
We become aware of the incident.
2024-05-07
08:45
Issuance stopped.
"""


@pytest.mark.parametrize("text", [MARKDOWN_TABLE, RENDERED_TABLE], ids=["markdown", "rendered"])
def test_a_table_timeline_in_both_forms(text: str) -> None:
    timeline = _timeline("## Incident Report\n\n" + text)
    assert [(e.instant, e.event) for e in timeline.entries] == [
        (datetime(2024, 5, 6, 14, 22, tzinfo=UTC), "aware"),
        (datetime(2024, 5, 7, 8, 45, tzinfo=UTC), "issuance_stopped"),
    ]


def test_dates_without_a_year_take_the_report_s_year() -> None:
    timeline = _timeline("""\
        ## Incident Report

        ### Summary

        On 2022-10-24 we found an OCSP problem.

        ### Timeline

        * 10/17 19:11 UTC Deploy change to serial number prefixes
        * 10/24 13:15 UTC Engineer detects the problem
        """)
    assert [e.day for e in timeline.entries] == [date(2022, 10, 17), date(2022, 10, 24)]


def test_ambiguous_and_missing_parts_are_kept_not_guessed() -> None:
    timeline = _timeline("""\
        ## Incident Report

        ### Timeline

        - 6/3/2020 10:59 AM UTC: Report received.
        - 2020-06-04 09:00 CST: Certificates revoked.
        - 2020-06-05: Full report posted.
        - We stopped issuance.
        """)
    entries = timeline.entries
    assert entries[0].day is None and "6/3/2020" in entries[0].ambiguous
    assert entries[1].instant is None and "CST" in entries[1].ambiguous
    assert (entries[2].precision, entries[2].instant, entries[2].event) == ("day", None, "incident_report_posted")
    assert (entries[3].precision, entries[3].day, entries[3].event) == (None, None, "issuance_stopped")


def test_parse_shows_the_timeline(capsys, tmp_path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("## Incident Report\n\n" + MARKDOWN_TABLE, encoding="utf-8")
    assert run(["parse", str(draft)]) == 0
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    assert report["timeline"]["entries"][0]["instant"] == "2024-05-06T14:22:00+00:00"
    assert report["timeline"]["entries"][1]["event"] == "issuance_stopped"


REPORT_2020 = Path(__file__).parent / "reports" / "legacy-2020-timeline" / "report.md"


def test_the_2020_report_is_measured_inside_its_clocks() -> None:
    text = REPORT_2020.read_text(encoding="utf-8")
    (report,) = extract_reports(parse_document(text))
    entries = report.timeline.entries
    received = first(entries, {"cpr_received"})
    assert last(entries, {"revoked"}).instant - received.instant == timedelta(days=3, hours=11, minutes=54)
    assert first(entries, {"cpr_response"}).instant - received.instant == timedelta(minutes=29)
    findings = lint_text(text, "report.md", Options(selected=frozenset({"D001", "D002"}))).findings
    assert findings == ()


def test_the_2020_report_revoked_on_1_july_is_late() -> None:
    text = REPORT_2020.read_text(encoding="utf-8").replace("29-Jun-2020 02:37", "01-Jul-2020 02:37")
    (d001,) = lint_text(text, "report.md", Options(selected=frozenset({"D001", "D002"}))).findings
    assert d001.rule == "D001" and d001.line == 11
    assert d001.data["from"] == {"line": 8, "event": "cpr_received", "time": "2020-06-25T14:43:00+00:00"}
    assert d001.data["to"] == {"line": 11, "event": "revoked", "time": "2020-07-01T02:37:00+00:00"}
    assert d001.data["elapsed_hours"] == 131.9 and d001.data["limit_hours"] == 120
    assert "5 days" in d001.data["clock"]
