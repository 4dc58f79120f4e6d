"""The three kinds of phrase rule a YAML file can extend: existence, substitution and conditional."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from importlib.util import find_spec
from typing import Any

from linter import casing, wording
from linter.casing import lower_letters, lowercase_equivalent
from linter.checks.base import Context, Hit, Rule
from linter.checks.spans import Span
from linter.findings import Severity
from linter.lazy_regex import lazy_compile
from linter.rule_cache import Derived
from linter.wording import Families

#: The word-like strings every phrase rule's phrases require, looked for in a span's words once for all rules.
_INSIDE = wording.Inside()


#: The sets of a rule's phrases given a pattern of their own; past them a span is searched with a larger one.
_SUBSETS = 32


def compile_phrases(patterns: list[str], ignorecase: bool) -> re.Pattern[str]:
    """One regex for a list of phrases (each already ``spaced``): whole words only."""
    alternatives = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE if ignorecase else 0)


def _syntax(pattern: str) -> Iterator[int]:
    """The offsets of the pattern's characters that are syntax: outside character classes and not escaped."""
    in_class = escaped = False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            yield index


#: The pieces of a pattern spaced() reads: an escape, a character class (closed by the first unescaped "]" after
#: its "[", or by the end), both kept as they are, and a space (with its "?").
_PIECE = lazy_compile(r"\\.?|\[(?:\\.?|[^\]\\])*\]?| \??", re.DOTALL)
_WHITE_SPACE = {" ": r"\s+", " ?": r"\s*"}


def spaced(pattern: str) -> str:
    """The pattern with each space outside a character class matching any run of white space (" ?": any or none).

    Hard-wrapped and rendered text breaks phrases across lines.
    """
    if "[" not in pattern and "\\" not in pattern:  # every space is syntax: most phrases
        return pattern.replace(" ?", r"\s*").replace(" ", r"\s+")
    # Read piece by piece, not character by character (the shipped phrases so: 4-5 ms of every check).
    return _PIECE.sub(lambda piece: _WHITE_SPACE.get(piece.group(), piece.group()), pattern)


def group_names(pattern: str) -> list[str]:
    """The names of the pattern's named groups (``(?P<name>``), outside character classes and escapes."""
    if "(?P<" not in pattern:  # most phrases: not read character by character
        return []
    return [pattern[index + 4:pattern.find(">", index + 4)] for index in _syntax(pattern)
            if pattern.startswith("(?P<", index)]


#: The strings each shipped phrase's matches must hold, kept across runs (named by the code that finds them).
#: The module that derives them, not imported by a run that finds them kept: its import (the node types of a
#: pattern's parse) was about 6 ms of every start.
_REGEX_ANALYSIS = find_spec("linter.regex_analysis").origin
_REQUIRED_STRINGS = Derived(
    "required-strings", _REGEX_ANALYSIS,
    valid=lambda sets: isinstance(sets, list) and all(
        isinstance(strings, list) and all(isinstance(string, str) for string in strings) for strings in sets))
#: Whether each shipped phrase, lowered, runs without IGNORECASE on lower-cased text (linter.casing), kept alike.
_LOWERCASE_EQUIVALENT = Derived("lowercase-equivalent", casing.__file__, _REGEX_ANALYSIS,
                                valid=lambda value: isinstance(value, bool))


