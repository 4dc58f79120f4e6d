"""Document -> Reports: find where each report starts, which template it follows, and what it holds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from linter.document import BLANK, CHROME, HEADING, HTML, TABLE, TEXT, Document
from linter.lazy_regex import lazy_compile
from linter.report import vocabulary as vocab
from linter.report.actions import read_action_items, read_action_tables
from linter.report.headings import Heading, normalise
from linter.report.loose_timeline import loose_timeline
from linter.report.model import Factor, Field, Report, Row, Section
from linter.report.scan import between, scan_text
from linter.report.tables import read_table
from linter.report.templates import FieldSpec, Template, default_template, template
from linter.timeline.entries import Timeline, read_timeline

_V2_SECTIONS = frozenset(template("incident", "2.0").section_keys)
_DETECTION_SPECS = vocab.SUMMARY_FIELDS_FULL + vocab.IMPACT_FIELDS + vocab.CLOSURE_FIELDS
_IMPACT_KEYS = frozenset(spec.key for spec in vocab.IMPACT_FIELDS)
_V3_PRELIMINARY_SPECS = tuple(spec for spec in vocab.SUMMARY_FIELDS_FULL
                              if spec.key in vocab.V3_ONLY_LABELS or spec.key == "incident_description")
_BODY_LIMIT = 600
_LONE_BULLETS = frozenset({"-", "*", "+", "•", "◦"})


def extract_reports(doc: Document, as_of: date | None = None) -> tuple[Report, ...]:
    """Every report in the document, in order of appearance.

    ``as_of`` is the day the text was written, when known (the time of its comment, or --date): dates after
    it are plans, not events. None takes every date as an event.
    """
    doc = read_indented(doc)
    headings = _scan_headings(doc)
    reports = []
    for start, end, kind, version, heading_line, announced in _segment(doc, headings, as_of):
        report = _Builder(doc, headings, len(reports), start, end, kind, version, heading_line, announced,
                          as_of).build()
        if report is not None:
            reports.append(report)
    return tuple(reports)


# Headings that alone show an indented block to be report text: the template's own wording.
_REPORT_ROLES = frozenset({"marker", "legacy", "audit_part"})


def read_indented(doc: Document) -> Document:
    """``doc`` with the indented blocks that hold report text read as text, not code: a block holding a report
    heading or a legacy question, or two titles or field labels of the templates (one title such as "Summary"
    may stand in a quoted log or document)."""
    found = []
    scan = scan_text(doc) if doc.indented else None
    for first, last in doc.indented:
        titled: set[str] = set()
        for number in range(first, last + 1):
            line = doc.lines[number - 1]
            if not line.strip():
                continue
            headings = scan.headings(number)
            if any(heading.role in _REPORT_ROLES for heading in headings):
                titled.update(("report", "text"))
            elif any(heading.alone and heading.role in ("section", "legacy_short", "factor") for heading in headings):
                titled.add(normalise(line))
            else:
                label = scan.label(number, _DETECTION_SPECS)
                # A label of one word ("Analysis:") is as common in a log as in a report.
                if label is not None and label.certain and " " in label.spec.labels[0]:
                    titled.add(label.spec.key)
            if len(titled) >= 2:
                found.append((first, last))
                break
    return doc.read_as_text(tuple(found))


class _Headings(dict[int, list[Heading]]):
    """The headings of each text or heading line that holds one, in line order."""

    def lines(self, start: int, end: int) -> list[int]:
        """The lines start..end that hold headings, in order."""
        return between(self.numbers, start, end)

    @cached_property
    def numbers(self) -> list[int]:
        return list(self)


def _scan_headings(doc: Document) -> _Headings:
    """The headings of each text or heading line that holds one, in line order."""
    found = _Headings()
    scan = scan_text(doc)
    for number in scan.heading_lines:
        kind = doc.kinds[number - 1]
        if kind in (TEXT, HEADING):
            headings = scan.headings(number, markdown_heading=kind == HEADING)
            if headings:
                found[number] = headings
    return found


# --- segmentation -------------------------------------------------------------------------------------


def _segment(doc: Document, headings: _Headings,
             as_of: date | None) -> list[tuple[int, int, str, str, int | None, bool]]:
    """(start, end, kind, version, heading line, announced preliminary) of each report."""
    spans = []
    starts = [1, *(b for b in doc.boundaries if b > 1), len(doc.lines) + 1]
    for region_start, next_start in zip(starts, starts[1:]):
        markers = [(n, h.key) for n in headings.lines(region_start, next_start - 1)
                   for h in headings[n] if h.role == "marker"]
        pieces: list[tuple[int, int, str | None, int | None]] = []
        first = markers[0][0] if markers else next_start
        if first > region_start:
            pieces.append((region_start, first - 1, None, None))
        for (line, kind), following in zip(markers, [*(m[0] for m in markers[1:]), next_start]):
            pieces.append((line, following - 1, kind, line))
        for start, end, marked, heading_line in pieces:
            inferred = _infer(doc, headings, start, end)
            kind = marked
            if marked is None or (marked == "incident" and inferred and inferred[0] != "incident"):
                kind = inferred[0] if inferred else None
            elif marked == "incident" and inferred is None and _only_summary(headings, start, end) \
                    and _in_v3_era(doc, start, end, as_of):
                kind = "preliminary"  # an "Incident Report" that is only a summary, since 3.0: a preliminary
            announced = False
            if marked == "preliminary" and (inferred is None or inferred[0] == "incident") \
                    and _before_v3(doc, headings, start, end, as_of):
                # "## Preliminary Incident Report" over the 2.0 sections, written before the 3.x templates: an
                # incident report announcing the full report to come.
                kind, inferred, announced = "incident", ("incident", "2.0"), True
            elif kind in ("incident", "audit") and heading_line is not None \
                    and _ANNOUNCES_FULL.search(doc.lines[heading_line - 1]):
                announced = True  # "## Incident Report (Preliminary)", "## Initial Audit Incident Report"
            if kind is None:
                continue
            version = inferred[1] if inferred and inferred[0] == kind else default_template(kind).version
            pieces_of = _split_legacy(headings, start, end) if template(kind, version).numbered_topics \
                else [(start, end)]
            for piece_start, piece_end in pieces_of:
                spans.append((piece_start, piece_end, kind, version,
                              heading_line if piece_start == start else None, announced))
    return spans


# A report heading that says the full report is still to come.
_ANNOUNCES_FULL = lazy_compile(r"\b(?:preliminary|initial)\b", re.IGNORECASE)


def _before_v3(doc: Document, headings: _Headings, start: int, end: int,
               as_of: date | None) -> bool:
    """A preliminary report without 3.x fields follows the 2.0 template: when it was written before the 3.x
    templates (the day of its comment, else the latest date it gives), or, when nothing dates it, when it holds
    2.0 sections beyond the summary (the 3.x preliminary template has only its summary)."""
    scan = scan_text(doc)
    for number in between(scan.label_lines, start, end):
        if doc.kinds[number - 1] in (TEXT, HEADING):
            label = scan.label(number, _V3_PRELIMINARY_SPECS)
            if label is not None and label.certain:
                return False  # a field only the 3.x templates have
    effective = template("preliminary", "3.x").effective
    if as_of is not None:
        return as_of < effective
    latest = max((found.value for found in doc.dates_between(start, end)), default=None)
    if latest is not None:
        return latest < effective
    return not _only_summary(headings, start, end)


def _only_summary(headings: _Headings, start: int, end: int) -> bool:
    return {h.key for n in headings.lines(start, end) for h in headings[n] if h.role == "section"} \
        <= {"summary"}


def _in_v3_era(doc: Document, start: int, end: int, as_of: date | None) -> bool:
    """The text was written once the 3.x templates were in force, as far as its dates tell: the latest date
    it gives, not after ``as_of``; a date after ``as_of`` is a plan, made on ``as_of`` at the latest."""
    dates = [found.value for found in doc.dates_between(start, end)]
    latest = max((day if as_of is None or day <= as_of else as_of for day in dates), default=None)
    return latest is not None and latest >= template("preliminary", "3.x").effective


@dataclass
class _Evidence:
    topics: set[str] = field(default_factory=set)
    legacy_only: set[str] = field(default_factory=set)
    sections: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    findings: int = 0
    audit_parts: int = 0
    factors: int = 0
    closing: bool = False
    numbered_first_question: bool = False
    names_audit: bool = False


def _infer(doc: Document, headings: _Headings, start: int, end: int) -> tuple[str, str] | None:
    """The template a stretch of text follows, judged from what it holds, or None."""
    seen = _Evidence()
    for number in headings.lines(start, end):
        for heading in headings[number]:
            if heading.role == "legacy":
                seen.topics.add(heading.key)
                if heading.key == "how_aware" and heading.numbers == (1,):
                    seen.numbered_first_question = True
            elif heading.role == "legacy_short" and (
                    normalise(heading.title) in vocab.LEGACY_ONLY_SHORT
                    or vocab.LEGACY_ORDER.index(heading.key) + 1 in heading.numbers):
                # A short title counts when only legacy reports use it, or when it carries its topic's number.
                seen.legacy_only.add(heading.key)
            elif heading.role == "section":
                seen.sections.add(heading.key)
            elif heading.role == "audit_finding":
                seen.findings += 1
            elif heading.role == "audit_part":
                seen.audit_parts += 1
            elif heading.role == "factor":
                seen.factors += 1
    scan = scan_text(doc)
    read = (TEXT, HEADING, TABLE)
    for number in between(scan.label_lines, start, end):
        if doc.kinds[number - 1] in read:
            label = scan.label(number, _DETECTION_SPECS)
            if label is not None and label.certain:
                seen.labels.add(label.spec.key)
    seen.closing = any(doc.kinds[n - 1] in read for n in between(scan.closing_lines, start, end))
    seen.names_audit = any(doc.kinds[n - 1] in read for n in between(scan.audit_lines, start, end))
    v3 = seen.labels & vocab.V3_ONLY_LABELS
    beyond_summary = seen.sections - {"summary"}
    if len(seen.labels & vocab.CLOSURE_ONLY_LABELS) >= 2 or seen.closing:
        return "closure", "3.x"
    if len(v3) >= 2 or seen.factors or (v3 and "related_incidents" in seen.sections):
        return ("full" if beyond_summary or seen.labels & _IMPACT_KEYS else "preliminary"), "3.x"
    if "incident_description" in seen.labels and seen.labels & {"relevant_policies", "source_of_disclosure"} \
            and not beyond_summary:
        return "preliminary", "3.x"
    if seen.findings and seen.sections & {"root_cause_analysis", "action_items"}:
        return "audit", "2.0"
    if seen.audit_parts >= 2:
        return "audit", "1.0"
    if seen.names_audit and seen.audit_parts and "root_cause_analysis" in seen.sections \
            and not seen.sections & {"timeline", "impact"}:
        # A custom audit layout: a root cause and a remediation plan under the audit's qualified opinion or
        # non-conformity, with none of an incident report's timeline or impact.
        return "audit", default_template("audit").version
    # The legacy questions are worded so particularly that two of them, or the first one numbered as a
    # heading, make a legacy report (texts copied from a bug page often stop after the first question).
    if len(seen.topics) >= 2 or seen.numbered_first_question or len(seen.legacy_only) >= 3 \
            or len(seen.topics | seen.legacy_only) >= 4:
        return "legacy", "1.0"
    if len(seen.sections & _V2_SECTIONS) >= 3:
        return "incident", "2.0"
    return None


def _split_legacy(headings: _Headings, start: int, end: int) -> list[tuple[int, int]]:
    """A legacy text that starts the seven topics over again holds a second report (an update)."""
    pieces, piece_start, topics = [], start, set()
    for number in headings.lines(start, end):
        for heading in headings[number]:
            if heading.role != "legacy":
                continue
            if heading.key == "how_aware" and len(topics) >= 3:
                pieces.append((piece_start, number - 1))
                piece_start, topics = number, set()
            topics.add(heading.key)
    pieces.append((piece_start, end))
    return pieces


# --- building one report --------------------------------------------------------------------------------


@dataclass
class _OpenSection:
    key: str
    title: str | None
    line: int
    parent: str | None
    group: int | None
    body_lines: list[int] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    size: int = 0
    end_line: int = 0

    def add_body(self, number: int, text: str) -> None:
        self.body_lines.append(number)
        if self.size < _BODY_LIMIT:
            self.body.append(text.strip())
            self.size += len(text)


@dataclass
class _OpenField:
    spec: FieldSpec
    section: str
    label: str
    line: int
    column: int
    value_line: int
    value_column: int
    factor: int | None
    values: list[str] = field(default_factory=list)
    last_line: int = 0


class _Builder:
    def __init__(self, doc: Document, headings: _Headings, index: int, start: int, end: int,
                 kind: str, version: str, heading_line: int | None, announced: bool = False,
                 as_of: date | None = None) -> None:
        self.doc, self.headings = doc, headings
        self.scan = scan_text(doc)
        #: The day the text was written, when known: it completes dates written without a year.
        self.as_of = as_of
        self.index, self.start, self.end = index, start, end
        self.kind, self.version, self.heading_line = kind, version, heading_line
        #: The report's heading calls it preliminary: the full report is still to come.
        self.announced = announced
        self.template: Template = template(kind, version)
        self.top_keys = frozenset(self.template.section_keys)
        self.specs = self.template.fields
        self.sections: list[_OpenSection] = []
        self.top: _OpenSection | None = None
        self.sub: _OpenSection | None = None
        self.fields: list[Field] = []
        self.field: _OpenField | None = None
        self.factors: list[Factor] = []
        self.group: int | None = None
        #: Sections opened by the same heading as the current one ("4 & 5."), sharing its body.
        self.joint: list[_OpenSection] = []

    # The section a line of text belongs to.
    @property
    def current(self) -> _OpenSection | None:
        return self.sub or self.top

    def build(self) -> Report | None:
        last = self._last_text_line()
        if last is None:
            return None
        if self.template.opening_section is not None:
            self._open(self.template.opening_section, None, self.heading_line or self._first_text_line(), None)
        elif self.template.per_finding and self._finding_stated_before_parts():
            # A custom audit layout states its finding (the audit's opinion) in the opening lines, above the root
            # cause and the remediation plan, under no heading of its own.
            self.top = self._open("finding", None, self._first_text_line(), None)
        for number in range(self.start, last + 1):
            if number != self.heading_line:
                self._line(number)
        self._close_field()
        for section in self.sections:
            section.end_line = section.end_line or last
        return self._report(last)

    def _last_text_line(self) -> int | None:
        for number in range(self.end, self.start - 1, -1):
            if self.doc.kinds[number - 1] not in (BLANK, CHROME):
                return number
        return None

    def _line(self, number: int) -> None:
        kind = self.doc.kinds[number - 1]
        if kind in (BLANK, CHROME):
            return
        line = self.doc.lines[number - 1]
        if line.strip() in _LONE_BULLETS:
            return  # a copied page puts each bullet on a line of its own, before its item
        headings = self.headings.get(number, []) if kind in (TEXT, HEADING) else []
        if kind in (TEXT, HEADING) and self._field_label(number, line, headings):
            return
        if headings and self._heading(number, headings):
            return
        if kind == HTML and line.lstrip().startswith("<!--"):
            return
        self._body(number, line)

    def _field_label(self, number: int, line: str, headings: list[Heading]) -> bool:
        if not self.specs or not self.scan.may_label(number):
            return False
        if self.doc.kinds[number - 1] == HEADING and any(
                h.role == "section" and h.key in self.top_keys for h in headings):
            return False
        section = self.top.key if self.top else "summary"
        # A closure summary's fields may stand anywhere; other fields only in their own section.
        specs = self.specs if self.template.fields_anywhere else self.template.fields_of(section)
        label = self.scan.label(number, specs)
        if label is None or not label.certain:
            return False
        # A plain line that is only a section title ("Timeline") is the next section, not a field, unless
        # it sits where the template has a field of that name (a contributing factor's "Timeline:").
        if headings and label.value == "" and ":" not in line and any(
                h.role in ("section", "marker") and h.key in self.top_keys and h.key != section for h in headings) \
                and section != "root_cause_analysis":
            return False
        self._close_field()
        factor = None
        if label.spec.section == "root_cause_analysis":
            factor = self.factors[-1].number if self.factors else 1
        self.field = _OpenField(
            label.spec, section, line[label.column - 1:].strip()[:120], number, label.column,
            number if label.value else number + 1, label.value_column if label.value else 1, factor)
        if label.value:
            self.field.values.append(label.value)
            self.field.last_line = number
        if self.current is not None:
            self.current.add_body(number, label.value or line)
        return True

    def _heading(self, number: int, headings: list[Heading]) -> bool:
        opened = False
        if self.template.numbered_topics and len(headings) == 1 and len(headings[0].numbers) > 1 \
                and self._key(headings[0]):
            # "4 & 5. Affected certificates": one heading answering several numbered topics.
            first = headings[0]
            headings = [Heading("legacy", vocab.LEGACY_ORDER[n - 1], first.column, first.alone, (n,), first.title)
                        for n in first.numbers if 1 <= n <= len(vocab.LEGACY_ORDER)]
        self.joint = []
        for heading in headings:
            key = self._key(heading)
            if heading.role == "factor" and self.template.has_factors:
                self._close_field()
                self.factors.append(Factor(int(heading.key) if heading.key else len(self.factors) + 1,
                                           heading.title, number))
                if self.current is not None:
                    self.current.add_body(number, heading.title)
                return True
            if key is None:
                continue
            self._close_field()
            if heading.role == "audit_finding":
                self.group = int(heading.key)
            elif key == "finding" and self.top is not None and self.top.key == "finding" \
                    and self.top.group == self.group and self.sub is None:
                # "Issue #1: title" then "Issue #1 Description: ...": one finding, described.
                if not heading.alone:
                    self.top.add_body(number, heading.title)
                opened = True
                continue
            parent = vocab.SUBSECTION_PARENT.get(key)
            if parent is not None and key not in self.top_keys:
                self._close(self.sub, number)
                self.sub = self._open(key, heading.title, number, parent)
            else:
                self._close(self.sub, number)
                self._close(self.top, number)
                self.sub = None
                if self.top is not None and self.top.line == number and len(headings) > 1 and heading.alone:
                    self.joint.append(self.top)  # one heading for several topics: they share the answer
                self.top = self._open(key, heading.title, number, None)
            if not heading.alone:
                self.current.add_body(number, heading.title)
            opened = True
        return opened

    def _key(self, heading: Heading) -> str | None:
        if self.template.numbered_topics:
            if heading.role == "legacy":
                return heading.key
            if heading.role == "legacy_short" and (heading.alone or heading.numbers):
                return heading.key
            return None
        if self.template.per_finding:
            if heading.role == "audit_finding":
                return "finding"
            if heading.role == "audit_part" or (heading.role == "section" and heading.key in self.top_keys):
                return heading.key
            return None
        if heading.role != "section" or not heading.alone:
            return None
        if heading.key in self.top_keys:
            return heading.key
        parent = vocab.SUBSECTION_PARENT.get(heading.key)
        if parent in self.top_keys and not (self.specs and any(s.key == heading.key for s in self.specs)):
            return heading.key
        return None

    def _open(self, key: str, title: str | None, number: int, parent: str | None) -> _OpenSection:
        section = _OpenSection(key, title, number, parent, self.group)
        self.sections.append(section)
        return section

    def _close(self, section: _OpenSection | None, next_line: int) -> None:
        if section is not None and not section.end_line:
            end = next_line - 1
            while end > section.line and self.doc.kinds[end - 1] in (BLANK, CHROME):
                end -= 1
            section.end_line = end

    def _body(self, number: int, line: str) -> None:
        if self.current is not None:
            self.current.add_body(number, line)
        for section in self.joint:
            section.add_body(number, line)
        if self.field is not None:
            if vocab.CLOSING_SENTENCE.search(line):
                self._close_field()
                return
            if not self.field.values:  # the value starts below its label, maybe after a blank line
                self.field.value_line = number
                self.field.value_column = len(line) - len(line.lstrip()) + 1
            self.field.values.append(line.strip())
            self.field.last_line = number

    def _close_field(self) -> None:
        open_field = self.field
        if open_field is None:
            return
        self.field = None
        value = "\n".join(open_field.values).strip()
        self.fields.append(Field(
            key=open_field.spec.key, section=open_field.section, label=open_field.label,
            line=open_field.line, column=open_field.column,
            end_line=max(open_field.last_line, open_field.line), value=value,
            value_line=open_field.value_line if value else open_field.line,
            value_column=open_field.value_column, factor=open_field.factor))

    def _report(self, last: int) -> Report:
        sections = []
        has_children = {(s.parent, s.group) for s in self.sections if s.parent and s.body_lines}
        for s in self.sections:
            empty = not s.body_lines and (s.key, s.group) not in has_children
            sections.append(Section(
                key=s.key, title=s.title, line=s.line, end_line=max(s.end_line, s.line), parent=s.parent,
                group=s.group, empty=empty, body=" ".join(s.body)[:_BODY_LIMIT],
                body_line=s.body_lines[0] if s.body_lines else None))
        tables = read_action_tables(self.doc, sections)
        related = self._rows("related_incidents", vocab.RELATED_INCIDENT_KEYS, sections)
        return Report(
            index=self.index, kind=self.kind, template_version=self.version,
            line=self._first_text_line(), end_line=last, heading_line=self.heading_line,
            sections=tuple(sections), fields=tuple(self.fields), factors=tuple(self.factors),
            action_tables=tables, action_items=read_action_items(self.doc, self.template, sections, tables),
            related_incidents=related,
            cut_short=self.doc.cut_short and self.end >= len(self.doc.lines),
            timeline=self._timeline(sections),
            preliminary=self.announced or (
                self.template.preliminary_when_summary_only and {s.key for s in sections} <= {"summary"}
                and any("preliminary" in self.doc.lines[n - 1].lower() for n in range(self.start, last + 1))))

    def _timeline(self, sections: list[Section]) -> Timeline:
        section = next((s for s in sections if s.key == "timeline"), None)
        if section is None and not sections:
            return Timeline()
        # A timeline that never writes a year takes it from the day the report was written, else from the rest of
        # the report (whose latest year may be a plan's: "the new CA goes live by Sep 30, 2027").
        years = [found.value.year for found in self.doc.dates_between(self.start, self.end)]
        opening = min(s.line for s in sections)
        if section is None:
            # A copied page may lose the timeline's heading and keep its zone declaration and its entries, in the
            # lines before the first section it kept.
            found = loose_timeline(self.doc, self.start, opening - 1, self.as_of or max(years, default=None))
            return found or Timeline()
        # The report's opening lines, before its first section, may declare the zone of all its times.
        return read_timeline(self.doc, section.line, section.end_line, self.as_of or max(years, default=None),
                             (self.start, opening) if opening > self.start else None)

    def _finding_stated_before_parts(self) -> bool:
        """No heading opens a finding, and text stands before the first heading of the report's parts."""
        keys = [self._key(h) for n in self.headings.lines(self.start, self.end) for h in self.headings[n]]
        if "finding" in keys or self.heading_line is not None:
            return False
        first = self._first_text_line()
        return not any(self._key(h) for h in self.headings.get(first, ()))

    def _first_text_line(self) -> int:
        for number in range(self.start, self.end + 1):
            if self.doc.kinds[number - 1] not in (BLANK, CHROME):
                return number
        return self.start

    def _rows(self, key: str, columns: dict[str, str], sections: list[Section]) -> tuple[Row, ...]:
        rows: list[Row] = []
        for section in sections:
            if section.key != key:
                continue
            found = read_table(self.doc, section.line, section.end_line, columns)
            if found is not None:
                rows.extend(found[1])
        return tuple(rows)
