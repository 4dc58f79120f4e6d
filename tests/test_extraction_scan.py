"""The whole-text scans of the extraction hold to the line-by-line reading they replaced (tests/oracle_extraction.py):
every line that reading finds a heading, a label, the closing sentence, audit wording or a zone declaration on is
a line the scans name, and the reports, timelines and findings are the same, on generated and real-shaped text."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from oracle_extraction import line_by_line
from test_properties import REPORTISH_LINES

from linter.document import BLANK, fold_case, parse_document
from linter.lint import Options, lint_text
from linter.parsed import parse_source
from linter.report import headings
from linter.report import loose_timeline as loose
from linter.report import vocabulary as vocab
from linter.report.extract import _DETECTION_SPECS, _V3_PRELIMINARY_SPECS
from linter.report.headings import _LEGACY_WORDS, _label_regex, heading_of
from linter.report.scan import NAMES_AUDIT, scan_text
from linter.source_ref import SourceRef
from linter.timeline.timestamps import declared_zone, find_stamp

ROOT = Path(__file__).resolve().parent.parent
TITLES = sorted({*vocab.REPORT_MARKERS, *vocab.SECTION_TITLES, *vocab.AUDIT_1_TITLES, *vocab.LEGACY_SHORT_TITLES})
LABELS = sorted({label for t in vocab.TEMPLATES.values() for spec in t.fields for label in spec.labels})
LEGACY = ("How your CA first became aware of the problem", "A timeline of the actions your CA took",
          "Whether your CA has stopped issuing", "summary of the problematic certificates",
          "Explanation about how and why the mistakes were made", "List of steps your CA is taking",
          "complete certificate data for the problematic certificates")
LEADS = ("", " ", "> ", ">> ", "## ", "#", "- ", "* ", "• ", "1. ", "2) ", "(3) ", "Topic 2: ", "Question 1. ",
         "Q3 ", "4 and 5. ", "4 & 5. ", "**", "__", "- **", "1. **", "\t")
TAILS = ("", ":", ":**", "**", "**:", " (UTC)", " - all times UTC", ": none", ": we did it.", "?", " of events",
         " #1", " 2", "  ", " and more text after it. Then a sentence.")
# Letters that case-insensitive matching takes for ASCII ones, and markup that may split a word.
ODD = {"s": "ſ", "i": "İ", "k": "K", "I": "ı"}


@st.composite
def odd_case(draw, text: str) -> str:
    """``text`` with its case changed, odd letters, bold marks inside its words or blanks widened."""
    chars = []
    for char in text:
        how = draw(st.integers(0, 12))
        if how == 0:
            chars.append(char.upper())
        elif how == 1 and char in ODD:
            chars.append(ODD[char])
        elif how == 2 and char.isalpha():
            chars.append(char + draw(st.sampled_from(("**", "__"))))
        elif how == 3 and char == " ":
            chars.append(draw(st.sampled_from(("  ", "\t", "\u00a0", " \u2028"))))
        else:
            chars.append(char)
    return "".join(chars)


@st.composite
def heading_like(draw) -> str:
    words = draw(st.sampled_from((*TITLES, *LABELS, *LEGACY, "Contributing Factor #2: cause", "Issue #3",
                                  "Finding 1 Description: x", "All times are UTC", "Date (UTC)",
                                  vocab.CLOSING_SENTENCE.pattern, "qualified opinion", "non-conformity")))
    return draw(st.sampled_from(LEADS)) + draw(odd_case(words)) + draw(st.sampled_from(TAILS))


line = st.one_of(st.sampled_from(REPORTISH_LINES), heading_like(), st.text(max_size=40),
                 st.builds(str.__add__, st.sampled_from((" - ", "\t* ", "    • ", "12) ", " 3. ", "-\u2028")),
                           st.sampled_from(("2024-01-02 10:00 UTC revoked", "x", "", "Jan 5, 2023: we were aware"))),
                 st.text(alphabet=string.ascii_letters + " *_#>-:.()&1", max_size=40))
texts = st.builds(lambda lines, ending: "\n".join(lines) + ending, st.lists(line, max_size=30),
                  st.sampled_from(["", "\n", "\r\n"]))

#: Every tuple of specs the extraction looks labels up among.
SPEC_TUPLES = (_DETECTION_SPECS, _V3_PRELIMINARY_SPECS,
               *(t.fields for t in vocab.TEMPLATES.values() if t.fields),
               *(t.fields_of(s.key) for t in vocab.TEMPLATES.values() if t.fields for s in t.sections))


def _reading(text: str, complete: bool = False):
    parsed = parse_source(SourceRef.file("scan.md"), text, complete=complete)
    return parsed.reports, parsed.timeline


@settings(max_examples=400, deadline=None)
@given(texts)
@example("Sum**mary**\nx")
@example("Queſtion 1. Summary\nx")
@example("questİon 2: Timeline\n- 2024-01-02 10:00 UTC: x")
def test_scans_name_every_line_the_line_by_line_reading_finds(text: str) -> None:
    doc = parse_document(text)
    scan = scan_text(doc)
    items = doc.lines_matching(loose._ITEM_LINE, line_start=True)
    for number, line in enumerate(doc.lines, 1):
        if heading_of(line) or heading_of(line, markdown_heading=True):
            assert number in scan.heading_lines, line
        if any(_label_regex(specs)[0].match(line) for specs in SPEC_TUPLES if specs):
            assert scan.may_label(number), line
        if declared_zone(line.strip()) is not None:
            assert number in scan.zone_lines, line
        assert bool(loose._ITEM.match(line)) == (number in items), line
    every = range(1, len(doc.lines) + 1)
    assert scan.closing_lines == [n for n in every if vocab.CLOSING_SENTENCE.search(doc.lines[n - 1])]
    assert scan.audit_lines == [n for n in every if NAMES_AUDIT.search(doc.lines[n - 1])]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_reports_and_timelines_are_those_of_the_line_by_line_reading(text: str) -> None:
    scanned = _reading(text)
    with line_by_line():
        assert _reading(text) == scanned


def _real_shaped() -> list[Path]:
    return sorted(p for folder in (ROOT / "tests" / "reports", ROOT / "examples")
                  for p in folder.rglob("*") if p.suffix in (".md", ".txt"))


def test_findings_on_the_repository_reports_are_those_of_the_line_by_line_reading() -> None:
    options = Options(today=date(2026, 12, 7))
    paths = _real_shaped()
    assert len(paths) > 40
    for path in paths:
        text = path.read_text(encoding="utf-8")
        scanned = lint_text(text, str(path), options)
        with line_by_line():
            assert lint_text(text, str(path), options) == scanned, path


def test_fold_case_holds_every_case_insensitive_match_of_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    word = re.compile(r"\w")
    for code in range(0x110000):
        char = chr(code)
        folded = fold_case(char)
        if letter.fullmatch(char):
            assert folded in string.ascii_lowercase, hex(code)
        if len(folded) == 1:
            assert bool(word.match(char)) == bool(word.match(folded)), hex(code)
        else:
            assert char.lower() == folded  # only a letter whose lower case is longer; none is in ASCII
            assert not re.search("[a-z]", folded), hex(code)


def test_fold_case_keeps_offsets() -> None:
    text = "İstanbul: Timeline KELVIN ſ ı \u0130\n"
    assert len(fold_case(text)) == len(text)


def test_every_title_and_label_starts_with_a_word() -> None:
    for wording in (*TITLES, *LABELS):
        assert re.match(r"[a-z0-9]", wording.lower()), wording


def test_a_text_with_indented_report_text_keeps_its_scan() -> None:
    text = "Intro.\n\n    ## Incident Report\n    ### Summary\n    It broke.\n"
    doc = parse_document(text)
    scan = scan_text(doc)
    read = doc.read_as_text(doc.indented)
    assert read.kinds[2] != doc.kinds[2]
    assert scan_text(read) is scan
    assert doc.kinds.count(BLANK) == read.kinds.count(BLANK)


prose = st.text(alphabet=string.ascii_lowercase + " .,:;?)!&", max_size=120)
legacy_line = st.builds(lambda parts: "".join(parts),
                        st.lists(st.one_of(prose, st.sampled_from(LEGACY), st.sampled_from(_LEGACY_WORDS),
                                           heading_like()), min_size=1, max_size=8))


@settings(max_examples=400, deadline=None)
@given(legacy_line)
@example("ca first became aware" + " x" * 300 + "; how we became aware")
def test_legacy_questions_are_searched_for_near_their_words_only(line: str) -> None:
    near = heading_of(line)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(headings, "_legacy_reach", lambda: 10**9)  # the whole line, as before
        assert heading_of(line) == near


stamp_text = st.builds(lambda parts: " ".join(parts), st.lists(st.sampled_from((
    "09:30", "9:30 pm", "14:43:07", "UTC", "CST", "PT", "Eastern Time", "on", "June 25, 2020", "2024-10-16",
    "2024-10-16T19:56Z", "12.09.2025", "6/23/2020", "3/28/19", "Oct 25", "revoked", "-", "10:00-11:00", "(UTC+8)")),
    max_size=6))


@settings(max_examples=300, deadline=None)
@given(st.one_of(stamp_text, st.text(max_size=30)), st.dates(), st.sampled_from((None, 2022, date(2023, 3, 1))))
def test_a_day_changes_only_the_stamp_of_a_time_written_alone(text: str, day: date, year) -> None:
    alone = find_stamp(text, year=year)
    if alone is None or alone.precision != "time":
        assert find_stamp(text, day=day, year=year) == alone
