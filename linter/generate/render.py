"""``irlint render``: a report in the CCADB 3.x template, written from structured facts.

The report is written so that irlint reads it back as the same facts: every instant in UTC to the minute
("2026-03-23 08:52 UTC"), the timeline in order, planned events marked as expected, and each typed event worded
so that the timeline checks recognise it (a facts file says an event is when the CA became aware; the report
must say so in words, because that is all a reader, or irlint, has).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

from linter.bugzilla.base_url import DEFAULT_BASE_URL
from linter.document import parse_document
from linter.generate.facts import parse_instant, validate_facts
from linter.generate.templates import Content, compose, draft_template
from linter.report.certificate_list import STANDARD_COLUMNS
from linter.timeline.entries import TimelineEntry, read_timeline

DEFAULT_CERTIFICATES_FILE = "affected-certificates.csv"
NO_RELATED_INCIDENTS = ("None found: no incident in the CA Certificate Compliance component from the last two "
                        "years, of this or another CA Owner, is related to this one.")

# For each event type of a facts file: the readings of an entry that already say it (the timeline checks
# accept these), and the words put before an entry that does not.
_EVENT_WORDING = {
    "start": ({"incident_start"}, "Incident began"),
    "aware": ({"aware", "cpr_received"}, "Became aware of the incident"),
    "end": ({"incident_end", "revoked", "fix_deployed", "issuance_stopped"}, "Incident ended"),
    "cpr_received": ({"cpr_received"}, "Certificate Problem Report received"),
    "cpr_response": ({"cpr_response"}, "Preliminary findings sent to the reporter"),
    "report_posted": ({"incident_report_posted"}, "Incident report posted"),
    "issuance_stopped": ({"issuance_stopped"}, "Issuance stopped"),
    "issuance_resumed": ({"issuance_resumed"}, "Issuance resumed"),
    "revoked": ({"revoked"}, "Revocation completed"),
    "fix_deployed": ({"fix_deployed"}, "Fix deployed"),
}
# The timeline summary's dates, when the facts do not give them, come from these events.
_SUMMARY_EVENTS = {"non_compliance_start_date": "start", "non_compliance_identified_date": "aware",
                   "non_compliance_end_date": "end"}


def render(facts: dict[str, Any], kind: str = "full") -> str:
    """The report of ``kind`` (preliminary, full or closure) that ``facts`` describe (see load_facts).

    Raises FactsError when the facts do not match schemas/facts.schema.json.
    """
    template = draft_template(kind)
    validate_facts(facts)
    content = Content()
    if template.opening_section is not None:  # a closure summary: its fields, under the report's heading
        for key, value in (facts.get("closure") or {}).items():
            content.fields[(template.opening_section, key)] = value
        return compose(kind, content)
    _summary(content, facts)
    if template.is_preliminary:
        if facts.get("full_report_due"):
            content.after = ["", f"We will post the Full Incident Report no later than {facts['full_report_due']}."]
        return compose(kind, content)
    _impact(content, facts.get("impact"))
    if facts.get("timeline"):
        content.bodies["timeline"] = ["All times are UTC.", "", *timeline_lines(facts["timeline"])]
    _related(content, facts.get("related_incidents"))
    content.factors = [(factor["title"], factor) for factor in facts.get("contributing_factors") or ()]
    for key, value in (facts.get("lessons_learned") or {}).items():
        content.fields[("lessons_learned", key)] = value
    if facts.get("action_items"):
        content.rows["action_items"] = [_action_row(item) for item in facts["action_items"]]
    if facts.get("appendix"):
        content.bodies["appendix"] = _appendix(facts["appendix"])
    return compose(kind, content)


def utc_minute(moment: datetime) -> str:
    """"2026-03-23 08:52 UTC": the form of every instant in a rendered report (seconds are dropped)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def timeline_lines(events: list[dict[str, Any]]) -> list[str]:
    """The timeline entries, oldest first (events at the same minute keep their order in the facts)."""
    ordered = sorted(events, key=lambda event: parse_instant(event["at"]).astimezone(UTC).replace(second=0,
                                                                                                  microsecond=0))
    return [_entry(event) for event in ordered]


def _entry(event: dict[str, Any]) -> str:
    stamp = utc_minute(parse_instant(event["at"]))
    text = " ".join(event["event"].split())
    wording = _EVENT_WORDING.get(event.get("type", ""))
    if wording is not None and _reading(stamp, text).event not in wording[0]:
        text = f"{wording[1]}: {text}"
    if event.get("planned") and _reading(stamp, text).tense != "planned":
        text = f"Expected: {text}"
    return f"- {stamp}: {text}"


@cache
def _reading(stamp: str, text: str) -> TimelineEntry:
    """How irlint reads the entry: the same code that reads a report's timeline."""
    document = parse_document(f"### Timeline\n\n- {stamp}: {text}\n")
    return read_timeline(document, 1, len(document.lines)).entries[0]


def _summary(content: Content, facts: dict[str, Any]) -> None:
    summary = facts["summary"]
    typed = {}
    for event in facts.get("timeline") or ():
        if event.get("type") and not event.get("planned"):
            typed.setdefault(event["type"], event["at"])
    for key, value in summary.items():
        content.fields[("summary", key)] = _moment(value) if key in _SUMMARY_EVENTS else value
    for key, event_type in _SUMMARY_EVENTS.items():
        if key not in summary and event_type in typed:
            content.fields[("summary", key)] = _moment(typed[event_type])


def _moment(value: str) -> str:
    instant = parse_instant(value)
    return utc_minute(instant) if instant is not None else value


def _impact(content: Content, impact: dict[str, Any] | None) -> None:
    for key, value in (impact or {}).items():
        content.fields[("impact", key)] = f"{value:,}" if isinstance(value, int) else value


def _related(content: Content, related: list[dict[str, Any]] | None) -> None:
    if related is None:
        return
    if not related:
        content.bodies["related_incidents"] = [NO_RELATED_INCIDENTS]
        content.rows["related_incidents"] = None
        return
    rows = []
    for item in related:
        url = item.get("url") or f"{DEFAULT_BASE_URL}/show_bug.cgi?id={item['bug']}"
        rows.append((f"[{item['bug']}]({url})", item["date"], item["description"]))
    content.rows["related_incidents"] = rows


def _action_row(item: dict[str, Any]) -> tuple[str, ...]:
    causes = ", ".join(f"Contributing Factor {number}" for number in item["root_causes"])
    return item["description"], item["kind"], causes, item["evaluation_criteria"], item["due_date"], item["status"]


def _appendix(appendix: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if appendix.get("text"):
        lines.extend([" ".join(appendix["text"].split()), ""])
    certificates = appendix.get("certificates")
    if certificates:
        name = appendix.get("certificates_file") or DEFAULT_CERTIFICATES_FILE
        count = f"{len(certificates):,} affected certificate{'s' if len(certificates) != 1 else ''}"
        lines.extend([f"The attached file `{name}` lists the {count} in the standard columns of the CCADB "
                      f"Incident Reporting Guidelines, in order: {', '.join(STANDARD_COLUMNS)}.", ""])
    for link in appendix.get("links") or ():
        lines.append(f"- {link}")
    return lines


def example_facts() -> str:
    """A complete facts file to start from (the same text as examples/facts.yaml)."""
    return (resources.files("linter.generate") / "templates" / "example-facts.yaml").read_text(encoding="utf-8")
