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
from linter.regex_analysis import (
    UNBOUNDED,
    Anchor,
    Atomic,
    BackRef,
    Branch,
    Char,
    Group,
    IfGroup,
    Look,
    Other,
    Repeat,
    ambiguous_repeat,
    parse,
    required_literals,
    walk,
)

LINTER = Path(regex_analysis.__file__).parent
PRIVATE = re.compile(r"\bre\._parser\b|\bre\._constants\b|\bsre_parse\b|\bsre_constants\b|from re import _")


def test_only_one_module_reads_the_private_parser() -> None:
    readers = sorted(str(path.relative_to(LINTER.parent)) for path in LINTER.rglob("*.py")
                     if PRIVATE.search(path.read_text(encoding="utf-8")))
    assert readers == ["linter/regex_analysis.py"]


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
