"""Where phrase rules read: the text of chosen sections, with offsets turned into line and column once.

A report's spans are made once, by its analysis (linter.checks.analysis), and each span splits its text into lines
and items once: finding the item of a match is then a look-up, and a section with n matches costs n, not n².
A span is a run of lines of one section (or the whole text when no report is recognised). Page chrome, HTML
comments, blockquotes beside the CA's own text and the templates' field labels are blanked, so that offsets still
map onto the source. Code blocks are read: in copied page text, indented paragraphs look like code to a Markdown
parser. Phrases may break across lines ("we reminded\\nstaff"): rules match on the joined text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from linter import casing
from linter.document import BLANK, CHROME, HEADING, HTML, TABLE, Document
from linter.lazy_regex import lazy_compile
from linter.report import Report
from linter.timeline.entries import TimelineEntry

#: The sections that make up a remediation plan.
PLAN_SECTIONS = frozenset({"action_items", "remediation"})
#: The 3.x template asks "What went well", "What didn't go well" and "Where we got lucky" as fields of Lessons
#: Learned, where a 2.x report gives each a heading: a scope that names one reads either, as a span of the field's
#: section (``section_at`` names top-level sections). Not a contributing factor's "Timeline" field: no timeline.
#: A closure summary states its cause in its "Incident Root Cause(s)" field, beside its remediation.
FIELDS_AS_SECTIONS = frozenset({"went_well", "went_wrong", "got_lucky", "root_causes"})
#: The scope key for a report's text that no section holds: a Preliminary report written as one paragraph under
#: its heading, the description a legacy report gives before its first answer.
UNSECTIONED = "unsectioned"
_UNREAD = (CHROME, HTML)
#: What begins a list item or a table row.
_MARKER = r"(?:[-*+•◦]|\d{1,3}[.)]|\(\d{1,3}\)|\|)"
_ITEM_START = lazy_compile(rf"^\s*{_MARKER}\s*")
#: A list item is a statement of its own: an exception in one item ("did not allow") must not silence a match in
#: the line before it (a contributing factor's title).
_SENTENCE_END = lazy_compile(rf"[.!?](?=\s)|\n\s*\n|\n(?=[ \t]*{_MARKER}[ \t])")


@dataclass(frozen=True)
class Span:
    """Lines ``line``..``end_line`` of the source, read as one text."""

    document: Document
    report: Report | None
    line: int
    end_line: int
    section: str | None

    @cached_property
    def text(self) -> str:
        return "\n".join(self.lines)

    @cached_property
    def lines(self) -> list[str]:
        """The span's lines as read: chrome, comments and 3.x field labels blanked."""
        doc = self.document
        lines = ["" if doc.kinds[n - 1] in _UNREAD else doc.lines[n - 1] for n in range(self.line, self.end_line + 1)]
        # A blockquote beside the CA's own lines is someone else's words (a reviewer's question answered below
        # it), not a statement of the CA; a section quoted as a whole (a report forwarded by mail) is read.
        quoted = [line.lstrip().startswith(">") for line in lines]
        if any(quoted) and any(line.strip() and not mark for line, mark in zip(lines, quoted)):
            lines = ["" if mark else line for line, mark in zip(lines, quoted)]
        # A field's label is the template's wording, not the CA's: "**Additional:** Ceremony staff were walked
        # through ..." says nothing of additional staff. Blanked, its offsets kept, with a sentence end in its place
        # so that its value is not read on from the line above (a contributing factor's title).
        for field in self.report.fields if self.report is not None else ():
            at, start, stop = field.line - self.line, field.column - 1, field.value_column - 1
            if field.value_line == field.line and 0 <= at < len(lines) and stop > start:
                line = lines[at]
                lines[at] = line[:start] + ";" + " " * (stop - start - 1) + line[stop:]
        return read_lines(lines)

    @cached_property
    def folded(self) -> str:
        """The text case-folded, for case-insensitive substring tests."""
        return self.text.casefold()

    @cached_property
    def derived(self) -> dict[object, object]:
        """What readers derive from the span's text, by what derives it: found once for every rule that reads the
        span."""
        return {}

    @cached_property
    def lowered(self) -> str | None:
        """The text lower-cased, for patterns that match it case-sensitively; None when lowering would change
        the offsets ("İ" is two characters lower-cased) or leave a letter IGNORECASE would match ("ſ")."""
        return casing.lowered(self.text)

    @cached_property
    def _starts(self) -> list[int]:
        """The offset in ``text`` of each line."""
        return list(accumulate((len(part) + 1 for part in self.lines[:-1]), initial=0))

    def section_at(self, line: int) -> str | None:
        """The canonical key of the top-level section that holds ``line``."""
        if self.section is not None or self.report is None:
            return self.section
        return next((s.key for s in self.report.sections
                     if s.parent is None and s.line <= line <= s.end_line), None)

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset into ``text``."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.line + index, offset - self._starts[index] + 1

    def sentence(self, start: int, end: int) -> str:
        """The sentence around text[start:end]: from the previous sentence end to the next one."""
        before = self.text[max(0, start - 400):start]
        ends = [m.end() for m in _SENTENCE_END.finditer(before)]
        first = max(0, start - 400) + (ends[-1] if ends else 0)
        following = _SENTENCE_END.search(self.text, end, min(len(self.text), end + 400))
        return self.text[first:following.start() if following else min(len(self.text), end + 400)]

    def item(self, line: int) -> str:
        """The list item, table row or paragraph that holds ``line``, as read (chrome and comments blanked)."""
        first, last = self.item_lines(line)
        return "\n".join(self.lines[first - self.line:last - self.line + 1])

    def entry_lines(self, line: int) -> tuple[int, int]:
        """First and last line of the timeline entry that holds ``line`` (its continuation lines too), else of
        the item."""
        entry = self._entry_at(line)
        return (entry.line, entry.end_line) if entry is not None else self.item_lines(line)

    def entry(self, line: int) -> str:
        """The text of the timeline entry that holds ``line``, else of the item."""
        entry = self._entry_at(line)
        return entry.text if entry is not None else self.item(line)

    def _entry_at(self, line: int) -> TimelineEntry | None:
        index = bisect.bisect_right(self._entry_starts, line) - 1
        return self._entries[index] if index >= 0 and line <= self._entries[index].end_line else None

    @cached_property
    def _entries(self) -> tuple[TimelineEntry, ...]:
        return self.report.timeline.entries if self.report is not None else ()

    @cached_property
    def _entry_starts(self) -> list[int]:
        return [entry.line for entry in self._entries]

    def item_lines(self, line: int) -> tuple[int, int]:
        """First and last line of the list item, table row or paragraph that holds ``line``."""
        return self._items[line - self.line]

    @cached_property
    def _items(self) -> list[tuple[int, int]]:
        # One pass: an item starts at a list marker, a table row, a heading, or after a blank line.
        doc = self.document
        starts = [n for n in range(self.line, self.end_line + 1)
                  if n == self.line or _starts_item(doc, n) or doc.kinds[n - 2] == BLANK]
        bounds: list[tuple[int, int]] = []
        for start, following in zip(starts, [*starts[1:], self.end_line + 1]):
            last = following - 1
            while last > start and doc.kinds[last - 1] == BLANK:
                last -= 1
            bounds += [(start, last)] * (following - start)
        return bounds


