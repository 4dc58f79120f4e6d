"""Measuring a deadline between two timeline entries, the way the D-rules report it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from linter.checks.base import Hit
from linter.timeline.entries import TimelineEntry


def first(entries: Iterable[TimelineEntry], events: set[str]) -> TimelineEntry | None:
    """The earliest past entry of one of ``events`` that names an instant."""
    timed = [e for e in entries if e.event in events and e.tense == "past" and e.instant is not None]
    return min(timed, key=lambda e: e.instant, default=None)


def last(entries: Iterable[TimelineEntry], events: set[str]) -> TimelineEntry | None:
    """The latest past entry of one of ``events`` that names an instant."""
    timed = [e for e in entries if e.event in events and e.tense == "past" and e.instant is not None]
    return max(timed, key=lambda e: e.instant, default=None)


def first_after(entries: Iterable[TimelineEntry], events: set[str], start: TimelineEntry) -> TimelineEntry | None:
    """The earliest past entry of one of ``events`` at or after ``start``."""
    later = [e for e in entries if e.event in events and e.tense == "past" and e.instant is not None
             and e.instant >= start.instant]
    return min(later, key=lambda e: e.instant, default=None)


def became_aware(entries: Iterable[TimelineEntry]) -> TimelineEntry | None:
    """When the CA became aware: its own words, else the problem report that told it."""
    return first(entries, {"aware"}) or first(entries, {"cpr_received"})


def late(start: TimelineEntry, end: TimelineEntry, limit_hours: float, what: str, clock: str) -> Iterator[Hit]:
    """A finding when ``end`` came more than ``limit_hours`` after ``start``."""
    elapsed = (end.instant - start.instant).total_seconds() / 3600
    if elapsed <= limit_hours:
        return
    yield Hit(f"{what} {_duration(elapsed)} after line {start.line} ({start.event}), beyond the "
               f"{_duration(limit_hours)} of {clock}", end.line, end.stamp_column or 1, end.line,
               end.stamp_end_column, "timeline", end.text,
               {"from": _point(start), "to": _point(end), "elapsed_hours": round(elapsed, 2),
                "limit_hours": limit_hours, "clock": clock})


def _point(entry: TimelineEntry) -> dict:
    return {"line": entry.line, "event": entry.event, "time": entry.instant.isoformat()}


def _duration(hours: float) -> str:
    minutes = round(hours * 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours_part, minutes = divmod(minutes, 60)
    parts = [f"{days} d"] * bool(days) + [f"{hours_part} h"] * bool(hours_part) + [f"{minutes} min"] * bool(minutes)
    return " ".join(parts) or "0 min"
