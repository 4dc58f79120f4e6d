"""The timestamp forms real timelines write beyond the plain ISO and month-name ones: 12-hour times with dots or
spaces, approximate times, compact dates, a day header and its first entry on one line, US dates with two-digit
years, ranges of times, and the year written after the time. Each form: what must read as what, and what must stay
unread or ambiguous (T007), never guessed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.document import parse_document
from linter.timeline.dates import find_dates
from linter.timeline.entries import read_timeline
from linter.timeline.timestamps import declared_zone, find_stamp, header_with_entry, may_go_on

HOUR = timedelta(hours=1)

# (form, text, day, time, precision, offset in hours)
READ = [
    # 12-hour times written with a dot, or as an hour alone.
    ("dotted 12-hour", "3.45 p.m. certificate revoked", None, time(15, 45), "time", None),
    ("dotted 12-hour", "9.50am: the linter flagged the CA", None, time(9, 50), "time", None),
    ("dotted 12-hour", "On 2024-03-08 (9.50am) we noticed", date(2024, 3, 8), time(9, 50), "minute", None),
    ("hour and meridiem", "11 a.m. UTC report received", None, time(11, 0), "time", 0),
    ("hour and meridiem", "12 a.m. UTC batch job ran", None, time(0, 0), "time", 0),
    ("hour and meridiem", "Tuesday, August 20, 2019 7 AM  Began investigating", date(2019, 8, 20), time(7, 0),
     "minute", None),
    ("hour and meridiem", "14th of March 2023, 6pm GMT+1: report came in", date(2023, 3, 14), time(18, 0), "minute",
     1),
    ("hour and meridiem", "March 14, 2023 at 5 pm PDT issuance stopped", date(2023, 3, 14), time(17, 0), "minute",
     -7),
    # A 24-hour time written with a dot is a time next to a zone, or right after a date.
    ("dotted 24-hour", "May 2, 2023 - 14.00 UTC audit call", date(2023, 5, 2), time(14, 0), "minute", 0),
    ("dotted 24-hour", "2023-05-02 15.41 CEST investigation complete", date(2023, 5, 2), time(15, 41), "minute", 2),
    ("dotted 24-hour", "13/3/2020 12.30, began reviewing", date(2020, 3, 13), time(12, 30), "minute", None),
    # Approximate times read as the time they name.
    ("approximate", "~09:30 CET alert raised", None, time(9, 30), "time", 1),
    ("approximate", "around 09:30 alert raised", None, time(9, 30), "time", None),
    ("approximate", "approx. 9:30 alert raised", None, time(9, 30), "time", None),
    ("approximate", "2024-08-17 around 22:35 UTC the job ended", date(2024, 8, 17), time(22, 35), "minute", 0),
    ("approximate", "On 5 May 2024 about 00:41, the CA was notified", date(2024, 5, 5), time(0, 41), "minute", None),
    ("approximate", "On 2024-06-26 at ~2:30 PM PDT the review found", date(2024, 6, 26), time(14, 30), "minute", -7),
    ("approximate", "May 2, 2025 (~14:09 UTC) report sent", date(2025, 5, 2), time(14, 9), "minute", 0),
    ("approximate", "2024-06-26 approximately 14:30 UTC", date(2024, 6, 26), time(14, 30), "minute", 0),
    ("approximate", "March 1, 2024 at approximately 9 AM EST", date(2024, 3, 1), time(9, 0), "minute", -5),
    # A leading dash or tilde glued to the time.
    ("glued mark", "-09:30 UTC CRL published", None, time(9, 30), "time", 0),
    ("glued mark", "~9:30 UTC CRL published", None, time(9, 30), "time", 0),
    # The date and the time joined by a comma and "at".
    ("comma and at", "On September 3, 2025, at 17:39 UTC, we received", date(2025, 9, 3), time(17, 39), "minute", 0),
    ("comma and at", "2022-02-17, at 6:40 UTC, a profile was added", date(2022, 2, 17), time(6, 40), "minute", 0),
    # Compact ISO dates before a time.
    ("compact date", "20210317 09:30 review", date(2021, 3, 17), time(9, 30), "minute", None),
    ("compact date", "20211004 ~14:00 first review", date(2021, 10, 4), time(14, 0), "minute", None),
    ("compact date", "20210317T0930", None, None, None, None),
    # Dates written with the non-breaking hyphen word processors insert.
    ("unicode hyphen", "2025\u201112\u201129 at 9:15 AM PST", date(2025, 12, 29), time(9, 15), "minute", -8),
    # US dates with two-digit years: read when one order alone makes a date.
    ("two-digit year", "12/17/19 4:51 PM issue reported", date(2019, 12, 17), time(16, 51), "minute", None),
    ("two-digit year", "On 3/28/19 we realised", date(2019, 3, 28), None, "day", None),
    # A range of times: the start is the instant, in the zone written after the end.
    ("range", "09:00\u201310:30 UTC maintenance", None, time(9, 0), "time", 0),
    ("range", "09:00 - 10:30 CET maintenance", None, time(9, 0), "time", 1),
    ("range", "1/26 21:23 to 21:40 UTC 8 more certificates issued", None, time(21, 23), "minute", 0),
    ("range", "2024-02-08 07:20 - 07:50 UTC responses failed", date(2024, 2, 8), time(7, 20), "minute", 0),
    ("range", "between 04:41 to 05:41 UTC on February 12, 2026", date(2026, 2, 12), time(4, 41), "minute", 0),
    # A full stop after the day of a month-first date.
    ("full stop after the day", "July 29. 2024 02:17 report filed", date(2024, 7, 29), time(2, 17), "minute", None),
    # Zones written out in words, in any case.
    ("zone in words", "On 06-Apr-2022 13:36 (Indian Time), we received", date(2022, 4, 6), time(13, 36), "minute",
     5.5),
    ("zone in words", "2024-06-11 12:29 pm eastern daylight time", date(2024, 6, 11), time(12, 29), "minute", -4),
    ("zone in words", "2024-06-11 09:00 Beijing Time: CPR received", date(2024, 6, 11), time(9, 0), "minute", 8),
    ("zone in words", "2019-08-01 10am (AZ time) we began cross-checking", date(2019, 8, 1), time(10, 0), "minute",
     -7),
    # "Eastern" or "Pacific" alone ends its phrase; on a known day it takes the offset that day kept.
    ("US zone alone", "May 5, 2021, 11:01 am Eastern. We replied", date(2021, 5, 5), time(11, 1), "minute", -4),
    ("US zone alone", "2024-01-10 09:00 (Pacific) alert raised", date(2024, 1, 10), time(9, 0), "minute", -8),
    # A time first, then "on the" and its date, then the zone.
    ("time, date, zone", "At 19:02 on the 21st October 2023 UTC we became aware", date(2023, 10, 21), time(19, 2),
     "minute", 0),
    # The year written after the time, as OpenSSL and syslog write dates.
    ("year after time", "Dec  7 16:37 2022 GMT: migration completed", date(2022, 12, 7), time(16, 37), "minute", 0),
    ("year after time", "Not Before: Jun 22 00:00:00 2016 GMT", date(2016, 6, 22), time(0, 0), "second", 0),
]


@pytest.mark.parametrize(("form", "text", "day", "clock", "precision", "offset_hours"), READ,
                         ids=[f"{case[0]}: {case[1]}" for case in READ])
def test_form_reads(form, text, day, clock, precision, offset_hours) -> None:
    stamp = find_stamp(text)
    if precision is None:
        assert stamp is None or stamp.day is None
        return
    assert stamp is not None
    assert (stamp.day, stamp.time, stamp.precision) == (day, clock, precision)
    assert stamp.offset == (None if offset_hours is None else offset_hours * HOUR)


# Forms that must stay ambiguous: a reader cannot tell, so the stamp says why and holds no day.
AMBIGUOUS = [
    ("two-digit year, either order", "12/1/21 10:00 certificate issued", "day and month order of 12/1/21"),
    ("two-digit year, year first or day first", "19/12/17 issued", "day and month order of 19/12/17"),
    ("two-digit year, no calendar date", "13/13/19 issued", "is not a calendar date"),
    ("dotted date, US order", "3/8/2019 12.30, due to discussions", "day and month order of 3/8/2019"),
    ("hour alone, no year", "25th of November, 6pm GMT: report", "the year of 25th of November is not written"),
    ("range in a zone naming several", "09:00-10:30 CST maintenance", "zone abbreviation CST names several zones"),
    ("zone in words naming several offsets", "09:00 Pacific Time: CPR received",
     "zone Pacific Time names several offsets"),
    ("zone in words naming several offsets", "2024-03-10 09:00 Pacific Time: clocks changed that day",
     "zone Pacific Time names several offsets"),
    ("time in an unknown zone, then the date", "9pm AZ on 2024-03-06 research started", "zone AZ is not one"),
    ("time in an unknown zone, then an unordered date", "As of 9pm AZ on 3/6/2019 research started",
     "day and month order of 3/6/2019"),
]


@pytest.mark.parametrize(("form", "text", "reason"), AMBIGUOUS, ids=[case[0] for case in AMBIGUOUS])
def test_form_stays_ambiguous(form, text, reason) -> None:
    stamp = find_stamp(text)
    assert stamp is not None
    assert stamp.ambiguous is not None and reason in stamp.ambiguous
    assert stamp.instant(timedelta(0)) is None


# Numbers that look like the new forms but are not times: versions, sections, decimals, file names, serials.
NOT_TIMES = [
    "release 3.45 deployed", "the 1.5 patch", "section 7.14 of the BRs", "REQ-7.14.2-13X", "OID 1.3.6.1.4.1.5734.3.16",
    "20241114-Revoked.txt", "affected-20240529.csv", "SMIME certificates 20241104.csv", "macOS 10.13.6",
    "we revoked 12 certificates", "3 amendments", "5 apples", "page 2 of 4",
    "ratio 1/2/3", "12.30", "version 2.10", "69.168.110.79.in-addr.arpa",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_numbers_are_not_read_as_times(text: str) -> None:
    stamp = find_stamp(text)
    assert stamp is None or stamp.time is None, stamp


def test_a_zone_word_that_begins_a_phrase_is_no_zone() -> None:
    assert find_stamp("2024-07-10 09:00 eastern europe office alerted").zone is None


@pytest.mark.parametrize(("shown", "goes_on"), [
    (" U", True), ("", True), (" -05", True), (" (", True), (" a", True), (" at 1", True), (" Eastern Ti", True),
    (" Check", False), (" - Check", False), (" Revoked", False), (" | The certif", False),
])
def test_what_a_cut_may_hide_after_a_stamp(shown: str, goes_on: bool) -> None:
    assert may_go_on(shown) is goes_on


def test_a_range_without_a_zone_has_none() -> None:
    stamp = find_stamp("10:00-11:00 maintenance window")
    assert (stamp.time, stamp.zone) == (time(10, 0), None)


def test_a_range_start_with_its_own_zone_keeps_it() -> None:
    stamp = find_stamp("10:00 UTC - 11:00 CET")
    assert (stamp.zone, stamp.offset) == ("UTC", timedelta(0))


def test_utc_plus_eight_in_a_range() -> None:
    stamp = find_stamp("2024-01-01 08:00-09:00 UTC+8 outage")
    assert stamp.instant() == datetime(2024, 1, 1, 0, 0, tzinfo=UTC)


# A day header and the first entry of the day on one line, in Markdown, plain text and copied page text.

@pytest.mark.parametrize(("text", "expected"), [
    ("2024-11-05: - 09:12 CPR received", (date(2024, 11, 5), "09:12 CPR received")),
    ("2024-11-05: 09:12 CPR received", (date(2024, 11, 5), "09:12 CPR received")),
    ("**2024-11-05:** - 09:12 CPR received", (date(2024, 11, 5), "09:12 CPR received")),
    ("November 5, 2024: 9.12 a.m. CPR received", (date(2024, 11, 5), "9.12 a.m. CPR received")),
    ("05.11.2024: ~09:12 CPR received", (date(2024, 11, 5), "09:12 CPR received")),
    ("2024-11-05 09:12 CPR received", None),
    ("2024-11-05: CPR received", None),
    ("2024-11-05:", None),
    ("6/3/2020: 09:12 ambiguous day", None),
    ("Version 2024-11-05: 3 certificates", None),
])
def test_header_with_entry(text, expected) -> None:
    assert header_with_entry(text) == expected


HEADER_AND_ENTRY = {
    "markdown": "### Timeline\n\nAll times are UTC.\n\n2024-11-05: - 09:12 Report received\n- 10:30 Issuance stopped\n"
                "\n2024-11-06: - 08:00 Certificates revoked\n- 09:00 Preliminary report posted\n",
    "plain": "Timeline\nAll times are UTC.\n2024-11-05: 09:12 Report received\n10:30 Issuance stopped\n"
             "2024-11-06: 08:00 Certificates revoked\n09:00 Preliminary report posted\n",
    "copied page": "Timeline\n\nAll times are UTC.\n\n2024-11-05: \u2022 09:12 Report received\n\u2022 10:30 Issuance "
                   "stopped\n2024-11-06: \u2022 08:00 Certificates revoked\n\u2022 09:00 Preliminary report posted\n",
}


@pytest.mark.parametrize("style", list(HEADER_AND_ENTRY))
def test_the_day_of_a_shared_header_dates_the_entries_after_it(style: str) -> None:
    document = parse_document(HEADER_AND_ENTRY[style])
    entries = read_timeline(document, 1, len(document.lines)).entries
    instants = [entry.instant for entry in entries]
    assert instants == [datetime(2024, 11, 5, 9, 12, tzinfo=UTC), datetime(2024, 11, 5, 10, 30, tzinfo=UTC),
                        datetime(2024, 11, 6, 8, 0, tzinfo=UTC), datetime(2024, 11, 6, 9, 0, tzinfo=UTC)]
    assert all(entry.ambiguous is None for entry in entries)


def test_a_time_alone_takes_the_day_of_the_entry_just_above_it() -> None:
    document = parse_document("### Timeline\n\n- 2024-11-05 09:12 UTC Report received\n- 10:30 UTC Issuance stopped\n"
                              "- 2024-11-06 08:00 UTC Fix deployed\n- 09:15 UTC Issuance resumed\n")
    entries = read_timeline(document, 1, len(document.lines)).entries
    assert [entry.day for entry in entries] == [date(2024, 11, 5), date(2024, 11, 5), date(2024, 11, 6),
                                                 date(2024, 11, 6)]
    alone = parse_document("### Timeline\n\n- 10:30 UTC Issuance stopped\n- 2024-11-06 08:00 UTC Fix deployed\n")
    assert [entry.day for entry in read_timeline(alone, 1, len(alone.lines)).entries] == [None, date(2024, 11, 6)]


# Properties of the new forms.

ZONES = [("UTC", 0), ("GMT", 0), ("CET", 60), ("CEST", 120), ("PDT", -420), ("EST", -300), ("JST", 540),
         ("UTC+8", 480), ("UTC-5", -300), ("UTC+5:30", 330)]
APPROX = ["", "~", "~ ", "around ", "approx. ", "approximately ", "about ", "circa "]


def _twelve(local: datetime, meridiem: str, dotted: bool) -> str:
    hour = local.hour % 12 or 12
    mark = meridiem.replace("x", "a" if local.hour < 12 else "p").replace("X", "A" if local.hour < 12 else "P")
    if local.minute == 0 and not dotted:
        return f"{hour} {mark}" if " " not in meridiem else f"{hour}{mark.strip()}"
    return f"{hour}.{local.minute:02d} {mark}" if dotted else f"{hour}:{local.minute:02d} {mark}"


@st.composite
def written_instants(draw) -> tuple[str, datetime]:
    moment = draw(st.datetimes(datetime(2000, 1, 2), datetime(2099, 12, 30), timezones=st.just(UTC)))
    moment = moment.replace(second=0, microsecond=0)
    zone, minutes = draw(st.sampled_from(ZONES))
    local = moment.astimezone(timezone(timedelta(minutes=minutes)))
    form = draw(st.sampled_from(["dotted-12", "hour-12", "dotted-24", "approx", "compact", "two-digit-year",
                                 "range", "year-after", "header-entry"]))
    approx = draw(st.sampled_from(APPROX))
    iso = f"{local.year}-{local.month:02d}-{local.day:02d}"
    named = f"{local:%B} {local.day}, {local.year}"
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if form == "hour-12":
        local = local.replace(minute=0)
        moment = local.astimezone(UTC)
    meridiem = draw(st.sampled_from(["XM", "xm", "x.m.", " x.m."]))
    texts = {
        "dotted-12": f"{named} {_twelve(local, meridiem, True)} {zone}",
        "hour-12": f"{iso} at {_twelve(local, meridiem, False)} {zone}",
        "dotted-24": f"{named} \u2013 {local.hour:02d}.{local.minute:02d} {zone}",
        "approx": f"{iso}, at {approx}{clock} {zone}",
        "compact": f"{local.year}{local.month:02d}{local.day:02d} {approx}{clock} {zone}",
        "two-digit-year": f"{local.month}/{local.day}/{local.year % 100:02d} {clock} {zone}",
        "range": f"{iso} {clock}\u2013{(local + HOUR):%H:%M} {zone}",
        "year-after": f"{local:%b} {local.day:2d} {clock}:00 {local.year} {zone}",
        "header-entry": f"{iso}: - {approx}{clock} {zone}",
    }
    if form == "two-digit-year" and local.day <= 12:
        form = "approx"  # a day past 12 leaves one possible order
    return texts[form], moment


@settings(max_examples=400, deadline=None)
@given(written=written_instants(),
       before=st.sampled_from(["", "- ", "* ", "| ", "On ", "**", "1. "]),
       after=st.sampled_from(["", " CPR received", ": certificate revoked", " - issuance stopped", " |", ".",
                              " (approximately 40 certificates, release 3.45)"]))
def test_a_written_instant_reads_back_whatever_surrounds_it(written, before, after) -> None:
    text, moment = written
    stamp = find_stamp(before + text + after)
    assert stamp is not None, text
    assert stamp.ambiguous is None, text
    assert stamp.instant() == moment, text


@settings(max_examples=300, deadline=None)
@given(number=st.one_of(st.integers(0, 10**9).map(str),
                        st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda pair: f"{pair[0]}.{pair[1]}"),
                        st.tuples(st.integers(0, 9), st.integers(0, 99), st.integers(0, 99))
                        .map(lambda parts: ".".join(map(str, parts)))),
       words=st.sampled_from(["", "certificates", "release", "version", "%", "million", "items were affected"]))
def test_a_plain_number_is_not_a_time(number: str, words: str) -> None:
    stamp = find_stamp(f"{number} {words}".strip())
    assert stamp is None or stamp.time is None


@pytest.mark.parametrize(("text", "expected"), [
    ("notified on 2026\u201101\u201123, no update since", [date(2026, 1, 23)]),
    ("notified on 2026\u201001\u201023", [date(2026, 1, 23)]),
    ("serial 2026\u2011133\u201123", []),
])
def test_find_dates_reads_the_unicode_hyphens(text: str, expected: list[date]) -> None:
    assert [found.value for found in find_dates(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("All times Eastern Daylight Time", (-4 * HOUR, None)),
    ("(All times are in Indian Time / UTC+5:30)", (5.5 * HOUR, None)),
    ("All timestamps are in Beijing Time (UTC+8):", (8 * HOUR, None)),
    ("All times are Pacific Time", (None, "zone Pacific Time names several offsets (US Pacific -8 or -7)")),
    ("The response time is in line with the Indian Time zone rules", None),
    # "times" with a word of place before the verb
    ("Times below are in UTC+8.", (8 * HOUR, None)),
    ("Timestamps here are in UTC", (0 * HOUR, None)),
    ("The times below are approximate", None),
    ("three times in CET we asked", None),
])
def test_declarations_with_zones_in_words(text: str, expected) -> None:
    assert declared_zone(text) == expected


@pytest.mark.parametrize("text", ["Auguſt 5, 2024", "5 Aprİl 2024", "Deceﬀ 5, 2024", "Marcħ 3, 2024"])
def test_letters_unicode_folds_onto_ascii_never_break_a_month_name(text: str) -> None:
    """Case-insensitive matching takes "ſ" for "s": the month must then be found, not raise."""
    found = [item.value for item in find_dates(text)]
    assert found in ([], [date(2024, 8, 5)], [date(2024, 4, 5)])
