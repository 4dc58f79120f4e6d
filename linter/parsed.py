"""A source read and parsed once, at the edge: its reference, its Document and the Reports found in it.

Everything after (the report rules, the bug rules, scan, the formats) takes this instead of parsing the text
again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from linter.document import Document, parse_document
from linter.report import Report, extract_reports, read_indented
from linter.report.loose_timeline import loose_timeline
from linter.source_ref import SourceRef
from linter.timeline.entries import Timeline


@dataclass(frozen=True)
class ParsedSource:
    ref: SourceRef
    document: Document
    reports: tuple[Report, ...]
    #: In a text without a report, the timeline it writes under a "Timeline:" label, if any.
    timeline: Timeline | None = None

    @property
    def kinds(self) -> tuple[str, ...]:
        """What each report is in the bug's history: a 2.0 report announcing the full report to come is a
        preliminary report, not the full one."""
        return tuple("preliminary" if r.preliminary else r.kind for r in self.reports)


def parse_source(ref: SourceRef, text: str, *, complete: bool = False, as_of: date | None = None) -> ParsedSource:
    """``text`` parsed; ``complete`` says it is known to be whole (a Bugzilla comment or attachment), ``as_of`` is
    the day it was written when known (its dates after that day are plans)."""
    # Indented blocks that hold report text are read as text by the rules too, not only by the extraction.
    document = read_indented(parse_document(text, ref.name, complete=complete))
    reports = tuple(extract_reports(document, as_of))
    if reports:
        return ParsedSource(ref, document, reports)
    years = [found.value.year for found in document.dates_between(1, len(document.lines))]
    timeline = loose_timeline(document, 1, len(document.lines), as_of or max(years, default=None))
    return ParsedSource(ref, document, reports, timeline)
