"""A002 action-item-invalid-kind: an action item whose Kind is not Prevent, Mitigate or Detect.

The templates allow three kinds, and reviewers weigh the plan by them: an incident needs at least one action
that makes it impossible to recur (Prevent), and they tell mitigations and detections apart from it. A kind
of one's own ("Fix", "Corrective", "Process") hides which of the three the action is. Case, markup, trailing
punctuation and the noun forms ("Prevention") are accepted; an empty Kind cell is not judged here.
"""

from __future__ import annotations

from linter.checks import Context, Hit, Rule
from linter.checks.actions.common import TABLE_KINDS, cell_end, cut_at, items
from linter.findings import Severity
from linter.report import vocabulary as vocab
from linter.report.actions import is_template_row

ALLOWED = ", ".join(vocab.ACTION_ITEM_KINDS)


def check(context: Context):
    for item in items(context):
        if item.source != "table" or item.kind is None or is_template_row(item) or cut_at(context, item):
            continue
        if item.kinds is None:
            line, column = item.position("kind")
            yield Hit(f"Kind '{item.kind[:80]}' is not one of {ALLOWED}", line, column, line,
                      cell_end(context, line, column, item.kind), section="action_items", excerpt=item.kind,
                      data={"value": item.kind, "action_item": item.description[:200]})


RULE = Rule(
    code="A002", name="action-item-invalid-kind", category="action-items", severity=Severity.ERROR,
    description="an action item's Kind is not Prevent, Mitigate or Detect",
    check=check, kinds=TABLE_KINDS,
)
