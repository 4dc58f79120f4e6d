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
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from itertools import accumulate
from typing import Any

from linter.lazy_regex import lazy_compile
from linter.resources import load_schema, resource_dir
from linter.rule_cache import Derived, rule_file_data

#: Words (with inner hyphens and apostrophes), question marks (a question is not a statement) and sentence ends
#: (a sequence never runs across one: "Incident confirmed. Resolution started." is not an incident starting).
_TOKEN = lazy_compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*|\?|[.;!](?=\s|$)")
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


#: A class's phrase: its words, as a text is cut into them; one that ends with ``*`` is a prefix. (A plain tuple:
#: the shipped classes hold thousands of phrases, made on every run.)
_Phrase = tuple[str, ...]


def _ends_at(phrase: _Phrase, words: Sequence[str], start: int) -> int | None:
    """One past the phrase's last word when it stands at ``start`` of ``words``, else None."""
    if start + len(phrase) > len(words):
        return None
    for offset, word in enumerate(phrase):
        found = words[start + offset]
        if not (found.startswith(word[:-1]) if word.endswith("*") else found == word):
            return None
    return start + len(phrase)


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
    #: Each class's telling words (``_telling_words``), by name.
    telling: Mapping[str, frozenset[str]]

    def first(self, text: str) -> str | None:
        """The name of the first family the text says, else None."""
        return next(iter(self.said(text)), None)

    def said(self, text: str) -> list[str]:
        """The names of every family the text says, in the families' order ("certificate error identified and
        certificate revoked" says both)."""
        words = tokens(text)
        possible = _telling(self).possible(_CLASSES.held(frozenset(words)))
        if not possible:
            return []
        reading = self._reading(words)
        # Several families may share a name (a sequence that needs exclusions of its own): each name once.
        return list(dict.fromkeys(family.name for family in possible
                                  if next(reading.matches(family), None) is not None))

    def may_say(self, text: str) -> bool:
        """False when the text cannot say any family: some class of every sequence has none of its telling words
        in it. A quick test, so that texts that cannot match are not read word by word."""
        return bool(_telling(self).possible(_counted(text).telling_bits()))

    def found(self, text: str) -> list[tuple[str, int, int]]:
        """Every match of every family in the text: its name and where it stands (character offsets into
        ``text``), in the order of the text."""
        return list(self.finding(text))

    def finding(self, text: str) -> Iterator[tuple[str, int, int]]:
        """The matches ``found`` gives, one by one: a reader that needs only the first stops reading there."""
        # Only the sentences that may say a family are read word by word (``_held``). Most sections a rule reads
        # say none of its families, and are found so by listing their words once, for every rule.
        counted = _counted(text)
        tells = _telling(self)
        for index in self._held(counted):
            sentence = counted.sentence(index)
            live = tells.possible(sentence.bits)
            if not live:
                continue
            reading = self._reading(sentence.words)
            # A match stands within one sentence, and the sentences come in order: so do their matches.
            places = {(family.name, sentence.starts[start], sentence.stops[stop - 1])
                      for family in live for start, stop in reading.matches(family)}
            yield from sorted(places, key=lambda place: (place[1], place[2], place[0]))

    def _held(self, counted: _Counted) -> list[int]:
        """The sentences, in order, that may hold some sequence whose classes all have a telling word in the text
        (``_Counted.holding``): no other sentence says a family."""
        bits = counted.telling_bits()
        if self not in counted.held:
            held: set[int] = set()
            for mask in _telling(self).masks:  # its classes known before the text's words are read
                if mask & bits == mask and mask:
                    held |= counted.holding(mask)
            counted.held[self] = sorted(held)
        return counted.held[self]

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
                end = _ends_at(phrase, words, start)
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
            head = phrase[0]
            if head.endswith("*"):
                prefixes.setdefault(head[:-1], []).append((name, phrase))
            elif any(word.endswith("*") for word in phrase):
                partial.setdefault(head, []).append((name, phrase))
            else:
                names = whole.setdefault(head, {}).setdefault(len(phrase), {}).setdefault(phrase, [])
                if name not in names:
                    names.append(name)
    frozen = {head: tuple((size, {words: tuple(names) for words, names in table.items()})
                          for size, table in sorted(by_size.items()))
              for head, by_size in whole.items()}
    return _Index(frozen, partial, prefixes, tuple(sorted({len(prefix) for prefix in prefixes})),
                  frozenset(frozen) | frozenset(partial), tuple(prefixes))


