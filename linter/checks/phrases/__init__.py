"""Phrase rules defined as data: one YAML file per rule, validated against ``schemas/rule.schema.json``."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

# The standard library's own regex parser, as in literals.py: the structure of a pattern, to judge it.
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

import yaml

from linter import yaml_input
from linter.checks.base import Review, Rule
from linter.findings import Severity
from linter.report import vocabulary as vocab
from linter.resources import load_schema, resource_dir

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEYS_OF_KIND = {"existence": ("tokens",), "substitution": ("swap",),
                 "conditional": ("tokens", "unless", "unless-scope", "unless-severity")}
#: Every canonical section key a rule's scope may name.
_SECTION_KEYS = frozenset({*vocab.SECTION_TITLES.values(), *vocab.AUDIT_1_TITLES.values(), *vocab.LEGACY_ORDER,
                           *vocab.SUBSECTION_PARENT, "closure_summary"})


class RuleFileError(Exception):
    """A rule file that cannot be used: one line naming the file and the key."""


def load_pack(folder: Traversable | Path, origin: str) -> list[Rule]:
    """Every ``*.yaml`` rule of a folder, in name order; ``origin`` says where the pack comes from."""
    files = sorted((f for f in folder.iterdir() if f.name.endswith((".yaml", ".yml")) and f.is_file()
                    and not f.name.startswith("_")), key=lambda f: f.name)
    return [load_rule(f, origin) for f in files]


@cache
def evidence_sets() -> dict[str, tuple[str, ...]]:
    """The shared evidence of the built-in pack (``rules/_evidence.yaml``), by name."""
    data = yaml.safe_load((resource_dir("rules") / "_evidence.yaml").read_text(encoding="utf-8"))
    return {name: tuple(patterns) for name, patterns in data.items()}


def load_rule(file: Traversable | Path, origin: str) -> Rule:
    """One rule file as a Rule."""
    label = str(file) if isinstance(file, Path) else f"rules/{file.name}"
    try:
        with file.open("rb") as handle:
            data = yaml_input.load(yaml_input.read(handle))
    except (OSError, UnicodeDecodeError) as error:
        raise RuleFileError(f"{label}: cannot read: {error}") from None
    except yaml.YAMLError as error:
        raise RuleFileError(f"{label}: {yaml_input.describe(error)}") from None
    _validate(label, data)
    name = file.name.rsplit(".", 1)[0]
    if not _NAME.match(name):
        raise RuleFileError(f"{label}: the file name must be the rule's kebab-case name")
    if "unless" in data:
        data["unless"] = _expand_sets(label, data["unless"])
    _check_patterns(label, data)
    unknown = sorted(set(data.get("scope", ())) - _SECTION_KEYS)
    if unknown:
        raise RuleFileError(f"{label}: scope: unknown section key {unknown[0]!r} "
                            f"(known: {', '.join(sorted(_SECTION_KEYS))})")
    from linter.checks.phrases.kinds import KINDS

    try:
        check = KINDS[data["extends"]](data)
    except re.error as error:
        raise RuleFileError(f"{label}: the phrases do not combine into one expression: {error}") from None
    description, _, why = data["description"].strip().partition("\n\n")
    applies = data.get("applies-to", {})
    return Rule(
        code=data["code"], name=name, category=data["category"], severity=Severity(data["severity"]),
        description=" ".join(description.split()), check=check,
        kinds=frozenset(applies["kinds"]) if "kinds" in applies else None,
        versions=frozenset(applies["versions"]) if "versions" in applies else None,
        scope="text", why=" ".join(why.split()), link=data.get("link"),
        examples={"fail": tuple(data["examples"]["fail"]), "pass": tuple(data["examples"]["pass"])},
        origin=origin, review=_review(label, data.get("review")),
        # What the phrase kinds put in a finding's data: the preferred wording, for a substitution.
        data_keys=("replacement",) if data["extends"] == "substitution" else (),
    )


def _review(label: str, data: dict[str, str] | None) -> Review | None:
    """The rule's question for irlint review, each text on one line (a paragraph of the draft)."""
    if data is None:
        return None
    texts = {key: " ".join(data[key].split()) for key in ("ask", "info") if key in data}
    for key, text in texts.items():
        try:
            [*string.Formatter().parse(text)]
        except ValueError as error:
            raise RuleFileError(f"{label}: review.{key}: {error} (write a brace as {{{{ or }}}})") from None
    return Review(ask=texts["ask"], info=texts.get("info"), quote=data.get("quote", "line"))


