"""S003 empty-section: a section or field left empty, or holding only a placeholder or template example."""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.structure.titles import field_label, section_title
from linter.findings import Severity

_EXAMPLE_ROWS = {"action_items": "Action Items", "related_incidents": "Related Incidents"}


def check(context: Context):
    # The parts are found once per report, by the report's analysis: S010 reads them so as not to report
    # them twice.
    report = context.report
    for part in context.analysis.empty_parts:
        said = "empty" if part.verdict == "empty" else "only a placeholder"
        if part.what == "section":
            yield Hit(f"section '{section_title(part.key, report.kind)}' is {said}", part.line, section=part.key,
                      excerpt=part.text[:200], data={"section": part.key, "placeholder": part.verdict == "placeholder"})
        elif part.what == "field":
            found = part.field
            yield Hit(f"field '{field_label(part.key, report.kind)}' is {said}",
                      found.line, found.column, found.line, found.column + len(found.label),
                      section=part.section, excerpt=part.text[:200],
                      data={"field": part.key, "placeholder": part.verdict == "placeholder"})
        else:
            yield Hit(f"the {_EXAMPLE_ROWS[part.key]} table still holds the template's example row", part.line,
                      section=part.key, excerpt=part.text[:200], data={"section": part.key})


RULE = Rule(
    code="S003", name="empty-section", category="structure", severity=Severity.ERROR,
    description="a section or field left empty, or only a placeholder (TBD, TODO, template example text)",
    check=check,
    optional_data_keys=("field", "placeholder", "section"),
    review=Review(
        ask=("Please complete {what}: a placeholder or the template's example is not an answer. Where something "
             "does not apply, say N/A and why."),
    ),
)
