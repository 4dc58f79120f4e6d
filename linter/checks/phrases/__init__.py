"""Phrase rules defined as data: one YAML file per rule, validated against ``schemas/rule.schema.json``."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.checks.base import Review, Rule
from linter.checks.phrases.kinds import KINDS, compile_phrases, spaced
from linter.checks.spans import FIELDS_AS_SECTIONS, UNSECTIONED
from linter.findings import Severity
from linter.lazy_regex import lazy_compile
from linter.report import vocabulary as vocab
from linter.resources import load_schema, resource_dir
from linter.rule_cache import rule_file_data
from linter.wording import Families, FamiliesError, build

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_NAME = lazy_compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEYS_OF_KIND = {"existence": ("tokens", "families", "corroboration"), "substitution": ("swap",),
                 "conditional": ("tokens", "families", "corroboration", "unless", "unless-scope",
                                 "unless-severity", "unless-message", "plan-change")}
#: Every canonical section key a rule's scope may name.
_SECTION_KEYS = frozenset({*vocab.SECTION_TITLES.values(), *vocab.AUDIT_1_TITLES.values(), *vocab.LEGACY_ORDER,
                           *vocab.SUBSECTION_PARENT, *FIELDS_AS_SECTIONS, "closure_summary", UNSECTIONED})


#: The origin of the shipped rules.
BUILT_IN = "built-in"


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
    data = rule_file_data(resource_dir("rules") / "_evidence.yaml")
    return {name: tuple(patterns) for name, patterns in data.items()}


@cache
def evidence_pattern(*names: str) -> re.Pattern[str]:
    """One pattern of the shared evidence sets of those names, as a rule's ``unless:`` would compile them."""
    return compile_phrases([spaced(p) for name in names for p in evidence_sets()[name]], True)


@cache
def shared_classes() -> dict[str, list[str]]:
    """The token classes every rule's families may use (``rules/_wording.yaml``), by name."""
    return rule_file_data(resource_dir("rules") / "_wording.yaml")["classes"]


def _families(label: str, data: dict[str, Any], trusted: bool) -> Families:
    """A rule's families of wording, its own classes added to (or replacing) the shared ones; ``trusted`` for the
    shipped rules, whose families the test suite holds to the schema."""
    # Only the shared classes the rule's sequences name: every class is looked up at every word of a span.
    named = {name for family in data.get("families", ()) if isinstance(family, dict)
             for sequence in family.get("sequences", ()) for name in _step_names(sequence)}
    named |= {name for exclusion in (data.get("exclusions") or {}).values() for name in _step_names(exclusion)}
    shared = {name: phrases for name, phrases in shared_classes().items() if name in named}
    try:
        return build({**data, "classes": {**shared, **data.get("classes", {})}}, trusted=trusted)
    except FamiliesError as error:
        raise RuleFileError(f"{label}: families: {error}") from None


def _step_names(sequence: Any) -> list[str]:
    """The class names of a sequence, written as a list or as {steps, window}; nothing for malformed data (the
    schema reports it)."""
    steps = sequence.get("steps", ()) if isinstance(sequence, dict) else sequence
    return [name for name in steps if isinstance(name, str)] if isinstance(steps, list) else []


def load_rule(file: Traversable | Path, origin: str) -> Rule:
    """One rule file as a Rule."""
    label = str(file) if isinstance(file, Path) else f"rules/{file.name}"
    try:
        data = rule_file_data(file)  # a shipped file's from the cache of their data
    except (OSError, UnicodeDecodeError) as error:
        raise RuleFileError(f"{label}: cannot read: {error}") from None
    except Exception as error:
        from linter import yaml_input  # imported already when the error is PyYAML's

        if not isinstance(error, yaml_input.yaml.YAMLError):
            raise
        raise RuleFileError(f"{label}: {yaml_input.describe(error)}") from None
    # The shipped rules are held to the schema by the test suite (tests/test_shipped_data.py), not again on every
    # run: validating them cost a tenth of a second, and importing jsonschema as much again.
    if origin != BUILT_IN:
        _validate(label, data)
    name = file.name.rsplit(".", 1)[0]
    if not _NAME.match(name):
        raise RuleFileError(f"{label}: the file name must be the rule's kebab-case name")
    for key in ("exceptions", "unless", "timeline-needs", "plan-change"):
        if key in data:
            data[key] = _expand_sets(label, key, data[key])
    if "families" in data:
        data["families"] = _families(label, data["families"], trusted=origin == BUILT_IN)
    if "corroboration" in data:
        _check_corroboration(label, data, origin)
    # The shipped rules' patterns are judged by the test suite too (tests/test_shipped_data.py): the exact
    # backtracking analysis costs about a quarter of a second for the whole built-in pack.
    if origin != BUILT_IN:
        _check_patterns(label, data)
    unknown = sorted(set(data.get("scope", ())) - _SECTION_KEYS)
    if unknown:
        raise RuleFileError(f"{label}: scope: unknown section key {unknown[0]!r} "
                            f"(known: {', '.join(sorted(_SECTION_KEYS))})")
    try:
        # The shipped rules' phrases are combined by the test suite: here, only when a text needs them.
        check = KINDS[data["extends"]](data, checked=origin == BUILT_IN, rules_of=built_in_rules)
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


