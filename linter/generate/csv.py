"""The affected-certificates attachment of a full report: writing it, and checking one a CA attached (X002).

CCADB Incident Reporting Guidelines v3.2, Appendix: under 10,000 affected certificates a CA MUST attach a
comma-separated listing whose columns are, in this order, the eleven of :data:`STANDARD_COLUMNS`; since 3.2 it
MAY append columns of its own to the right of "Revocation reason". From 10,000 certificates it MAY attach a text
file of crt.sh links instead, one per line. Reviewers and scripts read the columns by position, so a renamed,
missing or moved column breaks every tool that reads the lists of all CAs.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from datetime import UTC
from typing import Any

from linter.spreadsheet import csv_text, text_cell

STANDARD_COLUMNS = (
    "Precertificate SHA-256 hash", "Certificate SHA-256 hash", "Subject", "Issuer", "Not before", "Not after",
    "Serial #", "dNSNames", "Is revoked?", "Revocation date", "Revocation reason",
)
#: From this many certificates a list of crt.sh links may replace the CSV.
LINK_LIST_MINIMUM = 10_000

# The facts file's key for each standard column, in order.
_FACT_KEYS = ("precertificate_sha256", "certificate_sha256", "subject", "issuer", "not_before", "not_after",
              "serial", "dns_names", "is_revoked", "revocation_date", "revocation_reason")
_CRTSH_LINE = re.compile(r"^\s*<?https?://crt\.sh/\?\S+?>?\s*$", re.IGNORECASE)
# Column names are compared on their letters and digits: "Serial #", "serial" and "SERIAL" name one column,
# and so does the wording some tools print for it.
_ALIASES = {"serialnumber": "serial", "precertsha256hash": "precertificatesha256hash",
            "certsha256hash": "certificatesha256hash", "revoked": "isrevoked"}


def certificates_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """The CSV of ``rows`` (certificates as in a facts file's appendix) under the 11 standard column names.

    Fingerprints and serials are written as lower-case hex without separators, instants in UTC
    ("2026-03-15T00:41:00Z"), several dNSNames separated by spaces (a DNS name holds none). Reviewers open the
    attachment in a spreadsheet, and every cell is text copied from certificates (a subject's organisation is
    the subscriber's to choose) or from the facts file, none a number irlint computed: a cell that a
    spreadsheet would run as a formula is written as text.
    """
    return csv_text([STANDARD_COLUMNS, *([text_cell(_cell(key, row[key])) for key in _FACT_KEYS] for row in rows)])


def _cell(key: str, value: Any) -> str:
    from linter.generate.facts import parse_instant

    if key in ("precertificate_sha256", "certificate_sha256", "serial") and value != "N/A":
        text = str(value).replace(":", "").lower()
        return text[2:] if key == "serial" and text.startswith("0x") else text
    if key == "dns_names" and not isinstance(value, str):
        return " ".join(value)
    if key in ("not_before", "not_after", "revocation_date"):
        instant = parse_instant(str(value))
        if instant is not None:
            return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


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
