"""GitHub Actions workflow commands: each finding an ::error, ::warning or ::notice annotation."""

from __future__ import annotations

from linter.findings import Finding, Severity
from linter.formatters.locations import workspace_path
from linter.formatters.outcome import Outcome
from linter.formatters.summary import count, plural
from linter.source_ref import SourceRef
from linter.terminal import inert

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: GitHub turns at most this many commands of each kind in a step into annotations.
SHOWN_PER_KIND = 10


def escape_data(text: str) -> str:
    """The message of a command: '%' first, so that the escapes it adds stay as they are. The log shows the
    text and renders escape sequences: they are made inert first, all but the carriage return, escaped here."""
    return "\r".join(map(inert, text.split("\r"))).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value, where ':' would end the properties and ',' would start the next one."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_results(outcome: Outcome) -> str:
    lines = [annotation(result.source, finding)
             for result in outcome.results for finding in result.findings]
    totals = count(outcome.results)
    summary = (f"irlint: {plural(totals['findings'], 'finding')} ({totals['error']} error, "
               f"{totals['warning']} warning, {totals['info']} info) in {plural(totals['sources'], 'source')}")
    if max(totals["error"], totals["warning"], totals["info"]) > SHOWN_PER_KIND:
        summary += (f"; GitHub annotates only the first {SHOWN_PER_KIND} of each kind in a step, "
                    "the job summary lists them all")
    lines.append(summary)
    return "\n".join(lines) + "\n"


def annotation(source: SourceRef, finding: Finding) -> str:
    """One workflow command; a finding in a bug (no file in the repository) names its source in the message."""
    properties: list[tuple[str, object]] = []
    message = finding.message
    if source.is_file and source.path is not None:
        properties.append(("file", workspace_path(source.path) or source.path))
        if finding.line is not None:
            properties.append(("line", finding.line))
            end_line = finding.end_line or finding.line
            # GitHub takes columns only on a one-line annotation.
            if end_line == finding.line and finding.column is not None:
                properties.append(("col", finding.column))
                properties.append(("endLine", end_line))
                if finding.end_column is not None and finding.end_column > finding.column:
                    properties.append(("endColumn", finding.end_column))
            else:
                properties.append(("endLine", end_line))
    else:
        message = f"{source.name}{f':{finding.line}' if finding.line else ''}: {message}"
    properties.append(("title", f"{finding.rule} {finding.name}"))
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"
