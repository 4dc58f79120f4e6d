"""What a scan row says first: the bug's most urgent finding in a reviewer's words ("Next update overdue by 9
days"), written from the facts the rule put in the finding's data, so that every format says the same thing.

Urgency: the worse severity first; at one severity, a finding about the bug's process before one about a
report's text (what the CA owes now), and among process findings the order a review asks about them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from linter.findings import Finding
from linter.registry import all_rules

#: Longest wording of a report finding: the message, cut at a word.
REPORT_LIMIT = 110


@dataclass(frozen=True)
class Headline:
    rule: str
    text: str


def most_urgent(findings: Iterable[tuple[Finding, str]]) -> Headline | None:
    """The headline of the most urgent of ``findings``, given with where each was found ("" for the bug's own
    process, else "Full report, comment 4"); None when there are none."""
    ranked = sorted(findings, key=lambda item: _urgency(*item))
    if not ranked:
        return None
    finding, where = ranked[0]
    return Headline(finding.rule, wording(finding, where))


def _urgency(finding: Finding, where: str) -> tuple:
    return (-finding.severity.rank, where != "", _process_order().get(finding.rule, 99), finding.rule)


@cache
def _process_order() -> dict[str, int]:
    return {rule.code: rule.review.order for rule in all_rules()
            if rule.scope == "bug" and rule.review is not None and rule.review.order is not None}


def wording(finding: Finding, where: str = "") -> str:
    """The finding in a few words: a process rule's from its data, a report rule's message after its place."""
    words = _WORDS.get(finding.rule)
    if words is not None and not where:
        try:
            return words(finding.data)
        except (KeyError, TypeError, ValueError):
            pass  # a finding of another shape (a rule pack's own code) is said by its message
    message = " ".join(finding.message.split())
    if len(message) > REPORT_LIMIT:
        message = message[:REPORT_LIMIT].rsplit(" ", 1)[0] + " …"
    return f"{where}: {message}" if where else message[:1].upper() + message[1:]


def _days(value: Any) -> str:
    """Whole days, as a reviewer counts them: 11.8 days are 11 days."""
    number = int(float(value))
    return f"{number} day{'s' * (number != 1)}"


def _comment(value: Any) -> str:
    return f"comment {value}"


def _p001(data: Mapping[str, Any]) -> str:
    return f"Next update overdue by {_days(data['days_overdue'])} (due {data['next_update']})"


def _p002(data: Mapping[str, Any]) -> str:
    what = "Needinfo" if data.get("needinfo") else "Question"
    asked = f"{what} in {_comment(data['comment'])}" if data.get("comment") is not None else \
        f"{what} from {data['author']}"
    if data.get("answer_comment") is None:
        return f"{asked} unanswered for {_days(data['age_days'])}"
    return f"{asked} answered after {_days(data['response_days'])} ({_comment(data['answer_comment'])}; at most 7)"


def _p003(data: Mapping[str, Any]) -> str:
    kind = data.get("disclosure_kind")
    after = (f"the {kind.capitalize()}" if kind else "the initial disclosure") + \
        (f" in {_comment(data['disclosure_comment'])}" if data.get("disclosure_comment") is not None else "")
    if data.get("full_report"):
        return f"Full report came {_days(data['elapsed_days'])} after {after} (due within 14)"
    if data.get("open") is False:
        return f"Resolved with no Full report, {_days(data['elapsed_days'])} after {after} (due within 14)"
    return f"Full report missing {_days(data['elapsed_days'])} after {after} (due within 14)"


def _p004(data: Mapping[str, Any]) -> str:
    return (f"{_days(data['gap_days'])} without a CA update in a revocation delay (comments "
            f"{data['previous_comment']}–{data['comment']}; at most 7)")


def _p005(data: Mapping[str, Any]) -> str:
    if data.get("comment") is not None:
        return f"Closure requested in {_comment(data['comment'])} without a Closure summary"
    return f"Resolved {data['resolution']} without a Closure summary"


def _p006(data: Mapping[str, Any]) -> str:
    last = f"last: {_comment(data['comment'])}" if data.get("comment") is not None else "none since filing"
    return f"No CA update for {_days(data['days'])} ({last}; due every 7)"


def _p007(data: Mapping[str, Any]) -> str:
    where = _comment(data["comment"])
    if "field" in data:
        problem = {"missing": "has no Analysis", "empty": "leaves the Analysis empty"}.get(
            data.get("problem"), "answers the Analysis with a placeholder")
        return f"Revocation-delay Full report ({where}) {problem}"
    if data.get("expected"):
        return (f"Revocation completion not reported {_days(data['days_past_expected'])} after the expected "
                f"{data['expected']}")
    return f"Revocation-delay Full report ({where}) gives no revocation completion times"


def _p008(data: Mapping[str, Any]) -> str:
    return "Repeat of the CA's own " + ", ".join(f"bug {number}" for number in data["bugs"]) + "?"


def _s008(data: Mapping[str, Any]) -> str:
    if data.get("replacement"):
        return f"Bug title uses a dash: '{data['replacement']}' wanted"
    return "Bug title is not 'CA Owner: brief title'"


_WORDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "P001": _p001, "P002": _p002, "P003": _p003, "P004": _p004, "P005": _p005, "P006": _p006, "P007": _p007,
    "P008": _p008, "S008": _s008,
}

#: The rules whose findings are said from their data (the others by their message).
WORDED = frozenset(_WORDS)
