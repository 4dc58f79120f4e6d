"""--statistics: how many findings of each rule, most frequent first."""

from __future__ import annotations

from collections import Counter

from linter.formatters.outcome import Outcome


def format_statistics(outcome: Outcome) -> str:
    counts = Counter((finding.rule, finding.name) for result in outcome.results for finding in result.findings)
    if not counts:
        return ""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    code_width = max(len(code) for (code, _), _ in rows)
    count_width = max(len(str(number)) for _, number in rows)
    return "".join(f"{code:<{code_width}}  {number:>{count_width}}  {name}\n" for (code, name), number in rows)
