"""A report's Timeline section as entries: when each happened (as far as the text says), and what it was.

Timelines come as bullet lists, numbered lists, tables (Markdown, or flattened into one cell per line on a
copied Bugzilla page), plain lines that start with a timestamp, and the 2.0 template's day headers
("2024-02-12:" followed by "- 09:30 ..." lines). A declaration ("All times are UTC") gives entries without a
zone of their own their offset.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from linter.document import BLANK, CHROME, CODE, HTML, TABLE, TEXT, Document
from linter.lazy_regex import lazy_compile
from linter.timeline.timestamps import (
    Stamp,
    YearHint,
    day_header,
    declared_zone,
    find_stamp,
    header_with_entry,
    month_at_start,
    month_header,
)
from linter.wording import shipped

_DIGIT = lazy_compile(r"[0-9]")
_ITEM = lazy_compile(r"^\s*(?:[-*+•◦]|\d{1,3}[.)]|[a-zA-Z][.)])\s+")
# A line that is not a list item is an entry only when its timestamp opens it; later dates are prose.
_OPENING = 14
#: A timeline answered by pointing elsewhere, or by saying there is none yet: "See bug 1717357.", "Does not
#: apply", "(To be added in the final report)". Such a sentence is no event with a missing date.
_ELSEWHERE = lazy_compile(r"\W{0,3}(?:(?:please\s+)?(?:see|refer\s+to)\b|(?:this\s+)?does\s+not\s+apply\b"
                        r"|not\s+applicable\b|n/a\b|none\b|tb[ad]\b|(?:details\s+)?(?:are\s+|is\s+)?"
                        r"(?:to\s+be|will\s+be)\s+(?:added|provided|given|completed|included|posted)\b)",
                        re.IGNORECASE)
# Words of an entry that is planned or expected, not an event that happened ("not as expected" is neither).
_PLANNED = lazy_compile(
    r"\b(?:(?<!\bas )(?<!\bthan )expected|planned|scheduled|estimated|anticipated|targeted|target date|eta|"
    r"will (?:be )?(?:complete|completed|revoke|revoked|deploy|deployed|post|posted|publish|published|finish|"
    r"finished|done)|to be (?:completed|revoked|deployed|posted|published|finished))\b",
    re.IGNORECASE)

# Someone planning in the past tense ("we planned to revoke on the 5th") tells a past event: the planning.
_PAST_PLAN = lazy_compile(r"\b(?:we|i|they|(?:our|the) (?:[\w-]+ )?(?:team|ca|engineers|staff|company)) "
                        r"(?:had |have |has )?(?:planned|scheduled|targeted)\b", re.IGNORECASE)


def _tense(text: str) -> str:
    """"planned" for an entry that tells what is expected or scheduled, else "past"."""
    plans = [found.end() for found in _PLANNED.finditer(text)]
    if not plans:
        return "past"
    past_plans = {found.end() for found in _PAST_PLAN.finditer(text)}
    return "planned" if any(end not in past_plans for end in plans) else "past"


#: The event kinds and their families of wording (subject + verb class + object), as rule data.
EVENT_FAMILIES = "_events.yaml"


def _events(text: str) -> tuple[str, ...]:
    """Every event kind whose wording the entry holds, in the families' order."""
    return tuple(shipped(EVENT_FAMILIES).said(text))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One entry of a timeline."""

    line: int
    end_line: int
    #: The entry as written, continuation lines joined with spaces (list marker and table pipes gone).
    text: str
    day: date | None
    time: time | None
    #: "second", "minute", "day" (a date without a time), "month" (a month without a day; ``day`` is its first),
    #: "time" (a time without a date), or None (no timestamp).
    precision: str | None
    #: The zone written on the entry, or None.
    zone: str | None
    #: The UTC instant, from the entry's zone or the timeline's declaration; None when either is unknown.
    instant: datetime | None
    #: Why the timestamp cannot be read for sure (day/month order, a zone abbreviation naming several zones).
    ambiguous: str | None
    #: 1-based columns of the timestamp on ``line`` (None without one).
    stamp_column: int | None
    stamp_end_column: int | None
    #: "past" for an event, "planned" for one expected or scheduled.
    tense: str
    #: aware, cpr_received, cpr_response, incident_report_posted, incident_start, incident_end,
    #: issuance_stopped, issuance_resumed, revoked, fix_deployed or other: the first the entry tells.
    event: str
    #: Every event the entry tells ("error identified and certificate revoked": aware and revoked); () for other.
    events: tuple[str, ...] = ()
    #: The two days a date such as 07/02/2022 can be, month first then day first, when ``day`` is None for want
    #: of its day and month order; () otherwise.
    readings: tuple[date, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("day", "time", "instant"):
            data[key] = data[key].isoformat() if data[key] is not None else None
        data["readings"] = [day.isoformat() for day in self.readings]
        return data


@dataclass(frozen=True, slots=True)
class Timeline:
    """A report's timeline: its entries, and the zone it declares for entries without one."""

    entries: tuple[TimelineEntry, ...] = ()
    #: The declaration's offset (None when there is none or it is ambiguous), its line, and why it is ambiguous.
    declared_offset: timedelta | None = None
    declaration_line: int | None = None
    declaration_ambiguous: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"entries": [e.as_dict() for e in self.entries],
                "declared_offset_hours": self.declared_offset.total_seconds() / 3600
                if self.declared_offset is not None else None,
                "declaration_line": self.declaration_line, "declaration_ambiguous": self.declaration_ambiguous}


