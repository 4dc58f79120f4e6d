"""CSV cells that a spreadsheet shows rather than runs.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and one that starts with
a tab or a carriage return may be read so after the white space is trimmed: a bug title such as
``=cmd|' /C calc'!A0`` would run a command on the machine of whoever opens the CSV. OWASP's rule (CSV
Injection) is followed: such a cell gets a leading single quote, which spreadsheets take as "this is text" and
do not show. This module imports nothing of irlint, so that every CSV writer uses the one function, and
writes its rows with :func:`csv_text`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

#: The first characters that make a spreadsheet evaluate a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """``text`` (a cell that can carry text irlint did not write) as a CSV cell no spreadsheet runs.

    Only for text: irlint's own numbers (a count, a negative number of days) are written as they are."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """``rows`` as CSV, one line each ending in a line feed.

    The csv module quotes a cell holding a character of its line terminator, and only those: with a line feed
    alone, a carriage return in a cell (a title from Bugzilla) would be written bare, and a spreadsheet would
    start a new row there. Each row is written with the CRLF terminator, which quotes both, and ended in a
    line feed.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    lines = []
    for row in rows:
        writer.writerow(row)
        lines.append(out.getvalue()[:-2] + "\n")
        out.seek(0)
        out.truncate()
    return "".join(lines)
