"""S010 leftover-guidance: template guidance or example text left in a report: the ``<!-- irlint-guidance: ... -->``
comments that ``irlint new --guidance`` writes under each label, a "Contributing Factor #: title" heading, the
Related Incidents example cells ("Date Related Bug was opened", "A description of how the subject Bug is related to
the Bug referenced."), "Criteria" as an action item's Evaluation Criteria, the guidelines' "[sha256 fingerprint of
the certificate]" placeholder, and the 2.0 timeline's "YYYY-MM-DD:" / "- HH:MM Example" lines.

A guidance comment does not show on the bug page, but the Markdown is what the REST API serves, what tools read
and what reviewers quote; example wording shows on the page and says nothing. Either way the report was posted
before the draft was finished. A value, row or section that is nothing but template text is S003's to report (an
empty field, the "Example" action item, the "[Related Bug ID](Related Bug URL)" row), never this rule's too.
"""

from __future__ import annotations

import re
from dataclasses import replace

from linter.checks.base import Context, Hit, Review, Rule
from linter.document import CODE
from linter.findings import Severity
from linter.lazy_regex import lazy_compile
from linter.report.headings import normalise

_GUIDANCE = lazy_compile(r"<!--\s*irlint-guidance\b.*?(?:-->|$)", re.IGNORECASE)
# What the template writes in place of a factor's number ("#") and title ("title").
_FACTOR_TEMPLATE = lazy_compile(r"^contributing factor\s*(?:(?P<number>#)(?!\s*\d)|#?\s*\d+)?\s*:?\s*(?P<rest>.*)$")
_RELATED_EXAMPLES = {
    "date": "date related bug was opened",
    "description": "a description of how the subject bug is related to the bug referenced",
}
_CRITERIA_EXAMPLE = "criteria"
_FINGERPRINT_PLACEHOLDER = lazy_compile(r"\[sha256 fingerprint of the certificate\]", re.IGNORECASE)
_V2_TIMELINE_EXAMPLE = lazy_compile(r"^\s*(?:[-*]\s*)?(?:yyyy-mm-dd:?|hh:mm example)\s*$", re.IGNORECASE)


def check(context: Context):
    document, report = context.document, context.report
    first, last = (report.line, report.end_line) if report else (1, len(document.lines))
    taken = _reported_by_s003(context)
    hits = list(_guidance_comments(context, first, last))
    if report is not None:
        hits.extend(_factor_headings(context))
        hits.extend(_example_cells(context))
        hits.extend(_example_lines(context, first, last))
    for hit in sorted(hits, key=lambda h: (h.line, h.column)):
        if hit.line in taken["lines"]:
            continue
        if hit.data["kind"] == "example" and hit.section in taken["sections"]:
            continue  # S003 already calls the whole section a placeholder
        yield hit


def _reported_by_s003(context: Context) -> dict[str, set]:
    """The lines S003 reports (the report's empty parts), and the sections it reports as a whole (empty or only
    a placeholder)."""
    lines, sections = set(), set()
    for part in context.analysis.empty_parts:
        lines.add(part.line)
        section = context.report.section(part.section)
        if section is not None and part.line == section.line and part.what != "field":
            sections.add(part.section)
    return {"lines": lines, "sections": sections}


def _guidance_comments(context: Context, first: int, last: int):
    document = context.document
    for number in range(first, last + 1):
        line = document.lines[number - 1]
        if "irlint-guidance" not in line or document.kinds[number - 1] == CODE:
            continue
        for found in _GUIDANCE.finditer(line):
            if line[:found.start()].count("`") % 2:
                continue  # inside inline code: the comment shown as an example, not left in
            yield Hit("template guidance left in the report: remove the irlint-guidance comment",
                      number, found.start() + 1, number, found.end() + 1, section=_section_at(context, number),
                      excerpt=found.group(), data={"kind": "guidance"})


