"""S007 invalid-field-value: a field whose value the template restricts holds something else."""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.report import vocabulary as vocab
from linter.report.templates import kinds_where

_MESSAGES = {
    "ca_owner_ccadb_id": "CCADB unique ID '{value}' is not 'A' followed by six digits",
    "source_of_disclosure": "source of incident disclosure '{value}' is not one of "
                            + ", ".join(vocab.DISCLOSURE_SOURCES[:-1]) + " or " + vocab.DISCLOSURE_SOURCES[-1],
}


def check(context: Context):
    for violation in context.analysis.schema_violations:
        found = violation.field
        if violation.what != "value" or found is None:
            continue
        value = found.first_value
        yield Hit(_MESSAGES.get(violation.key, "'{value}' is not an allowed value").format(value=value[:80]),
                  found.value_line, found.value_column, found.value_line, found.value_column + len(value),
                  section=found.section, excerpt=value, data={"field": violation.key, "value": value})


RULE = Rule(
    code="S007", name="invalid-field-value", category="structure", severity=Severity.ERROR,
    description="a field value outside what the template allows (CCADB ID, source of disclosure)",
    check=check, kinds=kinds_where(lambda template: bool(template.fields)),
    data_keys=("field", "value"),
    review=Review(
        ask=("Please use a value the template allows here: the CCADB unique ID is an A followed by six digits, and "
             "the source of disclosure is one of Self Reported, Third Party Reported or Audit."),
    ),
)
