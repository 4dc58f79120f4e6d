"""Every Python rule is one module whose name, code, rule name and docstring agree, and every family of rules
under linter/checks is found by the registry without being listed anywhere."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import linter.checks
from linter.checks.base import Rule
from linter.registry import python_rules, rule_families

CHECKS = Path(linter.checks.__file__).parent
#: A rule module's name: its code in lower case, then its name with underscores ("s003_empty_section").
RULE_MODULE = re.compile(r"^(?P<code>[a-z]\d{3})_(?P<name>[a-z0-9]+(?:_[a-z0-9]+)*)$")


def _modules():
    for family in rule_families():
        package = importlib.import_module(family)
        for info in pkgutil.iter_modules(package.__path__):
            yield importlib.import_module(f"{family}.{info.name}")


MODULES = list(_modules())
RULE_MODULES = [module for module in MODULES if isinstance(getattr(module, "RULE", None), Rule)]


def test_every_folder_of_rules_is_a_discovered_family() -> None:
    folders = sorted(f"linter.checks.{path.parent.name}" for path in CHECKS.glob("*/*.py"))
    assert sorted(set(folders)) == sorted(rule_families())
    assert all(RULE_MODULE.match(module.__name__.rsplit(".", 1)[1]) for module in RULE_MODULES)


@pytest.mark.parametrize("module", RULE_MODULES, ids=lambda module: module.__name__.rsplit(".", 1)[1])
def test_module_name_code_name_and_docstring_agree(module) -> None:
    rule: Rule = module.RULE
    found = RULE_MODULE.match(module.__name__.rsplit(".", 1)[1])
    assert found, f"{module.__name__}: a rule module is named <code>_<name>"
    assert rule.code == found["code"].upper()
    assert rule.name == found["name"].replace("_", "-")
    first_line = (module.__doc__ or "").strip().split("\n", 1)[0]
    # "S003 empty-section: a section or field left empty, ...": the code, the name, then what it flags.
    assert first_line.startswith(f"{rule.code} {rule.name}: "), first_line
    assert len(first_line) > len(f"{rule.code} {rule.name}: ") + 10, first_line


def test_a_module_named_as_a_rule_holds_one() -> None:
    named = [m.__name__ for m in MODULES if RULE_MODULE.match(m.__name__.rsplit(".", 1)[1])]
    assert named == [m.__name__ for m in RULE_MODULES]


def test_the_registry_holds_the_rule_of_every_rule_module_once() -> None:
    assert [rule.code for rule in python_rules()] == [module.RULE.code for module in RULE_MODULES]
    assert len({rule.code for rule in python_rules()}) == len(RULE_MODULES)
