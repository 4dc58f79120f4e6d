"""Families of wording: what a text says, recognised as a sequence of token classes rather than fixed phrases.

Reports paraphrase: "we became aware", "the weekly linting job reports 412 mismatches" and "our monitor flags 23
certificates" all say the CA learned of the problem. A family names one meaning (an event kind) and the sequences
of classes that say it ("a detector" + "a verb of signalling" + "a problem"), each step within a few words of the
one before. Exclusions veto a match by what stands around it: "asked whether ... was revoked" is a question, not a
revocation; "decided to revoke" is a decision.

The families are data, validated by ``schemas/families.schema.json``: the timeline's event kinds
(``rules/_events.yaml``), and the weak causes and remediations the phrase rules find (a rule's ``families:``, over
the shared classes of ``rules/_wording.yaml``).

Data shape: ``classes`` maps a name to phrases (words separated by spaces; a word ending in ``*`` matches any word
it begins); ``exclusions`` maps a name to a sequence and a window, where the step ``@match`` stands for the
family's match (without it, an exclusion vetoes a match it overlaps or comes within its window of); ``families``
is an ordered list, the first that matches naming the text (several may share a name, when one of its
sequences needs exclusions of its own).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache, partial
from typing import Any

from linter import yaml_input
from linter.resources import load_schema, resource_dir

#: Words (with inner hyphens and apostrophes), question marks (a question is not a statement) and sentence ends
#: (a sequence never runs across one: "Incident confirmed. Resolution started." is not an incident starting).
_TOKEN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*|\?|[.;!](?=\s|$)")
_SENTENCE_END = frozenset(".;!")
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
        words = tokens(text)
        present = frozenset(words)
        tells = _telling(self)
        # The words that begin with a telling prefix: a test of each word against all the prefixes at once.
        begun = [word for word in present if word.startswith(tells.starts)]
        possible = tells.possible(present, (lambda prefix: any(word.startswith(prefix) for word in begun))
                                  if begun else None)
        if not possible:
            return []
        reading = self._reading(words)
        # Several families may share a name (a sequence that needs exclusions of its own): each name once.
        return list(dict.fromkeys(family.name for family in possible
                                  if next(reading.matches(family), None) is not None))

    def may_say(self, text: str) -> bool:
        """False when the text cannot say any family: some class of every sequence has none of its telling words
        in it. A quick test, so that texts that cannot match are not read word by word."""
        return bool(self._possible(_counted(text)))

    def found(self, text: str) -> list[tuple[str, int, int]]:
        """Every match of every family in the text: its name and where it stands (character offsets into
        ``text``), in the order of the text."""
        return list(self.finding(text))

    def finding(self, text: str) -> Iterator[tuple[str, int, int]]:
        """The matches ``found`` gives, one by one: a reader that needs only the first stops reading there."""
        # Only the sentences that hold an anchor are read word by word: for each sequence whose classes all have
        # a telling word in the text, the words of its class that the text holds fewest of. Most sections a
        # rule reads say none of its families, and are found so by listing their words once, for every rule.
        counted = _counted(text)
        anchors, possible = self._anchors(counted)
        if not anchors:
            return
        tells = _telling(self)
        # The sentences that hold an anchor, in order (a word never runs across a sentence's end).
        held = {bisect_right(counted.sentence_ends, offset) for offset in _standing(counted.lowered, anchors)}
        for index in sorted(held):
            sentence = counted.sentence(index)
            live = tells.possible(sentence.present, partial(_begun, counted, sentence.present))
            if not live:
                continue
            reading = self._reading(sentence.words)
            # A match stands within one sentence, and the sentences come in order: so do their matches.
            places = {(family.name, sentence.starts[start], sentence.stops[stop - 1])
                      for family in live for start, stop in reading.matches(family)}
            yield from sorted(places, key=lambda place: (place[1], place[2], place[0]))

    def _possible(self, counted: _Counted) -> tuple[Family, ...]:
        """The families of which some sequence has a telling word of each of its classes in the text: a cheap test
        that never leaves out a family the text says."""
        if self not in counted.possible:
            counted.possible[self] = _telling(self).possible(counted.words, partial(_begun, counted, counted.words))
        return counted.possible[self]

    def _anchors(self, counted: _Counted) -> tuple[frozenset[str], tuple[Family, ...]]:
        """For each sequence whose classes all have a telling word in the text, the telling words of the class
        that has fewest of them in the text: no sentence without one of them says a family; and the families of
        those sequences."""
        if self not in counted.anchors:
            possible = self._possible(counted)
            anchors: set[str] = set()
            chosen = set(map(id, possible))
            for family, sequences in _step_classes(self):
                if id(family) in chosen:
                    for steps in sequences:
                        held = [counted.telling(step) for step in steps]
                        if all(held):
                            anchors |= min(held, key=counted.occurrences)
            counted.anchors[self] = (frozenset(anchors), possible)
        return counted.anchors[self]

    def _reading(self, words: Sequence[str]) -> _Reading:
        return _Reading(self, self._spans(words), [index for index, word in enumerate(words) if word in _SENTENCE_END])

    def _spans(self, words: Sequence[str]) -> dict[str, list[Span]]:
        """Where each class stands in the words: one pass, each word looked up by itself and by its prefixes."""
        index = _index(self)
        whole, partial, prefixes, heads, starts = index.whole, index.partial, index.prefixes, index.heads, index.starts
        spans: dict[str, list[Span]] = {}
        for start, word in enumerate(words):
            # Most words begin no phrase: one or two tests tell so.
            if word in heads:
                for size, names_of in whole.get(word, ()):
                    for name in names_of.get(tuple(words[start:start + size]), ()):
                        spans.setdefault(name, []).append((start, start + size))
                candidates = partial.get(word, [])
            elif starts and word.startswith(starts):
                candidates = []
            else:
                continue
            if starts and word.startswith(starts):
                for length in index.lengths:
                    if length > len(word):
                        break
                    candidates = candidates + prefixes.get(word[:length], [])
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
            if not all(name in self.spans for name in steps.names):
                continue  # a class the words do not hold: the steps cannot stand in them
            for span in _matches(steps, self.where, self.ends):
                if not any(self.families._vetoes(self.families.exclusions[name], span, self.where, self.ends)
                           for name in family.exclusions):
                    yield span


#: A class's phrases of whole words, by their first word: for each length, the phrases' words -> the classes.
_Whole = dict[str, tuple[tuple[int, dict[tuple[str, ...], tuple[str, ...]]], ...]]
_Partial = dict[str, list[tuple[str, _Phrase]]]


@dataclass(frozen=True, slots=True)
class _Index:
    """The classes' phrases, to be looked up word by word."""

    #: The phrases of whole words, by their first word (a look-up, however many phrases begin with "the").
    whole: _Whole
    #: The phrases with a prefix word after the first, by their first word.
    partial: _Partial
    #: The phrases that begin with a prefix, by the prefix.
    prefixes: _Partial
    #: The prefixes' lengths: a word is looked up by its first letters of each length, not against every prefix.
    lengths: tuple[int, ...]
    #: The first words of ``whole`` and ``partial``, and the prefixes: a word that is none and begins with none
    #: begins no phrase.
    heads: frozenset[str]
    starts: tuple[str, ...]


