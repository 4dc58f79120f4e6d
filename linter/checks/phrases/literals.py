"""Required literals of a regular expression: strings one of which every match must contain.

Python's regex engine tries every alternative of a phrase list at every word start, which makes a rule pack
cost several times a Markdown parse. Most phrases hinge on a distinctive word ("remind", "oversight"): when no
such word occurs in a text, the phrase cannot match there, and a plain substring test says so far faster.
This is the prefilter idea of RE2 and Hyperscan, kept small: a pattern gives the literal sets it requires
(a string of each must occur), and a pattern that requires none always runs.
"""

from __future__ import annotations

import re

# The standard library's own regex parser: the only way to see a pattern's structure without writing a parser.
from re import _constants as sre
from re import _parser as sre_parse

#: Literals shorter than this are too common to be worth a test ("is", "we").
_MIN_LENGTH = 4


def required_literals(pattern: str, ignorecase: bool) -> tuple[frozenset[str], ...]:
    """Sets of strings (case-folded when ``ignorecase``): every match of ``pattern`` contains a string of each
    set. Empty when nothing is certain."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE if ignorecase else 0)
    except (re.error, RecursionError):
        return ()
    fold = str.casefold if ignorecase else str
    return tuple(frozenset(fold(s) for s in found) for found in _sequence(list(parsed)))


def _sequence(items: list) -> list[set[str]]:
    """Every literal set the required parts of a sequence give."""
    required: list[set[str]] = []
    run: list[str] = []
    for op, value in items:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        if len(run) >= _MIN_LENGTH:
            required.append({"".join(run)})
        run = []
        required += _item(op, value)
    if len(run) >= _MIN_LENGTH:
        required.append({"".join(run)})
    return required


def _item(op, value) -> list[set[str]]:
    if op is sre.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is sre.BRANCH:
        # Every branch must bring a literal, or the alternation promises none; each gives its rarest set
        # (the one whose shortest string is longest).
        best = [max(_sequence(list(branch)), key=lambda s: min(map(len, s)), default=None) for branch in value[1]]
        return [set().union(*best)] if all(best) else []
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and value[0] >= 1:
        return _sequence(list(value[2]))
    return []

