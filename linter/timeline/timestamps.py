"""Timestamps written the ways CA incident report timelines write them.

A stamp is a date, a time of day, or both, with an optional zone: ISO 8601 ("2024-10-16T19:56:00Z",
"2024-10-16 19:56 UTC"), month names ("June 25, 2020 at 14:43 UTC", "25-Jun-2020 14:43"), dotted day-first
dates ("12.09.2025 10:00"), slashed dates whose order can be told ("13/3/2020", "6/23/2020", "3/28/19"), 12- and
24-hour times ("14:43", "3.45 p.m.", "11 a.m.", "14.00 UTC"), approximate times ("~09:30", "around 09:30"), ranges
("09:00-10:30 UTC": the start, in the zone written after the end), UTC offsets ("UTC+8", "+01:00") and the common
zone abbreviations. What cannot be read for sure (the
order of "6/3/2020", the zone "CST") is left unknown and the stamp says why: a guessed instant would let a
timeline check report a wrong order or a wrong delay as fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cache

from linter.lazy_regex import lazy_compile, max_width
from linter.timeline.dates import month_number

# Entries put their stamp near the start; the cap bounds the work on pathological input.
_LIMIT = 2_000
# A zone declaration may stand under a long timeline; a single linear search over this much stays cheap.
_DECLARATION_LIMIT = 20_000
# The widest offset in use (UTC+14, Line Islands); anything beyond is a typo, not a zone.
_MAX_OFFSET = timedelta(hours=14)

_ZONE_HOURS = {
    "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "WET": 0, "WEST": 1, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6,
    "EST": -5, "EDT": -4, "CDT": -5, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11,
}
_SEVERAL_ZONES = {
    "CST": "China +8 or US Central -6", "IST": "India +5:30, Ireland +1 or Israel +2",
    "BST": "British Summer +1 or Bangladesh +6", "AST": "Atlantic -4 or Arabia +3",
    "ET": "US Eastern -5 or -4", "MT": "US Mountain -7 or -6", "PT": "US Pacific -8 or -7",
}
# Zones written out in words ("13:36 (Indian Time)", "All times Eastern Daylight Time"), matched in any case.
_LONG_ZONE_HOURS = {
    "coordinated universal time": 0, "greenwich mean time": 0, "british summer time": 1,
    "central european time": 1, "central european summer time": 2, "eastern european time": 2,
    "eastern european summer time": 3, "indian time": 5.5, "india time": 5.5, "india standard time": 5.5,
    "indian standard time": 5.5, "beijing time": 8, "china standard time": 8, "hong kong time": 8,
    "singapore time": 8, "japan standard time": 9, "korea standard time": 9, "eastern standard time": -5,
    "eastern daylight time": -4, "central standard time": -6, "central daylight time": -5,
    "mountain standard time": -7, "mountain daylight time": -6, "pacific standard time": -8,
    "pacific daylight time": -7, "arizona time": -7, "az time": -7,
}
# "Eastern" and "Pacific" alone follow a time as often as "Eastern Time" does ("11:01 am Eastern"); "Central"
# and "Mountain" alone are left out, as they begin other words after a time ("09:00 Central bank ...").
_SEVERAL_LONG_ZONES = {"eastern time": "US Eastern -5 or -4", "central time": "US Central -6 or -5",
                       "mountain time": "US Mountain -7 or -6", "pacific time": "US Pacific -8 or -7",
                       "eastern": "US Eastern -5 or -4", "pacific": "US Pacific -8 or -7"}
# "CT" (US Central) is left out: after a time in a CA report it far more often starts "CT log submission".

_ANY_DIGIT = lazy_compile(r"[0-9]")
# Every pattern is compiled ASCII-only: [0-9] keeps other scripts' digits away from int(), and ASCII case
# folding keeps letters such as the long s from matching a month name that then misses the lookup table.
_FLAGS = re.IGNORECASE | re.ASCII
_SP = r"[ \t\u00a0]"
# Hyphens word processors put between a date's numbers: the non-breaking one (U+2011) and the plain Unicode one.
_HYPHEN = "\u2010\u2011"
# "~09:30", "around 09:30", "approx. 9:30": an approximate time is read as the time it names.
_APPROX = (rf"(?:[~\u2248]{_SP}{{0,2}}|(?:approximately|approx\.|approx|around|about|circa|ca\.)"
           rf"{_SP}{{1,3}})")
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})(?![0-9])"
_MONTH = (r"\b(?P<month_name>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?")
_ORDINAL = r"(?:st|nd|rd|th)?"
_WEEKDAY = rf"(?:\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?{_SP}{{1,3}})?"
# Every month name the date patterns read starts with one of these (the patterns fold only ASCII case, as
# str.lower() does): a text without any cannot hold a date written with a month name.
_MONTH_START = lazy_compile("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_MERIDIEM = r"(?P<meridiem>[ap])\.?m\.?(?![a-z])"
_ZONE_NAMES = "|".join(sorted([*_ZONE_HOURS, *_SEVERAL_ZONES], key=len, reverse=True))
# A zone of one word ("Eastern") ends its phrase: "09:00 eastern europe office" names no zone.
_ENDS_PHRASE = rf"(?={_SP}{{0,2}}(?:[.,;:)\]\u2013\u2014-]|$))"
_LONG_ZONE_NAMES = "(?i:{})".format("|".join(
    name.replace(" ", f"{_SP}{{1,3}}") + (_ENDS_PHRASE if " " not in name else "")
    for name in sorted([*_LONG_ZONE_HOURS, *_SEVERAL_LONG_ZONES], key=len, reverse=True)))
_ZONE_TOKEN = (
    rf"(?P<zone>(?P<base>(?i:utc|gmt))(?:{_SP}?(?P<sign>[+\u2212-])(?P<hours>[0-9]{{1,2}})(?::?(?P<minutes>[0-9]{{2}}))?)?"
    r"|(?P<nsign>[+\u2212-])(?P<nhours>[0-9]{2}):?(?P<nminutes>[0-9]{2})"
    rf"|(?P<name>{_ZONE_NAMES})|(?P<long_name>{_LONG_ZONE_NAMES})|Z)"
    r"(?![A-Za-z0-9]|:[0-9])"
)


@dataclass(frozen=True, slots=True)
class Stamp:
    """A timestamp and where it stands in the text (0-based offsets).

    ``precision`` names the form written: "month" (a month only; ``day`` is its first), "day" (a date only),
    "minute" or "second" (a date and a time), or "time" (a time of day only; ``day`` then comes from the
    enclosing day header, if any). A part that was
    written but cannot be read for sure, such as the date 6/3/2020, the time 25:00 or the zone CST, is None and
    ``ambiguous`` says why. A date whose day and month order alone cannot be told keeps its two ``readings``,
    month first then day first: a timeline keeps one order, so entries can still be compared under each.
    """

    day: date | None
    time: time | None
    precision: str
    offset: timedelta | None
    zone: str | None
    ambiguous: str | None
    start: int
    end: int
    readings: tuple[date, date] | None = None

    def instant(self, default_offset: timedelta | None = None) -> datetime | None:
        """The aware UTC instant, when the day, the time and an offset are known.

        ``default_offset`` (a timeline's declared zone) applies only to stamps that write no zone: a stamp
        written in CST is not made UTC by an "All times are UTC" line.
        """
        offset = self.offset if self.zone is not None else default_offset
        if self.day is None or self.time is None or offset is None:
            return None
        return datetime.combine(self.day, self.time, timezone(offset)).astimezone(UTC)


YearHint = int | date | None
"""What completes a date written without its year ("Oct 25"): a year, or the day the report was written (the
date is then the last such day on or before it, unless it lies just ahead), or nothing (the date stays unread)."""


def find_stamp(text: str, *, day: date | None = None, year: YearHint = None) -> Stamp | None:
    """The first timestamp in ``text`` (a timeline entry, a table row's joined cells, a line). ``day`` is the
    date of an enclosing day header for entries written as time only ("- 09:30 Release deployed"); ``year``
    completes dates written without one ("Oct 25")."""
    text = text[:_LIMIT]
    if not _ANY_DIGIT.search(text):
        return None  # every date and time holds a digit; most lines of prose hold none
    clock = _TIME.search(text)
    # Only a date that starts no later than the first time of day, and no later than the earliest date found so
    # far, can be the stamp. A date's match and the look-arounds it tests span less than _date_reach() characters,
    # so each search can stop there: every match it finds that starts by the bound is the one a search of the
    # whole text finds, and a match after the bound is ignored.
    bound = clock.start() if clock is not None else len(text)
    # What each pattern of _DATES, in order, cannot match without: its separators, or a month name.
    dash, slash, dot, month = "-" in text, "/" in text, "." in text, _MONTH_START.search(text.lower()) is not None
    hyphen = dash or any(mark in text for mark in _HYPHEN)
    possible = (hyphen or slash or dot, dot, dash or slash, month, month, ":" in text, month, month, slash, slash)
    written = None
    reach = _date_reach()
    for pattern, wanted in zip(_DATES, possible):
        if not wanted:
            continue
        found = pattern.search(text, 0, bound + reach)
        if found is None or found.start() > bound:
            continue
        if written is None or (found.start(), -found.end()) < (written.start(), -written.end()):
            written, bound = found, found.start()
    if clock is not None and (written is None or clock.start() < written.start()):
        return _timed(text, clock.start(), clock, day, None, dated=False, attached=False, year=year)
    if written is None:
        return None
    written_day, reason = _read_date(written, year)
    joint = _DATE_TIME_JOINT.match(text, written.end())  # matches always, if only the empty string
    clock = _TIME.match(text, joint.end()) or _DOTTED_TIME.match(text, joint.end())
    if clock is None:
        return Stamp(written_day, None, "day", None, None, reason, written.start(), written.end(),
                     _readings(written, year))
    late_year = None if written.groupdict().get("year") else _YEAR_AFTER_TIME.match(text, clock.end())
    if late_year:
        written_day, reason = _read_date(written, int(late_year["year"]))
    return _timed(text, written.start(), clock, written_day, reason, dated=True, attached=bool(joint["t"]),
                  year=year, zone_from=late_year.end() if late_year else None,
                  readings=_readings(written, int(late_year["year"]) if late_year else year))


def day_header(text: str, year: YearHint = None) -> date | None:
    """The date of a day-header line such as "2024-02-12:" or "**2024-02-12**" or "June 25, 2020:" or
    "20230306" (a line that is only a date, optionally followed by a colon)."""
    core = text[:_LIMIT].strip(" \t\r\n\u00a0#>*_:")
    for pattern in (*_DATES, _COMPACT_DAY):
        found = pattern.fullmatch(core)
        if found:
            return _read_date(found, year)[0]
    return None


def month_at_start(text: str) -> Stamp | None:
    """A month written without a day at the very start of ``text`` (markup and list markers already gone),
    perhaps in brackets ("[2021-02] ..."): a stamp of precision "month" whose day is the month's first, or None.
    A full date there is not a month."""
    core = text[:_LIMIT]
    opening = 1 if core[:1] in ("[", "(") else 0
    for pattern in _MONTH_ONLY:
        found = pattern.match(core, opening)
        if found:
            month = int(found["month"]) if found.groupdict().get("month") else \
                month_number(found["month_name"])
            return Stamp(date(int(found["year"]), month, 1), None, "month", None, None, None, opening, found.end())
    return None


def month_header(text: str) -> date | None:
    """The first day of the month of a month-header line ("2017-10:", "**October 2017**"): a line that is
    only a month, optionally followed by a colon."""
    core = text[:_LIMIT].strip(" \t\r\n\u00a0#>*_:")
    stamp = month_at_start(core)
    return stamp.day if stamp is not None and stamp.end == len(core) else None


def header_with_entry(text: str, year: YearHint = None) -> tuple[date, str] | None:
    """A day header and the first entry of that day written on one line ("2024-11-05: - 09:12 CPR received",
    "**2024-11-05:** 09:12 ..."): the header's day and the entry's text, which starts with its time."""
    core = text[:_LIMIT].lstrip(" \t\u00a0#>*_")
    written = _date_at(core, 0)
    joint = _HEADER_JOINT.match(core, written.end()) if written else None
    if joint is None or not (_TIME.match(core, joint.end()) or _DOTTED_TIME.match(core, joint.end())):
        return None
    day = _read_date(written, year)[0]
    return (day, core[joint.end():]) if day else None


#: Words a stamp may go on with: its zone, a meridiem, the end of a range, a time after its date.
_GOES_ON = tuple(sorted({*(name.lower() for name in (*_ZONE_HOURS, *_SEVERAL_ZONES)), *_LONG_ZONE_HOURS,
                         *_SEVERAL_LONG_ZONES, "utc", "gmt", "z", "am", "pm", "a.m.", "p.m.", "to", "until", "till",
                         "at", "around", "approximately", "approx.", "about", "circa", "ca.", "hrs", "hours", "h",
                         "local", "time", "on"}))


def may_go_on(shown: str) -> bool:
    """Whether ``shown``, the text after a stamp where a copied text stops, may begin more of the stamp (a zone, a
    meridiem, the end of a range, a time after a date): what the stamp lacks may then stand past the cut.
    "07:30 U" may be "07:30 UTC"; "07:30 Check" has begun its event, with no zone."""
    rest = shown.lstrip(" \t\u00a0*_:;,|\u2013\u2014-").lower()
    if not rest or not rest[0].isalpha():
        return True  # a digit, a sign or a bracket may begin an offset, a time or a range's end
    return any(word.startswith(rest) or rest.startswith(word + " ") for word in _GOES_ON)


def declared_zone(text: str, *, title: bool = False) -> tuple[timedelta | None, str | None] | None:
    """A timeline's declaration of the zone its entries use: "All times are UTC", "All times in UTC+8",
    "Times are in CET", "(all times UTC)", "Timezone: UTC", or a column heading "Time (UTC)"; in the timeline's
    ``title``, also a zone alone in brackets or after a colon or dash ("Timeline (UTC)", "Timeline: UTC+8").
    Returns (offset, ambiguity reason) or None when the text declares nothing; an ambiguous abbreviation gives
    (None, reason)."""
    text = text[:_DECLARATION_LIMIT]
    found = [match for match in (_DECLARATION.search(text), _ZONE_HEADING.search(text),
                                 _TITLE_ZONE.search(text) if title else None) if match]
    if not found:
        return None
    return _read_zone(min(found, key=lambda match: match.start()))


def _timed(text: str, start: int, clock: re.Match[str], day: date | None, date_reason: str | None, *,
           dated: bool, attached: bool, year: YearHint, zone_from: int | None = None,
           readings: tuple[date, date] | None = None) -> Stamp:
    """The stamp whose time of day is ``clock``, with the zone after it (or after the end of the range it
    starts) and, for a time written first, the date after that ("14:43 UTC on June 25, 2020"). ``zone_from``
    is where the zone may stand when something else follows the time (the year of "Dec  7 16:37 2022 GMT")."""
    value, time_reason = _read_time(clock)
    end = clock.end() if zone_from is None else zone_from
    offset = zone = zone_reason = None
    found = _ZONE.match(text, end)
    # "10:00-11:00" is a range of times, not 10:00 at UTC-11: a bare offset touching a time only counts in the
    # ISO form ("2024-10-16T19:56+08:00") or after seconds, where ranges are not written.
    if not (found and (attached or _part(clock, "second") or found["gap"] or found["open"] or not found["nsign"])):
        found = _range_zone(text, end)
    if found:
        offset, zone_reason = _read_zone(found)
        zone, end = found["zone"], found.end()
    joint = None if dated else _TIME_DATE_JOINT.match(text, end)
    written = _date_at(text, joint.end()) if joint else None
    if written:
        (day, date_reason), end, dated = _read_date(written, year), written.end(), True
        readings = _readings(written, year)
        late_zone = _ZONE.match(text, end) if zone is None else None
        if late_zone and (late_zone["gap"] or late_zone["open"]) and not late_zone["nsign"]:
            (offset, zone_reason), zone, end = _read_zone(late_zone), late_zone["zone"], late_zone.end()
        if joint["unknown_zone"] and zone is None:  # a zone is written, but not one that can be read: no guess
            zone, zone_reason = joint["unknown_zone"], f"zone {joint['unknown_zone']} is not one irlint can read"
    if zone_reason and zone is not None and day is not None:
        told = _us_local_offset(zone, day)
        if told is not None:
            offset, zone_reason = told, None
    precision = "time" if not dated else "second" if _part(clock, "second") else "minute"
    reasons = "; ".join(reason for reason in (date_reason, time_reason, zone_reason) if reason)
    return Stamp(day, value, precision, offset, zone, reasons or None, start, end, readings)


# US zones named without saying standard or daylight time ("9:00 PT", "Eastern Time"): the local clock of that
# zone, so the day tells which of the two offsets it kept. Their standard offsets.
_US_LOCAL_ZONES = {"et": -5, "eastern time": -5, "eastern": -5, "central time": -6, "mt": -7, "mountain time": -7,
                   "pt": -8, "pacific time": -8, "pacific": -8}


def _us_local_offset(zone: str, day: date) -> timedelta | None:
    """The offset a US zone named without standard or daylight kept on ``day`` (daylight time from the second
    Sunday of March to the first Sunday of November since 2007, from the first Sunday of April to the last Sunday
    of October from 1987 to 2006). None for any other zone, an earlier year, or a day the clocks changed, when
    the hour decides."""
    standard = _US_LOCAL_ZONES.get(" ".join(zone.lower().split()))
    if standard is None or day.year < 1987:
        return None
    if day.year >= 2007:
        start, end = _sunday(day.year, 3, 2), _sunday(day.year, 11, 1)
    else:
        start, end = _sunday(day.year, 4, 1), _sunday(day.year, 10, -1)
    if day in (start, end):
        return None
    return timedelta(hours=standard + (1 if start < day < end else 0))


def _sunday(year: int, month: int, nth: int) -> date:
    """The nth Sunday of a month (-1: the last)."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def _range_zone(text: str, position: int) -> re.Match[str] | None:
    """The zone written after the end of the range of times that starts before ``position``, if any."""
    joint = _RANGE_END.match(text, position)
    closing = _TIME.match(text, joint.end()) if joint else None
    if closing is None or _read_time(closing)[0] is None:
        return None
    found = _ZONE.match(text, closing.end())
    return found if found and (found["gap"] or found["open"] or not found["nsign"]) else None


def _part(clock: re.Match[str], name: str) -> str | None:
    """A part of a time of day, whichever of _TIME's or _DOTTED_TIME's forms wrote it."""
    groups = clock.groupdict()
    return groups.get(name) or groups.get({"hour": "short_hour", "minute": "dotted_minute",
                                           "meridiem": "short_meridiem"}.get(name, ""))


def _date_at(text: str, position: int) -> re.Match[str] | None:
    return next((found for found in (pattern.match(text, position) for pattern in _DATES) if found), None)


def _read_date(found: re.Match[str], year_hint: YearHint = None) -> tuple[date | None, str | None]:
    if found.groupdict().get("short_year"):
        return _read_short_year_date(found)
    written_year = found.groupdict().get("year")
    if written_year is None and year_hint is None:
        return None, f"the year of {found.group().strip()} is not written"
    if "first" in found.re.groupindex:
        first, second = int(found["first"]), int(found["second"])
        if first <= 12 and second <= 12 and first != second:
            return None, f"day and month order of {found.group()} cannot be told"
        day, month = (first, second) if second <= 12 else (second, first)
    else:
        day = int(found["day"])
        month = int(found["month"]) if "month" in found.re.groupindex else month_number(found["month_name"])
    year = int(written_year) if written_year else _year_of(month, day, year_hint)
    if year is None:
        return None, f"the year of {found.group().strip()} is not written"
    try:
        return date(year, month, day), None
    except ValueError:
        return None, f"{found.group()} is not a calendar date"


def _year_of(month: int, day: int, hint: int | date) -> int | None:
    """The year of a month and day written without one: the hint's; or, for the day the report was written, the
    year of the last such day on or before it ("Dec 18" in a report of January 5 is the December before). A day
    that would lie ahead of the report by less than it lies behind it a year earlier ("Nov 15" in a report of
    November 10) may be a plan or last year's event: None, unread."""
    if not isinstance(hint, date):
        return hint
    readings = []
    for year in (hint.year - 1, hint.year, hint.year + 1):
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue  # February 29 outside a leap year
    past = [reading for reading in readings if reading <= hint]
    if not past:
        return None
    nearest = min(readings, key=lambda reading: (abs((reading - hint).days), reading > hint))
    return nearest.year if nearest == past[-1] else None


def _readings(found: re.Match[str], year_hint: YearHint = None) -> tuple[date, date] | None:
    """Both days a numeric date can be when its day and month order alone cannot be told ("07/02/2022"): month
    first, then day first. None for any other date."""
    if "first" not in found.re.groupindex or found.groupdict().get("short_year"):
        return None
    first, second = int(found["first"]), int(found["second"])
    written_year = found.groupdict().get("year")
    if not (first <= 12 and second <= 12 and first != second) or (written_year is None and year_hint is None):
        return None
    years = [int(written_year) if written_year else _year_of(month, day, year_hint)
             for month, day in ((first, second), (second, first))]
    if None in years:
        return None
    return date(years[0], first, second), date(years[1], second, first)


def _read_short_year_date(found: re.Match[str]) -> tuple[date | None, str | None]:
    """A slashed date with a two-digit year ("3/28/19"), read when exactly one of the orders in use (month
    first, day first, year first) makes a calendar date."""
    first, second, last = int(found["first"]), int(found["second"]), int(found["short_year"])
    readings = set()
    for year, month, day in ((2000 + last, first, second), (2000 + last, second, first), (2000 + first, second, last)):
        try:
            readings.add(date(year, month, day))
        except ValueError:
            continue
    if len(readings) == 1:
        return readings.pop(), None
    if not readings:
        return None, f"{found.group()} is not a calendar date"
    return None, f"day and month order of {found.group()} cannot be told"


def _read_time(clock: re.Match[str]) -> tuple[time | None, str | None]:
    hour, minute = int(_part(clock, "hour")), int(_part(clock, "minute") or 0)
    second, meridiem = int(_part(clock, "second") or 0), _part(clock, "meridiem")
    impossible = f"{clock.group()} is not a time of day"
    if meridiem:
        if not 1 <= hour <= 12:
            return None, impossible
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None, impossible
    return time(hour, minute, second), None


def _read_zone(found: re.Match[str]) -> tuple[timedelta | None, str | None]:
    """The UTC offset of a zone token (local time = UTC + offset, so "UTC+8" is +8 hours) or why it is unknown."""
    name, sign = found["name"], found["sign"] or found["nsign"]
    if found["long_name"]:
        words = " ".join(found["long_name"].lower().split())
        if words in _SEVERAL_LONG_ZONES:
            return None, f"zone {found['long_name']} names several offsets ({_SEVERAL_LONG_ZONES[words]})"
        return timedelta(hours=_LONG_ZONE_HOURS[words]), None
    if name in _SEVERAL_ZONES:
        return None, f"zone abbreviation {name} names several zones ({_SEVERAL_ZONES[name]})"
    if name:
        return timedelta(hours=_ZONE_HOURS[name]), None
    if not sign:
        return timedelta(0), None
    minutes = int(found["minutes"] or found["nminutes"] or 0)
    offset = timedelta(hours=int(found["hours"] or found["nhours"]), minutes=minutes)
    if minutes > 59 or offset > _MAX_OFFSET:
        return None, f"{found['zone']} is not a UTC offset"
    return -offset if sign != "+" else offset, None


# The expressions of the stamp grammar, each compiled when first used: most texts linted hold no timeline, and
# compiling them all took every start of irlint about 20 ms.
_DATES = tuple(lazy_compile(pattern, _FLAGS) for pattern in (
    rf"(?<![0-9]){_YEAR}(?P<sep>[-/.{_HYPHEN}])(?P<month>[0-9]{{1,2}})(?P=sep)(?P<day>[0-9]{{1,2}})(?![0-9])",
    rf"(?<![0-9.])(?P<day>[0-9]{{1,2}})\.(?P<month>[0-9]{{1,2}})\.{_YEAR}",
    rf"(?<![0-9/-])(?P<first>[0-9]{{1,2}})(?P<sep>[/-])(?P<second>[0-9]{{1,2}})(?P=sep){_YEAR}",
    rf"{_WEEKDAY}(?<![0-9])(?P<day>[0-9]{{1,2}}){_ORDINAL}[ \t\u00a0,-]{{1,3}}(?:of{_SP}{{1,3}})?{_MONTH}"
    rf"[ \t\u00a0,-]{{1,3}}{_YEAR}",
    rf"{_WEEKDAY}{_MONTH}{_SP}{{1,3}}(?P<day>[0-9]{{1,2}}){_ORDINAL}[.,]?{_SP}{{1,3}}{_YEAR}",
    # ISO 8601 basic form ("20210920 09:45", "20211004 ~14:00"), only before a time: alone, eight digits are
    # more often a number (a file name's, a serial's).
    rf"(?<![0-9])(?P<year>(?:19|20)[0-9]{{2}})(?P<month>[01][0-9])(?P<day>[0-3][0-9])"
    rf"(?=,?(?:T|{_SP}{{1,3}}{_APPROX}?)[0-9]{{1,2}}:[0-9]{{2}})",
    # Without a year, as short timelines write them ("Oct 25 - ...", "10/24 13:15 UTC ..."): the year comes
    # from the caller. A bare "10/24" is only taken before a time, where it cannot be a fraction or a ratio.
    # A colon may close the date ("Oct 25: ..."), but not open a time ("May 12:30" is no day 12).
    rf"{_WEEKDAY}{_MONTH}{_SP}{{1,3}}(?P<day>[0-9]{{1,2}}){_ORDINAL}(?![0-9/.]|:[0-9])",
    rf"{_WEEKDAY}(?<![0-9])(?P<day>[0-9]{{1,2}}){_ORDINAL}{_SP}{{1,3}}(?:of{_SP}{{1,3}})?{_MONTH}(?![0-9])",
    rf"(?<![0-9/.-])(?P<first>[0-9]{{1,2}})/(?P<second>[0-9]{{1,2}})(?![0-9/])"
    rf"(?={_SP}{{1,3}}[0-9]{{1,2}}:[0-9]{{2}})",
    # US style with a two-digit year ("12/17/19"): read only when one order alone makes a calendar date.
    r"(?<![0-9/.-])(?P<first>[0-9]{1,2})/(?P<second>[0-9]{1,2})/(?P<short_year>[0-9]{2})(?![0-9/])",
))


@cache
def _date_reach() -> int:
    """Longer than any date pattern's match plus the few characters its look-aheads and word boundaries read after
    it."""
    return max(max_width(pattern) for pattern in _DATES) + 16


#: A time of day: "14:43", "14:43:07.5", "7:36 PM"; and, written with a dot or as an hour alone, only where a meridiem
#: or a zone says it is a time ("3.45 p.m.", "14.00 UTC", "11 a.m."): "3.45" alone is a number.
_TIME = lazy_compile(
    r"(?<![0-9:])(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:\.[0-9]{1,9})?)?"
    rf"(?![0-9]|:[0-9])(?:{_SP}{{0,2}}{_MERIDIEM})?"
    rf"|(?<![0-9A-Za-z:.,/-])(?P<short_hour>[0-9]{{1,2}})(?:\.(?P<dotted_minute>[0-5][0-9])(?![0-9]|[.,][0-9]))?"
    rf"(?:{_SP}{{0,2}}{_MERIDIEM.replace('meridiem', 'short_meridiem')}"
    rf"|(?(dotted_minute)(?={_SP}{{0,2}}\(?(?:utc|gmt|{_ZONE_NAMES})(?![A-Za-z]))|(?!)))", _FLAGS)
#: After a date, a dotted time needs nothing more ("3/8/2019 12.30"): a date is followed by its time, not by a decimal
#: number.
_DOTTED_TIME = lazy_compile(r"(?P<hour>[0-9]{1,2})\.(?P<minute>[0-5][0-9])(?![0-9]|[.,][0-9]|%)"
                            rf"(?:{_SP}{{0,2}}{_MERIDIEM})?", _FLAGS)
#: "09:00-10:30 UTC", "21:23 to 21:40 UTC": the zone written after a range's end is its start's zone too.
_RANGE_END = lazy_compile(rf"{_SP}{{0,3}}(?:[\u2013\u2014-]|to|until|till){_SP}{{0,3}}", _FLAGS)
#: The year some programs write after the time ("Dec  7 16:37:03 2022 GMT").
_YEAR_AFTER_TIME = lazy_compile(rf"{_SP}{{1,2}}{_YEAR}")
#: What stands between a date and its time: "T"; or blanks around a comma, dash, table cell border, "(", "at" or a day
#: header's colon ("2024-11-05: - 09:12"); then perhaps a word that makes the time approximate.
_DATE_TIME_JOINT = lazy_compile(
    rf"(?P<t>T)|{_SP}{{0,3}}(?:[,|(\u2013\u2014-]|:{_SP}{{0,3}}[-*\u2022\u2013\u2014]?)?{_SP}{{0,3}}"
    rf"(?:(?:at|@){_SP}{{0,3}})?{_APPROX}?", _FLAGS)
#: A day header's colon, emphasis around it, and perhaps the first entry's own list marker.
_HEADER_JOINT = lazy_compile(rf"[*_]{{0,2}}{_SP}{{0,2}}:[*_]{{0,2}}{_SP}{{0,3}}(?:[-*\u2022\u2013\u2014]{_SP}{{1,3}})?"
                             rf"{_APPROX}?")
#: A zone the grammar does not know ("9pm AZ on 3/6/2019") may stand between: the date is still the stamp's.
_TIME_DATE_JOINT = lazy_compile(
    rf",?{_SP}{{1,3}}(?:(?P<unknown_zone>(?-i:[A-Z]{{2,4}})){_SP}{{1,3}}(?=on\b))?"
    rf"(?:on{_SP}{{1,3}}(?:the{_SP}{{1,3}})?)?", _FLAGS)
_ZONE = lazy_compile(rf"(?P<gap>{_SP}{{0,2}})(?P<open>\()?{_ZONE_TOKEN}(?(open)\))", re.ASCII)
#: Bare "times" must be led by "all" or followed by a verb, so that "three times in CET" declares nothing.
_DECLARATION = lazy_compile(
    rf"(?i:\ball{_SP}{{1,3}}(?:times|timestamps)(?:{_SP}{{1,3}}(?:listed|given|shown|below|here))?"
    rf"(?:{_SP}{{1,3}}(?:are|is))?|\b(?:times|timestamps)(?:{_SP}{{1,3}}(?:listed|given|shown|below|here|above))?"
    rf"{_SP}{{1,3}}(?:are|is)|\btime{_SP}?zone(?:{_SP}{{1,3}}is)?)"
    rf"(?:{_SP}{{1,3}}(?i:listed|given|shown|written|expressed|stated))?(?:{_SP}{{1,3}}(?i:in|at))?"
    rf"(?:{_SP}{{1,3}}|{_SP}{{0,2}}[:=]{_SP}{{0,3}}){_ZONE_TOKEN}", re.ASCII)
#: A timeline's title naming the zone of its times: "Timeline (UTC)", "Timeline: (in UTC+8)", "Timeline - CET".
_TITLE_ZONE = lazy_compile(
    rf"(?:(?P<bracket>[(\[])|[:\u2013\u2014]|{_SP}-){_SP}{{0,3}}(?i:in{_SP}{{1,3}})?{_ZONE_TOKEN}{_SP}{{0,2}}"
    rf"(?(bracket)[)\]]|(?:[*_:.]|{_SP})*$)", re.ASCII)
#: A table's column heading such as "Time (UTC)" or "Date/Time (UTC+8)" declares the zone of the rows below.
_ZONE_HEADING = lazy_compile(rf"\b(?i:date|time|timestamp)s?{_SP}{{0,2}}\({_SP}{{0,2}}{_ZONE_TOKEN}{_SP}{{0,2}}\)",
                             re.ASCII)
#: ISO 8601's basic form alone on a day header's line ("20230306"): a line that is only eight such digits is a date.
_COMPACT_DAY = lazy_compile(r"(?P<year>(?:19|20)[0-9]{2})(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12][0-9]|3[01])",
                            re.ASCII)
#: A month written without a day: "2017-10", "2017/10", "October 2017", "Oct. 2017". The numeric form must not
#: continue as a day ("2017-10-05") or a range of numbers; month names read as in the day patterns.
_MONTH_ONLY = (
    lazy_compile(rf"(?<![0-9]){_YEAR}[-/{_HYPHEN}](?P<month>0[1-9]|1[0-2])(?![0-9]|[-/.{_HYPHEN}])", _FLAGS),
    lazy_compile(rf"{_MONTH},?{_SP}{{1,3}}{_YEAR}", _FLAGS),
)
