"""Heading candidates and field labels, recognised on the line text in all three input forms.

A heading may be a Markdown heading, a bold paragraph, or (rendered page text, plain text) a line that
holds nothing but a known title, possibly numbered. Legacy questions may also run into their answer
("CA first became aware: On 5/18 we ...") or stand in the middle of a long line, as in mailing-list posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from linter.lazy_regex import lazy_compile, max_width
from linter.report import vocabulary as vocab

_QUOTE = lazy_compile(r"^(?:>\s*)+")
# "#ROOT CAUSE": a hash glued to a capital is a heading written without its space (CommonMark reads it as text).
_ATX = lazy_compile(r"^#{1,6}(?:\s+|(?=[A-Z]))|\s+#+\s*$")
_BULLET_MARKS = frozenset("-*+•◦")
_BULLET = lazy_compile(r"^[-*+•◦]\s+")
_NUMBERING = lazy_compile(
    r"^(?:(?:topic|question|q)\s*)?\(?(\d{1,2}(?:\s*(?:&|and|,|/)\s*\d{1,2})*)\s*(?:[.):\-–—]+\s*|/\s+|\s+(?=[a-z]))",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Heading:
    """What a line says as a heading."""

    #: "marker" (a report heading), "section", "legacy", "legacy_short", "audit_finding", "audit_part",
    #: or "factor".
    role: str
    #: The report kind for markers, the canonical key for sections and legacy topics, the finding or
    #: factor number as text for findings and factors.
    key: str
    column: int
    #: The heading says nothing else: no run-in answer follows it on its line.
    alone: bool
    #: Numbers written before the heading ("4 & 5." gives (4, 5)).
    numbers: tuple[int, ...] = ()
    title: str = ""


def normalise(text: str) -> str:
    """Lower case, one apostrophe, single spaces, no markup around or final colon/question mark."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    # str.split() and the regex engine's \s agree on what white space is; split and join is the faster.
    text = " ".join(text.strip().strip("*_").split()).lower()
    return text.rstrip(":?. ").strip("*_ ").rstrip(":?")


def _strip_markup(line: str) -> tuple[str, int, tuple[int, ...], bool]:
    """The line without quote marks, #, bullets and numbering; its column; the numbers; bold or not."""
    original = len(line)
    # Each pattern runs only when the character it needs is there: this runs on every line of every report.
    text = line.lstrip()
    if text.startswith(">"):
        text = _QUOTE.sub("", text)
    if "#" in text:
        text = _ATX.sub("", text)
    if text[:1] in _BULLET_MARKS:
        text = _BULLET.sub("", text)
    numbers: tuple[int, ...] = ()
    first = text[:1]
    match = _NUMBERING.match(text) if first.isdigit() or first in "(tTqQ" else None
    if match:
        numbers = tuple(int(n) for n in re.findall(r"\d+", match.group(1)))
        text = text[match.end():]
    bold = text.startswith(("**", "__"))
    column = original - len(text) + 1
    return text, column, numbers, bold


