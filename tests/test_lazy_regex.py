"""A pattern compiled on first use behaves as the pattern compiled at once, and compiles only when read."""

from __future__ import annotations

import copy
import pickle
import re

from linter.lazy_regex import LazyPattern, lazy_compile


def test_nothing_is_compiled_until_a_method_is_read() -> None:
    pattern = lazy_compile(r"(?P<word>ab+)", re.IGNORECASE)
    assert "_compiled" not in vars(pattern)
    assert pattern.pattern == r"(?P<word>ab+)" and "_compiled" not in vars(pattern)
    assert pattern.search("xABB")["word"] == "ABB"
    assert isinstance(pattern.compiled, re.Pattern)


def test_every_attribute_is_the_compiled_patterns() -> None:
    source, flags = r"^(\d+)-(?P<rest>\w*)$", re.MULTILINE | re.ASCII
    lazy, eager = lazy_compile(source, flags), re.compile(source, flags)
    text = "12-ab\nx\n3-\n"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.sub("#", text) == eager.sub("#", text)
    assert (lazy.flags, lazy.groups, lazy.groupindex) == (eager.flags, eager.groups, eager.groupindex)
    assert lazy.compiled is lazy.compiled


def test_a_bad_pattern_fails_when_used_as_re_compile_would() -> None:
    broken = lazy_compile("(unclosed")
    try:
        broken.search("x")
    except re.error:
        pass
    else:
        raise AssertionError("a pattern that does not compile must raise re.error")


def test_copies_and_pickles_are_patterns_too() -> None:
    pattern = LazyPattern("a+", re.IGNORECASE)
    assert copy.copy(pattern).match("AA")[0] == "AA"
    assert pickle.loads(pickle.dumps(pattern)).match("aA")[0] == "aA"
    pattern.search("a")
    assert pickle.loads(pickle.dumps(pattern)).search("xa")[0] == "a"
    assert not hasattr(pattern, "__wrapped__")