def _check_corroboration(label: str, data: dict[str, Any], origin: str) -> None:
    """Corroborated families must be the rule's own; the rules that corroborate them, built-in rules (a shipped
    rule's are held so by the test suite: the built-in pack is being read when it is loaded)."""
    corroboration = data["corroboration"]
    named = {family.name for family in data["families"].families} if "families" in data else set()
    unknown = sorted(set(corroboration["families"]) - named)
    if unknown:
        raise RuleFileError(f"{label}: corroboration: {unknown[0]!r} is not one of the rule's families")
    if origin != BUILT_IN:
        codes = {rule.code for rule in built_in_pack()}
        unknown = sorted(set(corroboration["rules"]) - codes)
        if unknown:
            raise RuleFileError(f"{label}: corroboration: {unknown[0]!r} is not a built-in phrase rule "
                                f"(known: {', '.join(sorted(codes))})")


def _review(label: str, data: dict[str, str] | None) -> Review | None:
    """The rule's question for irlint review, each text on one line (a paragraph of the draft)."""
    if data is None:
        return None
    texts = {key: " ".join(data[key].split()) for key in ("ask", "info") if key in data}
    for key, text in texts.items():
        try:
            fields = [name for _, name, spec, conversion in string.Formatter().parse(text) if name is not None
                      and (not name.isidentifier() or spec or conversion)]
        except ValueError as error:
            raise RuleFileError(f"{label}: review.{key}: {error} (write a brace as {{{{ or }}}})") from None
        if fields:  # "{}", "{0}", "{a.b}", "{a!r}": the draft fills names only
            raise RuleFileError(f"{label}: review.{key}: {{{fields[0][:40]}}} is not a name the draft can fill "
                                "(write a brace as {{ or }})")
    return Review(ask=texts["ask"], info=texts.get("info"), quote=data.get("quote", "line"))


def _validate(label: str, data: Any) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from linter import yaml_input

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
        wrong = sorted(k for k in ("tokens", "families", "corroboration", "swap", "unless", "unless-scope",
                                   "unless-severity", "unless-message", "plan-change")
                       if k in data and k not in _KEYS_OF_KIND.get(kind, ()))
        raise RuleFileError(f"{label}: {', '.join(wrong) or 'a key'}: not a key of a rule that extends {kind}")
    raise RuleFileError(f"{label}: {key or 'rule'}: {yaml_input.schema_reason(error)}")


def _expand_sets(label: str, key: str, patterns: list[str]) -> list[str]:
    expanded = []
    for pattern in patterns:
        if pattern.startswith("@"):
            if pattern[1:] not in evidence_sets():
                raise RuleFileError(f"{label}: {key}: unknown evidence set {pattern!r} "
                                    f"(known: {', '.join('@' + n for n in evidence_sets())})")
            expanded += evidence_sets()[pattern[1:]]
        else:
            expanded.append(pattern)
    return expanded


def _check_patterns(label: str, data: dict[str, Any]) -> None:
    ignorecase = data.get("ignorecase", True)
    for key in ("tokens", "exceptions", "timeline-needs", "unless", "plan-change"):
        for index, pattern in enumerate(data.get(key, [])):
            _compile(label, f"{key}[{index}]", pattern, ignorecase)
    for phrase in data.get("swap", {}):
        _compile(label, f"swap {phrase!r}", phrase, ignorecase)


def _compile(label: str, key: str, pattern: str, ignorecase: bool) -> None:
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise RuleFileError(f"{label}: {key}: not a valid regular expression: {error}") from None
    if compiled.fullmatch(""):
        raise RuleFileError(f"{label}: {key}: matches the empty text")
    # What runs is the pattern with its spaces widened to runs of white space: that is the one to judge.
    try:
        # Rule packs run on untrusted text, and Python's regex engine cannot be given a time limit: a pattern
        # that backtracks catastrophically is refused here (linter.regex_analysis says which).
        from linter.regex_analysis import ambiguous_repeat  # a user's pack only: the shipped phrases are tested

        ambiguous = ambiguous_repeat(spaced(pattern), ignorecase)
    except RecursionError:
        raise RuleFileError(f"{label}: {key}: the expression is nested too deeply to be checked") from None
    if ambiguous:
        raise RuleFileError(f"{label}: {key}: nested quantifiers: {ambiguous} inside a repeated group can also "
                            "match what follows it, which makes matching take exponential time on some texts "
                            "(write the inner repeat so that it stops where the next part begins)")


@cache
def built_in_pack() -> tuple[Rule, ...]:
    """The shipped phrase rules, read once: the registry lists them, and a rule may build on their findings."""
    return tuple(load_pack(resource_dir("rules"), BUILT_IN))


@cache
def built_in_rules(codes: frozenset[str]) -> tuple[Rule, ...]:
    """The shipped phrase rules of those codes."""
    return tuple(rule for rule in built_in_pack() if rule.code in codes)


def pack_rules(extra: Iterable[Path] = ()) -> list[Rule]:
    """The built-in rule pack, then each user pack."""
    found = list(built_in_pack())
    for folder in extra:
        if not folder.is_dir():
            raise RuleFileError(f"{folder}: rules path is not a folder")
        found += load_pack(folder, str(folder))
    return found

