"""S001 missing-section: a section the detected template requires is absent."""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.structure.titles import section_title
from linter.findings import Severity


def check(context: Context):
    report = context.report
    for violation in context.analysis.schema_violations:
        if violation.what == "section":
            title = section_title(violation.key, report.kind)
            yield Hit(f"section '{title}' is missing", report.anchor_line,
                      data={"section": violation.key})


RULE = Rule(
    code="S001", name="missing-section", category="structure", severity=Severity.ERROR,
    description="a section the detected template requires is absent",
    check=check,
    data_keys=("section",),
    review=Review(
        ask=("Please add the missing {sections}. A section that does not apply still belongs in the report, saying "
             "so."),
        quote="none",
    ),
)
