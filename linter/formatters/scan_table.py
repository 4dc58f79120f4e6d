"""irlint scan's own formats: the bug rows as a text table or as CSV (the same rows the JSON holds in "bugs"); the
text from Bugzilla in them is made inert in both (see linter.terminal), and kept from running in a spreadsheet."""

from __future__ import annotations

from linter.formatters.outcome import Outcome
from linter.spreadsheet import csv_text, text_cell
from linter.terminal import inert

_TEXT_COLUMNS = (("bug", "BUG"), ("ca", "CA"), ("status", "STATUS"), ("reports", "REPORTS"), ("errors", "ERR"),
                 ("warnings", "WARN"), ("process", "PROCESS"), ("days_since_ca_comment", "DAYS"), ("title", "TITLE"))


def format_text(outcome: Outcome) -> str:
    """One line per bug, most in need of attention first, then the summary lines. The CA, status and title
    columns and the CA names of the summary come from Bugzilla: they are made inert before the columns are
    measured, so that the widths are those of the text as shown."""
    rows = [[_shown(row.get(key)) for key, _ in _TEXT_COLUMNS] for row in outcome.bugs]
    header = [title for _, title in _TEXT_COLUMNS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1][:100] for r in [header, *rows]]
    tail = ["", *map(inert, outcome.scan_summary)] if outcome.scan_summary else []
    return "\n".join([*lines, *tail]) + "\n"


def format_csv(outcome: Outcome) -> str:
    keys = list(dict.fromkeys(key for row in outcome.bugs for key in row))
    return csv_text([keys, *([_csv_cell(row.get(key)) for key in keys] for row in outcome.bugs)])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "/".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.0f}"
    return str(value)


def _shown(value) -> str:
    """A cell of the text table: inert, and on one line (a title holding a line break could forge a row)."""
    return inert(_cell(value)).replace("\n", " ")


def _csv_cell(value) -> str:
    # A text value can come from Bugzilla (the title, the CA, the status): it is kept from running as a formula,
    # and made inert, since the CSV is as often printed to a terminal as opened in a spreadsheet. Numbers, and the
    # report kinds irlint names, are irlint's own and are written as they are (a negative number of days stays a
    # number).
    return text_cell(inert(value)) if isinstance(value, str) else _cell(value)
