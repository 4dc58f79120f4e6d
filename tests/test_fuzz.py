"""Fuzzing with structure: hypothesis builds whole documents -- Markdown and rendered page text, with headings,
tables, lists, HTML, code fences, unicode, NUL bytes, very long lines and deep nesting -- and feeds them to the
parse (``extract_reports(parse_document(...))``) and the check (``lint_text`` and every output format).

tests/test_properties.py draws lines from the report vocabulary; the strategies here build the block structure
around them. Each test runs a bounded number of examples (IRLINT_FUZZ_EXAMPLES, default 200; derandomized on CI
so that a run there is repeatable); fuzz/ has the coverage-guided harness for long runs by hand. A crash found
either way becomes a case in REGRESSIONS below.

The last tests hold irlint's fast paths to the plain ones they replace (timestamps, timeline events, field
labels): the same answer on any text.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from linter.checks import placeholders
from linter.checks.certificates import x001_no_certificate_identifiers as x001
from linter.document import parse_document
from linter.formatters import FORMATTERS
from linter.formatters.outcome import Outcome
from linter.lint import Options, lint_text
from linter.report import extract_reports, headings
from linter.report import vocabulary as vocab
from linter.report.headings import _label_regex, label_of
from linter.terminal import inert
from linter.timeline import timestamps

EXAMPLES = int(os.environ.get("IRLINT_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("CI") == "true")
OPTIONS = Options(today=date(2026, 11, 27))

# --- strategies ---------------------------------------------------------------------------------------------

# Pieces of inline text a report holds, and pieces no report should (NUL, escape sequences, bidi overrides).
WORDS = ("revoked", "we reminded staff", "human error", "2024-05-06", "10:30 UTC", "May 6, 2024", "6/5/2024",
         "certificates", "12 certificates were affected", "**bold**", "`code`", "<b>x</b>", "&amp;", "[link](x)",
         "https://crt.sh/?sha256=ab", "CPR", "N/A", "TBD", "Contributing Factor 2", "Prevent", "Ongoing", "|", "\\|",
         "\x00", "\x1b[2J", "\u202e", "\t", "’", "é", "中文", "🔒", "İſK", "\u00a0", "\ufeff", "a" * 300)
inline = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=8).map(" ".join)
LABELS = tuple(f"{spec.labels[0][0].upper()}{spec.labels[0][1:]}" for spec in
               (*vocab.SUMMARY_FIELDS_FULL, *vocab.IMPACT_FIELDS, *vocab.FACTOR_FIELDS, *vocab.LESSONS_FIELDS,
                *vocab.CLOSURE_FIELDS))
TITLES = (*vocab.REPORT_MARKERS, *vocab.SECTION_TITLES, *vocab.AUDIT_1_TITLES, "Finding #1", "Contributing Factor 1",
          "1. How your CA first became aware of the problem", "2. A timeline of the actions your CA took",
          "7. List of steps your CA is taking to resolve the situation")


@st.composite
def heading(draw) -> str:
    title = draw(st.one_of(st.sampled_from(TITLES).map(str.title), inline))
    form = draw(st.sampled_from(("atx", "setext", "bold", "plain")))
    if form == "atx":
        return "#" * draw(st.integers(1, 7)) + " " + title + draw(st.sampled_from(("", " ##", ":")))
    if form == "setext":
        return title + "\n" + draw(st.sampled_from(("===", "---", "-")))
    return f"**{title}**" if form == "bold" else title


@st.composite
def field(draw) -> str:
    label = draw(st.sampled_from(LABELS))
    mark = draw(st.sampled_from(("- **{}:** ", "**{}:** ", "{}: ", "- {}: ", "  - **{}:**", "> **{}:** ")))
    return mark.format(label) + draw(inline)


@st.composite
def nested_list(draw) -> str:
    lines = []
    depth = 0
    for _ in range(draw(st.integers(1, 12))):
        depth = max(0, depth + draw(st.integers(-2, 2)))
        marker = draw(st.sampled_from(("-", "*", "+", "1.", "2)", "•")))
        lines.append("  " * depth + marker + " " + draw(inline))
    return "\n".join(lines)


@st.composite
def table(draw) -> str:
    width = draw(st.integers(1, 7))
    header = draw(st.one_of(
        st.just(["Action Item", "Kind", "Corresponding Root Cause(s)", "Evaluation Criteria", "Due Date", "Status"]),
        st.just(["Bug", "Date", "Description"]), st.lists(inline, min_size=width, max_size=width)))
    rows = draw(st.lists(st.lists(inline, min_size=0, max_size=len(header) + 2), max_size=8))
    pipe = draw(st.booleans())
    edge = "|" if pipe else ""
    out = [edge + "|".join(header) + edge, edge + "|".join("---" for _ in header) + edge]
    out += [edge + "|".join(cell.replace("\n", " ") for cell in row) + edge for row in rows]
    return "\n".join(out)


@st.composite
def fence(draw) -> str:
    mark = draw(st.sampled_from(("```", "~~~", "````")))
    body = draw(st.lists(inline, max_size=4))
    closed = draw(st.booleans())
    return "\n".join([mark + draw(st.sampled_from(("", "python", "csv"))), *body, *([mark] if closed else [])])


HTML = ("<div>", "</div>", "<!-- comment -->", "<!-- unclosed comment", "<details><summary>x</summary>",
        "<script>alert(1)</script>", "<table><tr><td>x</td></tr></table>", "<?php x ?>", "<![CDATA[ x ]]>", "<br/>")


@st.composite
def html(draw) -> str:
    return "\n".join(draw(st.lists(st.one_of(st.sampled_from(HTML), inline), min_size=1, max_size=4)))


@st.composite
def timeline_entry(draw) -> str:
    stamp = draw(st.one_of(
        st.dates(date(1999, 1, 1), date(2030, 12, 31)).map(date.isoformat),
        st.sampled_from(("2024-05-06 10:00 UTC", "May 6, 2024 at 14:43 UTC", "06.05.2024 10:00", "10/24 13:15",
                         "13/3/2020", "10:00-11:00", "2024-05-06T19:56:00+08:00", "Oct 25", "25:99", "2024-02-30"))))
    return draw(st.sampled_from(("- ", "* ", "1. ", "", "| "))) + stamp + draw(st.sampled_from((": ", " - ", " "))) \
        + draw(inline)


@st.composite
def deep(draw) -> str:
    depth = draw(st.integers(20, 120))
    kind = draw(st.sampled_from(("list", "quote", "mixed")))
    if kind == "list":
        return "\n".join("  " * level + "- x" for level in range(depth))
    if kind == "quote":
        return ">" * depth + " " + draw(inline)
    return "\n".join(">" * (level % 7) + "  " * level + "- y" for level in range(depth))


@st.composite
def long_line(draw) -> str:
    piece = draw(st.one_of(st.sampled_from(WORDS), st.sampled_from((" ", "*", "_", "#", "|", "-", "1", "2024 "))))
    lead = draw(st.sampled_from(("", "- ", "    ", "> ")))
    return lead + piece * draw(st.integers(1, 20_000 // len(piece))) + draw(inline)


PAGE = ("", "---", "* * *", "All times are UTC.", "Comment 3•2 months ago", "(CA Program :: CA Certificate "
        "Compliance, task)", "Categories")
block = st.one_of(heading(), field(), nested_list(), table(), fence(), html(), timeline_entry(), inline,
                  st.sampled_from(PAGE), deep(), long_line())


def _rendered(markdown: str) -> str:
    """As a reader copies a rendered Bugzilla page: marks gone, table cells one a line, page chrome first."""
    out = ["Title of the bug", "Categories", "(CA Program :: CA Certificate Compliance, task)", "Tracking",
           "(Not tracked)", "People", "(Reporter: someone, Assigned: someone)", "Details"]
    for line in markdown.split("\n"):
        if re.match(r"^\s*\|?\s*:?-{3,}", line):
            continue
        if line.lstrip().startswith("|"):
            out += [cell.strip() for cell in line.strip().strip("|").split("|")]
        else:
            out.append(re.sub(r"^#+\s*", "", line).replace("**", ""))
    return "\n".join(out)


@st.composite
def document(draw) -> str:
    text = draw(st.lists(block, max_size=25).map("\n\n".join))
    if draw(st.booleans()):
        text = _rendered(text)
    ending = draw(st.sampled_from(("\n", "\r\n", "\r", "")))
    text = text.replace("\n", ending or "\n") + ending
    return draw(st.sampled_from(("", "\ufeff"))) + text


# --- crashes found, kept as cases -----------------------------------------------------------------------------------

REGRESSIONS = (
    # The label pattern split leading blanks between two of its parts: quadratic on a deep list's indentation.
    "## Full Incident Report\n\n### Timeline\n\n" + "".join("  " * level + "- item\n" for level in range(200)),
    # A NUL inside a label and a table cell; CR line ends; a BOM.
    "\ufeff## Full Incident Report\r### Summary\r- **Incident\x00 description:** x\r| a | b\x00 |\r|---|---|\r",
    # Escape sequences in a value that a rule quotes in its message.
    "## Preliminary Incident Report\n\n### Summary\n\n- **Source of incident disclosure:** \x1b]8;;http://x\x1b\\y\n",
)


# --- properties -----------------------------------------------------------------------------------------------------


def _within(text_lines: tuple[str, ...], line: int | None, column: int | None) -> bool:
    """A 1-based position on a line of the text, at most just past its last character."""
    return line is not None and 1 <= line <= len(text_lines) and column is not None \
        and 1 <= column <= len(text_lines[line - 1]) + 1


@FUZZ
@given(document())
def test_parse_never_raises_and_its_reports_serialise(text: str) -> None:
    document_ = parse_document(text, "fuzz.md")
    reports = extract_reports(document_)
    count = len(document_.lines)
    assert len(document_.kinds) == len(document_.levels) == count
    for report in reports:
        assert 1 <= report.line <= report.end_line <= count
        for item in (*report.sections, *report.fields):
            assert report.line <= item.line <= item.end_line <= report.end_line
        for entry in report.timeline.entries:
            assert report.line <= entry.line <= entry.end_line <= report.end_line
        json.dumps(report.as_dict(), default=str)  # what `irlint parse` prints


def _check_findings(text: str) -> None:
    result = lint_text(text, "fuzz.md", OPTIONS)
    lines = result.lines
    for finding in result.findings:
        assert _within(lines, finding.line, finding.column), finding
        end_line = finding.end_line or finding.line
        end_column = finding.end_column if finding.end_column is not None else finding.column
        assert _within(lines, end_line, end_column), finding
        assert (end_line, end_column) >= (finding.line, finding.column), finding
    outcome = Outcome([result], ())
    for name, formatter in FORMATTERS.items():
        out = formatter(outcome)
        if name in ("text", "concise", "github", "markdown"):
            assert inert(out) == out, name


@FUZZ
@given(document())
def test_check_never_raises_and_findings_point_inside_the_input(text: str) -> None:
    _check_findings(text)


def test_regressions() -> None:
    for text in REGRESSIONS:
        _check_findings(text)
        extract_reports(parse_document(text))


# --- fast paths agree with the plain ones -------------------------------------------------------------------------

stamp_text = st.lists(st.one_of(st.sampled_from((
    "2024-05-06", "6/5/2024", "12:30", "May 6, 2024", "6th of May 2024", "Mon, ", "UTC", "+08:00", "10/24", "Oct 25",
    " ", "-", "T", "at", "20210920", "1.2.2024", "JAN", "Sept.", "3rd", "\u00a0", ":", "/", ".", "K", "ſ")),
    st.text(max_size=4)), max_size=14).map("".join)


def _plain_stamp(text: str, year: int | None) -> timestamps.Stamp | None:
    """find_stamp as it reads without its shortcuts: every date pattern over the whole text."""
    text = text[:timestamps._LIMIT]
    if not timestamps._ANY_DIGIT.search(text):
        return None
    written = min((found for found in (pattern.search(text) for pattern in timestamps._DATES) if found),
                  key=lambda found: (found.start(), -found.end()), default=None)
    clock = timestamps._TIME.search(text)
    if clock is not None and (written is None or clock.start() < written.start()):
        return timestamps._timed(text, clock.start(), clock, None, None, dated=False, attached=False, year=year)
    if written is None:
        return None
    day, reason = timestamps._read_date(written, year)
    joint = timestamps._DATE_TIME_JOINT.match(text, written.end())
    clock = timestamps._TIME.match(text, joint.end())
    if clock is None:
        return timestamps.Stamp(day, None, "day", None, None, reason, written.start(), written.end(),
                                timestamps._readings(written, year))
    return timestamps._timed(text, written.start(), clock, day, reason, dated=True, attached=bool(joint["t"]),
                             year=year, readings=timestamps._readings(written, year))


@FUZZ
@given(stamp_text, st.sampled_from((None, 2024)))
@example("x 2024-05-06 12:30 UTC", None)
@example("Oct 25 10:00" + " " * 100 + "2024-01-01", 2024)
def test_find_stamp_equals_the_plain_search(text: str, year: int | None) -> None:
    assert timestamps.find_stamp(text, year=year) == _plain_stamp(text, year)


LABEL_PIECES = (" ", "  ", "\t", ">", "> ", "- ", "* ", "1. ", "12) ", "**", "__", ":", "?", "Incident description",
                "Timeline", "timeline summary", "Analysis", "x", "’", "Non-compliance start date", "\u00a0")


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(LABEL_PIECES), st.text(max_size=3)), max_size=10).map("".join))
def test_label_pattern_equals_the_one_with_two_blank_runs(line: str) -> None:
    """The label pattern reads blanks after the lead only after a bold mark; the former pattern read them in
    both places, which tried every split of a run of blanks. Both give the same matches."""
    specs = vocab.FIELDS_BY_KIND["full"]
    pattern, _ = _label_regex(specs)
    former = re.compile(pattern.pattern.replace(r"(?:(?P<b1>\*\*|__)\s*)?", r"(?P<b1>\*\*|__)?\s*"), pattern.flags)
    assert former.pattern != pattern.pattern
    now, then = pattern.match(line), former.match(line)
    assert (now and now.groupdict(), now and now.span()) == (then and then.groupdict(), then and then.span())
    label_of(line, specs)


# X001's patterns as they were written before they ran on lower-cased text with their word starts spelt out.
_PLAIN_CERTS = r"(?:pre-?)?cert(?:ificate)?s?\b"
_PLAIN_NONE = re.compile(
    r"\bno\s+(?:\w+\s+){0,3}?" + _PLAIN_CERTS + r"\s+(?:were|was|are|is|have\s+been|had\s+been|has\s+been)\s+"
    r"(?:\w+\s+)?(?:affected|impacted|mis-?issued|issued|involved)"
    r"|\b(?:did|does|do)\s+not\s+(?:affect|involve|impact|concern)\s+(?:any\s+)?(?:\w+\s+){0,2}?" + _PLAIN_CERTS
    + r"|\bno\s+" + x001._AFFECTED + r"\s+(?:\w+\s+){0,2}?" + _PLAIN_CERTS
    + r"|\bnot\s+(?:a\s+)?certificate[- ]related|\bno\s+certificates?\s+(?:are|were)\s+(?:affected|involved|concerned)"
    r"|(?<![\d.,])\b0\s+(?:\w+\s+){0,2}?" + _PLAIN_CERTS + r"|\bzero\s+(?:\w+\s+){0,2}?" + _PLAIN_CERTS, re.IGNORECASE)
_PLAIN_PRECERTIFICATES_ONLY = re.compile(r"\bonly\s+pre-?certificates|\bpre-?certificates\s+only\b", re.IGNORECASE)
_PLAIN_IDENTIFIERS = re.compile(
    r"crt\.sh/|censys\.(?:io|com)/certificates|"
    r"\b[0-9a-f]{64}\b|\b[0-9a-f]{40}\b|(?:\b[0-9a-f]{2}:){15,}[0-9a-f]{2}\b|"
    r"\bserial(?:\s+number)?s?\b\s*(?:#|no\.?|number)?\s*[:=]?\s*(?:0x)?(?:[0-9a-f]{2}[: ]?){6,}|"
    r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{16,}\b",
    re.IGNORECASE)
CERTIFICATE_PIECES = (
    "no", "No ", "not", "did", "does", "do", "zero", "0", "10", ".0", "only", "pre", "-", "certificates", "Cert",
    "precertificates", "were", "have been", "affected", "issued", "involved", "certificate-related", "a", " ", "\n",
    "serial", "number", "#", ":", "0x", "AB", "0f", "1a2b3c4d5e6f7a8b", "a" * 40, "0" * 64, "crt.sh/", "CRT.SH/",
    "censys.io/certificates", "de:ad:", "_", "é", "3", "16,200", "one", "Three", "TLS", "mis-issued", "revoked",
    "Number of", "total", "of the", "with", "were found", "affects", "Issued", "a single", "§")


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(CERTIFICATE_PIECES), st.text(alphabet="aZ0:. \n_-", max_size=3)),
                max_size=14).map("".join))
@example("0a:" * 15 + "0a")
@example("x" + "0a:" * 15 + "0a")
@example("xno certificates were affected; ado not affect certs; x0 certs, xzero certs, xonly precertificates")
@example("Serial: 0A:1B:2C:3D:4E:5F")
def test_x001_patterns_find_what_the_plain_ones_find(text: str) -> None:
    """Searched in lower-cased text the patterns agree with the case-insensitive ones they replace (for text
    whose lower case has the same letters: the test leaves out the few, such as 'ſ', that fold but do not lower)."""
    lowered = text.lower()
    assert bool(x001._NONE.search(lowered)) == bool(_PLAIN_NONE.search(text))
    assert bool(x001._PRECERTIFICATES_ONLY.search(lowered)) == bool(_PLAIN_PRECERTIFICATES_ONLY.search(text))
    assert x001._identifies(lowered) == bool(_PLAIN_IDENTIFIERS.search(text))
    for pattern in x001._COUNT_PATTERNS:
        plain = re.compile(pattern.pattern, re.IGNORECASE)
        assert [m.span() for m in pattern.finditer(lowered)] == [m.span() for m in plain.finditer(text)]


def _plain_strip_markup(line: str) -> tuple[str, int, tuple[int, ...], bool]:
    """headings._strip_markup without its guards: every pattern on every line."""
    text = headings._QUOTE.sub("", line.lstrip())
    text = headings._ATX.sub("", text)
    text = headings._BULLET.sub("", text)
    numbers: tuple[int, ...] = ()
    match = headings._NUMBERING.match(text)
    if match:
        numbers = tuple(int(n) for n in re.findall(r"\d+", match.group(1)))
        text = text[match.end():]
    return text, len(line) - len(text) + 1, numbers, text.startswith(("**", "__"))


def _plain_normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s+", " ", text.strip().strip("*_").strip()).lower()
    return text.rstrip(":?. ").strip("*_ ").rstrip(":?")


HEADING_PIECES = (" ", "\t", "\u00a0", "\u2003", ">", "> ", "#", "## ", " ##", "- ", "• ", "1. ", "(2)", "4 & 5.",
                  "Topic 3:", "Q1 ", "question 2 ", "**", "__", ":", "?", "’", "Summary", "Root Cause", "٣.", "x")


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(HEADING_PIECES), st.text(max_size=3)), max_size=10).map("".join))
def test_heading_markup_is_stripped_as_by_every_pattern(line: str) -> None:
    assert headings._strip_markup(line) == _plain_strip_markup(line)
    assert headings.normalise(line) == _plain_normalise(line)


@FUZZ
@given(st.lists(st.sampled_from(("*", "_", "`", ">", "-", "+", "•", " ", "\n", "\t", "x", "TBD", ".", ":")),
                max_size=16).map("".join))
def test_bare_text_equals_one_pass_over_bullets_and_marks(text: str) -> None:
    one_pass = re.compile(r"[*_`>]|^\s*[-+•]\s+", re.MULTILINE)
    assert placeholders.bare(text) == " ".join(one_pass.sub(" ", text).split()).strip(" .:;")
