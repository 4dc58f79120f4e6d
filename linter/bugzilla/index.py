"""The words of each cached bug that say what went wrong, for finding related incidents (``linter.related``).

Each bug is indexed as three fields, weighed differently when ranked: ``failure`` (the whiteboard tags and the
title after the CA's name: how the incident is filed), ``summary`` (the opening of comment 0: what happened) and
``body`` (the rest of what the CA wrote: its reports and comments). The words are irlint's own tokens, joined by
spaces, so that SQLite's FTS5 (its unicode61 tokenizer splits on the spaces) and the plain-scan fallback read the
same terms: lower case, links and numbers dropped, a plural's final "s" cut, common English words and the CA's own
name left out (a CA's name must not make all its incidents look alike).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: Characters of comment 0 that make the summary field; the rest of what the CA wrote goes in ``body``, up to
#: BODY_CHARS (a report is a few thousand characters; a longer text adds nothing a ranking needs).
SUMMARY_CHARS = 1_000
BODY_CHARS = 30_000

_LINK = re.compile(r"https?://\S+|\bwww\.\S+", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z0-9]+(?:[-'][a-z0-9]+)*")
_TAG = re.compile(r"\[([^\]]{1,60})\]")
_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing done down during each even ever every few for from further had has have having he
her here hers him his how however i if in into is it its itself just may me might more most much must my no nor not
now of off on once only or other our ours out over own per same shall she should since so some such than that the
their them then there these they this those through thus to too under until up upon us very was we were what when
where which while who whom why will with within without would yet you your
""".split())


@dataclass(frozen=True)
class IndexedBug:
    """What the index holds of one bug."""

    bug_id: int
    ca: str
    created: str
    failure: str
    summary: str
    body: str


def ca_of(summary: str) -> str:
    """The CA a bug is about: its summary up to the first ':' ("CA Owner name: ..." is the required form), or ""."""
    name, colon, _ = summary.partition(":")
    return name.strip() if colon else ""


def terms(text: str, leave_out: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` as the index keeps them."""
    found = []
    for word in _WORD.findall(_LINK.sub(" ", text.lower())):
        word = word.replace("'", "")
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        if word not in _STOP and word not in leave_out and len(word) < 40:
            found.append(word)
    return found


def indexed(bug: dict[str, Any], comments: list[dict[str, Any]]) -> IndexedBug:
    """The index row of a bug as BMO sent it, with its comments (``raw_text`` or ``text``, ``creator``)."""
    summary = str(bug.get("summary") or "")
    ca = ca_of(summary)
    own = frozenset(terms(ca))
    title = summary.partition(":")[2] if ca else summary
    tags = " ".join(_TAG.findall(str(bug.get("whiteboard") or "")))
    writers = {str(bug.get(key) or "").lower() for key in ("creator", "assigned_to")} - {""}
    first, rest = "", []
    for comment in sorted(comments, key=lambda c: int(c.get("count", 0))):
        text = str(comment.get("raw_text") if comment.get("raw_text") is not None else comment.get("text") or "")
        if comment.get("is_private"):
            continue
        if int(comment.get("count", 0)) == 0:
            first = text
        elif str(comment.get("creator") or comment.get("author") or "").lower() in writers:
            rest.append(text)
    body = (first[SUMMARY_CHARS:] + "\n" + "\n".join(rest))[:BODY_CHARS]
    return IndexedBug(int(bug["id"]), ca, str(bug.get("creation_time") or "")[:10],
                      " ".join(terms(f"{tags} {title}", own)), " ".join(terms(first[:SUMMARY_CHARS], own)),
                      " ".join(terms(body, own)))
