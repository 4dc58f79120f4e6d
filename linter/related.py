"""Related and repeat incidents: the cached incidents most like one bug or draft, in the two groups the CCADB
guidelines and reviewers ask about -- other CAs' incidents of the two years before the report, and the same CA's
own earlier incidents (a repeat), whatever their age.

The query is the subject's most telling words: each word of its index row (``linter.bugzilla.index``) weighed by
the field it is in and by how rare it is across the component, the template's own vocabulary (headings, field
labels) and words most incidents share left out, so that what is matched is the failure described, not the form
of the report. Each suggestion says which of those words it shares, and how much of the query's weight they carry.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from linter.bugzilla.cache import INDEX_WEIGHTS, Cache
from linter.bugzilla.index import IndexedBug, indexed, terms
from linter.bugzilla.sync import DEFAULT_COMPONENT, DEFAULT_PRODUCT, scope_key
from linter.report.templates import TEMPLATES

#: Words of the query: enough to say what went wrong, few enough that each counts.
QUERY_TERMS = 24
#: A word in more than this share of the component's incidents (and more than COMMON_FLOOR of them: a handful of
#: cached bugs share most words) says nothing of this one.
COMMON = 0.1
COMMON_FLOOR = 20
#: Candidates read from the index before the groups are formed.
CANDIDATES = 300
#: How many years back an incident counts as related, and how many of each group are listed.
YEARS = 2
LIMIT = 5
#: The share of the query's weight a suggestion must share to count as a strong match (review questions, R-rule).
STRONG = 0.3
#: Words every incident report uses, whatever went wrong, besides the template's own.
_REPORT_WORDS = frozenset(terms("""
incident report bug bugzilla mozilla ccadb certificate certificates ca issued issue issuance issuing customer
subscriber affected impact timeline root cause analysis action item due date status complete ongoing preliminary
full closure summary utc time hour day week month year we our us team update updated comment comments
date-and-time-stamped sequence relevant event particular requirement applicable document changed introduced
became aware problem stopped explanation mistake step taking resolve situation ensure future accompanied
""")) | {"ca-compliance"}
_COMPANY = frozenset(terms("inc ltd llc gmbh corp corporation co sa ag limited plc bv nv srl spa as oy ab kk"))


@dataclass(frozen=True)
class Suggestion:
    """One incident like the subject."""

    bug_id: int
    ca: str
    created: str
    title: str
    status: str
    #: The index's score (higher is better) and the share of the query's weight the shared words carry.
    score: float
    share: float
    matched: tuple[str, ...]

    @property
    def strong(self) -> bool:
        return self.share >= STRONG


@dataclass(frozen=True)
class Related:
    """What ``related`` found for a bug or a draft."""

    subject: str
    ca: str
    day: date
    years: int
    query: tuple[str, ...]
    other_cas: tuple[Suggestion, ...]
    same_ca: tuple[Suggestion, ...]
    #: False when SQLite lacks FTS5 and the index was read by a plain scan.
    full_text: bool


@lru_cache(maxsize=1)
def _template_words() -> frozenset[str]:
    words: set[str] = set()
    for template in TEMPLATES:
        texts = [template.name, *template.markers, *(section.title for section in template.sections)]
        texts += [label for spec in template.fields for label in spec.labels]
        for text in texts:
            words.update(terms(text))
    return frozenset(words) | _REPORT_WORDS


def same_ca(one: str, other: str) -> bool:
    """Whether two bug titles' CA names name the same CA ("Example Trust" and "Example Trust Inc.")."""
    first, second = ([t for t in terms(name) if t not in _COMPANY] for name in (one, other))
    if not first or not second:
        return False
    shorter, longer = sorted((first, second), key=len)
    return longer[:len(shorter)] == shorter


def query_of(row: IndexedBug, total: int, counts: dict[str, int]) -> dict[str, float]:
    """The subject's most telling words, with their weights (field weight x count x rarity)."""
    boilerplate = _template_words()
    weights: dict[str, float] = {}
    for field, weight in INDEX_WEIGHTS.items():
        for term in getattr(row, field).split():
            weights[term] = weights.get(term, 0.0) + weight
    scored = {}
    for term, weight in weights.items():
        seen = counts.get(term, 0)
        if term in boilerplate or seen == 0 or seen > max(COMMON * total, COMMON_FLOOR):
            continue
        scored[term] = math.log1p(weight) * math.log(1 + total / seen)
    return dict(sorted(scored.items(), key=lambda item: -item[1])[:QUERY_TERMS])