#: A class as the cheap test knows it: a word of each phrase (the whole words; the prefixes among them). Equal ones
#: are one bit of ``_CLASSES`` for every families that has the class.
_Known = tuple[frozenset[str], tuple[str, ...]]
#: Words too common to tell whether a phrase may be in a text ("failed to notice" is known by "notice").
_COMMON = frozenset("a an the of to in on at by for and or not no was were is are be been did do does had has have "
                    "made make failed our we it this that with as".split())


def _telling_words(phrases: Sequence[_Phrase]) -> frozenset[str]:
    """A word of each phrase, the rarest in text: an uncommon one, the longest (a prefix keeps its ``*``)."""
    return frozenset(max(phrase, key=lambda word: (word not in _COMMON, len(word))) for phrase in phrases)


def _step_classes(families: Families) -> list[tuple[Family, list[tuple[_Known, ...]]]]:
    """Every family with each of its sequences as its classes, each with one word of each of its phrases (the rarest in
    text: an uncommon one, the longest)."""
    classes: dict[str, _Known] = {}
    for name, words in families.telling.items():
        classes[name] = (frozenset(word for word in words if not word.endswith("*")),
                         tuple(sorted(word[:-1] for word in words if word.endswith("*"))))
    return [(family, [tuple(classes[name] for name in steps.names) for steps in family.sequences])
            for family in families.families]


class _WordBits:
    """Strings looked for in words, each a bit: which of them a set of words holds, each distinct word looked at
    once and remembered for every later text and reader."""

    #: Words remembered at most: past it they are forgotten (an untrusted text may hold any number of words).
    LIMIT = 200_000

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._holding: dict[str, int] = {}
        #: Changes when a string is added: what was found before does not know it.
        self.generation = 0

    def _added(self) -> None:
        self._seen, self._holding = set(), {}
        self.generation += 1

    def holding(self, words: frozenset[str]) -> dict[str, int]:
        """The words that hold one of the strings, with the bits of the strings each holds."""
        self._learn(words)
        return {word: self._holding[word] for word in words & self._holding.keys()}

    def held(self, words: frozenset[str]) -> int:
        """The bits of the strings one of the words holds."""
        self._learn(words)
        bits = 0
        for word in words & self._holding.keys():
            bits |= self._holding[word]
        return bits

    def _learn(self, words: frozenset[str]) -> None:
        new = words - self._seen
        if new:
            if len(self._seen) + len(new) > self.LIMIT:
                self._seen, self._holding = set(), {}
                new = words
            self._holding.update(self._bits_of_words(list(new)))
            self._seen |= new

    def _bits_of_words(self, words: list[str]) -> Iterator[tuple[str, int]]:
        """The words that hold a string, with their bits."""
        raise NotImplementedError


class Inside(_WordBits):
    """Strings looked for inside words (``"remind"`` is inside ``"reminded"``): every phrase rule's required strings
    are one set, so that a span's words are read once for all the rules."""

    def __init__(self) -> None:
        super().__init__()
        self._bits: dict[str, int] = {}

    def bit(self, string: str) -> int:
        """The bit of ``string`` (added when new)."""
        if string not in self._bits:
            self._bits[string] = 1 << len(self._bits)
            self._added()
        return self._bits[string]

    def _bits_of_words(self, words: list[str]) -> Iterator[tuple[str, int]]:
        # Each string looked for in all the new words at once (one fast search of their text), not in each word.
        text = "\n".join(words)
        starts = list(accumulate((len(word) + 1 for word in words[:-1]), initial=0))
        bits = [0] * len(words)
        for string, bit in self._bits.items():
            offset = text.find(string)
            while offset >= 0:
                index = bisect_right(starts, offset) - 1
                bits[index] |= bit
                # On to the next word: this one holds the string.
                offset = text.find(string, starts[index + 1]) if index + 1 < len(starts) else -1
        return ((word, found) for word, found in zip(words, bits) if found)


class _Classes(_WordBits):
    """The classes of every families, each a bit (equal classes one bit): a word holds the classes it is a telling
    word of, or begins with a telling prefix of."""

    def __init__(self) -> None:
        super().__init__()
        self._bit_of: dict[_Known, int] = {}
        #: Each class by its bit.
        self.known: dict[int, _Known] = {}
        self._words: dict[str, int] = {}
        self._prefixes: dict[str, int] = {}
        self._starts: tuple[str, ...] = ()

    def bit(self, known: _Known) -> int:
        if known not in self._bit_of:
            bit = self._bit_of[known] = 1 << len(self._bit_of)
            self.known[bit] = known
            exact, starts = known
            for word in exact:
                self._words[word] = self._words.get(word, 0) | bit
            for prefix in starts:
                self._prefixes[prefix] = self._prefixes.get(prefix, 0) | bit
            self._starts = tuple(self._prefixes)
            self._added()
        return self._bit_of[known]

    def _bits_of_words(self, words: list[str]) -> Iterator[tuple[str, int]]:
        for word in words:
            bits = self._words.get(word, 0)
            if self._starts and word.startswith(self._starts):
                for prefix, bit in self._prefixes.items():
                    if word.startswith(prefix):
                        bits |= bit
            if bits:
                yield word, bits


_CLASSES = _Classes()


class _Tells:
    """A families' sequences as masks of ``_CLASSES`` bits: a set of words holds a family when its bits cover the
    mask of one of the family's sequences."""

    #: Bit sets remembered at most (each a tuple of families).
    LIMIT = 10_000

    def __init__(self, families: Families) -> None:
        self.families = families.families
        #: The mask of each sequence with the index of its family: one flat pass tells which families bits cover.
        self.sequences = tuple((mask, index) for index, (_, steps_of) in enumerate(_step_classes(families))
                               for mask in (_mask(steps) for steps in steps_of))
        self.masks = tuple(dict.fromkeys(mask for mask, _ in self.sequences))
        #: The bits of the families' classes: other bits a text holds change nothing here.
        self.classes = 0
        for mask in self.masks:
            self.classes |= mask
        self._possible: dict[int, tuple[Family, ...]] = {}

    def possible(self, bits: int) -> tuple[Family, ...]:
        """The families of which some sequence has all its classes among the bits (many sentences hold the same)."""
        bits &= self.classes
        found = self._possible.get(bits)
        if found is None:
            if len(self._possible) > self.LIMIT:
                self._possible.clear()
            held = {index for mask, index in self.sequences if mask & bits == mask} if bits else ()
            found = self._possible[bits] = tuple(self.families[index] for index in sorted(held))
        return found


def _mask(steps: tuple[_Known, ...]) -> int:
    mask = 0
    for known in steps:
        mask |= _CLASSES.bit(known)
    return mask


@cache
def _telling(families: Families) -> _Tells:
    return _Tells(families)


def _bits(mask: int) -> Iterator[int]:
    """Each bit of the mask, lowest first."""
    while mask:
        bit = mask & -mask
        yield bit
        mask ^= bit


