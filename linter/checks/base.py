"""The rule base: what a rule is (Rule), what it sees (Context, BugFacts) and what it returns (Hit).

The registry that finds every rule is linter.registry, a floor above: rules import this module, never it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from linter.checks.analysis import ReportAnalysis
from linter.document import BLANK, Document
from linter.findings import Severity
from linter.parsed import ParsedSource, parse_source
from linter.report import Report
from linter.source_ref import SourceRef
from linter.timeline.entries import Timeline


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: position, message and details. The engine adds the rule's identity."""

    message: str
    line: int | None
    column: int | None = 1
    end_line: int | None = None
    end_column: int | None = None
    section: str | None = None
    excerpt: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    #: Overrides the rule's severity for this hit (a phrase beside real controls is only info).
    severity: Severity | None = None


@dataclass(frozen=True)
class ReportSource:
    """A comment or text attachment of a bug that holds reports, as the rules that judge the bug see it."""

    ref: SourceRef
    #: The comment it stands at: its own number; for an attachment, the comment that attached it.
    comment: int
    kinds: tuple[str, ...]
    #: Its text parsed in this run; None when scan took the bug's report findings from its cache.
    parsed: ParsedSource | None = None


@dataclass(frozen=True)
class BugFacts:
    """What irlint knows about a Bugzilla bug besides its report texts, for the rules that judge the bug."""

    bug: Any  # linter.bugzilla.model.Bug (kept loose: the checks do not import the client package)
    #: "Now" for the process rules: --date, else the current time (UTC).
    now: datetime
    #: The accounts that speak for the CA (assignee, its mail domain, the report posters, --ca-account).
    ca_accounts: frozenset[str]
    #: Every comment or attachment of the bug that holds reports, in comment order.
    sources: tuple[ReportSource, ...] = ()
    #: (bug, title, whether the same CA filed it) of the earlier incidents most like this one in the synced
    #: component (linter.related), or None when no synced cache was read.
    strong_related: tuple[tuple[int, str, bool], ...] | None = None
    #: Sources parsed on demand (see parsed), by reference.
    _parsed: dict[SourceRef, ParsedSource] = field(default_factory=dict, compare=False, repr=False)

    @property
    def reports(self) -> tuple[tuple[int, str], ...]:
        """(comment, report kind) of every report found in the bug, in order."""
        return tuple((source.comment, kind) for source in self.sources for kind in source.kinds)

    def speaks_for_ca(self, account: str) -> bool:
        return account.lower() in self.ca_accounts

    def parsed(self, source: ReportSource) -> ParsedSource:
        """The source's Document and Reports: parsed in this run, or, when scan served the bug's findings from its
        cache (which keeps no Documents), parsed now from the bug's text, once."""
        if source.parsed is not None:
            return source.parsed
        if source.ref not in self._parsed:
            self._parsed[source.ref] = parse_source(source.ref, self.bug.source_text(source.ref), complete=True,
                                                    as_of=self.bug.source_day(source.ref))
        return self._parsed[source.ref]


@dataclass
class Context:
    """What a report rule sees: the source, the report, and the date that decides what was in force."""

    document: Document
    report: Report | None
    report_date: date
    #: Where the report date came from: "option", "comment", "timeline", "report" or "today".
    date_source: str
    #: The source was named explicitly (not found while walking a folder).
    explicit: bool = True
    #: For rules with scope "findings": what the other rules found in the source, before suppression.
    findings: tuple = ()
    #: For rules with scope "findings": the codes and names of the rules that ran, and of all rules.
    ran: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()
    #: The bug the text comes from (irlint bug), else None (a draft).
    bug: BugFacts | None = None
    #: The timeline a text without a report writes under a "Timeline:" label, for rules with scope "text".
    text_timeline: Timeline | None = None

    @property
    def timeline(self) -> Timeline:
        """The report's timeline, else the one the text writes without a report (empty when it writes none)."""
        if self.report is not None:
            return self.report.timeline
        return self.text_timeline or Timeline()

    @property
    def cut_short(self) -> bool:
        """Whether the report (else the text) is an excerpt that stops before its end."""
        return self.report.cut_short if self.report is not None else self.document.cut_short

    @property
    def end_line(self) -> int:
        """The report's last line, else the text's last line that is not blank."""
        if self.report is not None:
            return self.report.end_line
        return max((number for number, kind in enumerate(self.document.kinds, 1) if kind != BLANK), default=0)

    @cached_property
    def analysis(self) -> ReportAnalysis:
        """What several rules read from the report (or the text), computed once for all of them."""
        return ReportAnalysis(self.document, self.report, self.report_date, self.date_source)