def _validate(label: str, data: Any) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    errors = list(Draft202012Validator(load_schema("rule.schema.json")).iter_errors(data))
    if not errors:
        return
    # A misspelt key explains the other errors it causes ("tokenz" leaves "tokens" missing): name it first.
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    error = unknown[0] if unknown else best_match(errors)
    key = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        raise RuleFileError(f"{label}: {key + ': ' if key else ''}unknown key {unknown[0]!r}")
    if error.validator == "required":
        raise RuleFileError(f"{label}: {key + ': ' if key else ''}{error.message}")  # names the schema's key
    if error.validator == "not":  # the keys that only go with some kinds
        kind = data.get("extends")
        wrong = sorted(k for k in ("tokens", "swap", "unless", "unless-scope", "unless-severity")
                       if k in data and k not in _KEYS_OF_KIND.get(kind, ()))
        raise RuleFileError(f"{label}: {', '.join(wrong) or 'a key'}: not a key of a rule that extends {kind}")
    raise RuleFileError(f"{label}: {key or 'rule'}: {yaml_input.schema_reason(error)}")


def _expand_sets(label: str, patterns: list[str]) -> list[str]:
    expanded = []
    for pattern in patterns:
        if pattern.startswith("@"):
            if pattern[1:] not in evidence_sets():
                raise RuleFileError(f"{label}: unless: unknown evidence set {pattern!r} "
                                    f"(known: {', '.join('@' + n for n in evidence_sets())})")
            expanded += evidence_sets()[pattern[1:]]
        else:
            expanded.append(pattern)
    return expanded


def _check_patterns(label: str, data: dict[str, Any]) -> None:
    ignorecase = data.get("ignorecase", True)
    for key in ("tokens", "exceptions", "unless"):
        for index, pattern in enumerate(data.get(key, [])):
            _compile(label, f"{key}[{index}]", pattern, ignorecase)
    for phrase in data.get("swap", {}):
        _compile(label, f"swap {phrase!r}", phrase, ignorecase)


def _compile(label: str, key: str, pattern: str, ignorecase: bool) -> None:
    from linter.checks.phrases.kinds import spaced

    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise RuleFileError(f"{label}: {key}: not a valid regular expression: {error}") from None
    if compiled.fullmatch(""):
        raise RuleFileError(f"{label}: {key}: matches the empty text")
    # What runs is the pattern with its spaces widened to runs of white space: that is the one to judge.
    try:
        ambiguous = _ambiguous_repeat(spaced(pattern), ignorecase)
    except RecursionError:
        raise RuleFileError(f"{label}: {key}: the expression is nested too deeply to be checked") from None
    if ambiguous:
        raise RuleFileError(f"{label}: {key}: nested quantifiers: {ambiguous} inside a repeated group can also "
                            "match what follows it, which makes matching take exponential time on some texts "
                            "(write the inner repeat so that it stops where the next part begins)")


# --- catastrophic backtracking --------------------------------------------------------------------------------
#
# Python's regex engine backtracks, and cannot be interrupted or given a time limit. A pattern such as (a+)+$
# takes time exponential in the length of a text it fails on, and rule packs run on untrusted text: such
# patterns are refused when the rule loads. The shape that explodes is a repeat inside a repeated group whose
# end is ambiguous: where the inner repeat stops, the characters it could go on matching are also the ones the
# next part (the rest of the group, or the group's next round) starts with, so every way of sharing a run of
# them between rounds is tried. Where the inner repeat and what follows it cannot start with the same character
# -- (?:[\w-]+ ){0,3} or (?:\w+\s+)* -- each round's end is fixed and matching stays linear. Alternatives that
# overlap ((a|aa)+) and polynomial patterns (a*a*a*b) are not caught: docs/security.md says why that is
# acceptable.

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_OPAQUE = (sre.GROUPREF, sre.GROUPREF_EXISTS)  # what a back-reference matches is not known here
# Beyond Latin-1: spaces, a quotation mark, a digit, letters, and the letters that fold onto ASCII ones.
_SAMPLES = "\u00a0\u2003\u2019\u0660\u4e2d\u0130\u0131\u017f\u212a"
_BASE = frozenset(map(chr, range(256))) | frozenset(_SAMPLES)
#: Per single-character item and flags: the item compiled alone, and the characters of _BASE it matches.
_ITEMS: dict[tuple[Any, str, int], tuple[re.Pattern[str], frozenset[str]]] = {}


