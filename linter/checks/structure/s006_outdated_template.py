"""S006 outdated-template: a template superseded more than 30 days before the report date.

CCADB Policy 6.1: CA Owners "MUST NOT use a version of an IRG template that has been superseded by more than
30 calendar days before the corresponding report ... is posted".
"""

from __future__ import annotations

from datetime import timedelta

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.report import vocabulary as vocab

GRACE = timedelta(days=30)


def check(context: Context):
    report = context.report
    template = vocab.TEMPLATES[(report.kind, report.template_version)]
    # Without a date from the report, its bug or the command line, its age is unknown: stay silent.
    if template.superseded is None or context.date_source == "today":
        return
    if context.report_date > template.superseded + GRACE:
        yield Hit(f"the {report.kind} {report.template_version} template was superseded on "
                  f"{template.superseded.isoformat()}; a report dated {context.report_date.isoformat()} "
                  "must use the current CCADB template", report.anchor_line,
                  data={"template": template.key, "superseded": template.superseded.isoformat(),
                        "report_date": context.report_date.isoformat()})


RULE = Rule(
    code="S006", name="outdated-template", category="structure", severity=Severity.ERROR,
    description="a template superseded more than 30 days before the report date (CCADB Policy 6.1)",
    check=check,
    data_keys=("template", "superseded", "report_date"),
    review=Review(
        ask=("This report uses the {template} template, which was superseded on {superseded}. Please post it again "
             "using the current template."),
        quote="none",
    ),
)