def related_to_bug(cache: Cache, bug_id: int, *, years: int = YEARS, limit: int = LIMIT) -> Related:
    """The incidents like cached bug ``bug_id``."""
    cache.index_missing()
    row = cache.indexed_bugs([bug_id]).get(bug_id)
    if row is None:
        raise LookupError(f"bug {bug_id} is not in the cache: run irlint scan (or irlint bug {bug_id}) first")
    return _related_to_row(cache, row, cache.term_counts(), years, limit)


def _related_to_row(cache: Cache, row: IndexedBug, term_counts: tuple[int, dict[str, int]], years: int,
                    limit: int) -> Related:
    day = date.fromisoformat(row.created) if row.created else date.today()
    return _related(cache, row, f"bug {row.bug_id}", day, years, limit, term_counts)


def related_to_text(cache: Cache, text: str, name: str, *, ca: str = "", day: date, years: int = YEARS,
                    limit: int = LIMIT) -> Related:
    """The incidents like a draft report; ``ca`` names its CA (for the repeats), ``day`` is its report date."""
    cache.index_missing()
    row = indexed({"id": 0, "summary": f"{ca}: " if ca else "", "creation_time": day.isoformat()},
                  [{"count": 0, "raw_text": text}])
    return _related(cache, row, name, day, years, limit, cache.term_counts())


def _related(cache: Cache, row: IndexedBug, subject: str, day: date, years: int, limit: int,
             term_counts: tuple[int, dict[str, int]]) -> Related:
    """``term_counts``: the cache's ``term_counts()``, read once by a caller that asks about many bugs."""
    query = query_of(row, *term_counts)
    found = [(bug_id, score) for bug_id, score in cache.search_index(list(query), CANDIDATES)
             if bug_id != row.bug_id]
    rows = cache.indexed_bugs([bug_id for bug_id, _ in found])
    since = (day - timedelta(days=round(365.25 * years))).isoformat()
    weight = sum(query.values()) or 1.0
    other, own = [], []
    for bug_id, score in found:
        candidate = rows.get(bug_id)
        if candidate is None or not candidate.created or candidate.created > day.isoformat():
            continue  # only what was there before the subject
        if row.bug_id and candidate.bug_id > row.bug_id and candidate.created == row.created:
            continue  # filed the same day, after it (bug ids grow)
        repeat = same_ca(row.ca, candidate.ca)
        if not repeat and candidate.created < since:
            continue
        group = own if repeat else other
        if len(group) >= limit:
            continue
        words = set(f"{candidate.failure} {candidate.summary} {candidate.body}".split())
        matched = tuple(term for term in query if term in words)
        data = cache.bug_json(bug_id) or {}
        group.append(Suggestion(bug_id, candidate.ca, candidate.created, str(data.get("summary") or ""),
                                str(data.get("status") or ""), score,
                                sum(query[term] for term in matched) / weight, matched))
    return Related(subject, row.ca, day, years, tuple(query), tuple(other), tuple(own), cache.full_text)


def component_synced(cache: Cache) -> bool:
    """Whether the cache holds the synced component (``irlint scan``): else there is nothing to compare with."""
    return cache.get_meta(f"sync.mark:{scope_key(DEFAULT_PRODUCT, DEFAULT_COMPONENT)}") is not None


def strong_matches(cache: Cache, bug_id: int) -> tuple[tuple[int, str, bool], ...] | None:
    """(bug, title, whether the same CA filed it) of the strong matches of cached bug ``bug_id`` in both groups,
    best first; None when the cache holds no synced component or not this bug."""
    found = strong_matches_of(cache, [bug_id])
    return None if found is None else found.get(bug_id)


def strong_matches_of(cache: Cache, bug_ids: Sequence[int]) -> dict[int, tuple[tuple[int, str, bool], ...]] | None:
    """``strong_matches`` of each of ``bug_ids`` the cache holds, by bug (the others left out); None when the cache
    holds no synced component. The index's term counts, the largest read, are read once for all the bugs."""
    if not component_synced(cache):
        return None
    cache.index_missing()
    rows = cache.indexed_bugs(list(bug_ids))
    term_counts = cache.term_counts() if rows else (0, {})
    found = {}
    for bug_id in bug_ids:
        if bug_id in rows:
            related = _related_to_row(cache, rows[bug_id], term_counts, YEARS, LIMIT)
            strong = sorted((item for item in related.same_ca + related.other_cas if item.strong),
                            key=lambda item: -item.share)
            found[bug_id] = tuple((item.bug_id, item.title, item in related.same_ca) for item in strong)
    return found
