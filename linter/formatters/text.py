"""The default human format: path:line:col, code, name, severity, message, and the line it points at."""

from __future__ import annotations

from linter.formatters.outcome import Outcome
from linter.formatters.summary import count, plural
from linter.terminal import inert


def format_results(outcome: Outcome) -> str:
    out: list[str] = []
    for result in outcome.results:
        for finding in result.findings:
            where = f"{result.source.name}:{finding.line or 1}:{finding.column or 1}"
            out.append(inert(f"{where}: {finding.rule} [{finding.severity.value}] {finding.name}: {finding.message}"))
            if finding.line and finding.line <= len(result.lines):
                raw = result.lines[finding.line - 1]
                gutter = str(finding.line)
                out.append(f"  {gutter} | {inert(raw).expandtabs(4)}")
                column = finding.column or 1
                if finding.end_line == finding.line and finding.end_column and finding.end_column > column:
                    end = finding.end_column
                else:
                    end = max(column + 1, len(raw.rstrip()) + 1)
                # Columns count characters of the line as written; the carets count the places it takes as
                # shown, with tabs expanded and escape sequences gone.
                start, stop = (len(inert(raw[:c - 1]).expandtabs(4)) for c in (column, end))
                out.append(f"  {' ' * len(gutter)} | {' ' * start}{'^' * max(1, stop - start)}")
    if not outcome.summary:
        return "".join(line + "\n" for line in out)
    totals = count(outcome.results)
    out.append(f"{plural(totals['findings'], 'finding')} ({totals['error']} error, {totals['warning']} warning, "
               f"{totals['info']} info) in {plural(totals['sources'], 'source')}")
    return "\n".join(out) + "\n"