def _factor_headings(context: Context):
    for factor in context.report.factors:
        found = _FACTOR_TEMPLATE.match(normalise(factor.title))
        missing = [what for what, left in (("number", found and found["number"]),
                                           ("title", found and found["rest"] == "title")) if left]
        if not missing:
            continue
        line = context.document.lines[factor.line - 1]
        column = len(line) - len(line.lstrip()) + 1
        yield Hit(f"the contributing factor heading is still the template's '{factor.title.strip('* ')}': give "
                  f"the factor its {' and '.join(missing)}", factor.line, column, factor.line,
                  len(line.rstrip()) + 1, section="root_cause_analysis", excerpt=factor.title,
                  data={"kind": "factor", "missing": missing})


def _example_cells(context: Context):
    report = context.report
    for row in report.related_incidents:
        left = [key for key, example in _RELATED_EXAMPLES.items() if _bare(row.cells.get(key, "")) == example]
        if left:
            cells = " | ".join(row.cells[key] for key in left)
            hit = _cell_hit(context, row.line, row.cells[left[0]], "related_incidents",
                            f"the Related Incidents row keeps the template's example {' and '.join(left)}: "
                            f"'{cells[:120]}'")
            if len(left) > 1:
                end = _cell_hit(context, row.line, row.cells[left[-1]], "related_incidents", "")
                hit = replace(hit, end_column=end.end_column, excerpt=cells)
            yield hit
    for item in report.action_items:
        criteria = item.evaluation_criteria or ""
        if _bare(criteria) == _CRITERIA_EXAMPLE:
            yield _cell_hit(context, item.line, criteria, "action_items",
                            "the action item keeps the template's example Evaluation Criteria 'Criteria': say how "
                            "its effect will be measured")


def _example_lines(context: Context, first: int, last: int):
    document = context.document
    for number in range(first, last + 1):
        line = document.lines[number - 1]
        placeholder = _FINGERPRINT_PLACEHOLDER.search(line)
        if placeholder and document.kinds[number - 1] != CODE:
            yield Hit("the guidelines' placeholder '[sha256 fingerprint of the certificate]' is left in the report: "
                      "write each certificate's fingerprint", number, placeholder.start() + 1, number,
                      placeholder.end() + 1, section=_section_at(context, number), excerpt=placeholder.group(),
                      data={"kind": "example"})
    timeline = context.report.section("timeline")
    if timeline is None:
        return
    # The 2.0 example is two lines, "YYYY-MM-DD:" and "- HH:MM Example": one finding for the pair.
    run: list[int] = []
    for number in range(timeline.line + 1, timeline.end_line + 2):
        if number <= timeline.end_line and _V2_TIMELINE_EXAMPLE.match(document.lines[number - 1]):
            run.append(number)
        elif run:
            yield _timeline_example(document, run)
            run = []


def _timeline_example(document, run: list[int]) -> Hit:
    first, last = document.lines[run[0] - 1], document.lines[run[-1] - 1]
    written = " / ".join(document.lines[n - 1].strip() for n in run)
    return Hit(f"the timeline keeps the template's example '{written}'", run[0], len(first) - len(first.lstrip()) + 1,
               run[-1], len(last.rstrip()) + 1, section="timeline", excerpt=written, data={"kind": "example"})


def _cell_hit(context: Context, number: int, cell: str, section: str, message: str) -> Hit:
    line = context.document.lines[number - 1]
    at = line.find(cell)
    column = at + 1 if at >= 0 and cell else 1
    end = column + len(cell) if at >= 0 and cell else len(line.rstrip()) + 1
    return Hit(message, number, column, number, end, section=section, excerpt=cell, data={"kind": "example"})


def _section_at(context: Context, number: int) -> str | None:
    if context.report is None:
        return None
    inside = [s for s in context.report.sections if s.line <= number <= s.end_line]
    # The innermost part: a sub-part ("went_well") starts after its parent.
    return max(inside, key=lambda s: s.line).key if inside else None


def _bare(text: str) -> str:
    return " ".join(text.strip(" *_`.").split()).lower()


RULE = Rule(
    code="S010", name="leftover-guidance", category="structure", severity=Severity.WARNING,
    description="template guidance or example text left in a report",
    check=check, scope="text",
    data_keys=("kind",),
    optional_data_keys=("missing",),
    review=Review(
        ask=("Template guidance or example text was left in the report. Please replace it with your own words, or "
             "remove it."),
    ),
)
