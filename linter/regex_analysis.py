"""Regular expressions read as trees: the one place irlint looks inside a pattern.

Three parts of irlint judge a pattern by its structure: the phrase rules (which literals every match must hold,
and whether a user's pattern can backtrack catastrophically), the case-insensitive search (whether a pattern finds
the same over lower-cased text, linter.casing) and the timeline (how far a date pattern can reach). Python has no
public parser for its own regular expressions; the standard library's private one (``re._parser``) is the only way
to see a pattern's structure without writing a parser. This module is the only one that touches it: ``parse``
turns its tree into the small typed nodes below, and every query reads those.

It imports only linter.terminal (to write a pattern into a message): the module is at the bottom of the import graph.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache, partial

# The standard library's own regex parser and its opcodes (private: read only in parse_with_flags and _convert;
# linter.lazy_regex reads it for max_width).
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

from linter.lazy_regex import lazy_compile
from linter.terminal import escaped

#: The ``high`` of a repeat without an upper bound (``*``, ``+``, ``{2,}``).
UNBOUNDED = sre.MAXREPEAT


@dataclass(frozen=True, slots=True)
class Char:
    """One character: a literal, any character but a literal, any character at all, or a class ``[...]``."""

    #: "literal", "not-literal", "any" or "class".
    kind: str
    code: int = 0
    #: A class's members, in order: ("literal", code), ("range", (low, high)), ("category", name) such as
    #: "CATEGORY_DIGIT", or ("negate", None).
    members: tuple[tuple[str, Any], ...] = ()

    def pattern(self) -> str:
        """The character as a pattern of its own: ".", "a", "[^a]", "[\\w-]"."""
        if self.kind == "any":
            return "."
        if self.kind == "literal":
            return re.escape(chr(self.code))
        if self.kind == "not-literal":
            return f"[^{re.escape(chr(self.code))}]"
        parts = []
        for kind, value in self.members:
            if kind == "negate":
                parts.append("^")
            elif kind == "literal":
                parts.append(re.escape(chr(value)))
            elif kind == "range":
                parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif kind == "category":
                parts.append(_CATEGORIES.get(value, ""))
        return f"[{''.join(parts)}]"


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


@dataclass(frozen=True, slots=True)
class Group:
    """A group, capturing or not; ``(?i:...)`` and ``(?-i:...)`` add or remove flags inside it."""

    body: Sequence
    added_flags: int = 0
    removed_flags: int = 0


@dataclass(frozen=True, slots=True)
class Branch:
    """Alternatives: ``a|b|c``."""

    alternatives: tuple[Sequence, ...]


@dataclass(frozen=True, slots=True)
class Repeat:
    """``body`` repeated ``low`` to ``high`` times (``high`` is UNBOUNDED for ``*``, ``+``, ``{n,}``)."""

    low: int
    high: int
    body: Sequence
    #: "greedy", "lazy" (``*?``) or "possessive" (``*+``).
    kind: str = "greedy"


@dataclass(frozen=True, slots=True)
class Look:
    """A look-ahead or look-behind: matches no character."""

    body: Sequence
    negative: bool
    behind: bool


@dataclass(frozen=True, slots=True)
class Atomic:
    """``(?>...)``."""

    body: Sequence


@dataclass(frozen=True, slots=True)
class BackRef:
    """``\\1`` or ``(?P=name)``: what it matches is known only when matching."""

    group: int


@dataclass(frozen=True, slots=True)
class IfGroup:
    """``(?(1)yes|no)``."""

    yes: Sequence
    no: Sequence | None


@dataclass(frozen=True, slots=True)
class Anchor:
    """``^``, ``$``, ``\\b``, ``\\A``...: a position, no character. ``at`` names it ("AT_BOUNDARY")."""

    at: str


@dataclass(frozen=True, slots=True)
class Other:
    """Anything else the parser gives (a later Python's new construct): queries treat it as unknown."""

    op: str


Node = Char | Group | Branch | Repeat | Look | Atomic | BackRef | IfGroup | Anchor | Other
Sequence = tuple[Node, ...]


def parse(pattern: str, flags: int = 0) -> Sequence:
    """The pattern as a sequence of nodes. Raises re.error for an invalid pattern, RecursionError for one nested
    too deeply to read."""
    return parse_with_flags(pattern, flags)[0]


# A phrase rule asks twice about most phrases (their required words, their case); the nodes are frozen.
@lru_cache(maxsize=1024)
def parse_with_flags(pattern: str, flags: int = 0) -> tuple[Sequence, int]:
    """The pattern as a sequence of nodes, and the flags in force at its top: ``flags`` and the pattern's own
    global ones (a leading ``(?i)``). Raises as ``parse`` does."""
    tree = sre_parse.parse(pattern, flags)
    return _convert(tree), tree.state.flags


def _convert(items: Any) -> Sequence:
    """The one walk over the private parser's tree."""
    return tuple(_node(op, av) for op, av in items)


_REPEAT_KINDS = {sre.MAX_REPEAT: "greedy", sre.MIN_REPEAT: "lazy", sre.POSSESSIVE_REPEAT: "possessive"}
_MEMBER_KINDS = {sre.LITERAL: "literal", sre.RANGE: "range", sre.CATEGORY: "category", sre.NEGATE: "negate"}


def _node(op: Any, av: Any) -> Node:
    if op is sre.LITERAL:
        return Char("literal", av)
    if op is sre.NOT_LITERAL:
        return Char("not-literal", av)
    if op is sre.ANY:
        return Char("any")
    if op is sre.IN:
        return Char("class", members=tuple((_MEMBER_KINDS.get(kind, str(kind)),
                                            str(value) if kind is sre.CATEGORY else value) for kind, value in av))
    if op is sre.SUBPATTERN:
        return Group(_convert(av[3]), av[1], av[2])
    if op is sre.BRANCH:
        return Branch(tuple(_convert(branch) for branch in av[1]))
    if op in _REPEAT_KINDS:
        return Repeat(av[0], av[1], _convert(av[2]), _REPEAT_KINDS[op])
    if op is sre.ASSERT or op is sre.ASSERT_NOT:
        return Look(_convert(av[1]), op is sre.ASSERT_NOT, av[0] < 0)
    if op is sre.ATOMIC_GROUP:
        return Atomic(_convert(av))
    if op is sre.GROUPREF:
        return BackRef(av)
    if op is sre.GROUPREF_EXISTS:
        return IfGroup(_convert(av[1]), _convert(av[2]) if av[2] is not None else None)
    if op is sre.AT:
        return Anchor(str(av))
    return Other(str(op))


def children(node: Node) -> tuple[Sequence, ...]:
    """The sequences directly inside a node."""
    if isinstance(node, (Group, Repeat, Look, Atomic)):
        return (node.body,)
    if isinstance(node, Branch):
        return node.alternatives
    if isinstance(node, IfGroup):
        return (node.yes,) if node.no is None else (node.yes, node.no)
    return ()


def walk(sequence: Sequence) -> Iterator[Node]:
    """Every node of a sequence and of the sequences inside it, depth first."""
    for node in sequence:
        yield node
        for inner in children(node):
            yield from walk(inner)


# --- casing: which letters a pattern tests --------------------------------------------------------------------

def only_lower_case(sequence: Sequence) -> bool:
    """Whether every letter the sequence tests is lower-case ASCII and every other character it names has no
    case, with no part that matches case-sensitively (``(?-i:...)``) and no construct this cannot judge."""
    for node in sequence:
        if isinstance(node, Char):
            if node.kind in ("literal", "not-literal"):
                if not _lower_ascii(node.code):
                    return False
            elif node.kind == "class" and not all(map(_lower_member, node.members)):
                return False
        elif isinstance(node, Group):
            if node.removed_flags & re.IGNORECASE or not only_lower_case(node.body):
                return False
        elif isinstance(node, (Branch, Repeat, Look, Atomic)):
            if not all(only_lower_case(inner) for inner in children(node)):
                return False
        elif not isinstance(node, (Anchor, BackRef)):
            return False
    return True


def _lower_member(member: tuple[str, Any]) -> bool:
    kind, value = member
    if kind == "literal":
        return _lower_ascii(value)
    if kind == "range":
        return value[1] < 128 and (value[1] < ord("A") or value[0] > ord("Z"))
    return kind in ("category", "negate")


def _lower_ascii(code: int) -> bool:
    """A lower-case ASCII character, or one without case (digits, punctuation, "’")."""
    char = chr(code)
    return not char.isupper() if code < 128 else char.lower() == char == char.upper()


# --- required literals: the prefilter of the phrase rules ------------------------------------------------------
#
# Python's regex engine tries every alternative of a phrase list at every word start, which makes a rule pack
# cost several times a Markdown parse. Most phrases hinge on a distinctive word ("remind", "oversight"): when no
# such word occurs in a text, the phrase cannot match there, and a plain substring test says so far faster.
# This is the prefilter idea of RE2 and Hyperscan, kept small: a pattern gives the literal sets it requires
# (a string of each must occur), and a pattern that requires none always runs.

#: Literals shorter than this are too common to be worth a test ("is", "we").
_MIN_LENGTH = 4


def required_literals(pattern: str, ignorecase: bool) -> tuple[frozenset[str], ...]:
    """Sets of strings (case-folded when ``ignorecase``): every match of ``pattern`` contains a string of each
    set. Empty when nothing is certain."""
    try:
        parsed = parse(pattern, re.IGNORECASE if ignorecase else 0)
    except (re.error, RecursionError):
        return ()
    fold = str.casefold if ignorecase else str
    return tuple(frozenset(fold(s) for s in found) for found in _literal_sets(parsed))


def _literal_sets(sequence: Sequence) -> list[set[str]]:
    """Every literal set the required parts of a sequence give."""
    required: list[set[str]] = []
    run: list[str] = []
    for node in sequence:
        if isinstance(node, Char) and node.kind == "literal":
            run.append(chr(node.code))
            continue
        if len(run) >= _MIN_LENGTH:
            required.append({"".join(run)})
        run = []
        required += _node_literal_sets(node)
    if len(run) >= _MIN_LENGTH:
        required.append({"".join(run)})
    return required


def _node_literal_sets(node: Node) -> list[set[str]]:
    if isinstance(node, Group):
        return _literal_sets(node.body)
    if isinstance(node, Branch):
        # Every branch must bring a literal, or the alternation promises none; each gives its rarest set
        # (the one whose shortest string is longest).
        best = [max(_literal_sets(branch), key=lambda s: min(map(len, s)), default=None)
                for branch in node.alternatives]
        return [set().union(*best)] if all(best) else []
    if isinstance(node, Repeat) and node.kind != "possessive" and node.low >= 1:
        return _literal_sets(node.body)
    return []


# --- catastrophic backtracking --------------------------------------------------------------------------------
#
# Python's regex engine backtracks, and cannot be interrupted or given a time limit. A pattern such as (a+)+$
# takes time exponential in the length of a text it fails on, and rule packs run on untrusted text: such
# patterns are refused when the rule loads. The shape that explodes is a repeat inside a repeated group whose
# end is ambiguous: where the inner repeat stops, the characters it could go on matching are also the ones the
# next part (the rest of the group, or the group's next round) starts with, so every way of sharing a run of
# them between rounds is tried. Where the inner repeat and what follows it cannot start with the same character
# -- (?:[\w-]+ ){0,3} or (?:\w+\s+)* -- each round's end is fixed and matching stays linear. Alternatives that
# overlap ((a|aa)+) and polynomial patterns (a*a*a*b) are not caught: docs/security.md says why that is
# acceptable.
#
# "Can start with the same character" is decided on exact sets of code points (CodePoints), not on a sample of
# characters: a sample let two classes that share only characters outside it ([^\x00-\xff\u0660]+ and \d)
# pass. The flags are those in force at each node, scoped groups and the pattern's own (?i) included.

#: The flags that change which characters one character node matches.
_CHAR_FLAGS = re.IGNORECASE | re.ASCII | re.DOTALL
_LAST = 0x10FFFF
# Only a group can hold a repeat, and only a quantifier that allows two rounds or more repeats it: a pattern
# without a group closed by one needs no parse (most rule patterns; the parse costs more than the rest). In verbose
# mode ((?x), also scoped: (?x:...)) white space and comments may stand between the group and its quantifier.
_LOOPING_GROUP = lazy_compile(r"\)(?:\s|#[^\n]*\n)*(?:[*+]|\{\d*,|\{\d{2,}\}|\{[2-9]\})")


@dataclass(frozen=True, slots=True)
class CodePoints:
    """A set of characters, exactly: sorted, disjoint, non-adjacent ranges of code points (ends included)."""

    ranges: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, ranges: Iterator[tuple[int, int]] | list[tuple[int, int]]) -> CodePoints:
        merged: list[tuple[int, int]] = []
        for low, high in sorted(ranges):
            if merged and low <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
            else:
                merged.append((low, high))
        return cls(tuple(merged))

    def __or__(self, other: CodePoints) -> CodePoints:
        return CodePoints.of([*self.ranges, *other.ranges])

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def complement(self) -> CodePoints:
        gaps, start = [], 0
        for low, high in self.ranges:
            if low > start:
                gaps.append((start, low - 1))
            start = high + 1
        if start <= _LAST:
            gaps.append((start, _LAST))
        return CodePoints(tuple(gaps))

    def overlaps(self, other: CodePoints) -> bool:
        """Whether a character lies in both sets."""
        mine, theirs = self.ranges, other.ranges
        i = j = 0
        while i < len(mine) and j < len(theirs):
            if mine[i][1] < theirs[j][0]:
                i += 1
            elif theirs[j][1] < mine[i][0]:
                j += 1
            else:
                return True
        return False


NOTHING = CodePoints()
EVERYTHING = CodePoints(((0, _LAST),))
#: Per character node and flags: the characters it matches.
_MEMBERS: dict[tuple[Char, int], CodePoints] = {}


def members(char: Char, flags: int) -> CodePoints:
    """Exactly the characters a character node matches under ``flags``.

    Literals, ranges and their negations without IGNORECASE are read off the node. Categories (\\w, \\d, \\s) and
    case-insensitive matching follow Unicode tables that only the engine applies as it does: there the engine
    itself decides, for every code point (the node compiled alone and run over all of them, once per node)."""
    flags &= _CHAR_FLAGS
    key = (char, flags)
    if key not in _MEMBERS:
        direct = _direct(char, flags)
        _MEMBERS[key] = _by_engine(char, flags) if direct is None else direct
    return _MEMBERS[key]


def _direct(char: Char, flags: int) -> CodePoints | None:
    """The node's characters when no table decides them; None otherwise."""
    if char.kind == "any":
        return EVERYTHING if flags & re.DOTALL else CodePoints.of([(0, 9), (11, _LAST)])
    if char.kind in ("literal", "not-literal"):
        if flags & re.IGNORECASE and _cased(char.code):
            return None
        single = CodePoints(((char.code, char.code),))
        return single if char.kind == "literal" else single.complement()
    ranges, negated = [], False
    for kind, value in char.members:
        if kind == "negate":
            negated = True
        elif kind == "literal" and not (flags & re.IGNORECASE and _cased(value)):
            ranges.append((value, value))
        elif kind == "range" and not flags & re.IGNORECASE:
            ranges.append(value)
        else:
            return None
    found = CodePoints.of(ranges)
    return found.complement() if negated else found


