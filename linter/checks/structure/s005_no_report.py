"""S005 no-report: no incident report recognised in an input that was named explicitly."""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity


def check(context: Context):
    if context.explicit and context.report is None:
        yield Hit("no incident report recognised: no report heading, template sections or legacy questions",
                  1, 1)


RULE = Rule(
    code="S005", name="no-report", category="structure", severity=Severity.ERROR,
    description="no incident report recognised in an input that was named explicitly",
    check=check, scope="source",
    review=Review(
        ask=("I could not find an incident report here. Please use one of the CCADB templates, so that each part of "
             "the report can be found where readers expect it."),
        quote="none",
    ),
)
