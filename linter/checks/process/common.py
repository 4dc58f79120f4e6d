"""What the process rules read from a bug: the whiteboard's tags and dates, the CA's comments, the texts of
comments without their quotes, questions, closure requests and statements that revocation is complete.

Whiteboard conventions (CCADB Incident Reporting Guidelines, wiki CA/Bug_Triage, and the component's real
whiteboards): "Next update 2026-03-31" anywhere in the whiteboard (also "next-update", "Next update at
14.5.2026", "Next update 05-Jun-2026", "Next update 2026-Jun-09"); "[close on 2026-10-09]" when a root program has
announced the date it will close the bug; "[leaf-revocation-delay]" and "[ca-revocation-delay]", renamed from
"[delayed-revocation-leaf]" and "[delayed-revocation-ca]", for revocation-delay bugs; "[meta]" for trackers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from linter.checks.base import BugFacts
from linter.lazy_regex import lazy_compile
from linter.report.templates import kind_is
from linter.timeline.dates import find_dates, month_number

#: The longest time the guidelines allow between a question and the CA's answer, and between updates.
WEEK = timedelta(days=7)

_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
# Whiteboard dates, in the forms seen in the component. "3-1-2023" (day and month order unknown) is not read.
_WHITEBOARD_DATES = (
    lazy_compile(r"(?P<year>(?:19|20)\d\d)[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    lazy_compile(r"(?<!\d)(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d\d)"),
    lazy_compile(r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?[-\s]+" + _MONTH + r"[-\s,]+(?P<year>(?:19|20)\d\d)"),
    lazy_compile(r"(?P<year>(?:19|20)\d\d)[-\s]+" + _MONTH + r"[-\s]+(?P<day>\d{1,2})(?!\d)"),
    lazy_compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"),
)
_NEXT_UPDATE = lazy_compile(r"next[\s_-]*update", re.IGNORECASE)
_CLOSE_ON = lazy_compile(r"\[\s*close[\s_-]+on\b[^\]]*\]", re.IGNORECASE)
_REVOCATION_DELAY = lazy_compile(r"\[[^\]]*revocation-delay[^\]]*\]|\[\s*delayed-revocation[^\]]*\]", re.IGNORECASE)
_META = lazy_compile(r"\[meta\]", re.IGNORECASE)


def read_date(text: str) -> date | None:
    """The first date written in ``text`` in one of the whiteboard forms, else None."""
    found = []
    for pattern in _WHITEBOARD_DATES:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = month_number(parts["mon"]) if parts.get("mon") else int(parts["month"])
            try:
                if month:
                    found.append((match.start(), date(int(parts["year"]), month, int(parts["day"]))))
            except ValueError:
                continue
    return min(found)[1] if found else None


@dataclass(frozen=True, slots=True)
class NextUpdate:
    """A "Next update" note of the whiteboard; ``day`` is None when its date cannot be read for sure."""

    text: str
    day: date | None


def next_update(whiteboard: str) -> NextUpdate | None:
    """The whiteboard's "Next update" note, else None."""
    match = _NEXT_UPDATE.search(whiteboard)
    if match is None:
        return None
    rest = whiteboard[match.end():]
    rest = rest.split("[", 1)[0]
    return NextUpdate(whiteboard[match.start():match.end() + len(rest)].strip(), read_date(rest))


def close_on(whiteboard: str) -> str | None:
    """The "[close on …]" tag a root program set, else None."""
    match = _CLOSE_ON.search(whiteboard)
    return match.group(0) if match else None


def is_revocation_delay(whiteboard: str) -> bool:
    return bool(_REVOCATION_DELAY.search(whiteboard))


def is_meta(bug: Any) -> bool:
    """A tracking bug ("[meta]"), not an incident."""
    return bool(_META.search(bug.summary) or _META.search(bug.whiteboard))


def ca_comments(facts: BugFacts) -> list[Any]:
    """The dated comments of the accounts that speak for the CA, in order."""
    return [c for c in facts.bug.comments if c.created is not None and c.creator and facts.speaks_for_ca(c.creator)]


def closure_posted(facts: BugFacts) -> bool:
    """A Closure summary was posted in the bug."""
    return any(kind_is(kind, lambda template: template.is_closure) for _, kind in facts.reports)


def iso(moment: datetime) -> str:
    """A UTC datetime the way BMO writes it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def days(delta: timedelta) -> float:
    return round(delta.total_seconds() / 86400, 1)


def when(moment: datetime) -> str:
    """A short human form for messages: "2026-03-01 14:05 UTC"."""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


# --- comment texts -----------------------------------------------------------------------------------

_FENCE = lazy_compile(r"^\s*(?:```|~~~)")
_REPLY = lazy_compile(r"^\s*\(in reply to .*\)\s*$", re.IGNORECASE)


def own_text(text: str) -> str:
    """A comment's own words: quoted lines ("> …"), "(In reply to …)" lines and code blocks left out."""
    kept, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or line.lstrip().startswith(">") or _REPLY.match(line):
            continue
        kept.append(line)
    return "\n".join(kept)