@cache
def _index(families: Families) -> _Index:
    """The classes' phrases, to be looked up word by word."""
    whole: dict[str, dict[int, dict[tuple[str, ...], list[str]]]] = {}
    partial: _Partial = {}
    prefixes: _Partial = {}
    for name, phrases in families.classes.items():
        for phrase in phrases:
            head = phrase.words[0]
            if head.endswith("*"):
                prefixes.setdefault(head[:-1], []).append((name, phrase))
            elif any(word.endswith("*") for word in phrase.words):
                partial.setdefault(head, []).append((name, phrase))
            else:
                names = whole.setdefault(head, {}).setdefault(len(phrase.words), {}).setdefault(phrase.words, [])
                if name not in names:
                    names.append(name)
    frozen = {head: tuple((size, {words: tuple(names) for words, names in table.items()})
                          for size, table in sorted(by_size.items()))
              for head, by_size in whole.items()}
    return _Index(frozen, partial, prefixes, tuple(sorted({len(prefix) for prefix in prefixes})),
                  frozenset(frozen) | frozenset(partial), tuple(prefixes))


#: A class as the cheap test knows it: a word of each phrase (the whole words; the prefixes among them). Equal ones
#: are one object (``_TELLING``), so that a text keeps what it holds of a class by the object's id, for every
#: families that has the class.
_Known = tuple[frozenset[str], tuple[str, ...]]
_TELLING: dict[_Known, _Known] = {}
#: Words too common to tell whether a phrase may be in a text ("failed to notice" is known by "notice").
_COMMON = frozenset("a an the of to in on at by for and or not no was were is are be been did do does had has have "
                    "made make failed our we it this that with as".split())


