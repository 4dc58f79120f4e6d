"""Families of wording: what a text says, recognised as a sequence of token classes rather than fixed phrases.

Reports paraphrase: "we became aware", "the weekly linting job reports 412 mismatches" and "our monitor flags 23
certificates" all say the CA learned of the problem. A family names one meaning (an event kind) and the sequences
of classes that say it ("a detector" + "a verb of signalling" + "a problem"), each step within a few words of the
one before. Exclusions veto a match by what stands around it: "asked whether ... was revoked" is a question, not a
revocation; "decided to revoke" is a decision.

The families are data (``rules/_events.yaml``, validated by ``schemas/families.schema.json``), so that other
readers (weak wording) can declare their own with the same engine.

Data shape: ``classes`` maps a name to phrases (words separated by spaces; a word ending in ``*`` matches any word
it begins); ``exclusions`` maps a name to a sequence and a window, where the step ``@match`` stands for the
family's match (without it, an exclusion vetoes a match it overlaps or comes within its window of); ``families``
is an ordered list, the first that matches naming the text (several may share a name, when one of its
sequences needs exclusions of its own).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from linter import yaml_input
from linter.resources import load_schema, resource_dir

#: Words (with inner hyphens and apostrophes), question marks (a question is not a statement) and sentence ends
#: (a sequence never runs across one: "Incident confirmed. Resolution started." is not an incident starting).
_TOKEN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*|\?|[.;!](?=\s|$)")
_SENTENCE_END = frozenset(".;!")
_SENTENCE_MARK = re.compile(r"[.;!](?=\s|$)")
#: The step of an exclusion that stands for the match it judges.
MATCH = "@match"
#: Words between two steps of a sequence, unless the sequence or family says otherwise.
DEFAULT_WINDOW = 4

Span = tuple[int, int]  # first token, one past the last


def tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(_lowered(text)))


def _lowered(text: str) -> str:
    """The text in lower case, as long as it is: a letter whose lower case is longer ("İ") is kept as it is, so
    that offsets into this text are offsets into the text."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return lowered.replace("’", "'")


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[str, ...]

    def ends_at(self, words: Sequence[str], start: int) -> int | None:
        """One past the phrase's last token when it stands at ``start``, else None."""
        if start + len(self.words) > len(words):
            return None
        for offset, word in enumerate(self.words):
            found = words[start + offset]
            if not (found.startswith(word[:-1]) if word.endswith("*") else found == word):
                return None
        return start + len(self.words)


