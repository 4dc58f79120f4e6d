"""How a timeline's entries get their dates where the text leaves part of it out or unsure: a month and day
without a year (completed from the day the report was written), a compact ISO date alone as a day header, a month
in brackets, and a numeric date whose day and month order cannot be told (both readings kept, never one guessed)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from linter.document import parse_document
from linter.timeline.entries import read_timeline
from linter.timeline.timestamps import day_header, find_stamp, month_at_start

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS = st.dates(date(1990, 1, 1), date(2090, 12, 31))


def _ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


@given(event=DAYS, written=DAYS, short=st.booleans(), ordinal=st.booleans(), timed=st.booleans())
def test_a_month_and_day_without_a_year_are_read_before_the_report_or_not_at_all(event, written, short, ordinal,
                                                                                  timed) -> None:
    assume(not (event.month == 2 and event.day == 29))
    month = MONTHS[event.month - 1][:3] if short else MONTHS[event.month - 1]
    text = f"{month} {event.day}{_ordinal(event.day) if ordinal else ''}{' 10:15' if timed else ''}: we revoked"
    stamp = find_stamp(text, year=written)
    assert stamp is not None and stamp.precision == ("minute" if timed else "day")
    readings = [event.replace(year=year) for year in (written.year - 1, written.year, written.year + 1)]
    last_before = max(reading for reading in readings if reading <= written)
    if all(abs((last_before - written).days) <= abs((reading - written).days) for reading in readings):
        assert stamp.ambiguous is None and (stamp.day.month, stamp.day.day) == (event.month, event.day)
        assert written - timedelta(days=366) < stamp.day <= written
    else:  # just ahead of the report: a plan, or last year's event
        assert stamp.day is None and "year" in stamp.ambiguous


@given(event=DAYS)
def test_a_month_and_day_without_a_year_or_a_report_day_stay_unread(event) -> None:
    stamp = find_stamp(f"{MONTHS[event.month - 1]} {event.day}: we revoked")
    assert stamp is not None and stamp.day is None and "year" in stamp.ambiguous


@given(written=DAYS)
def test_the_year_a_timeline_writes_wins_over_the_report_day(written) -> None:
    stamp = find_stamp("Feb 3rd: the request path was traced", year=2020)
    assert stamp.day == date(2020, 2, 3)
    stamp = find_stamp("Feb 3rd: the request path was traced", year=written)
    assert stamp.day is None or stamp.day <= written


@given(day=DAYS, marks=st.sampled_from(("", "**", "__", "#### ")), colon=st.booleans())
def test_a_compact_iso_date_alone_is_a_day_header(day, marks, colon) -> None:
    closing = marks.strip() if marks.strip() != "####" else ""
    assert day_header(f"{marks}{day:%Y%m%d}{closing}{':' if colon else ''}") == day


@given(number=st.integers(10_000_000, 99_999_999))
def test_eight_digits_that_are_no_date_are_no_day_header(number: int) -> None:
    text = str(number)
    try:
        expected = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        expected = None
    if expected is not None and not 1900 <= expected.year <= 2099:
        expected = None
    assert day_header(text) == expected


@given(day=DAYS, bracket=st.sampled_from(("[]", "()")), words=st.text("abc ", min_size=1, max_size=20))
def test_a_month_in_brackets_opens_an_entry(day, bracket, words) -> None:
    text = f"{bracket[0]}{day:%Y-%m}{bracket[1]} {words}"
    stamp = month_at_start(text)
    assert stamp is not None and stamp.day == day.replace(day=1) and stamp.precision == "month"
    assert text[stamp.start:stamp.end] == f"{day:%Y-%m}"


@given(day=DAYS, separator=st.sampled_from("/-"), timed=st.booleans())
def test_an_ambiguous_numeric_date_keeps_both_readings(day, separator, timed) -> None:
    assume(day.day <= 12 and day.day != day.month)
    text = f"{day.day:02}{separator}{day.month:02}{separator}{day.year}{' 14:27' if timed else ''} revocation"
    stamp = find_stamp(text)
    assert stamp.day is None and "cannot be told" in stamp.ambiguous
    assert stamp.readings == (date(day.year, day.day, day.month), day)


@given(day=DAYS)
def test_a_date_whose_order_can_be_told_has_no_readings(day) -> None:
    assume(day.day > 12 or day.day == day.month)
    stamp = find_stamp(f"{day.day}/{day.month}/{day.year} revocation")
    assert stamp.day == day and stamp.readings is None


def test_a_sentence_timeline_takes_the_date_inside_its_first_sentence() -> None:
    doc = parse_document("### Timeline\n\nThe operators confirmed the report at 07:05 UTC on 2 September 2022\n"
                         "Every certificate of that month was then linted again\n")
    entries = read_timeline(doc, 1, len(doc.lines)).entries
    assert len(entries) == 1 and entries[0].day == date(2022, 9, 2) and entries[0].zone == "UTC"


def test_a_compact_day_header_dates_the_lines_under_it() -> None:
    doc = parse_document("### Timeline\n\n20230306\nCorrected policy published\n\n20230307\nRoot programs told\n")
    entries = read_timeline(doc, 1, len(doc.lines)).entries
    assert [(e.day, e.precision) for e in entries] == [(date(2023, 3, 6), "day"), (date(2023, 3, 7), "day")]


def test_entries_keep_the_readings_of_their_dates() -> None:
    doc = parse_document("### Timeline\n\n07/02/2022 16:44:09 : revoked\n07/02/2022 11:30:27 : issued\n")
    entries = read_timeline(doc, 1, len(doc.lines)).entries
    assert [e.readings for e in entries] == [(date(2022, 7, 2), date(2022, 2, 7))] * 2
    assert entries[0].as_dict()["readings"] == ["2022-07-02", "2022-02-07"]


ZONE_FILES = {"ET": "America/New_York", "Eastern Time": "America/New_York", "Central Time": "America/Chicago",
              "MT": "America/Denver", "PT": "America/Los_Angeles", "Pacific Time": "America/Los_Angeles"}


def _zone_database(name: str):
    """The IANA zone, from the system's database, for the tests only (irlint itself reads no zone database)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        return None


@given(day=st.dates(date(1987, 1, 1), date(2035, 12, 31)), zone=st.sampled_from(sorted(ZONE_FILES)),
       hour=st.integers(0, 23))
def test_a_us_zone_without_standard_or_daylight_takes_the_offset_its_day_kept(day, zone, hour) -> None:
    database = _zone_database(ZONE_FILES[zone])
    assume(database is not None)
    stamp = find_stamp(f"{day.isoformat()} {hour:02}:30 {zone} report received")
    midnight, evening = (datetime.combine(day, time(h), database).utcoffset() for h in (0, 23))
    if midnight != evening:  # the clocks changed that day: the hour decides, which irlint does not guess
        assert stamp.offset is None and "several" in stamp.ambiguous
    else:
        assert stamp.ambiguous is None and stamp.offset == midnight


def test_a_us_zone_before_a_known_rule_stays_ambiguous() -> None:
    stamp = find_stamp("1985-07-01 10:00 PT report received")
    assert stamp.offset is None and "several" in stamp.ambiguous


def test_a_us_zone_under_a_day_header_takes_that_day() -> None:
    assert find_stamp("20:00 ET access removed", day=date(2022, 11, 18)).offset == timedelta(hours=-5)
    assert find_stamp("20:00 ET access removed", day=date(2022, 7, 18)).offset == timedelta(hours=-4)
    assert find_stamp("20:00 ET access removed").offset is None
