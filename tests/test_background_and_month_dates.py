"""Timeline entries that are background (a requirement or document taking effect) and dates of month precision."""

from __future__ import annotations

import calendar
import textwrap
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.checks.timeline.clocks import moment
from linter.document import parse_document
from linter.report import extract_reports
from linter.timeline.entries import EVENT_FAMILIES
from linter.timeline.timestamps import find_stamp, month_at_start, month_header
from linter.wording import shipped


def _timeline(markdown: str):
    (report,) = extract_reports(parse_document(textwrap.dedent(markdown)))
    return report.timeline


@pytest.mark.parametrize("text", [
    "Ballot SC-081 (shorter validity periods) takes effect.",
    "The BRs' profile ballot comes into force.",
    "Effective date of the Certificate Policy 1.7",
    "Revision date of the CP/CPS 2.0, in which the CT requirement first appeared.",
    "Root Store Policy 2.9 became effective",
    "RFC 9608 adopted in the Baseline Requirements",
    "The S/MIME Baseline Requirements require an organization identifier.",
    "Root Store Policy 2.9 mandates CRL disclosure.",
    "Ballot 199 came into effect; our CP already asked for 64-bit serial numbers.",
])
def test_a_requirement_or_document_taking_effect_is_background(text: str) -> None:
    assert shipped(EVENT_FAMILIES).said(text) == ["background"]


@pytest.mark.parametrize("text", [
    "We published CPS 4.2, effective immediately.",  # the CA's own action that day
    "The ballot was not yet in effect when the certificates were issued.",
    "Did the ballot take effect before issuance?",
    "Release 3.2 deployed to production.",
    "The policy team reviewed the new version.",
    "We updated our CPS as the BRs require.",  # the CA acting
    "Certificates issued that the BRs did not allow were revoked.",
])
def test_an_action_or_a_question_is_not_background(text: str) -> None:
    assert "background" not in shipped(EVENT_FAMILIES).said(text)


def test_an_incident_event_told_with_background_names_the_event() -> None:
    said = shipped(EVENT_FAMILIES).said("Ballot 77 takes effect; the affected certificates were revoked.")
    assert said == ["revoked", "background"]


_MONTH_NAMES = [calendar.month_name[m] for m in range(1, 13)]


@given(st.integers(1990, 2039), st.integers(1, 12), st.sampled_from(["{y}-{m:02d}", "{y}/{m:02d}", "{name} {y}",
                                                                      "{abbr} {y}", "{abbr}. {y}", "{name}, {y}"]),
       st.sampled_from(["", ":", " :", "**", "### "]))
def test_a_month_alone_reads_as_its_first_day(year: int, month: int, form: str, markup: str) -> None:
    written = form.format(y=year, m=month, name=_MONTH_NAMES[month - 1], abbr=_MONTH_NAMES[month - 1][:3])
    line = f"{markup}{written}:" if markup.startswith("#") else f"{markup}{written}{markup}"
    assert month_header(line) == date(year, month, 1)
    stamp = month_at_start(f"{written} Validation service put into production")
    assert stamp is not None and stamp.precision == "month" and stamp.day == date(year, month, 1)


@given(st.dates(date(1990, 1, 1), date(2039, 12, 31)))
def test_a_full_date_is_never_read_as_a_month(day: date) -> None:
    for written in (day.isoformat(), day.strftime("%Y/%m/%d"), f"{day:%B} {day.day}, {day.year}"):
        assert month_header(written) is None
        assert month_at_start(written) is None
        found = find_stamp(written)
        assert found is not None and found.precision == "day" and found.day == day


@pytest.mark.parametrize("text", ["2017-13", "2017-1 release", "2017-10.5", "201710", "Version 2017-10-5x",
                                  "In October we moved"])
def test_what_is_not_a_month_alone(text: str) -> None:
    assert month_at_start(text) is None


def test_items_under_a_month_header_are_dated_to_the_month() -> None:
    timeline = _timeline("""\
        ## Incident Report

        ### Timeline

        All times are UTC.

        2017-06 Validation service put into production

        2017-10:
        - Added support for external resolvers
        - 09:15 Resolver pool switched

        2024-02-01:
        - 08:10 We became aware of the resolver problem.
        """)
    read = [(e.day, e.precision) for e in timeline.entries]
    assert read == [(date(2017, 6, 1), "month"), (date(2017, 10, 1), "month"), (None, "time"),
                    (date(2024, 2, 1), "time")]


def test_a_month_dated_entry_spans_its_month_for_the_deadlines() -> None:
    timeline = _timeline("""\
        ## Incident Report

        ### Timeline

        All times are UTC.

        - 2024-02: We became aware of the problem.
        """)
    (entry,) = timeline.entries
    found = moment(entry, timeline.declared_offset)
    assert found is not None and found.precision == "day"
    assert (found.latest - found.earliest).days == 29  # February 2024
