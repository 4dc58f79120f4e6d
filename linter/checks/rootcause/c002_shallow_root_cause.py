"""C002 shallow-root-cause: a root cause analysis that names no contributing factor, never says how the
problem escaped detection, or only restates the summary.

The 3.x guidelines ask reports to "describe the circumstances that prevented the problem(s) from being detected
earlier" and list "Superficial Root Cause Analysis" as a bad practice; the CCADB's 2023 request for input asks
reports to "clearly identify the true root cause(s) while avoiding restating the issue".
"""

from __future__ import annotations

import re

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.lazy_regex import lazy_compile
from linter.report import Report, Section
from linter.report.templates import kinds_where, template

# How the problem avoided detection or how it was (not) caught: words of detection, not of validation in general,
# which every analysis uses.
_DETECTION = lazy_compile(
    r"\b(?:detect\w*|undetected|caught|catch(?:es)?|notic\w+|unnoticed|monitor\w*|lint\w*|alert\w*|alarm\w*"
    r"|flag(?:s|ged)?|escaped|slipped|spot[- ]?check\w*|not (?:found|identified|seen|visible)"
    r"|would have (?:found|shown|prevented|stopped))\b",
    re.IGNORECASE)
# The legacy question itself asks "how they avoided detection": its wording is no answer.
_LEGACY_QUESTION = lazy_compile(r"how they avoided detection(?: until now)?", re.IGNORECASE)
_WORD = lazy_compile(r"[a-z][a-z0-9'-]{2,}")
_STOP = frozenset(
    "the and for that this with was were are has have had not but from into our their its which when who what "
    "been being also than then there these those they them all any can could would should may might will shall "
    "such only other some more most very each per via out over under about after before because since while "
    "issue incident certificate certificates".split())
#: Below this many words of its own, a root cause analysis cannot explain why the problem happened.
_MIN_WORDS = 15
#: Share of the analysis' words that also stand in the summary, above which it only restates the summary.
_RESTATED = 0.8


def check(context: Context):
    report = context.report
    section = report.section("root_cause_analysis") or report.section("root_cause")
    if section is None or section.empty:
        return  # S001 / S003 speak about a missing or empty analysis
    if report.preliminary:
        return  # a report announcing the full one: the analysis is still to come
    if report.cut_short and section.end_line >= report.end_line:
        return  # the text stops inside the analysis: the rest was never there to read
    analysis = _analysis_text(context, report, section)
    if context.analysis.placeholder(analysis, True):
        return  # S003: a placeholder, not an analysis
    words = _words(analysis)
    reasons = []
    factored = template(report.kind, report.template_version).has_factors
    if factored and not report.factors and not any(f.factor for f in report.fields):
        reasons.append("it names no contributing factor")
    if not _DETECTION.search(analysis):
        reasons.append("it never says how the problem escaped detection")
    summary = _summary_text(context, report)
    if len(words) < _MIN_WORDS:
        reasons.append(f"it is {len(words)} words long")
    elif summary and len(set(words) & set(_words(summary))) >= _RESTATED * len(set(words)):
        reasons.append("it restates the summary")
    if reasons:
        title = context.document.lines[section.line - 1].strip()
        yield Hit(f"shallow root cause analysis: {'; '.join(reasons)}; explain why the failure was possible "
                  "and why it was not caught earlier", section.line, 1, section.line, len(title) + 1,
                  section.key, title, {"reasons": reasons})


def _analysis_text(context: Context, report: Report, section: Section) -> str:
    fields = [f for f in report.fields if f.section == section.key]
    if fields:
        # A 3.x analysis is its field values: the labels ("Detection:") would answer every question themselves.
        return "\n".join(f.value for f in fields)
    first = section.body_line or section.line + 1
    return _LEGACY_QUESTION.sub("", "\n".join(context.document.lines[first - 1:section.end_line]))


def _summary_text(context: Context, report: Report) -> str:
    description = report.field("incident_description")
    if description is not None:
        return description.value
    summary = report.section("summary")
    return "\n".join(context.document.lines[summary.line:summary.end_line]) if summary else ""


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


RULE = Rule(
    code="C002", name="shallow-root-cause", category="root-cause", severity=Severity.WARNING,
    description="root cause analysis that restates the problem, names no contributing factor, or never says "
                "how the problem avoided detection",
    check=check, kinds=kinds_where(lambda template: template.is_full),
    why="The 3.x guidelines list superficial root cause analysis as a bad practice and ask reports to describe "
        "the circumstances that prevented the problem from being detected earlier; the CCADB asks for the true "
        "root cause, not a restatement of the issue.",
    link="https://www.ccadb.org/cas/incident-report",
    data_keys=("reasons",),
    review=Review(
        ask=("The root cause analysis needs more depth. What were the contributing factors, when did each first "
             "arise, and why did none of your controls detect the problem earlier?"),
        quote="none",
    ),
)
