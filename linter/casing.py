"""Case-insensitive patterns run as case-sensitive ones over lower-cased text, where that finds the same.

Python's regex engine compares each character case-insensitively under IGNORECASE, which makes a list of
phrases several times slower to search than the same list without it. A pattern whose letters are all lower-case
ASCII (capitals lowered first: under IGNORECASE "BRs?" is "brs?") finds in ``text.lower()`` what it finds with
IGNORECASE in ``text``, as long as lowering keeps the text's length and leaves no letter IGNORECASE would still
match. The pattern side is decided on its parse (linter.regex_analysis).
"""

from __future__ import annotations

import re

#: Letters that match an ASCII letter under re.IGNORECASE but that str.lower() leaves as they are ("ı" matches
#: "i", "ſ" matches "s"); "İ" and others whose lower case is longer change the text's length instead.
UNLOWERED = frozenset("\u0131\u017f")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lowered(text: str) -> str | None:
    """``text`` lower-cased, or None when lowering would change its offsets ("İ" becomes two characters) or keep
    a letter that IGNORECASE matches with an ASCII one ("ſ")."""
    result = text.lower()
    if len(result) != len(text) or not UNLOWERED.isdisjoint(result):
        return None
    return result


def lowercase_equivalent(pattern: str) -> bool:
    """``pattern`` compiled without IGNORECASE finds in lower-cased text what it finds with IGNORECASE in the
    text itself: its letters are lower-case ASCII and its other characters have no case, so lowering the text
    loses nothing it tests. (The text must also keep its length when lowered and hold none of UNLOWERED.)
    Python's regex engine compares each character case-insensitively under IGNORECASE, which makes a phrase
    list several times slower."""
    from linter.regex_analysis import only_lower_case, parse  # the shipped phrases' answers are kept (kinds.py)

    try:
        return only_lower_case(parse(pattern, re.IGNORECASE))
    except (re.error, RecursionError):
        return False


def lower_letters(pattern: str) -> str:
    """``pattern`` with its ASCII capitals lower-cased, except the letter of an escape (``\\S`` is not ``\\s``)
    and the P of a named group. Under IGNORECASE the two patterns match the same; "BRs?" can then run as "brs?"
    over lower-cased text. (Group names are lowered alike, and two that become one fail to compile.)"""
    lowered_all = pattern.translate(_ASCII_LOWER)
    if lowered_all == pattern or ("\\" not in pattern and "(?P" not in pattern):
        return lowered_all  # no capital, or none to keep: most phrases, not read character by character
    out: list[str] = []
    escaped = False
    for char in pattern:
        keep = escaped or not "A" <= char <= "Z" or (char == "P" and out[-2:] == ["(", "?"])
        out.append(char if keep else char.lower())
        escaped = not escaped and char == "\\"
    return "".join(out)