class _Counted:
    """A text lower-cased and the words it holds; the classes its words tell, where its sentences end and the
    sentences cut into tokens, when asked. Every families that reads the text shares them."""

    def __init__(self, text: str) -> None:
        self.lowered = _lowered(text)
        # Counted as they are listed (counting them when asked meant cutting the text again or keeping its words in
        # order, for every text _counted keeps).
        self._counts = Counter(WORD.findall(self.lowered))
        self.words = frozenset(self._counts)
        self._sentences: dict[int, _Sentence] = {}
        self._generation = -1

    def _fresh(self) -> None:
        """What the text's words tell, found again when a class was added since."""
        if self._generation != _CLASSES.generation:
            self._generation = _CLASSES.generation
            self._telling = _CLASSES.holding(self.words)
            self.bits = 0
            for bits in self._telling.values():
                self.bits |= bits
            #: The sentences each families reads in the text (``Families._held``).
            self.held: dict[Families, list[int]] = {}
            self._holding: dict[int, set[int]] = {}
            self._sentences_of: dict[int, frozenset[int]] = {}
            self._occurrences: dict[int, int] = {}
            self._words_of: dict[int, frozenset[str]] = {}

    def telling_bits(self) -> int:
        """The bits of the classes the text's words tell."""
        self._fresh()
        return self.bits

    def holding(self, mask: int) -> set[int]:
        """The sentences that may hold the sequence of ``mask`` (every class of the mask told in the text): those
        that hold a telling word of the class the text holds fewest of, and each other class's telling words as
        strings. (The rarest class alone let through four sentences in five that say nothing.)"""
        self._fresh()
        if mask not in self._holding:
            rarest, *others = sorted(_bits(mask), key=self._occurrences_of_class)
            told = [self._told(bit) for bit in others]
            self._holding[mask] = {index for index in self._sentences_of_class(rarest)
                                   if self._holds_each(index, told)}
        return self._holding[mask]

    def _holds_each(self, index: int, told: list[frozenset[str]]) -> bool:
        """Whether the sentence ``index`` holds a word of each set, as a string (a part of a longer word counts:
        the sentence is then read word by word)."""
        sentence = self.lowered[slice(*self._bounds(index))]
        return all(any(word in sentence for word in words) for words in told)

    def _occurrences_of_class(self, bit: int) -> int:
        """How many times the text holds the telling words of the class of ``bit``: the fewer, the fewer places to
        look at to find them."""
        if bit not in self._occurrences:
            counts = self._counts
            self._occurrences[bit] = sum(map(counts.__getitem__, self._told(bit)))
        return self._occurrences[bit]

    def _sentences_of_class(self, bit: int) -> frozenset[int]:
        """The sentences that hold a telling word of the class of ``bit`` (a word never runs across a sentence's
        end)."""
        if bit not in self._sentences_of:
            ends = self.sentence_ends
            self._sentences_of[bit] = frozenset(bisect_right(ends, offset)
                                                for offset in _standing(self.lowered, self._told(bit)))
        return self._sentences_of[bit]

    def _told(self, bit: int) -> frozenset[str]:
        """The words of the text that tell the class of ``bit``: its telling words, and the words that begin with
        its telling prefixes."""
        if bit not in self._words_of:
            exact, prefixes = _CLASSES.known[bit]
            words = exact & self.words
            if prefixes:
                words |= {word for word in self._telling if word.startswith(prefixes)}
            self._words_of[bit] = words
        return self._words_of[bit]

    @cached_property
    def sentence_ends(self) -> list[int]:
        """The offset just past each sentence's end mark (followed by white space or the end, as tokens tells)."""
        return [m.end() for m in _SENTENCE_MARK.finditer(self.lowered)]

    def sentence(self, index: int) -> _Sentence:
        """The sentence ``index`` (the one that holds an offset is ``bisect_right(sentence_ends, offset)``, its end
        mark included), cut into tokens once for every families."""
        if index not in self._sentences:
            self._sentences[index] = _Sentence(self.lowered, *self._bounds(index))
        return self._sentences[index]

    def _bounds(self, index: int) -> tuple[int, int]:
        """Where the sentence ``index`` starts and ends in the text."""
        ends = self.sentence_ends
        return ends[index - 1] if index else 0, ends[index] if index < len(ends) else len(self.lowered)