def heading_of(line: str, *, markdown_heading: bool = False) -> list[Heading]:
    """The headings this line holds: usually none or one; run-in legacy questions may give several."""
    stripped = line.strip()
    if not stripped or len(stripped) > 2000:
        return []
    if len(stripped) > 160 and not markdown_heading:
        # Too long for a title: only a legacy question or an audit part running into its answer can stand here.
        lowered = stripped.lower()
        if not _LEGACY_WORD.search(lowered) and not _AUDIT_RUN_IN_START.match(lowered):
            return []
    text, column, numbers, bold = _strip_markup(line)
    whole = normalise(text)
    head, _, rest = whole.partition(":")
    rest = rest.strip(" *_")
    found: list[Heading] = []
    title = text.strip().strip("*_").strip()
    # A title in capitals ("TIMELINE – all times UTC") is marked as a heading as plainly as "##" is.
    marked = markdown_heading or bold or _in_capitals(title)
    marker = _known(whole, vocab.REPORT_MARKERS, marked)
    if marker is not None:
        return [Heading("marker", marker, column, True, numbers, title)]
    section = _known(whole, vocab.SECTION_TITLES, marked)
    if section is not None:
        found.append(Heading("section", section, column, True, numbers, title))
    part = _known(whole, vocab.AUDIT_1_TITLES, marked)
    if part is not None:
        found.append(Heading("audit_part", part, column, True, numbers, title))
    elif ":" in whole or vocab.AUDIT_FINDING.match(whole):
        found.extend(_audit_part_run_in(text, whole, column, numbers))
    if whole in vocab.LEGACY_SHORT_TITLES or (head in vocab.LEGACY_SHORT_TITLES and numbers):
        key = vocab.LEGACY_SHORT_TITLES.get(whole) or vocab.LEGACY_SHORT_TITLES[head]
        found.append(Heading("legacy_short", key, column, whole in vocab.LEGACY_SHORT_TITLES, numbers, title))
    if found:
        return found
    if (markdown_heading or bold or len(whole) <= 80) and vocab.AUDIT_FINDING.match(whole):
        number = re.search(r"\d+", whole).group()
        return [Heading("audit_finding", number, column, True, numbers, title)]
    factor = vocab.CONTRIBUTING_FACTOR.match(whole)
    if factor and (markdown_heading or bold or len(whole) <= 160):
        return [Heading("factor", factor.group(1) or "", column, True, numbers, title)]
    questions = _legacy_questions(line, whole, column, numbers)
    if (markdown_heading or bold or len(whole) <= 40) and _TIMELINE_TITLED.match(whole) \
            and all(q.key == "timeline" and q.alone for q in questions):
        # "### Timeline of incident and actions taken": a heading that names the timeline and says of what. A
        # legacy report reads "Timeline of events" as its second topic, a 2.0 or 3.x report as its Timeline.
        return [*questions, Heading("section", "timeline", column, True, numbers, title)]
    return questions


_CAPITALS_TITLE = lazy_compile(r"[A-Z][A-Z&/ '’()]{2,40}?(?=\s*(?:[-–—:(]|$))")


def _in_capitals(title: str) -> bool:
    """The title before any note is written in capitals: "IMPACT", "TIMELINE - all times UTC"."""
    return _CAPITALS_TITLE.match(title) is not None


_TIMELINE_TITLED = lazy_compile(r"(?:incident )?timeline (?:of|for) [^:]{0,80}$")


# A part of a 1.0 audit report written on one line with its answer, maybe after the number:
# "Issue #1 Root Cause of Issue: the logs ...", "Issue #2 Description: ...", "Root Cause of Issue: ...".
_AUDIT_RUN_IN = lazy_compile(r"^(?:(issue|finding)\s*#?\s*\d+\s*[:.\-–—]?\s*)?([a-z][a-z ]{2,60}?)\s*(?::\s*(.*))?$")


_AUDIT_RUN_IN_START = lazy_compile(
    r"(?:\d{1,2}[.)]\s*)?(?:issue|finding|root cause of|remediation plan|description of)")


def _audit_part_run_in(text: str, whole: str, column: int, numbers: tuple[int, ...]) -> list[Heading]:
    match = _AUDIT_RUN_IN.match(whole)
    if not match:
        return []
    prefix, head, answer = match.group(1), match.group(2), match.group(3)
    if prefix is None and answer is None:
        return []  # a title alone was looked up already
    for candidate in (head, f"{prefix} {head}" if prefix else None):
        if candidate in vocab.AUDIT_1_TITLES:
            value = text.split(":", 1)[1].strip().strip("*_ ") if answer else ""
            return [Heading("audit_part", vocab.AUDIT_1_TITLES[candidate], column, not value, numbers,
                            value or text.strip())]
    return []


