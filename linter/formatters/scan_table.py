"""irlint scan's own formats: the bug rows as a text table or as CSV (the same rows the JSON holds in "bugs")."""

from __future__ import annotations

import csv
import io

from linter.formatters.outcome import Outcome

_TEXT_COLUMNS = (("bug", "BUG"), ("ca", "CA"), ("status", "STATUS"), ("reports", "REPORTS"), ("errors", "ERR"),
                 ("warnings", "WARN"), ("process", "PROCESS"), ("days_since_ca_comment", "DAYS"), ("title", "TITLE"))


def format_text(outcome: Outcome) -> str:
    """One line per bug, most in need of attention first, then the summary lines."""
    rows = [[_cell(row.get(key)) for key, _ in _TEXT_COLUMNS] for row in outcome.bugs]
    header = [title for _, title in _TEXT_COLUMNS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1][:100] for r in [header, *rows]]
    return "\n".join([*lines, "", *outcome.scan_summary]) + "\n"


def format_csv(outcome: Outcome) -> str:
    keys = list(dict.fromkeys(key for row in outcome.bugs for key in row))
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(keys)
    for row in outcome.bugs:
        writer.writerow([_cell(row.get(key)) for key in keys])
    return stream.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "/".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.0f}"
    return str(value)