def _starts_item(doc, number: int) -> bool:
    kind = doc.kinds[number - 1]
    return kind in (HEADING, TABLE) or bool(_ITEM_START.match(doc.lines[number - 1]))


def read_lines(lines: list[str]) -> list[str]:
    """The lines a span reads, once per span: a test counts the lines that pass here to show the work is
    linear in the length of a section, whatever the number of matches in it."""
    return lines


def select_spans(document: Document, report: Report | None, keys: frozenset[str] | None,
                 made: dict[tuple[int, int, str | None], Span]) -> list[Span]:
    """The spans of the sections named by ``keys`` (all of the report for None; all of the text without one).
    ``made`` holds the spans made so far, by lines and section: a section named by several scopes is one span,
    read once."""

    def span(line: int, end_line: int, section: str | None) -> Span:
        return made.setdefault((line, end_line, section), Span(document, report, line, end_line, section))

    if report is None:
        return [span(1, len(document.lines), None)] if document.lines else []
    if keys is None:
        return [span(report.line, report.end_line, None)]
    found: dict[tuple[int, int], tuple[int, int, str]] = {}
    for section in report.sections:
        if section.key in keys or section.parent in keys:
            # Sections opened by one heading ("4 & 5.") share their lines: read them once.
            found.setdefault((section.line, section.end_line), (section.line, section.end_line, section.key))
    for field in report.fields:
        if field.key in keys and field.key in FIELDS_AS_SECTIONS:
            found.setdefault((field.line, field.end_line), (field.line, field.end_line, field.section))
    if UNSECTIONED in keys:
        for first, last in _unsectioned(report):
            found.setdefault((first, last), (first, last, None))
    nested = sorted(found.values(), key=lambda s: (s[0], -s[1]))
    # A sub-part inside a section already read (What went well in Lessons Learned) is not read twice.
    kept: list[tuple[int, int, str]] = []
    for bounds in nested:
        if not kept or bounds[0] > kept[-1][1]:
            kept.append(bounds)
    return [span(*bounds) for bounds in kept]


def _unsectioned(report: Report) -> list[tuple[int, int]]:
    """The runs of the report's lines (its heading line left out) that no section holds."""
    held = [False] * (report.end_line - report.line + 1)
    if report.heading_line is not None and report.line <= report.heading_line <= report.end_line:
        held[report.heading_line - report.line] = True
    for section in report.sections:
        for number in range(max(section.line, report.line), min(section.end_line, report.end_line) + 1):
            held[number - report.line] = True
    runs: list[tuple[int, int]] = []
    for offset, is_held in enumerate(held):
        if is_held:
            continue
        number = report.line + offset
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs
