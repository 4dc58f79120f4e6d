"""The default human format: path:line:col, code, name, severity, message, and the line it points at."""

from __future__ import annotations

import re

from linter.formatters.outcome import Outcome
from linter.formatters.summary import count, plural

# What a terminal acts on rather than shows, in the 7-bit and the 8-bit (C1) forms: CSI sequences (cursor moves,
# colours, screen clearing), OSC, DCS, SOS, PM and APC strings up to their terminator (window titles, OSC 8
# links, clipboard writes), and the other two-character ESC sequences.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]")
# Any other control character (tab and line break aside), and the bidirectional embeddings, overrides and
# isolates, which reorder how the rest of a line is shown.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """``text`` as it may be printed: report text, file names and rule packs reach the terminal through the
    formats, and must not move its cursor, clear it, retitle it or hide links in it. Escape sequences go; any
    other control character becomes U+FFFD, so that the reader sees that something was there."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub("\ufffd", _ESCAPE_SEQUENCE.sub("", text))


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
    totals = count(outcome.results)
    out.append(f"{plural(totals['findings'], 'finding')} ({totals['error']} error, {totals['warning']} warning, "
               f"{totals['info']} info) in {plural(totals['sources'], 'source')}")
    return "\n".join(out) + "\n"
