"""The default human format: path:line:col, code, name, severity, message, and the line it points at."""

from __future__ import annotations

from collections.abc import Sequence

from linter.formatters.summary import count, plural
from linter.lint import SourceResult


def format_results(results: Sequence[SourceResult]) -> str:
    out: list[str] = []
    for result in results:
        for finding in result.findings:
            where = f"{result.source}:{finding.line or 1}:{finding.column or 1}"
            out.append(f"{where}: {finding.rule} [{finding.severity.value}] {finding.name}: {finding.message}")
            if finding.line and finding.line <= len(result.lines):
                source_line = result.lines[finding.line - 1].expandtabs(4)
                gutter = str(finding.line)
                out.append(f"  {gutter} | {source_line}")
                column = finding.column or 1
                width = (finding.end_column - column) if finding.end_line == finding.line and finding.end_column \
                    and finding.end_column > column else max(1, len(source_line.rstrip()) - column + 1)
                out.append(f"  {' ' * len(gutter)} | {' ' * (column - 1)}{'^' * max(1, width)}")
    totals = count(results)
    out.append(f"{plural(totals['findings'], 'finding')} ({totals['error']} error, {totals['warning']} warning, "
               f"{totals['info']} info) in {plural(totals['sources'], 'source')}")
    return "\n".join(out) + "\n"