@dataclass(frozen=True, slots=True)
class Steps:
    """A sequence of class names (or ``@match``), each within ``window`` words after the one before."""

    names: tuple[str, ...]
    window: int


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    sequences: tuple[Steps, ...]
    exclusions: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Families:
    classes: Mapping[str, tuple[_Phrase, ...]]
    exclusions: Mapping[str, Steps]
    families: tuple[Family, ...]

    def first(self, text: str) -> str | None:
        """The name of the first family the text says, else None."""
        return next(iter(self.said(text)), None)

    def said(self, text: str) -> list[str]:
        """The names of every family the text says, in the families' order ("certificate error identified and
        certificate revoked" says both)."""
        reading = self._reading(tokens(text))
        # Several families may share a name (a sequence that needs exclusions of its own): each name once.
        return list(dict.fromkeys(family.name for family in self.families
                                  if next(reading.matches(family), None) is not None))

    def may_say(self, text: str) -> bool:
        """False when the text cannot say any family: some class of every sequence has none of its telling words
        in it. A quick test, so that texts that cannot match are not read word by word."""
        lowered = _lowered(text)
        return bool(self._possible(_word_set(lowered), lowered))

    def found(self, text: str) -> list[tuple[str, int, int]]:
        """Every match of every family in the text: its name and where it stands (character offsets into
        ``text``), in the order of the text."""
        places: set[tuple[str, int, int]] = set()
        # Sentence by sentence (no sequence or exclusion runs across a sentence end), and only the sentences
        # that hold a word of every class of some sequence: most sentences a rule reads say none of its families,
        # and most texts none at all.
        lowered = _lowered(text)
        if not self._possible(_word_set(lowered), lowered):
            return []
        for first, last in _sentences(lowered):
            possible = self._possible(set(_TOKEN.findall(lowered, first, last)), lowered[first:last])
            if not possible:
                continue
            words, starts, ends = _located(text[first:last])
            reading = self._reading(words)
            places |= {(family.name, first + starts[start], first + ends[stop - 1])
                       for family in possible for start, stop in reading.matches(family)}
        return sorted(places, key=lambda place: (place[1], place[2], place[0]))

    def _possible(self, words: Set[str], lowered: str) -> list[Family]:
        """The families of which some sequence has every step's class in the words (of the lower-cased text),
        each class known by one word of each of its phrases: a cheap test that never leaves out a family that
        matches."""
        present: dict[str, bool] = {}

        def has(name: str, exact: frozenset[str], prefixes: re.Pattern[str] | None) -> bool:
            if name not in present:
                present[name] = not exact.isdisjoint(words) or (prefixes is not None
                                                                and prefixes.search(lowered) is not None)
            return present[name]

        return [family for family, sequences in _step_classes(self)
                if any(all(has(*step) for step in steps) for steps in sequences)]

    def _reading(self, words: Sequence[str]) -> _Reading:
        return _Reading(self, self._spans(words), [index for index, word in enumerate(words) if word in _SENTENCE_END])

    def _spans(self, words: Sequence[str]) -> dict[str, list[Span]]:
        """Where each class stands in the words: one pass, each word looked up by itself and by its prefixes."""
        exact, prefixes = _index(self)
        spans: dict[str, list[Span]] = {}
        for start, word in enumerate(words):
            candidates = list(exact.get(word, ()))
            candidates += [found for prefix, found in prefixes if word.startswith(prefix) for found in found]
            for name, phrase in candidates:
                end = phrase.ends_at(words, start)
                if end is not None:
                    spans.setdefault(name, []).append((start, end))
        return spans

    def _vetoes(self, exclusion: Steps, span: Span, where, ends: list[int]) -> bool:
        if MATCH in exclusion.names:
            return bool(_matches(exclusion, lambda name: [span] if name == MATCH else where(name), ends))
        start, end = span
        return any(found_end >= start - exclusion.window and found_start <= end + exclusion.window
                   and not _crosses(ends, min(found_end, end), max(found_start, start))
                   for found_start, found_end in _matches(exclusion, where, ends))


@dataclass(frozen=True, slots=True)
class _Reading:
    """One text's words as the classes found in them, ready to be matched family by family."""

    families: Families
    spans: dict[str, list[Span]]
    ends: list[int]

    def where(self, name: str) -> list[Span]:
        return self.spans.get(name, [])

    def matches(self, family: Family) -> Iterator[Span]:
        """The family's matches that no exclusion of it vetoes."""
        for steps in family.sequences:
            for span in _matches(steps, self.where, self.ends):
                if not any(self.families._vetoes(self.families.exclusions[name], span, self.where, self.ends)
                           for name in family.exclusions):
                    yield span


def _sentences(lowered: str) -> Iterator[tuple[int, int]]:
    """Where each sentence of the (lower-cased) text starts and ends, its end mark included."""
    first = 0
    for end in _SENTENCE_MARK.finditer(lowered):
        yield first, end.end()
        first = end.end()
    if first < len(lowered):
        yield first, len(lowered)


def _located(text: str) -> tuple[list[str], list[int], list[int]]:
    """The text's tokens (as ``tokens`` cuts them) with the character offsets where each starts and ends."""
    found = list(_TOKEN.finditer(_lowered(text)))
    return [m.group() for m in found], [m.start() for m in found], [m.end() for m in found]


@lru_cache(maxsize=16)
def _word_set(lowered: str) -> frozenset[str]:
    """The words of a lower-cased text (several rules ask about the same text)."""
    return frozenset(_TOKEN.findall(lowered))


@cache
def _index(families: Families) -> tuple[dict[str, list[tuple[str, _Phrase]]], list[tuple[str, list]]]:
    """The phrases of every class by their first word; those whose first word is a prefix, by the prefix."""
    exact: dict[str, list[tuple[str, _Phrase]]] = {}
    prefixes: dict[str, list[tuple[str, _Phrase]]] = {}
    for name, phrases in families.classes.items():
        for phrase in phrases:
            head = phrase.words[0]
            if head.endswith("*"):
                prefixes.setdefault(head[:-1], []).append((name, phrase))
            else:
                exact.setdefault(head, []).append((name, phrase))
    return exact, list(prefixes.items())


