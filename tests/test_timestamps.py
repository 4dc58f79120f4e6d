"""Timeline timestamps: every written form CA reports use, read exactly or marked as ambiguous, never guessed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from linter.document import parse_document
from linter.report import extract_reports
from linter.timeline.timestamps import Stamp, day_header, declared_zone, find_stamp

HOUR = timedelta(hours=1)

# (text, day, time, precision, offset in hours, zone as written, fragment of the ambiguity reason)
FORMS = [
    ("2024-10-16T19:56:00Z", date(2024, 10, 16), time(19, 56), "second", 0, "Z", None),
    ("2024-10-16T19:56+08:00", date(2024, 10, 16), time(19, 56), "minute", 8, "+08:00", None),
    ("2024-10-16T19:56:00.123-05:00", date(2024, 10, 16), time(19, 56), "second", -5, "-05:00", None),
    ("2024-10-16 19:56 UTC", date(2024, 10, 16), time(19, 56), "minute", 0, "UTC", None),
    ("2024-10-16 19:56:07 UTC", date(2024, 10, 16), time(19, 56, 7), "second", 0, "UTC", None),
    ("2025-09-19 – 09:51 UTC", date(2025, 9, 19), time(9, 51), "minute", 0, "UTC", None),
    ("2025-09-19 — 09:51 UTC", date(2025, 9, 19), time(9, 51), "minute", 0, "UTC", None),
    ("2025-09-19 - 09:51 UTC", date(2025, 9, 19), time(9, 51), "minute", 0, "UTC", None),
    ("2024/10/16 19:56", date(2024, 10, 16), time(19, 56), "minute", None, None, None),
    ("2024-10-16, 19:56 (UTC)", date(2024, 10, 16), time(19, 56), "minute", 0, "UTC", None),
    ("| 2024-10-16 | 19:56 UTC | Revoked |", date(2024, 10, 16), time(19, 56), "minute", 0, "UTC", None),
    ("2024-02-12", date(2024, 2, 12), None, "day", None, None, None),
    ("25-Jun-2020 14:43 UTC", date(2020, 6, 25), time(14, 43), "minute", 0, "UTC", None),
    ("25 Jun 2020 14:43", date(2020, 6, 25), time(14, 43), "minute", None, None, None),
    ("June 25, 2020 at 14:43 UTC", date(2020, 6, 25), time(14, 43), "minute", 0, "UTC", None),
    ("June 25th, 2020 14:43", date(2020, 6, 25), time(14, 43), "minute", None, None, None),
    ("Saturday, May 11, 2019 7:36:23 PM (UTC+01:00)", date(2019, 5, 11), time(19, 36, 23), "second", 1,
     "UTC+01:00", None),
    ("11 May 2019, 19:36 CET", date(2019, 5, 11), time(19, 36), "minute", 1, "CET", None),
    ("14:43 UTC on June 25, 2020", date(2020, 6, 25), time(14, 43), "minute", 0, "UTC", None),
    ("12.09.2025 10:00", date(2025, 9, 12), time(10, 0), "minute", None, None, None),
    ("2020/06/25", date(2020, 6, 25), None, "day", None, None, None),
    ("6/3/2020 10:59 AM", None, time(10, 59), "minute", None, None, "day and month order of 6/3/2020"),
    ("13/3/2020", date(2020, 3, 13), None, "day", None, None, None),
    ("6/23/2020", date(2020, 6, 23), None, "day", None, None, None),
    ("5/5/2020", date(2020, 5, 5), None, "day", None, None, None),
    ("14:43", None, time(14, 43), "time", None, None, None),
    ("14:43:07", None, time(14, 43, 7), "time", None, None, None),
    ("7:36:23 PM", None, time(19, 36, 23), "time", None, None, None),
    ("10:59 AM", None, time(10, 59), "time", None, None, None),
    ("12:05 am", None, time(0, 5), "time", None, None, None),
    ("12:05 p.m.", None, time(12, 5), "time", None, None, None),
    ("25:00", None, None, "time", None, None, "25:00 is not a time of day"),
    ("14:61", None, None, "time", None, None, "14:61 is not a time of day"),
    ("13:00 PM", None, None, "time", None, None, "13:00 PM is not a time of day"),
    ("2024-10-16 25:00 UTC", date(2024, 10, 16), None, "minute", 0, "UTC", "25:00 is not a time of day"),
    ("2024-02-30", None, None, "day", None, None, "2024-02-30 is not a calendar date"),
    ("31/2/2020 10:00", None, time(10, 0), "minute", None, None, "31/2/2020 is not a calendar date"),
    ("2024-10-16 10:00 UTC+8", date(2024, 10, 16), time(10, 0), "minute", 8, "UTC+8", None),
    ("2024-10-16 10:00 UTC+08:00", date(2024, 10, 16), time(10, 0), "minute", 8, "UTC+08:00", None),
    ("2024-10-16 10:00 UTC-5", date(2024, 10, 16), time(10, 0), "minute", -5, "UTC-5", None),
    ("2024-10-16 10:00 GMT+1", date(2024, 10, 16), time(10, 0), "minute", 1, "GMT+1", None),
    ("2024-10-16 10:00 GMT", date(2024, 10, 16), time(10, 0), "minute", 0, "GMT", None),
    ("2024-10-16 10:00 UTC+5:30", date(2024, 10, 16), time(10, 0), "minute", 5.5, "UTC+5:30", None),
    ("2024-10-16 10:00 -0500", date(2024, 10, 16), time(10, 0), "minute", -5, "-0500", None),
    ("2024-10-16 10:00:00+01:00", date(2024, 10, 16), time(10, 0), "second", 1, "+01:00", None),
    ("2024-10-16 10:00 UTC+15", date(2024, 10, 16), time(10, 0), "minute", None, "UTC+15", "not a UTC offset"),
    *((f"2024-10-16 10:00 {zone}", date(2024, 10, 16), time(10, 0), "minute", hours, zone, None)
      for zone, hours in [("CET", 1), ("CEST", 2), ("EET", 2), ("EEST", 3), ("WET", 0), ("WEST", 1), ("PST", -8),
                          ("PDT", -7), ("MST", -7), ("MDT", -6), ("EST", -5), ("EDT", -4), ("CDT", -5),
                          ("JST", 9), ("KST", 9), ("HKT", 8), ("SGT", 8), ("AEST", 10), ("AEDT", 11)]),
    *((f"2024-10-16 10:00 {zone}", date(2024, 10, 16), time(10, 0), "minute", None, zone,
       f"zone abbreviation {zone} names several zones") for zone in ("CST", "IST", "BST", "AST")),
    # A US zone named without standard or daylight is the local clock: the day tells which offset it kept.
    ("2024-10-16 10:00 ET", date(2024, 10, 16), time(10, 0), "minute", -4, "ET", None),
    ("2024-12-16 10:00 PT", date(2024, 12, 16), time(10, 0), "minute", -8, "PT", None),
    ("10:00 ET", None, time(10, 0), "time", None, "ET", "zone abbreviation ET names several zones"),
    # A time range is not a time at a negative offset; a zone later in the line is not the stamp's zone.
    ("- 10:00-11:00 maintenance window", None, time(10, 0), "time", None, None, None),
    ("10:00 UTC - 11:00 UTC", None, time(10, 0), "time", 0, "UTC", None),
    ("- 01:00 Server local time moves from UTC+1 to UTC+2", None, time(1, 0), "time", None, None, None),
    ("- 10:00 CT log submission failed", None, time(10, 0), "time", None, None, None),
]


@pytest.mark.parametrize(("text", "day", "clock", "precision", "offset_hours", "zone", "reason"), FORMS)
def test_written_forms(text, day, clock, precision, offset_hours, zone, reason) -> None:
    stamp = find_stamp(text)
    assert stamp is not None
    assert (stamp.day, stamp.time, stamp.precision, stamp.zone) == (day, clock, precision, zone)
    assert stamp.offset == (None if offset_hours is None else offset_hours * HOUR)
    if reason is None:
        assert stamp.ambiguous is None
    else:
        assert reason in stamp.ambiguous


@pytest.mark.parametrize("text", [
    "", "release 3.8 deployed", "10.0.0.1", "version 1.2.3", "Bug 1234567", "RFC 5280 section 4.2.1.3",
    "2024", "serial 0a:1b:2c:3d", "1/2/3", "Comment 12•3 years ago",
])
def test_text_without_a_stamp(text: str) -> None:
    assert find_stamp(text) is None


def test_span_covers_the_stamp_as_written() -> None:
    text = "Entry: Saturday, May 11, 2019 7:36:23 PM (UTC+01:00) - certificate revoked"
    stamp = find_stamp(text)
    assert text[stamp.start:stamp.end] == "Saturday, May 11, 2019 7:36:23 PM (UTC+01:00)"


def test_first_stamp_wins() -> None:
    stamp = find_stamp("2024-05-06 14:22 report received; revoked 2024-05-07 10:00")
    assert (stamp.day, stamp.time) == (date(2024, 5, 6), time(14, 22))


def test_entry_under_a_day_header() -> None:
    header = day_header("2024-02-12:")
    stamp = find_stamp("- 09:30 CRL generator release 3.8 deployed", day=header)
    assert (stamp.day, stamp.time, stamp.precision) == (date(2024, 2, 12), time(9, 30), "time")
    assert stamp.instant() is None
    assert stamp.instant(timedelta(0)) == datetime(2024, 2, 12, 9, 30, tzinfo=UTC)


def test_a_written_date_overrides_the_day_header() -> None:
    stamp = find_stamp("- 2024-03-01 09:30 UTC follow-up", day=date(2024, 2, 12))
    assert stamp.day == date(2024, 3, 1)


def test_utc_plus_eight_is_eight_hours_ahead_of_utc() -> None:
    assert find_stamp("2024-01-01 08:00 UTC+8").instant() == datetime(2024, 1, 1, 0, 0, tzinfo=UTC)
    assert find_stamp("2024-01-01 08:00 UTC-5").instant() == datetime(2024, 1, 1, 13, 0, tzinfo=UTC)


def test_instant_uses_the_default_offset_only_for_stamps_without_a_zone() -> None:
    assert find_stamp("2024-01-01 08:00").instant(8 * HOUR) == datetime(2024, 1, 1, 0, 0, tzinfo=UTC)
    assert find_stamp("2024-01-01 08:00 CET").instant(8 * HOUR) == datetime(2024, 1, 1, 7, 0, tzinfo=UTC)
    assert find_stamp("2024-01-01 08:00 CST").instant(timedelta(0)) is None
    assert find_stamp("6/3/2020 08:00 UTC").instant() is None
    assert find_stamp("2024-01-01").instant(timedelta(0)) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-02-12:", date(2024, 2, 12)),
    ("2024-02-12", date(2024, 2, 12)),
    ("**2024-02-12**", date(2024, 2, 12)),
    ("**2024-02-12:**", date(2024, 2, 12)),
    ("### 2024-02-12", date(2024, 2, 12)),
    ("June 25, 2020:", date(2020, 6, 25)),
    ("Monday, 12 February 2024:", date(2024, 2, 12)),
    ("12.09.2025:", date(2025, 9, 12)),
    ("6/3/2020:", None),
    ("2024-02-30:", None),
    ("2024-02-12: CRL published", None),
    ("- 2024-02-12", None),
    ("- 09:30 Release deployed", None),
    ("", None),
])
def test_day_header(text: str, expected: date | None) -> None:
    assert day_header(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("All times are UTC.", (timedelta(0), None)),
    ("All times are in UTC unless noted otherwise.", (timedelta(0), None)),
    ("All times in UTC+8", (8 * HOUR, None)),
    ("Times are in CET", (HOUR, None)),
    ("### Timeline (all times UTC)", (timedelta(0), None)),
    ("Timezone: UTC", (timedelta(0), None)),
    ("Time zone: GMT+1", (HOUR, None)),
    ("All timestamps are UTC-5", (-5 * HOUR, None)),
    ("| Date/Time (UTC) | Event |", (timedelta(0), None)),
    ("All times are CST", (None, "zone abbreviation CST names several zones (China +8 or US Central -6)")),
    ("The CRL was published three times.", None),
    ("Processing times are in minutes.", None),
    ("2024-10-16 19:56 UTC", None),
    ("", None),
])
def test_declared_zone(text: str, expected) -> None:
    assert declared_zone(text) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("## Timeline (UTC)", timedelta(0)),
    ("Full timeline: (UTC)", timedelta(0)),
    ("**Timeline (in CET):**", HOUR),
    ("Timeline [UTC+8]", 8 * HOUR),
    ("Timeline: UTC", timedelta(0)),
    ("### Timeline - UTC", timedelta(0)),
    ("Timeline (UTC) of events", timedelta(0)),
    ("Timeline: 2024-01-02 10:00 UTC alert raised", None),
    ("## Timeline (see the UTC note below)", None),
    ("Timeline (draft)", None),
    ("Timeline (CET/CEST)", None),
])
def test_a_timeline_title_may_name_its_zone(title: str, expected: timedelta | None) -> None:
    declared = declared_zone(title, title=True)
    assert (declared[0] if declared else None) == expected
    # Only a title names a zone so: in a line of text, "(UTC)" is a note on one time.
    assert declared_zone(title) is None or title.startswith("Timeline: 2024")


def test_a_zone_in_the_timeline_title_covers_its_entries() -> None:
    text = ("## Incident Report\n\n## Summary\n\nx\n\n## Impact\n\ny\n\n## Timeline (UTC)\n\n"
            "- 2024-01-02 10:00 Alert raised\n- 2024-01-02 11:00 Revoked\n\n## Root Cause Analysis\n\nz\n")
    (report,) = extract_reports(parse_document(text))
    assert (report.timeline.declared_offset, report.timeline.declaration_line) == (timedelta(0), 11)


def test_work_is_bounded_to_the_start_of_the_text() -> None:
    assert find_stamp("x" * 5_000 + " 2024-01-01 10:00 UTC") is None
    assert find_stamp("1:" * 200_000) is None
    assert day_header("2024-01-01" * 10_000) is None


# Property: an instant written in any supported style and zone reads back as the same instant.

NAMED_ZONES = [("UTC", 0), ("utc", 0), ("GMT", 0), ("Z", 0), ("CET", 60), ("CEST", 120), ("EET", 120),
               ("EEST", 180), ("WET", 0), ("WEST", 60), ("PST", -480), ("PDT", -420), ("MST", -420), ("MDT", -360),
               ("EST", -300), ("EDT", -240), ("CDT", -300), ("JST", 540), ("KST", 540), ("HKT", 480),
               ("SGT", 480), ("AEST", 600), ("AEDT", 660)]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@st.composite
def offset_zones(draw) -> tuple[str, int]:
    """A UTC offset in minutes, written as a UTC+N/GMT+N zone or a bare numeric offset."""
    minutes = draw(st.integers(-12 * 4, 14 * 4)) * 15
    sign, (hours, rest) = "+" if minutes >= 0 else "-", divmod(abs(minutes), 60)
    forms = [f"UTC{sign}{hours:02d}:{rest:02d}", f"{sign}{hours:02d}:{rest:02d}", f"{sign}{hours:02d}{rest:02d}"]
    if rest == 0:
        forms += [f"UTC{sign}{hours}", f"GMT{sign}{hours}", f"UTC {sign}{hours}"]
    return draw(st.sampled_from(forms)), minutes


def _ordinal(day: int) -> str:
    return "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _clock(local: datetime, seconds: bool, twelve_hour: str | None) -> str:
    tail = f":{local.second:02d}" if seconds else ""
    if twelve_hour is None:
        return f"{local.hour:02d}:{local.minute:02d}{tail}"
    meridiem = twelve_hour.replace("x", "a" if local.hour < 12 else "p").replace("X", "A" if local.hour < 12 else "P")
    return f"{local.hour % 12 or 12}:{local.minute:02d}{tail} {meridiem}"


def _written(style: str, local: datetime, clock: str, zone: str) -> tuple[str, date | None] | None:
    """``local`` written in ``style``, and the day header it stands under; None when the style cannot write it."""
    d, month = local, MONTH_NAMES[local.month - 1]
    iso = f"{d.year}-{d.month:02d}-{d.day:02d}"
    texts = {
        "iso-t": f"{iso}T{clock}{zone}",
        "iso-space": f"{iso} {clock} {zone}",
        "iso-dash": f"{iso} – {clock} {zone}",
        "iso-comma-paren": f"{iso}, {clock} ({zone})",
        "slashed-year-first": f"{d.year}/{d.month:02d}/{d.day:02d} {clock} {zone}",
        "table-row": f"| {iso} | {clock} {zone} | Certificate revoked |",
        "day-month-abbr": f"{d.day:02d}-{month[:3]}-{d.year} {clock} {zone}",
        "day-month": f"{d.day} {month} {d.year}, {clock} {zone}",
        "month-day-at": f"{month} {d.day}, {d.year} at {clock} {zone}",
        "month-day-ordinal": f"{month} {d.day}{_ordinal(d.day)}, {d.year} {clock} {zone}",
        "weekday": f"{WEEKDAYS[d.weekday()]}, {month} {d.day}, {d.year} {clock} ({zone})",
        "dotted": f"{d.day:02d}.{d.month:02d}.{d.year} {clock} {zone}",
        "time-first": f"{clock} {zone} on {month} {d.day}, {d.year}",
    }
    if style == "day-header":
        return f"- {clock} {zone} First CRL published", local.date()
    if style == "slashed-day-first":
        return (f"{d.day}/{d.month}/{d.year} {clock} {zone}", None) if d.day > 12 else None
    if style == "slashed-month-first":
        return (f"{d.month}/{d.day}/{d.year} {clock} {zone}", None) if d.day > 12 else None
    return texts[style], None


STYLES = ["iso-t", "iso-space", "iso-dash", "iso-comma-paren", "slashed-year-first", "table-row", "day-month-abbr",
          "day-month", "month-day-at", "month-day-ordinal", "weekday", "dotted", "time-first", "day-header",
          "slashed-day-first", "slashed-month-first"]


@settings(max_examples=500, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2099, 12, 30), timezones=st.just(UTC)),
    seconds=st.booleans(),
    zone=st.one_of(st.sampled_from(NAMED_ZONES), offset_zones()),
    style=st.sampled_from(STYLES),
    twelve_hour=st.sampled_from([None, None, "XM", "xm", "x.m."]),
)
@example(moment=datetime(2024, 1, 1, 0, 0, tzinfo=UTC), seconds=False, zone=("UTC+8", 480), style="iso-space",
         twelve_hour=None)
def test_written_instant_reads_back(moment, seconds, zone, style, twelve_hour) -> None:
    moment = moment.replace(microsecond=0, second=moment.second if seconds else 0)
    written_zone, minutes = zone
    local = moment.astimezone(timezone(timedelta(minutes=minutes)))
    if style == "iso-t":
        twelve_hour = None
    written = _written(style, local, _clock(local, seconds, twelve_hour), written_zone)
    assume(written is not None)
    text, header = written
    stamp = find_stamp(text, day=header)
    assert stamp is not None, text
    assert stamp.ambiguous is None, text
    assert stamp.instant() == moment, text
    assert stamp.precision == ("time" if style == "day-header" else "second" if seconds else "minute")


# Property: nothing raises, whatever the text, and spans stay inside it.

STAMPISH = st.lists(st.sampled_from([
    "0", "1", "2", "9", "12", "2024", "19", ":", "-", "/", ".", ",", " ", "T", "Z", "+", "(", ")", "|", "\u2212",
    "\u2013", "UTC", "GMT", "CST", "CET", "am", "PM", "Jun", "May ", "June ", "th", "on ", "at ", "Saturday, ",
    "\u0660", "\u0663\u0664", "\u00b2", "\x00", "\n", "\u00a0", "All times are ", "Time (", "Timezone:", "ſep",
    "K", "**", "#",
]), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(), STAMPISH), header=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2099, 12, 31))))
def test_never_raises_and_spans_stay_inside(text: str, header: date | None) -> None:
    stamp = find_stamp(text, day=header)
    if stamp is not None:
        assert isinstance(stamp, Stamp)
        assert 0 <= stamp.start < stamp.end <= len(text)
        assert stamp.precision in {"day", "minute", "second", "time"}
        assert stamp.offset is None or abs(stamp.offset) <= 14 * HOUR
        stamp.instant(timedelta(0))
    day_header(text)
    declared = declared_zone(text)
    assert declared is None or (declared[0] is None) != (declared[1] is None)
