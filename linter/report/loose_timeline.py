"""A timeline written outside a timeline section: under a "Timeline:" label in a text without a template (a
Bugzilla form's "Steps to reproduce"), after "All times are UTC" in a report whose headings were lost when its
page was copied, or as a list of dated events with no title at all.

Reviewers read such a list as the report's timeline and ask for its missing times as they would under a heading.
Only a list that looks like one is taken: an opening line (the label, or the zone declaration), then at least
two lines that begin with a date or a time, before the next title; or, with no opening line, at least three
list items in a row that each hold a date, most of them telling an incident's event ("revoked on 2020-05-31").
"""

from __future__ import annotations

from linter.document import BLANK, HEADING, TEXT, Document
from linter.lazy_regex import lazy_compile
from linter.report.scan import between, lines_matching, scan_text
from linter.timeline.entries import Timeline, read_timeline
from linter.timeline.timestamps import YearHint, declared_zone, find_stamp

#: Lines that begin with a stamp, before the next title, for a list to be taken as a timeline.
_ENTRIES = 2
#: List items in a row that each hold a date, for a list with no opening line to be taken as a timeline.
_LISTED = 3
#: A list marker or numbering ("-", "*", "•", "1.", "2)").
_BULLET = r"(?:[-*+\u2022\u2023\u25e6\u2043]|[0-9]{1,2}[.)])"
#: A list item's marker.
_ITEM = lazy_compile(rf"^\s{{0,4}}{_BULLET}\s")
#: The same, searched over the whole text (``line_start``): the lines that may be list items.
_ITEM_LINE = lazy_compile(rf"\n[^\S\n]{{0,4}}{_BULLET}[^\S\n]")
#: A list marker or numbering before an entry's stamp ("- ", "* ", "• ", "1. ").
_MARKER = lazy_compile(rf"^\s{{0,4}}{_BULLET}?\s{{0,4}}")
#: A line that titles what follows ("Actual results:", "Root cause:"): the list has ended.
_LABEL = lazy_compile(r"^\W{0,4}[A-Za-z][\w ()/&'-]{0,50}:\W{0,4}$")


def loose_timeline(doc: Document, first: int, last: int, year: YearHint = None) -> Timeline | None:
    """The first timeline written on lines first..last outside a section, else None."""
    scan = scan_text(doc)
    # Only a line that may hold a heading or a zone declaration can open one.
    for number in between(scan.opening_lines, first, last):
        if _opens(doc, number):
            end = _last_entry(doc, number, last, year)
            if end is not None:
                return read_timeline(doc, number, end, year)
    return _dated_events(doc, first, last, year)


def _opens(doc: Document, number: int) -> bool:
    """Whether the line is a timeline's label ("Timeline:", "**Timeline of events**") or a declaration of the zone
    of the times below it ("All times are UTC.")."""
    line = doc.lines[number - 1]
    if doc.kinds[number - 1] not in (TEXT, HEADING) or len(line) > 200:
        return False
    scan = scan_text(doc)
    headings = scan.headings(number, markdown_heading=doc.kinds[number - 1] == HEADING)
    if any(h.role == "section" and h.key == "timeline" for h in headings):
        return True
    return number in scan.zone_lines and declared_zone(line.strip()) is not None


def _last_entry(doc: Document, opening: int, last: int, year: YearHint) -> int | None:
    """The last line, before the next title, that begins with a stamp, when at least ``_ENTRIES`` do."""
    entries: list[int] = []
    for number in range(opening + 1, last + 1):
        line, kind = doc.lines[number - 1], doc.kinds[number - 1]
        if kind == TEXT and _begins_with_stamp(line, year):
            entries.append(number)
        elif kind == HEADING or (kind == TEXT and _titles(doc, number)):
            break
    return entries[-1] if len(entries) >= _ENTRIES else None


def _dated_events(doc: Document, first: int, last: int, year: YearHint) -> Timeline | None:
    """The first run of at least ``_LISTED`` list items that each hold a date, read as a timeline when most of
    its entries tell an incident's event (a list of certificates and their dates tells none)."""
    if len(between(lines_matching(doc, _ITEM_LINE, line_start=True), first, last)) < _LISTED:
        return None  # not enough list items for a run
    run: list[int] = []
    for number in range(first, last + 2):
        kind = doc.kinds[number - 1] if number <= last else None
        if kind == TEXT and _ITEM.match(doc.lines[number - 1]):
            if find_stamp(doc.lines[number - 1], year=year) is not None:
                run.append(number)
                continue
        elif kind in (TEXT, BLANK) and run and run[-1] == number - 1 and not _ITEM.match(doc.lines[number - 1]):
            continue  # an item's continuation line ("(see the attached list)"), or a blank line between items
        if len(run) >= _LISTED:
            timeline = read_timeline(doc, run[0] - 1, run[-1], year)
            if 2 * sum(1 for entry in timeline.entries if entry.events) > len(timeline.entries):
                return timeline
        run = []
    return None


def _titles(doc: Document, number: int) -> bool:
    return bool(_LABEL.match(doc.lines[number - 1])) or bool(scan_text(doc).headings(number))


def _begins_with_stamp(line: str, year: YearHint) -> bool:
    marker = _MARKER.match(line)
    text = line[marker.end():] if marker else line
    stamp = find_stamp(text, year=year)
    return stamp is not None and stamp.start <= 2
