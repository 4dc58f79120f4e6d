"""What several rules read from one report, computed once: the analysis a Context carries.

Each property is computed the first time a rule asks for it, then kept for the other rules of the same report:
the sections and fields that say nothing (S003, read by S010 so
as not to report them twice), the schema violations (S001, S002, S007), the spans phrase rules read, and
whether a phrase rule's evidence occurs in a region.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from linter.checks.placeholders import bare, placeholder_kind
from linter.checks.schema import Violation, violations
from linter.checks.spans import PLAN_SECTIONS, Span, select_spans
from linter.document import Document
from linter.report import Field, Report
from linter.report import vocabulary as vocab
from linter.report.templates import template


@dataclass(frozen=True, slots=True)
class EmptyPart:
    """A part of a report that says nothing yet: a section or field empty or only a placeholder, or a table that
    still holds the template's example row."""

    #: "section", "field", or "example-row".
    what: str
    #: The section's or field's key; for an example row, the key of the table's section.
    key: str
    #: "empty" or "placeholder" (an example row is a placeholder).
    verdict: str
    line: int
    #: The section that holds the part.
    section: str
    #: The text that says nothing: the section's body, the field's value, the row's cells.
    text: str
    #: The field, for a part that is one.
    field: Field | None = None


class ReportAnalysis:
    """The facts about one report (or, without one, one text) that several rules read, each computed once."""

    def __init__(self, document: Document, report: Report | None, report_date: date, date_source: str) -> None:
        self.document = document
        self.report = report
        self.report_date = report_date
        self.date_source = date_source
        self._spans: dict[frozenset[str] | None, list[Span]] = {}
        self._made_spans: dict[tuple[int, int, str | None], Span] = {}
        self._found: dict[tuple[re.Pattern[str], tuple[tuple[int, int], ...]], bool] = {}
        self._placeholders: dict[tuple[str, bool], str | None] = {}
        #: What each phrase rule found here, by rule: a rule that builds on another's findings reads them again.
        self.phrase_hits: dict[object, list] = {}
        #: What a rule module derives from the report for several of its rules, by the function that derives it.
        self.derived: dict[object, object] = {}

    @cached_property
    def schema_violations(self) -> list[Violation]:
        """What the JSON Schema of the report's template rejects."""
        return violations(self.report, self.report_date, self.date_source)

    def placeholder(self, text: str, na_allowed: bool) -> str | None:
        """"empty" or "placeholder" when ``text`` says nothing, else None (linter.checks.placeholders)."""
        key = (text, na_allowed)
        if key not in self._placeholders:
            self._placeholders[key] = placeholder_kind(text, na_allowed)
        return self._placeholders[key]

    @cached_property
    def empty_parts(self) -> tuple[EmptyPart, ...]:
        """Every section and field that says nothing, then every template example row; none without a report."""
        if self.report is None:
            return ()
        return (*self._empty_sections(), *self._empty_fields(), *self._example_rows())

    def _empty_sections(self):
        report = self.report
        declared = template(report.kind, report.template_version)
        last_section = report.sections[-1] if report.sections else None
        fields_by_section = {f.section for f in report.fields}
        for section in report.sections:
            if report.cut_short and section is last_section:
                continue  # the copy stops here: its body was never there to see
            if section.key in fields_by_section or section.key == "closure_summary":
                continue  # judged field by field
            if section.empty:
                verdict = "empty"
            elif section.body:  # a section whose text is all in its sub-parts is judged through them
                verdict = self.placeholder(section.body,
                                           section.key in vocab.NA_ALLOWED_SECTIONS or declared.allows_na)
            else:
                verdict = None
            if verdict:
                yield EmptyPart("section", section.key, verdict, section.line, section.key, section.body)

    def _empty_fields(self):
        report = self.report
        keys = {f.key for f in report.fields}
        specs = {spec.key: spec for spec in template(report.kind, report.template_version).fields}
        optional = {key for key, spec in specs.items() if not spec.required}
        last_field = report.fields[-1] if report.fields else None
        for found in report.fields:
            if report.cut_short and found is last_field:
                continue
            if found.key in specs and keys & set(specs[found.key].parts):
                continue  # its value is the fields below it, judged each in its own right
            verdict = self.placeholder(found.value, True)
            if verdict is None or (verdict == "empty" and found.key in optional):
                continue
            yield EmptyPart("field", found.key, verdict, found.line, found.section, found.value, found)

    def _example_rows(self):
        for item in self.report.action_items:
            if item.row is not None and bare(item.row.cells.get("description", "")).lower() == "example":
                yield EmptyPart("example-row", "action_items", "placeholder", item.line, "action_items",
                                " | ".join(item.row.raw))
        for row in self.report.related_incidents:
            if "related bug id" in row.cells.get("bug", "").lower():
                yield EmptyPart("example-row", "related_incidents", "placeholder", row.line, "related_incidents",
                                " | ".join(row.raw))

    def spans(self, keys: frozenset[str] | None) -> list[Span]:
        """The spans of the sections named by ``keys`` (all of the report for None; all of the text without a
        report). A section is one span however many scopes name it, so its lines and items are split once."""
        if keys not in self._spans:
            self._spans[keys] = select_spans(self.document, self.report, keys, self._made_spans)
        return self._spans[keys]

    def plan_spans(self) -> list[Span]:
        """The remediation plan: Action Items or the legacy remediation steps; the whole report if neither."""
        return self.spans(PLAN_SECTIONS) or self.spans(None)

    def found_in_plan(self, pattern: re.Pattern[str], change: re.Pattern[str] | None) -> bool:
        """Whether ``pattern`` occurs in the remediation plan: Action Items or the legacy remediation steps; with
        neither, the whole text, or with ``change`` an item of it (list item, table row or paragraph) that states a
        change. A text with no plan section tells its fix in prose, beside the controls that failed or found the
        problem, which are no remedy."""
        if change is None or (self.report is not None and self.spans(PLAN_SECTIONS)):  # no report: no sections
            return self.found_in(pattern, self.plan_spans())
        key = (pattern, change)
        if key not in self._found:
            self._found[key] = any(change.search(span.item(span.position(match.start())[0]))
                                   for span in self.spans(None) for match in pattern.finditer(span.text))
        return self._found[key]

    def found_in(self, pattern: re.Pattern[str], region: Sequence[Span]) -> bool:
        """Whether ``pattern`` occurs in one of the spans: every match of a phrase rule in a report asks about the
        same region, which is searched once."""
        key = (pattern, tuple((span.line, span.end_line) for span in region))
        if key not in self._found:
            self._found[key] = any(pattern.search(span.text) for span in region)
        return self._found[key]
