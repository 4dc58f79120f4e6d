"""S004 section-order: sections out of template order."""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.schema import template_order
from linter.checks.structure.titles import section_title
from linter.findings import Severity


def check(context: Context):
    report = context.report
    order = template_order(report.kind, report.template_version)
    furthest: dict[int | None, tuple[int, str]] = {}
    for section in report.sections:
        if section.parent is not None or section.key not in order:
            continue
        position = order[section.key]
        before = furthest.get(section.group)
        if before is not None and position < before[0]:
            yield Hit(f"'{section_title(section.key, report.kind)}' comes after "
                      f"'{section_title(before[1], report.kind)}'; the template puts it before",
                      section.line, section=section.key,
                      data={"section": section.key, "after": before[1]})
        elif before is None or position > before[0]:
            furthest[section.group] = (position, section.key)


RULE = Rule(
    code="S004", name="section-order", category="structure", severity=Severity.INFO,
    description="sections out of template order",
    check=check,
    data_keys=("section", "after"),
    review=Review(
        ask=("The sections are not in the template's order; keeping to it makes the report easier to compare with "
             "others."),
        quote="none",
    ),
)
