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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from linter import yaml_input
from linter.resources import load_schema, resource_dir

#: Words (with inner hyphens and apostrophes), question marks (a question is not a statement) and sentence ends
#: (a sequence never runs across one: "Incident confirmed. Resolution started." is not an incident starting).
_TOKEN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*|\?|[.;!](?=\s|$)")
_SENTENCE_END = frozenset(".;!")
#: Words only, for the quick test of what a text may say.
_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
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

    def may_say(self, lowered: str) -> bool:
        """False when the lower-cased text cannot say any family: some step of every sequence has no phrase whose
        telling word is in it. A quick test on the text's set of words (made once per text, for every rule), so
        that texts that cannot match are not read word by word."""
        words = _word_set(lowered)
        firsts = _first_words(self)
        return any(all(firsts[name] is None or not words.isdisjoint(firsts[name]) for name in steps.names)
                   for family in self.families for steps in family.sequences)

    def found(self, text: str) -> list[tuple[str, int, int]]:
        """Every match of every family in the text: its name and where it stands (character offsets into
        ``text``), in the order of the text."""
        words, starts, ends = _located(text)
        reading = self._reading(words)
        places = {(family.name, starts[first], ends[last - 1])
                  for family in self.families for first, last in reading.matches(family)}
        return sorted(places, key=lambda place: (place[1], place[2], place[0]))

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


def _located(text: str) -> tuple[list[str], list[int], list[int]]:
    """The text's tokens (as ``tokens`` cuts them) with the character offsets where each starts and ends."""
    found = list(_TOKEN.finditer(_lowered(text)))
    return [m.group() for m in found], [m.start() for m in found], [m.end() for m in found]


@lru_cache(maxsize=16)
def _word_set(lowered: str) -> frozenset[str]:
    return frozenset(_WORD.findall(lowered))


@cache
def _first_words(families: Families) -> dict[str, frozenset[str] | None]:
    """For each class, one word of each of its phrases that the text must hold for the phrase to stand in it: its
    longest whole word, the most telling ("misconfigured" rather than "was"). None for a class with a phrase of
    prefix words only (``misread*``), which a set of words cannot rule out."""
    found: dict[str, frozenset[str] | None] = {}
    for name, phrases in families.classes.items():
        words = [max((w for w in phrase.words if not w.endswith("*")), key=len, default=None) for phrase in phrases]
        found[name] = None if None in words else frozenset(words)
    return found


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
