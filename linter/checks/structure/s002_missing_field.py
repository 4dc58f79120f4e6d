"""S002 missing-field: a required field of a 3.x template is absent, bold or not."""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.structure.titles import field_label, section_title
from linter.findings import Severity
from linter.report import vocabulary as vocab
from linter.report.templates import kinds_where


def check(context: Context):
    report = context.report
    owner = vocab.FIELD_SECTION[report.kind]
    for violation in context.analysis.schema_violations:
        if violation.what != "field":
            continue
        section_key = owner.get(violation.key)
        section = report.section(section_key) if section_key else None
        where = section_title(section_key) if section_key else "the report"
        if violation.factor is not None:
            factor = next((f for f in report.factors if f.number == violation.factor), None)
            where = f"Contributing Factor {violation.factor}" if factor or report.factors else where
            line = factor.line if factor else (section.line if section else report.anchor_line)
        else:
            line = section.line if section else report.anchor_line
        data = {"field": violation.key}
        if violation.factor is not None:
            data["factor"] = violation.factor
        yield Hit(f"field '{field_label(violation.key, report.kind)}' is missing from {where}", line,
                  section=section_key, data=data)


RULE = Rule(
    code="S002", name="missing-field", category="structure", severity=Severity.ERROR,
    description="a required field of a 3.x template is absent",
    check=check, kinds=kinds_where(lambda template: bool(template.fields)),
    data_keys=("field",),
    optional_data_keys=("factor",),
    review=Review(
        ask=("Please add the missing {fields}; where a field does not apply, give it as N/A rather than leaving it "
             "out."),
        quote="none",
    ),
)
