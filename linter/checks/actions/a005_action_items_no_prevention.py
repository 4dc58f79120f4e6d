"""A005 action-items-no-prevention: a report whose action items include none of kind Prevent.

Mitigating and detecting limit the harm of the next occurrence; only a Prevent action stops the incident from
happening again, which is what the Action Items section is for. Reviewers ask for one whenever a plan only
mitigates or detects. Judged across the report (all findings of an audit report) once it has action items
with kinds; while a kind is one A002 rejects ("Fix"), it may be meant as Prevent, and this rule waits. Legacy
reports have no kinds.
"""

from __future__ import annotations

from collections import Counter

from linter.checks.actions.common import TABLE_KINDS, header_hit, items, table_cut_short
from linter.checks.base import Context, Review, Rule
from linter.findings import Severity
from linter.report.actions import is_template_row


def check(context: Context):
    rows = [item for item in items(context)
            if item.source == "table" and item.kind is not None and not is_template_row(item)]
    named = [item for item in rows if item.kind.strip(" *_`")]
    if not named or any(item.kinds is None or "Prevent" in item.kinds for item in named):
        return  # a Prevent item, or a kind A002 rejects, which may be meant as one
    if table_cut_short(context):
        return  # rows after the cut may hold one
    counts = Counter(kind for item in named for kind in item.kinds)
    listed = ", ".join(f"{count} {kind}" for kind, count in counts.most_common())
    yield header_hit(context, f"no action item is of kind Prevent ({listed}): add one that stops the incident from "
                              "recurring", {"kinds": dict(counts)})


RULE = Rule(
    code="A005", name="action-items-no-prevention", category="action-items", severity=Severity.WARNING,
    description="no action item is of kind Prevent",
    check=check, kinds=TABLE_KINDS,
    data_keys=("kinds",),
    review=Review(
        ask=("None of the action items is of kind Prevent. What change stops this incident from happening again, "
             "rather than limiting or detecting the next one?"),
        quote="none",
    ),
)
