"""One line per finding: path:line:col: CODE message."""

from __future__ import annotations

from linter.formatters.outcome import Outcome
from linter.terminal import inert


def format_results(outcome: Outcome) -> str:
    lines = [inert(f"{result.source.name}:{finding.line or 1}:{finding.column or 1}: {finding.rule} {finding.message}")
             for result in outcome.results for finding in result.findings]
    return "".join(line + "\n" for line in lines)
