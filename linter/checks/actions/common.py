"""What the action-item rules share: the report's action items and tables (read once, with the report)."""

from __future__ import annotations

from linter.checks.base import Context, Hit
from linter.report.actions import ActionItem, ActionTable, is_template_row
from linter.report.templates import kinds_where

#: The report kinds whose templates hold an Action Items table.
TABLE_KINDS = kinds_where(lambda template: template.has_action_table)


def items(context: Context) -> tuple[ActionItem, ...]:
    """The report's action items (table rows, or a legacy report's remediation steps)."""
    return context.report.action_items


def tables(context: Context) -> tuple[ActionTable, ...]:
    """The table of each Action Items section of the report."""
    return context.report.action_tables


def table_cut_short(context: Context) -> bool:
    """The source is cut short inside the report's last Action Items table: rows after the cut were never there
    to see, and may hold what a rule looks for."""
    report, found = context.report, tables(context)
    return bool(report.cut_short and report.sections and found and found[-1].section is report.sections[-1])


def header_hit(context: Context, message: str, data: dict) -> Hit:
    """A finding about the plan as a whole, on the header line of the first Action Items table with rows."""
    first = next(table for table in tables(context) if table.rows)
    line = first.line or first.section.line
    source = context.document.lines[line - 1]
    return Hit(message, line, len(source) - len(source.lstrip()) + 1, line, len(source.rstrip()) + 1,
               section="action_items", excerpt=" | ".join(first.header or ())[:200], data=data)


def cut_at(context: Context, item: ActionItem) -> bool:
    """The source is cut short inside this item: its later cells were never there to see."""
    report = context.report
    return report.cut_short and item.end_line >= report.end_line


def cell_end(context: Context, line: int, column: int, text: str) -> int:
    """The end column of a cell's text that starts at (line, column)."""
    source = context.document.lines[line - 1]
    if source[column - 1:column - 1 + len(text)] == text:
        return column + len(text)
    return max(column, len(source.rstrip()) + 1)


def invalid_cells(context: Context, column: str, canonical: str, label: str, allowed: tuple[str, ...]):
    """A finding for each table row whose ``column`` cell holds a value with no ``canonical`` reading."""
    for item in items(context):
        value = getattr(item, column)
        if item.source != "table" or value is None or is_template_row(item) or cut_at(context, item):
            continue
        if getattr(item, canonical) is None:
            line, start = item.position(column)
            yield Hit(f"{label} '{value[:80]}' is not one of {', '.join(allowed)}", line, start, line,
                      cell_end(context, line, start, value), section="action_items", excerpt=value,
                      data={"value": value, "action_item": item.description[:200]})