def _cased(code: int) -> bool:
    """Whether case-insensitive matching can treat the character otherwise than itself: it has another case.
    (A character whose full case mappings leave it alone has no simple mapping either, which the engine reads.)"""
    char = chr(code)
    return char.lower() != char or char.upper() != char


def _by_engine(char: Char, flags: int) -> CodePoints:
    if any(kind not in ("literal", "range", "category", "negate") for kind, _ in char.members) or any(
            kind == "category" and value not in _CATEGORIES for kind, value in char.members):
        return EVERYTHING  # a member this module does not know: it may match anything
    runs = re.compile(f"(?:{char.pattern()})+", flags)
    return CodePoints(tuple((start, end - 1) for start, end in
                            (match.span() for match in runs.finditer(_every_character()))))


@cache
def _every_character() -> str:
    """Every code point once, in order: the character at index i is chr(i) (surrogates included)."""
    return array("I", range(_LAST + 1)).tobytes().decode("utf-32-le", "surrogatepass")


def ambiguous_repeat(pattern: str, ignorecase: bool) -> str | None:
    """A description of the first repeat, inside a repeated group, that can also match what follows it ("a+",
    "[\\w]+", "(...){1,3}"); None when there is none. Raises RecursionError for a pattern nested too deeply.

    Which characters overlap is decided exactly (``members``), under the flags in force at each node: the rule's,
    the pattern's own global ones ((?i) at its start) and those of the groups around it ((?i:...), (?-i:...))."""
    if not _LOOPING_GROUP.search(pattern):
        return None
    parsed, flags = parse_with_flags(pattern, re.IGNORECASE if ignorecase else 0)
    if not _has_nested_repeat(parsed, False):
        return None
    return _scan(parsed, _nothing, False, flags)


