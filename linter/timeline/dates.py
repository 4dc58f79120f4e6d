"""Calendar dates written the ways incident reports write them.

Only forms whose day and month order is certain are read: ISO 8601 (2024-05-06, 2024/05/06, also with the
non-breaking hyphen U+2011 word processors insert), the dotted
European day-first form (06.05.2024), and dates with a month name (May 6, 2024; 6th May 2024).
Slashed numeric dates such as 6/5/2024 are left alone: their order cannot be told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from linter.lazy_regex import lazy_compile

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")), 1)
    for name in names
}
# Case-insensitive matching also takes the letters Unicode folds onto ASCII ones ("Auguſt", "Aprİl"): the table is
# looked up with them folded the same way.
_FOLDED = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"})


def month_number(name: str) -> int | None:
    """The month a name or abbreviation names ("Sept", "december", "Auguſt"), None for any other word."""
    return _MONTHS.get(name.translate(_FOLDED).lower())


# Written as a prefix tree: the regex engine tries alternatives one by one, at every position.
_MONTH = (r"(?P<month_name>jan(?:uary)?|feb(?:ruary)?|ma(?:r(?:ch)?|y)|apr(?:il)?|ju(?:n(?:e)?|l(?:y)?)"
          r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_ORDINAL = r"(?:st|nd|rd|th)?"
# Gaps are bounded (at most five blanks) so that every date fits in a window around its year; see find_dates.
_GAP = r"\s{1,5}"
# Each form's (pattern, flags), kept as text: the forms that end at their year below are made from them without
# compiling them.
_FORMS = (
    (r"(?<![\d.])(?P<year>(?:19|20)\d{2})[-/.\u2010\u2011](?P<month>\d{1,2})[-/.\u2010\u2011](?P<day>\d{1,2})(?![\d])",
     0),
    (r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d{2})(?![\d])", 0),
    (r"\b" + _MONTH + _GAP + r"(?P<day>\d{1,2})" + _ORDINAL + r",?" + _GAP + r"(?P<year>(?:19|20)\d{2})\b",
     re.IGNORECASE),
    (r"\b(?P<day>\d{1,2})" + _ORDINAL + _GAP + r"(?:of" + _GAP + r")?" + _MONTH + r",?" + _GAP
     + r"(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE),
)
_PATTERNS = tuple(lazy_compile(pattern, flags) for pattern, flags in _FORMS)
# Every date holds a year: the patterns are tried only around each year, and only the forms the characters
# next to the year allow. The forms that end with their year are tried ending exactly there (``\Z`` with the
# year's end as the end of the search); what must follow the year is tested on its own.
_YEAR = lazy_compile(r"(?:19|20)\d\d")
_ISO = _PATTERNS[0]
_DOTTED, _NAMED, _DAY_FIRST = (lazy_compile(pattern.removesuffix(tail) + r"\Z", flags)
                               for (pattern, flags), tail in zip(_FORMS[1:], (r"(?![\d])", r"\b", r"\b"), strict=True))
_BEFORE_YEAR = 40  # the longest date text before its year: "30th of September, " with the widest gaps


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date and where it stands in the text (0-based offsets)."""

    value: date
    start: int
    end: int


def find_dates(text: str) -> list[FoundDate]:
    """Every certain calendar date in ``text``, in order of position; impossible dates are skipped."""
    found: dict[int, FoundDate] = {}
    for year in _YEAR.finditer(text):
        start, end = year.span()
        before, after = text[start - 1:start] if start else "", text[end:end + 1]
        candidates = []
        if after in ("-", "/", ".", "\u2010", "\u2011"):
            candidates.append(_ISO.match(text, start))
        if before == "." and not after.isdecimal():
            candidates.append(_DOTTED.search(text, max(0, start - 6), end))
        elif before.isspace() and not (after.isalnum() or after == "_"):
            window = max(0, start - _BEFORE_YEAR)
            candidates += (_NAMED.search(text, window, end), _DAY_FIRST.search(text, window, end))
        for match in candidates:
            if match is None or match.start() in found:
                continue
            parts = match.groupdict()
            month = int(parts["month"]) if parts.get("month") else month_number(parts["month_name"])
            try:
                value = date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue
            found[match.start()] = FoundDate(value, match.start(), match.end())
    return [found[key] for key in sorted(found)]