class PhraseRule:
    """Finds phrases in the rule's scope; subclasses decide what a match means.

    What a rule compiles it compiles when a text first needs it: the patterns of the phrases a span may hold,
    the exceptions when a phrase matched, the evidence when a match is judged. Python's regex engine compiles in
    Python code and keeps nothing between runs: compiling every rule's combined phrases cost a one-file check
    about 50 ms, most of them never searched.
    """

    def __init__(self, data: Mapping[str, Any], *, checked: bool = False,
                 rules_of: Callable[[frozenset[str]], Sequence[Rule]] = lambda codes: ()) -> None:
        """``checked``: the phrases are known to combine (the shipped rules, held so by the test suite); a user's
        are combined now, so that a pattern that only fails combined fails when the pack is loaded. ``rules_of``
        gives the built-in rules of some codes (those of ``corroboration``)."""
        self.ignorecase = data.get("ignorecase", True)
        self.message: str = data["message"]
        self.scope = frozenset(data["scope"]) if "scope" in data else None
        self.phrase_list = [spaced(p) for p in self.phrases(data)]
        #: The phrases that can match, by the bits of the strings a text holds.
        self._active: dict[tuple[int, int], tuple[int, ...]] = {}
        self._patterns: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._lowered_patterns: dict[tuple[int, ...], re.Pattern[str]] = {}
        #: The sets of phrases given a pattern of their own (``_compiled_subset``).
        self._subsets: set[tuple[int, ...]] = set()
        #: The families of wording the rule also finds (built by the loader, which resolves shared classes).
        self.families: Families | None = data.get("families")
        self._exception_list = [spaced(p) for p in data.get("exceptions", [])]
        self._timeline_needs_list = [spaced(p) for p in data.get("timeline-needs", [])]
        corroboration = data.get("corroboration", {})
        #: Families that count only where one of the ``rules`` finds, in the same report, what it finds at its own
        #: severity: a person's part told without being called the cause is the CA's cause only when the plan too
        #: relies on people alone.
        self._corroborated_families = frozenset(corroboration.get("families", ()))
        self._corroborating_codes = frozenset(corroboration.get("rules", ()))
        self._rules_of = rules_of
        self._shipped = checked
        if not checked:
            self.pattern_of(tuple(range(len(self.phrase_list))))
            if self._exception_list:
                self.exceptions  # noqa: B018 -- compiled now, to fail now
            if self._timeline_needs_list:
                self.timeline_needs  # noqa: B018 -- compiled now, to fail now

    @cached_property
    def exceptions(self) -> re.Pattern[str] | None:
        return compile_phrases(self._exception_list, self.ignorecase) if self._exception_list else None

    @cached_property
    def timeline_needs(self) -> re.Pattern[str] | None:
        """What a timeline entry must hold for a match in it to count: a timeline records the response to an
        incident ("received an email reminder", "briefing support teams"), and only an entry that gives a step's
        purpose ("... to prevent further errors") states a remedy."""
        return compile_phrases(self._timeline_needs_list, self.ignorecase) if self._timeline_needs_list else None

    def pattern_of(self, phrases: tuple[int, ...]) -> re.Pattern[str]:
        """The pattern of the phrases of those indexes, searched in the span's own text."""
        if phrases not in self._patterns:
            self._patterns[phrases] = compile_phrases([self.phrase_list[i] for i in phrases], self.ignorecase)
        return self._patterns[phrases]

    @cached_property
    def _required(self) -> tuple[tuple[tuple[tuple[int, int], ...], ...], dict[str, int], tuple[str, ...]]:
        """For each phrase, the sets of strings its matches hold one of each: a phrase none of whose strings of
        one set the text holds cannot match. A word-like string that IGNORECASE finds in a text whose lower case
        keeps its length and holds no letter of casing.UNLOWERED is inside one of its words (its letters are the
        text's lowered one by one, and every other character ends a word): those are looked for in the span's
        words once for every rule (_INSIDE); the others, each a bit of this rule, in the text. A phrase's sets
        are masks of both kinds of bit. Then the word-like strings with their bits in _INSIDE, and the other
        strings in the order of their bits."""
        own: dict[str, int] = {}
        inside_strings: dict[str, int] = {}
        required_masks: list[tuple[tuple[int, int], ...]] = []
        for pattern in self.phrase_list:
            masks = []
            for strings in self._required_strings(pattern):
                inside = other = 0
                for string in strings:
                    if self.ignorecase and wording.WORD.fullmatch(string):
                        inside |= _INSIDE.bit(string)
                        inside_strings[string] = _INSIDE.bit(string)
                    else:
                        other |= 1 << own.setdefault(string, len(own))
                masks.append((inside, other))
            required_masks.append(tuple(masks))
        _REQUIRED_STRINGS.keep()
        return tuple(required_masks), inside_strings, tuple(own)

    def _required_strings(self, pattern: str) -> list[list[str]]:
        """The sets of strings of ``required_literals``, each sorted; a shipped rule's read from the cache (reading
        the structure of a rule's phrases cost a one-file check about 15 ms)."""
        def compute() -> list[list[str]]:
            from linter import regex_analysis

            return [sorted(strings) for strings in regex_analysis.required_literals(pattern, self.ignorecase)]

        if not self._shipped:
            return compute()
        return _REQUIRED_STRINGS.get(f"{'i' if self.ignorecase else 's'}:{pattern}", compute)

    @cached_property
    def _inside_mask(self) -> int:
        return sum(self._required[1].values())

    @cached_property
    def _lowered_list(self) -> list[str]:
        # Phrases whose letters are ASCII run without IGNORECASE over the lower-cased text, several times
        # faster, finding the same (linter.casing).
        return [lower_letters(p) for p in self.phrase_list]

    def _lowercase_equivalent(self, phrase: str) -> bool:
        """``lowercase_equivalent(phrase)``; a shipped rule's read from the cache (the parse of each phrase cost
        a one-file check about 10 ms)."""
        if not self._shipped:
            return lowercase_equivalent(phrase)
        return _LOWERCASE_EQUIVALENT.get(phrase, lambda: lowercase_equivalent(phrase))

    @cached_property
    def _lowercase(self) -> bool:
        """Whether the phrases run lower-cased: each finds the same so, and no two group names become one."""
        equivalent = self.ignorecase and all(map(self._lowercase_equivalent, self._lowered_list))
        _LOWERCASE_EQUIVALENT.keep()
        if not equivalent:
            return False
        names = [name for phrase in self._lowered_list for name in group_names(phrase)]
        return len(names) == len(set(names))

    def phrases(self, data: Mapping[str, Any]) -> list[str]:
        return list(data.get("tokens", ()))

    def pattern_for(self, span: Span) -> tuple[re.Pattern[str], str] | None:
        """The pattern of the phrases that can match in the span (a phrase whose required words are all absent
        cannot), and the text to run it on: the span's, or its lower-cased text for a pattern compiled without
        IGNORECASE. Offsets into either are the same."""
        held = self._held(span)
        active = self._active.get(held)
        if active is None:
            if len(self._active) > 4096:  # the strings held, in any combination: bounded
                self._active.clear()
            inside, other = held
            active = self._active[held] = self._compiled_subset(tuple(
                index for index, masks in enumerate(self._required[0])
                if all(inside_mask & inside or other_mask & other for inside_mask, other_mask in masks)))
        if not active:
            return None
        if self._lowercase and span.lowered is not None:
            if active not in self._lowered_patterns:
                try:
                    self._lowered_patterns[active] = compile_phrases([self._lowered_list[i] for i in active], False)
                except re.error:  # lowering made the phrases invalid together: they run as written
                    self._lowercase = False
                    return self.pattern_of(active), span.text
            return self._lowered_patterns[active], span.lowered
        return self.pattern_of(active), span.text

    def _compiled_subset(self, active: tuple[int, ...]) -> tuple[int, ...]:
        """``active``, or once _SUBSETS sets of phrases have a pattern, the smallest of them that holds it (all the
        phrases at worst). A phrase that cannot match in a span finds nothing in a pattern either, so the matches are
        the same; each pattern compiled costs a few milliseconds of every run (300 generated reports hold 55 sets of
        C001's phrases), and each phrase more in a pattern slows every search (with 8 sets, C001 took a fifth
        longer in steady state)."""
        if not active or active in self._subsets:
            return active
        if len(self._subsets) < _SUBSETS:
            self._subsets.add(active)
            return active
        wanted = set(active)
        holding = [subset for subset in self._subsets if wanted.issubset(subset)]
        return min(holding, key=len) if holding else tuple(range(len(self.phrase_list)))

    def _held(self, span: Span) -> tuple[int, int]:
        """The bits of the required strings the span holds: the word-like ones (bits of _INSIDE), the others."""
        _, inside_strings, own_strings = self._required
        folded = span.folded if self.ignorecase else span.text
        other = 0
        for bit, string in enumerate(own_strings):
            if string in folded:
                other |= 1 << bit
        if not inside_strings:
            return 0, other
        key = (_INSIDE, _INSIDE.generation)
        # Each string looked for in the text when lowering the text changes its length or leaves a letter that
        # IGNORECASE matches with an ASCII one ("ſ"): a string it holds may then be inside none of its words. (The
        # words may tell of a string the text does not hold, as "it's" in "it’s": a phrase that cannot match then
        # joins the pattern, which finds the same.) An ASCII text is lowered plainly: not read again to say so. The
        # words of the whole report are listed whatever this rule does: R006 asks whether it may tell a tool's defect.
        if not span.text.isascii() and span.lowered is None:
            return sum(bit for string, bit in inside_strings.items() if string in folded), other
        if key not in span.derived:
            span.derived[key] = _INSIDE.held(wording.words(span.text))
        # Only this rule's bits: the same few combinations recur, and each is judged once (``_active``).
        return span.derived[key] & self._inside_mask, other

    def __call__(self, context: Context) -> Iterator[Hit]:
        found = context.analysis.phrase_hits
        if self not in found:
            found[self] = list(self._hits(context))
        return iter(found[self])

    def _hits(self, context: Context) -> Iterator[Hit]:
        for span in context.analysis.spans(self.scope):
            flagged: set[tuple[int, int]] = set()
            # What judging found out about each item, for the next match in it: a paragraph dense with matches
            # would otherwise be searched again for each (quadratic in its length).
            known: dict[tuple[int, int], Any] = {}
            #: Whether each timeline entry met so far holds what ``timeline_needs`` asks (an entry is searched once).
            purposed: dict[tuple[int, int], bool] = {}
            for start, end, match, family in self._found(span):
                # "caused by human error: the specialist overlooked ..." is one weakness, not two.
                line = span.position(start)[0]
                item = span.item_lines(line)
                if item in flagged:
                    continue
                if self.exceptions and self.exceptions.search(span.sentence(start, end)):
                    continue
                if family in self._corroborated_families and not self._corroborated(context):
                    continue
                if self.timeline_needs and span.section_at(line) == "timeline":
                    bounds = span.entry_lines(line)
                    if bounds not in purposed:
                        purposed[bounds] = self.timeline_needs.search(span.entry(line)) is not None
                    if not purposed[bounds]:
                        continue
                hit = self.judge(context, span, start, end, match, known.setdefault(item, {}))
                if hit is not None:
                    flagged.add(item)
                    yield hit

    def _found(self, span: Span) -> Iterator[tuple[int, int, re.Match[str] | None, str | None]]:
        """Where the span says a phrase (the match, for a phrase) or a family of wording (its name)."""
        found = self.pattern_for(span)
        if found is not None:
            pattern, text = found
            for match in pattern.finditer(text):
                yield match.start(), match.end(), match, None
        if self.families is not None and self.families.may_say(span.text):
            for family, start, end in self.families.found(span.text):
                yield start, end, None, family

    def _corroborated(self, context: Context) -> bool:
        """Whether a rule of ``corroboration`` finds something in the report at its own severity (not lowered by
        its evidence)."""
        return any(hit.severity is None for rule in self._rules_of(self._corroborating_codes)
                   for hit in rule.check(context))

    def judge(self, context: Context, span: Span, start: int, end: int, match: re.Match[str] | None,
              known: dict[str, Any]) -> Hit | None:
        """The finding for a match, or None; ``known`` holds what an earlier match in the same item found."""
        return self.hit(span, start, end)

    def hit(self, span: Span, start: int, end: int, *, replacement: str | None = None,
            severity: Severity | None = None, message: str | None = None) -> Hit:
        line, column = span.position(start)
        end_line, end_column = span.position(end)
        # As written: the match may have been found in the lower-cased text.
        phrase = " ".join(span.text[start:end].split())
        message = (message or self.message).replace("{match}", phrase)
        data: dict[str, Any] = {}
        if replacement is not None:
            message = message.replace("{replacement}", replacement)
            data["replacement"] = replacement
        return Hit(message, line, column, end_line, end_column, span.section_at(line), phrase, data, severity)


