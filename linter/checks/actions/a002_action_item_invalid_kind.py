"""A002 action-item-invalid-kind: an action item whose Kind is not Prevent, Mitigate or Detect.

The templates allow three kinds, and reviewers weigh the plan by them: an incident needs at least one action
that makes it impossible to recur (Prevent), and they tell mitigations and detections apart from it. A kind
of one's own ("Fix", "Corrective", "Process") hides which of the three the action is. Case, markup, trailing
punctuation and the noun forms ("Prevention") are accepted; an empty Kind cell is not judged here.
"""

from __future__ import annotations

from linter.checks.actions.common import TABLE_KINDS, invalid_cells
from linter.checks.base import Context, Review, Rule
from linter.findings import Severity
from linter.report import vocabulary as vocab


def check(context: Context):
    return invalid_cells(context, "kind", "kinds", "Kind", vocab.ACTION_ITEM_KINDS)


RULE = Rule(
    code="A002", name="action-item-invalid-kind", category="action-items", severity=Severity.ERROR,
    description="an action item's Kind is not Prevent, Mitigate or Detect",
    check=check, kinds=TABLE_KINDS,
    data_keys=("value", "action_item"),
    review=Review(
        ask=("Is this action meant to prevent, mitigate or detect? The template knows only those three kinds, not "
             "{values}, and the plan is weighed by them."),
    ),
)
