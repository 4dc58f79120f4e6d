"""SARIF 2.1.0, for code scanning (GitHub's upload-sarif) and other SARIF viewers."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from linter import __version__
from linter.findings import Finding, Severity
from linter.formatters.locations import workspace_path
from linter.formatters.outcome import Outcome
from linter.formatters.rule_docs import rule_doc_url, rule_markdown
from linter.lint import SourceResult
from linter.source_ref import SourceRef
from linter.terminal import inert_json

if TYPE_CHECKING:
    from linter.checks.base import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/irlint/irlint"
#: The name and version of irlint's own fingerprint: a new way of computing it needs a new version.
FINGERPRINT = "irlintFinding/v1"
#: Paths are given relative to the folder irlint ran in, which code scanning resolves against the checkout.
SOURCE_ROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_results(outcome: Outcome) -> str:
    descriptors = _descriptors(outcome)
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    results = [entry for result in outcome.results if result.error is None
               for entry in _results(result, index, outcome.bugzilla_url)]
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "irlint", "version": __version__, "informationUri": INFORMATION_URI,
                                "rules": descriptors}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    # Printed to a terminal as often as read by a program: what a terminal would act on is written escaped.
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _descriptors(outcome: Outcome) -> list[dict[str, Any]]:
    """Every rule of the run, then any rule a finding names that the run did not list."""
    descriptors = [_descriptor(rule) for rule in outcome.rules]
    known = {rule.code for rule in outcome.rules}
    for result in outcome.results:
        for finding in result.findings:
            if finding.rule not in known:
                known.add(finding.rule)
                descriptors.append({"id": finding.rule, "name": finding.name,
                                    "properties": {"tags": [finding.category]}})
    return descriptors


def _descriptor(rule: Rule) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": rule.why or rule.description},
    }
    help_uri = rule_doc_url(rule)
    if help_uri:
        descriptor["helpUri"] = help_uri
    descriptor["help"] = {"text": rule.why or rule.description, "markdown": rule_markdown(rule)}
    descriptor["defaultConfiguration"] = {"level": LEVELS[rule.severity]}
    descriptor["properties"] = {"tags": [rule.category]}
    return descriptor


def _results(result: SourceResult, index: dict[str, int], bugzilla_url: str) -> list[dict[str, Any]]:
    artifact = _artifact(result.source, bugzilla_url)
    where = artifact["uri"] if artifact else result.source.name
    seen: Counter[tuple] = Counter()
    entries = []
    for finding in result.findings:
        identity = (finding.rule, where, finding.section or "", finding.excerpt)
        ordinal = seen[identity]
        seen[identity] += 1
        entry: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
        }
        if artifact:
            location: dict[str, Any] = {"artifactLocation": artifact}
            region = _region(finding, result.lines)
            if region:
                location["region"] = region
            entry["locations"] = [{"physicalLocation": location}]
        entry["partialFingerprints"] = {FINGERPRINT: fingerprint(*identity, ordinal)}
        entry["properties"] = {"category": finding.category} | ({"section": finding.section}
                                                                if finding.section else {})
        entries.append(entry)
    return entries


def fingerprint(rule: str, where: str, section: str, excerpt: str, ordinal: int) -> str:
    """What identifies a finding across edits: the rule, the file, the section, the text it flags, and which
    of the findings with that same text it is. Never the line: an edit above it must not make it a new alert."""
    identity = "\0".join((rule, where, section, excerpt, str(ordinal)))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()


def _artifact(source: SourceRef, bugzilla_url: str) -> dict[str, str] | None:
    """A path under the source root, a file's absolute URI outside it, the address of a bug, comment or
    attachment; nothing for stdin."""
    url = source.url(bugzilla_url)
    if url is not None:
        return {"uri": url}
    if not source.is_file or source.path is None:
        return None
    relative = workspace_path(source.path)
    if relative is not None:
        return {"uri": quote(relative), "uriBaseId": SOURCE_ROOT}
    return {"uri": Path(source.path).absolute().as_uri()}


def _region(finding: Finding, lines: tuple[str, ...]) -> dict[str, int] | None:
    if finding.line is None:
        return None
    end_line = finding.end_line or finding.line
    if finding.column is None:
        return {"startLine": finding.line, "endLine": end_line}
    region = {"startLine": finding.line, "startColumn": finding.column, "endLine": end_line}
    end_column = finding.end_column
    if end_line == finding.line and (end_column is None or end_column <= finding.column):
        if finding.line > len(lines):
            return region  # a point in a text irlint no longer has: its end is left unsaid
        # A point stands for the rest of its line, as the text format underlines it.
        end_column = max(finding.column, len(lines[finding.line - 1].rstrip()) + 1)
    if end_column is not None:
        region["endColumn"] = end_column
    return region
