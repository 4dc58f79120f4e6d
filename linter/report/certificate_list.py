"""The certificate list a full report attaches: its standard columns, and whether an attached list has them.

CCADB Incident Reporting Guidelines v3.2, Appendix: under 10,000 affected certificates a CA MUST attach a
comma-separated listing whose columns are, in this order, the eleven of :data:`STANDARD_COLUMNS`; since 3.2 it
MAY append columns of its own to the right of "Revocation reason". From 10,000 certificates it MAY attach a text
file of crt.sh links instead, one per line. Reviewers and scripts read the columns by position, so a renamed,
missing or moved column breaks every tool that reads the lists of all CAs.
"""

from __future__ import annotations

import re

from linter.lazy_regex import lazy_compile

STANDARD_COLUMNS = (
    "Precertificate SHA-256 hash", "Certificate SHA-256 hash", "Subject", "Issuer", "Not before", "Not after",
    "Serial #", "dNSNames", "Is revoked?", "Revocation date", "Revocation reason",
)
#: From this many certificates a list of crt.sh links may replace the CSV.
LINK_LIST_MINIMUM = 10_000

_CRTSH_LINE = lazy_compile(r"^\s*<?https?://crt\.sh/\?\S+?>?\s*$", re.IGNORECASE)
# Column names are compared on their letters and digits: "Serial #", "serial" and "SERIAL" name one column,
# and so does the wording some tools print for it.
_ALIASES = {"serialnumber": "serial", "precertsha256hash": "precertificatesha256hash",
            "certsha256hash": "certificatesha256hash", "revoked": "isrevoked"}


def csv_columns_problem(text: str) -> str | None:
    """Why an attached certificate list does not have the standard columns (X002), or None when it does.

    The first 11 columns must be the standard ones, in order; columns after them are fine. A text file of
    crt.sh links, one per line, is fine from 10,000 certificates.
    """
    text = text.lstrip("\ufeff")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return "the certificate list is empty"
    if all(_CRTSH_LINE.match(line) for line in lines):
        if len(lines) >= LINK_LIST_MINIMUM:
            return None
        return (f"a list of crt.sh links is accepted from {LINK_LIST_MINIMUM:,} certificates, and this one has "
                f"{len(lines):,}: attach a CSV with the {len(STANDARD_COLUMNS)} standard columns")
    import csv  # only for an attached list: a check of a draft has none

    header = next(csv.reader([lines[0]]), [])
    if len(header) == 1 and any(separator in lines[0] for separator in (";", "\t")):
        return "the certificate list is not comma-separated: the guidelines ask for a comma-separated listing"
    order = ", ".join(STANDARD_COLUMNS)
    for position, wanted in enumerate(STANDARD_COLUMNS):
        if position >= len(header):
            missing = ", ".join(f"'{name}'" for name in STANDARD_COLUMNS[position:])
            return f"the header has {len(header)} columns and lacks {missing}: the first 11 must be {order}"
        if _name(header[position]) != _name(wanted):
            return (f"column {position + 1} is '{header[position].strip()}' where the guidelines put '{wanted}': "
                    f"the first 11 columns must be {order}")
    return None


def _name(column: str) -> str:
    bare = re.sub(r"[^a-z0-9]", "", column.lower())
    return _ALIASES.get(bare, bare)
