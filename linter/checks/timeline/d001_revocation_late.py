"""D001 revocation-late: from becoming aware to revocation completed, longer than BR 4.9.1.1 allows.

TLS Baseline Requirements 4.9.1.1: within 24 hours for a key compromise or when domain validation can no longer
be relied upon, within 5 days for the other reasons (misissuance among them); 4.9.1.2: within 7 days for a
subordinate CA certificate. The clock is picked from the report's own words; when they do not tell the reason,
5 days is used and the finding says so.
"""

from __future__ import annotations

import re

from linter.checks.base import Context, Review, Rule
from linter.checks.timeline.clocks import became_aware, last, late, moments
from linter.findings import Severity
from linter.lazy_regex import lazy_compile

_CA_CERTIFICATE = lazy_compile(r"\b(?:intermediate|subordinate ca|sub-?ca|issuing ca certificate|ica|"
                             r"ca certificates?)\b", re.IGNORECASE)
_TWENTY_FOUR_HOURS = lazy_compile(r"\b(?:key compromise|compromised (?:private )?keys?|private keys? (?:was|were|"
                                r"has been|had been) (?:compromised|disclosed|exposed|leaked)|domain validation|"
                                r"domain control validation|dcv|validation of domain)\b", re.IGNORECASE)


def clock(text: str) -> tuple[float, str]:
    """The revocation limit in hours and the rule it comes from, judged from the report's text."""
    if _CA_CERTIFICATE.search(text):
        return 7 * 24, "BR 4.9.1.2 (CA certificate: 7 days)"
    if _TWENTY_FOUR_HOURS.search(text):
        return 24, "BR 4.9.1.1 (key compromise or unreliable domain validation: 24 hours)"
    return 5 * 24, "BR 4.9.1.1 (5 days; the report does not say a reason with a shorter clock)"


def check(context: Context):
    report = context.report
    found = moments(context)
    revoked = last(found, {"revoked"})
    aware = became_aware(found, context) if revoked is not None else None
    if aware is None or revoked.order() < aware.order():
        return
    text = "\n".join(context.document.lines[report.line - 1:report.end_line])
    limit, source = clock(text)
    yield from late(aware, revoked, limit, "revocation completed", source)


RULE = Rule(
    code="D001", name="revocation-late", category="deadline", severity=Severity.ERROR,
    description="becoming aware -> revocation completed later than BR 4.9.1.1 allows (24 h / 5 days; 7 days for "
                "CA certificates)",
    check=check,
    data_keys=("from", "to", "elapsed_hours", "limit_hours", "clock"),
    review=Review(
        ask=("Going by the timeline, revocation completed {elapsed} after you became aware of the problem "
             "({from_time} to {to_time}), beyond what {clock} allows. If these times are right, the late revocation "
             "needs an incident report of its own; if they are not, please correct the timeline."),
    ),
)