def _has_nested_repeat(sequence: Sequence, inside: bool) -> bool:
    for node in sequence:
        if isinstance(node, Repeat):
            if inside or _has_nested_repeat(node.body, node.high > 1):
                return True
        elif any(_has_nested_repeat(inner, inside) for inner in children(node)):
            return True
    return False


def _inner_flags(node: Node, flags: int) -> int:
    """The flags in force inside a node: a group's own add to or remove from those around it."""
    if isinstance(node, Group):
        return (flags | node.added_flags) & ~node.removed_flags
    return flags


def _first(sequence: Sequence, flags: int) -> tuple[CodePoints, bool]:
    """The characters a match of the sequence can start with, and whether it can match the empty text."""
    found = NOTHING
    for node in sequence:
        start, empty = _first_of(node, flags)
        found |= start
        if not empty:
            return found, False
    return found, True


def _first_of(node: Node, flags: int) -> tuple[CodePoints, bool]:
    if isinstance(node, Char):
        return members(node, flags), False
    if isinstance(node, (Group, Atomic)):
        return _first(node.body, _inner_flags(node, flags))
    if isinstance(node, Branch):
        branches = [_first(branch, flags) for branch in node.alternatives]
        return CodePoints.of([r for start, _ in branches for r in start.ranges]), any(e for _, e in branches)
    if isinstance(node, Repeat):
        start, empty = _first(node.body, flags)
        return start, empty or node.low == 0
    if isinstance(node, (Anchor, Look)):
        return NOTHING, True  # a position: matches no character
    return EVERYTHING, True  # a back-reference, a conditional, a construct unknown here: anything, or nothing