#: A text whose stamp was not read yet.
_UNREAD = object()


@dataclass
class _Open:
    line: int
    end_line: int
    text: str
    stamp: Stamp | None


def read_timeline(doc: Document, first: int, last: int, year: YearHint = None,
                  preamble: tuple[int, int] | None = None) -> Timeline:
    """The timeline written on lines first..last (the section's heading line included). Dates written without
    a year ("Oct 25") take the latest year the timeline writes in full, else ``year`` (a year, or the day the
    report was written: the last such day on or before it). ``preamble`` holds the
    lines before the report's first section, where a report may declare the zone of all its times ("Times
    below are in UTC+8"); a declaration in the timeline itself wins."""
    years = [found.value.year for found in doc.dates_between(first, last)]
    year = max(years, default=year)
    declared: tuple[timedelta | None, str | None, int] | None = None
    for number in range(*preamble) if preamble else ():
        stripped = doc.lines[number - 1].strip()
        zone = declared_zone(stripped) if len(stripped) < 200 and doc.kinds[number - 1] == TEXT else None
        if zone is not None:
            declared = (zone[0], zone[1], number)
            break
    inherited = declared is not None
    day: date | None = None
    # "month" under a month header ("2017-10:"): its items are dated to the month, and a time written alone
    # under it has no day to take.
    day_precision = "day"
    found: list[_Open] = []
    current: _Open | None = None
    # A day header nothing follows is itself an entry, dated but without a time.
    empty_header: _Open | None = None
    # The first line of prose, kept in case the timeline holds nothing else: then it is the one entry.
    prose: _Open | None = None
    # An entry's text is often read twice, as a possible day header and as an entry: read it once. A day only
    # dates a time written alone, which no day header is, so the header test reads without it.
    undated: dict[str, Stamp | None] = {}

    def stamp_of(text: str, on_day: date | None = None) -> Stamp | None:
        if on_day is not None:
            # The day dates only a time written alone: a text read without it that holds no stamp, or a dated one,
            # reads the same with it.
            known = undated.get(text, _UNREAD)
            if known is None or (known is not _UNREAD and known.precision != "time"):
                return known
            return find_stamp(text, day=on_day, year=year)
        if text not in undated:
            undated[text] = find_stamp(text, year=year)
        return undated[text]

    for number in range(first, last + 1):
        kind, line = doc.kinds[number - 1], doc.lines[number - 1]
        stripped = line.strip()
        if kind in (BLANK, CHROME, HTML):
            continue
        if number == first:
            # The section's heading (for legacy reports, the question, often numbered like an item); a note in
            # it may declare the zone ("Timeline (All times are UTC+8)").
            zone = declared_zone(stripped, title=True) if len(stripped) < 200 else None
            if zone is not None:
                declared, inherited = (zone[0], zone[1], number), False
            continue
        digits = _DIGIT.search(stripped) is not None
        lowered = stripped.lower()
        # Declarations name times or zones; checking for the words first keeps long timelines cheap.
        zone = declared_zone(stripped) if len(stripped) < 200 and ("tim" in lowered or "zone" in lowered) else None
        if zone is not None and (declared is None or inherited):
            declared, inherited = (zone[0], zone[1], number), False
            if not digits or find_stamp(stripped) is None:
                continue
        header = digits and (day_header(_unmarked(stripped), year)
                             or _titled_day_header(doc, number, last, stripped, stamp_of))
        month = None if header or not digits else month_header(_unmarked(stripped))
        if header or month:
            if empty_header is not None:
                found.append(empty_header)
            day_precision = "day" if header else "month"
            empty_header = _Open(number, number, stripped,
                                 Stamp(header or month, None, day_precision, None, None, None, 0, 0))
            day, current = header or month, None
            continue
        empty_header = None
        item = _ITEM.match(line)
        shared = digits and kind != TABLE and header_with_entry(line[item.end():] if item else stripped, year)
        if shared:  # "2024-11-05: - 09:12 ...": the day's header and its first entry on one line
            day, text = shared
            current = _Open(number, number, text, find_stamp(text, day=day, year=year))
            found.append(current)
            continue
        if kind == TABLE or (kind in (TEXT, CODE) and stripped.startswith("|")):
            text = " ".join(cell.strip() for cell in stripped.strip("|").split("|"))
            if not re.search(r"[0-9]", text) or set(stripped) <= set("|-: "):
                continue  # the header and delimiter rows
            current = _Open(number, number, text, find_stamp(text, day=day, year=year))
            found.append(current)
            continue
        item = _ITEM.match(line)
        body = (line[item.end():] if item else stripped).strip()
        # A time written alone takes the day of its header, else the day of the entry just above it, as a reader
        # takes "10:08 am" under "May 19, 5:32 am".
        above = found[-1].stamp.day if day is None and found and found[-1].stamp is not None \
            and found[-1].stamp.precision != "month" else None
        stamp = stamp_of(body, (day if day_precision == "day" else None) or above) if digits else None
        if stamp is None and digits:
            stamp = month_at_start(body)  # "2017-06 ACME in production": the entry's date is a month
        # Under a day header, a line of its own is an entry (a flattened table row whose time cell was empty).
        fresh_under_header = day is not None and current is None
        if item or fresh_under_header or (stamp is not None and stamp.start < _OPENING):
            if stamp is None and day is not None:
                stamp = Stamp(day, None, day_precision, None, None, None, 0, 0)  # the header dates it
            current = _Open(number, number, body, stamp)
            found.append(current)
        elif current is not None and (current.end_line == number - 1 or _only_stamp(current)):
            current.text += " " + stripped
            current.end_line = number
        elif prose is None and (stamp is not None or not _ELSEWHERE.match(stripped)):
            # A timeline told as sentences ("The operators confirmed it at 07:05 UTC on 2 September 2022"): the
            # first one's date, wherever it stands, dates it.
            prose = _Open(number, number, stripped, stamp)
    if empty_header is not None:
        found.append(empty_header)
    if not found and prose is not None:
        found.append(prose)
    offset, ambiguous, declaration_line = declared if declared else (None, None, None)
    entries = tuple(_entry(o, offset, doc.lines[o.line - 1]) for o in found)
    return Timeline(entries, offset, declaration_line, ambiguous)


