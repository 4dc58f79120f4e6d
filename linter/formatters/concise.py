"""One line per finding: path:line:col: CODE message."""

from __future__ import annotations

from collections.abc import Sequence

from linter.lint import SourceResult


def format_results(results: Sequence[SourceResult]) -> str:
    lines = [f"{result.source}:{finding.line or 1}:{finding.column or 1}: {finding.rule} {finding.message}"
             for result in results for finding in result.findings]
    return "".join(line + "\n" for line in lines)
