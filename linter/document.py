"""Source text -> Document: its lines, what kind of block each line belongs to, tables, and page chrome.

markdown-it-py gives the block structure. Inline parsing is switched off: the report model needs only
blocks, and bold labels are matched on the line text, which keeps the parse well under the cost of a
full markdown-it-py parse. All positions here are 1-based; markdown-it's 0-based maps are converted once,
in this module.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from markdown_it import MarkdownIt

from linter.lazy_regex import lazy_compile
from linter.timeline.dates import FoundDate, find_dates

# Kinds of line.
BLANK, TEXT, HEADING, TABLE, CODE, HTML, CHROME = "blank", "text", "heading", "table", "code", "html", "chrome"


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a table: its 1-based line and its cells' text."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A pipe table (Markdown), with the header row first."""

    line: int
    end_line: int
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class Document:
    """A source text split into lines, each line tagged with the kind of block that holds it."""

    name: str
    text: str
    lines: tuple[str, ...]
    #: Per line (index = line - 1): BLANK, TEXT, HEADING, TABLE, CODE, HTML or CHROME.
    kinds: tuple[str, ...]
    #: Per line: the Markdown heading level (1-6), 0 elsewhere.
    levels: tuple[int, ...]
    tables: tuple[Table, ...]
    #: Lines where a new Bugzilla comment starts in rendered page text (comment markers).
    boundaries: tuple[int, ...]
    #: The bug title, when the text is a copied Bugzilla page.
    title: str | None
    #: The text has no final line break: an excerpt copied or cut from a longer text.
    cut_short: bool
    #: The (first, last) lines of each indented code block. Mail clients and old forms indent questions and whole
    #: reports by four spaces or a tab, which CommonMark reads as code; the report layer, which knows the
    #: templates' wording, decides which of these blocks are report text (``read_as_text``). Fenced blocks are
    #: always code.
    indented: tuple[tuple[int, int], ...] = ()
    #: What the layers above read from the lines alone, once per text, keyed by what reads it (the report layer's
    #: scan of heading candidates and labels): several steps ask the same of the same lines. Never what depends on
    #: the kinds of the lines: ``read_as_text`` keeps it.
    derived: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def read_as_text(self, blocks: tuple[tuple[int, int], ...]) -> Document:
        """The document with these indented blocks read as text: their lines TEXT (or BLANK), no longer code."""
        if not blocks:
            return self
        kinds = list(self.kinds)
        for first, last in blocks:
            for number in range(first, last + 1):
                kinds[number - 1] = BLANK if not self.lines[number - 1].strip() else TEXT
        read = replace(self, kinds=tuple(kinds), indented=tuple(b for b in self.indented if b not in blocks))
        read.derived.update(self.derived)
        return read

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def kind(self, number: int) -> str:
        return self.kinds[number - 1]

    def dates_between(self, first: int, last: int) -> list[FoundDate]:
        """The calendar dates written on lines first..last (offsets into ``text``). The whole text is scanned
        once: the report, its timeline and its date all ask for the dates of overlapping lines."""
        begin, end = self._line_starts[first - 1], self._line_starts[last]
        dates = self._dates
        found = dates[bisect_left(dates, begin, key=_date_start):bisect_left(dates, end, key=_date_start)]
        # A date whose blanks run on past the last line is not on these lines.
        return [item for item in found if item.end < end]

    def lines_matching(self, pattern: re.Pattern[str], *, folded: bool = False, needs: str = "",
                       line_start: bool = False) -> list[int]:
        """The lines on which ``pattern`` finds a match, in order, each once: one search of the whole text instead
        of one per line. The pattern must find on the text what it finds on each line alone: nothing it matches
        holds a line break (no ``\\s`` that may reach the next line), and it looks past the ends of a line only
        with ``\\b``, or ``^`` and ``$`` under re.MULTILINE. ``folded`` searches the text case-folded (see
        ``fold_case``), with patterns written in lower case. ``needs``: a string every match holds; a text without
        it is not searched. ``line_start``: the pattern opens with a line break, which stands for the start of each
        line, the first one too: a search for a line break jumps from line to line, where one for ``^`` under
        re.MULTILINE tries every character."""
        text = self._folded if folded else self._joined
        if needs not in text:
            return []
        if line_start:
            text = "\n" + text  # a match at offset i then stands at the start of the line at offset i
        starts = self._line_starts
        found: list[int] = []
        last = 0
        for match in pattern.finditer(text):
            number = bisect_right(starts, match.start())
            if number != last:
                found.append(number)
                last = number
        return found

    @cached_property
    def _joined(self) -> str:
        """The lines joined by line breaks: ``text`` with its line breaks made one character and its NULs gone."""
        return "\n".join(self.lines)

    @cached_property
    def _folded(self) -> str:
        return fold_case(self._joined)

    @cached_property
    def _dates(self) -> list[FoundDate]:
        return find_dates(self.text)

    @cached_property
    def _line_starts(self) -> list[int]:
        """The offset of each line in ``text``, and past the end."""
        starts, offset = [], 0
        for line in self.lines:
            starts.append(offset)
            offset += len(line) + 1
        starts.append(offset)
        return starts

    def tables_between(self, first: int, last: int) -> tuple[Table, ...]:
        """The tables whose first line lies in first..last, in order. The tables are in line order: each section
        finds its own by bisection, so that a text of many reports and tables costs no more than its size."""
        return self.tables[bisect_left(self.tables, first, key=_table_line):
                           bisect_right(self.tables, last, key=_table_line)]