# A note after a title: in parentheses ("Timeline (All times are UTC+8)") on any line; after a dash or a colon only
# on a line marked as a heading ("## Incident Report: OCSP outage", "**Summary - bug 1234567**"): on a plain line,
# "Impact: none" or "Impact - none" is a run-in answer.
_PAREN_NOTE = lazy_compile(r"\s*\([^()]*\)$")
_DASH_NOTE = lazy_compile(r"\s+[-–—]+\s+.*$|\s*[–—]\s*.*$")
_COLON_NOTE = lazy_compile(r"\s*:\s+.*$")
# A dash that ends the line introduces nothing: "TIMELINE -" is the title alone, marked or not.
_BARE_DASH = lazy_compile(r"\s*[-–—]+$")
_AND = lazy_compile(r"\s*&\s*")


def title_variants(whole: str, *, marked: bool = False) -> list[str]:
    """The forms a normalised heading may be looked up by, its own first: without a trailing note, with "&" as
    "and". Singular and plural titles are declared with the templates."""
    forms = [whole]
    base = whole.replace("**", "").replace("__", "")
    base = _AND.sub(" and ", base) if "&" in base else base
    if base != whole:
        forms.append(base)
    for note in (_PAREN_NOTE, _BARE_DASH, *((_DASH_NOTE, _COLON_NOTE) if marked else ())):
        cut = note.sub("", base).rstrip(":?. ")
        if cut and cut != base:
            forms.append(cut)
    return forms


def _known(whole: str, titles: dict[str, str], marked: bool) -> str | None:
    """The key of the first form of ``whole`` that ``titles`` holds."""
    if whole in titles:
        return titles[whole]
    if len(whole) > 120 or not ("(" in whole or "&" in whole or "*" in whole or "_" in whole
                                or whole[-1:] in "-–—"
                                or (marked and ("-" in whole or "–" in whole or "—" in whole or ":" in whole))):
        return None
    return next((titles[form] for form in title_variants(whole, marked=marked) if form in titles), None)


# A run-in question ends at its colon when what comes before it is a short phrase, not a sentence.
_RUN_IN = lazy_compile(r"^[^.:?]{0,120}:\s*\S")


# What may stand before a question that runs on in the middle of a line: a sentence end or a conjunction.
_BOUNDARY = lazy_compile(r"(?:^|[.:?)!&,]|\band)\s*$")


# All seven topics in one pass: one named group per topic.
_LEGACY_ANY = lazy_compile("|".join(f"(?P<{key}>{pattern.pattern})" for key, pattern in vocab.LEGACY_TOPICS))


# Every topic's wording holds one of these; substring tests rule out most lines far faster than the regex.
_LEGACY_WORDS = ("aware", "timeline", "ca has", "stopped", "summary of", "in a case involving",
                 "certificate data", "how and why", "explanation", "list of steps")
# One search for all of them: the engine skips to the letters they start with.
_LEGACY_WORD = lazy_compile("|".join(map(re.escape, _LEGACY_WORDS)))


@cache
def _legacy_reach() -> int:
    """The most characters a question's match spans. It holds one of the words: every match lies within this reach
    of the first and the last of the words in a line, and the search of a long line of prose keeps to there. (The
    patterns test nothing past what they match, no anchor, no look-around: cutting the line there changes none.)
    Measured when first needed: measuring compiles the patterns."""
    return max_width(_LEGACY_ANY)