#: What a review quotes above a rule's question: the line the finding points at, the text the rule found (for
#: findings about comments and the bug), or nothing (the finding is about something absent, or points at a heading).
QUOTE_MODES = ("line", "excerpt", "none")


@dataclass(frozen=True)
class Review:
    """What a root program reviewer asks about a rule's findings (irlint review), in the reviewer's words.

    The texts are posted as the reviewer's own: no rule codes in them. Placeholders in braces are filled from the
    findings' declared data (the facts linter.review knows by name)."""

    #: The question; a mapping of texts by situation when the rule finds different situations, which
    #: ``variant`` tells apart.
    ask: str | Mapping[str, str]
    #: What to say instead when a finding is only info-level (a training item beside real controls).
    info: str | None = None
    #: One of QUOTE_MODES.
    quote: str = "line"
    #: For a rule about the bug's process: where its points stand among the bug's points, lower first (what the
    #: CA owes now before what it did late); None after those.
    order: int | None = None
    #: The situation a finding is in, from its data: a key of ``ask`` (only with a mapping ``ask``).
    variant: Callable[[Mapping[str, Any]], str] | None = None

    def __post_init__(self) -> None:
        if self.quote not in QUOTE_MODES:
            raise ValueError(f"quote must be one of {', '.join(QUOTE_MODES)}, not {self.quote!r}")
        if isinstance(self.ask, str) == (self.variant is not None):
            raise ValueError("a review asks one question, or one per situation with a variant to choose it")

    @property
    def texts(self) -> tuple[str, ...]:
        """Every text the review may say."""
        asked = (self.ask,) if isinstance(self.ask, str) else tuple(self.ask.values())
        return asked + ((self.info,) if self.info is not None else ())

    def situation(self, data: Mapping[str, Any]) -> str | None:
        """The key of ``ask`` a finding with this data is in; None for a rule with one question."""
        return self.variant(data) if self.variant is not None else None

    def question(self, situation: str | None, info: bool) -> str:
        """The text for a finding in this situation; ``info`` when it is info-level and the review has words
        for that."""
        if info and self.info is not None:
            return self.info
        return self.ask if isinstance(self.ask, str) else self.ask[situation or ""]


@dataclass(frozen=True)
class Rule:
    """A rule: identity, applicability and the function that finds its hits."""

    code: str
    name: str
    category: str
    severity: Severity
    description: str
    check: Callable[[Context], Iterable[Hit]]
    #: The report kinds it applies to; None for every kind.
    kinds: frozenset[str] | None = None
    versions: frozenset[str] | None = None
    #: First report date on which the requirement is in force.
    since: date | None = None
    #: "report": once per report; "source": once per source; "text": once per report, or on the whole text
    #: when no report is recognised; "findings": once per source, after the others, seeing their findings;
    #: "bug": once per Bugzilla bug (irlint bug), on its fields, flags and comment times.
    scope: str = "report"
    #: Why reviewers reject what the rule flags, and where the requirement is written.
    why: str = ""
    link: str | None = None
    #: Texts the rule must flag ("fail") and must not flag ("pass").
    examples: dict[str, tuple[str, ...]] | None = None
    #: "built-in", or the folder of the user rule pack that defines the rule.
    origin: str = "built-in"
    #: What a reviewer asks about its findings; None: the review repeats the finding's message.
    review: Review | None = None
    #: The keys of Finding.data: those every finding of the rule carries, and those only some carry.
    data_keys: tuple[str, ...] = ()
    optional_data_keys: tuple[str, ...] = ()

    @property
    def declared_data_keys(self) -> frozenset[str]:
        return frozenset(self.data_keys) | frozenset(self.optional_data_keys)

    def applies(self, report: Report | None, report_date: date) -> bool:
        """Whether the rule speaks about this report, given the date that decides what was in force."""
        if self.scope in ("source", "findings", "bug"):
            return True
        if report is None:
            return self.scope == "text"
        if self.kinds is not None and report.kind not in self.kinds:
            return False
        if self.versions is not None and report.template_version not in self.versions:
            return False
        return self.since is None or report_date >= self.since

    @property
    def applicability(self) -> str:
        """A short human description of where the rule applies."""
        if self.scope in ("source", "findings"):
            return "any source"
        if self.scope == "bug":
            return "Bugzilla bugs (irlint bug, scan)"
        kinds = ", ".join(sorted(self.kinds)) if self.kinds else "all kinds"
        if self.versions:
            kinds += f" ({', '.join(sorted(self.versions))})"
        if self.scope == "text":
            kinds += " (whole text without a report)"
        return kinds + (f", from {self.since.isoformat()}" if self.since else "")
