"""Every rule irlint knows: the Python rules (one module per rule, found in the families under linter.checks),
the built-in phrase rules, then the user's rule packs."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace
from functools import cache
from pathlib import Path

import linter.checks
from linter.checks.base import Rule
from linter.checks.phrases import RuleFileError, pack_rules


@cache
def all_rules(rules_paths: tuple[Path, ...] = ()) -> tuple[Rule, ...]:
    """Every rule by code. Raises RuleFileError for a broken rule file or two rules with one code or name."""
    found = python_rules() + pack_rules(rules_paths)
    codes: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for rule in found:
        for seen, key, what in ((codes, rule.code, "code"), (names, rule.name, "name")):
            if key in seen:
                raise RuleFileError(f"{rule.origin}: {rule.name}: {what} {key} is already used by "
                                    f"{seen[key].name} ({seen[key].origin})")
            seen[key] = rule
    return tuple(sorted(found, key=lambda r: r.code))


def rule_families() -> tuple[str, ...]:
    """The packages under linter.checks that hold rules: every subpackage is a family, none is listed by hand."""
    return tuple(sorted(f"{linter.checks.__name__}.{info.name}" for info in pkgutil.iter_modules(linter.checks.__path__)
                        if info.ispkg))


@cache
def python_rules() -> list[Rule]:
    """The RULE of every module of every family, in module order."""
    found = []
    for family in rule_families():
        package = importlib.import_module(family)
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{family}.{info.name}")
            rule = getattr(module, "RULE", None)
            if isinstance(rule, Rule):
                # The module docstring says why the rule exists, unless the rule says so itself.
                why = rule.why or " ".join((module.__doc__ or "").partition("\n\n")[2].split())
                found.append(replace(rule, why=why))
    return found
