"""The stable JSON output (schemas/findings.schema.json)."""

from __future__ import annotations

import json

from linter import __version__
from linter.formatters.outcome import Outcome
from linter.formatters.summary import count
from linter.terminal import inert_json


def format_results(outcome: Outcome) -> str:
    document = {
        "irlint_version": __version__,
        "results": [
            {"source": r.source.name, "reports": [report.summary() for report in r.reports],
             "findings": [finding.as_dict() for finding in r.findings]}
            for r in outcome.results if r.error is None
        ],
        "summary": count([r for r in outcome.results if r.error is None]),
    }
    if outcome.bugs:
        document["bugs"] = [dict(row) for row in outcome.bugs]
    if outcome.changes is not None:
        document["changes"] = dict(outcome.changes)
    if outcome.history is not None:
        document["history"] = dict(outcome.history)
    # Printed to a terminal as often as read by a program: what a terminal would act on is written escaped.
    return inert_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