# The letters other than A-Z that case-insensitive matching (re.IGNORECASE) takes for an ASCII letter: Kelvin sign,
# long s, dotted and dotless I. Written as those letters, a text's lower case holds every match of IGNORECASE.
_FOLD_TO_ASCII = (("\u212a", "k"), ("\u017f", "s"), ("\u0130", "i"), ("\u0131", "i"))


def fold_case(text: str) -> str:
    """``text`` in lower case, with each letter that re.IGNORECASE matches to an ASCII letter written as it. A
    search for lower-case ASCII wording over it finds every match that an IGNORECASE search for that wording, or one
    over ``text.lower()``, finds over ``text``, at the same offsets: the capital dotted I, the one letter whose lower
    case is two characters, is written "i"."""
    if not text.isascii():
        for letter, ascii_letter in _FOLD_TO_ASCII:
            if letter in text:  # str.translate would be the slower, and these letters are rare
                text = text.replace(letter, ascii_letter)
    return text.lower()


def _table_line(table: Table) -> int:
    return table.line


def _date_start(found: FoundDate) -> int:
    return found.start


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.disable(["inline", "text_join"])
    return md


def split_lines(text: str) -> tuple[str, ...]:
    """The lines of a text as a Document holds them: any line break ends a line, NUL bytes go, and a final line
    break opens no empty line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = tuple(text.split("\n"))
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


def parse_document(text: str, name: str = "<text>", *, complete: bool = False) -> Document:
    """Split ``text`` into a Document; ``complete`` says the text is known to be whole (a Bugzilla comment)."""
    lines = split_lines(text)
    kinds = [BLANK if not line.strip() else TEXT for line in lines]
    levels = [0] * len(lines)
    tables: list[Table] = []
    indented: list[tuple[int, int]] = []
    tokens = _markdown().parse(text)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.map is not None:
            start, end = token.map
            if token.type == "heading_open":
                kinds[start] = HEADING
                levels[start] = int(token.tag[1])
            elif token.type in ("fence", "code_block"):
                _mark(kinds, start, end, CODE)
                if token.type == "code_block":
                    indented.append((start + 1, min(end, len(lines))))
            elif token.type == "html_block":
                _mark(kinds, start, end, HTML)
            elif token.type == "table_open":
                i, table = _read_table(tokens, i)
                tables.append(table)
                _mark(kinds, start, end, TABLE)
                continue
        i += 1
    chrome, boundaries, title = _find_chrome(lines)
    for number in chrome:
        kinds[number - 1] = CHROME
    return Document(
        name=name, text=text, lines=lines, kinds=tuple(kinds), levels=tuple(levels),
        tables=tuple(tables), boundaries=tuple(boundaries), title=title,
        cut_short=not complete and _looks_cut(text, lines), indented=tuple(indented),
    )


def _mark(kinds: list[str], start: int, end: int, kind: str) -> None:
    for index in range(start, min(end, len(kinds))):
        if kinds[index] != BLANK or kind == CODE:
            kinds[index] = kind


def _read_table(tokens: list, i: int) -> tuple[int, Table]:
    start, end = tokens[i].map
    rows: list[TableRow] = []
    cells: list[str] = []
    row_line = start + 1
    while i < len(tokens) and tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_open":
            cells = []
            row_line = token.map[0] + 1 if token.map else row_line
        elif token.type == "inline":
            cells.append(token.content.strip())
        elif token.type == "tr_close":
            rows.append(TableRow(row_line, tuple(cells)))
        i += 1
    header = rows[0].cells if rows else ()
    return i + 1, Table(start + 1, end, header, tuple(rows[1:]))


# Page chrome of a Bugzilla bug page, as a reader copies it. Strong markers make a text a copied page;
# only then are the weak ones (ordinary words such as "Details" on a line of their own) taken as chrome.
_STRONG_CHROME = lazy_compile(
    r"""^(?:\((?:CA\ Program|NSS)\ ::\ [^)]*\)
        |\(Reporter:\ [^)]*\)
        |\(Whiteboard:\ .*\)
        |(?:Open|Closed|Reopened|New|Assigned|Unconfirmed|Resolved|Verified)?\s*Bug\ \d+\ Opened\b.*
        |Comment\ \d+\s*•.*
        )$""", re.VERBOSE)
_COMMENT_MARKER = lazy_compile(r"^(?:Comment \d+\s*•.*|Updated\s*•.*)$")
_WEAK_CHROME = lazy_compile(
    r"""^(?:Categories|Tracking|\(Not\ tracked\)|People|Details|Details\ \|?|Attachments|task|Not\ set|normal
        |(?:RESOLVED|VERIFIED|CLOSED|NEW|ASSIGNED|REOPENED|UNCONFIRMED)(?:\ [A-Z]+)?
        |\|+|\|\|?\s*|(?:\|\s*)?(?:Assignee|Reporter|Description)(?:\s*\|+\s*)*
        |Updated\s*•.*|Comment\ \d+\s*•.*
        |\(In\ reply\ to\ .*\)|User\ Agent:\ .*|Steps\ to\ reproduce:|Actual\ results:|Expected\ results:
        |\(\d+\ files?(?:,\ \d+\ obsolete\ files?)?\)|[\d.,]+\s*(?:bytes|KB|MB|GB),?
        |(?:text|application|image)/[\w.+-]+|Flags:\ .*|Attached\ file\ .*|Attachment\ \#\d+.*
        |[A-Z][\w ]{1,30}:\ .*\ →\ .*|Ever\ confirmed:\ \w+|(?:Blocks|Depends\ on|See\ Also|Regressions):\ .*
        |References|Whiteboard:\ \[.*
        )$""", re.VERBOSE)


def _find_chrome(lines: tuple[str, ...]) -> tuple[set[int], list[int], str | None]:
    strong = [n for n, line in enumerate(lines, 1) if _STRONG_CHROME.match(line.strip())]
    if len(strong) < 2:
        return set(), [], None
    chrome = set(strong)
    boundaries: list[int] = []
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if _WEAK_CHROME.match(stripped):
            chrome.add(number)
        if _COMMENT_MARKER.match(stripped):
            boundaries.append(number)
    # The bug title is the last text line above "Categories" in the page header; without "Categories",
    # the first text line below "Closed Bug N Opened ...".
    title = None
    categories = next((n for n, line in enumerate(lines, 1) if line.strip() == "Categories"), None)
    if categories is not None:
        candidates = range(categories - 1, 0, -1)
    else:
        opened = next((n for n in strong if "Opened" in lines[n - 1]), None)
        candidates = range(opened + 1, min(opened + 6, len(lines) + 1)) if opened else range(0)
    for number in candidates:
        if lines[number - 1].strip() and number not in chrome:
            title = lines[number - 1].strip()
            chrome.add(number)
            break
    return chrome, boundaries, title



def _looks_cut(text: str, lines: tuple[str, ...]) -> bool:
    """Files end with a line break; text copied from a page, or cut from a longer one, does not."""
    return bool(text.strip()) and not text.endswith("\n")