@cache
def _step_classes(families: Families) -> list[tuple[Family, list[tuple[_Known, ...]]]]:
    """Every family with each of its sequences as its classes, each with one word of each of its phrases (the rarest in
    text: an uncommon one, the longest)."""
    classes: dict[str, _Known] = {}
    for name, phrases in families.classes.items():
        words = {max(phrase.words, key=lambda word: (word not in _COMMON, len(word))) for phrase in phrases}
        known = (frozenset(word for word in words if not word.endswith("*")),
                 tuple(sorted(word[:-1] for word in words if word.endswith("*"))))
        classes[name] = _TELLING.setdefault(known, known)
    return [(family, [tuple(classes[name] for name in steps.names) for steps in family.sequences])
            for family in families.families]


@dataclass(frozen=True, slots=True)
class _Tells:
    """The telling words of a families' classes, each class a bit: a set of words holds a family when the bits of
    its telling words cover the bits of one of its sequences."""

    #: Each telling word and the bits of the classes it tells.
    words: Mapping[str, int]
    every: frozenset[str]
    #: Each telling prefix and the bits of the classes it tells.
    prefixes: tuple[tuple[str, int], ...]
    starts: tuple[str, ...]
    #: The families, and the bits of each of their sequences with the family's index: one flat pass tells which
    #: families a set of bits covers.
    families: tuple[Family, ...]
    sequences: tuple[tuple[int, int], ...]

    def possible(self, words: frozenset[str], begun: Callable[[str], bool] | None) -> tuple[Family, ...]:
        """The families of which some sequence has a telling word of each class among the words, or a word the
        ``begun`` test finds for one of the class's prefixes (None: no word begins with any)."""
        bits = 0
        for word in self.every & words:
            bits |= self.words[word]
        if begun is not None:
            for prefix, bit in self.prefixes:
                if bits & bit != bit and begun(prefix):
                    bits |= bit
        if not bits:
            return ()  # every sequence has a class
        held = {index for mask, index in self.sequences if mask & bits == mask}
        return tuple(self.families[index] for index in sorted(held))


@cache
def _telling(families: Families) -> _Tells:
    bit_of: dict[int, int] = {}  # id of a _Known -> its bit
    words: dict[str, int] = {}
    prefixes: dict[str, int] = {}
    chosen: list[Family] = []
    sequences: list[tuple[int, int]] = []
    for family, steps_of in _step_classes(families):
        masks = []
        for steps in steps_of:
            mask = 0
            for known in steps:
                if id(known) not in bit_of:
                    bit = bit_of[id(known)] = 1 << len(bit_of)
                    exact, starts = known
                    for word in exact:
                        words[word] = words.get(word, 0) | bit
                    for prefix in starts:
                        prefixes[prefix] = prefixes.get(prefix, 0) | bit
                mask |= bit_of[id(known)]
            masks.append(mask)
        sequences.extend((mask, len(chosen)) for mask in masks)
        chosen.append(family)
    return _Tells(words, frozenset(words), tuple(prefixes.items()), tuple(prefixes), tuple(chosen), tuple(sequences))


class _Counted:
    """A text lower-cased and the words it holds; the telling words of each class it holds, its sorted words, where
    its sentences end and the sentences cut into tokens, when asked. Every families that reads the text shares
    them."""

    def __init__(self, text: str) -> None:
        self.lowered = _lowered(text)
        self.words = frozenset(_WORD.findall(self.lowered))
        #: The families each families may say in the text (``Families._possible``).
        self.possible: dict[Families, tuple[Family, ...]] = {}
        #: The anchors of each families in the text, and the families they may say (``Families._anchors``).
        self.anchors: dict[Families, tuple[frozenset[str], tuple[Family, ...]]] = {}
        #: By the id of a class (``_TELLING``): its words in the text.
        self._telling: dict[int, frozenset[str]] = {}
        self._sentences: dict[int, _Sentence] = {}
        self._occurrences: dict[str, int] = {}
        self._beginning: dict[str, list[str]] = {}

    def telling(self, known: _Known) -> frozenset[str]:
        """The words of the text that tell the class: its telling words, and the words that begin with its
        telling prefixes."""
        key = id(known)
        if key not in self._telling:
            exact, prefixes = known
            words = exact & self.words
            if prefixes:
                words |= {word for prefix in prefixes for word in self.beginning(prefix)}
            self._telling[key] = words
        return self._telling[key]

    def occurrences(self, words: frozenset[str]) -> int:
        """About how many times the text holds the words (as parts of other words too): the fewer, the fewer
        sentences read to find where they stand."""
        # Counted word by word: the classes of several families share their words.
        counts = self._occurrences
        for word in words - counts.keys():
            counts[word] = self.lowered.count(word)
        return sum(map(counts.__getitem__, words))

    @cached_property
    def vocabulary(self) -> list[str]:
        return sorted(self.words)

    @cached_property
    def sentence_ends(self) -> list[int]:
        """The offset just past each sentence's end mark (followed by white space or the end, as tokens tells)."""
        return [m.end() for m in _SENTENCE_MARK.finditer(self.lowered)]

    def beginning(self, prefix: str) -> list[str]:
        """The words of the text that begin with ``prefix``."""
        if prefix not in self._beginning:
            index = bisect_left(self.vocabulary, prefix)
            found = []
            while index < len(self.vocabulary) and self.vocabulary[index].startswith(prefix):
                found.append(self.vocabulary[index])
                index += 1
            self._beginning[prefix] = found
        return self._beginning[prefix]

    def sentence(self, index: int) -> _Sentence:
        """The sentence ``index`` (the one that holds an offset is ``bisect_right(sentence_ends, offset)``, its end
        mark included), cut into tokens once for every families."""
        if index not in self._sentences:
            first = self.sentence_ends[index - 1] if index else 0
            end = self.sentence_ends[index] if index < len(self.sentence_ends) else len(self.lowered)
            self._sentences[index] = _Sentence(self.lowered, first, end)
        return self._sentences[index]


