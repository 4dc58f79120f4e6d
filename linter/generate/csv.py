"""The affected-certificates attachment of a full report, written from the facts under the standard columns
(linter.report.certificate_list)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC
from typing import Any

from linter.generate.facts import parse_instant
from linter.report.certificate_list import STANDARD_COLUMNS
from linter.spreadsheet import csv_text, text_cell

# The facts file's key for each standard column, in order.
_FACT_KEYS = ("precertificate_sha256", "certificate_sha256", "subject", "issuer", "not_before", "not_after",
              "serial", "dns_names", "is_revoked", "revocation_date", "revocation_reason")


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
