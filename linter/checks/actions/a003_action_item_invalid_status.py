"""A003 action-item-invalid-status: a 3.x action item whose Status is not Ongoing, Complete, Delayed or Canceled.

The 3.x templates track every commitment through four states until the closure summary says they are all
complete; "In progress", "Open", "Done" or a date in the Status column are not states the CCADB reads, and a
reviewer cannot tell a delayed item from one on track. Case, markup, trailing punctuation, "Cancelled",
"Completed" and a trailing date ("Complete, 2026-03-01") are accepted; an empty Status cell is not judged here.
"""

from __future__ import annotations

from linter.checks.actions.common import invalid_cells
from linter.checks.base import Context, Review, Rule
from linter.findings import Severity
from linter.report import vocabulary as vocab
from linter.report.templates import kinds_where, versions_where


def check(context: Context):
    return invalid_cells(context, "status", "canonical_status", "Status", vocab.ACTION_ITEM_STATUSES)


def _has_status(template) -> bool:
    return "status" in template.action_item_columns


RULE = Rule(
    code="A003", name="action-item-invalid-status", category="action-items", severity=Severity.ERROR,
    description="an action item's Status is not Ongoing, Complete, Delayed or Canceled (3.x)",
    check=check, kinds=kinds_where(_has_status), versions=versions_where(_has_status),
    data_keys=("value", "action_item"),
    review=Review(
        ask=("Please give the status as one of Ongoing, Complete, Delayed or Canceled, not {values}: otherwise a "
             "reader cannot tell whether the item is on track."),
    ),
)
