"""What irlint compiles, and when: a phrase rule's patterns when a text needs them, the stamp grammar when a
timeline is read; and the start-up work made cheaper, held to what it was. Compiling every pattern at start-up
cost a one-file check most of its time."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import casing
from linter.casing import lowercase_equivalent
from linter.checks.base import Context
from linter.checks.phrases import BUILT_IN, load_pack
from linter.checks.phrases.kinds import Existence, _syntax, compile_phrases, group_names, spaced
from linter.document import parse_document
from linter.resources import resource_dir
from linter.wording import _phrase, tokens, words

REPO = Path(__file__).resolve().parent.parent
SHIPPED = load_pack(resource_dir("rules"), BUILT_IN)


def _context(text: str) -> Context:
    return Context(parse_document(text + "\n"), None, date(2026, 12, 7), "option")


@pytest.mark.parametrize("rule", SHIPPED, ids=lambda rule: rule.name)
def test_a_shipped_rule_runs_lower_cased_exactly_when_its_combined_lowered_phrases_compile(rule) -> None:
    """The decision is made without compiling the phrases together: by each phrase's case and its group names."""
    check = rule.check
    try:
        compile_phrases(check._lowered_list, False)
        combined = True
    except re.error:
        combined = False
    expected = check.ignorecase and all(map(lowercase_equivalent, check._lowered_list)) and combined
    assert check._lowercase is expected


@pytest.mark.parametrize(("pattern", "names"), [
    ("(?P<s0>we will) (?P<Who>staff)", ["s0", "Who"]),
    (r"\(?P<x>not a group", []),  # an escaped bracket opens no group
    ("[(?P<x>]inside a class", []),
    (r"[\]](?P<after>a)", ["after"]),  # an escaped bracket does not close the class
    ("(?P=back) (?:plain)", []),
])
def test_group_names(pattern: str, names: list[str]) -> None:
    assert group_names(pattern) == names


def test_a_rule_compiles_only_the_phrases_a_text_may_hold() -> None:
    rule = Existence({"message": "m", "tokens": ["we reminded\\s+staff", "additional training"]}, checked=True)
    assert rule._patterns == {} and rule._lowered_patterns == {}
    (span,) = _context("Nothing of the kind is said here.").analysis.spans(None)
    assert rule.pattern_for(span) is None
    assert rule._patterns == {} and rule._lowered_patterns == {}
    (span,) = _context("We provided additional training.").analysis.spans(None)
    pattern, text = rule.pattern_for(span)
    assert [m.group() for m in pattern.finditer(text)] == ["additional training"]
    assert list(rule._lowered_patterns) == [(1,)]


def test_a_users_phrases_that_fail_only_combined_fail_at_load() -> None:
    with pytest.raises(re.error):
        Existence({"message": "m", "tokens": ["(?P<x>a)", "(?P<x>b)"]})
    Existence({"message": "m", "tokens": ["(?P<x>a)", "(?P<x>b)"]}, checked=True)  # the shipped rules: when used


def test_lowering_that_breaks_only_a_combination_falls_back_to_the_phrases_as_written() -> None:
    rule = Existence({"message": "m", "tokens": ["(?P<x>a) b", "(?P<X>c) d"]})
    assert not rule._lowercase
    (span,) = _context("A b, C d").analysis.spans(None)
    pattern, text = rule.pattern_for(span)
    assert [m.group() for m in pattern.finditer(text)] == ["A b", "C d"]


def test_loading_the_rules_compiles_no_phrase_and_no_stamp_pattern() -> None:
    probe = ("import sys; from linter.registry import all_rules; rules = all_rules(); "
             "from linter.checks.phrases import built_in_pack; "
             "from linter.timeline import timestamps; from linter.lazy_regex import LazyPattern; "
             "stamp = [p for v in vars(timestamps).values() for p in (v if isinstance(v, tuple) else (v,)) "
             "if isinstance(p, LazyPattern)]; "
             "print(sum(len(r.check._patterns) + len(r.check._lowered_patterns) for r in built_in_pack()), "
             "sum('_compiled' in vars(p) for p in stamp))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60,
                          check=True)
    assert done.stdout.split() == ["0", "0"]


def _spaced_by_characters(pattern: str) -> str:
    """What spaced() gives, read character by character (_syntax: outside classes, not escaped): its oracle."""
    out: list[str] = []
    copied = 0
    for index in _syntax(pattern):
        if pattern[index] == " ":
            optional = pattern[index + 1:index + 2] == "?"
            out += (pattern[copied:index], r"\s*" if optional else r"\s+")
            copied = index + (2 if optional else 1)
    out.append(pattern[copied:])
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" ?[]\\(P<>a-\n", max_size=30))
def test_spaced_widens_the_spaces_outside_classes_and_escapes(pattern: str) -> None:
    assert spaced(pattern) == _spaced_by_characters(pattern)



@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="aZé0'’-*.?", min_size=1, max_size=8), min_size=1, max_size=5).map(" ".join))
def test_a_class_phrase_is_cut_as_every_part_cut_into_tokens(text: str) -> None:
    """Plain words skip the tokenizer (thousands of them at every start): what it gives is what cutting gives."""
    words: list[str] = []
    for part in text.split():
        found = list(tokens(part.rstrip("*")))
        if part.endswith("*") and found:
            found[-1] += "*"
        words += found
    assert _phrase(text) == tuple(words)


_WORD_LIKE_STRING = st.from_regex(r"[a-z0-9]{1,3}(?:['-][a-z0-9]{1,3}){0,2}", fullmatch=True)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abAB01 '-.\n", max_size=40), _WORD_LIKE_STRING)
def test_a_word_like_string_is_in_an_ascii_text_exactly_when_inside_one_of_its_words(text: str, string: str) -> None:
    """What lets the rules look for their strings in a span's words once for all, instead of in its text."""
    assert (string in text.casefold()) == any(string in word for word in words(text))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="abAB01 '-.\u2019\u00e9\u00c9\u212a\u00df\u00a0\u0130\u017f\u0131\ufb01", max_size=40),
       _WORD_LIKE_STRING)
def test_a_word_like_string_ignorecase_finds_is_inside_a_word_when_lowering_is_plain(text: str, string: str) -> None:
    """Curly quotes, accented letters, the Kelvin sign: what a phrase needs is still inside the text's words, unless
    lowering changes the text's length ("İ") or leaves a letter IGNORECASE matches with an ASCII one ("ſ")."""
    if casing.lowered(text) is not None and re.search(re.escape(string), text, re.IGNORECASE):
        assert any(string in word for word in words(text))

