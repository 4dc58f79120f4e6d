"""A001 action-items-malformed: an Action Items section without a table, or a table whose header lacks a column
of its template version or has them out of order.

The 2.0 incident and audit templates ask for a table with the columns Action Item, Kind and Due Date; the 3.x
full report adds Corresponding Root Cause(s), Evaluation Criteria and Status. Reviewers and the CCADB tooling
read the commitments from those columns, in that order: a list in prose, a renamed column or a missing Status
leaves them to guess what was promised, by when, and how far it has got. Extra columns are fine. A missing
Action Items section is S001's to report, an empty one S003's.
"""

from __future__ import annotations

from linter.checks.actions.common import TABLE_KINDS, tables
from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.report import vocabulary as vocab
from linter.report.templates import template


def column_title(column: str) -> str:
    """The template's title of a normalised column name ("corresponding root cause(s)")."""
    return " ".join(word.capitalize() for word in column.split())


def check(context: Context):
    report = context.report
    columns = template(report.kind, report.template_version).action_item_columns
    if not columns:
        return  # the 1.0 audit template asks for a remediation plan, not a table
    wanted = [(vocab.ACTION_ITEM_KEYS[column], column_title(column)) for column in columns]
    layout = " | ".join(title for _, title in wanted)
    last_section = report.sections[-1] if report.sections else None
    for table in tables(context):
        section = table.section
        cut_here = report.cut_short and section is last_section
        if table.header is None:
            if cut_here or section.empty or context.analysis.placeholder(section.body, True):
                continue  # the table may have followed the cut; an empty section is S003's
            heading = context.document.lines[section.line - 1]
            yield Hit(f"the Action Items section holds no table: the {report.template_version} template asks for "
                      f"a table with the columns {layout}", section.line, 1, section.line,
                      len(heading.rstrip()) + 1, section="action_items",
                      excerpt=section.body[:200], data={"missing": [title for _, title in wanted], "header": None})
            continue
        keys = table.keys
        line = table.line or section.line
        source = context.document.lines[line - 1]
        column = len(source) - len(source.lstrip()) + 1
        position = dict(line=line, column=column, end_column=len(source.rstrip()) + 1, section="action_items",
                        excerpt=" | ".join(table.header)[:200])
        missing = [title for key, title in wanted if key not in keys]
        if missing:
            named = " and ".join(f"'{title}'" for title in missing) if len(missing) <= 2 \
                else ", ".join(f"'{title}'" for title in missing[:-1]) + f" and '{missing[-1]}'"
            noun = "column" if len(missing) == 1 else "columns"
            yield Hit(f"the Action Items table has no {named} {noun}: the {report.template_version} template's "
                      f"columns are {layout}", **position,
                      data={"missing": missing, "header": list(table.header)})
            continue
        order = [keys.index(key) for key, _ in wanted]
        if order != sorted(order):
            written = " | ".join(table.header[index] for index in sorted(order))
            yield Hit(f"the Action Items columns are out of order ({written}): the {report.template_version} "
                      f"template's order is {layout}", **position,
                      data={"missing": [], "header": list(table.header)})
            continue
        if not table.rows and not cut_here:
            yield Hit("the Action Items table has a header but no rows", **position,
                      data={"missing": [], "header": list(table.header)})


RULE = Rule(
    code="A001", name="action-items-malformed", category="action-items", severity=Severity.ERROR,
    description="the Action Items section holds no table, or its columns are missing or out of template order",
    check=check, kinds=TABLE_KINDS,
    data_keys=("missing", "header"),
    review=Review(
        ask=("Please put the action items in the template's table, with its columns in the template's order (for a "
             "full report: Action Item, Kind, Corresponding Root Cause(s), Evaluation Criteria, Due Date, Status), "
             "so that each commitment, its date and its progress can be read at a glance."),
        quote="none",
    ),
)
