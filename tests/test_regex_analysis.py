"""The one reading of regular expressions as trees (linter.regex_analysis): it is the only module that touches
the standard library's private parser, it understands every construct that parser gives, and what its queries
promise holds on real matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import regex_analysis
from linter.checks.phrases import BUILT_IN, load_pack
from linter.regex_analysis import (
    UNBOUNDED,
    Anchor,
    Atomic,
    BackRef,
    Branch,
    Char,
    CodePoints,
    Group,
    IfGroup,
    Look,
    Other,
    Repeat,
    ambiguous_repeat,
    members,
    parse,
    required_literals,
    walk,
)
from linter.resources import resource_dir

LINTER = Path(regex_analysis.__file__).parent
PRIVATE = re.compile(r"\bre\._parser\b|\bre\._constants\b|\bsre_parse\b|\bsre_constants\b|from re import _")


def test_only_one_module_reads_the_private_parser() -> None:
    readers = sorted(str(path.relative_to(LINTER.parent)) for path in LINTER.rglob("*.py")
                     if PRIVATE.search(path.read_text(encoding="utf-8")))
    # lazy_regex.max_width too: one call the extraction needs on every run, without this module's import.
    assert readers == ["linter/lazy_regex.py", "linter/regex_analysis.py"]


def test_every_construct_becomes_a_typed_node() -> None:
    pattern = r"^(?P<w>a[^b-d\w]|.)+?\b(?>x*+)(?=y)(?<!z)(?(w)e|f)(?P=w)[^q](?-i:K){2,5}$"
    nodes = list(walk(parse(pattern, re.IGNORECASE)))
    assert not [node for node in nodes if isinstance(node, Other)]
    kinds = {type(node) for node in nodes}
    assert {Anchor, Atomic, BackRef, Branch, Char, Group, IfGroup, Look, Repeat} <= kinds
    (lazy,) = [node for node in nodes if isinstance(node, Repeat) and node.kind == "lazy"]
    assert (lazy.low, lazy.high) == (1, UNBOUNDED)
    (klass,) = [node for node in nodes if isinstance(node, Char) and ("negate", None) in node.members
                and len(node.members) > 2]
    assert klass.pattern() == r"[^b-d\w]"
    assert [node.removed_flags & re.IGNORECASE for node in nodes if isinstance(node, Group)] == [0, re.IGNORECASE]


@pytest.mark.parametrize(("pattern", "shown"), [("(a+)+$", "a+"), (r"(\w+\s?)+$", r"[\w]+"), ("(.*)*z", ".*"),
                                                ("(a{1,3})+z", "a{1,3}"), (r"(?:[\w-]+ ){0,3}x", None)])
def test_a_repeat_that_can_share_its_end_with_the_next_round_is_named(pattern: str, shown: str | None) -> None:
    assert ambiguous_repeat(pattern, True) == shown


WORDS = ["remind", "staff", "error", "oversight", "we", "a", "b", "x"]
pieces = st.recursive(
    st.sampled_from(WORDS).map(re.escape) | st.sampled_from([r"\s", r"\w", "[ab]", "."]),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map("".join),
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: "(?:" + "|".join(parts) + ")"),
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{1,2}", "{0,2}", "+?"])).map(lambda p: f"(?:{p[0]}){p[1]}"),
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(pieces, st.lists(st.sampled_from([*WORDS, " ", "ab", "REMIND", "Staff"]), max_size=12).map("".join))
def test_every_match_holds_a_literal_of_each_required_set(pattern: str, text: str) -> None:
    required = required_literals(pattern, True)
    for match in re.finditer(pattern, text, re.IGNORECASE):
        found = match.group().casefold()
        assert all(any(literal in found for literal in literals) for literals in required), (pattern, found)


# --- catastrophic backtracking: the bypasses of a sampled, flag-blind overlap test are closed -------------------

@pytest.mark.parametrize(("pattern", "ignorecase", "shown"), [
    ("(?x:(a+)\n+)$", True, "a+"),  # verbose group: the line break between the group and its + is not there
    ("(?x)(a+)#note\n+$", False, "a+"),  # global verbose flag and a comment before the quantifier
    (r"(?:[^\x00-\xff\u0660]+\d)+$", False, r"[^\x00-ÿ٠]+"),  # they share only digits past Latin-1: ०, ১...
    ("(?:(?i:A)+a)+$", False, "(...)+"),  # a scoped (?i) makes A match a
    ("(?i)(?:A+a)+$", False, "A+"),  # the pattern's own global (?i)
    ("(?:(?-i:A)+a)+$", True, "(...)+"),  # removing IGNORECASE from A leaves a matching A, which a also matches
    ("(?:k+\u212a)+$", True, "k+"),  # the Kelvin sign folds onto k
])
def test_the_overlap_is_decided_exactly_under_the_flags_in_force(pattern: str, ignorecase: bool, shown: str) -> None:
    assert ambiguous_repeat(pattern, ignorecase) == shown


@pytest.mark.parametrize(("pattern", "ignorecase"), [
    ("(?:(?-i:A)+a)+$", False),
    (r"(?:[\u0100-\u0150]+[\u0151-\u0200])+$", False),  # adjacent ranges that do not overlap
    ("(?:k+\u212a)+$", False),
    (r"(?:[^\W\d_]+\d)+$", True),
    (r"(?:\S+\s)+$", True),
    (r"(?:[^\n]+\n)+$", True),
    (r"(?x: (?: \w+ \s+ )+ $)", True),  # verbose spaces are nothing: (?:\w+\s+)+$
])
def test_repeats_whose_ends_cannot_meet_are_not_refused(pattern: str, ignorecase: bool) -> None:
    assert ambiguous_repeat(pattern, ignorecase) is None


CLASSES = st.sampled_from([r"\w", r"\W", r"\d", r"\D", r"\s", r"\S", "a", "K", "k", "ß", "İ", r"\-", r"\u212a",
                           "a-z", "A-Z", r"\u0100-\u0200", r"\u0400-\u04ff", r"\x00-\xff", r"\u0660-\u0669"])
CHAR_PATTERNS = st.one_of(
    st.tuples(st.booleans(), st.lists(CLASSES, min_size=1, max_size=3)).map(
        lambda p: "[" + ("^" if p[0] else "") + "".join(p[1]) + "]"),
    st.sampled_from([".", "a", "K", "ſ", r"\d", r"\w", r"\s", "é", "'"]),
)
FLAGS = st.sampled_from([0, re.IGNORECASE, re.ASCII, re.IGNORECASE | re.ASCII, re.DOTALL])
#: Code points where the sets change: ASCII, Latin-1, the case oddities, digits of other scripts, the ends.
EDGES = [*range(0x100), 0x130, 0x131, 0x17F, 0x212A, 0x212B, 0x2126, 0x1E9E, 0x0660, 0x0966, 0x2028, 0x3000,
         0x4E2D, 0xD800, 0x10FFFF, *range(0x3F0, 0x3F8), *range(0x0400, 0x0460)]


@settings(max_examples=150, deadline=None)
@given(CHAR_PATTERNS, FLAGS, st.lists(st.integers(0, 0x10FFFF), max_size=40))
def test_members_are_the_characters_the_engine_matches(pattern: str, flags: int, codes: list[int]) -> None:
    (char,) = parse(pattern, flags)
    assert isinstance(char, Char)
    found = members(char, flags)
    single = re.compile(pattern, flags)
    for code in [*EDGES, *codes]:
        inside = any(low <= code <= high for low, high in found.ranges)
        assert inside == bool(single.fullmatch(chr(code))), (pattern, flags, hex(code))


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=5),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=5))
def test_code_point_sets_combine_as_sets_do(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> None:
    def expand(ranges: CodePoints) -> set[int]:
        return {code for low, high in ranges.ranges for code in range(low, high + 1)}

    one = CodePoints.of([(low, low + width) for low, width in left])
    other = CodePoints.of([(low, low + width) for low, width in right])
    assert one.overlaps(other) == bool(expand(one) & expand(other))
    assert expand(one | other) == expand(one) | expand(other)
    outside = one.complement()
    assert all((code in expand(one)) != any(low <= code <= high for low, high in outside.ranges)
               for code in range(80))
    assert outside.complement() == one


#: Pieces of patterns with a looping group, written as a verbose pattern may be: white space and comments
#: between a group and its quantifier.
GAPS = st.sampled_from(["", " ", "\n", "\t ", "#c\n", " # note\n  "])
LOOPS = st.tuples(st.sampled_from(["(a+)", "(?:x*y)", "(?:a|b+)"]), GAPS,
                  st.sampled_from(["+", "*", "{2,}", "{3}", "{,4}", "?", "{1}"])).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(LOOPS, min_size=1, max_size=3).map("".join), st.sampled_from(["(?x)", "(?x:", ""]))
def test_the_text_prefilter_never_skips_a_pattern_the_parse_would_judge(body: str, verbose: str) -> None:
    pattern = verbose + body + (")" if verbose == "(?x:" else "")
    try:
        parsed = parse(pattern)
    except re.error:
        return
    if regex_analysis._has_nested_repeat(parsed, False):
        assert regex_analysis._LOOPING_GROUP.search(pattern), pattern


def test_every_built_in_rule_passes_the_backtracking_check() -> None:
    """The shipped rules are not judged at every load (linter.checks.phrases): this judges them, as a user's."""
    rules = load_pack(resource_dir("rules"), "judged as a user pack")
    assert len(rules) == len(load_pack(resource_dir("rules"), BUILT_IN)) > 0
