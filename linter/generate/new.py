"""``irlint new``: a blank draft in the current CCADB template, prefilled with what a Bugzilla bug already says.

A bug knows little of the report: who the CA Owner is (its summary reads "CA Owner: title"), when it was
filed, which certificates its comments point at, and which bugs it is linked to. Each of these goes where the
template asks for it; everything else stays blank, so that ``irlint check`` on the draft lists exactly what is
left to write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from linter.bugzilla.base_url import DEFAULT_BASE_URL
from linter.generate.templates import KINDS, Content, compose
from linter.terminal import inert

if TYPE_CHECKING:
    from linter.bugzilla.model import Bug

_OWNER = re.compile(r"^\s*([^:]{2,80}?)\s*:\s*\S")
_CRTSH = re.compile(r"https?://crt\.sh/\?[^\s<>()\[\]\"'`]+", re.IGNORECASE)
_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
# A SHA-256 fingerprint as tools print it: 64 hex digits, plain or in colon-separated pairs.
_FINGERPRINT = re.compile(r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{64}|(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2})(?![0-9A-Fa-f:])")
_SHA256_QUERY = re.compile(r"^(?:sha256|q)=([0-9A-Fa-f]{64})$", re.IGNORECASE)
# Characters that Markdown would read as markup in a bug summary quoted in a list item.
_MARKUP = re.compile(r"([\\`*_\[\]<>|#])")


def new(kind: str, *, guidance: bool = False, bug: Bug | None = None,
        related: Iterable[tuple[int, date | datetime | str, str]] = (), base_url: str = DEFAULT_BASE_URL) -> str:
    """A draft report of ``kind`` (preliminary, full or closure) in the CCADB 3.x template.

    ``guidance`` writes each field's guidance in an ``<!-- irlint-guidance: ... -->`` comment below its label.
    ``bug`` prefills what the bug knows; ``related`` are the bugs linked to it (see also, depends on, blocks),
    as (id, date opened, summary), for the Related Incidents table of a full report.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}: expected one of {', '.join(KINDS)}")
    content = Content()
    base_url = base_url.rstrip("/")
    if bug is not None:
        content.preamble = [_draft_note(kind, bug, base_url)]
        if kind == "full":
            _prefill_full(content, bug, related, base_url)
    return compose(kind, content, with_guidance=guidance)


def ca_owner(summary: str) -> str | None:
    """The CA Owner a bug summary names before its colon ("Example CA: Incorrect Subject RDN Encoding")."""
    found = _OWNER.match(summary)
    return found.group(1) if found else None


def _draft_note(kind: str, bug: Bug, base_url: str) -> str:
    # A comment does not show on the bug page, so the note may stay in the posted report; it tells the author
    # which bug and CA Owner the draft was started for.
    summary = _one_line(bug.summary)
    owner = ca_owner(summary)
    whose = f"{owner}'s " if owner else ""
    summary = summary.replace("--", "-")
    return f"<!-- Draft of {whose}{kind} incident report for Bug {bug.id}, {bug.url(base_url)}: {summary} -->"


def _prefill_full(content: Content, bug: Bug, related: Iterable[tuple[int, date | datetime | str, str]],
                  base_url: str) -> None:
    if bug.created is not None:
        filed = bug.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        title = _MARKUP.sub(r"\\\1", _one_line(bug.summary))
        content.bodies["timeline"] = [f"- {filed}: [Bug {bug.id}]({bug.url(base_url)}) opened: {title}"]
    rows = [(f"[{number}]({base_url}/show_bug.cgi?id={number})", inert(_day(opened)), _one_line(summary))
            for number, opened, summary in related]
    if rows:
        content.rows["related_incidents"] = rows
    links = certificate_links(comment.text for comment in bug.comments if not comment.is_private)
    if links:
        content.bodies["appendix"] = [f"Certificates named in the comments of Bug {bug.id}:", "",
                                      *(f"- {inert(link)}" for link in links)]


def _one_line(text: str) -> str:
    """Text from Bugzilla (a title) as the draft holds it: on one line, and inert, since the draft is printed to
    a terminal as often as it is written to a file."""
    return " ".join(inert(text).split())


def certificate_links(texts: Iterable[str]) -> list[str]:
    """The crt.sh links and SHA-256 fingerprints in ``texts``, as crt.sh links, each once, in order of appearance.

    A fingerprint is written as the link the guidelines recommend (https://crt.sh/?sha256=...); hex strings
    inside other addresses (a commit, a file download) are not fingerprints and are left alone.
    """
    found: dict[str, str] = {}
    for text in texts:
        spans = []
        for url in _URL.finditer(text):
            spans.append(url.span())
            crtsh = _CRTSH.match(url.group())
            if crtsh:
                link = _canonical_crtsh(crtsh.group().rstrip(".,;:!?"))
                found.setdefault(link.lower(), link)
        for fingerprint in _FINGERPRINT.finditer(text):
            if any(start <= fingerprint.start() < end for start, end in spans):
                continue
            link = f"https://crt.sh/?sha256={fingerprint.group().replace(':', '').lower()}"
            found.setdefault(link, link)
    return list(found.values())


def _canonical_crtsh(link: str) -> str:
    query = link.split("?", 1)[1]
    sha256 = _SHA256_QUERY.match(query)
    if sha256:
        return f"https://crt.sh/?sha256={sha256.group(1).lower()}"
    return "https://crt.sh/?" + query


def _day(value: date | datetime | str) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).date().isoformat() if value.tzinfo else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]
