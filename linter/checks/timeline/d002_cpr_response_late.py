"""D002 cpr-response-late: certificate problem report received, preliminary findings to the reporter later
than 24 hours.

TLS Baseline Requirements 4.9.5: within 24 hours after receiving a Certificate Problem Report, the CA
investigates and provides a preliminary report on its findings to the Subscriber and to the entity that filed
the report.
"""

from __future__ import annotations

from linter.checks.base import Context, Review, Rule
from linter.checks.timeline.clocks import first, first_after, late, moments
from linter.findings import Severity


def check(context: Context):
    found = moments(context)
    received = first(found, {"cpr_received"})
    response = first_after(found, {"cpr_response"}, received) if received else None
    if response is not None:
        yield from late(received, response, 24, "preliminary findings sent to the reporter", "BR 4.9.5 (24 hours)")


RULE = Rule(
    code="D002", name="cpr-response-late", category="deadline", severity=Severity.ERROR,
    description="certificate problem report received -> preliminary findings to the reporter later than 24 h "
                "(BR 4.9.5)",
    check=check,
    data_keys=("from", "to", "elapsed_hours", "limit_hours", "clock"),
    review=Review(
        ask=("Going by the timeline, your preliminary findings reached the reporter {elapsed} after the certificate "
             "problem report arrived ({from_time} to {to_time}), beyond the 24 hours of BR 4.9.5. Are these times "
             "right, and if so, what delayed the response?"),
    ),
)