class _Sentence:
    """The tokens of one sentence of a text, and where each starts and stops in the text (found when asked: most
    sentences say no family)."""

    def __init__(self, lowered: str, first: int, end: int) -> None:
        self.lowered = lowered
        self.first = first
        self.end = end
        self.words = _TOKEN.findall(lowered, first, end)
        self.present = frozenset(self.words)
        self._bits = (-1, 0)

    @property
    def bits(self) -> int:
        """The bits of the classes the sentence's words tell."""
        if self._bits[0] != _CLASSES.generation:
            self._bits = (_CLASSES.generation, _CLASSES.held(self.present))
        return self._bits[1]

    @cached_property
    def _found(self) -> list[re.Match[str]]:
        return list(_TOKEN.finditer(self.lowered, self.first, self.end))

    @cached_property
    def starts(self) -> list[int]:
        return [m.start() for m in self._found]

    @cached_property
    def stops(self) -> list[int]:
        return [m.end() for m in self._found]


_SENTENCE_MARK = lazy_compile(r"[.;!](?=\s|$)")
#: Words only, as tokens cuts them (and as the phrase rules tell a word-like string).
WORD = lazy_compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


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
        stem = part.rstrip("*")
        # Most parts are one plain word, already the one token it is cut into: the shipped classes hold thousands.
        found = [stem] if stem.isascii() and stem.isalnum() and stem.islower() else list(tokens(stem))
        if part.endswith("*") and found:
            found[-1] += "*"
        words.extend(found)
    return tuple(words)


#: The words of each shipped class's phrases and its telling words, kept across runs (cutting the shipped classes'
#: thousands of phrases into words was most of what building their families cost a one-file check), named by this
#: module's code. One text a class: its phrases a line each, their words separated by spaces (no token holds
#: either), then its telling words; reading and checking one text is a fraction of reading a list of lists.
_CLASS_WORDS = Derived("class-words", __file__, valid=lambda value: isinstance(value, str))

_Class = tuple[tuple[_Phrase, ...], frozenset[str]]


def _class(phrases: list[str], trusted: bool) -> _Class:
    """A class's phrases cut into words, and its telling words; a shipped class's read from the cache, and once for
    every families."""
    if not trusted or not phrases:
        return _cut_class(phrases)
    return _shipped_class(tuple(phrases))


def _cut_class(phrases: Sequence[str]) -> _Class:
    cut = tuple(_phrase(phrase) for phrase in phrases)
    return cut, _telling_words(cut)


@cache
def _shipped_class(phrases: tuple[str, ...]) -> _Class:
    def compute() -> str:
        cut, telling = _cut_class(phrases)
        return "\n".join([*(" ".join(phrase) for phrase in cut), " ".join(sorted(telling))])

    key = "\n".join(phrases)
    if key.count("\n") != len(phrases) - 1:  # a phrase with a line break: the key would not tell the phrases apart
        return _cut_class(phrases)
    lines = _CLASS_WORDS.get(key, compute).split("\n")
    if len(lines) != len(phrases) + 1 or not all(lines):  # not what the phrases give: a damaged file
        return _cut_class(phrases)
    return tuple(tuple(line.split(" ")) for line in lines[:-1]), frozenset(lines[-1].split(" "))


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
    cut = {name: _class(phrases, trusted) for name, phrases in data["classes"].items()}
    classes = {name: phrases for name, (phrases, _) in cut.items()}
    if trusted:
        _CLASS_WORDS.keep()

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
    kept = [name for name in classes if name in named]
    built = Families({name: classes[name] for name in kept}, exclusions, tuple(families),
                     {name: cut[name][1] for name in kept})
    _telling(built)  # its classes join those of every families now, before a text is read
    return built


@cache
def shipped(filename: str) -> Families:
    """Families shipped with irlint in ``rules/`` (read once)."""
    return build(rule_file_data(resource_dir("rules") / filename), trusted=True)