_SENTENCE_END = lazy_compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*(?:[-*+•]|\d{1,3}[.)])\s)")


def sentences(text: str) -> Iterator[str]:
    """Sentences, list items and paragraphs, roughly: enough to keep a phrase with its own verb and date."""
    for part in _SENTENCE_END.split(text):
        part = " ".join(part.split())
        if part:
            yield part


# A URL without the punctuation that ends the sentence around it ("… in https://host/page?").
_URL = lazy_compile(r"\b[a-z][a-z0-9+.-]*://\S*[^\s.,;:!?)\]\"'”’>]|\bwww\.\S*[^\s.,;:!?)\]\"'”’>]", re.IGNORECASE)
_INLINE_CODE = lazy_compile(r"`[^`\n]*`")
# A question mark that ends a question: after a word, a quote or a bracket, before a space, a quote, a bracket,
# emphasis or the end ("needinfo?(…)" and URLs do not count).
_QUESTION = lazy_compile(r"[\w)\"'”’*_\ue000][ \t]*\?+(?=[\s\"'”’)\]*_]|$)")


#: What stands for a URL or a code span while the question is looked for (a character no text holds, so that a
#: question mark inside a URL or code counts for nothing) and is then put back.
_HELD = "\ue000"
_HELD_BACK = lazy_compile(_HELD + r"(\d+)" + _HELD)


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, before a URL the cut would go through (when anything comes
    before it): half a URL links somewhere else."""
    if len(text) <= limit:
        return text
    for match in _URL.finditer(text):
        if 0 < match.start() < limit < match.end():
            return text[:match.start()].rstrip()
    return text[:limit]


def question_in(text: str) -> str | None:
    """The first question a comment asks in its own words, else None. Quoted lines are left out; URLs and code
    spans count for nothing in telling a question but stay in the sentence returned, as the commenter wrote it
    ("called out in https://…?")."""
    held: list[str] = []

    def hold(match: re.Match[str]) -> str:
        held.append(match.group())
        return f"{_HELD}{len(held) - 1}{_HELD}"

    bare = _INLINE_CODE.sub(hold, _URL.sub(hold, own_text(text)))
    question = next((sentence for sentence in sentences(bare) if _QUESTION.search(sentence)), None)
    return None if question is None else _HELD_BACK.sub(lambda match: held[int(match.group(1))], question)


# A root program's note that it will close the bug: its "any questions?" is asked of everyone, not the CA.
_CLOSING_CALL = lazy_compile(
    r"\b(?:intend|intends|plan|plans|going|want|wants)\s+to\s+close\b|\bwill\s+(?:be\s+)?clos(?:e|ed|ing)\b"
    r"|\bclose\s+(?:this|the)\s+(?:bug|incident)\s+on\b|\bclos(?:e|ing)\s+on\s+or\s+about\b", re.IGNORECASE)


def closing_call(text: str) -> bool:
    return bool(_CLOSING_CALL.search(own_text(text)))


# --- closure requests ---------------------------------------------------------------------------------

_CLOSURE_REQUEST = lazy_compile(
    r"""\brequest(?:s|ed|ing)?\s+(?:the\s+|its\s+|a\s+|for\s+(?:the\s+)?)?(?:(?:bug|incident|report|ticket)(?:'s)?\s+)?
            closure\b
        |\brequest(?:s|ed|ing)?\s+(?:that\s+)?(?:this|the)\s+(?:bug|incident|issue|report|ticket)\s+(?:to\s+)?
            (?:be|is)\s+(?:closed|resolved)\b
        |\b(?:please|kindly)\s+close\s+(?:this|the)\s+(?:bug|incident|issue|report|ticket)\b
        |\bask(?:s|ed|ing)?\s+(?:for\s+|that\s+)?(?:this|the)\s+(?:bug|incident)\s+(?:to\s+)?be\s+closed\b
        |\b(?:this|the)\s+(?:bug|incident|issue)\s+(?:can|could|may)\s+(?:now\s+)?be\s+closed\b""",
    re.IGNORECASE | re.VERBOSE)
# Words before the request that make it a plan, a condition on the future, or a denial, not a request now.
_NOT_NOW = lazy_compile(
    r"\b(?:will|shall|going\s+to|plan(?:s|ned)?\s+to|intend(?:s|ed)?\s+to|expect(?:s|ed)?\s+to|once|when|until"
    r"|before|not|never|cannot|can't|won't|don't|do\s+not|yet\s+to)\b", re.IGNORECASE)
# Words after it that put it off: "we request closure once item 3 is done".
_LATER = lazy_compile(r"\b(?:once|when|until|as\s+soon\s+as)\b", re.IGNORECASE)


def requests_closure(text: str) -> bool:
    """The comment asks, in its own words and for now, that the bug be closed."""
    for sentence in sentences(own_text(text)):
        for match in _CLOSURE_REQUEST.finditer(sentence):
            if not _NOT_NOW.search(sentence[:match.start()]) and not _LATER.search(sentence[match.end():]):
                return True
    return False


def closure_requests(facts: BugFacts) -> list[Any]:
    """The CA's comments that request closure, in order."""
    return [c for c in ca_comments(facts) if requests_closure(c.text)]


# --- revocation statements ------------------------------------------------------------------------------

REVOCATION_WORD = lazy_compile(r"\brevo(?:ke|kes|ked|king|cation|cations)\b", re.IGNORECASE)
EXPECTED_WORD = lazy_compile(
    r"\b(?:expect(?:s|ed|ing|ation)?|plan(?:s|ned)?|schedul(?:e|es|ed|ing)|estimat(?:e|es|ed|ing)|eta"
    r"|anticipat(?:e|es|ed|ing)|target(?:s|ed)?|intend(?:s|ed)?|no\s+later\s+than"
    r"|will\s+(?:be\s+)?(?:complete|completed|revoke|revoked|finish|finished|done)"
    r"|to\s+be\s+(?:completed|revoked|finished))\b", re.IGNORECASE)
_REVOCATION_DONE = lazy_compile(
    r"""\brevocations?\b[^.;]{0,60}?\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+
            (?:now\s+|fully\s+|successfully\s+)*(?:completed?|finished|done|concluded)\b
        |\brevocations?\s+(?:of\s+[^.;]{0,60}?\s+)?(?:completed?|finished|done|concluded)\b
        |\ball\b[^.;]{0,60}?\bcertificates?\s+(?:(?:now|successfully|finally)\s+)?revoked\b
        |\b(?:last|final|remaining)\b[^.;]{0,40}?\bcertificates?\s+(?:(?:now|successfully|finally)\s+)?revoked\b
        |\b(?:completed|finished|concluded)\s+(?:the\s+|all\s+(?:the\s+)?|our\s+)?(?:revocation|revoking)\b
        |\ball\b[^.;]{0,60}?\bcertificates?\b[^.;]{0,30}?\b(?:have\s+(?:now\s+)?been|had\s+been|were|are|is)\s+
            (?:now\s+|successfully\s+)?revoked\b
        |\b(?:last|final|remaining)\b[^.;]{0,40}?\bcertificates?\b[^.;]{0,30}?\b(?:has|have|had)\s+(?:now\s+)?been\s+
            revoked\b
        |\b(?:last|final|remaining)\b[^.;]{0,40}?\bcertificates?\s+(?:was|were|is\s+now|are\s+now)\s+revoked\b
        |\brevoked\s+(?:all|the\s+(?:last|final|remaining))\b
        |\b(?:the|this)\s+(?:[\w-]+\s+){0,3}?(?:certificate|sub-?ca|subordinate\s+ca|intermediate(?:\s+ca)?)\s+
            (?:has\s+been|had\s+been|was|is\s+now)\s+revoked\b
        |\bno\s+(?:affected\s+|mis-?issued\s+)?certificates?\s+remain(?:s|ed)?\s+(?:un-?revoked|valid|active)\b""",
    re.IGNORECASE | re.VERBOSE)
# Words before or inside a completion phrase that make it planned, conditional, required, denied or partial.
_NOT_DONE = lazy_compile(
    r"(?:\b(?:not|nor|yet\s+to|should|must|would|could|will|shall|expect\w*|plan\w*|schedul\w*|estimat\w*"
    r"|once|when|until|unless|if|partial\w*|partly|first|batch(?:es)?|some|most|percent)\b|n't\b|%)", re.IGNORECASE)


def states_revocation_done(sentence: str) -> bool:
    """The sentence says that revocation is complete (not planned, required or denied)."""
    return any(not _NOT_DONE.search(sentence[:match.end()]) for match in _REVOCATION_DONE.finditer(sentence))


def states_expected_completion(sentence: str) -> bool:
    """The sentence says when revocation is expected, planned or scheduled to be complete."""
    return bool(REVOCATION_WORD.search(sentence) and EXPECTED_WORD.search(sentence))


def dated(sentence: str) -> date | None:
    """The first certain date of a sentence (the guidelines' forms, or a whiteboard form)."""
    found = find_dates(sentence)
    return found[0].value if found else read_date(sentence)


def mentions_next_update(text: str) -> list[date]:
    """The dates a comment gives for a next update ("next update on 2025-04-01", "Next update 01-Apr-2025")."""
    return [day for sentence in sentences(own_text(text)) if _NEXT_UPDATE.search(sentence)
            for day in [dated(sentence)] if day is not None]
