"""A CA's history in the component, year by year (the year each bug was filed): how many incidents, how many of
its Full reports had a weak root cause or remediation (a C or R rule's finding), how long Full reports took from
filing, how many updates came late or are overdue now, and how many incidents repeat one of its own earlier ones.

What the charts of the HTML page draw and what ``scan --ca NAME --format json`` gives under "history" are the
same values: the page draws this mapping and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import median
from typing import TYPE_CHECKING, Any

from linter.related import strong_matches_of

if TYPE_CHECKING:
    from linter.bugs.scan import BugRow
    from linter.bugzilla.cache import Cache

#: The series, in the order the page draws them: key, title, unit.
SERIES = (
    ("incidents", "Incidents filed", "bugs"),
    ("weak_analysis_share", "Full reports with a weak root cause or remediation", "%"),
    ("median_days_to_full_report", "Median days from filing to the Full report", "days"),
    ("overdue_updates", "Updates overdue now or late (P001, P004, P006)", "updates"),
    ("repeats", "Repeats of the CA's own earlier incidents", "bugs"),
)


def history(name: str, rows: Sequence[BugRow], repeats: Mapping[int, Sequence[int]] | None = None) -> dict[str, Any]:
    """The history of the bugs ``rows`` (a CA's, or the whole component's); ``repeats`` maps each bug that repeats
    an earlier incident of its CA to those incidents, None when repeats were not looked for."""
    dated = [row for row in rows if row.created is not None]
    years = list(range(min(r.created.year for r in dated), max(r.created.year for r in dated) + 1)) if dated else []
    by_year: dict[int, list[BugRow]] = {year: [] for year in years}
    for row in dated:
        by_year[row.created.year].append(row)
    series: dict[str, list[float | int | None]] = {key: [] for key, _, _ in SERIES}
    for year in years:
        bugs = by_year[year]
        series["incidents"].append(len(bugs))
        series["weak_analysis_share"].append(_share(bugs))
        series["median_days_to_full_report"].append(_median(bugs))
        series["overdue_updates"].append(sum(_overdue(row) for row in bugs))
        series["repeats"].append(sum(row.id in repeats for row in bugs) if repeats is not None else None)
    judged = [row for row in rows if row.weak_analysis is not None]
    return {
        "name": name, "bugs": len(rows), "open": sum(row.is_open for row in rows), "years": years,
        "series": series,
        "totals": {"incidents": len(rows), "weak_analysis_share": _share(rows),
                   "full_reports_judged": len(judged), "median_days_to_full_report": _median(rows),
                   "overdue_now": sum(row.overdue for row in rows), "late_updates": sum(r.late_updates for r in rows),
                   "overdue_updates": sum(_overdue(row) for row in rows),
                   "repeats": len(repeats) if repeats is not None else None},
        "repeats": None if repeats is None else [{"bug": bug, "earlier": list(earlier)}
                                                 for bug, earlier in sorted(repeats.items())],
    }


def _overdue(row: BugRow) -> int:
    return int(row.overdue) + row.late_updates


def _share(rows: Sequence[BugRow]) -> float | None:
    judged = [row.weak_analysis for row in rows if row.weak_analysis is not None]
    return round(100 * sum(judged) / len(judged), 1) if judged else None


def _median(rows: Sequence[BugRow]) -> float | None:
    found = [row.full_report_days for row in rows if row.full_report_days is not None]
    return round(median(found), 1) if found else None


#: Most bugs whose repeats are looked for: each look searches the related-incidents index once.
MOST_REPEAT_LOOKS = 400


def repeats_in(cache: Cache, rows: Sequence[BugRow]) -> dict[int, list[int]] | None:
    """For each bug of ``rows`` that repeats its CA's own earlier incident (a strong match, as P008 finds it), those
    incidents; None when the cache holds no synced component or there are too many bugs to look at."""
    if len(rows) > MOST_REPEAT_LOOKS:
        return None
    matches = strong_matches_of(cache, [row.id for row in rows])
    if matches is None:
        return None
    found: dict[int, list[int]] = {}
    for row in rows:
        earlier = [number for number, _, same_ca in matches.get(row.id, ()) if same_ca]
        if earlier:
            found[row.id] = earlier
    return found
