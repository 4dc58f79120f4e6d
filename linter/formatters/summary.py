"""Counts shared by the formatters."""

from __future__ import annotations

from collections.abc import Sequence

from linter.lint import SourceResult


def count(results: Sequence[SourceResult]) -> dict[str, int]:
    """Sources, findings and findings per severity."""
    totals = {"sources": len(results), "findings": 0, "error": 0, "warning": 0, "info": 0}
    for result in results:
        for finding in result.findings:
            totals["findings"] += 1
            totals[finding.severity.value] += 1
    return totals


def plural(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