class _Sets:
    """Character sets of one pattern as sets of sample characters: Latin-1, a few others, and every character
    the pattern names (literals, range starts), so that two classes that share a character share a sample."""

    def __init__(self, parsed: Any, ignorecase: bool) -> None:
        self.flags = re.IGNORECASE if ignorecase else 0
        named: set[str] = set()
        self._collect(parsed, named)
        self.named = frozenset(named) - _BASE
        self.alphabet = _BASE | self.named

    def _collect(self, items: Any, named: set[str]) -> None:
        for op, av in items:
            if op is sre.LITERAL or op is sre.NOT_LITERAL:
                named.add(chr(av))
            elif op is sre.RANGE:
                named.add(chr(av[0]))
            elif op is sre.IN:
                self._collect(av, named)
            elif isinstance(av, (tuple, list)):
                for part in av:
                    if isinstance(part, sre_parse.SubPattern):
                        self._collect(part, named)
                    elif isinstance(part, list) and part and isinstance(part[0], sre_parse.SubPattern):
                        for branch in part:
                            self._collect(branch, named)
            elif isinstance(av, sre_parse.SubPattern):
                self._collect(av, named)

    def of(self, op: Any, av: Any) -> frozenset[str]:
        """The characters a single-character item matches."""
        key = (op, repr(av), self.flags)
        if key not in _ITEMS:
            # The engine itself decides membership: the item compiled alone, under the rule's flags.
            single = re.compile(_unparse(sre_parse.SubPattern(sre_parse.State(), [(op, av)])),
                                self.flags | re.DOTALL)
            _ITEMS[key] = single, frozenset(c for c in _BASE if single.fullmatch(c))
        single, members = _ITEMS[key]
        return members | frozenset(c for c in self.named if single.fullmatch(c)) if self.named else members


def _unparse(item: Any) -> str:
    op, av = item.data[0]
    if op is sre.ANY:
        return "."
    if op is sre.LITERAL:
        return re.escape(chr(av))
    if op is sre.NOT_LITERAL:
        return f"[^{re.escape(chr(av))}]"
    parts = []
    for kind, value in av:  # sre.IN
        if kind is sre.NEGATE:
            parts.append("^")
        elif kind is sre.LITERAL:
            parts.append(re.escape(chr(value)))
        elif kind is sre.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif kind is sre.CATEGORY:
            parts.append(_CATEGORIES.get(value, ""))
    return f"[{''.join(parts)}]"


_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
               sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
_SINGLE = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)
# Only a group can hold a repeat, and only a quantifier that allows two rounds or more repeats it: a pattern
# without a group closed by one needs no parse (most rule patterns; the parse costs more than the rest).
_LOOPING_GROUP = re.compile(r"\)(?:[*+]|\{\d*,|\{\d{2,}\}|\{[2-9]\})")


def _ambiguous_repeat(pattern: str, ignorecase: bool) -> str | None:
    """A description of the first repeat, inside a repeated group, that can also match what follows it; None
    when there is none."""
    if not _LOOPING_GROUP.search(pattern):
        return None
    parsed = sre_parse.parse(pattern, re.IGNORECASE if ignorecase else 0)
    if not _has_nested_repeat(parsed, False):
        return None
    sets = _Sets(parsed, ignorecase)
    return _scan(list(parsed), frozenset(), False, sets)


def _has_nested_repeat(items: Any, inside: bool) -> bool:
    for op, av in items:
        if op in _REPEATS:
            if inside or _has_nested_repeat(av[2], av[1] > 1):
                return True
        elif op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP or op in (sre.ASSERT, sre.ASSERT_NOT):
            if _has_nested_repeat(av if op is sre.ATOMIC_GROUP else av[-1], inside):
                return True
        elif op is sre.BRANCH:
            if any(_has_nested_repeat(branch, inside) for branch in av[1]):
                return True
        elif op is sre.GROUPREF_EXISTS:
            if any(_has_nested_repeat(branch, inside) for branch in av[1:] if branch is not None):
                return True
    return False


def _first(items: Any, sets: _Sets) -> tuple[frozenset[str], bool]:
    """The characters a match of the sequence can start with, and whether it can match the empty text."""
    found: frozenset[str] = frozenset()
    for op, av in items:
        start, empty = _first_of(op, av, sets)
        found |= start
        if not empty:
            return found, False
    return found, True


def _first_of(op: Any, av: Any, sets: _Sets) -> tuple[frozenset[str], bool]:
    if op in _SINGLE:
        return sets.of(op, av), False
    if op is sre.SUBPATTERN:
        return _first(av[-1], sets)
    if op is sre.ATOMIC_GROUP:
        return _first(av, sets)
    if op is sre.BRANCH:
        branches = [_first(branch, sets) for branch in av[1]]
        return frozenset().union(*(start for start, _ in branches)), any(empty for _, empty in branches)
    if op in _REPEATS:
        start, empty = _first(av[2], sets)
        return start, empty or av[0] == 0
    if op in _OPAQUE:
        return sets.alphabet, True
    return frozenset(), True  # anchors and look-arounds match no character


def _scan(items: list, follow: frozenset[str], looping: bool, sets: _Sets) -> str | None:
    """Look right to left through a sequence, knowing what can follow it (``follow``) and whether it lies in a
    group that repeats (``looping``)."""
    after = follow
    for op, av in reversed(items):
        found = _scan_item(op, av, after, looping, sets)
        if found:
            return found
        start, empty = _first_of(op, av, sets)
        after = start | after if empty else start
    return None


def _scan_item(op: Any, av: Any, follow: frozenset[str], looping: bool, sets: _Sets) -> str | None:
    if op is sre.SUBPATTERN:
        return _scan(list(av[-1]), follow, looping, sets)
    if op is sre.ATOMIC_GROUP:
        return _scan(list(av), follow, looping, sets)
    if op is sre.BRANCH:
        return next(filter(None, (_scan(list(branch), follow, looping, sets) for branch in av[1])), None)
    if op is sre.GROUPREF_EXISTS:
        return next(filter(None, (_scan(list(branch), follow, looping, sets) for branch in av[1:] if branch)), None)
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _scan(list(av[1]), frozenset(), looping, sets)
    if op not in _REPEATS:
        return None
    low, high, body = av
    start, _ = _first(body, sets)
    if looping and high > low and start & follow:
        return _describe(low, high, body)
    if high > 1:
        # Inside the group, a round is followed by the next round; where the group itself repeats inside
        # another, also by what follows the group.
        return _scan(list(body), start | follow if looping else start, True, sets)
    return _scan(list(body), follow, looping, sets)


def _describe(low: int, high: int, body: Any) -> str:
    """The repeat as a reader would write it, near enough to find it in the pattern: "a+", "\\w*", "(...){1,3}"."""
    items = list(body)
    if len(items) == 1 and items[0][0] in _SINGLE:
        text = _unparse(sre_parse.SubPattern(sre_parse.State(), items))
    else:
        text = "(...)"
    many = high == sre.MAXREPEAT
    quantifier = {(0, True): "*", (1, True): "+"}.get((low, many)) or ("?" if (low, high) == (0, 1) else
                                                                        f"{{{low},{'' if many else high}}}")
    return text + quantifier


def pack_rules(extra: Iterable[Path] = ()) -> list[Rule]:
    """The built-in rule pack, then each user pack."""
    found = load_pack(resource_dir("rules"), "built-in")
    for folder in extra:
        if not folder.is_dir():
            raise RuleFileError(f"{folder}: rules path is not a folder")
        found += load_pack(folder, str(folder))
    return found

