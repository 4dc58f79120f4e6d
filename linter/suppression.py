"""Inline suppression: ``<!-- irlint-disable R001 -->`` … ``<!-- irlint-enable R001 -->`` and
``<!-- irlint-disable-next-line R001 -->``. A directive names rules by code or name; without any it covers every
rule; text after "--" is a reason. A directive is one comment on one line.

HTML comments do not show on the rendered bug page, so a CA can keep them in the Markdown it posts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from linter.document import CODE, Document
from linter.findings import Finding
from linter.lazy_regex import lazy_compile

_DIRECTIVE = lazy_compile(r"<!--\s*irlint-(disable-next-line|disable|enable)\b(.*?)-->", re.IGNORECASE)
ALL = "*"


@dataclass(frozen=True)
class Directive:
    """One suppression comment."""

    action: str
    #: The rules it names, codes upper case and names lower case, as written; empty for every rule.
    codes: tuple[str, ...]
    line: int
    column: int
    end_column: int
    text: str

    def covers(self, finding: Finding) -> bool:
        return not self.codes or finding.rule in self.codes or finding.name in self.codes


def directives(document: Document) -> list[Directive]:
    """Every suppression comment of the document, in order (none inside code blocks)."""
    found = []
    for number, line in enumerate(document.lines, 1):
        if "irlint-" not in line or document.kinds[number - 1] == CODE:
            continue
        for match in _DIRECTIVE.finditer(line):
            if line[:match.start()].count("`") % 2:
                continue  # inside inline code: an example of a directive, not one
            words = [w.strip(":;.") for w in re.split(r"[\s,]+", match.group(2).split("--", 1)[0])]
            codes = tuple(w.upper() if re.fullmatch(r"[A-Za-z][0-9]+", w) else w.lower() for w in words if w)
            found.append(Directive(match.group(1).lower(), codes, number, match.start() + 1, match.end() + 1,
                                   match.group()))
    return found


def suppress(document: Document, findings: Iterable[Finding]) -> tuple[list[Finding], dict[Directive, set[str]]]:
    """The findings no directive covers, and for each directive the codes it suppressed."""
    found = directives(document)
    used: dict[Directive, set[str]] = {d: set() for d in found}
    if not found:
        return list(findings), used
    next_line = {}
    for directive in found:
        if directive.action == "disable-next-line":
            next_line.setdefault(directive.line + 1, []).append(directive)
    changes, states = _ranges(found)
    kept = []
    for finding in findings:
        by = _suppressor(finding, next_line, changes, states)
        if by is None:
            kept.append(finding)
        else:
            used[by] |= {finding.rule, finding.name}
    return kept, used


def _ranges(found: Sequence[Directive]) -> tuple[list[int], list[dict[str, Directive | None]]]:
    """The lines where what is disabled changes, and from each of them on: the directive that disabled each
    rule (ALL for every rule), or None for a rule enabled again inside a disable-all."""
    changes: list[int] = [0]
    states: list[dict[str, Directive | None]] = [{}]
    for directive in found:
        if directive.action == "disable-next-line":
            continue
        state = dict(states[-1])
        if directive.action == "disable":
            for code in directive.codes or (ALL,):
                state[code] = directive
        elif directive.codes:
            for code in directive.codes:
                if ALL in state:
                    state[code] = None
                else:
                    state.pop(code, None)
        else:
            state.clear()
        changes.append(directive.line)
        states.append(state)
    return changes, states


def _suppressor(finding: Finding, next_line: dict[int, list[Directive]], changes: list[int],
                states: list[dict[str, Directive | None]]) -> Directive | None:
    if finding.line is None:
        return None
    for directive in next_line.get(finding.line, ()):
        if directive.covers(finding):
            return directive
    state = states[bisect.bisect_right(changes, finding.line) - 1]
    for key in (finding.rule, finding.name):
        if key in state:
            return state[key]
    return state.get(ALL)


_TABLE_ROW = lazy_compile(r"^\s*\|.*\|\s*$")


def table_splits(lines: Sequence[str]) -> list[int]:
    """The lines (1-based) of directives written between two rows of a pipe table. Markdown ends a table at the
    first line that is not a row, on Bugzilla too: the rows below become a paragraph, the table loses them (A001,
    and its later rows go unchecked). A directive above the table, or disable … enable around it, keeps it whole."""
    return [number for number in range(2, len(lines))
            if _DIRECTIVE.fullmatch(lines[number - 1].strip())
            and _TABLE_ROW.match(lines[number - 2]) and _TABLE_ROW.match(lines[number])]
