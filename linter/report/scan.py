"""The lines of a Document worth reading as headings, labels and template wording, found by whole-text scans.

Most lines of a report are prose, and most prose holds no heading, label or closing sentence: reading each line
in Python to learn that was most of what the extraction cost. Every heading and every field label starts with a
word of the templates' own wording, after nothing but markup (quote marks, "#", a bullet, numbering, bold marks);
every run-in legacy question, closing sentence, audit wording or zone declaration holds one of a few words. A
compiled alternation of the first words, anchored at the start of each line, and a search for each of the other
words, run over the whole text, name the lines that may hold one; only those are read by ``heading_of``,
``label_of`` and the patterns of the template wording, whose answer for any other line is known to be "none".

The scans find a superset by construction: each looks for a part of the text that the line's reading needs (a
title's first word at the start of the line, a label's first word after its lead, a word every match holds), in
the case-folded text (``fold_case``), which holds every match of the readings' own case-insensitive tests. The words
come from the template declarations, so a new title or label is scanned for without a change here.
tests/test_extraction_scan.py holds the scans to the line-by-line reading (tests/oracle_extraction.py) on generated
and real-shaped text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cached_property

from linter.document import Document
from linter.lazy_regex import lazy_compile
from linter.report import vocabulary as vocab
from linter.report.headings import _LEGACY_WORDS, Heading, LabelMatch, heading_of, label_of

#: What markup may stand before a heading's title or a label: anything but a letter, and the words of numbering
#: ("Topic 2.", "Question 1:", "Q3", "4 and 5."), after the line break that stands for the start of a line (searched
#: with ``line_start``).
_LEAD = r"\n[^a-z\n]*(?:(?:topic|question|q|and)[^a-z\n]*)*"


def _first_word(wording: str, breaks: str) -> str:
    """The start of ``wording`` up to the first of ``breaks``: what a line holding it holds as written."""
    word = re.match(f"[^{re.escape(breaks)}]*", wording.lower()).group()
    if not word:
        raise ValueError(f"{wording!r}: a heading or label must start with a letter or a digit")
    return re.escape(word)


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so that no shorter word hides a longer one that starts the same way.
    return "|".join(sorted(set(words), key=lambda word: (-len(word), word)))


#: A search over the folded text, and a string every match of it holds (a text without it need not be searched).
_Search = tuple[re.Pattern[str], str]


def _heading_words() -> tuple[re.Pattern[str], tuple[_Search, ...]]:
    titles = (*vocab.REPORT_MARKERS, *vocab.SECTION_TITLES, *vocab.AUDIT_1_TITLES, *vocab.LEGACY_SHORT_TITLES)
    # Titles are compared lower-cased and normalised: their first word ends at a blank, quote or punctuation.
    starts = [_first_word(title, " '\"’‘“”:?.,;()&/-–—*_") for title in titles]
    # An audit finding ("Issue #2", "Finding 3"), a run-in audit part after one, a contributing factor.
    starts += ["issue", "finding", "contributing"]
    # A legacy question may run on in the middle of a line; its words are compared with blanks made single.
    anywhere = [(r"[^\S\n]+".join(map(re.escape, words.split())), max(words.split(), key=len))
                for words in _LEGACY_WORDS]
    # Bold or underline marks are taken out of a title before it is looked up: one may split its first word.
    starts.append(r"[a-z0-9]+(?:\*\*|__)")
    # Each searched alone: a pattern that opens with a literal word is searched for as fast as a string.
    return (re.compile(f"{_LEAD}(?:{_alternation(starts)})"),
            tuple((re.compile(pattern), needs) for pattern, needs in anywhere))


def _label_words() -> re.Pattern[str]:
    # A label's lead (blanks, quote marks, a bullet, "1." and bold marks) holds no letter; its wording is matched
    # as written but for quotes, blanks and hyphens, which may vary.
    specs = {spec for template in vocab.TEMPLATES.values() for spec in template.fields}
    starts = [_first_word(label, "'\" -") for spec in specs for label in spec.labels]
    return re.compile(f"\\n[^a-z\\n]*(?:{_alternation(starts)})")


_HEADING_STARTS, _HEADING_ANYWHERE = _heading_words()
_LABEL_WORDS = _label_words()
# Template wording read anywhere on a line, case-insensitively; the lines to read are those that hold (folded) a word
# every match holds.
_CLOSING = vocab.CLOSING_SENTENCE
# A text about an audit's outcome, not an incident: "qualified opinion", "audit report", "non-conformity".
NAMES_AUDIT = lazy_compile(r"\b(?:qualified (?:audit )?opinion|audit (?:report|finding|statement)s?\b|"
                         r"non-?conformit(?:y|ies)\b)", re.IGNORECASE)


def _words(*words: str) -> tuple[_Search, ...]:
    return tuple((re.compile(re.escape(word)), word) for word in words)


_CLOSING_WORDS = _words("disclosed")
_AUDIT_WORDS = _words("qualified", "audit", "conformit")
# What a declaration of the timeline's zone needs: "times", "timestamps", "time zone", a "Date (UTC)" column.
_ZONE_WORDS = _words("tim", "date")


class TextScan:
    """The lines of one text that may hold a heading, a field label, the closing sentence, audit wording or a zone
    declaration; the headings and labels of those lines are read once, when first asked for.

    It keeps the lines, not their Document, which keeps it: no reference cycle outlives a lint."""

    def __init__(self, doc: Document) -> None:
        self._lines = doc.lines
        self.heading_lines = sorted({*doc.lines_matching(_HEADING_STARTS, folded=True, line_start=True),
                                     *_lines_matching_any(doc, _HEADING_ANYWHERE)})
        self.label_lines = doc.lines_matching(_LABEL_WORDS, folded=True, line_start=True)
        #: The lines that hold the closure summary's closing sentence.
        self.closing_lines = self._confirmed(doc, _CLOSING_WORDS, _CLOSING)
        #: The lines that name an audit's outcome ("qualified opinion", "audit report", "non-conformity").
        self.audit_lines = self._confirmed(doc, _AUDIT_WORDS, NAMES_AUDIT)
        #: The lines that may declare the zone of a timeline's times.
        self.zone_lines = frozenset(_lines_matching_any(doc, _ZONE_WORDS))
        self._heading_set = frozenset(self.heading_lines)
        self._label_set = frozenset(self.label_lines)
        self._headings: dict[tuple[int, bool], list[Heading]] = {}

    def headings(self, number: int, *, markdown_heading: bool = False) -> list[Heading]:
        """``heading_of`` of line ``number``."""
        if number not in self._heading_set:
            return []
        key = (number, markdown_heading)
        found = self._headings.get(key)
        if found is None:
            found = self._headings[key] = heading_of(self._lines[number - 1], markdown_heading=markdown_heading)
        return found

    def label(self, number: int, specs: tuple[vocab.FieldSpec, ...]) -> LabelMatch | None:
        """``label_of`` of line ``number`` among ``specs``."""
        return label_of(self._lines[number - 1], specs) if number in self._label_set else None

    def may_label(self, number: int) -> bool:
        return number in self._label_set

    @cached_property
    def opening_lines(self) -> list[int]:
        """The lines that may hold a heading or a zone declaration, in order."""
        return sorted({*self.heading_lines, *self.zone_lines})

    def _confirmed(self, doc: Document, searches: Iterable[_Search], pattern: re.Pattern[str]) -> list[int]:
        """The lines on which ``pattern`` finds a match: those the searches find, each read with it."""
        return [number for number in _lines_matching_any(doc, searches) if pattern.search(self._lines[number - 1])]


def _lines_matching_any(doc: Document, searches: Iterable[_Search]) -> list[int]:
    """The lines, in order, on which any of ``searches`` finds a match in the folded text."""
    found: set[int] = set()
    for pattern, needs in searches:
        found.update(doc.lines_matching(pattern, folded=True, needs=needs))
    return sorted(found)


def scan_text(doc: Document) -> TextScan:
    """The scan of ``doc``'s lines, made once per text."""
    scan = doc.derived.get(TextScan)
    if scan is None:
        scan = doc.derived[TextScan] = TextScan(doc)
    return scan


def lines_matching(doc: Document, pattern: re.Pattern[str], *, line_start: bool = False) -> list[int]:
    """``doc.lines_matching(pattern, line_start=line_start)``, searched once per text."""
    found = doc.derived.get(pattern)
    if found is None:
        found = doc.derived[pattern] = doc.lines_matching(pattern, line_start=line_start)
    return found


def between(numbers: list[int], first: int, last: int) -> list[int]:
    """The line numbers of the ascending list ``numbers`` that lie in first..last."""
    return numbers[bisect_left(numbers, first):bisect_right(numbers, last)]
