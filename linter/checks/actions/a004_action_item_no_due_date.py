"""A004 action-item-no-due-date: an action item without a due date, or with one that is not a date; in a legacy
report, a remediation step still to be taken that gives no date.

Every template asks when each action will be complete (the 1.0 topic 7: "the date each action will be
completed"), and reviewers hold the CA to it: "TBD", "Q3", "ASAP" or "ongoing" cannot be missed, so they
promise nothing. A due date is a calendar day: 2026-03-31, 31.03.2026, March 31, 2026. In a legacy report, a
step told in the past tense ("we revoked", "has been deployed") is done and needs no date; only steps the CA
is still to take do.
"""

from __future__ import annotations

from linter.checks.actions.common import cell_end, cut_at, items
from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.report.actions import is_template_row
from linter.report.templates import kinds_where


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def check(context: Context):
    lines = context.document.lines
    for item in items(context):
        if cut_at(context, item) or is_template_row(item):
            continue
        if item.source == "step":
            if item.commitment and not item.dated:
                line, column = item.position("description")
                end = min(column + len(item.description), len(lines[line - 1].rstrip()) + 1)
                yield Hit(f"remediation step '{_short(item.description)}' gives no date by which it will be "
                          "complete", line, column, line, end,
                          section="remediation", excerpt=item.description[:200],
                          data={"action_item": item.description[:200], "value": None})
            continue
        if item.due_date_text is None:
            continue  # no Due Date column: A001 says so
        if not item.due_date_text.strip(" *_`"):
            line, column = item.position("description")
            named = f"action item '{_short(item.description)}'" if item.description.strip() else "an action item"
            yield Hit(f"{named} has no due date", line, column, line,
                      cell_end(context, line, column, item.description), section="action_items",
                      excerpt=item.description[:200], data={"action_item": item.description[:200], "value": ""})
        elif not item.dated:
            line, column = item.position("due_date")
            yield Hit(f"due date '{item.due_date_text[:80]}' is not a date: give the day the action will be "
                      "complete (e.g. 2026-03-31)", line, column, line,
                      cell_end(context, line, column, item.due_date_text), section="action_items",
                      excerpt=item.due_date_text,
                      data={"action_item": item.description[:200], "value": item.due_date_text})


RULE = Rule(
    code="A004", name="action-item-no-due-date", category="action-items", severity=Severity.ERROR,
    description="an action item (or a legacy remediation step still to be taken) without a due date, "
                "or with one that is not a date (TBD, Q3 2026, ASAP)",
    check=check, kinds=kinds_where(lambda template: template.is_full),
    data_keys=("action_item", "value"),
    review=Review(
        ask={
            "missing": "When will this be complete? Every action item needs a due date.",
            "not_a_date": "When will this be complete? Please give a calendar date in place of {values}: only a "
                          "date lets everyone check later that the commitment was kept.",
        },
        variant=lambda data: "not_a_date" if data.get("value") else "missing",
    ),
)