#: A set of characters computed the first time a question needs it: a character node's set may cost a scan of
#: every code point, and most sets of a pattern are never compared (what follows a group that does not repeat).
Later = Callable[[], CodePoints]


def _later(make: Later) -> Later:
    return cache(make)


def _nothing() -> CodePoints:
    return NOTHING


def _scan(sequence: Sequence, follow: Later, looping: bool, flags: int) -> str | None:
    """Look right to left through a sequence, knowing what can follow it (``follow``) and whether it lies in a
    group that repeats (``looping``)."""
    after = follow
    for node in reversed(sequence):
        found = _scan_node(node, after, looping, flags)
        if found:
            return found
        after = _later(partial(_then, node, after, flags))
    return None


def _then(node: Node, after: Later, flags: int) -> CodePoints:
    """What a match starting at ``node`` can start with, ``after`` being what follows the node."""
    start, empty = _first_of(node, flags)
    return start | after() if empty else start


def _scan_node(node: Node, follow: Later, looping: bool, flags: int) -> str | None:
    inner_flags = _inner_flags(node, flags)
    if isinstance(node, (Group, Atomic, Branch, IfGroup)):
        # An empty branch of a conditional holds nothing to scan.
        return next(filter(None, (_scan(inner, follow, looping, inner_flags)
                                  for inner in children(node) if inner)), None)
    if isinstance(node, Look):
        return _scan(node.body, _nothing, looping, flags)
    if not isinstance(node, Repeat):
        return None
    start = _later(lambda: _first(node.body, flags)[0])
    if looping and node.high > node.low and start().overlaps(follow()):
        return _describe(node)
    if node.high > 1:
        # Inside the group, a round is followed by the next round; where the group itself repeats inside
        # another, also by what follows the group.
        return _scan(node.body, _later(lambda: start() | follow()) if looping else start, True, flags)
    return _scan(node.body, follow, looping, flags)


def _describe(repeat: Repeat) -> str:
    """The repeat as a reader would write it, near enough to find it in the pattern: "a+", "\\w*", "(...){1,3}"."""
    body = repeat.body
    text = body[0].pattern() if len(body) == 1 and isinstance(body[0], Char) else "(...)"
    low, high = repeat.low, repeat.high
    many = high == UNBOUNDED
    quantifier = {(0, True): "*", (1, True): "+"}.get((low, many)) or ("?" if (low, high) == (0, 1) else
                                                                        f"{{{low},{'' if many else high}}}")
    return escaped(text + quantifier)
