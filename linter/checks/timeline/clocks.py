"""Measuring a deadline between two moments of a report, the way the D-rules report it.

A moment comes from a timeline entry, or, when no entry tells it, from what the template itself says (the 3.x
Timeline summary's dates, the legacy report's first answer, Impact's "issued between X and Y"). Entries with a
date but no time, or a time without a zone, still bound the moment: a day is the span from its start to its end,
and a time without a zone lies anywhere from UTC+14 to UTC-12, unless both ends are written alike (then they
share their zone). A deadline is then measured on the most favourable reading, the shortest the elapsed time
can be, and flagged only when even that is late.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from linter.checks.base import Context, Hit
from linter.lazy_regex import lazy_compile
from linter.timeline.entries import EVENT_FAMILIES, TimelineEntry
from linter.timeline.timestamps import Stamp, find_stamp
from linter.wording import shipped

#: The widest offsets in use: a time written without a zone lies within these of the same time in UTC.
_EAST, _WEST = timedelta(hours=14), timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class Moment:
    """When something happened, as far as the report says: between ``earliest`` and ``latest``.

    Zoned moments hold UTC instants; unzoned ones the local wall-clock time (naive), comparable exactly with
    each other and, widened by the offsets in use, with zoned ones."""

    line: int
    event: str
    earliest: datetime
    latest: datetime
    zoned: bool
    #: "minute" (a known instant or wall-clock time) or "day".
    precision: str
    column: int | None = None
    end_column: int | None = None
    text: str = ""

    def bounds(self, zoned: bool) -> tuple[datetime, datetime]:
        """The span, as UTC instants when ``zoned`` (widening a local time by the offsets in use)."""
        if not zoned or self.zoned:
            return self.earliest, self.latest
        return (self.earliest.replace(tzinfo=UTC) - _EAST, self.latest.replace(tzinfo=UTC) + _WEST)

    def order(self) -> datetime:
        """A key to sort moments by (the start of the span, zone dropped)."""
        return self.earliest.replace(tzinfo=None)


def moment(entry: TimelineEntry, declared: timedelta | None) -> Moment | None:
    """The moment an entry names, or None when it names no day (or cannot be read for sure)."""
    if entry.ambiguous or entry.day is None:
        return None
    common = {"line": entry.line, "event": entry.event, "column": entry.stamp_column,
              "end_column": entry.stamp_end_column, "text": entry.text}
    if entry.instant is not None:
        return Moment(earliest=entry.instant, latest=entry.instant, zoned=True, precision="minute", **common)
    if entry.zone is not None:
        return None  # a zone written but not read (CST): T007's business, no guess here
    if entry.time is not None:
        local = datetime.combine(entry.day, entry.time)
        return Moment(earliest=local, latest=local, zoned=False, precision="minute", **common)
    start = datetime.combine(entry.day, time())
    # A month-dated entry spans its month; deadlines are then measured on its most favourable day.
    span = timedelta(days=1) if entry.precision != "month" else \
        datetime.combine(_next_month(entry.day), time()) - start
    if declared is not None:
        start = (start - declared).replace(tzinfo=UTC)
    return Moment(earliest=start, latest=start + span, zoned=declared is not None, precision="day", **common)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def stamp_moment(stamp: Stamp, line: int, event: str, text: str) -> Moment | None:
    """The moment a timestamp written outside the timeline names (a template field's date)."""
    if stamp.ambiguous or stamp.day is None:
        return None
    instant = stamp.instant()
    if instant is not None:
        return Moment(line, event, instant, instant, True, "minute", text=text)
    if stamp.time is not None:
        local = datetime.combine(stamp.day, stamp.time)
        return Moment(line, event, local, local, False, "minute", text=text)
    start = datetime.combine(stamp.day, time())
    return Moment(line, event, start, start + timedelta(days=1), False, "day", text=text)


def moments(context: Context) -> list[Moment]:
    """The past events of the report's timeline, as moments: one for each event an entry tells."""
    timeline = context.report.timeline
    found = []
    for entry in timeline.entries:
        made = moment(entry, timeline.declared_offset) if entry.tense == "past" else None
        if made is not None:
            found += [replace(made, event=event) for event in entry.events or (entry.event,)]
    return found


def first(found: Iterable, events: set[str]):
    """The earliest of ``found`` (moments, or timeline entries with an instant) of one of ``events``."""
    return min(_of(found, events), key=_order, default=None)


def last(found: Iterable, events: set[str]):
    """The latest of ``found`` (moments, or timeline entries with an instant) of one of ``events``."""
    return max(_of(found, events), key=_order, default=None)


def first_after(found: Iterable[Moment], events: set[str], start: Moment) -> Moment | None:
    """The earliest moment of one of ``events`` that may lie at or after ``start``."""
    later = [m for m in _of(found, events) if _may_precede(start, m)]
    return min(later, key=_order, default=None)


def _of(found: Iterable, events: set[str]) -> list:
    return [m for m in found if m.event in events and (isinstance(m, Moment)
                                                        or (m.tense == "past" and m.instant is not None))]


def _order(found) -> datetime:
    return found.order() if isinstance(found, Moment) else found.instant.replace(tzinfo=None)


def _may_precede(start: Moment, end: Moment) -> bool:
    zoned = start.zoned or end.zoned
    return start.bounds(zoned)[0] <= end.bounds(zoned)[1]


# Template fallbacks: the 3.x Timeline summary's fields, the legacy first answer, "issued between X and Y".
_FIELDS = {"aware": ("non_compliance_identified_date",), "incident_start": ("non_compliance_start_date",),
           "incident_end": ("non_compliance_end_date",)}
_SECTIONS = {"aware": ("how_aware",)}
_AWARE = {"aware", "cpr_received"}
_ISSUED_WORDS = lazy_compile(r"\bissued[^\S\n]+(?:between|from)\s", re.IGNORECASE)
_ISSUED_BETWEEN = lazy_compile(r"\bissued\s+(?:between|from)\s+(?P<start>.{4,40}?)\s+(?:and|to|until|through)\s+"
                             r"(?P<end>.{4,40}?)(?:[.;)]\s|[.;)]?$|,|\n)", re.IGNORECASE | re.MULTILINE)


def template_moments(context: Context) -> dict[str, Moment]:
    """What the report's template fields say of becoming aware, the start and the end of the incident (read once
    for the rules that ask)."""
    derived = context.analysis.derived
    if template_moments not in derived:
        derived[template_moments] = _template_moments(context)
    return derived[template_moments]


def _template_moments(context: Context) -> dict[str, Moment]:
    report = context.report
    year = context.report_date.year
    found: dict[str, Moment] = {}
    for event, keys in _FIELDS.items():
        for key in keys:
            field = report.field(key)
            stamp = find_stamp(field.value, year=year) if field is not None and field.value else None
            made = stamp_moment(stamp, field.value_line, event, field.value) if stamp is not None else None
            if made is not None:
                found.setdefault(event, made)
    for event, keys in _SECTIONS.items():
        for key in keys:
            section = report.section(key)
            if section is None or event in found:
                continue
            for number in range(section.line + 1, section.end_line + 1):
                text = context.document.lines[number - 1]
                stamp = find_stamp(text, year=year)
                # Only a sentence that tells how the CA learned of it dates that: "revoked on ..." does not.
                told = stamp is not None and shipped(EVENT_FAMILIES).first(text) in _AWARE
                made = stamp_moment(stamp, number, event, text.strip()) if told else None
                if made is not None:
                    found[event] = made
                    break
    lines = context.document.lines[report.line - 1:report.end_line]
    # A line that says it holds the words that begin the phrase: most reports have none, and are read once.
    if _ISSUED_WORDS.search("\n".join(lines)) is None:
        return found
    for offset, text in enumerate(lines):
        between = _ISSUED_BETWEEN.search(text)
        if between is None:
            continue
        for event, part in (("incident_start", "start"), ("incident_end", "end")):
            stamp = find_stamp(between.group(part), year=year)
            made = stamp_moment(stamp, report.line + offset, event, text.strip()) if stamp is not None else None
            if made is not None:
                found.setdefault(event, made)
        break
    return found


def became_aware(found: Iterable[Moment], context: Context | None = None) -> Moment | None:
    """When the CA became aware: its own words, else the problem report that told it, else what the template's
    fields say."""
    found = list(found)
    timeline = first(found, {"aware"}) or first(found, {"cpr_received"})
    if timeline is not None or context is None:
        return timeline
    return template_moments(context).get("aware")


def late(start: Moment, end: Moment, limit_hours: float, what: str, clock: str) -> Iterator[Hit]:
    """A finding when ``end`` came more than ``limit_hours`` after ``start``, even on the most favourable
    reading of the two."""
    zoned = start.zoned or end.zoned
    elapsed = (end.bounds(zoned)[0] - start.bounds(zoned)[1]).total_seconds() / 3600
    if elapsed <= limit_hours:
        return
    exact = start.earliest == start.latest and end.earliest == end.latest and (start.zoned == end.zoned)
    days = start.precision == "day" or end.precision == "day"
    measured = "" if exact else (" (measured in days: at least this long on the most favourable reading)" if days
                                 else " (at least this long, whatever the zone)")
    data = {"from": _point(start), "to": _point(end), "elapsed_hours": round(elapsed, 2),
            "limit_hours": limit_hours, "clock": clock}
    yield Hit(f"{what} {_duration(elapsed)} after line {start.line} ({start.event}), beyond the "
              f"{_duration(limit_hours)} of {clock}{measured}", end.line, end.column or 1, end.line,
              end.end_column, "timeline", end.text, data)


def _point(found: Moment) -> dict:
    point = found.earliest.date().isoformat() if found.precision == "day" else found.earliest.isoformat()
    return {"line": found.line, "event": found.event, "time": point}


def _duration(hours: float) -> str:
    minutes = round(hours * 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours_part, minutes = divmod(minutes, 60)
    parts = [f"{days} d"] * bool(days) + [f"{hours_part} h"] * bool(hours_part) + [f"{minutes} min"] * bool(minutes)
    return " ".join(parts) or "0 min"
