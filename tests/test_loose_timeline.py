"""A timeline written outside a timeline section: under a label in a text without a template, or after a zone
declaration in a copied page that lost the timeline's heading. Each case says which timeline findings a reviewer
would make: the list must look like a timeline (an opening line, then at least two stamped lines before the next
title), and nothing after that title is read as an entry."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from linter.lint import Options, lint_text

TIMELINE_CODES = {"T001", "T002", "T003", "T004", "T005", "T007"}

CASES = {
    "label then days only": ("""\
        Steps to reproduce:

        We did not disclose the new subordinate CA within a week of its creation.

        Timeline:
        - 2025-03-03: Subordinate CA created in a key ceremony
        - 2025-03-12: Disclosure entered in the CCADB
        """, [("T002", 6), ("T002", 7)]),
    "bold label, day headers and times without a zone": ("""\
        The OCSP responder answered "unknown" for certificates of one issuing CA.

        **Timeline of events**

        Mar 3:
        - 09:12 Monitoring alert raised
        - 09:40 Responder configuration corrected

        Further information follows.
        """, [("T003", 6)]),
    "label then timed entries in a declared zone": ("""\
        Timeline (all times UTC):
        2025-03-03 09:12 Monitoring alert raised
        2025-03-03 09:40 Responder configuration corrected
        """, []),
    "a label with one stamped line is not yet a timeline": ("""\
        Timeline:
        2025-03-03 Monitoring alert raised, and the responder was corrected the same morning.
        """, []),
    "entries stop at the next label": ("""\
        Timeline:
        2025-03-03 10:02 UTC Alert raised
        2025-03-03 10:30 UTC Responder fixed

        Actual results:
        2025-03-10 The revised configuration goes live on the second site.
        2025-03-11 The old responder is retired.
        """, []),
    "a dated list without a timeline's opening line": ("""\
        The certificates below are affected:
        - 2025-01-05 serial 4F:21:9A, issued to a customer in Lyon
        - 2025-01-09 serial 11:0C:7E, issued to a customer in Oslo
        """, []),
    "a list of dated events with no title": ("""\
        Steps to reproduce:

        We were late to revoke two intermediates whose EKU was missing.

        Actual results:

        \u2022\tThe problem report about the intermediates was received on 2025-01-07
        \u2022\tThe first intermediate was revoked on 2025-02-28
        (see the linked bug)
        \u2022\tThe second intermediate was revoked on 2025-03-14
        """, [("T002", 7), ("T002", 8), ("T002", 10)]),
    "a list of certificates and their dates tells no event": ("""\
        The certificates below are affected:
        - 2025-01-05 serial 4F:21:9A, a customer in Lyon
        - 2025-01-09 serial 11:0C:7E, a customer in Oslo
        - 2025-01-12 serial 2B:D3:05, a customer in Porto
        """, []),
    "a page that lost the timeline's heading": ("""\
        Incident Report

        During a test of the new enrolment flow we issued 6 OV certificates with an abbreviated state name.

        All times are UTC.

        Test of the new enrolment flow and issuance of the six certificates
        08:12 UTC First certificate issued

        09:40 UTC Last certificate issued
        11:47 UTC All six certificates revoked

        Root Cause Analysis

        The new state field accepted free text, and the code that maps abbreviations was not called from it.
        """, [("T001", 8), ("T001", 10), ("T001", 11)]),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_loose_timeline(text: str, expected: list[tuple[str, int]]) -> None:
    result = lint_text(textwrap.dedent(text), "notice.md", Options(report_date=date(2025, 3, 20)))
    assert [(f.rule, f.line) for f in result.findings if f.rule in TIMELINE_CODES] == expected
