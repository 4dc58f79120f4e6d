"""X002 appendix-csv-columns: an attached certificate CSV whose first 11 columns are not the standard ones in
order.

CCADB Incident Reporting Guidelines v3.2, Appendix: the list of affected certificates is a comma-separated file
whose first columns are, in order, Precertificate SHA-256 hash, Certificate SHA-256 hash, Subject, Issuer, Not
before, Not after, Serial #, dNSNames, Is revoked?, Revocation date and Revocation reason; columns of the CA's own
may follow. From 10,000 certificates a text file of crt.sh links may replace it. Reviewers and scripts read the
lists of every CA by position.
"""

from __future__ import annotations

import re

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.lazy_regex import lazy_compile
from linter.report.certificate_list import csv_columns_problem

# A certificate list is a CSV, or a text file whose name or description says it lists certificates.
_LISTS_CERTIFICATES = lazy_compile(r"cert|crt\.?sh|serial|fingerprint|affected", re.IGNORECASE)


def check(context: Context):
    bug = context.bug.bug
    for attachment in bug.attachments:
        if attachment.is_obsolete or attachment.text is None or not _certificate_list(attachment):
            continue
        problem = csv_columns_problem(attachment.text)
        if problem:
            comment = next((c.count for c in bug.comments if c.attachment_id == attachment.id), None)
            yield Hit(f"attachment {attachment.id} ({attachment.file_name}): {problem}", None, None,
                      excerpt=attachment.file_name,
                      data={"comment": comment, "attachment": attachment.id, "file_name": attachment.file_name})


def _certificate_list(attachment) -> bool:
    content_type = attachment.content_type.split(";")[0].strip().lower()
    if content_type == "text/csv" or attachment.file_name.lower().endswith(".csv"):
        return True
    return bool(_LISTS_CERTIFICATES.search(f"{attachment.file_name} {attachment.summary}"))


RULE = Rule(
    code="X002", name="appendix-csv-columns", category="certificates", severity=Severity.WARNING,
    description="an attached certificate CSV whose first 11 columns are not the standard ones in order",
    check=check, scope="bug",
    data_keys=("comment", "attachment", "file_name"),
    review=Review(
        ask=("The certificate list in {files} does not begin with the guidelines' columns in their order "
             "(Precertificate SHA-256 hash, Certificate SHA-256 hash, Subject, Issuer, Not before, Not after, Serial "
             "#, dNSNames, Is revoked?, Revocation date, Revocation reason). Please attach a corrected list; columns "
             "of your own can follow them."),
        quote="none", order=8,
    ),
)