def _titled_day_header(doc: Document, number: int, last: int, text: str,
                       stamp_of: Callable[[str], Stamp | None]) -> date | None:
    """The day of a header that is more than a date ("2024-06-04: Receiving the alert", "• October 11, 2024",
    "**On 2022-05-10 (CEST):**"), known by the time-only entries that follow it."""
    item = _ITEM.match(text)
    text = _HEADER_LEAD.sub("", _unmarked(text[item.end():] if item else text))
    if not _DATE_START.match(text):
        return None
    stamp = stamp_of(text)
    if stamp is None or stamp.precision != "day" or stamp.start > 0:
        return None
    following = next((n for n in range(number + 1, last + 1) if doc.kinds[n - 1] != BLANK), None)
    if following is None:
        return None
    line = doc.lines[following - 1]
    item = _ITEM.match(line)
    next_stamp = find_stamp(line[item.end():] if item else line.strip())
    return stamp.day if next_stamp is not None and next_stamp.precision == "time" and next_stamp.start < 3 else None


# A header's date opens it: a digit, or a weekday or month name.
_DATE_START = lazy_compile(r"[0-9]|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
                         re.IGNORECASE)
_HEADER_LEAD = lazy_compile(r"^(?:on|date:?)\s+", re.IGNORECASE)


def _unmarked(text: str) -> str:
    return text.strip("*_#> ").rstrip(":").strip("*_ ")


def _only_stamp(entry: _Open) -> bool:
    """A flattened table row: the date and time cells stand alone, the event comes on the next lines."""
    if entry.stamp is None:
        return False
    rest = entry.text[:entry.stamp.start] + entry.text[entry.stamp.end:]
    return not re.search(r"[A-Za-z]{3}", rest)


def _entry(open_entry: _Open, declared: timedelta | None, first_line: str) -> TimelineEntry:
    stamp, text = open_entry.stamp, open_entry.text
    events = _events(text)
    instant = stamp.instant(declared) if stamp is not None else None
    # Where the timestamp stands on the entry's first line (table cells were joined to read it).
    at = first_line.find(text[stamp.start:stamp.end]) if stamp is not None else -1
    return TimelineEntry(
        line=open_entry.line, end_line=open_entry.end_line, text=text,
        day=stamp.day if stamp else None, time=stamp.time if stamp else None,
        precision=stamp.precision if stamp else None, zone=stamp.zone if stamp else None,
        instant=instant, ambiguous=stamp.ambiguous if stamp else None,
        readings=stamp.readings or () if stamp else (),
        stamp_column=at + 1 if at >= 0 else None,
        stamp_end_column=at + 1 + stamp.end - stamp.start if at >= 0 else None,
        tense=_tense(text),
        event=events[0] if events else "other",
        events=events,
    )