class Existence(PhraseRule):
    """A phrase that should not appear."""


class Substitution(PhraseRule):
    """A phrase with a preferred wording: each ``swap`` key is a phrase, its value the replacement."""

    def phrases(self, data: Mapping[str, Any]) -> list[str]:
        self.replacements = list(data["swap"].values())
        # The group's name says which phrase matched, so which replacement to give.
        return [f"(?P<s{index}>{phrase})" for index, phrase in enumerate(data["swap"])]

    def judge(self, context: Context, span: Span, start: int, end: int, match: re.Match[str] | None,
              known: dict[str, Any]) -> Hit | None:
        index = int(match.lastgroup[1:]) if match is not None and match.lastgroup else 0
        return self.hit(span, start, end, replacement=self.replacements[index])


class Conditional(PhraseRule):
    """A phrase that is a finding unless evidence appears in its item, or in the wider ``unless-scope``."""

    def __init__(self, data: Mapping[str, Any], *, checked: bool = False,
                 rules_of: Callable[[frozenset[str]], Sequence[Rule]] = lambda codes: ()) -> None:
        self._evidence_list = [spaced(p) for p in data["unless"]]
        self._plan_change_list = [spaced(p) for p in data.get("plan-change", ())]
        super().__init__(data, checked=checked, rules_of=rules_of)
        self.where = data["unless-scope"]
        self.otherwise = Severity(data["unless-severity"]) if "unless-severity" in data else None
        #: What the lowered finding says: the phrase beside real controls is no weakness.
        self.message_otherwise: str | None = data.get("unless-message")
        if not checked:
            self.evidence  # noqa: B018 -- compiled now, to fail now
            self.plan_change  # noqa: B018 -- compiled now, to fail now

    @cached_property
    def evidence(self) -> re.Pattern[str]:
        return compile_phrases(self._evidence_list, self.ignorecase)

    @cached_property
    def plan_change(self) -> re.Pattern[str] | None:
        """Where a text has no plan section, what an item must hold for a control in it to be a remedy."""
        return compile_phrases(self._plan_change_list, self.ignorecase) if self._plan_change_list else None

    def judge(self, context: Context, span: Span, start: int, end: int, match: re.Match[str] | None,
              known: dict[str, Any]) -> Hit | None:
        if "evidence" not in known:
            known["evidence"] = self.evidence.search(span.item(span.position(start)[0])) is not None
        if known["evidence"]:
            return None
        if self.where != "item" and self._evidence_in_region(context, span):
            if self.otherwise is None:
                return None
            return self.hit(span, start, end, severity=self.otherwise, message=self.message_otherwise)
        return self.hit(span, start, end)

    def _evidence_in_region(self, context: Context, span: Span) -> bool:
        analysis = context.analysis
        if self.where == "plan":
            return analysis.found_in_plan(self.evidence, self.plan_change)
        if self.where == "section":
            region = [span]
        elif self.where == "scope":
            region = analysis.spans(self.scope)
        else:
            region = analysis.spans(None)
        return analysis.found_in(self.evidence, region)


KINDS: dict[str, type[PhraseRule]] = {
    "existence": Existence, "substitution": Substitution, "conditional": Conditional,
}
