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


#: Letters that match an ASCII letter under re.IGNORECASE but that str.lower() leaves as they are ("ı" matches
#: "i", "ſ" matches "s"); "İ" and others whose lower case is longer change the text's length instead.
UNLOWERED = frozenset("\u0131\u017f")


def lowercase_equivalent(pattern: str) -> bool:
    """``pattern`` compiled without IGNORECASE finds in lower-cased text what it finds with IGNORECASE in the
    text itself: its letters are lower-case ASCII and its other characters have no case, so lowering the text
    loses nothing it tests. (The text must also keep its length when lowered and hold none of UNLOWERED.)
    Python's regex engine compares each character case-insensitively under IGNORECASE, which makes a phrase
    list several times slower."""
    try:
        return _lower_only(list(sre_parse.parse(pattern, re.IGNORECASE)))
    except (re.error, RecursionError):
        return False


def lower_letters(pattern: str) -> str:
    """``pattern`` with its ASCII capitals lower-cased, except the letter of an escape (``\\S`` is not ``\\s``)
    and the P of a named group. Under IGNORECASE the two patterns match the same; "BRs?" can then run as "brs?"
    over lower-cased text. (Group names are lowered alike, and two that become one fail to compile.)"""
    out: list[str] = []
    escaped = False
    for char in pattern:
        keep = escaped or not "A" <= char <= "Z" or (char == "P" and out[-2:] == ["(", "?"])
        out.append(char if keep else char.lower())
        escaped = not escaped and char == "\\"
    return "".join(out)


def _lower_only(items: list) -> bool:
    for op, value in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            if not _lower_ascii(value):
                return False
        elif op is sre.IN:
            if not all(_lower_ascii(v) if o in (sre.LITERAL, sre.NOT_LITERAL)
                       else (v[1] < 128 and (v[1] < ord("A") or v[0] > ord("Z"))) if o is sre.RANGE
                       else o in (sre.CATEGORY, sre.NEGATE) for o, v in value):
                return False
        elif op is sre.SUBPATTERN:
            # (?-i:...) matches case-sensitively: lowering the text would change what it finds.
            if value[2] & re.IGNORECASE or not _lower_only(list(value[-1])):
                return False
        elif op is sre.BRANCH:
            if not all(_lower_only(list(branch)) for branch in value[1]):
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if not _lower_only(list(value[2])):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _lower_only(list(value[1])):
                return False
        elif op is sre.ATOMIC_GROUP:
            if not _lower_only(list(value)):
                return False
        elif op not in (sre.AT, sre.ANY, sre.CATEGORY, sre.GROUPREF):
            return False
    return True


def _lower_ascii(code: int) -> bool:
    """A lower-case ASCII character, or one without case (digits, punctuation, "’")."""
    char = chr(code)
    return not char.isupper() if code < 128 else char.lower() == char == char.upper()
