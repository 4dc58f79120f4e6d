"""irlint scan's own formats: the bug rows as a text table or as CSV (the same rows the JSON holds in "bugs"); the
text from Bugzilla in them is made inert in both (see linter.terminal), and kept from running in a spreadsheet."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linter.bugs.history import SERIES
from linter.formatters.outcome import Outcome
from linter.spreadsheet import csv_text, text_cell
from linter.terminal import inert

_TEXT_COLUMNS = (("bug", "BUG"), ("ca", "CA"), ("status", "STATUS"), ("error", "ERR"), ("warning", "WARN"),
                 ("info", "INFO"), ("last_ca_comment", "LAST-CA"), ("days_since_ca_comment", "DAYS"),
                 ("headline", "WHAT NEEDS ATTENTION"), ("title", "TITLE"))
_CHANGE_COLUMNS = ("bug", "ca", "kind", "text", "title")


def format_text(outcome: Outcome) -> str:
    """One line per bug, most in need of attention first, then the summary lines (with --changes: one line per
    change); the CA's history after them when there is one. The CA, status and title columns and the CA names of
    the summary come from Bugzilla: they are made inert before the columns are measured, so that the widths are
    those of the text as shown."""
    if outcome.changes_only:
        return _changes_text(outcome.changes or {}) + _history_text(outcome.history)
    rows = [[_shown(row.get(key)) for key, _ in _TEXT_COLUMNS] for row in outcome.bugs]
    header = [title for _, title in _TEXT_COLUMNS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1][:100] for r in [header, *rows]]
    tail = ["", *map(inert, outcome.scan_summary)] if outcome.scan_summary else []
    return "\n".join([*lines, *tail]) + "\n" + _history_text(outcome.history)


def format_csv(outcome: Outcome) -> str:
    """The bug rows, or with --changes the changes, one a line."""
    if outcome.changes_only:
        changes = (outcome.changes or {}).get("changes") or []
        return csv_text([list(_CHANGE_COLUMNS), *([_csv_cell(item.get(key)) for key in _CHANGE_COLUMNS]
                                                  for item in changes)])
    keys = list(dict.fromkeys(key for row in outcome.bugs for key in row))
    return csv_text([keys, *([_csv_cell(row.get(key)) for key in keys] for row in outcome.bugs)])


def _changes_text(changes: Mapping[str, Any]) -> str:
    if changes.get("since") is None:
        return "no earlier sync to compare with: the next scan will say what changed\n"
    items = changes.get("changes") or []
    lines = [f"{len(items)} change{'s' * (len(items) != 1)} from the sync of {changes['since']} to the sync of "
             f"{changes['until']}"]
    lines += [f"bug {item['bug']}  " + (f"{_shown(item['ca'])}: " if item.get("ca") else "") + _shown(item.get("text"))
              for item in items]
    return "\n".join(lines) + "\n"


def _history_text(history: Mapping[str, Any] | None) -> str:
    """The history as lines of "year value" pairs, one a series, then the totals."""
    if not history or not history.get("years"):
        return ""
    lines = ["", f"history: {_shown(history.get('name'))} ({history['bugs']} bugs, {history['open']} open)"]
    for key, title, unit in SERIES:
        values = history["series"].get(key) or []
        if all(value is None for value in values):
            lines.append(f"  {title}: not counted")
            continue
        pairs = ", ".join(f"{year} {_cell(value) if value is not None else '-'}"
                          for year, value in zip(history["years"], values))
        lines.append(f"  {title} ({unit}): {pairs}")
    totals = history.get("totals") or {}
    lines.append("  totals: " + ", ".join(f"{key} {_cell(value) if value is not None else '-'}"
                                          for key, value in totals.items()))
    return "\n".join(lines) + "\n"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "/".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
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
