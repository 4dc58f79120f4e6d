"""Every cached bug of the component linted for reviewers: one row per bug, open bugs first, each sorted by what
needs attention.

Linting a bug's reports costs tens of milliseconds per report, and the component holds thousands. So what it gave
is kept in the cache under a digest of everything it depends on: the bug as cached (fields, comments, attachments
and their texts), the extra CA accounts, the irlint build, and the rule configuration (selected codes, severities,
the contents of the built-in rule files and of the rule packs, the report date when one is forced). A scan of an
unchanged component lints no report again; a bug that changed in any way has its reports linted again, since report
rules see the whole bug (X001 reads its attachments, rule packs may read anything but "now").

Process findings depend on "now" and are computed on every scan; they are cheap. Report rules must not read
``BugFacts.now``: that is what the scope "bug" is for. A cache entry keeps what the process rules need besides the
bug (the CA's accounts, where the reports are and their kinds), not parsed texts: a process rule that reads a
report's text (P007, in revocation-delay bugs) has it parsed on demand by ``BugFacts.parsed``, once.

A row's results, linted now or taken from the cache, carry the findings, the source's lines and each report's
outline (``ReportOutline``: what the formatters print of it), as check's results do.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from linter import __version__
from linter.bugs.changes import OVERDUE_RULES, Changes, track
from linter.bugs.headline import most_urgent
from linter.bugs.linting import lint_one_bug
from linter.bugzilla.cache import Cache
from linter.bugzilla.index import ca_of as ca_name
from linter.bugzilla.model import Bug, parse_time
from linter.bugzilla.sync import DEFAULT_COMPONENT, DEFAULT_PRODUCT, scope_key
from linter.checks.base import BugFacts, ReportSource
from linter.checks.process.common import ca_comments
from linter.checks.process.p003_full_report_late import first_full_report
from linter.document import split_lines
from linter.findings import Finding, Severity
from linter.lint import Options, ReportOutline, SourceResult, lint_bug
from linter.parallel import Workers
from linter.resources import resource_dir
from linter.source_ref import Origin, SourceRef

#: Bugs read from the cache, looked up and stored at a time: a scan stopped midway keeps what it linted.
CHUNK = 200
_CLOSED = ("RESOLVED", "VERIFIED", "CLOSED")


@dataclass(frozen=True)
class ScanFilters:
    """Which cached bugs a scan lints; every filter given must match, each repeated value is an alternative
    (except ``whiteboard``, whose values must all occur). Matching ignores case."""

    #: True: open bugs only; False: closed ones only; None: both.
    open: bool | None = None
    statuses: frozenset[str] = frozenset()
    #: The bug's life (created .. last changed) meets the window: changed on or after ``since``, created on or
    #: before ``until`` (UTC dates, both inclusive).
    since: date | None = None
    until: date | None = None
    #: Substrings of the whiteboard, such as "leaf-revocation-delay" or "[ca-compliance]".
    whiteboard: tuple[str, ...] = ()
    #: Substrings of the CA name (the summary before its first ':').
    ca: tuple[str, ...] = ()
    #: Substrings of the assignee's e-mail.
    assignee: tuple[str, ...] = ()
    ids: frozenset[int] = frozenset()
    #: The component the bugs must be in (None: any); the cache also holds bugs ``irlint bug`` fetched.
    product: str | None = DEFAULT_PRODUCT
    component: str | None = DEFAULT_COMPONENT

    def matches(self, data: dict[str, Any]) -> bool:
        """Whether a bug, as BMO sent it, passes."""
        status = str(data.get("status") or "")
        if self.product is not None and data.get("product") != self.product:
            return False
        if self.component is not None and data.get("component") != self.component:
            return False
        if self.ids and int(data["id"]) not in self.ids:
            return False
        if self.open is not None and (status not in _CLOSED) != self.open:
            return False
        if self.statuses and status.upper() not in {s.upper() for s in self.statuses}:
            return False
        changed, created = parse_time(data.get("last_change_time")), parse_time(data.get("creation_time"))
        if self.since is not None and (changed is None or changed.date() < self.since):
            return False
        if self.until is not None and (created is None or created.date() > self.until):
            return False
        whiteboard = str(data.get("whiteboard") or "").lower()
        if not all(tag.lower() in whiteboard for tag in self.whiteboard):
            return False
        if self.ca and not _any_in(self.ca, ca_name(str(data.get("summary") or ""))):
            return False
        return not self.assignee or _any_in(self.assignee, str(data.get("assigned_to") or ""))


def _any_in(needles: Iterable[str], haystack: str) -> bool:
    haystack = haystack.lower()
    return any(needle.lower() in haystack for needle in needles)


@dataclass(frozen=True)
class BugRow:
    """One bug of a scan."""

    id: int
    ca: str
    title: str
    status: str
    resolution: str
    #: Kinds of every report found in the bug, in the order first posted.
    kinds: tuple[str, ...]
    #: Findings of the linted reports (the latest of each kind).
    errors: int
    warnings: int
    #: Findings of the process rules, in all and by severity.
    process: int
    process_errors: int
    process_warnings: int
    #: Whole days since the CA last commented, None when it never did.
    days_since_ca_comment: int | None
    last_ca_comment: datetime | None
    #: The report results, then the process result ``bug:N``, as ``irlint bug`` gives them.
    results: tuple[SourceResult, ...]
    #: The report results came from the cache.
    cached: bool
    created: datetime | None = None
    #: The most urgent finding in words, and its rule ("" when the bug has no finding).
    headline: str = ""
    headline_rule: str = ""
    #: Info findings, of the reports and of the process.
    infos: int = 0
    #: Days from filing to the first Full report, None when there is none.
    full_report_days: float | None = None
    #: Whether a report finding says the root cause or the remediation is weak (C or R rules); None without a
    #: Full report to judge.
    weak_analysis: bool | None = None
    #: An update is overdue now (P001, P006); CA updates came late in a revocation delay (P004 findings).
    overdue: bool = False
    late_updates: int = 0
    #: What ``scan --changes`` compares with the previous sync: the CA's comments, the reports, the questions
    #: still unanswered (by the comment that asked, or the time of a bare needinfo).
    ca_comment_numbers: tuple[int, ...] = ()
    reports: tuple[tuple[int, str], ...] = ()
    unanswered: tuple[str, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status not in _CLOSED

    def as_dict(self) -> dict[str, Any]:
        """The row for tables (CSV, JSON, HTML); ``bug`` is the id."""
        return {"bug": self.id, "ca": self.ca, "title": self.title,
                "status": f"{self.status} {self.resolution}".strip(), "open": self.is_open,
                "headline": self.headline, "headline_rule": self.headline_rule, "reports": list(self.kinds),
                "errors": self.errors, "warnings": self.warnings, "process": self.process,
                "process_errors": self.process_errors, "process_warnings": self.process_warnings,
                "error": self.errors + self.process_errors, "warning": self.warnings + self.process_warnings,
                "info": self.infos, "days_since_ca_comment": self.days_since_ca_comment,
                "last_ca_comment": _day(self.last_ca_comment), "created": _day(self.created),
                "full_report_days": self.full_report_days}

    @property
    def attention(self) -> tuple:
        """The sort key: open bugs before resolved ones (a reviewer can still act on them), then process errors,
        process warnings, report errors, then the longest CA silence first."""
        silence = math.inf if self.days_since_ca_comment is None else self.days_since_ca_comment
        return (not self.is_open, -self.process_errors, -self.process_warnings, -self.errors, -silence, self.id)


@dataclass
class RuleCount:
    rule: str
    name: str
    findings: int = 0
    bugs: int = 0
    error: int = 0
    warning: int = 0
    info: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class CACount:
    ca: str
    bugs: int = 0
    open: int = 0
    errors: int = 0
    warnings: int = 0
    process: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ScanResult:
    rows: tuple[BugRow, ...]
    #: Findings (reports and process) by rule code, most frequent first.
    by_rule: dict[str, RuleCount] = field(default_factory=dict)
    #: Bugs and findings by CA name ("" for summaries without one), most bugs first.
    by_ca: dict[str, CACount] = field(default_factory=dict)
    #: Bugs whose reports were linted now, and bugs whose report findings came from the cache.
    linted: int = 0
    reused: int = 0
    #: Ids ``filters.ids`` asked for that no cached bug of the component matched (not synced, or filtered out).
    missing: tuple[int, ...] = ()
    #: What changed since the previous sync (linter.bugs.changes).
    changes: Changes = Changes(None, None)

    @property
    def results(self) -> tuple[SourceResult, ...]:
        """Every source of every row, in row order: what the findings formatters take."""
        return tuple(result for row in self.rows for result in row.results)

    def summary(self) -> dict[str, Any]:
        return {"bugs": len(self.rows), "by_rule": [c.as_dict() for c in self.by_rule.values()],
                "by_ca": [c.as_dict() for c in self.by_ca.values()]}


def scan(cache: Cache, options: Options, now: datetime, *, filters: ScanFilters = ScanFilters(),
         extra_accounts: tuple[str, ...] = (), progress: Callable[[int, int], None] | None = None,
         jobs: int | None = 1) -> ScanResult:
    """Lint every cached bug that passes ``filters``; ``now`` is "now" for the process rules. The bugs to lint
    again are linted in ``jobs`` processes (None: every CPU when there are many, as linter.parallel decides)."""
    build = lint_build()
    config = _config_digest(options, extra_accounts)
    cache.prune_findings(build)
    ids = [bug_id for bug_id, data in cache.bugs_json().items() if filters.matches(data)]
    rows: list[BugRow] = []
    linted = 0
    with Workers(jobs) as workers:
        for start in range(0, len(ids), CHUNK):
            bugs = [bug for bug in (cache.bug(bug_id) for bug_id in ids[start:start + CHUNK]) if bug is not None]
            keys = {bug.id: _entry_key(build, config, bug, options) for bug in bugs}
            known = cache.findings(list(keys.values()))
            stale = [bug for bug in bugs if keys[bug.id] not in known]
            fresh = workers.map(_lint_task, [(bug, options, now, extra_accounts) for bug in stale])
            new: dict[str, Any] = {}
            for bug in bugs:
                entry = known.get(keys[bug.id])
                if entry is None:
                    row, entry = next(fresh)
                    new[keys[bug.id]] = entry
                    linted += 1
                else:
                    row = _from_entry(bug, entry, options, now)
                rows.append(row)
                if progress is not None:
                    progress(len(rows), len(ids))
            if new:
                cache.store_findings(build, new)
    rows.sort(key=lambda row: row.attention)
    scope = scope_key(filters.product or DEFAULT_PRODUCT, filters.component or DEFAULT_COMPONENT)
    changes = track(cache, f"scan.states:{scope}", cache.get_meta(f"sync.mark:{scope}"), rows)
    return ScanResult(tuple(rows), *_counts(rows), linted=linted, reused=len(rows) - linted,
                      missing=tuple(sorted(filters.ids - set(ids))), changes=changes)


def _lint_task(task: tuple[Bug, Options, datetime, tuple[str, ...]]) -> tuple[BugRow, dict[str, Any]]:
    return _lint(*task)


def _lint(bug: Bug, options: Options, now: datetime, extra: tuple[str, ...]) -> tuple[BugRow, dict[str, Any]]:
    """Lint the bug as ``irlint bug`` does, and the cache entry that stands for its report results: the facts
    the process rules need besides the bug (accounts, where the reports are and their kinds), not the parsed
    texts, so that a hit runs the process rules without parsing anything."""
    linted = lint_one_bug(bug, options, now, extra_accounts=extra)
    facts = linted.facts
    # Outlined, as check's results are: a row is kept until the output is written, and sent back from a worker.
    results = tuple(result.outlined() for result in linted.results)
    entry = {"accounts": sorted(facts.ca_accounts), "sources": [_ref_entry(s.ref, s.comment, s.kinds)
                                                                for s in facts.sources],
             "results": [_result_entry(r) for r in results[:-1]]}
    return _row(bug, facts, results, cached=False), entry


def _from_entry(bug: Bug, entry: dict[str, Any], options: Options, now: datetime) -> BugRow:
    sources = tuple(ReportSource(_ref_from(bug, item), int(item["at"]), tuple(item["kinds"]))
                    for item in entry["sources"])
    facts = BugFacts(bug, now, frozenset(entry["accounts"]), sources)
    results = tuple(_result_from(bug, item) for item in entry["results"])
    process = SourceResult(SourceRef.of_bug(bug.id), (), (), lint_bug(facts, options))
    return _row(bug, facts, (*results, process), cached=True)


def _row(bug: Bug, facts: BugFacts, results: tuple[SourceResult, ...], *, cached: bool) -> BugRow:
    reports, process = results[:-1], results[-1].findings
    severities = [f.severity for r in reports for f in r.findings]
    spoken = ca_comments(facts)
    last = spoken[-1].created if spoken else None
    every = [(f, _where(r, f)) for r in reports for f in r.findings] + [(f, "") for f in process]
    headline = most_urgent(every)
    full_comment = first_full_report(facts)
    full = full_comment.created if full_comment is not None else None
    codes = {f.rule for r in reports for f in r.findings}
    return BugRow(
        id=bug.id, ca=ca_name(bug.summary), title=bug.summary, status=bug.status, resolution=bug.resolution,
        kinds=tuple(dict.fromkeys(kind for _, kind in facts.reports)),
        errors=severities.count(Severity.ERROR), warnings=severities.count(Severity.WARNING),
        process=len(process), process_errors=sum(f.severity == Severity.ERROR for f in process),
        process_warnings=sum(f.severity == Severity.WARNING for f in process),
        days_since_ca_comment=(facts.now - last).days if last is not None else None, last_ca_comment=last,
        results=tuple(results), cached=cached, created=bug.created,
        headline=headline.text if headline else "", headline_rule=headline.rule if headline else "",
        infos=severities.count(Severity.INFO) + sum(f.severity == Severity.INFO for f in process),
        full_report_days=round((full - bug.created).total_seconds() / 86400, 1)
        if full is not None and bug.created is not None else None,
        weak_analysis=any(_WEAK_ANALYSIS.fullmatch(code) for code in codes) if full is not None else None,
        overdue=any(f.rule in OVERDUE_RULES for f in process), late_updates=sum(f.rule == "P004" for f in process),
        ca_comment_numbers=tuple(c.count for c in spoken), reports=tuple(facts.reports),
        unanswered=tuple(_question(f.data) for f in process if f.rule == "P002" and f.data.get("answer_comment")
                         is None))


#: Rules that say the root cause or the remediation is weak: the C and R rules.
_WEAK_ANALYSIS = re.compile(r"[CR]\d{3}")


def _question(data: dict[str, Any]) -> str:
    return f"question in comment {data['comment']}" if data.get("comment") is not None else \
        f"needinfo of {data.get('asked')}"


def _where(result: SourceResult, finding: Finding) -> str:
    """Where a report finding is, in words: "Full report, comment 4"."""
    kind = next((r.kind for r in result.reports if r.index == finding.report), None)
    ref = result.source
    place = f"attachment {ref.attachment}" if ref.attachment is not None else \
        f"comment {ref.comment}" if ref.comment is not None else ref.name
    return f"{kind.capitalize()} report, {place}" if kind else place[:1].upper() + place[1:]


def _day(moment: datetime | None) -> str | None:
    return moment.date().isoformat() if moment is not None else None


def _counts(rows: list[BugRow]) -> tuple[dict[str, RuleCount], dict[str, CACount]]:
    by_rule: dict[str, RuleCount] = {}
    by_ca: dict[str, CACount] = {}
    for row in rows:
        seen = set()
        for result in row.results:
            for finding in result.findings:
                count = by_rule.setdefault(finding.rule, RuleCount(finding.rule, finding.name))
                count.findings += 1
                setattr(count, finding.severity.value, getattr(count, finding.severity.value) + 1)
                if finding.rule not in seen:
                    seen.add(finding.rule)
                    count.bugs += 1
        ca = by_ca.setdefault(row.ca, CACount(row.ca))
        ca.bugs += 1
        ca.open += row.is_open
        ca.errors += row.errors
        ca.warnings += row.warnings
        ca.process += row.process
    return (dict(sorted(by_rule.items(), key=lambda item: (-item[1].findings, item[0]))),
            dict(sorted(by_ca.items(), key=lambda item: (-item[1].bugs, item[0]))))


# --- the cache entries ---------------------------------------------------------------------------------------


@cache
def lint_build() -> str:
    """irlint's version and a digest of its package files: a rule changed without a version bump (a development
    checkout) must not be served findings of the old rule."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def _config_digest(options: Options, extra_accounts: tuple[str, ...]) -> str:
    config = {
        "selected": sorted(options.selected) if options.selected is not None else None,
        "severity": sorted((code, str(level)) for code, level in options.severity.items()),
        # The built-in rule files live outside the package folder in a checkout (rules/, shipped as
        # linter.rules): lint_build does not see them, so their contents are part of the configuration.
        "built_in_rules": _folder_digest(resource_dir("rules")),
        "rules_paths": [_folder_digest(path) for path in options.rules_paths],
        "report_date": options.report_date.isoformat() if options.report_date else None,
        "accounts": sorted(a.lower() for a in extra_accounts),
    }
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode("utf-8")).hexdigest()