def _begun(counted: _Counted, words: frozenset[str], prefix: str) -> bool:
    """Whether one of the ``words`` (of the text ``counted``, whose words it looks up) begins with ``prefix``."""
    return not words.isdisjoint(counted.beginning(prefix))


class _Sentence:
    """The tokens of one sentence of a text, and where each starts and stops in the text (found when asked: most
    sentences say no family)."""

    def __init__(self, lowered: str, first: int, end: int) -> None:
        self.lowered = lowered
        self.first = first
        self.end = end
        self.words = _TOKEN.findall(lowered, first, end)
        self.present = frozenset(self.words)

    @cached_property
    def _found(self) -> list[re.Match[str]]:
        return list(_TOKEN.finditer(self.lowered, self.first, self.end))

    @cached_property
    def starts(self) -> list[int]:
        return [m.start() for m in self._found]

    @cached_property
    def stops(self) -> list[int]:
        return [m.end() for m in self._found]


_SENTENCE_MARK = re.compile(r"[.;!](?=\s|$)")
#: Words only, as tokens cuts them.
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


@lru_cache(maxsize=64)
def _counted(text: str) -> _Counted:
    """The text counted (several rules read the same section)."""
    return _Counted(text)


def words(text: str) -> frozenset[str]:
    """The words of the text, lower-cased, as families read them (listed once for every reader of the text)."""
    return _counted(text).words


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_JOINERS = frozenset("'’-")


def _standing(lowered: str, words: frozenset[str]) -> Iterator[int]:
    """The offsets in ``lowered`` where one of the words stands whole, as tokens cuts it: not after a letter or
    digit, nor after one and a joiner ("re-send" holds no "send"); not before a letter or digit, nor before a
    joiner and one. Each word is looked for by itself, a fast search: the words are the rarest of their class."""
    for word in words:
        offset = lowered.find(word)
        while offset >= 0:
            stop = offset + len(word)
            before, after = lowered[max(offset - 2, 0):offset], lowered[stop:stop + 2]
            if not (before[-1:] in _ALNUM or (len(before) == 2 and before[1] in _JOINERS and before[0] in _ALNUM)
                    or after[:1] in _ALNUM
                    or (len(after) == 2 and after[0] in _JOINERS and after[1] in _ALNUM)):
                yield offset
            offset = lowered.find(word, offset + 1)


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


def build(data: Any, *, trusted: bool = False) -> Families:
    """Families from their data, checked against the schema and for names that refer to nothing; ``trusted`` data
    (shipped with irlint, held to the schema by the test suite) skips the schema."""
    if not trusted:
        from jsonschema import Draft202012Validator  # only for a user's data: keeps the command line's start quick
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
    # A class no sequence names is never read: every class is looked up at every word a sentence holds.
    named = {name for steps in (*exclusions.values(), *(s for family in families for s in family.sequences))
             for name in steps.names}
    return Families({name: phrases for name, phrases in classes.items() if name in named}, exclusions,
                    tuple(families))


@cache
def shipped(filename: str) -> Families:
    """Families shipped with irlint in ``rules/`` (read once)."""
    with (resource_dir("rules") / filename).open("rb") as handle:
        return build(yaml_input.load(yaml_input.read(handle)), trusted=True)
