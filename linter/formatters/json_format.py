"""The stable JSON output (schemas/findings.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from linter import __version__
from linter.formatters.summary import count
from linter.lint import SourceResult


def format_results(results: Sequence[SourceResult]) -> str:
    document = {
        "irlint_version": __version__,
        "results": [
            {"source": r.source, "reports": [report.summary() for report in r.reports],
             "findings": [finding.as_dict() for finding in r.findings]}
            for r in results if r.error is None
        ],
        "summary": count([r for r in results if r.error is None]),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