def _folder_digest(folder: Traversable | Path) -> str:
    """The contents of a rule pack: file names and bytes, so an edited rule file invalidates its findings."""
    where = str(Path(folder).resolve()) if isinstance(folder, Path) else str(folder)
    digest = hashlib.sha256(where.encode("utf-8") + b"\0")
    if folder.is_file():
        files = {folder.name: folder}
    elif folder.is_dir():
        files = dict(_files(folder, ""))
    else:
        files = {}
    for name in sorted(files):
        data = files[name].read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def _files(folder: Traversable | Path, prefix: str) -> Iterator[tuple[str, Traversable | Path]]:
    """(path under the pack, file) of every file below ``folder``; a packaged folder is a Traversable, which has
    no rglob."""
    for item in folder.iterdir():
        if item.is_file():
            yield prefix + item.name, item
        elif item.is_dir() and item.name != "__pycache__":
            yield from _files(item, f"{prefix}{item.name}/")


def _entry_key(build: str, config: str, bug: Bug, options: Options) -> str:
    digest = hashlib.sha256(f"{build}\0{config}\0".encode())
    # A report whose comment has no date is dated "today" (Options.today): then the day is part of the key.
    if any(c.created is None for c in bug.comments) or any(a.created is None for a in bug.attachments):
        digest.update(options.today.isoformat().encode("ascii"))
    digest.update(b"\0" + repr(bug).encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


def _ref_entry(ref: SourceRef, at: int | None = None, kinds: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"origin": ref.origin.value, "comment": ref.comment, "attachment": ref.attachment, "at": at,
            "kinds": list(kinds)}


def _ref_from(bug: Bug, item: dict[str, Any]) -> SourceRef:
    return SourceRef(Origin(item["origin"]), bug=bug.id, comment=item["comment"], attachment=item["attachment"])


def _result_entry(result: SourceResult) -> dict[str, Any]:
    return {"source": _ref_entry(result.source), "error": result.error,
            "reports": [asdict(report) for report in result.reports],
            "findings": [f.as_dict() for f in result.findings]}


def _result_from(bug: Bug, item: dict[str, Any]) -> SourceResult:
    reports = tuple(ReportOutline(**report) for report in item["reports"])
    findings = tuple(Finding(f["rule"], f["name"], f["category"], Severity(f["severity"]), f["message"], f["line"],
                             f["column"], f["end_line"], f["end_column"], f["section"], f["report"], f["excerpt"],
                             f["data"]) for f in item["findings"])
    ref = _ref_from(bug, item["source"])
    return SourceResult(ref, split_lines(bug.source_text(ref)), reports, findings, item["error"])
