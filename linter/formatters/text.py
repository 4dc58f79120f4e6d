"""The default human format: path:line:col, code, name, severity, message, and the line it points at.

A long source line is cut around the span, with an ellipsis where text was left out, so that the carets under it
cover the span as far as that line shows it. Colour (``Outcome.color``, decided by the command line) marks the
severity, the rule code and the carets with ANSI SGR sequences; without it the output is plain text.
"""

from __future__ import annotations

from linter.formatters.outcome import Outcome
from linter.formatters.summary import count, plural
from linter.terminal import inert

#: The places of a long source line shown under a finding, cut around the span.
WIDTH = 120
#: A line at most this many places over WIDTH is shown whole: cutting it would save little.
SLACK = 10
#: Places kept before the span when a line is cut.
CONTEXT = 20
ELLIPSIS = "\u2026"
#: ANSI SGR parameters: bold, and each severity's colour (red, yellow, cyan); the gutter is blue.
BOLD = "1"
SEVERITY_COLOR = {"error": "1;31", "warning": "1;33", "info": "1;36"}
GUTTER = "34"


def format_results(outcome: Outcome) -> str:
    def paint(text: str, sgr: str) -> str:
        return f"\x1b[{sgr}m{text}\x1b[0m" if outcome.color and text else text

    out: list[str] = []
    for result in outcome.results:
        for finding in result.findings:
            severity = finding.severity.value
            where = f"{inert(result.source.name)}:{finding.line or 1}:{finding.column or 1}:"
            out.append(f"{paint(where, BOLD)} {paint(inert(finding.rule), BOLD)} "
                       f"{paint(f'[{severity}]', SEVERITY_COLOR[severity])} {inert(finding.name)}: "
                       f"{inert(finding.message)}")
            if finding.line and finding.line <= len(result.lines):
                raw = result.lines[finding.line - 1]
                gutter = str(finding.line)
                column = finding.column or 1
                if finding.end_line == finding.line and finding.end_column and finding.end_column > column:
                    end = finding.end_column
                else:
                    end = max(column + 1, len(raw.rstrip()) + 1)
                # Columns count characters of the line as written; the carets count the places it takes as
                # shown, with tabs expanded and escape sequences gone.
                shown = inert(raw).expandtabs(4)
                start, stop = (len(inert(raw[:c - 1]).expandtabs(4)) for c in (column, end))
                text, start, stop = _cut(shown, start, stop)
                out.append(f"  {paint(gutter + ' |', GUTTER)} {text}")
                carets = " " * start + paint("^" * max(1, stop - start), SEVERITY_COLOR[severity])
                out.append(f"  {paint(' ' * len(gutter) + ' |', GUTTER)} {carets}")
    if not outcome.summary:
        return "".join(line + "\n" for line in out)
    totals = count(outcome.results)
    out.append(f"{plural(totals['findings'], 'finding')} ({totals['error']} error, {totals['warning']} warning, "
               f"{totals['info']} info) in {plural(totals['sources'], 'source')}")
    return "\n".join(out) + "\n"


def _cut(shown: str, start: int, stop: int) -> tuple[str, int, int]:
    """``shown`` cut to at most WIDTH places around the span start..stop (places of ``shown``), with an ellipsis
    at each end that was cut; and the span's places in what is kept, clipped to it."""
    if len(shown) <= WIDTH + SLACK:
        return shown, start, stop
    # The head of the line stays when the span ends within it; else the span starts CONTEXT places in.
    first = 0 if stop <= WIDTH else max(0, min(start - CONTEXT, len(shown) - WIDTH))
    last = first + WIDTH
    head = ELLIPSIS if first else ""
    tail = ELLIPSIS if last < len(shown) else ""
    shift = len(head) - first
    return head + shown[first:last] + tail, max(start, first) + shift, min(stop, last) + shift