def _legacy_questions(line: str, whole: str, column: int, numbers: tuple[int, ...]) -> list[Heading]:
    first = _LEGACY_WORD.search(whole)
    if not first:
        return []
    last = max(whole.rfind(word) for word in _LEGACY_WORDS)
    reach = _legacy_reach()
    hits = sorted(
        (match.start(), match.lastgroup)
        for match in _LEGACY_ANY.finditer(whole, max(0, first.start() - reach), last + reach)
        if match.start() == 0 or _BOUNDARY.search(whole[max(0, match.start() - 6):match.start()])
    )
    # One heading per topic and position; the first occurrence wins.
    seen: set[str] = set()
    headings = []
    for position, key in hits:
        if key in seen:
            continue
        seen.add(key)
        run_in = bool(_RUN_IN.match(whole[position:]))
        alone = len(hits) == 1 and not run_in
        headings.append(Heading("legacy", key, column + position if position else column, alone,
                                numbers if position == 0 else (), whole[position:position + 80]))
    if len(headings) > 1:
        headings = [h if i else Heading(h.role, h.key, h.column, False, h.numbers, h.title)
                    for i, h in enumerate(headings)]
    return headings


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """A field label found at the start of a line."""

    spec: vocab.FieldSpec
    column: int
    value: str
    value_column: int
    #: The label was bold, followed by a colon, or stood alone: it is a label, not prose.
    certain: bool


def _label_pattern(label: str) -> str:
    out = []
    for char in label:
        if char == "'":
            out.append("['’]")
        elif char == '"':
            out.append('["“”]?')
        elif char == " ":
            out.append(r"\s+")
        elif char == "-":
            out.append(r"[-‐‑–]?\s?")
        else:
            out.append(re.escape(char))
    return "".join(out)


# Keyed by identity: the spec tuples are module constants, and hashing one costs a hash per FieldSpec.
_LABEL_REGEXES: dict[int, tuple[tuple[vocab.FieldSpec, ...], re.Pattern[str], dict[str, vocab.FieldSpec]]] = {}


def _label_regex(specs: tuple[vocab.FieldSpec, ...]) -> tuple[re.Pattern[str], dict[str, vocab.FieldSpec]]:
    cached = _LABEL_REGEXES.get(id(specs))
    if cached is not None and cached[0] is specs:
        return cached[1], cached[2]
    by_group: dict[str, vocab.FieldSpec] = {}
    alternatives = []
    # Longer labels first, so "Timeline summary" wins over "Timeline".
    labelled = sorted(((label, spec) for spec in specs for label in spec.labels), key=lambda p: -len(p[0]))
    for index, (label, spec) in enumerate(labelled):
        group = f"l{index}"
        by_group[group] = spec
        alternatives.append(f"(?P<{group}>{_label_pattern(label)})")
    pattern = re.compile(
        r"^(?P<lead>\s*(?:>\s*)*(?:[-*+•◦]\s+)?(?:\d{1,2}[.)]\s+)?)(?:(?P<b1>\*\*|__)\s*)?(?:"
        + "|".join(alternatives)
        + r")\s*\??\s*(?P<b2>\*\*|__)?\s*(?P<colon>:)?\s*(?P<b3>\*\*|__)?[ \t]*(?P<value>.*)$",
        re.IGNORECASE)
    # The tuple is stored with its regex so that its id cannot be reused while the entry exists.
    _LABEL_REGEXES[id(specs)] = (specs, pattern, by_group)
    return pattern, by_group


def label_of(line: str, specs: tuple[vocab.FieldSpec, ...]) -> LabelMatch | None:
    """The field label that opens ``line``, among ``specs``."""
    if not specs or len(line) > 5000:
        return None
    pattern, by_group = _label_regex(specs)
    match = pattern.match(line)
    if not match:
        return None
    group = next(name for name, text in match.groupdict().items() if text is not None and name in by_group)
    value = match.group("value").rstrip()
    bold = bool(match.group("b1"))
    colon = bool(match.group("colon"))
    listed = bool(re.search(r"[-*+•◦]\s+$", match.group("lead"))) and " " in match.group(group)
    if not colon and value and not bold and not listed:
        return None  # prose, unless a bulleted item opens with a label of several words
    if bold and not colon and value and not match.group("b2"):
        return None
    spec = by_group[group]
    column = (match.start("b1") if bold else match.start(group)) + 1
    certain = bold or colon or listed or not value
    return LabelMatch(spec, column, value.strip(), match.start("value") + 1, certain=certain)
