"""Action item cell values read leniently: the Kind and Status of a row, as the template names them.

Case, markup, trailing punctuation, "Cancelled" and "Completed" are forgiven; what is not matched is left
for the rules to judge.
"""

from __future__ import annotations

import re

from linter.lazy_regex import lazy_compile

MARKUP = lazy_compile(r"[*_`~]+|<[^>]{1,20}>")
_BRACKETS = lazy_compile(r"^[\[(]\s*(.*?)\s*[\])]$")
# The template's words, and their noun forms ("Prevention"), which say the same.
_KIND = r"(?:prevent(?:ion|ive|ative)?|mitigat(?:e|ion)|detect(?:ion|ive)?)"
_KIND_LIST = lazy_compile(rf"^({_KIND})\b((?:\s*(?:/|,|&|\+|\band\b|\bor\b)\s*{_KIND}\b)*)"
                        r"\s*(?:$|[.;:!]+\s*$|\(.*\)\s*$|[-–—,;:]\s+.*$)")
_STATUS_WORDS = {"ongoing": "Ongoing", "complete": "Complete", "completed": "Complete", "delayed": "Delayed",
                 "canceled": "Canceled", "cancelled": "Canceled"}
_STATUS = lazy_compile(r"^(ongoing|completed?|delayed|cancell?ed)\b\s*(?:$|[.;:!]+\s*$|\(.*\)\s*$|[-–—,;:]\s*.*$"
                     r"|(?:on|since|in|as of|at|by|until|to)\s+.*$)")


def clean(text: str) -> str:
    """The text without markup, brackets, spacing runs and closing punctuation, in lower case."""
    text = MARKUP.sub("", text).strip()
    bracketed = _BRACKETS.match(text)
    if bracketed:
        text = bracketed.group(1)
    return " ".join(text.split()).strip(" .;:!").lower()


def canonical_kinds(text: str) -> tuple[str, ...] | None:
    """The template kinds a Kind cell names: ("Prevent",), ("Prevent", "Detect") for "Prevent / Detect",
    () for an empty cell, None for anything else ("Fix", "Corrective")."""
    cleaned = clean(text)
    if not cleaned:
        return ()
    match = _KIND_LIST.match(cleaned)
    if match is None:
        return None
    words = re.findall(r"prevent|mitigat|detect", cleaned[:match.end(2)])
    return tuple(dict.fromkeys({"prevent": "Prevent", "mitigat": "Mitigate", "detect": "Detect"}[w] for w in words))


def canonical_status(text: str) -> str | None:
    """The template status a Status cell holds ("Completed 2025-10-15" is "Complete"), "" for an empty
    cell, None for anything else ("In progress", "Open")."""
    cleaned = clean(text)
    if not cleaned:
        return ""
    match = _STATUS.match(cleaned)
    return _STATUS_WORDS[match.group(1)] if match else None