#: A class as the cheap test knows it: its name, a word of each phrase, a pattern of the prefixes among them.
_Known = tuple[str, frozenset[str], "re.Pattern[str] | None"]
#: Words too common to tell whether a phrase may be in a text ("failed to notice" is known by "notice").
_COMMON = frozenset("a an the of to in on at by for and or not no was were is are be been did do does had has have "
                    "made make failed our we it this that with as".split())


@cache
def _step_classes(families: Families) -> list[tuple[Family, list[tuple[_Known, ...]]]]:
    """Every family with each of its sequences as its classes, each with one word of each of its phrases (the rarest in
    text: an uncommon one, the longest): the whole words, and a pattern of the prefixes (None without one)."""
    classes: dict[str, _Known] = {}
    for name, phrases in families.classes.items():
        words = {max(phrase.words, key=lambda word: (word not in _COMMON, len(word))) for phrase in phrases}
        prefixes = sorted(word[:-1] for word in words if word.endswith("*"))
        pattern = rf"(?<![a-z0-9'-])(?:{'|'.join(map(re.escape, prefixes))})" if prefixes else None
        classes[name] = (name, frozenset(word for word in words if not word.endswith("*")),
                         re.compile(pattern) if pattern else None)
    return [(family, [tuple(classes[name] for name in steps.names) for steps in family.sequences])
            for family in families.families]


def _crosses(ends: list[int], start: int, stop: int) -> bool:
    """Whether a sentence ends between token ``start`` and token ``stop``."""
    return bisect_left(ends, start) < bisect_left(ends, stop)


def _matches(steps: Steps, where, ends: list[int]) -> list[Span]:
    """Every span (first token of the first step, end of the last) where the steps stand in order, within a
    sentence."""
    reach: list[Span] = sorted(set(where(steps.names[0])))
    for name in steps.names[1:]:
        following = sorted(where(name))
        starts = [start for start, _ in following]
        found: set[Span] = set()
        for start, end in reach:
            for index in range(bisect_left(starts, end), bisect_right(starts, end + steps.window)):
                if not _crosses(ends, end, following[index][0]):
                    found.add((start, following[index][1]))
        reach = sorted(found)
        if not reach:
            break
    return reach


def _phrase(text: str) -> _Phrase:
    """A class's phrase as the tokens a text is cut into; a trailing ``*`` on a word keeps it a prefix."""
    words: list[str] = []
    for part in text.split():
        found = list(tokens(part.rstrip("*")))
        if part.endswith("*") and found:
            found[-1] += "*"
        words.extend(found)
    return _Phrase(tuple(words))


class FamiliesError(ValueError):
    """Family data that cannot be used: the message says where."""


def build(data: Any) -> Families:
    """Families from their data, checked against the schema and for names that refer to nothing."""
    from jsonschema import Draft202012Validator  # only when data is read: keeps the command line's start quick
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(load_schema("families.schema.json")).iter_errors(data))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "top level"
        raise FamiliesError(f"{where}: {error.message}")
    classes = {name: tuple(_phrase(phrase) for phrase in phrases) for name, phrases in data["classes"].items()}

    def steps(raw: Any, window: int, context: str, allow_match: bool) -> Steps:
        names, window = (raw, window) if isinstance(raw, list) else (raw["steps"], raw.get("window", window))
        for name in names:
            if name not in classes and not (allow_match and name == MATCH):
                raise FamiliesError(f"{context}: no class named {name!r}")
        return Steps(tuple(names), window)

    exclusions = {name: steps(raw, DEFAULT_WINDOW, f"exclusions/{name}", True)
                  for name, raw in data.get("exclusions", {}).items()}
    families = []
    for number, raw in enumerate(data["families"]):
        window = raw.get("window", DEFAULT_WINDOW)
        context = f"families/{number} ({raw['name']})"
        for name in raw.get("exclude", ()):
            if name not in exclusions:
                raise FamiliesError(f"{context}: no exclusion named {name!r}")
        families.append(Family(raw["name"], tuple(steps(s, window, context, False) for s in raw["sequences"]),
                               tuple(raw.get("exclude", ()))))
    return Families(classes, exclusions, tuple(families))


@cache
def shipped(filename: str) -> Families:
    """Families shipped with irlint in ``rules/`` (read once)."""
    with (resource_dir("rules") / filename).open("rb") as handle:
        return build(yaml_input.load(yaml_input.read(handle)))
