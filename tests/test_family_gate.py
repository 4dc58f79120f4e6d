"""The quick test of what a text may say (Families.may_say, and the one ``found`` makes sentence by sentence) never
rules out a text that says a family: ``said`` reads every text word by word, ungated. What the words of a text
hold is learnt once per word for every reader, and a class or string added later is still found."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.checks.phrases import built_in_pack
from linter.checks.rootcause.r006_tool_defect_people_fix import _wording
from linter.wording import Inside, _counted, build


def _cases():
    for rule in built_in_pack():
        families = getattr(rule.check, "families", None)
        if families is not None:
            for text in (*rule.examples["fail"], *rule.examples["pass"]):
                yield families, text
    for text in ("The validity check script allowed 400 days.", "The script has been corrected to cover it.",
                 "Nothing broke."):
        yield _wording("defect"), text
        yield _wording("fixed"), text


def test_the_quick_tests_hold_every_text_that_says_a_family() -> None:
    checked = 0
    for families, text in _cases():
        if families.said(text):
            assert families.may_say(text) and families.found(text), text
            checked += 1
    assert checked > 10


def test_may_say_rules_out_a_text_without_the_words() -> None:
    assert not _wording("defect").may_say("the certificates were revoked within five days.")


# --- the words of a text are looked at once for every reader: what they hold is what each word holds -----------

_LETTERS = st.text(alphabet="abcdeq'-", min_size=1, max_size=6)


_WORDS = st.lists(st.one_of(_LETTERS, st.text(alphabet="abcde", min_size=30, max_size=60)), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LETTERS, min_size=1, max_size=8, unique=True),
       _WORDS.flatmap(lambda words: st.lists(st.frozensets(st.sampled_from(words)), min_size=1, max_size=5)),
       st.integers(min_value=1, max_value=20))
def test_inside_gives_the_strings_each_word_holds(strings: list[str], texts: list[frozenset[str]],
                                                  limit: int) -> None:
    """Texts that share words, some words longer than the strings by far, remembered words forgotten often."""
    inside = Inside()
    inside.LIMIT = limit  # forgetting what it learnt changes nothing it answers
    bits = {string: inside.bit(string) for string in strings}
    for words in texts:
        expected = 0
        for string, bit in bits.items():
            if any(string in word for word in words):
                expected |= bit
        assert inside.held(words) == expected


def test_a_string_added_later_is_looked_for_in_words_seen_before() -> None:
    inside = Inside()
    first = inside.bit("remind")
    words = frozenset({"reminded", "staff"})
    assert inside.held(words) == first
    later = inside.bit("staf")
    assert inside.held(words) == first | later


def test_families_built_after_a_text_was_read_find_what_it_says() -> None:
    text = "The operator inadvertently skipped the zorbling step. The fix was made."
    before = build({"classes": {"person": ["operator"], "slip": ["inadvertently"]},
                    "families": [{"name": "slip", "sequences": [["person", "slip"]]}]})
    assert before.may_say(text) and [name for name, _, _ in before.found(text)] == ["slip"]
    # New classes (one by a prefix) after the text's words were read and remembered.
    after = build({"classes": {"step": ["zorbl*"], "skip": ["skipped"]},
                   "families": [{"name": "skipped_step", "sequences": [["skip", "step"]]}]})
    assert after.may_say(text)
    assert [text[start:end] for _, start, end in after.found(text)] == ["skipped the zorbling"]
    assert after.said(text) == ["skipped_step"]


# --- found reads only the sentences that hold a telling word of each class of a sequence ------------------------

def _sentences_by_families() -> dict[int, tuple[object, list[str]]]:
    by_families: dict[int, tuple[object, list[str]]] = {}
    for families, text in _cases():
        text = text.strip()
        by_families.setdefault(id(families), (families, []))[1].append(text if text[-1:] in ".;!" else text + ".")
    return by_families


_FAMILIES = list(_sentences_by_families().values())


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_FAMILIES).flatmap(
    lambda entry: st.tuples(st.just(entry[0]), st.lists(st.sampled_from(entry[1]), min_size=1, max_size=8))))
def test_found_in_a_text_is_what_each_of_its_sentences_says(case) -> None:
    """Examples that say a family beside others that hold some of its words, in any order: what ``found`` names in
    the whole text is what ``said`` names in the examples one by one (no match runs across a sentence's end)."""
    families, examples = case
    text = " ".join(examples)
    expected = {name for example in examples for name in families.said(example)}
    assert {name for name, _, _ in families.found(text)} == expected


def test_a_sentence_with_one_class_of_a_sequence_only_is_not_read() -> None:
    families = build({"classes": {"person": ["operator"], "slip": ["inadvertently"]},
                      "families": [{"name": "slip", "sequences": [["person", "slip"]]}]})
    text = "The operator logged in. " * 40 + "An operator inadvertently skipped a step. Inadvertently, it rained."
    found = families.found(text)
    assert [text[start:end] for _, start, end in found] == ["operator inadvertently"]
    counted = _counted(text)
    assert len(counted._sentences) == 1  # the one sentence that holds both words is cut into tokens
