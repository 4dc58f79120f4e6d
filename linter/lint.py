"""The pipeline: source text -> Document -> Reports -> rules -> Findings, one direction."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from linter.checks.base import BugFacts, Context, Hit, Rule
from linter.document import Document, parse_document
from linter.findings import Finding, Severity
from linter.lazy_regex import lazy_compile
from linter.parsed import ParsedSource, parse_source
from linter.registry import all_rules
from linter.report import Report
from linter.source_ref import SourceRef
from linter.suppression import suppress
from linter.timeline.dates import find_dates


@dataclass(frozen=True)
class Options:
    """What decides which rules run and which date counts."""

    #: Codes of the rules to run; None runs every rule.
    selected: frozenset[str] | None = None
    #: --date: the report date for every report.
    report_date: date | None = None
    #: Where ``report_date`` comes from: "option" (--date), or "comment" (the time of the Bugzilla comment).
    report_date_source: str = "option"
    today: date = field(default_factory=date.today)
    #: Folders of user rule packs.
    rules_paths: tuple[Path, ...] = ()
    #: Severities set by the configuration, by rule code.
    severity: Mapping[str, Severity] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReportOutline:
    """What the output formats say of a report: its kind, version and lines; ``index`` ties findings to it."""

    index: int
    kind: str
    template_version: str
    line: int
    end_line: int

    def summary(self) -> dict[str, object]:
        """The short form used in the JSON findings output (Report.summary)."""
        return {"kind": self.kind, "template_version": self.template_version,
                "line": self.line, "end_line": self.end_line}


@dataclass(frozen=True)
class SourceResult:
    """Everything irlint learned about one source."""

    source: SourceRef
    lines: tuple[str, ...] = ()
    #: The reports found; outlined (``outlined()``) once only the output formats still read them.
    reports: tuple[Report | ReportOutline, ...] = ()
    findings: tuple[Finding, ...] = ()
    #: A one-line reason the source could not be read; then nothing else is set.
    error: str | None = None

    def outlined(self) -> SourceResult:
        """The result with each report reduced to its outline. check keeps every result until the output is
        written, and a Report (its sections, fields, tables and timeline) is most of a result's memory: 2,000
        reports kept whole took 275 MB."""
        return replace(self, reports=tuple(ReportOutline(r.index, r.kind, r.template_version, r.line, r.end_line)
                                           for r in self.reports))


def lint_text(text: str, source: SourceRef | str, options: Options, *, explicit: bool = True,
              bug: BugFacts | None = None, complete: bool = False) -> SourceResult:
    """Lint one source text (a ``str`` source is a file's path); ``bug`` when it is a comment (or attachment) of a
    Bugzilla bug, whose text is ``complete`` (not an excerpt)."""
    ref = SourceRef.file(source) if isinstance(source, str) else source
    parsed = parse_source(ref, text, complete=complete, as_of=options.report_date)
    return lint_source(parsed, options, explicit=explicit, bug=bug)


def lint_source(parsed: ParsedSource, options: Options, *, explicit: bool = True,
                bug: BugFacts | None = None) -> SourceResult:
    """Lint a source parsed at the edge (its Document and Reports); ``bug`` when it is a comment (or attachment)
    of a Bugzilla bug."""
    document, reports = parsed.document, parsed.reports
    every_rule = all_rules(options.rules_paths)
    rules = [r for r in every_rule if options.selected is None or r.code in options.selected]
    findings: list[Finding] = []
    if not reports:
        context = Context(document, None, options.report_date or options.today,
                          options.report_date_source if options.report_date else "today", explicit, bug=bug,
                          text_timeline=parsed.timeline)
        for rule in rules:
            if rule.scope in ("source", "text"):
                findings.extend(_run(rule, context, options))
    for report in reports:
        report_date, date_source = _report_date(document, report, options)
        context = Context(document, report, report_date, date_source, explicit, bug=bug)
        for rule in rules:
            if rule.scope in ("report", "text") and rule.applies(report, report_date):
                findings.extend(_run(rule, context, options))
    late = Context(document, None, options.today, "today", explicit, findings=tuple(findings),
                   ran=frozenset(key for r in rules for key in (r.code, r.name)),
                   known=frozenset(key for r in every_rule for key in (r.code, r.name)))
    kept, _ = suppress(document, findings)
    # Findings about the suppressions themselves (S009) cannot be suppressed by them.
    for rule in rules:
        if rule.scope == "findings":
            kept.extend(_run(rule, late, options))
    return SourceResult(parsed.ref, document.lines, reports, _capped(sorted(kept, key=lambda f: f.sort_key)))


#: Findings of one rule listed for one source; past it, one finding says how many more there are. A real report
#: has a handful per rule; thousands come only from a generated or pasted text, and would flood the output.
MAX_FINDINGS_PER_RULE = 1_000


def _capped(findings: list[Finding]) -> tuple[Finding, ...]:
    counts = Counter(finding.rule for finding in findings)
    if max(counts.values(), default=0) <= MAX_FINDINGS_PER_RULE:
        return tuple(findings)
    kept: list[Finding] = []
    seen: Counter[str] = Counter()
    for finding in findings:
        seen[finding.rule] += 1
        if seen[finding.rule] <= MAX_FINDINGS_PER_RULE:
            kept.append(finding)
        elif seen[finding.rule] == MAX_FINDINGS_PER_RULE + 1:
            more = counts[finding.rule] - MAX_FINDINGS_PER_RULE
            kept.append(replace(finding, message=f"and {more:,} more findings of {finding.rule} in this source, "
                                                 f"not listed (the first {MAX_FINDINGS_PER_RULE:,} are)",
                                excerpt="", data={"more": more}))
    return tuple(kept)


def lint_bug(facts: BugFacts, options: Options) -> tuple[Finding, ...]:
    """The findings of the rules that judge a bug itself (its title, flags, whiteboard and comment times)."""
    context = Context(parse_document(facts.bug.summary, SourceRef.of_bug(facts.bug.id).name), None, facts.now.date(),
                      "option" if options.report_date else "today", bug=facts)
    findings = [finding for rule in all_rules(options.rules_paths)
                if rule.scope == "bug" and (options.selected is None or rule.code in options.selected)
                for finding in _run(rule, context, options)]
    # Whole-bug findings (comment None) first, then by the comment they point at.
    return tuple(sorted(findings, key=lambda f: (-1 if f.data.get("comment") is None else f.data["comment"], f.rule)))


def _run(rule: Rule, context: Context, options: Options) -> list[Finding]:
    index = context.report.index if context.report else None
    return [_stamp(rule, hit, index, options) for hit in rule.check(context)]


def _stamp(rule: Rule, hit: Hit, report: int | None, options: Options) -> Finding:
    line = hit.line
    end_line = hit.end_line if hit.end_line is not None else line
    column = hit.column if line is not None else None
    end_column = hit.end_column if hit.end_column is not None else column
    # A hit that softens its rule's severity (a phrase beside real controls) stays soft whatever the
    # configuration raises the rule to; otherwise the configuration has the last word.
    severity = hit.severity or options.severity.get(rule.code) or rule.severity
    return Finding(rule.code, rule.name, rule.category, severity, hit.message, line, column, end_line,
                   end_column, hit.section, report, hit.excerpt[:200], hit.data)


def _report_date(document: Document, report: Report, options: Options) -> tuple[date, str]:
    """--date, else the latest past date of the timeline, else of the whole report, else today."""
    if options.report_date:
        return options.report_date, options.report_date_source
    days = [e.day for e in report.timeline.entries if e.day is not None and e.day <= options.today]
    if days:
        return max(days), "timeline"
    found = [d.value for d in document.dates_between(report.line, report.end_line) if d.value <= options.today]
    if found:
        return max(found), "report"
    return options.today, "today"


_CA_VOICE = lazy_compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
_INCIDENT_SUBJECT = lazy_compile(r"\b(?:certificates?|revo(?:ked|cation)|mis-?issu\w*|incidents?|CRLs?|OCSP)\b",
                               re.IGNORECASE)
_RULE_CODE = lazy_compile(r"\b[SCRTADXP]\d{3}\b")


def reads_as_report(lines: Sequence[str]) -> bool:
    """Whether a text in which no template is recognised is still an incident report, written freely: the CA
    speaking (we, our) about certificates or an incident, with a date. Folders and ``--skip-no-report`` lint such
    a text for its wording, as a named file is; other Markdown (a README, a policy's notes) is skipped. A text
    that names irlint's rule codes is about irlint (its documentation, with the rules' examples), not a report."""
    text = "\n".join(lines)
    return (len(_CA_VOICE.findall(text)) >= 2 and _INCIDENT_SUBJECT.search(text) is not None
            and bool(find_dates(text)) and len(set(_RULE_CODE.findall(text))) < 2)
