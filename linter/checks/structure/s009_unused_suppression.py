"""S009 unused-suppression: an inline suppression that suppressed nothing."""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.suppression import suppress


def check(context: Context):
    _, used = suppress(context.document, context.findings)
    for directive, suppressed in used.items():
        if directive.action == "enable":
            continue  # it ends a suppression; it suppresses nothing itself
        if directive.codes:
            # A rule that did not run (not selected) cannot be judged unused; an unknown one always is.
            unused = [c for c in directive.codes
                      if c not in suppressed and (c in context.ran or c not in context.known)]
        else:
            unused = [] if suppressed else ["every rule"]
        if unused:
            yield Hit(f"suppression of {', '.join(unused)} suppressed nothing: remove it", directive.line,
                      directive.column, directive.line, directive.end_column, excerpt=directive.text,
                      data={"codes": [c for c in unused if c != "every rule"]})


RULE = Rule(
    code="S009", name="unused-suppression", category="structure", severity=Severity.INFO,
    description="an inline suppression comment that suppressed nothing",
    check=check, scope="findings",
    why="A suppression that no longer matches anything hides future findings on its lines for no reason.",
    data_keys=("codes",),
    review=Review(
        ask="A suppression comment in the report no longer suppresses anything and can be removed.",
        quote="none",
    ),
)
