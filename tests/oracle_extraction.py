"""The line-by-line reading the whole-text scans replaced, kept as the oracle they are held to.

``LineByLineScan`` answers as ``linter.report.scan.TextScan`` does, but reads every line: ``heading_of`` and
``label_of`` on each, the closing sentence, the audit wording and the zone words searched line by line.
``line_by_line`` puts it in the scan's place for the extraction and the loose timeline."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from linter.document import Document
from linter.report import extract, loose_timeline
from linter.report.headings import Heading, LabelMatch, heading_of, label_of
from linter.report.scan import NAMES_AUDIT
from linter.report.vocabulary import CLOSING_SENTENCE, FieldSpec


class LineByLineScan:
    def __init__(self, doc: Document) -> None:
        self._lines = doc.lines
        every = list(range(1, len(doc.lines) + 1))
        self.heading_lines = every
        self.label_lines = every
        self.closing_lines = [n for n in every if CLOSING_SENTENCE.search(doc.lines[n - 1])]
        self.audit_lines = [n for n in every if NAMES_AUDIT.search(doc.lines[n - 1])]
        self.zone_lines = frozenset(every)
        self.opening_lines = every

    def headings(self, number: int, *, markdown_heading: bool = False) -> list[Heading]:
        return heading_of(self._lines[number - 1], markdown_heading=markdown_heading)

    def label(self, number: int, specs: tuple[FieldSpec, ...]) -> LabelMatch | None:
        return label_of(self._lines[number - 1], specs)

    def may_label(self, number: int) -> bool:
        return True


@contextmanager
def line_by_line() -> Iterator[None]:
    """The extraction reads every line, as it did before the scans."""
    with pytest.MonkeyPatch.context() as patch:
        for module in (extract, loose_timeline):
            patch.setattr(module, "scan_text", LineByLineScan)
        yield
